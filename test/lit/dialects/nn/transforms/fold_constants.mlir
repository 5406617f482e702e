// RUN: edgec-opt --split-input-file --edgec-fold-constants %s | FileCheck %s

// edgec-fold-constants runs every nn folder to a fixpoint and removes ops
// whose results are unused; it applies no other rewrite.

// Tests that a constant weight transform (transpose, then reshape) is
// evaluated at compile time.
// CHECK-LABEL: func.func @weight_transform
// CHECK-SAME: (%[[X:.+]]: tensor<1x2xf32>)
// CHECK: %[[W:.+]] = nn.constant dense<{{\[}}[1.000000e+00, 3.000000e+00, 5.000000e+00], [2.000000e+00, 4.000000e+00, 6.000000e+00]]> : tensor<2x3xf32>
// CHECK-NOT: nn.transpose
// CHECK: %[[Y:.+]] = nn.matmul %[[X]], %[[W]]
// CHECK: return %[[Y]]
func.func @weight_transform(%x: tensor<1x2xf32>) -> tensor<1x3xf32> {
  %w = nn.constant dense<[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]> : tensor<6xf32>
  %s = nn.constant dense<[3, 2]> : tensor<2xi64>
  %r = nn.reshape %w, %s : (tensor<6xf32>, tensor<2xi64>) -> tensor<3x2xf32>
  %t = nn.transpose %r {perm = array<i64: 1, 0>} : (tensor<3x2xf32>) -> tensor<2x3xf32>
  %y = nn.matmul %x, %t : (tensor<1x2xf32>, tensor<2x3xf32>) -> tensor<1x3xf32>
  return %y : tensor<1x3xf32>
}

// -----

// Tests that dead ops and dead constants are removed.
// CHECK-LABEL: func.func @dead_code
// CHECK-SAME: (%[[X:.+]]: tensor<4xf32>)
// CHECK-NEXT: %[[R:.+]] = nn.relu %[[X]]
// CHECK-NEXT: return %[[R]]
func.func @dead_code(%x: tensor<4xf32>) -> tensor<4xf32> {
  %c = nn.constant dense<1.0> : tensor<4xf32>
  %dead = nn.add %x, %c : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %dead2 = nn.sigmoid %dead : tensor<4xf32>
  %0 = nn.relu %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that folding runs to a fixpoint through a chain of shape ops whose
// constant value feeds the next one.
// CHECK-LABEL: func.func @fixpoint
// CHECK-NEXT: %[[C:.+]] = nn.constant dense<[2, 4]> : tensor<2xi64>
// CHECK-NEXT: return %[[C]]
func.func @fixpoint(%x: tensor<2x3x4xf32>) -> tensor<2xi64> {
  %s = nn.shape %x : (tensor<2x3x4xf32>) -> tensor<3xi64>
  %a = nn.slice %s {starts = array<i64: 0>, ends = array<i64: 3>, steps = array<i64: 2>} : (tensor<3xi64>) -> tensor<2xi64>
  %one = nn.constant dense<1> : tensor<i64>
  %b = nn.mul %a, %one : (tensor<2xi64>, tensor<i64>) -> tensor<2xi64>
  %c = nn.identity %b : tensor<2xi64>
  return %c : tensor<2xi64>
}

// -----

// Tests that ops with non-constant operands and no folder are kept, while
// identity on a live value is bypassed.
// CHECK-LABEL: func.func @not_foldable
// CHECK-SAME: (%[[X:.+]]: tensor<1x4xf32>)
// CHECK: %[[S:.+]] = nn.softmax %[[X]]
// CHECK-NOT: nn.identity
// CHECK: %[[Y:.+]] = nn.mul %[[S]], %[[S]]
// CHECK: return %[[Y]]
func.func @not_foldable(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = nn.softmax %x {axis = 1 : i64} : tensor<1x4xf32>
  %1 = nn.identity %0 : tensor<1x4xf32>
  %2 = nn.mul %1, %0 : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  return %2 : tensor<1x4xf32>
}


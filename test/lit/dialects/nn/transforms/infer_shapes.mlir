// RUN: edgec-opt --split-input-file --edgec-infer-shapes %s | FileCheck %s

// edgec-infer-shapes alternates folding with type inference until nothing
// changes, then rewrites the function signature from the return values.

// Tests that the Flatten-style shape subgraph of ONNX exporters
// (Shape -> Gather -> Unsqueeze -> Concat -> Reshape) folds away and that the
// dynamic reshape result, its users and the signature become static.
// CHECK-LABEL: func.func @shape_subgraph
// CHECK-SAME: (%[[X:.+]]: tensor<1x3x4x4xf32>) -> tensor<1x48xf32>
// CHECK-NOT: nn.shape
// CHECK-NOT: nn.gather
// CHECK-NOT: nn.concat
// CHECK: %[[S:.+]] = nn.constant dense<[1, -1]> : tensor<2xi64>
// CHECK: %[[R:.+]] = nn.reshape %[[X]], %[[S]] : (tensor<1x3x4x4xf32>, tensor<2xi64>) -> tensor<1x48xf32>
// CHECK: %[[Y:.+]] = nn.relu %[[R]] : tensor<1x48xf32>
// CHECK: return %[[Y]] : tensor<1x48xf32>
func.func @shape_subgraph(%x: tensor<1x3x4x4xf32>) -> tensor<?x?xf32> {
  %s = nn.shape %x : (tensor<1x3x4x4xf32>) -> tensor<4xi64>
  %i = nn.constant dense<0> : tensor<i64>
  %n = nn.gather %s, %i {axis = 0 : i64} : (tensor<4xi64>, tensor<i64>) -> tensor<i64>
  %one = nn.constant dense<[1]> : tensor<1xi64>
  %u = nn.reshape %n, %one : (tensor<i64>, tensor<1xi64>) -> tensor<?xi64>
  %m = nn.constant dense<[-1]> : tensor<1xi64>
  %c = nn.concat %u, %m {axis = 0 : i64} : (tensor<?xi64>, tensor<1xi64>) -> tensor<2xi64>
  %r = nn.reshape %x, %c : (tensor<1x3x4x4xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  %y = nn.relu %r : tensor<?x?xf32>
  return %y : tensor<?x?xf32>
}

// -----

// Tests that a reshape target computed from two shape dimensions folds, and
// the 0 (copy) entry of the target resolves.
// CHECK-LABEL: func.func @shape_product
// CHECK-SAME: -> tensor<1x12x5xf32>
// CHECK: nn.constant dense<[0, 12, 5]> : tensor<3xi64>
// CHECK: nn.reshape {{.+}} -> tensor<1x12x5xf32>
func.func @shape_product(%x: tensor<1x3x4x5xf32>) -> tensor<?x?x?xf32> {
  %s = nn.shape %x : (tensor<1x3x4x5xf32>) -> tensor<4xi64>
  %i = nn.constant dense<[1]> : tensor<1xi64>
  %j = nn.constant dense<[2]> : tensor<1xi64>
  %k = nn.constant dense<[3]> : tensor<1xi64>
  %c = nn.gather %s, %i {axis = 0 : i64} : (tensor<4xi64>, tensor<1xi64>) -> tensor<1xi64>
  %h = nn.gather %s, %j {axis = 0 : i64} : (tensor<4xi64>, tensor<1xi64>) -> tensor<1xi64>
  %w = nn.gather %s, %k {axis = 0 : i64} : (tensor<4xi64>, tensor<1xi64>) -> tensor<1xi64>
  %ch = nn.mul %c, %h : (tensor<1xi64>, tensor<1xi64>) -> tensor<1xi64>
  %z = nn.constant dense<[0]> : tensor<1xi64>
  %t = nn.concat %z, %ch, %w {axis = 0 : i64} : (tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<3xi64>
  %r = nn.reshape %x, %t : (tensor<1x3x4x5xf32>, tensor<3xi64>) -> tensor<?x?x?xf32>
  return %r : tensor<?x?x?xf32>
}

// -----

// Tests that declared types less static than the inferred ones are refined
// through a chain of ops (binary, transpose, conv, pooling).
// CHECK-LABEL: func.func @refine_chain
// CHECK-SAME: -> tensor<1x2x2x2xf32>
// CHECK: nn.add {{.+}} -> tensor<1x1x4x4xf32>
// CHECK: nn.transpose {{.+}} -> tensor<1x1x4x4xf32>
// CHECK: nn.conv {{.+}} -> tensor<1x2x4x4xf32>
// CHECK: nn.max_pool {{.+}} -> tensor<1x2x2x2xf32>
// CHECK: return {{.+}} : tensor<1x2x2x2xf32>
func.func @refine_chain(%x: tensor<1x1x4x4xf32>, %b: tensor<4xf32>, %w: tensor<2x1x3x3xf32>) -> tensor<?x?x?x?xf32> {
  %0 = nn.add %x, %b : (tensor<1x1x4x4xf32>, tensor<4xf32>) -> tensor<?x?x?x?xf32>
  %1 = nn.transpose %0 {perm = array<i64: 0, 1, 3, 2>} : (tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32>
  %2 = nn.conv %1, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<?x?x?x?xf32>, tensor<2x1x3x3xf32>) -> tensor<?x2x?x?xf32>
  %3 = nn.max_pool %2 {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<?x2x?x?xf32>) -> tensor<?x?x?x?xf32>
  return %3 : tensor<?x?x?x?xf32>
}

// -----

// Tests that already static IR is left unchanged.
// CHECK-LABEL: func.func @already_static
// CHECK-SAME: (%[[X:.+]]: tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[R:.+]] = nn.relu %[[X]] : tensor<2x3xf32>
// CHECK-NEXT: return %[[R]]
func.func @already_static(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = nn.relu %x : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}


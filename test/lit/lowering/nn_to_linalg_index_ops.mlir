// RUN: edgec-opt --split-input-file --edgec-convert-nn-to-linalg %s | FileCheck %s

// Tests that ArgMin starts from +inf and takes the first strictly smaller
// value (the last smaller-or-equal one with select_last_index).
// CHECK-LABEL: func.func @argmin
// CHECK: arith.constant 0x7F800000 : f32
// CHECK: arith.cmpf olt
// CHECK: arith.constant 0x7F800000 : f32
// CHECK: arith.cmpf ole
func.func @argmin(%x: tensor<2x3xf32>) -> (tensor<2xi64>, tensor<2x1xi64>) {
  %0 = nn.argmin %x {axis = 1 : i64, keepdims = false} : (tensor<2x3xf32>) -> tensor<2xi64>
  %1 = nn.argmin %x {axis = 1 : i64, select_last_index = true} : (tensor<2x3xf32>) -> tensor<2x1xi64>
  return %0, %1 : tensor<2xi64>, tensor<2x1xi64>
}

// -----

// Tests that Trilu compares j - i (the last two loop indices) with k, read
// from its tensor, and selects the element or zero.
// CHECK-LABEL: func.func @trilu
// CHECK: linalg.generic
// CHECK: linalg.index 2
// CHECK: linalg.index 1
// CHECK: arith.subi
// CHECK: arith.cmpi sle
// CHECK: arith.select
func.func @trilu(%x: tensor<2x3x4xf32>, %k: tensor<1xi64>) -> tensor<2x3x4xf32> {
  %0 = nn.trilu %x, %k {upper = false} : tensor<2x3x4xf32>, tensor<1xi64>
  return %0 : tensor<2x3x4xf32>
}

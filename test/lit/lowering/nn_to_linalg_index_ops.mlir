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

// -----

// Tests that a batched matrix product is one generic over (batch, m, n, k)
// whose broadcast batch dimensions (size 1 against 2 or 3) read index 0,
// with the sum over k from zero.
// CHECK-DAG: #[[A:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (0, d1, d2, d4)>
// CHECK-DAG: #[[B:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, 0, d4, d3)>
// CHECK-DAG: #[[C:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @batch_matmul
// CHECK: linalg.fill
// CHECK: linalg.generic {indexing_maps = [#[[A]], #[[B]], #[[C]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
// CHECK: arith.mulf
// CHECK: arith.addf
func.func @batch_matmul(%a: tensor<1x3x2x4xf32>, %b: tensor<2x1x4x5xf32>) -> tensor<2x3x2x5xf32> {
  %0 = nn.batch_matmul %a, %b : (tensor<1x3x2x4xf32>, tensor<2x1x4x5xf32>) -> tensor<2x3x2x5xf32>
  return %0 : tensor<2x3x2x5xf32>
}

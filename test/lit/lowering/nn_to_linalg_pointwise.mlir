// RUN: edgec-opt --split-input-file --edgec-convert-nn-to-linalg %s | FileCheck %s

// A 1x1, stride-1 convolution is a matrix product over the flattened
// pixels: out[n][f][p] += x[n][c][p] * w[f][c], summed over c in order
// (mulf then addf, as the named convolution), pixels contiguous.
// CHECK-DAG: #[[X:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
// CHECK-DAG: #[[W:.+]] = affine_map<(d0, d1, d2, d3) -> (d1, d3)>
// CHECK-DAG: #[[O:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @pointwise
// CHECK: %[[X3:.+]] = tensor.collapse_shape %{{.+}} {{\[}}[0], [1], [2, 3]] : tensor<1x4x3x3xf32> into tensor<1x4x9xf32>
// CHECK: %[[W2:.+]] = tensor.collapse_shape %{{.+}} {{\[}}[0], [1, 2, 3]] : tensor<8x4x1x1xf32> into tensor<8x4xf32>
// CHECK: %[[Y:.+]] = linalg.generic {indexing_maps = [#[[X]], #[[W]], #[[O]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[X3]], %[[W2]] : tensor<1x4x9xf32>, tensor<8x4xf32>)
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: tensor.expand_shape %[[Y]] {{\[}}[0], [1], [2, 3]]{{.*}} : tensor<1x8x9xf32> into tensor<1x8x3x3xf32>
func.func @pointwise(%x: tensor<1x4x3x3xf32>, %w: tensor<8x4x1x1xf32>) -> tensor<1x8x3x3xf32> {
  %0 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x3x3xf32>, tensor<8x4x1x1xf32>) -> tensor<1x8x3x3xf32>
  return %0 : tensor<1x8x3x3xf32>
}

// -----

// Strided 1x1 convolutions keep the named op.
// CHECK-LABEL: func.func @pointwise_strided
// CHECK: linalg.conv_2d_nchw_fchw
func.func @pointwise_strided(%x: tensor<1x4x4x4xf32>, %w: tensor<8x4x1x1xf32>) -> tensor<1x8x2x2xf32> {
  %0 = nn.conv %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x4x4xf32>, tensor<8x4x1x1xf32>) -> tensor<1x8x2x2xf32>
  return %0 : tensor<1x8x2x2xf32>
}

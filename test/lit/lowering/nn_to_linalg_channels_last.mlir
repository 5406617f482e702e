// RUN: edgec-opt --split-input-file "--edgec-convert-nn-to-linalg=channels-last=1 border-fills=1" %s | FileCheck %s
// RUN: edgec-opt --split-input-file "--edgec-convert-nn-to-linalg=channels-last=1" %s | FileCheck %s --check-prefix=WHOLE

// A plain float convolution with constant weights, channels-last: the input
// transposed to NHWC and zero-padded in one copy (the transpose inserted in
// the interior of an alloc_tensor whose border is filled with 0), viewed as
// [N, HP, WP*C]; the weights packed at compile time as [KH, KW*C, F]
// (packed[r][s*C + c][f] = w[f][c][r][s]: w[f][c][r][s] = 1000f + 100c +
// 10r + s); the sums NHWC, started from the bias, with the output channel
// innermost; relu in place on the sums; the result transposed to NCHW.
// CHECK-DAG: #[[X:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 * 2 + d3, d2 * 4 + d4)>
// CHECK-DAG: #[[W:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d4, d5)>
// CHECK-DAG: #[[O:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d5)>
// CHECK-LABEL: func.func @plain
// CHECK-DAG: %[[WP:.+]] = arith.constant dense<{{\[\[\[}}0.000000e+00, 1.000000e+03], [1.000000e+02, 1.100000e+03], [1.000000e+00, 1.001000e+03], [1.010000e+02, 1.101000e+03]], {{\[\[}}1.000000e+01, 1.010000e+03], [1.100000e+02, 1.110000e+03], [1.100000e+01, 1.011000e+03], [1.110000e+02, 1.111000e+03]]]> : tensor<2x4x2xf32>
// With border-fills (x86) only the border is zero-filled, as four slices
// (top and bottom rows, left and right columns); the interior is the
// transposed input. Without, the whole padded buffer is filled first.
// WHOLE-LABEL: func.func @plain
// WHOLE: %[[PAD:.+]] = bufferization.alloc_tensor() : tensor<1x6x6x2xf32>
// WHOLE: %[[ZERO:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%[[PAD]] : tensor<1x6x6x2xf32>)
// WHOLE-NOT: linalg.fill
// WHOLE: tensor.insert_slice %{{.+}} into %[[ZERO]][0, 1, 1, 0] [1, 4, 4, 2] [1, 1, 1, 1]
// CHECK: %[[PAD:.+]] = bufferization.alloc_tensor() : tensor<1x6x6x2xf32>
// CHECK: %[[S0:.+]] = tensor.extract_slice %[[PAD]][0, 0, 0, 0] [1, 1, 6, 2] [1, 1, 1, 1]
// CHECK: %[[F0:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%[[S0]] : tensor<1x1x6x2xf32>)
// CHECK: %[[P0:.+]] = tensor.insert_slice %[[F0]] into %[[PAD]][0, 0, 0, 0] [1, 1, 6, 2] [1, 1, 1, 1]
// CHECK: %[[P1:.+]] = tensor.insert_slice %{{.+}} into %[[P0]][0, 5, 0, 0] [1, 1, 6, 2] [1, 1, 1, 1]
// CHECK: %[[P2:.+]] = tensor.insert_slice %{{.+}} into %[[P1]][0, 1, 0, 0] [1, 4, 1, 2] [1, 1, 1, 1]
// CHECK: %[[P3:.+]] = tensor.insert_slice %{{.+}} into %[[P2]][0, 1, 5, 0] [1, 4, 1, 2] [1, 1, 1, 1]
// CHECK-NOT: linalg.fill
// CHECK: %[[T:.+]] = linalg.transpose ins(%{{.+}} : tensor<1x2x4x4xf32>) outs(%{{.+}} : tensor<1x4x4x2xf32>) permutation = [0, 2, 3, 1]
// CHECK: %[[IN:.+]] = tensor.insert_slice %[[T]] into %[[P3]][0, 1, 1, 0] [1, 4, 4, 2] [1, 1, 1, 1]
// CHECK: %[[ROWS:.+]] = tensor.collapse_shape %[[IN]] {{\[}}[0], [1], [2, 3]] : tensor<1x6x6x2xf32> into tensor<1x6x12xf32>
// CHECK: %[[S:.+]] = linalg.generic {indexing_maps = [#[[X]], #[[W]], #[[O]]], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]} ins(%[[ROWS]], %[[WP]] : tensor<1x6x12xf32>, tensor<2x4x2xf32>) outs(%{{.+}} : tensor<1x3x3x2xf32>)
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: %[[R:.+]] = linalg.generic {{.+}} iterator_types = ["parallel", "parallel", "parallel", "parallel"]} outs(%[[S]] : tensor<1x3x3x2xf32>)
// CHECK: arith.maximumf
// CHECK: linalg.transpose ins(%[[R]] : tensor<1x3x3x2xf32>) outs(%{{.+}} : tensor<1x2x3x3xf32>) permutation = [0, 3, 1, 2]
func.func @plain(%x: tensor<1x2x4x4xf32>, %b: tensor<2xf32>) -> tensor<1x2x3x3xf32> {
  %w = arith.constant dense<[[[[0.0, 1.0], [10.0, 11.0]], [[100.0, 101.0], [110.0, 111.0]]],
                             [[[1000.0, 1001.0], [1010.0, 1011.0]], [[1100.0, 1101.0], [1110.0, 1111.0]]]]> : tensor<2x2x2x2xf32>
  %0 = nn.conv %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #nn<activation relu>} : (tensor<1x2x4x4xf32>, tensor<2x2x2x2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

// Depthwise: weights packed [KH, KW, C] (packed[r][s][c] = w[c][0][r][s]),
// loops (n, oh, ow, kh, kw, c), the channel contiguous in input, weights and
// sums.
// CHECK-DAG: #[[X:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 + d3, d2 + d4, d5)>
// CHECK-DAG: #[[W:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d4, d5)>
// CHECK-LABEL: func.func @depthwise
// CHECK-DAG: arith.constant dense<{{\[\[\[}}0.000000e+00, 1.000000e+02], [1.000000e+00, 1.010000e+02]], {{\[\[}}1.000000e+01, 1.100000e+02], [1.100000e+01, 1.110000e+02]]]> : tensor<2x2x2xf32>
// CHECK: linalg.generic {indexing_maps = [#[[X]], #[[W]], #{{.+}}], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]} ins(%{{.+}}, %{{.+}} : tensor<1x3x3x2xf32>, tensor<2x2x2xf32>)
// CHECK-NOT: linalg.generic {{.+}} outs(
// CHECK: linalg.transpose {{.+}} permutation = [0, 3, 1, 2]
func.func @depthwise(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<[[[[0.0, 1.0], [10.0, 11.0]]], [[[100.0, 101.0], [110.0, 111.0]]]]> : tensor<2x1x2x2xf32>
  %0 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 2 : i64} : (tensor<1x2x3x3xf32>, tensor<2x1x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}

// -----

// Weights that are not constant keep the NCHW named op.
// CHECK-LABEL: func.func @runtime_weights
// CHECK: linalg.conv_2d_nchw_fchw
// CHECK-NOT: linalg.transpose
func.func @runtime_weights(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %0 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x3x3xf32>, tensor<2x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}

// RUN: edgec-opt --split-input-file --edgec-convert-nn-to-linalg %s | FileCheck %s

// edgec-convert-nn-to-linalg: named linalg ops for convolution, matmul and
// pooling, linalg.generic for elementwise math and reductions, tensor ops
// for data movement. No nn op survives.

// Tests that a plain conv becomes conv_2d_nchw_fchw on a tensor.pad of the
// input, with the bias broadcast into the init and a fused relu after it.
// CHECK-LABEL: func.func @conv
// CHECK-SAME: (%[[X:[a-z0-9]+]]: tensor<1x2x4x4xf32>{{[^,)]*}}, %[[W:[a-z0-9]+]]: tensor<4x2x3x3xf32>{{[^,)]*}}, %[[B:[a-z0-9]+]]: tensor<4xf32>{{[^,)]*}})
// CHECK: %[[P:.+]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: %[[INIT:.+]] = linalg.generic {{.+}} ins(%[[B]] : tensor<4xf32>) outs(%{{.+}} : tensor<1x4x4x4xf32>)
// CHECK: %[[C:.+]] = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%[[P]], %[[W]] : tensor<1x2x6x6xf32>, tensor<4x2x3x3xf32>) outs(%[[INIT]] : tensor<1x4x4x4xf32>)
// CHECK: %[[R:.+]] = linalg.generic {{.+}} ins(%[[C]] : tensor<1x4x4x4xf32>)
// CHECK: arith.maximumf
// CHECK: return %[[R]]
// CHECK-NOT: nn.
func.func @conv(%x: tensor<1x2x4x4xf32>, %w: tensor<4x2x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x4x4xf32> {
  %0 = nn.conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #nn<activation relu>} : (tensor<1x2x4x4xf32>, tensor<4x2x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

// Tests that strides and dilations reach the named op.
// CHECK-LABEL: func.func @conv_strided_dilated
// CHECK: linalg.conv_2d_nchw_fchw {dilations = dense<[2, 1]> : tensor<2xi64>, strides = dense<[1, 2]> : tensor<2xi64>}
func.func @conv_strided_dilated(%x: tensor<1x1x8x8xf32>, %w: tensor<1x1x3x3xf32>) -> tensor<1x1x4x3xf32> {
  %0 = nn.conv %x, %w {strides = array<i64: 1, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 2, 1>, group = 1 : i64} : (tensor<1x1x8x8xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x3xf32>
  return %0 : tensor<1x1x4x3xf32>
}

// -----

// Tests that a depthwise conv (group = C = M) collapses its [C,1,kh,kw]
// filter and uses depthwise_conv_2d_nchw_chw.
// CHECK-LABEL: func.func @depthwise_conv
// CHECK-SAME: (%[[X:[a-z0-9]+]]: tensor<1x2x4x4xf32>{{[^,)]*}}, %[[W:[a-z0-9]+]]: tensor<2x1x3x3xf32>{{[^,)]*}})
// CHECK: %[[F:.+]] = tensor.collapse_shape %[[W]] {{\[}}[0, 1], [2], [3]] : tensor<2x1x3x3xf32> into tensor<2x3x3xf32>
// CHECK: linalg.depthwise_conv_2d_nchw_chw {{.+}} ins(%[[X]], %[[F]] : tensor<1x2x4x4xf32>, tensor<2x3x3xf32>)
// CHECK-NOT: linalg.conv_2d_nchw_fchw
func.func @depthwise_conv(%x: tensor<1x2x4x4xf32>, %w: tensor<2x1x3x3xf32>) -> tensor<1x2x2x2xf32> {
  %0 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 2 : i64} : (tensor<1x2x4x4xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}

// -----


// Tests that matmul becomes linalg.matmul with the bias as its init.
// CHECK-LABEL: func.func @matmul
// CHECK-SAME: (%[[A:[a-z0-9]+]]: tensor<1x4xf32>{{[^,)]*}}, %[[B:[a-z0-9]+]]: tensor<4x3xf32>{{[^,)]*}}, %[[C:[a-z0-9]+]]: tensor<3xf32>{{[^,)]*}})
// CHECK: %[[INIT:.+]] = linalg.generic {{.+}} ins(%[[C]] : tensor<3xf32>)
// CHECK: linalg.matmul ins(%[[A]], %[[B]] : tensor<1x4xf32>, tensor<4x3xf32>) outs(%[[INIT]] : tensor<1x3xf32>)
func.func @matmul(%a: tensor<1x4xf32>, %b: tensor<4x3xf32>, %c: tensor<3xf32>) -> tensor<1x3xf32> {
  %0 = nn.matmul %a, %b, %c : (tensor<1x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}

// -----

// Tests that gemm with a runtime transB operand transposes it with
// linalg.transpose before linalg.matmul.
// CHECK-LABEL: func.func @gemm_trans_b
// CHECK-SAME: (%[[A:[a-z0-9]+]]: tensor<1x4xf32>{{[^,)]*}}, %[[B:[a-z0-9]+]]: tensor<3x4xf32>{{[^,)]*}}, %[[C:[a-z0-9]+]]: tensor<3xf32>{{[^,)]*}})
// CHECK: %[[T:.+]] = linalg.transpose ins(%[[B]] : tensor<3x4xf32>) outs(%{{.+}} : tensor<4x3xf32>) permutation = [1, 0]
// CHECK: linalg.matmul ins(%[[A]], %[[T]] : tensor<1x4xf32>, tensor<4x3xf32>)
func.func @gemm_trans_b(%a: tensor<1x4xf32>, %b: tensor<3x4xf32>, %c: tensor<3xf32>) -> tensor<1x3xf32> {
  %0 = nn.gemm %a, %b, %c {transB = true} : (tensor<1x4xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}

// -----

// Tests that a constant transB weight is transposed at compile time and
// that alpha scales the product in a generic.
// CHECK-LABEL: func.func @gemm_constant_alpha
// CHECK: %[[T:.+]] = arith.constant dense<{{\[}}[1.000000e+00, 3.000000e+00, 5.000000e+00], [2.000000e+00, 4.000000e+00, 6.000000e+00]]> : tensor<2x3xf32>
// CHECK-NOT: linalg.transpose
// CHECK: %[[M:.+]] = linalg.matmul ins(%{{.+}}, %[[T]] : tensor<1x2xf32>, tensor<2x3xf32>)
// CHECK: linalg.generic {{.+}} ins(%[[M]] : tensor<1x3xf32>)
// CHECK: arith.constant 2.000000e+00 : f32
// CHECK: arith.mulf
func.func @gemm_constant_alpha(%a: tensor<1x2xf32>) -> tensor<1x3xf32> {
  %b = nn.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>
  %0 = nn.gemm %a, %b {transB = true, alpha = 2.0 : f32} : (tensor<1x2xf32>, tensor<3x2xf32>) -> tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}

// -----

// Tests that max_pool becomes pooling_nchw_max over a -inf init.
// CHECK-LABEL: func.func @max_pool
// CHECK: %[[NINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK: %[[INIT:.+]] = linalg.fill ins(%[[NINF]] : f32)
// CHECK: linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%{{.+}}, %{{.+}} : tensor<1x1x4x4xf32>, tensor<2x2xf32>) outs(%[[INIT]] : tensor<1x1x2x2xf32>)
func.func @max_pool(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32> {
  %0 = nn.max_pool %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}

// -----

// Tests that max_pool pads with -inf, not zero.
// CHECK-LABEL: func.func @max_pool_padded
// CHECK: %[[NINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK: tensor.pad %{{.+}} low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: tensor.yield %[[NINF]]
// CHECK: linalg.pooling_nchw_max
func.func @max_pool_padded(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32> {
  %0 = nn.max_pool %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32>
  return %0 : tensor<1x1x3x3xf32>
}

// -----

// Tests that avg_pool becomes pooling_nchw_sum, divided by a uniform count.
// CHECK-LABEL: func.func @avg_pool_uniform
// CHECK: %[[S:.+]] = linalg.pooling_nchw_sum
// CHECK: linalg.generic {{.+}} ins(%[[S]] : tensor<1x1x2x2xf32>)
// CHECK: arith.constant 4.000000e+00 : f32
// CHECK: arith.divf
func.func @avg_pool_uniform(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32> {
  %0 = nn.avg_pool %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}

// -----

// Tests that a ceil_mode avg_pool divides by per-position counts that
// exclude the overhang (4, 2 / 2, 1 for a 3x3 input, 2x2 windows).
// CHECK-LABEL: func.func @avg_pool_ceil
// CHECK: tensor.pad %{{.+}} low[0, 0, 0, 0] high[0, 0, 1, 1]
// CHECK: %[[S:.+]] = linalg.pooling_nchw_sum
// CHECK: %[[N:.+]] = arith.constant dense<{{\[}}[4.000000e+00, 2.000000e+00], [2.000000e+00, 1.000000e+00]]> : tensor<2x2xf32>
// CHECK: linalg.generic {{.+}} ins(%[[S]], %[[N]] : tensor<1x1x2x2xf32>, tensor<2x2xf32>)
// CHECK: arith.divf
func.func @avg_pool_ceil(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x2x2xf32> {
  %0 = nn.avg_pool %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, ceil_mode = true} : (tensor<1x1x3x3xf32>) -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}

// -----

// Tests that count_include_pad counts the declared padding (uniform 9)
// while excluding it gives border counts 4, 6, 9.
// CHECK-LABEL: func.func @avg_pool_count_include_pad
// CHECK: arith.constant 9.000000e+00 : f32
// CHECK: arith.constant dense<{{\[}}[4.000000e+00, 6.000000e+00, 4.000000e+00], [6.000000e+00, 9.000000e+00, 6.000000e+00], [4.000000e+00, 6.000000e+00, 4.000000e+00]]> : tensor<3x3xf32>
func.func @avg_pool_count_include_pad(%x: tensor<1x1x3x3xf32>) -> (tensor<1x1x3x3xf32>, tensor<1x1x3x3xf32>) {
  %0 = nn.avg_pool %x {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, count_include_pad = true} : (tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32>
  %1 = nn.avg_pool %x {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32>
  return %0, %1 : tensor<1x1x3x3xf32>, tensor<1x1x3x3xf32>
}

// -----

// Tests that global_avg_pool is a spatial reduction generic, a division by
// H*W, and an expand_shape back to rank 4.
// CHECK-LABEL: func.func @global_avg_pool
// CHECK: linalg.generic {{.+}} iterator_types = ["parallel", "parallel", "reduction", "reduction"]
// CHECK: arith.constant 9.000000e+00 : f32
// CHECK: tensor.expand_shape {{.+}} into tensor<1x2x1x1xf32>
func.func @global_avg_pool(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x1x1xf32> {
  %0 = nn.global_avg_pool %x : (tensor<1x2x3x3xf32>) -> tensor<1x2x1x1xf32>
  return %0 : tensor<1x2x1x1xf32>
}

// -----

// Tests that a broadcasting add is one elementwise generic whose maps
// broadcast the vector, and unary ops are generics with their scalar body.
// CHECK-DAG: #[[ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.+]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @elementwise
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK: arith.addf
// CHECK: linalg.generic
// CHECK: arith.cmpf olt
// CHECK: arith.select
// CHECK: linalg.generic
// CHECK: arith.maximumf
// CHECK: arith.minimumf
// CHECK: linalg.generic
// CHECK: math.exp
// CHECK: arith.divf
// CHECK: linalg.generic
// CHECK: math.tanh
// CHECK: linalg.generic
// CHECK: arith.subf
// CHECK: linalg.generic
// CHECK: arith.mulf
// CHECK-NOT: nn.
func.func @elementwise(%x: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = nn.add %x, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = nn.leaky_relu %0 {alpha = 0.1 : f32} : tensor<2x3xf32>
  %2 = nn.clip %1 {min = -1.0 : f32, max = 1.0 : f32} : tensor<2x3xf32>
  %3 = nn.sigmoid %2 : tensor<2x3xf32>
  %4 = nn.tanh %3 : tensor<2x3xf32>
  %5 = nn.identity %4 : tensor<2x3xf32>
  %6 = nn.sub %5, %x : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %7 = nn.mul %6, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %7 : tensor<2x3xf32>
}

// -----

// Tests that softmax is max-reduce, exp(x - max), sum-reduce, divide, and
// argmax one reduction generic with two results.
// CHECK-LABEL: func.func @softmax_argmax
// CHECK: linalg.generic {{.+}} iterator_types = ["parallel", "reduction"]
// CHECK: arith.maximumf
// CHECK: math.exp
// CHECK: linalg.generic {{.+}} iterator_types = ["parallel", "reduction"]
// CHECK: arith.addf
// CHECK: arith.divf
// CHECK: %[[AM:.+]]:2 = linalg.generic {{.+}} iterator_types = ["parallel", "reduction"]
// CHECK: linalg.index 1
// CHECK: arith.cmpf ogt
// CHECK: return %{{.+}}, %[[AM]]#1
func.func @softmax_argmax(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2xi64>) {
  %0 = nn.softmax %x {axis = 1 : i64} : tensor<2x3xf32>
  %1 = nn.argmax %x {axis = 1 : i64, keepdims = false} : (tensor<2x3xf32>) -> tensor<2xi64>
  return %0, %1 : tensor<2x3xf32>, tensor<2xi64>
}

// -----

// Tests that batch_norm is one generic reading its four vectors per channel.
// CHECK: #[[CH:.+]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-LABEL: func.func @batch_norm
// CHECK: linalg.generic {indexing_maps = [#{{.+}}, #[[CH]], #[[CH]], #[[CH]], #[[CH]], #{{.+}}]
// CHECK: math.sqrt
func.func @batch_norm(%x: tensor<1x2x2x2xf32>, %s: tensor<2xf32>) -> tensor<1x2x2x2xf32> {
  %0 = nn.batch_norm %x, %s, %s, %s, %s : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}

// -----

// Tests data movement: transpose, concat (insert_slice at running offsets),
// slice (extract_slice), static reshape (collapse_shape), pad (tensor.pad
// with the pad value) and constants (arith.constant).
// CHECK-LABEL: func.func @data_movement
// CHECK-SAME: (%[[X:[a-z0-9]+]]: tensor<2x3xf32>{{[^,)]*}}, %[[Y:[a-z0-9]+]]: tensor<2x1xf32>{{[^,)]*}})
// CHECK: linalg.transpose ins(%[[X]] : tensor<2x3xf32>) outs(%{{.+}} : tensor<3x2xf32>) permutation = [1, 0]
// CHECK: %[[I0:.+]] = tensor.insert_slice %[[X]] into %{{.+}}[0, 0] [2, 3] [1, 1] : tensor<2x3xf32> into tensor<2x4xf32>
// CHECK: tensor.insert_slice %[[Y]] into %[[I0]][0, 3] [2, 1] [1, 1] : tensor<2x1xf32> into tensor<2x4xf32>
// CHECK: tensor.extract_slice %[[X]][1, 0] [1, 2] [1, 2] : tensor<2x3xf32> to tensor<1x2xf32>
// CHECK: tensor.collapse_shape %[[X]] {{\[}}[0, 1]] : tensor<2x3xf32> into tensor<6xf32>
// CHECK: %[[V:.+]] = arith.constant 2.000000e+00 : f32
// CHECK: tensor.pad %[[X]] low[1, 0] high[1, 0]
// CHECK: tensor.yield %[[V]]
// CHECK-NOT: nn.
func.func @data_movement(%x: tensor<2x3xf32>, %y: tensor<2x1xf32>) -> (tensor<3x2xf32>, tensor<2x4xf32>, tensor<1x2xf32>, tensor<6xf32>, tensor<4x3xf32>) {
  %0 = nn.transpose %x {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %1 = nn.concat %x, %y {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x4xf32>
  %2 = nn.slice %x {starts = array<i64: 1, 0>, ends = array<i64: 2, 3>, steps = array<i64: 1, 2>} : (tensor<2x3xf32>) -> tensor<1x2xf32>
  %s = nn.constant dense<[6]> : tensor<1xi64>
  %3 = nn.reshape %x, %s : (tensor<2x3xf32>, tensor<1xi64>) -> tensor<6xf32>
  %4 = nn.pad %x {pads = array<i64: 1, 0, 1, 0>, value = 2.0 : f32} : (tensor<2x3xf32>) -> tensor<4x3xf32>
  return %0, %1, %2, %3, %4 : tensor<3x2xf32>, tensor<2x4xf32>, tensor<1x2xf32>, tensor<6xf32>, tensor<4x3xf32>
}

// -----

// Tests that a reshape to a higher rank collapses then expands.
// CHECK-LABEL: func.func @reshape_expand
// CHECK: %[[F:.+]] = tensor.collapse_shape %{{.+}} {{\[}}[0, 1]] : tensor<2x3xf32> into tensor<6xf32>
// CHECK: tensor.expand_shape %[[F]] {{\[}}[0, 1, 2]] output_shape [3, 1, 2] : tensor<6xf32> into tensor<3x1x2xf32>
func.func @reshape_expand(%x: tensor<2x3xf32>) -> tensor<3x1x2xf32> {
  %s = nn.constant dense<[3, 1, 2]> : tensor<3xi64>
  %0 = nn.reshape %x, %s : (tensor<2x3xf32>, tensor<3xi64>) -> tensor<3x1x2xf32>
  return %0 : tensor<3x1x2xf32>
}

// -----

// Tests that model inputs are marked read-only for bufferization (the
// caller's input buffers are `const`), so no op updates them in place.
// CHECK-LABEL: func.func @inputs_read_only
// CHECK-SAME: (%{{.+}}: tensor<4xf32> {bufferization.writable = false}, %{{.+}}: tensor<4xf32> {bufferization.writable = false})
func.func @inputs_read_only(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %0 = nn.add %x, %y : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// RUN: edgec-opt %s -edgec-convert-qnn-to-linalg -split-input-file | FileCheck %s
// RUN: edgec-opt %s -edgec-convert-qnn-to-linalg=conv-layout=dot -split-input-file | FileCheck %s --check-prefix=DOT
// RUN: edgec-opt %s -edgec-convert-qnn-to-linalg=conv-layout=mixed -split-input-file | FileCheck %s --check-prefix=MIXED
// RUN: edgec-opt %s -edgec-convert-qnn-to-linalg=k-group=4 -split-input-file | FileCheck %s --check-prefix=K4
// RUN: not edgec-opt %s -edgec-convert-qnn-to-linalg=k-group=3 2>&1 | FileCheck %s --check-prefix=BADK
// BADK: k-group must be 1, 2 or 4, got 3
// RUN: not edgec-opt %s -edgec-convert-qnn-to-linalg=conv-layout=nhwc -split-input-file 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: unknown conv-layout 'nhwc' (channels-last, mixed or dot)

// qnn ops become integer linalg on the storage types; quant types vanish.

// Conv: padding reads the input zero point (-128); the zero point is
// folded into the bias (7 - (-128)*10 = 1287, -3 - (-128)*(-20) = -2563),
// which initialises a channels-last (NHWC) int32 accumulator; int8 x int8
// accumulates into it with the output channel innermost (weights packed to
// [KH, KW*C, F]); each channel is requantized with its Q31 multiplier and
// right shift: the effective scales are computed in float32 as ONNX Runtime
// does (0.5f * 0.1f / 0.25f = 0.2f, whose exact Q31 form is 1717986944 >>
// 33; 0.4f is the same multiplier >> 32), then the Relu clamp [-10, 127] at
// the zero point; the NHWC result is transposed to the op's NCHW.
// CHECK-DAG: #[[XM:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 + d3, d2 + d4)>
// CHECK-DAG: #[[WM:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d4, d5)>
// CHECK-DAG: #[[OM:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d5)>
// CHECK-LABEL: func.func @conv
// CHECK-SAME: (%[[X:.+]]: tensor<1x1x2x2xi8>) -> tensor<1x2x4x4xi8>
// CHECK: arith.constant dense<[1287, -2563]> : tensor<2xi32>
// CHECK: linalg.generic {{.*}} outs(%{{.+}} : tensor<1x4x4x2xi32>)
// CHECK: %[[BUF:.+]] = bufferization.alloc_tensor() : tensor<1x4x4x1xi8>
// CHECK: %[[PADV:.+]] = arith.constant -128 : i8
// CHECK: %[[FILL:.+]] = linalg.fill ins(%[[PADV]] : i8) outs(%[[BUF]] : tensor<1x4x4x1xi8>)
// CHECK: %[[T:.+]] = linalg.transpose ins(%[[X]] : tensor<1x1x2x2xi8>) outs(%{{.+}} : tensor<1x2x2x1xi8>) permutation = [0, 2, 3, 1]
// CHECK: %[[P:.+]] = tensor.insert_slice %[[T]] into %[[FILL]][0, 1, 1, 0] [1, 2, 2, 1] [1, 1, 1, 1]
// CHECK: %[[ROWS:.+]] = tensor.collapse_shape %[[P]] {{\[}}[0], [1], [2, 3]] : tensor<1x4x4x1xi8> into tensor<1x4x4xi8>
// CHECK: arith.constant dense<{{\[}}{{\[}}[10, -20]]]> : tensor<1x1x2xi8>
// CHECK: linalg.generic {indexing_maps = [#[[XM]], #[[WM]], #[[OM]]], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]} ins(%[[ROWS]], %{{.+}} : tensor<1x4x4xi8>, tensor<1x1x2xi8>) outs(%{{.+}} : tensor<1x4x4x2xi32>)
// Right shifts 33 and 32 (rescales 0.2 and 0.4): the 32-bit form, the
// second channel's accumulator saturated and shifted left by 1 first (a
// per-channel table of pre-shifts; multiplier, shift and bias are shared).
// CHECK: %[[PRE:.+]] = arith.constant dense<[0, 1]> : tensor<2xi32>
// CHECK: linalg.generic {{.*}} ins(%{{.+}}, %[[PRE]] : tensor<1x4x4x2xi32>, tensor<2xi32>) outs(%{{.+}} : tensor<1x4x4x2xi8>) attrs = {edgec.requantize}
// CHECK: ^bb0(%[[ACC:.+]]: i32, %[[P:.+]]: i32, %{{.+}}: i8):
// CHECK: %[[BOUND:.+]] = arith.shrui %{{.+}}, %[[P]] : i32
// CHECK: %[[LOW:.+]] = arith.maxsi %[[ACC]], %{{.+}} : i32
// CHECK: %[[SAT:.+]] = arith.minsi %[[LOW]], %[[BOUND]] : i32
// CHECK: arith.shli %[[SAT]], %[[P]] : i32
// CHECK: arith.muli %{{.+}}, %{{.+}} : i64
// CHECK: arith.trunci %{{.+}} : i64 to i32
// CHECK: arith.trunci %{{.+}} : i64 to i32
// CHECK-NOT: : i64
// CHECK: arith.trunci %{{.+}} : i32 to i8
// CHECK: linalg.transpose ins(%{{.+}} : tensor<1x4x4x2xi8>) outs(%{{.+}} : tensor<1x2x4x4xi8>) permutation = [0, 3, 1, 2]
// CHECK-NOT: quant.
func.func @conv(%x: tensor<1x1x2x2xi8>) -> tensor<1x2x4x4xi8> {
  %xq = quant.scast %x : tensor<1x1x2x2xi8> to tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5:-128>>
  %wi = nn.constant dense<[[[[10]]], [[[-20]]]]> : tensor<2x1x1x1xi8>
  %w = quant.scast %wi : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!quant.uniform<i8:f32:0, {0.1, 0.2}>>
  %b = nn.constant dense<[7, -3]> : tensor<2xi32>
  %y = qnn.conv2d %xq, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, act_min = -10 : i64} : (tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5:-128>>, tensor<2x1x1x1x!quant.uniform<i8:f32:0, {0.1, 0.2}>>, tensor<2xi32>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.25:-10>>
  %yi = quant.scast %y : tensor<1x2x4x4x!quant.uniform<i8:f32, 0.25:-10>> to tensor<1x2x4x4xi8>
  return %yi : tensor<1x2x4x4xi8>
}

// -----

// Quantize: divide, clamp in float to [-128 - zp, 127 - zp], round half to
// even with the 1.5 * 2^23 addition, add the zero point. Dequantize:
// (q - zp) * scale: q and zp converted from int32 and subtracted in float
// (an int64 conversion is a library call on 32-bit cores). Reshape of int8
// values keeps its storage type.
// CHECK-LABEL: func.func @casts_and_reshape
// CHECK: arith.divf
// CHECK: arith.constant 0x4B400000 : f32
// CHECK: arith.fptosi %{{.+}} : f32 to i32
// CHECK: arith.trunci %{{.+}} : i32 to i8
// CHECK: nn.reshape %{{.+}}, %{{.+}} : (tensor<2x2xi8>, tensor<1xi64>) -> tensor<4xi8>
// CHECK: arith.extsi %{{.+}} : i8 to i32
// CHECK: arith.sitofp %{{.+}} : i32 to f32
// CHECK: arith.subf
// CHECK: arith.mulf
func.func @casts_and_reshape(%x: tensor<2x2xf32>) -> tensor<4xf32> {
  %s = nn.constant dense<[4]> : tensor<1xi64>
  %q = qnn.quantize %x : tensor<2x2xf32> -> tensor<2x2x!quant.uniform<i8:f32, 0.5:3>>
  %r = nn.reshape %q, %s : (tensor<2x2x!quant.uniform<i8:f32, 0.5:3>>, tensor<1xi64>) -> tensor<4x!quant.uniform<i8:f32, 0.5:3>>
  %d = qnn.dequantize %r : tensor<4x!quant.uniform<i8:f32, 0.5:3>> -> tensor<4xf32>
  return %d : tensor<4xf32>
}

// -----

// Fully connected: the weight keeps its [N, K] layout; each output is the
// dot product of an input row and a weight row (reduction innermost).
// CHECK-DAG: #[[XM:.+]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[WM:.+]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-LABEL: func.func @fully_connected
// CHECK: arith.constant dense<{{\[}}[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi8>
// CHECK: linalg.generic {indexing_maps = [#[[XM]], #[[WM]], #{{.+}}], iterator_types = ["parallel", "parallel", "reduction"]} ins(%{{.+}}, %{{.+}} : tensor<1x3xi8>, tensor<2x3xi8>) outs(%{{.+}} : tensor<1x2xi32>) attrs = {edgec.contiguous_reduction}
// CHECK: arith.extsi %{{.+}} : i8 to i32
// CHECK: arith.extsi %{{.+}} : i8 to i32
// CHECK: arith.muli
// CHECK: arith.addi
func.func @fully_connected(%x: tensor<1x3xi8>) -> tensor<1x2xi8> {
  %xq = quant.scast %x : tensor<1x3xi8> to tensor<1x3x!quant.uniform<i8:f32, 0.5>>
  %wi = nn.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi8>
  %w = quant.scast %wi : tensor<2x3xi8> to tensor<2x3x!quant.uniform<i8:f32, 0.1>>
  %y = qnn.fully_connected %xq, %w : (tensor<1x3x!quant.uniform<i8:f32, 0.5>>, tensor<2x3x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x!quant.uniform<i8:f32, 0.25>>
  %yi = quant.scast %y : tensor<1x2x!quant.uniform<i8:f32, 0.25>> to tensor<1x2xi8>
  return %yi : tensor<1x2xi8>
}

// -----

// Add, average pooling and requantize are elementwise integer generics;
// the pool sums channels-last, between transposes that cancel against those
// of the convolutions around it.
// CHECK-LABEL: func.func @add_pool
// CHECK: linalg.generic
// CHECK: linalg.transpose ins(%{{.+}} : tensor<1x1x2x2xi8>) outs(%{{.+}} : tensor<1x2x2x1xi8>) permutation = [0, 2, 3, 1]
// CHECK: linalg.pooling_nhwc_sum {{.*}} ins(%{{.+}}, %{{.+}} : tensor<1x2x2x1xi8>, tensor<2x2xi32>) outs(%{{.+}} : tensor<1x1x1x1xi32>)
// CHECK: linalg.generic
// CHECK: linalg.transpose ins(%{{.+}} : tensor<1x1x1x1xi8>) outs(%{{.+}} : tensor<1x1x1x1xi8>) permutation = [0, 3, 1, 2]
// CHECK-NOT: quant.
func.func @add_pool(%a: tensor<1x1x2x2xi8>, %b: tensor<1x1x2x2xi8>) -> tensor<1x1x1x1xi8> {
  %aq = quant.scast %a : tensor<1x1x2x2xi8> to tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5:1>>
  %bq = quant.scast %b : tensor<1x1x2x2xi8> to tensor<1x1x2x2x!quant.uniform<i8:f32, 0.25:-2>>
  %s = qnn.add %aq, %bq : (tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5:1>>, tensor<1x1x2x2x!quant.uniform<i8:f32, 0.25:-2>>) -> tensor<1x1x2x2x!quant.uniform<i8:f32, 1.0:0>>
  %p = qnn.avg_pool2d %s {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x1x2x2x!quant.uniform<i8:f32, 1.0:0>>) -> tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0:0>>
  %pi = quant.scast %p : tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0:0>> to tensor<1x1x1x1xi8>
  return %pi : tensor<1x1x1x1xi8>
}

// -----

// 16x8: int16 activations (symmetric), int8 weights; int16 x int8
// products accumulate in int32 (the bound is checked with the actual
// weights) and requantize to int16 with its own clamp range. Rescales
// below 0.5 requantize in 32-bit arithmetic around one 64-bit product.
// CHECK-LABEL: func.func @conv_16x8
// CHECK: linalg.generic {{.*}} ins(%{{.+}}, %{{.+}} : tensor<1x2x2xi16>, tensor<1x1x2xi8>) outs(%{{.+}} : tensor<1x2x2x2xi32>)
// CHECK: arith.extsi %{{.+}} : i16 to i32
// CHECK: arith.muli %{{.+}}, %{{.+}} : i64
// CHECK: arith.constant -32768 : i32
// CHECK: arith.constant 32767 : i32
// CHECK: arith.trunci %{{.+}} : i32 to i16
func.func @conv_16x8(%x: tensor<1x1x2x2xi16>) -> tensor<1x2x2x2xi16> {
  %xq = quant.scast %x : tensor<1x1x2x2xi16> to tensor<1x1x2x2x!quant.uniform<i16:f32, 0.001>>
  %wi = nn.constant dense<[[[[100]]], [[[-127]]]]> : tensor<2x1x1x1xi8>
  %w = quant.scast %wi : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!quant.uniform<i8:f32:0, {0.1, 0.2}>>
  %y = qnn.conv2d %xq, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2x!quant.uniform<i16:f32, 0.001>>, tensor<2x1x1x1x!quant.uniform<i8:f32:0, {0.1, 0.2}>>) -> tensor<1x2x2x2x!quant.uniform<i16:f32, 0.002>>
  %yi = quant.scast %y : tensor<1x2x2x2x!quant.uniform<i16:f32, 0.002>> to tensor<1x2x2x2xi16>
  return %yi : tensor<1x2x2x2xi16>
}

// -----

// Asymmetric weights: the zero point 100 is subtracted at compile time;
// 10 - 100 = -90 fits int8, -120 - 100 = -220 does not, so the kernel's
// weights are int16.
// CHECK-LABEL: func.func @asymmetric_fc
// CHECK: arith.constant dense<{{\[}}[-90, -220]]> : tensor<1x2xi16>
// CHECK: linalg.generic {{.*}} ins(%{{.+}}, %{{.+}} : tensor<1x2xi8>, tensor<1x2xi16>) outs(%{{.+}} : tensor<1x1xi32>)
func.func @asymmetric_fc(%x: tensor<1x2xi8>) -> tensor<1x1xi8> {
  %xq = quant.scast %x : tensor<1x2xi8> to tensor<1x2x!quant.uniform<i8:f32, 0.5>>
  %wi = nn.constant dense<[[10, -120]]> : tensor<1x2xi8>
  %w = quant.scast %wi : tensor<1x2xi8> to tensor<1x2x!quant.uniform<i8:f32, 0.1:100>>
  %y = qnn.fully_connected %xq, %w : (tensor<1x2x!quant.uniform<i8:f32, 0.5>>, tensor<1x2x!quant.uniform<i8:f32, 0.1:100>>) -> tensor<1x1x!quant.uniform<i8:f32, 0.25>>
  %yi = quant.scast %y : tensor<1x1x!quant.uniform<i8:f32, 0.25>> to tensor<1x1xi8>
  return %yi : tensor<1x1xi8>
}

// -----

// Weight packing and the channels-last maps: w[f][c][r][s] (values 1..8
// for C = 2, 2x2 kernel) is packed to [r][s*C + c][f], so each kernel
// row's KW*C inputs are one contiguous run of the NHWC input, each times a
// row of output-channel weights; with width stride 2 output column ow
// starts at ow*2*C, row oh at 2*oh + kh.
// CHECK-DAG: #[[XMAP:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 * 2 + d3, d2 * 4 + d4)>
// CHECK-DAG: #[[WMAP:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d4, d5)>
// CHECK-DAG: #[[OMAP:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d5)>
// CHECK-LABEL: func.func @conv_packing
// CHECK: linalg.transpose ins(%{{.+}} : tensor<1x2x4x4xi8>) outs(%{{.+}} : tensor<1x4x4x2xi8>) permutation = [0, 2, 3, 1]
// CHECK: tensor.collapse_shape %{{.+}} {{\[}}[0], [1], [2, 3]] : tensor<1x4x4x2xi8> into tensor<1x4x8xi8>
// CHECK: arith.constant dense<{{\[}}{{\[}}[1], [5], [2], [6]], {{\[}}[3], [7], [4], [8]]]> : tensor<2x4x1xi8>
// CHECK: linalg.generic {indexing_maps = [#[[XMAP]], #[[WMAP]], #[[OMAP]]]
// With conv-layout=dot (Cortex-M55) the weights are packed to
// [F, KH, KW*C] instead and each output is a dot product of contiguous
// runs into an NCHW accumulator; mixed (scalar cores) packs as above.
// DOT-DAG: #[[DXM:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d2 * 2 + d4, d3 * 4 + d5)>
// DOT-DAG: #[[DWM:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d1, d4, d5)>
// DOT-LABEL: func.func @conv_packing
// DOT: arith.constant dense<{{\[}}{{\[}}[1, 5, 2, 6], [3, 7, 4, 8]]]> : tensor<1x2x4xi8>
// DOT: linalg.generic {indexing_maps = [#[[DXM]], #[[DWM]], #{{.+}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} {{.*}} outs(%{{.+}} : tensor<1x1x2x2xi32>) attrs = {edgec.contiguous_reduction}
// DOT-NOT: linalg.transpose
// DOT: return
// MIXED-LABEL: func.func @conv_packing
// MIXED: tensor<2x4x1xi8>
func.func @conv_packing(%x: tensor<1x2x4x4xi8>) -> tensor<1x1x2x2xi8> {
  %xq = quant.scast %x : tensor<1x2x4x4xi8> to tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5>>
  %wi = nn.constant dense<[[[[1, 2], [3, 4]], [[5, 6], [7, 8]]]]> : tensor<1x2x2x2xi8>
  %w = quant.scast %wi : tensor<1x2x2x2xi8> to tensor<1x2x2x2x!quant.uniform<i8:f32, 0.1>>
  %y = qnn.conv2d %xq, %w {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5>>, tensor<1x2x2x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x1x2x2x!quant.uniform<i8:f32, 0.25>>
  %yi = quant.scast %y : tensor<1x1x2x2x!quant.uniform<i8:f32, 0.25>> to tensor<1x1x2x2xi8>
  return %yi : tensor<1x1x2x2xi8>
}

// -----

// conv-layout=dot with short kernel rows (one channel, 4 wide) in a tall
// kernel (5 rows): each output's window is gathered into a row of whole
// 16-byte vectors (im2col), 5 kernel rows padded to 8 with zero-point rows
// whose weights are 0, so the dot product runs over 32 contiguous bytes.
// DOT-DAG: #[[GX:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1 + d3, d2 + d4)>
// DOT-LABEL: func.func @conv_im2col
// DOT: %[[COL:.+]] = bufferization.alloc_tensor() : tensor<1x2x2x8x4xi8>
// DOT: linalg.fill ins(%{{.+}} : i8) outs(%[[COL]] : tensor<1x2x2x8x4xi8>)
// DOT: linalg.generic {indexing_maps = [#[[GX]], #{{.+}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%{{.+}} : tensor<1x6x5xi8>) outs(%{{.+}} : tensor<1x2x2x5x4xi8>)
// DOT: tensor.insert_slice %{{.+}} into %{{.+}}[0, 0, 0, 0, 0] [1, 2, 2, 5, 4] [1, 1, 1, 1, 1] : tensor<1x2x2x5x4xi8> into tensor<1x2x2x8x4xi8>
// DOT: tensor.collapse_shape %{{.+}} {{\[}}[0], [1], [2], [3, 4]] : tensor<1x2x2x8x4xi8> into tensor<1x2x2x32xi8>
// DOT: arith.constant dense<{{.+}}> : tensor<2x32xi8>
// DOT: linalg.generic {{.+}} iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%{{.+}}, %{{.+}} : tensor<1x2x2x32xi8>, tensor<2x32xi8>) outs(%{{.+}} : tensor<1x2x2x2xi32>) attrs = {edgec.contiguous_reduction}
func.func @conv_im2col(%x: tensor<1x1x6x5xi8>) -> tensor<1x2x2x2xi8> {
  %xq = quant.scast %x : tensor<1x1x6x5xi8> to tensor<1x1x6x5x!quant.uniform<i8:f32, 0.5>>
  %wi = nn.constant dense<1> : tensor<2x1x5x4xi8>
  %w = quant.scast %wi : tensor<2x1x5x4xi8> to tensor<2x1x5x4x!quant.uniform<i8:f32, 0.1>>
  %y = qnn.conv2d %xq, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x6x5x!quant.uniform<i8:f32, 0.5>>, tensor<2x1x5x4x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.25>>
  %yi = quant.scast %y : tensor<1x2x2x2x!quant.uniform<i8:f32, 0.25>> to tensor<1x2x2x2xi8>
  return %yi : tensor<1x2x2x2xi8>
}

// -----

// Depthwise (one input channel per group): channels-last too. The padded
// NHWC input is read as (n, oh*sh + kh, ow*sw + kw, c), the weights
// w[c][0][r][s] packed to [r][s][c], the accumulator NHWC; the channel is
// innermost and contiguous in all three.
// CHECK-DAG: #[[DX:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 + d3, d2 * 2 + d4, d5)>
// CHECK-DAG: #[[DW:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d4, d5)>
// CHECK-LABEL: func.func @depthwise
// CHECK: tensor.insert_slice %{{.+}} into %{{.+}}[0, 1, 1, 0] [1, 2, 4, 2] [1, 1, 1, 1] : tensor<1x2x4x2xi8> into tensor<1x4x6x2xi8>
// CHECK: arith.constant dense<{{\[}}{{\[}}[1, 5], [2, 6]], {{\[}}[3, 7], [4, 8]]]> : tensor<2x2x2xi8>
// CHECK: linalg.generic {indexing_maps = [#[[DX]], #[[DW]], #{{.+}}], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]} ins(%{{.+}}, %{{.+}} : tensor<1x4x6x2xi8>, tensor<2x2x2xi8>) outs(%{{.+}} : tensor<1x3x3x2xi32>)
// CHECK: linalg.transpose ins(%{{.+}} : tensor<1x3x3x2xi8>) outs(%{{.+}} : tensor<1x2x3x3xi8>) permutation = [0, 3, 1, 2]
// dot and mixed keep depthwise convolutions NCHW: the padded NCHW input,
// the [C, 1, KH, KW] weights, one window per output.
// DOT-LABEL: func.func @depthwise
// DOT-NOT: linalg.transpose
// DOT: outs(%{{.+}} : tensor<1x2x3x3xi32>)
// DOT: return
// MIXED-LABEL: func.func @depthwise
// MIXED-NOT: linalg.transpose
// MIXED: outs(%{{.+}} : tensor<1x2x3x3xi32>)
// MIXED: return
func.func @depthwise(%x: tensor<1x2x2x4xi8>) -> tensor<1x2x3x3xi8> {
  %xq = quant.scast %x : tensor<1x2x2x4xi8> to tensor<1x2x2x4x!quant.uniform<i8:f32, 0.5>>
  %wi = nn.constant dense<[[[[1, 2], [3, 4]]], [[[5, 6], [7, 8]]]]> : tensor<2x1x2x2xi8>
  %w = quant.scast %wi : tensor<2x1x2x2xi8> to tensor<2x1x2x2x!quant.uniform<i8:f32, 0.1>>
  %y = qnn.conv2d %xq, %w {strides = array<i64: 1, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 2 : i64} : (tensor<1x2x2x4x!quant.uniform<i8:f32, 0.5>>, tensor<2x1x2x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x3x3x!quant.uniform<i8:f32, 0.25>>
  %yi = quant.scast %y : tensor<1x2x3x3x!quant.uniform<i8:f32, 0.25>> to tensor<1x2x3x3xi8>
  return %yi : tensor<1x2x3x3xi8>
}

// -----

// k-group=4 (x86 VNNI): the run j = s*C + ch (KW*C = 9 here) is split
// into groups of four, j = 4q + r, with the four weights of each output
// channel adjacent: [KH, 3, F, 4], the last group padded with zero
// weights. The padded input gains a zero-point column on the right, so the
// last output's padded group (inputs 3..14 of a row of 15) stays in the
// buffer.
// K4-DAG: #[[GX:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 + d3, d2 * 3 + d4 * 4 + d5)>
// K4-DAG: #[[GW:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d3, d4, d6, d5)>
// K4-LABEL: func.func @conv_groups
// K4: arith.constant dense<[-135, 135]> : tensor<2xi32>
// K4: bufferization.alloc_tensor() : tensor<1x4x5x3xi8>
// K4: tensor.insert_slice %{{.+}} into %{{.+}}[0, 0, 0, 0] [1, 4, 4, 3] [1, 1, 1, 1] : tensor<1x4x4x3xi8> into tensor<1x4x5x3xi8>
// K4: tensor.collapse_shape %{{.+}} : tensor<1x4x5x3xi8> into tensor<1x4x15xi8>
// K4: arith.constant dense<{{\[}}{{\[}}{{\[}}[1, 4, 7, 2], [-1, -4, -7, -2]], {{\[}}[5, 8, 3, 6], [-5, -8, -3, -6]], {{\[}}[9, 0, 0, 0], [-9, 0, 0, 0]]]]> : tensor<1x3x2x4xi8>
// K4: linalg.generic {indexing_maps = [#[[GX]], #[[GW]], #{{.+}}], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]}
// Helium (dot layout): the kernel row's 9 products (KW 3 x C 3) padded with
// zero weights to one 16-byte run; the input gains 3 zero-point columns so
// the last output's run (inputs 3..18 of a row of 21) stays in the buffer.
// DOT-LABEL: func.func @conv_groups
// DOT: bufferization.alloc_tensor() : tensor<1x4x7x3xi8>
// DOT: tensor.collapse_shape %{{.+}} : tensor<1x4x7x3xi8> into tensor<1x4x21xi8>
// DOT: arith.constant dense<{{\[}}{{\[}}[1, 4, 7, 2, 5, 8, 3, 6, 9, 0, 0, 0, 0, 0, 0, 0]], {{\[}}[-1, -4, -7, -2, -5, -8, -3, -6, -9, 0, 0, 0, 0, 0, 0, 0]]]> : tensor<2x1x16xi8>
// DOT: linalg.generic {{.*}} outs(%{{.+}} : tensor<1x2x4x2xi32>) attrs = {edgec.contiguous_reduction}
// CHECK-LABEL: func.func @conv_groups
// CHECK: arith.constant dense<{{\[}}{{\[}}[1, -1], [4, -4], [7, -7], [2, -2], [5, -5], [8, -8], [3, -3], [6, -6], [9, -9]]]> : tensor<1x9x2xi8>
func.func @conv_groups(%x: tensor<1x3x4x4xi8>) -> tensor<1x2x4x2xi8> {
  %xq = quant.scast %x : tensor<1x3x4x4xi8> to tensor<1x3x4x4x!quant.uniform<i8:f32, 0.5:3>>
  %wi = nn.constant dense<[[[[1, 2, 3]], [[4, 5, 6]], [[7, 8, 9]]], [[[-1, -2, -3]], [[-4, -5, -6]], [[-7, -8, -9]]]]> : tensor<2x3x1x3xi8>
  %w = quant.scast %wi : tensor<2x3x1x3xi8> to tensor<2x3x1x3x!quant.uniform<i8:f32, 0.1>>
  %y = qnn.conv2d %xq, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x3x4x4x!quant.uniform<i8:f32, 0.5:3>>, tensor<2x3x1x3x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x4x2x!quant.uniform<i8:f32, 0.25>>
  %yi = quant.scast %y : tensor<1x2x4x2x!quant.uniform<i8:f32, 0.25>> to tensor<1x2x4x2xi8>
  return %yi : tensor<1x2x4x2xi8>
}

// -----

// Mul: (a - za) * (b - zb) exactly in i64, one requantization by
// 0.5 * 0.25 / 0.125 = 1.0 (multiplier 2^30, right shift 30).
// CHECK-LABEL: func.func @mul
// CHECK: linalg.generic
// CHECK: arith.constant -128 : i64
// CHECK: arith.subi
// CHECK: arith.constant 3 : i64
// CHECK: arith.subi
// CHECK: arith.muli %{{.+}}, %{{.+}} : i64
// CHECK: arith.constant 1073741824 : i64
// CHECK: arith.trunci %{{.+}} : i64 to i8
func.func @mul(%a: tensor<1x4xi8>, %b: tensor<1x1xi8>) -> tensor<1x4xi8> {
  %aq = quant.scast %a : tensor<1x4xi8> to tensor<1x4x!quant.uniform<i8:f32, 0.5:-128>>
  %bq = quant.scast %b : tensor<1x1xi8> to tensor<1x1x!quant.uniform<i8:f32, 0.25:3>>
  %y = qnn.mul %aq, %bq : (tensor<1x4x!quant.uniform<i8:f32, 0.5:-128>>, tensor<1x1x!quant.uniform<i8:f32, 0.25:3>>) -> tensor<1x4x!quant.uniform<i8:f32, 0.125:-10>>
  %yi = quant.scast %y : tensor<1x4x!quant.uniform<i8:f32, 0.125:-10>> to tensor<1x4xi8>
  return %yi : tensor<1x4xi8>
}

// -----

// Table: the 256 entries become a constant indexed by input + 128.
// CHECK-LABEL: func.func @table
// CHECK: %[[T:.+]] = arith.constant dense<"0x00010203{{[0-9A-F]*}}FDFEFF"> : tensor<256xi8>
// CHECK: linalg.generic
// CHECK: arith.extsi %{{.+}} : i8 to i32
// CHECK: arith.addi %{{.+}}, %c128_i32 : i32
// CHECK: %[[I:.+]] = arith.index_cast %{{.+}} : i32 to index
// CHECK: tensor.extract %[[T]][%[[I]]] : tensor<256xi8>
func.func @table(%x: tensor<4xi8>) -> tensor<4xi8> {
  %xq = quant.scast %x : tensor<4xi8> to tensor<4x!quant.uniform<i8:f32, 0.5>>
  %y = qnn.table %xq {table = array<i8: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127, -128, -127, -126, -125, -124, -123, -122, -121, -120, -119, -118, -117, -116, -115, -114, -113, -112, -111, -110, -109, -108, -107, -106, -105, -104, -103, -102, -101, -100, -99, -98, -97, -96, -95, -94, -93, -92, -91, -90, -89, -88, -87, -86, -85, -84, -83, -82, -81, -80, -79, -78, -77, -76, -75, -74, -73, -72, -71, -70, -69, -68, -67, -66, -65, -64, -63, -62, -61, -60, -59, -58, -57, -56, -55, -54, -53, -52, -51, -50, -49, -48, -47, -46, -45, -44, -43, -42, -41, -40, -39, -38, -37, -36, -35, -34, -33, -32, -31, -30, -29, -28, -27, -26, -25, -24, -23, -22, -21, -20, -19, -18, -17, -16, -15, -14, -13, -12, -11, -10, -9, -8, -7, -6, -5, -4, -3, -2, -1>} : (tensor<4x!quant.uniform<i8:f32, 0.5>>) -> tensor<4x!quant.uniform<i8:f32, 0.5>>
  %yi = quant.scast %y : tensor<4x!quant.uniform<i8:f32, 0.5>> to tensor<4xi8>
  return %yi : tensor<4xi8>
}

// -----

// Rescales below 0.5 (right shifts 33..62) requantize in 32-bit arithmetic:
// per-channel multipliers as a table, the shared shift (36 = 32 + 4) as an
// immediate, the zero point folded into the rounding bias
// (2^3 - 1 + (-10 << 4) = -153), an arithmetic shift and a signed clamp.
// CHECK-LABEL: func.func @conv_requant32
// CHECK: %[[M:.+]] = arith.constant dense<[1374389504, 2061584256]> : tensor<2xi32>
// CHECK: linalg.generic {{.*}} ins(%{{.+}}, %[[M]] : tensor<1x2x2x2xi32>, tensor<2xi32>) outs(%{{.+}} : tensor<1x2x2x2xi8>) attrs = {edgec.requantize}
// CHECK-NEXT: ^bb0(%[[ACC:.+]]: i32, %[[MUL:.+]]: i32, %{{.+}}: i8):
// CHECK-DAG: %[[T:.+]] = arith.constant 4 : i32
// CHECK-DAG: %[[BIAS:.+]] = arith.constant -153 : i32
// CHECK: arith.muli %{{.+}}, %{{.+}} : i64
// CHECK: %[[HI:.+]] = arith.trunci %{{.+}} : i64 to i32
// CHECK: %[[PAR:.+]] = arith.shrui %[[HI]], %[[T]] : i32
// CHECK: %[[B:.+]] = arith.addi %[[HI]], %[[BIAS]] : i32
// CHECK: %[[X:.+]] = arith.addi %[[B]], %{{.+}} : i32
// CHECK: %[[Q:.+]] = arith.shrsi %[[X]], %[[T]] : i32
// CHECK-NOT: arith.addi
// CHECK: arith.cmpi slt, %[[Q]], %{{.+}} : i32
// CHECK: arith.trunci %{{.+}} : i32 to i8
func.func @conv_requant32(%x: tensor<1x1x2x2xi8>) -> tensor<1x2x2x2xi8> {
  %xq = quant.scast %x : tensor<1x1x2x2xi8> to tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5:-128>>
  %wi = nn.constant dense<[[[[10]]], [[[-20]]]]> : tensor<2x1x1x1xi8>
  %w = quant.scast %wi : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!quant.uniform<i8:f32:0, {0.01, 0.015}>>
  %y = qnn.conv2d %xq, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5:-128>>, tensor<2x1x1x1x!quant.uniform<i8:f32:0, {0.01, 0.015}>>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.25:-10>>
  %yi = quant.scast %y : tensor<1x2x2x2x!quant.uniform<i8:f32, 0.25:-10>> to tensor<1x2x2x2xi8>
  return %yi : tensor<1x2x2x2xi8>
}

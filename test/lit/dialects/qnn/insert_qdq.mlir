// RUN: edgec-opt %s -edgec-insert-qdq=per-channel=true -split-input-file | FileCheck %s
// RUN: edgec-opt %s -edgec-insert-qdq -edgec-fold-qdq -split-input-file | FileCheck %s --check-prefix=FOLD
// RUN: edgec-opt %s -edgec-insert-qdq=keep-float=c -split-input-file | FileCheck %s --check-prefix=KEEP

// Post-training quantization from calibrated ranges: the input range
// [0, 255] gives scale 1 and zero point -128; the conv output [-1, 3]
// gives scale 4/255 and zero point round(-128 + 1/scale) = -64; weights
// become symmetric int8 per output channel (max |w| / 127: 1/127, 2/127);
// max pooling reuses its input's parameters.
// CHECK-LABEL: func.func @conv_pool
// CHECK: %[[XQ:.+]] = qnn.quantize %arg0 : tensor<1x1x2x2xf32> -> tensor<1x1x2x2x!quant.uniform<i8:f32, 1.000000e+00:-128>>
// CHECK: %[[W:.+]] = nn.constant dense<{{\[}}[{{\[}}[127]]], {{\[}}[{{\[}}-127]]]]> : tensor<2x1x1x1xi8>
// CHECK: quant.scast %[[W]] : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!quant.uniform<i8:f32:0, {0.0078740{{[0-9]*}},0.015748{{[0-9]*}}}>>
// CHECK: %[[C:.+]] = nn.conv
// CHECK: qnn.quantize %[[C]] : tensor<1x2x2x2xf32> -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.015686{{[0-9]*}}:-64>>
// CHECK: %[[P:.+]] = nn.max_pool
// CHECK: qnn.quantize %[[P]] : tensor<1x2x1x1xf32> -> tensor<1x2x1x1x!quant.uniform<i8:f32, 0.015686{{[0-9]*}}:-64>>

// Folded: one integer conv and an int8 max pool between the input
// quantize and the output dequantize.
// FOLD-LABEL: func.func @conv_pool
// FOLD: qnn.quantize %arg0
// FOLD: qnn.conv2d
// FOLD: nn.max_pool %{{.+}} {{.*}} -> tensor<1x2x1x1x!quant.uniform
// FOLD: qnn.dequantize
// FOLD-NOT: nn.conv

// keep-float=c: the conv keeps float weights and float operands.
// KEEP-LABEL: func.func @conv_pool
// KEEP-NOT: quant.scast
// KEEP: nn.conv %arg0
func.func @conv_pool(%x: tensor<1x1x2x2xf32> {edgec.range = array<f32: 0.0, 255.0>}) -> tensor<1x2x1x1xf32> {
  %w = nn.constant dense<[[[[1.0]]], [[[-2.0]]]]> : tensor<2x1x1x1xf32>
  %c = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, edgec.range = array<f32: -1.0, 3.0>} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32> loc("c")
  %p = nn.max_pool %c {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, edgec.range = array<f32: 0.0, 3.0>} : (tensor<1x2x2x2xf32>) -> tensor<1x2x1x1xf32>
  return %p : tensor<1x2x1x1xf32>
}

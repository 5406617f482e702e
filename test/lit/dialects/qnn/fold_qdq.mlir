// RUN: edgec-opt %s -edgec-fold-qdq -split-input-file -verify-diagnostics | FileCheck %s

// Each QDQ folding pattern of edgec-fold-qdq, and each case it must leave
// in float, with the warning that names the reason.

!a = !quant.uniform<i8:f32, 0.5:-128>
!o = !quant.uniform<i8:f32, 0.25:-10>

// Conv with per-channel weights, an int32 bias at the accumulator scale and
// a fused Relu: one qnn.conv2d, the bias kept as stored, Relu as a clamp at
// the output zero point.
// CHECK-LABEL: func.func @conv_relu
// CHECK-DAG: %[[B:.+]] = nn.constant dense<[7, -3]> : tensor<2xi32>
// CHECK-DAG: %[[W:.+]] = quant.scast %{{.+}} : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!quant.uniform<i8:f32:0, {1.000000e-01,2.000000e-01}>>
// CHECK: %[[Y:.+]] = qnn.conv2d %{{.+}}, %[[W]], %[[B]] {act_min = -10 : i64, dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
// CHECK-NOT: nn.conv
// CHECK: qnn.dequantize %[[Y]]
func.func @conv_relu(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %wi = nn.constant dense<[[[[10]]], [[[-20]]]]> : tensor<2x1x1x1xi8>
  %w = quant.scast %wi : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!quant.uniform<i8:f32:0, {0.1, 0.2}>>
  %wf = qnn.dequantize %w : tensor<2x1x1x1x!quant.uniform<i8:f32:0, {0.1, 0.2}>> -> tensor<2x1x1x1xf32>
  %bi = nn.constant dense<[7, -3]> : tensor<2xi32>
  %b = quant.scast %bi : tensor<2xi32> to tensor<2x!quant.uniform<i32:f32:0, {0.05, 0.1}>>
  %bf = qnn.dequantize %b : tensor<2x!quant.uniform<i32:f32:0, {0.05, 0.1}>> -> tensor<2xf32>
  %q = qnn.quantize %x : tensor<1x1x2x2xf32> -> tensor<1x1x2x2x!a>
  %xf = qnn.dequantize %q : tensor<1x1x2x2x!a> -> tensor<1x1x2x2xf32>
  %c = nn.conv %xf, %wf, %bf {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #nn<activation relu>} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %cq = qnn.quantize %c : tensor<1x2x2x2xf32> -> tensor<1x2x2x2x!o>
  %y = qnn.dequantize %cq : tensor<1x2x2x2x!o> -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

!a = !quant.uniform<i8:f32, 0.5:-128>
!o = !quant.uniform<i8:f32, 0.25:-10>

// A float bias (not quantized) is quantized to the accumulator scale
// (0.5 * 0.1 = 0.05) at compile time; Clip(0, 1) becomes [-10, -6].
// CHECK-LABEL: func.func @conv_float_bias_clip
// CHECK: %[[B:.+]] = nn.constant dense<[20, -4]> : tensor<2xi32>
// CHECK: qnn.conv2d %{{.+}}, %{{.+}}, %[[B]] {act_max = -6 : i64, act_min = -10 : i64
func.func @conv_float_bias_clip(%xq: tensor<1x1x2x2x!a>) -> tensor<1x2x2x2x!o> {
  %wi = nn.constant dense<[[[[10]]], [[[-20]]]]> : tensor<2x1x1x1xi8>
  %w = quant.scast %wi : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!quant.uniform<i8:f32, 0.1>>
  %wf = qnn.dequantize %w : tensor<2x1x1x1x!quant.uniform<i8:f32, 0.1>> -> tensor<2x1x1x1xf32>
  %bf = nn.constant dense<[1.0, -0.2]> : tensor<2xf32>
  %xf = qnn.dequantize %xq : tensor<1x1x2x2x!a> -> tensor<1x1x2x2xf32>
  %c = nn.conv %xf, %wf, %bf {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #nn<activation clip>, act_min = 0.0 : f32, act_max = 1.0 : f32} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %cq = qnn.quantize %c : tensor<1x2x2x2xf32> -> tensor<1x2x2x2x!o>
  return %cq : tensor<1x2x2x2x!o>
}

// -----

!a = !quant.uniform<i8:f32, 0.5:-128>
!o = !quant.uniform<i8:f32, 0.25:-10>

// Gemm with transB: the [N, K] weight is used as is.
// CHECK-LABEL: func.func @gemm_trans_b
// CHECK: qnn.fully_connected %{{.+}}, %{{.+}} : (tensor<1x3x!quant.uniform<i8:f32, 5.000000e-01:-128>>, tensor<2x3x!quant.uniform<i8:f32, 1.000000e-01>>) -> tensor<1x2x
func.func @gemm_trans_b(%xq: tensor<1x3x!a>) -> tensor<1x2x!o> {
  %wi = nn.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi8>
  %w = quant.scast %wi : tensor<2x3xi8> to tensor<2x3x!quant.uniform<i8:f32, 0.1>>
  %wf = qnn.dequantize %w : tensor<2x3x!quant.uniform<i8:f32, 0.1>> -> tensor<2x3xf32>
  %xf = qnn.dequantize %xq : tensor<1x3x!a> -> tensor<1x3xf32>
  %g = nn.gemm %xf, %wf {transB = true} : (tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<1x2xf32>
  %gq = qnn.quantize %g : tensor<1x2xf32> -> tensor<1x2x!o>
  return %gq : tensor<1x2x!o>
}

// -----

!a = !quant.uniform<i8:f32, 0.5:-128>
!o = !quant.uniform<i8:f32, 0.25:-10>

// MatMul with a [K, N] weight quantized along N: transposed at compile time
// to [N, K], quantized along dimension 0.
// CHECK-LABEL: func.func @matmul_transposes_weight
// CHECK: %[[WT:.+]] = nn.constant dense<{{\[}}[1, 3, 5], [2, 4, 6]]> : tensor<2x3xi8>
// CHECK: %[[W:.+]] = quant.scast %[[WT]] : tensor<2x3xi8> to tensor<2x3x!quant.uniform<i8:f32:0, {1.000000e-01,2.000000e-01}>>
// CHECK: qnn.fully_connected %{{.+}}, %[[W]]
func.func @matmul_transposes_weight(%xq: tensor<1x3x!a>) -> tensor<1x2x!o> {
  %wi = nn.constant dense<[[1, 2], [3, 4], [5, 6]]> : tensor<3x2xi8>
  %w = quant.scast %wi : tensor<3x2xi8> to tensor<3x2x!quant.uniform<i8:f32:1, {0.1, 0.2}>>
  %wf = qnn.dequantize %w : tensor<3x2x!quant.uniform<i8:f32:1, {0.1, 0.2}>> -> tensor<3x2xf32>
  %xf = qnn.dequantize %xq : tensor<1x3x!a> -> tensor<1x3xf32>
  %m = nn.matmul %xf, %wf : (tensor<1x3xf32>, tensor<3x2xf32>) -> tensor<1x2xf32>
  %mq = qnn.quantize %m : tensor<1x2xf32> -> tensor<1x2x!o>
  return %mq : tensor<1x2x!o>
}

// -----

!a = !quant.uniform<i8:f32, 0.5:-128>
!b = !quant.uniform<i8:f32, 0.125:3>
!o = !quant.uniform<i8:f32, 0.25:-10>

// Add, average pooling, global average pooling, Relu and Clip.
// CHECK-LABEL: func.func @add_pool_relu_clip
// CHECK: %[[S:.+]] = qnn.add %{{.+}}, %{{.+}} : (tensor<1x2x4x4x!quant.uniform<i8:f32, 5.000000e-01:-128>>, tensor<1x2x4x4x!quant.uniform<i8:f32, 1.250000e-01:3>>)
// CHECK: %[[P:.+]] = qnn.avg_pool2d %[[S]] {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>}
// CHECK: %[[G:.+]] = qnn.avg_pool2d %[[P]] {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>}
// CHECK: %[[R:.+]] = qnn.requantize %[[G]] {act_min = -10 : i64}
// CHECK: qnn.requantize %[[R]] {act_max = -2 : i64, act_min = -14 : i64}
func.func @add_pool_relu_clip(%aq: tensor<1x2x4x4x!a>, %bq: tensor<1x2x4x4x!b>) -> tensor<1x2x1x1x!o> {
  %af = qnn.dequantize %aq : tensor<1x2x4x4x!a> -> tensor<1x2x4x4xf32>
  %bf = qnn.dequantize %bq : tensor<1x2x4x4x!b> -> tensor<1x2x4x4xf32>
  %s = nn.add %af, %bf : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %sq = qnn.quantize %s : tensor<1x2x4x4xf32> -> tensor<1x2x4x4x!o>
  %sf = qnn.dequantize %sq : tensor<1x2x4x4x!o> -> tensor<1x2x4x4xf32>
  %p = nn.avg_pool %sf {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  %pq = qnn.quantize %p : tensor<1x2x2x2xf32> -> tensor<1x2x2x2x!o>
  %pf = qnn.dequantize %pq : tensor<1x2x2x2x!o> -> tensor<1x2x2x2xf32>
  %g = nn.global_avg_pool %pf : (tensor<1x2x2x2xf32>) -> tensor<1x2x1x1xf32>
  %gq = qnn.quantize %g : tensor<1x2x1x1xf32> -> tensor<1x2x1x1x!o>
  %gf = qnn.dequantize %gq : tensor<1x2x1x1x!o> -> tensor<1x2x1x1xf32>
  %r = nn.relu %gf : tensor<1x2x1x1xf32>
  %rq = qnn.quantize %r : tensor<1x2x1x1xf32> -> tensor<1x2x1x1x!o>
  %rf = qnn.dequantize %rq : tensor<1x2x1x1x!o> -> tensor<1x2x1x1xf32>
  %c = nn.clip %rf {min = -1.0 : f32, max = 2.0 : f32} : tensor<1x2x1x1xf32>
  %cq = qnn.quantize %c : tensor<1x2x1x1xf32> -> tensor<1x2x1x1x!o>
  return %cq : tensor<1x2x1x1x!o>
}

// -----

!a = !quant.uniform<i8:f32, 0.5:-128>
!o = !quant.uniform<i8:f32, 0.25:-10>

// Dequantize moves past reshape and transpose; a pair with equal types
// disappears, one with different types becomes a requantize.
// CHECK-LABEL: func.func @data_movement
// CHECK: %[[T:.+]] = nn.transpose %{{.+}} {perm = array<i64: 1, 0>} : (tensor<2x3x!quant.uniform<i8:f32, 5.000000e-01:-128>>) -> tensor<3x2x!quant.uniform<i8:f32, 5.000000e-01:-128>>
// CHECK: %[[R:.+]] = nn.reshape %[[T]], %{{.+}} : (tensor<3x2x!quant.uniform<i8:f32, 5.000000e-01:-128>>, tensor<1xi64>) -> tensor<6x!quant.uniform<i8:f32, 5.000000e-01:-128>>
// CHECK: %[[Q:.+]] = qnn.requantize %[[R]] : (tensor<6x!quant.uniform<i8:f32, 5.000000e-01:-128>>) -> tensor<6x!quant.uniform<i8:f32, 2.500000e-01:-10>>
// CHECK: return %[[R]], %[[Q]]
func.func @data_movement(%xq: tensor<2x3x!a>) -> (tensor<6x!a>, tensor<6x!o>) {
  %s = nn.constant dense<[6]> : tensor<1xi64>
  %xf = qnn.dequantize %xq : tensor<2x3x!a> -> tensor<2x3xf32>
  %t = nn.transpose %xf {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %r = nn.reshape %t, %s : (tensor<3x2xf32>, tensor<1xi64>) -> tensor<6xf32>
  %q1 = qnn.quantize %r : tensor<6xf32> -> tensor<6x!a>
  %q2 = qnn.quantize %r : tensor<6xf32> -> tensor<6x!o>
  return %q1, %q2 : tensor<6x!a>, tensor<6x!o>
}

// -----

!a = !quant.uniform<i8:f32, 0.5:-128>
!o = !quant.uniform<i8:f32, 0.25:-10>

// Unfoldable: an op with no integer kernel (Softmax: not elementwise, so
// no table) stays in float, with a warning.
func.func @no_integer_kernel(%xq: tensor<1x4x!a>) -> tensor<1x4x!o> {
  %xf = qnn.dequantize %xq : tensor<1x4x!a> -> tensor<1x4xf32>
  // expected-warning @+1 {{'nn.softmax' stays in float between DequantizeLinear and QuantizeLinear: edgec has no integer kernel for it}}
  %s = nn.softmax %xf {axis = 1 : i64} : tensor<1x4xf32>
  %q = qnn.quantize %s : tensor<1x4xf32> -> tensor<1x4x!o>
  return %q : tensor<1x4x!o>
}

// -----

!a = !quant.uniform<i8:f32, 0.5:-128>
!s = !quant.uniform<i8:f32, 0.00390625:-128>

// Sigmoid becomes a 256-entry table: input q dequantizes to (q + 128) / 2,
// so entry 0 is round(sigmoid(0) * 256) - 128 = 0, entry 1 is
// round(sigmoid(0.5) * 256) - 128 = 31 (159.35 -> 159), and the top entries
// (sigmoid(63.5) * 256 = 256) saturate at 127. The values were computed
// independently with numpy.
// CHECK-LABEL: func.func @sigmoid_table
// CHECK: qnn.table %{{.+}} {table = array<i8: 0, 31, 59, 81, 97, 109,
// CHECK-SAME: 127, 127>}
// CHECK-NOT: nn.sigmoid
func.func @sigmoid_table(%xq: tensor<4x!a>) -> tensor<4x!s> {
  %xf = qnn.dequantize %xq : tensor<4x!a> -> tensor<4xf32>
  %s = nn.sigmoid %xf : tensor<4xf32>
  %q = qnn.quantize %s : tensor<4xf32> -> tensor<4x!s>
  return %q : tensor<4x!s>
}

// -----

!a = !quant.uniform<i8:f32, 0.1:0>

// LeakyRelu(alpha = 0.5) at the same scale: negative inputs halve with
// ties to even (-128 -> -64, -127 -> -63.5 -> -64, -125 -> -62.5 -> -62).
// CHECK-LABEL: func.func @leaky_relu_table
// CHECK: qnn.table %{{.+}} {table = array<i8: -64, -64, -63, -62, -62,
func.func @leaky_relu_table(%xq: tensor<4x!a>) -> tensor<4x!a> {
  %xf = qnn.dequantize %xq : tensor<4x!a> -> tensor<4xf32>
  %s = nn.leaky_relu %xf {alpha = 0.5 : f32} : tensor<4xf32>
  %q = qnn.quantize %s : tensor<4xf32> -> tensor<4x!a>
  return %q : tensor<4x!a>
}

// -----

!i16 = !quant.uniform<i16:f32, 0.001>
!o = !quant.uniform<i8:f32, 0.25:-10>

// Unfoldable: a table of a 16-bit input would have 65,536 entries.
func.func @table_16bit(%xq: tensor<4x!i16>) -> tensor<4x!o> {
  %xf = qnn.dequantize %xq : tensor<4x!i16> -> tensor<4xf32>
  // expected-warning @+1 {{'nn.tanh' stays in float between DequantizeLinear and QuantizeLinear: a lookup table needs 8-bit input and output}}
  %s = nn.tanh %xf : tensor<4xf32>
  %q = qnn.quantize %s : tensor<4xf32> -> tensor<4x!o>
  return %q : tensor<4x!o>
}

// -----

!a = !quant.uniform<i8:f32, 0.5:-128>
!b = !quant.uniform<i8:f32, 0.25:3>
!o = !quant.uniform<i8:f32, 0.125:-10>

// Mul of two int8 tensors (broadcast) is one qnn.mul.
// CHECK-LABEL: func.func @mul
// CHECK: %[[Y:.+]] = qnn.mul %{{.+}}, %{{.+}} : (tensor<1x4x!quant.uniform<i8:f32, 5.000000e-01:-128>>, tensor<1x1x!quant.uniform<i8:f32, 2.500000e-01:3>>) -> tensor<1x4x!quant.uniform<i8:f32, 1.250000e-01:-10>>
// CHECK-NEXT: return %[[Y]]
func.func @mul(%a: tensor<1x4x!a>, %b: tensor<1x1x!b>) -> tensor<1x4x!o> {
  %af = qnn.dequantize %a : tensor<1x4x!a> -> tensor<1x4xf32>
  %bf = qnn.dequantize %b : tensor<1x1x!b> -> tensor<1x1xf32>
  %m = nn.mul %af, %bf : (tensor<1x4xf32>, tensor<1x1xf32>) -> tensor<1x4xf32>
  %q = qnn.quantize %m : tensor<1x4xf32> -> tensor<1x4x!o>
  return %q : tensor<1x4x!o>
}

// -----

!a = !quant.uniform<i16:f32, 0.001>
!o = !quant.uniform<i8:f32, 0.125:-10>

// Unfoldable: the product of two 16-bit values can exceed int32.
func.func @mul_16bit(%a: tensor<4x!a>, %b: tensor<4x!a>) -> tensor<4x!o> {
  %af = qnn.dequantize %a : tensor<4x!a> -> tensor<4xf32>
  %bf = qnn.dequantize %b : tensor<4x!a> -> tensor<4xf32>
  // expected-warning @+1 {{'nn.mul' stays in float between DequantizeLinear and QuantizeLinear: the integer product is only exact in int32 for 8-bit tensors}}
  %m = nn.mul %af, %bf : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %q = qnn.quantize %m : tensor<4xf32> -> tensor<4x!o>
  return %q : tensor<4x!o>
}

// -----

!a = !quant.uniform<i8:f32, 0.5:-128>
!o = !quant.uniform<i8:f32, 0.25:-10>

// Unfoldable: the float result is also used elsewhere.
func.func @other_users(%aq: tensor<4x!a>, %bq: tensor<4x!a>) -> (tensor<4x!o>, tensor<4xf32>) {
  %af = qnn.dequantize %aq : tensor<4x!a> -> tensor<4xf32>
  %bf = qnn.dequantize %bq : tensor<4x!a> -> tensor<4xf32>
  // expected-warning @+1 {{its float result has other users besides the QuantizeLinear}}
  %s = nn.add %af, %bf : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %q = qnn.quantize %s : tensor<4xf32> -> tensor<4x!o>
  return %q, %s : tensor<4x!o>, tensor<4xf32>
}

// -----

!a = !quant.uniform<i8:f32, 0.5:-128>
!o = !quant.uniform<i8:f32, 0.25:-10>

// Unfoldable: one Add operand is float.
func.func @float_operand(%aq: tensor<4x!a>, %b: tensor<4xf32>) -> tensor<4x!o> {
  %af = qnn.dequantize %aq : tensor<4x!a> -> tensor<4xf32>
  // expected-warning @+1 {{the second input does not come from a DequantizeLinear}}
  %s = nn.add %af, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %q = qnn.quantize %s : tensor<4xf32> -> tensor<4x!o>
  return %q : tensor<4x!o>
}

// -----

!a = !quant.uniform<i8:f32, 0.5:-128>
!o = !quant.uniform<i8:f32, 0.25:-10>

// Weights with a zero point (asymmetric) fold too; the lowering subtracts
// the zero point at compile time.
// CHECK-LABEL: func.func @asymmetric_weight
// CHECK: qnn.fully_connected %{{.+}}, %{{.+}} : (tensor<1x3x!quant.uniform<i8:f32, 5.000000e-01:-128>>, tensor<2x3x!quant.uniform<i8:f32, 1.000000e-01:4>>)
func.func @asymmetric_weight(%xq: tensor<1x3x!a>) -> tensor<1x2x!o> {
  %wi = nn.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi8>
  %w = quant.scast %wi : tensor<2x3xi8> to tensor<2x3x!quant.uniform<i8:f32, 0.1:4>>
  %wf = qnn.dequantize %w : tensor<2x3x!quant.uniform<i8:f32, 0.1:4>> -> tensor<2x3xf32>
  %xf = qnn.dequantize %xq : tensor<1x3x!a> -> tensor<1x3xf32>
  %g = nn.gemm %xf, %wf {transB = true} : (tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<1x2xf32>
  %gq = qnn.quantize %g : tensor<1x2xf32> -> tensor<1x2x!o>
  return %gq : tensor<1x2x!o>
}

// -----

!a = !quant.uniform<i8:f32, 0.5:-128>
!o = !quant.uniform<i8:f32, 0.25:-10>

// Unfoldable: weights computed at run time.
func.func @runtime_weight(%xq: tensor<1x3x!a>, %wq: tensor<2x3x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x!o> {
  %wf = qnn.dequantize %wq : tensor<2x3x!quant.uniform<i8:f32, 0.1>> -> tensor<2x3xf32>
  %xf = qnn.dequantize %xq : tensor<1x3x!a> -> tensor<1x3xf32>
  // expected-warning @+1 {{the weight is not a constant int8 tensor behind a DequantizeLinear}}
  %g = nn.gemm %xf, %wf {transB = true} : (tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<1x2xf32>
  %gq = qnn.quantize %g : tensor<1x2xf32> -> tensor<1x2x!o>
  return %gq : tensor<1x2x!o>
}

// -----

!a = !quant.uniform<i8:f32, 0.5:-128>
!o = !quant.uniform<i8:f32, 0.25:-10>

// Unfoldable: Gemm with alpha != 1.
func.func @gemm_alpha(%xq: tensor<1x3x!a>) -> tensor<1x2x!o> {
  %wi = nn.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi8>
  %w = quant.scast %wi : tensor<2x3xi8> to tensor<2x3x!quant.uniform<i8:f32, 0.1>>
  %wf = qnn.dequantize %w : tensor<2x3x!quant.uniform<i8:f32, 0.1>> -> tensor<2x3xf32>
  %xf = qnn.dequantize %xq : tensor<1x3x!a> -> tensor<1x3xf32>
  // expected-warning @+1 {{alpha or beta is not 1}}
  %g = nn.gemm %xf, %wf {transB = true, alpha = 2.0 : f32} : (tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<1x2xf32>
  %gq = qnn.quantize %g : tensor<1x2xf32> -> tensor<1x2x!o>
  return %gq : tensor<1x2x!o>
}

// -----

!a = !quant.uniform<i8:f32, 0.5:-128>
!o = !quant.uniform<i8:f32, 0.25:-10>

// Unfoldable: a fused Sigmoid.
func.func @conv_sigmoid(%xq: tensor<1x1x2x2x!a>) -> tensor<1x1x2x2x!o> {
  %wi = nn.constant dense<[[[[10]]]]> : tensor<1x1x1x1xi8>
  %w = quant.scast %wi : tensor<1x1x1x1xi8> to tensor<1x1x1x1x!quant.uniform<i8:f32, 0.1>>
  %wf = qnn.dequantize %w : tensor<1x1x1x1x!quant.uniform<i8:f32, 0.1>> -> tensor<1x1x1x1xf32>
  %xf = qnn.dequantize %xq : tensor<1x1x2x2x!a> -> tensor<1x1x2x2xf32>
  // expected-warning @+1 {{a fused Sigmoid has no integer form in a requantization clamp}}
  %c = nn.conv %xf, %wf {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #nn<activation sigmoid>} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %cq = qnn.quantize %c : tensor<1x1x2x2xf32> -> tensor<1x1x2x2x!o>
  return %cq : tensor<1x1x2x2x!o>
}

// -----

!a = !quant.uniform<i8:f32, 0.5:-128>
!o = !quant.uniform<i8:f32, 0.25:-10>

// Unfoldable: padded average pooling.
func.func @padded_pool(%xq: tensor<1x1x2x2x!a>) -> tensor<1x1x2x2x!o> {
  %xf = qnn.dequantize %xq : tensor<1x1x2x2x!a> -> tensor<1x1x2x2xf32>
  // expected-warning @+1 {{padded average pooling divides by a varying count}}
  %p = nn.avg_pool %xf {kernel = array<i64: 2, 2>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 1, 1>} : (tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  %pq = qnn.quantize %p : tensor<1x1x2x2xf32> -> tensor<1x1x2x2x!o>
  return %pq : tensor<1x1x2x2x!o>
}

// -----

!o = !quant.uniform<i8:f32, 0.25:-10>

// quantize(constant) is computed at compile time with the run-time rounding:
// x / 0.25 - 10, ties to even (0.125 / 0.25 = 0.5 -> 0), clamped (100 -> 127).
// CHECK-LABEL: func.func @quantize_constant
// CHECK: %[[C:.+]] = nn.constant dense<[-10, -10, -6, 127, -128]> : tensor<5xi8>
// CHECK: quant.scast %[[C]] : tensor<5xi8> to tensor<5x!quant.uniform<i8:f32, 2.500000e-01:-10>>
// CHECK-NOT: qnn.quantize
func.func @quantize_constant() -> tensor<5x!o> {
  %c = nn.constant dense<[0.0, 0.125, 1.0, 100.0, -100.0]> : tensor<5xf32>
  %q = qnn.quantize %c : tensor<5xf32> -> tensor<5x!o>
  return %q : tensor<5x!o>
}

// -----

!a = !quant.uniform<i8:f32, 0.5:-128>
!o = !quant.uniform<i8:f32, 0.25:-10>

// Concat stays in integer: the input with other parameters is requantized,
// the one that already has the output's is used as is.
// CHECK-LABEL: func.func @concat
// CHECK: %[[R:.+]] = qnn.requantize %arg0 : (tensor<1x2x!quant.uniform<i8:f32, 5.000000e-01:-128>>) -> tensor<1x2x!quant.uniform<i8:f32, 2.500000e-01:-10>>
// CHECK: nn.concat %[[R]], %arg1 {axis = 1 : i64} : (tensor<1x2x!quant.uniform<i8:f32, 2.500000e-01:-10>>, tensor<1x3x!quant.uniform<i8:f32, 2.500000e-01:-10>>) -> tensor<1x5x!quant.uniform<i8:f32, 2.500000e-01:-10>>
func.func @concat(%aq: tensor<1x2x!a>, %bq: tensor<1x3x!o>) -> tensor<1x5x!o> {
  %af = qnn.dequantize %aq : tensor<1x2x!a> -> tensor<1x2xf32>
  %bf = qnn.dequantize %bq : tensor<1x3x!o> -> tensor<1x3xf32>
  %c = nn.concat %af, %bf {axis = 1 : i64} : (tensor<1x2xf32>, tensor<1x3xf32>) -> tensor<1x5xf32>
  %q = qnn.quantize %c : tensor<1x5xf32> -> tensor<1x5x!o>
  return %q : tensor<1x5x!o>
}

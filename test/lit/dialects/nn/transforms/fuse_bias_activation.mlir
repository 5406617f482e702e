// RUN: edgec-opt --split-input-file --edgec-fuse-bias-activation %s | FileCheck %s

// edgec-fuse-bias-activation folds a following constant per-channel Add into
// the bias of a conv or matmul, and a following Relu/Clip/Sigmoid into the
// activation of a conv, gemm or matmul.

// Tests that a [C,1,1] constant added to a bias-free conv becomes its bias.
// CHECK-LABEL: func.func @conv_add_bias
// CHECK-SAME: (%[[X:.+]]: tensor<1x1x2x2xf32>)
// CHECK: %[[B:.+]] = nn.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK: %[[Y:.+]] = nn.conv %[[X]], %{{.+}}, %[[B]] {{.+}} -> tensor<1x2x2x2xf32>
// CHECK-NOT: nn.add
// CHECK: return %[[Y]]
func.func @conv_add_bias(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = nn.constant dense<1.0> : tensor<2x1x1x1xf32>
  %b = nn.constant dense<[[[1.0]], [[2.0]]]> : tensor<2x1x1xf32>
  %0 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = nn.add %0, %b : (tensor<1x2x2x2xf32>, tensor<2x1x1xf32>) -> tensor<1x2x2x2xf32>
  return %1 : tensor<1x2x2x2xf32>
}

// -----

// Tests that a [1,C,1,1] constant on the left is added to an existing bias.
// CHECK-LABEL: func.func @conv_add_existing_bias
// CHECK: %[[B:.+]] = nn.constant dense<[1.500000e+00, 1.000000e+00]> : tensor<2xf32>
// CHECK: %[[Y:.+]] = nn.conv %{{.+}}, %{{.+}}, %[[B]]
// CHECK-NOT: nn.add
// CHECK: return %[[Y]]
func.func @conv_add_existing_bias(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = nn.constant dense<1.0> : tensor<2x1x1x1xf32>
  %old = nn.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %b = nn.constant dense<[[[[1.0]], [[2.0]]]]> : tensor<1x2x1x1xf32>
  %0 = nn.conv %x, %w, %old {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %1 = nn.add %b, %0 : (tensor<1x2x1x1xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %1 : tensor<1x2x2x2xf32>
}

// -----

// Tests that a matmul followed by a 1-D constant add takes it as its bias.
// CHECK-LABEL: func.func @matmul_add_bias
// CHECK-SAME: (%[[A:.+]]: tensor<1x4xf32>, %[[B:.+]]: tensor<4x3xf32>)
// CHECK: %[[C:.+]] = nn.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>
// CHECK: %[[Y:.+]] = nn.matmul %[[A]], %[[B]], %[[C]] : (tensor<1x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<1x3xf32>
// CHECK-NOT: nn.add
// CHECK: return %[[Y]]
func.func @matmul_add_bias(%a: tensor<1x4xf32>, %b: tensor<4x3xf32>) -> tensor<1x3xf32> {
  %c = nn.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %0 = nn.matmul %a, %b : (tensor<1x4xf32>, tensor<4x3xf32>) -> tensor<1x3xf32>
  %1 = nn.add %0, %c : (tensor<1x3xf32>, tensor<3xf32>) -> tensor<1x3xf32>
  return %1 : tensor<1x3xf32>
}

// -----

// Tests that relu fuses into a conv, after its bias add.
// CHECK-LABEL: func.func @conv_bias_relu
// CHECK: %[[Y:.+]] = nn.conv {{.+}} {activation = #nn<activation relu>, {{.+}}} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
// CHECK-NOT: nn.add
// CHECK-NOT: nn.relu
// CHECK: return %[[Y]]
func.func @conv_bias_relu(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = nn.constant dense<1.0> : tensor<2x1x1x1xf32>
  %b = nn.constant dense<[[[1.0]], [[2.0]]]> : tensor<2x1x1xf32>
  %0 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = nn.add %0, %b : (tensor<1x2x2x2xf32>, tensor<2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %2 = nn.relu %1 : tensor<1x2x2x2xf32>
  return %2 : tensor<1x2x2x2xf32>
}

// -----

// Tests that clip fuses into a gemm with its bounds.
// CHECK-LABEL: func.func @gemm_clip
// CHECK: %[[Y:.+]] = nn.gemm {{.+}} {act_max = 1.000000e+00 : f32, act_min = -5.000000e-01 : f32, activation = #nn<activation clip>, transB = true}
// CHECK-NOT: nn.clip
// CHECK: return %[[Y]]
func.func @gemm_clip(%a: tensor<1x4xf32>, %b: tensor<3x4xf32>, %c: tensor<3xf32>) -> tensor<1x3xf32> {
  %0 = nn.gemm %a, %b, %c {transB = true} : (tensor<1x4xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<1x3xf32>
  %1 = nn.clip %0 {min = -0.5 : f32, max = 1.0 : f32} : tensor<1x3xf32>
  return %1 : tensor<1x3xf32>
}

// -----

// Tests that sigmoid fuses into a matmul.
// CHECK-LABEL: func.func @matmul_sigmoid
// CHECK: %[[Y:.+]] = nn.matmul {{.+}} {activation = #nn<activation sigmoid>}
// CHECK-NOT: nn.sigmoid
// CHECK: return %[[Y]]
func.func @matmul_sigmoid(%a: tensor<1x4xf32>, %b: tensor<4x3xf32>) -> tensor<1x3xf32> {
  %0 = nn.matmul %a, %b : (tensor<1x4xf32>, tensor<4x3xf32>) -> tensor<1x3xf32>
  %1 = nn.sigmoid %0 : tensor<1x3xf32>
  return %1 : tensor<1x3xf32>
}

// -----

// Tests that clip (relu6; act_min 0 is the default and is elided) and relu
// fuse into conv and gemm respectively.
// CHECK-LABEL: func.func @conv_clip_gemm_relu
// CHECK: nn.conv {{.+}} {act_max = 6.000000e+00 : f32, activation = #nn<activation clip>
// CHECK: nn.gemm {{.+}} {activation = #nn<activation relu>}
// CHECK-NOT: nn.clip
// CHECK-NOT: nn.relu
func.func @conv_clip_gemm_relu(%x: tensor<1x1x2x2xf32>, %a: tensor<1x4xf32>, %b: tensor<4x3xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x3xf32>) {
  %w = nn.constant dense<1.0> : tensor<2x1x1x1xf32>
  %0 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = nn.clip %0 {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x2x2x2xf32>
  %2 = nn.gemm %a, %b : (tensor<1x4xf32>, tensor<4x3xf32>) -> tensor<1x3xf32>
  %3 = nn.relu %2 : tensor<1x3xf32>
  return %1, %3 : tensor<1x2x2x2xf32>, tensor<1x3xf32>
}

// -----

// Tests that a producer with a second user keeps its plain output.
// CHECK-LABEL: func.func @multi_use_producer
// CHECK: %[[C:.+]] = nn.conv
// CHECK-NOT: activation
// CHECK: %[[R:.+]] = nn.relu %[[C]]
// CHECK: %[[A:.+]] = nn.add %[[C]]
// CHECK: return %[[R]], %[[A]]
func.func @multi_use_producer(%x: tensor<1x1x2x2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  %w = nn.constant dense<1.0> : tensor<2x1x1x1xf32>
  %b = nn.constant dense<[[[1.0]], [[2.0]]]> : tensor<2x1x1xf32>
  %0 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = nn.relu %0 : tensor<1x2x2x2xf32>
  %2 = nn.add %0, %b : (tensor<1x2x2x2xf32>, tensor<2x1x1xf32>) -> tensor<1x2x2x2xf32>
  return %1, %2 : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}

// -----

// Tests that a second activation is not fused over an existing one.
// CHECK-LABEL: func.func @already_fused
// CHECK: %[[C:.+]] = nn.conv {{.+}}activation = #nn<activation relu>
// CHECK: %[[S:.+]] = nn.sigmoid %[[C]]
// CHECK: return %[[S]]
func.func @already_fused(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = nn.constant dense<1.0> : tensor<2x1x1x1xf32>
  %0 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #nn<activation relu>} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = nn.sigmoid %0 : tensor<1x2x2x2xf32>
  return %1 : tensor<1x2x2x2xf32>
}

// -----

// Tests that a bias add after a fused activation is not moved before it.
// CHECK-LABEL: func.func @add_after_activation
// CHECK: %[[C:.+]] = nn.conv %{{[^,]+}}, %{{[^,]+}} {activation = #nn<activation relu>
// CHECK: nn.add %[[C]]
func.func @add_after_activation(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = nn.constant dense<1.0> : tensor<2x1x1x1xf32>
  %b = nn.constant dense<[[[1.0]], [[2.0]]]> : tensor<2x1x1xf32>
  %0 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #nn<activation relu>} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = nn.add %0, %b : (tensor<1x2x2x2xf32>, tensor<2x1x1xf32>) -> tensor<1x2x2x2xf32>
  return %1 : tensor<1x2x2x2xf32>
}

// -----

// Tests that adds which are not a per-channel constant are kept: a
// runtime tensor, a [C] vector (it broadcasts over W, not over channels),
// and a full-size constant.
// CHECK-LABEL: func.func @not_a_channel_bias
// CHECK-COUNT-3: nn.add
func.func @not_a_channel_bias(%x: tensor<1x1x2x2xf32>, %r: tensor<2x1x1xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  %w = nn.constant dense<1.0> : tensor<2x1x1x1xf32>
  %v = nn.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %f = nn.constant dense<1.0> : tensor<1x2x2x2xf32>
  %0 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = nn.add %0, %r : (tensor<1x2x2x2xf32>, tensor<2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %2 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %3 = nn.add %2, %v : (tensor<1x2x2x2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %4 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %5 = nn.add %4, %f : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %1, %3, %5 : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}

// -----

// Tests that activations without a fused form (tanh, leaky_relu) stay.
// CHECK-LABEL: func.func @unfusable_activation
// CHECK: nn.matmul
// CHECK-NOT: activation
// CHECK: nn.tanh
func.func @unfusable_activation(%a: tensor<1x4xf32>, %b: tensor<4x3xf32>) -> tensor<1x3xf32> {
  %0 = nn.matmul %a, %b : (tensor<1x4xf32>, tensor<4x3xf32>) -> tensor<1x3xf32>
  %1 = nn.tanh %0 : tensor<1x3xf32>
  return %1 : tensor<1x3xf32>
}

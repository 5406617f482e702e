// RUN: edgec-opt --split-input-file --edgec-fold-batchnorm %s | FileCheck %s

// edgec-fold-batchnorm turns BatchNormalization after a single-use conv or
// gemm with constant weights into scaled weights and a shifted bias.
//
// All positive cases use the same statistics: gamma = [4, 3], beta = [1, 0],
// mean = [0.5, 1], var = [3, 8], epsilon = 1, so the per-channel affine map
// is scale = gamma / sqrt(var + eps) = [2, 1] and
// shift = beta - mean * scale = [0, -1].

// Tests folding into a conv with a bias: w' = w * scale,
// b' = b * scale + shift = [0.5 * 2 + 0, -1 * 1 - 1] = [1, -2].
// CHECK-LABEL: func.func @conv_with_bias
// CHECK-SAME: (%[[X:.+]]: tensor<1x1x2x2xf32>)
// CHECK-DAG: %[[W:.+]] = nn.constant dense<{{\[}}{{\[}}{{\[}}[3.000000e+00]]], {{\[}}{{\[}}[2.000000e+00]]]]> : tensor<2x1x1x1xf32>
// CHECK-DAG: %[[B:.+]] = nn.constant dense<[1.000000e+00, -2.000000e+00]> : tensor<2xf32>
// CHECK: %[[Y:.+]] = nn.conv %[[X]], %[[W]], %[[B]]
// CHECK-NOT: nn.batch_norm
// CHECK: return %[[Y]]
func.func @conv_with_bias(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = nn.constant dense<[[[[1.5]]], [[[2.0]]]]> : tensor<2x1x1x1xf32>
  %b = nn.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %gamma = nn.constant dense<[4.0, 3.0]> : tensor<2xf32>
  %beta = nn.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %mean = nn.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %var = nn.constant dense<[3.0, 8.0]> : tensor<2xf32>
  %0 = nn.conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %1 = nn.batch_norm %0, %gamma, %beta, %mean, %var {epsilon = 1.0 : f32} : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %1 : tensor<1x2x2x2xf32>
}

// -----

// Tests folding into a conv without a bias: the shift becomes the new bias.
// CHECK-LABEL: func.func @conv_without_bias
// CHECK-DAG: %[[W:.+]] = nn.constant dense<{{\[}}{{\[}}{{\[}}[2.000000e+00, 4.000000e+00]]], {{\[}}{{\[}}[3.000000e+00, 4.000000e+00]]]]> : tensor<2x1x1x2xf32>
// CHECK-DAG: %[[B:.+]] = nn.constant dense<[0.000000e+00, -1.000000e+00]> : tensor<2xf32>
// CHECK: %[[Y:.+]] = nn.conv %{{.+}}, %[[W]], %[[B]]
// CHECK-NOT: nn.batch_norm
// CHECK: return %[[Y]]
func.func @conv_without_bias(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x1xf32> {
  %w = nn.constant dense<[[[[1.0, 2.0]]], [[[3.0, 4.0]]]]> : tensor<2x1x1x2xf32>
  %gamma = nn.constant dense<[4.0, 3.0]> : tensor<2xf32>
  %beta = nn.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %mean = nn.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %var = nn.constant dense<[3.0, 8.0]> : tensor<2xf32>
  %0 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x2x2x1xf32>
  %1 = nn.batch_norm %0, %gamma, %beta, %mean, %var {epsilon = 1.0 : f32} : (tensor<1x2x2x1xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x1xf32>
  return %1 : tensor<1x2x2x1xf32>
}

// -----

// Tests folding into a gemm (B not transposed, so channels are columns of
// B) with alpha and beta: B'[k][j] = B[k][j] * scale[j] * alpha,
// C' = C * beta * scale + shift, and alpha and beta become 1.
// CHECK-LABEL: func.func @gemm
// CHECK-SAME: (%[[A:.+]]: tensor<1x2xf32>)
// CHECK-DAG: %[[B:.+]] = nn.constant dense<{{\[}}[4.000000e+00, 4.000000e+00], [1.200000e+01, 8.000000e+00]]> : tensor<2x2xf32>
// CHECK-DAG: %[[C:.+]] = nn.constant dense<[1.000000e+00, -5.000000e-01]> : tensor<2xf32>
// CHECK: %[[Y:.+]] = nn.gemm %[[A]], %[[B]], %[[C]] : (tensor<1x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
// CHECK-NOT: nn.batch_norm
// CHECK: return %[[Y]]
func.func @gemm(%a: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %b = nn.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %c = nn.constant dense<[1.0, 1.0]> : tensor<2xf32>
  %gamma = nn.constant dense<[4.0, 3.0]> : tensor<2xf32>
  %beta = nn.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %mean = nn.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %var = nn.constant dense<[3.0, 8.0]> : tensor<2xf32>
  %0 = nn.gemm %a, %b, %c {alpha = 2.0 : f32, beta = 0.5 : f32} : (tensor<1x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %1 = nn.batch_norm %0, %gamma, %beta, %mean, %var {epsilon = 1.0 : f32} : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %1 : tensor<1x2xf32>
}

// -----

// Tests folding into a gemm with transB (channels are rows of B) and no C.
// CHECK-LABEL: func.func @gemm_trans_b
// CHECK-DAG: %[[B:.+]] = nn.constant dense<{{\[}}[2.000000e+00, 4.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK-DAG: %[[C:.+]] = nn.constant dense<[0.000000e+00, -1.000000e+00]> : tensor<2xf32>
// CHECK: nn.gemm %{{.+}}, %[[B]], %[[C]] {transB = true}
// CHECK-NOT: nn.batch_norm
func.func @gemm_trans_b(%a: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %b = nn.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %gamma = nn.constant dense<[4.0, 3.0]> : tensor<2xf32>
  %beta = nn.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %mean = nn.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %var = nn.constant dense<[3.0, 8.0]> : tensor<2xf32>
  %0 = nn.gemm %a, %b {transB = true} : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %1 = nn.batch_norm %0, %gamma, %beta, %mean, %var {epsilon = 1.0 : f32} : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %1 : tensor<1x2xf32>
}

// -----

// Tests that a conv with another user is not folded (its unnormalized
// output is still needed).
// CHECK-LABEL: func.func @multi_use_conv
// CHECK: %[[C:.+]] = nn.conv
// CHECK: %[[N:.+]] = nn.batch_norm %[[C]]
// CHECK: return %[[N]], %[[C]]
func.func @multi_use_conv(%x: tensor<1x1x2x2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  %w = nn.constant dense<1.0> : tensor<2x1x1x1xf32>
  %s = nn.constant dense<2.0> : tensor<2xf32>
  %0 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = nn.batch_norm %0, %s, %s, %s, %s : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %1, %0 : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}

// -----

// Tests that statistics that are not constant prevent folding.
// CHECK-LABEL: func.func @runtime_stats
// CHECK: nn.batch_norm
func.func @runtime_stats(%x: tensor<1x1x2x2xf32>, %var: tensor<2xf32>) -> tensor<1x2x2x2xf32> {
  %w = nn.constant dense<1.0> : tensor<2x1x1x1xf32>
  %s = nn.constant dense<2.0> : tensor<2xf32>
  %0 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = nn.batch_norm %0, %s, %s, %s, %var : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %1 : tensor<1x2x2x2xf32>
}

// -----

// Tests that weights that are not constant prevent folding.
// CHECK-LABEL: func.func @runtime_weights
// CHECK: nn.batch_norm
func.func @runtime_weights(%x: tensor<1x1x2x2xf32>, %w: tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32> {
  %s = nn.constant dense<2.0> : tensor<2xf32>
  %0 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = nn.batch_norm %0, %s, %s, %s, %s : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %1 : tensor<1x2x2x2xf32>
}

// -----

// Tests that a conv with a fused activation is not folded (the activation
// sits between the conv and the normalization).
// CHECK-LABEL: func.func @fused_activation
// CHECK: nn.conv {{.+}}activation = #nn<activation relu>
// CHECK: nn.batch_norm
func.func @fused_activation(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = nn.constant dense<1.0> : tensor<2x1x1x1xf32>
  %s = nn.constant dense<2.0> : tensor<2xf32>
  %0 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #nn<activation relu>} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = nn.batch_norm %0, %s, %s, %s, %s : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %1 : tensor<1x2x2x2xf32>
}

// -----

// Tests that batch_norm after another producer (relu) is kept.
// CHECK-LABEL: func.func @after_relu
// CHECK: nn.relu
// CHECK: nn.batch_norm
func.func @after_relu(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %s = nn.constant dense<2.0> : tensor<2xf32>
  %0 = nn.relu %x : tensor<1x2x2x2xf32>
  %1 = nn.batch_norm %0, %s, %s, %s, %s : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %1 : tensor<1x2x2x2xf32>
}

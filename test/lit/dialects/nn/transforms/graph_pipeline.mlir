// RUN: edgec-opt --edgec-graph %s | FileCheck %s

// The edgec-graph pipeline in order: shape inference, canonicalization,
// BatchNorm folding (first, so the bias it creates can absorb a following
// Add), bias/activation fusion, pad folding, constant folding and CSE.

// Tests conv -> batch_norm -> add -> relu -> pad -> max_pool collapsing into
// one conv (scaled weights, bias = BN shift + added bias = [0 + 1, -1 + 2],
// fused relu) and a max_pool that absorbed the pad (legal after a relu).
// CHECK-LABEL: func.func @conv_bn_add_relu_pad_pool
// CHECK-SAME: (%[[X:.+]]: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32>
// CHECK-DAG: %[[W:.+]] = nn.constant dense<{{\[}}{{\[}}{{\[}}[2.000000e+00]]], {{\[}}{{\[}}[1.000000e+00]]]]> : tensor<2x1x1x1xf32>
// CHECK-DAG: %[[B:.+]] = nn.constant dense<1.000000e+00> : tensor<2xf32>
// CHECK: %[[C:.+]] = nn.conv %[[X]], %[[W]], %[[B]] {activation = #nn<activation relu>, {{.+}}} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
// CHECK: %[[P:.+]] = nn.max_pool %[[C]] {kernel = array<i64: 2, 2>, pads = array<i64: 1, 1, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
// CHECK: return %[[P]]
// CHECK-NOT: nn.batch_norm
// CHECK-NOT: nn.pad
func.func @conv_bn_add_relu_pad_pool(%x: tensor<1x1x2x2xf32>) -> tensor<?x?x?x?xf32> {
  %w = nn.constant dense<1.0> : tensor<2x1x1x1xf32>
  %gamma = nn.constant dense<[4.0, 3.0]> : tensor<2xf32>
  %beta = nn.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %mean = nn.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %var = nn.constant dense<[3.0, 8.0]> : tensor<2xf32>
  %bias = nn.constant dense<[[[1.0]], [[2.0]]]> : tensor<2x1x1xf32>
  %0 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = nn.batch_norm %0, %gamma, %beta, %mean, %var {epsilon = 1.0 : f32} : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %2 = nn.add %1, %bias : (tensor<1x2x2x2xf32>, tensor<2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %3 = nn.relu %2 : tensor<1x2x2x2xf32>
  %4 = nn.pad %3 {pads = array<i64: 0, 0, 1, 1, 0, 0, 0, 0>} : (tensor<1x2x2x2xf32>) -> tensor<1x2x3x3xf32>
  %5 = nn.max_pool %4 {kernel = array<i64: 2, 2>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x2x3x3xf32>) -> tensor<?x?x?x?xf32>
  return %5 : tensor<?x?x?x?xf32>
}

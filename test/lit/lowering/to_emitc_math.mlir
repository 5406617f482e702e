// RUN: edgec-opt --pass-pipeline='builtin.module(edgec-lower,edgec-plan,edgec-loops,edgec-to-emitc)' %s | mlir-translate --mlir-to-cpp | FileCheck %s

// Every transcendental that nn lowers to must reach C: tanh for Tanh and
// sqrt for an unfused BatchNormalization as <math.h> calls; exp (Exp,
// Sigmoid, Softmax) as edgec's own expansion (edgec-expand-exp), whose
// powers of two come from the runtime header's bit helper, never expf.

// Tests exp, tanh and sqrt from nn through to C.
// CHECK: #include <math.h>
// CHECK-LABEL: void main(
// CHECK-NOT: expf(
// CHECK-DAG: edgec_f32_from_bits(
// CHECK-DAG: tanhf(
// CHECK-DAG: sqrtf(
func.func @main(%x: tensor<1x2x1x1xf32>, %s: tensor<2xf32>) -> tensor<1x2x1x1xf32> {
  %0 = nn.exp %x : tensor<1x2x1x1xf32>
  %1 = nn.tanh %0 : tensor<1x2x1x1xf32>
  %2 = nn.batch_norm %1, %s, %s, %s, %s : (tensor<1x2x1x1xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x1x1xf32>
  return %2 : tensor<1x2x1x1xf32>
}

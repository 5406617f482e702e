// RUN: edgec-opt %s -edgec-convert-qnn-to-linalg -edgec-convert-nn-to-linalg -canonicalize -edgec-fuse-requantize | FileCheck %s
// RUN: edgec-opt %s --pass-pipeline='builtin.module(edgec-lower,edgec-plan)' | FileCheck %s --check-prefix=PLAN

// An int8 convolution is computed one output channel at a time: the
// requantization is tiled over (batch, channel) and the convolution and its
// bias initialisation fused into the loop, so the int32 accumulator is one
// channel (4x4) instead of the layer (2x4x4); the padded input stays outside.
// CHECK-LABEL: func.func @conv
// CHECK: linalg.transpose
// CHECK: scf.forall (%{{.+}}, %[[C:.+]]) in (1, 2)
// CHECK: tensor.empty() : tensor<1x1x4x4xi32>
// CHECK: linalg.generic {{.*}} outs(%{{.+}} : tensor<1x1x4x4xi32>) attrs = {edgec.contiguous_reduction}
// CHECK: linalg.generic {{.*}} attrs = {edgec.requantize}
// CHECK: tensor.parallel_insert_slice
// CHECK-NOT: tensor<1x2x4x4xi32>

// After bufferization and planning: the per-channel accumulator is one
// 64-byte buffer, allocated once outside the loop.
// PLAN-LABEL: func.func @conv
// PLAN: memref.view %{{.+}} : memref<{{[0-9]+}}xi8> to memref<1x1x4x4xi32>
// PLAN: scf.for
// PLAN-NOT: memref<1x2x4x4xi32>
func.func @conv(%x: tensor<1x1x2x2xi8>) -> tensor<1x2x4x4xi8> {
  %xq = quant.scast %x : tensor<1x1x2x2xi8> to tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5:-128>>
  %wi = nn.constant dense<[[[[10]]], [[[-20]]]]> : tensor<2x1x1x1xi8>
  %w = quant.scast %wi : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!quant.uniform<i8:f32:0, {0.1, 0.2}>>
  %b = nn.constant dense<[7, -3]> : tensor<2xi32>
  %y = qnn.conv2d %xq, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5:-128>>, tensor<2x1x1x1x!quant.uniform<i8:f32:0, {0.1, 0.2}>>, tensor<2xi32>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.25:-10>>
  %yi = quant.scast %y : tensor<1x2x4x4x!quant.uniform<i8:f32, 0.25:-10>> to tensor<1x2x4x4xi8>
  return %yi : tensor<1x2x4x4xi8>
}

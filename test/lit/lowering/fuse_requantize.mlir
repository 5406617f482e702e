// RUN: edgec-opt %s -edgec-convert-qnn-to-linalg -edgec-convert-nn-to-linalg -canonicalize -edgec-fuse-requantize | FileCheck %s
// RUN: edgec-opt %s --pass-pipeline='builtin.module(edgec-lower,edgec-plan)' | FileCheck %s --check-prefix=PLAN

// An int8 convolution is computed one output row at a time: its
// accumulator is channels-last (NHWC), the requantization is tiled over
// (batch, row) and the convolution and its bias initialisation fused into
// the loop, so the int32 accumulator is one row (4 columns x 2 channels)
// instead of the layer (4x4x2); the padded input stays outside.
// CHECK-LABEL: func.func @conv
// CHECK: linalg.transpose
// CHECK: scf.forall (%{{.+}}, %[[R:.+]]) in (1, 4)
// CHECK: tensor.empty() : tensor<1x1x4x2xi32>
// CHECK: linalg.generic {{.*}} outs(%{{.+}} : tensor<1x1x4x2xi32>)
// CHECK: linalg.generic {{.*}} attrs = {edgec.requantize}
// CHECK: tensor.parallel_insert_slice
// CHECK-NOT: tensor<1x4x4x2xi32>

// After bufferization and planning: the row accumulator is one 32-byte
// buffer, allocated once outside the loop.
// PLAN-LABEL: func.func @conv
// PLAN: memref.view %{{.+}} : memref<{{[0-9]+}}xi8> to memref<1x1x4x2xi32>
// PLAN: scf.for
// PLAN-NOT: memref<1x4x4x2xi32>
func.func @conv(%x: tensor<1x1x2x2xi8>) -> tensor<1x2x4x4xi8> {
  %xq = quant.scast %x : tensor<1x1x2x2xi8> to tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5:-128>>
  %wi = nn.constant dense<[[[[10]]], [[[-20]]]]> : tensor<2x1x1x1xi8>
  %w = quant.scast %wi : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!quant.uniform<i8:f32:0, {0.1, 0.2}>>
  %b = nn.constant dense<[7, -3]> : tensor<2xi32>
  %y = qnn.conv2d %xq, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x2x2x!quant.uniform<i8:f32, 0.5:-128>>, tensor<2x1x1x1x!quant.uniform<i8:f32:0, {0.1, 0.2}>>, tensor<2xi32>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.25:-10>>
  %yi = quant.scast %y : tensor<1x2x4x4x!quant.uniform<i8:f32, 0.25:-10>> to tensor<1x2x4x4xi8>
  return %yi : tensor<1x2x4x4xi8>
}

// Two chained convolutions: the first layer's NHWC requantization feeds
// the second's NHWC input directly (the NCHW and NHWC transposes between
// them cancel), and the second layer's zero-point-filled padded input is
// filled before the first layer runs, so the first layer writes NHWC
// straight into its interior (no copy of the activation), one row at a time.
// CHECK-LABEL: func.func @chain
// CHECK: %[[PAD2:.+]] = linalg.fill ins(%c-10_i8 : i8) outs(%{{.+}} : tensor<1x6x6x2xi8>)
// CHECK: scf.forall (%[[N:.+]], %[[R:.+]]) in (1, 4) shared_outs(%[[OUT:.+]] = %{{.+}}) -> (tensor<1x4x4x2xi8>)
// CHECK: tensor.extract_slice %[[OUT]][%[[N]], %[[R]], 0, 0] [1, 1, 4, 2]
// CHECK: linalg.generic {{.*}} outs(%{{.+}} : tensor<1x1x4x2xi8>) attrs = {edgec.requantize}
// CHECK: tensor.insert_slice %{{.+}} into %[[PAD2]][0, 1, 1, 0] [1, 4, 4, 2]
// After empty-tensor elimination and bufferization: two padded inputs and
// the row accumulators, nothing else (the fused layer writes in place).
// PLAN-LABEL: func.func @chain
// PLAN-SAME: edgec.arena_buffers = 4 : i64
func.func @chain(%x: tensor<1x2x4x4xi8>) -> tensor<1x2x4x4xi8> {
  %xq = quant.scast %x : tensor<1x2x4x4xi8> to tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5:-128>>
  %wi = nn.constant dense<1> : tensor<2x2x3x3xi8>
  %w = quant.scast %wi : tensor<2x2x3x3xi8> to tensor<2x2x3x3x!quant.uniform<i8:f32, 0.1>>
  %y = qnn.conv2d %xq, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5:-128>>, tensor<2x2x3x3x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.25:-10>>
  %z = qnn.conv2d %y, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x4x4x!quant.uniform<i8:f32, 0.25:-10>>, tensor<2x2x3x3x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.25:-10>>
  %zi = quant.scast %z : tensor<1x2x4x4x!quant.uniform<i8:f32, 0.25:-10>> to tensor<1x2x4x4xi8>
  return %zi : tensor<1x2x4x4xi8>
}

// RUN: edgec-opt %s | edgec-opt | FileCheck %s

// Every qnn op round-trips through its textual form.

!x = !quant.uniform<i8:f32, 1.0:-128>
!y = !quant.uniform<i8:f32, 5.0e-2:-128>
!w = !quant.uniform<i8:f32:0, {1.0e-1,2.0e-1,3.0e-1,4.0e-1}>

// CHECK-LABEL: func.func @casts
// CHECK: qnn.quantize %{{.*}} : tensor<1x8xf32> -> tensor<1x8x!quant.uniform<i8:f32, 5.000000e-01:-3>>
// CHECK: qnn.dequantize %{{.*}} : tensor<1x8x!quant.uniform<i8:f32, 5.000000e-01:-3>> -> tensor<1x8xf32>
func.func @casts(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %q = qnn.quantize %x : tensor<1x8xf32> -> tensor<1x8x!quant.uniform<i8:f32, 0.5:-3>>
  %d = qnn.dequantize %q : tensor<1x8x!quant.uniform<i8:f32, 0.5:-3>> -> tensor<1x8xf32>
  return %d : tensor<1x8xf32>
}

// CHECK-LABEL: func.func @conv
// CHECK: qnn.conv2d %{{.*}}, %{{.*}}, %{{.*}} {act_min = -100 : i64, dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>}
func.func @conv(%x: tensor<1x3x8x8x!x>, %w: tensor<4x3x3x3x!w>, %b: tensor<4xi32>) -> tensor<1x4x8x8x!y> {
  %y = qnn.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, act_min = -100 : i64} : (tensor<1x3x8x8x!x>, tensor<4x3x3x3x!w>, tensor<4xi32>) -> tensor<1x4x8x8x!y>
  return %y : tensor<1x4x8x8x!y>
}

// CHECK-LABEL: func.func @depthwise_no_bias
// CHECK: qnn.conv2d %{{.*}}, %{{.*}} {dilations
func.func @depthwise_no_bias(%x: tensor<1x4x8x8x!x>, %w: tensor<4x1x3x3x!w>) -> tensor<1x4x6x6x!y> {
  %y = qnn.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 4 : i64} : (tensor<1x4x8x8x!x>, tensor<4x1x3x3x!w>) -> tensor<1x4x6x6x!y>
  return %y : tensor<1x4x6x6x!y>
}

// CHECK-LABEL: func.func @fully_connected
// CHECK: qnn.fully_connected %{{.*}}, %{{.*}}, %{{.*}} {act_max = 100 : i64}
func.func @fully_connected(%x: tensor<2x16x!x>, %w: tensor<4x16x!quant.uniform<i8:f32, 0.03>>, %b: tensor<4xi32>) -> tensor<2x4x!y> {
  %y = qnn.fully_connected %x, %w, %b {act_max = 100 : i64} : (tensor<2x16x!x>, tensor<4x16x!quant.uniform<i8:f32, 0.03>>, tensor<4xi32>) -> tensor<2x4x!y>
  return %y : tensor<2x4x!y>
}

// CHECK-LABEL: func.func @add_broadcast
// CHECK: qnn.add %{{.*}}, %{{.*}} : (tensor<1x4x2x2x{{.*}}>, tensor<4x1x1x{{.*}}>) -> tensor<1x4x2x2x
func.func @add_broadcast(%a: tensor<1x4x2x2x!x>, %b: tensor<4x1x1x!y>) -> tensor<1x4x2x2x!y> {
  %y = qnn.add %a, %b : (tensor<1x4x2x2x!x>, tensor<4x1x1x!y>) -> tensor<1x4x2x2x!y>
  return %y : tensor<1x4x2x2x!y>
}

// CHECK-LABEL: func.func @pool_requantize
// CHECK: qnn.avg_pool2d %{{.*}} {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>}
// CHECK: qnn.requantize %{{.*}} {act_min = -128 : i64}
func.func @pool_requantize(%x: tensor<1x4x4x4x!x>) -> tensor<1x4x2x2x!x> {
  %p = qnn.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x4x4x4x!x>) -> tensor<1x4x2x2x!y>
  %r = qnn.requantize %p {act_min = -128 : i64} : (tensor<1x4x2x2x!y>) -> tensor<1x4x2x2x!x>
  return %r : tensor<1x4x2x2x!x>
}

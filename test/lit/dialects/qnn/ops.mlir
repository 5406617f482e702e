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

// CHECK-LABEL: func.func @mul_table
// CHECK: qnn.mul %{{.*}}, %{{.*}} : (tensor<1x4x!quant.uniform<i8:f32, 1.000000e+00:-128>>, tensor<1x1x!quant.uniform<i8:f32, 5.000000e-02:-128>>) -> tensor<1x4x!quant.uniform<i8:f32, 5.000000e-02:-128>>
// CHECK: qnn.table %{{.*}} {table = array<i8: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
func.func @mul_table(%a: tensor<1x4x!x>, %b: tensor<1x1x!y>) -> tensor<1x4x!y> {
  %m = qnn.mul %a, %b : (tensor<1x4x!x>, tensor<1x1x!y>) -> tensor<1x4x!y>
  %t = qnn.table %m {table = array<i8: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127, -128, -127, -126, -125, -124, -123, -122, -121, -120, -119, -118, -117, -116, -115, -114, -113, -112, -111, -110, -109, -108, -107, -106, -105, -104, -103, -102, -101, -100, -99, -98, -97, -96, -95, -94, -93, -92, -91, -90, -89, -88, -87, -86, -85, -84, -83, -82, -81, -80, -79, -78, -77, -76, -75, -74, -73, -72, -71, -70, -69, -68, -67, -66, -65, -64, -63, -62, -61, -60, -59, -58, -57, -56, -55, -54, -53, -52, -51, -50, -49, -48, -47, -46, -45, -44, -43, -42, -41, -40, -39, -38, -37, -36, -35, -34, -33, -32, -31, -30, -29, -28, -27, -26, -25, -24, -23, -22, -21, -20, -19, -18, -17, -16, -15, -14, -13, -12, -11, -10, -9, -8, -7, -6, -5, -4, -3, -2, -1>} : (tensor<1x4x!y>) -> tensor<1x4x!y>
  return %t : tensor<1x4x!y>
}

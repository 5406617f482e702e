// RUN: edgec-opt %s | edgec-opt | FileCheck %s
// RUN: edgec-opt %s --mlir-print-op-generic | edgec-opt | FileCheck %s

// Round trip of every nn op through its custom assembly format (and through
// the generic form), with optional operands and defaulted attributes both
// present and absent.

// Tests that constants of every supported element type round trip.
// CHECK-LABEL: func.func @constant
func.func @constant() -> (tensor<2x2xf32>, tensor<3xi64>, tensor<i32>, tensor<2xi8>, tensor<2xui8>, tensor<2xi1>) {
  // CHECK: nn.constant dense<{{\[}}[1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
  %0 = nn.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  // CHECK: nn.constant dense<[1, -2, 3]> : tensor<3xi64>
  %1 = nn.constant dense<[1, -2, 3]> : tensor<3xi64>
  // CHECK: nn.constant dense<7> : tensor<i32>
  %2 = nn.constant dense<7> : tensor<i32>
  // CHECK: nn.constant dense<[-1, 1]> : tensor<2xi8>
  %3 = nn.constant dense<[-1, 1]> : tensor<2xi8>
  // CHECK: nn.constant dense<[255, 0]> : tensor<2xui8>
  %4 = nn.constant dense<[255, 0]> : tensor<2xui8>
  // CHECK: nn.constant dense<[true, false]> : tensor<2xi1>
  %5 = nn.constant dense<[true, false]> : tensor<2xi1>
  return %0, %1, %2, %3, %4, %5 : tensor<2x2xf32>, tensor<3xi64>, tensor<i32>, tensor<2xi8>, tensor<2xui8>, tensor<2xi1>
}

// Tests shape, including of a tensor with dynamic dimensions.
// CHECK-LABEL: func.func @shape
// CHECK-SAME: (%[[X:.+]]: tensor<1x3x4xf32>, %[[Y:.+]]: tensor<?x3xf32>)
func.func @shape(%x: tensor<1x3x4xf32>, %y: tensor<?x3xf32>) -> (tensor<3xi64>, tensor<2xi64>) {
  // CHECK: nn.shape %[[X]] : (tensor<1x3x4xf32>) -> tensor<3xi64>
  %0 = nn.shape %x : (tensor<1x3x4xf32>) -> tensor<3xi64>
  // CHECK: nn.shape %[[Y]] : (tensor<?x3xf32>) -> tensor<2xi64>
  %1 = nn.shape %y : (tensor<?x3xf32>) -> tensor<2xi64>
  return %0, %1 : tensor<3xi64>, tensor<2xi64>
}

// Tests gather with scalar and i32 vector indices.
// CHECK-LABEL: func.func @gather
// CHECK-SAME: (%[[X:.+]]: tensor<4xi64>, %[[I:.+]]: tensor<i64>, %[[D:.+]]: tensor<3x4xf32>, %[[J:.+]]: tensor<2xi32>)
func.func @gather(%x: tensor<4xi64>, %i: tensor<i64>, %d: tensor<3x4xf32>, %j: tensor<2xi32>) -> (tensor<i64>, tensor<3x2xf32>) {
  // CHECK: nn.gather %[[X]], %[[I]] {axis = 0 : i64} : (tensor<4xi64>, tensor<i64>) -> tensor<i64>
  %0 = nn.gather %x, %i {axis = 0 : i64} : (tensor<4xi64>, tensor<i64>) -> tensor<i64>
  // CHECK: nn.gather %[[D]], %[[J]] {axis = 1 : i64} : (tensor<3x4xf32>, tensor<2xi32>) -> tensor<3x2xf32>
  %1 = nn.gather %d, %j {axis = 1 : i64} : (tensor<3x4xf32>, tensor<2xi32>) -> tensor<3x2xf32>
  return %0, %1 : tensor<i64>, tensor<3x2xf32>
}

// Tests reshape with a computed target (dynamic result) and with allowzero.
// CHECK-LABEL: func.func @reshape
// CHECK-SAME: (%[[X:.+]]: tensor<1x4x2xf32>, %[[S:.+]]: tensor<2xi64>)
func.func @reshape(%x: tensor<1x4x2xf32>, %s: tensor<2xi64>) -> (tensor<?x?xf32>, tensor<?x?xf32>) {
  // CHECK: nn.reshape %[[X]], %[[S]] : (tensor<1x4x2xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  %0 = nn.reshape %x, %s : (tensor<1x4x2xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  // CHECK: nn.reshape %[[X]], %[[S]] {allowzero = true} : (tensor<1x4x2xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  %1 = nn.reshape %x, %s {allowzero = true} : (tensor<1x4x2xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  return %0, %1 : tensor<?x?xf32>, tensor<?x?xf32>
}

// Tests concat of three inputs.
// CHECK-LABEL: func.func @concat
// CHECK-SAME: (%[[A:.+]]: tensor<1x2xf32>, %[[B:.+]]: tensor<1x3xf32>)
func.func @concat(%a: tensor<1x2xf32>, %b: tensor<1x3xf32>) -> tensor<1x7xf32> {
  // CHECK: nn.concat %[[A]], %[[B]], %[[A]] {axis = 1 : i64} : (tensor<1x2xf32>, tensor<1x3xf32>, tensor<1x2xf32>) -> tensor<1x7xf32>
  %0 = nn.concat %a, %b, %a {axis = 1 : i64} : (tensor<1x2xf32>, tensor<1x3xf32>, tensor<1x2xf32>) -> tensor<1x7xf32>
  return %0 : tensor<1x7xf32>
}

// Tests transpose.
// CHECK-LABEL: func.func @transpose
func.func @transpose(%x: tensor<1x3x4x5xf32>) -> tensor<1x4x5x3xf32> {
  // CHECK: nn.transpose %{{.+}} {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x3x4x5xf32>) -> tensor<1x4x5x3xf32>
  %0 = nn.transpose %x {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x3x4x5xf32>) -> tensor<1x4x5x3xf32>
  return %0 : tensor<1x4x5x3xf32>
}

// Tests slice with positive and negative steps.
// CHECK-LABEL: func.func @slice
func.func @slice(%x: tensor<4x4xf32>) -> (tensor<4x2xf32>, tensor<2x4xf32>) {
  // CHECK: nn.slice %{{.+}} {ends = array<i64: 4, 4>, starts = array<i64: 0, 2>, steps = array<i64: 1, 1>} : (tensor<4x4xf32>) -> tensor<4x2xf32>
  %0 = nn.slice %x {starts = array<i64: 0, 2>, ends = array<i64: 4, 4>, steps = array<i64: 1, 1>} : (tensor<4x4xf32>) -> tensor<4x2xf32>
  // CHECK: nn.slice %{{.+}} {ends = array<i64: -1, 4>, starts = array<i64: 3, 0>, steps = array<i64: -2, 1>} : (tensor<4x4xf32>) -> tensor<2x4xf32>
  %1 = nn.slice %x {starts = array<i64: 3, 0>, ends = array<i64: -1, 4>, steps = array<i64: -2, 1>} : (tensor<4x4xf32>) -> tensor<2x4xf32>
  return %0, %1 : tensor<4x2xf32>, tensor<2x4xf32>
}

// Tests pad with an explicit and with the default padding value.
// CHECK-LABEL: func.func @pad
func.func @pad(%x: tensor<1x1x2x2xf32>) -> (tensor<1x1x4x4xf32>, tensor<1x1x3x2xf32>) {
  // CHECK: nn.pad %{{.+}} {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, value = 5.000000e-01 : f32} : (tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32>
  %0 = nn.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, value = 0.5 : f32} : (tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32>
  // CHECK: nn.pad %{{.+}} {pads = array<i64: 0, 0, 1, 0, 0, 0, 0, 0>} : (tensor<1x1x2x2xf32>) -> tensor<1x1x3x2xf32>
  %1 = nn.pad %x {pads = array<i64: 0, 0, 1, 0, 0, 0, 0, 0>} : (tensor<1x1x2x2xf32>) -> tensor<1x1x3x2xf32>
  return %0, %1 : tensor<1x1x4x4xf32>, tensor<1x1x3x2xf32>
}

// Tests the four binary ops, with broadcasting and integer operands.
// CHECK-LABEL: func.func @binary
// CHECK-SAME: (%[[A:.+]]: tensor<1x8xf32>, %[[B:.+]]: tensor<8xf32>, %[[I:.+]]: tensor<2xi64>)
func.func @binary(%a: tensor<1x8xf32>, %b: tensor<8xf32>, %i: tensor<2xi64>) -> (tensor<1x8xf32>, tensor<8x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>, tensor<2xi64>) {
  // CHECK: nn.add %[[A]], %[[B]] : (tensor<1x8xf32>, tensor<8xf32>) -> tensor<1x8xf32>
  %0 = nn.add %a, %b : (tensor<1x8xf32>, tensor<8xf32>) -> tensor<1x8xf32>
  // CHECK: nn.sub %[[B]], %[[A]] : (tensor<8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  %1 = nn.sub %b, %a : (tensor<8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  %t = nn.reshape %b, %i : (tensor<8xf32>, tensor<2xi64>) -> tensor<8x1xf32>
  // CHECK: nn.mul %{{.+}}, %[[A]] : (tensor<8x1xf32>, tensor<1x8xf32>) -> tensor<8x8xf32>
  %2 = nn.mul %t, %a : (tensor<8x1xf32>, tensor<1x8xf32>) -> tensor<8x8xf32>
  // CHECK: nn.div %[[A]], %[[A]] : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  %3 = nn.div %a, %a : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
  // CHECK: nn.div %[[I]], %[[I]] : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  %4 = nn.div %i, %i : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  return %0, %2, %3, %1, %4 : tensor<1x8xf32>, tensor<8x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>, tensor<2xi64>
}

// Tests the unary ops and identity.
// CHECK-LABEL: func.func @unary
func.func @unary(%x: tensor<1x8xf32>, %i: tensor<3xi64>) -> (tensor<1x8xf32>, tensor<3xi64>) {
  // CHECK: %[[R:.+]] = nn.relu %{{.+}} : tensor<1x8xf32>
  %0 = nn.relu %x : tensor<1x8xf32>
  // CHECK: %[[S:.+]] = nn.sigmoid %[[R]] : tensor<1x8xf32>
  %1 = nn.sigmoid %0 : tensor<1x8xf32>
  // CHECK: %[[T:.+]] = nn.tanh %[[S]] : tensor<1x8xf32>
  %2 = nn.tanh %1 : tensor<1x8xf32>
  // CHECK: %[[E:.+]] = nn.exp %[[T]] : tensor<1x8xf32>
  %3 = nn.exp %2 : tensor<1x8xf32>
  // CHECK: %[[I:.+]] = nn.identity %[[E]] : tensor<1x8xf32>
  %4 = nn.identity %3 : tensor<1x8xf32>
  // CHECK: nn.identity %{{.+}} : tensor<3xi64>
  %5 = nn.identity %i : tensor<3xi64>
  return %4, %5 : tensor<1x8xf32>, tensor<3xi64>
}

// Tests leaky_relu with an explicit and the default alpha.
// CHECK-LABEL: func.func @leaky_relu
func.func @leaky_relu(%x: tensor<1x8xf32>) -> (tensor<1x8xf32>, tensor<1x8xf32>) {
  // CHECK: nn.leaky_relu %{{.+}} {alpha = 2.000000e-01 : f32} : tensor<1x8xf32>
  %0 = nn.leaky_relu %x {alpha = 0.2 : f32} : tensor<1x8xf32>
  // CHECK: nn.leaky_relu %{{[^ ]+}} : tensor<1x8xf32>
  %1 = nn.leaky_relu %x : tensor<1x8xf32>
  return %0, %1 : tensor<1x8xf32>, tensor<1x8xf32>
}

// Tests clip, including infinite bounds.
// CHECK-LABEL: func.func @clip
func.func @clip(%x: tensor<1x8xf32>) -> (tensor<1x8xf32>, tensor<1x8xf32>) {
  // CHECK: nn.clip %{{.+}} {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32} : tensor<1x8xf32>
  %0 = nn.clip %x {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x8xf32>
  // CHECK: nn.clip %{{.+}} {max = 0x7F800000 : f32, min = -1.000000e+00 : f32} : tensor<1x8xf32>
  %1 = nn.clip %x {min = -1.0 : f32, max = 0x7F800000 : f32} : tensor<1x8xf32>
  return %0, %1 : tensor<1x8xf32>, tensor<1x8xf32>
}

// Tests softmax.
// CHECK-LABEL: func.func @softmax
func.func @softmax(%x: tensor<1x10xf32>) -> tensor<1x10xf32> {
  // CHECK: nn.softmax %{{.+}} {axis = 1 : i64} : tensor<1x10xf32>
  %0 = nn.softmax %x {axis = 1 : i64} : tensor<1x10xf32>
  return %0 : tensor<1x10xf32>
}

// Tests argmax with and without keepdims and with select_last_index.
// CHECK-LABEL: func.func @argmax
func.func @argmax(%x: tensor<2x3xf32>) -> (tensor<2xi64>, tensor<2x1xi64>) {
  // CHECK: nn.argmax %{{.+}} {axis = 1 : i64, keepdims = false} : (tensor<2x3xf32>) -> tensor<2xi64>
  %0 = nn.argmax %x {axis = 1 : i64, keepdims = false} : (tensor<2x3xf32>) -> tensor<2xi64>
  // CHECK: nn.argmax %{{.+}} {axis = 1 : i64, select_last_index = true} : (tensor<2x3xf32>) -> tensor<2x1xi64>
  %1 = nn.argmax %x {axis = 1 : i64, select_last_index = true} : (tensor<2x3xf32>) -> tensor<2x1xi64>
  return %0, %1 : tensor<2xi64>, tensor<2x1xi64>
}

// Tests conv without bias, with bias, grouped, and with each fused activation.
// CHECK-LABEL: func.func @conv
// CHECK-SAME: (%[[X:.+]]: tensor<1x4x8x8xf32>, %[[W:.+]]: tensor<8x4x3x3xf32>, %[[B:.+]]: tensor<8xf32>, %[[G:.+]]: tensor<8x2x3x3xf32>)
func.func @conv(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>, %b: tensor<8xf32>, %g: tensor<8x2x3x3xf32>)
    -> (tensor<1x8x6x6xf32>, tensor<1x8x8x8xf32>, tensor<1x8x3x3xf32>, tensor<1x8x6x6xf32>, tensor<1x8x6x6xf32>) {
  // CHECK: nn.conv %[[X]], %[[W]] {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32>
  %0 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32>
  // CHECK: nn.conv %[[X]], %[[W]], %[[B]] {activation = #nn<activation relu>, dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>, tensor<8xf32>) -> tensor<1x8x8x8xf32>
  %1 = nn.conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #nn<activation relu>} : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>, tensor<8xf32>) -> tensor<1x8x8x8xf32>
  // CHECK: nn.conv %[[X]], %[[G]], %[[B]] {act_max = 6.000000e+00 : f32, activation = #nn<activation clip>, dilations = array<i64: 2, 2>, group = 2 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>, tensor<8x2x3x3xf32>, tensor<8xf32>) -> tensor<1x8x3x3xf32>
  %2 = nn.conv %x, %g, %b {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 2, 2>, group = 2 : i64, activation = #nn<activation clip>, act_min = 0.0 : f32, act_max = 6.0 : f32} : (tensor<1x4x8x8xf32>, tensor<8x2x3x3xf32>, tensor<8xf32>) -> tensor<1x8x3x3xf32>
  // CHECK: nn.conv %[[X]], %[[W]] {activation = #nn<activation sigmoid>, {{.+}}} : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32>
  %3 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #nn<activation sigmoid>} : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32>
  // Tests that an explicit `none` activation is the default and is elided.
  // CHECK: nn.conv %[[X]], %[[W]] {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} :
  %4 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #nn<activation none>} : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32>
  return %0, %1, %2, %3, %4 : tensor<1x8x6x6xf32>, tensor<1x8x8x8xf32>, tensor<1x8x3x3xf32>, tensor<1x8x6x6xf32>, tensor<1x8x6x6xf32>
}

// Tests gemm with and without C and with every attribute.
// CHECK-LABEL: func.func @gemm
// CHECK-SAME: (%[[A:.+]]: tensor<1x16xf32>, %[[B:.+]]: tensor<10x16xf32>, %[[C:.+]]: tensor<10xf32>)
func.func @gemm(%a: tensor<1x16xf32>, %b: tensor<10x16xf32>, %c: tensor<10xf32>) -> (tensor<1x10xf32>, tensor<16x16xf32>) {
  // CHECK: nn.gemm %[[A]], %[[B]], %[[C]] {transB = true} : (tensor<1x16xf32>, tensor<10x16xf32>, tensor<10xf32>) -> tensor<1x10xf32>
  %0 = nn.gemm %a, %b, %c {transB = true} : (tensor<1x16xf32>, tensor<10x16xf32>, tensor<10xf32>) -> tensor<1x10xf32>
  // CHECK: nn.gemm %[[A]], %[[A]] {act_max = 1.000000e+00 : f32, act_min = -1.000000e+00 : f32, activation = #nn<activation clip>, alpha = 5.000000e-01 : f32, beta = 2.000000e+00 : f32, transA = true} : (tensor<1x16xf32>, tensor<1x16xf32>) -> tensor<16x16xf32>
  %1 = nn.gemm %a, %a {alpha = 0.5 : f32, beta = 2.0 : f32, transA = true, activation = #nn<activation clip>, act_min = -1.0 : f32, act_max = 1.0 : f32} : (tensor<1x16xf32>, tensor<1x16xf32>) -> tensor<16x16xf32>
  return %0, %1 : tensor<1x10xf32>, tensor<16x16xf32>
}

// Tests matmul with and without a fused bias and activation.
// CHECK-LABEL: func.func @matmul
// CHECK-SAME: (%[[A:.+]]: tensor<1x256xf32>, %[[B:.+]]: tensor<256x10xf32>, %[[C:.+]]: tensor<10xf32>)
func.func @matmul(%a: tensor<1x256xf32>, %b: tensor<256x10xf32>, %c: tensor<10xf32>) -> (tensor<1x10xf32>, tensor<1x10xf32>) {
  // CHECK: nn.matmul %[[A]], %[[B]] : (tensor<1x256xf32>, tensor<256x10xf32>) -> tensor<1x10xf32>
  %0 = nn.matmul %a, %b : (tensor<1x256xf32>, tensor<256x10xf32>) -> tensor<1x10xf32>
  // CHECK: nn.matmul %[[A]], %[[B]], %[[C]] {activation = #nn<activation relu>} : (tensor<1x256xf32>, tensor<256x10xf32>, tensor<10xf32>) -> tensor<1x10xf32>
  %1 = nn.matmul %a, %b, %c {activation = #nn<activation relu>} : (tensor<1x256xf32>, tensor<256x10xf32>, tensor<10xf32>) -> tensor<1x10xf32>
  return %0, %1 : tensor<1x10xf32>, tensor<1x10xf32>
}

// Tests batch_norm with the default and an explicit epsilon.
// CHECK-LABEL: func.func @batch_norm
func.func @batch_norm(%x: tensor<1x8x4x4xf32>, %s: tensor<8xf32>, %y: tensor<2x8xf32>) -> (tensor<1x8x4x4xf32>, tensor<2x8xf32>) {
  // CHECK: nn.batch_norm %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}} : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  %0 = nn.batch_norm %x, %s, %s, %s, %s : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  // CHECK: nn.batch_norm {{.+}} {epsilon = 1.000000e-03 : f32} : (tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  %1 = nn.batch_norm %y, %s, %s, %s, %s {epsilon = 1.0e-3 : f32} : (tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  return %0, %1 : tensor<1x8x4x4xf32>, tensor<2x8xf32>
}

// Tests max_pool, including ceil_mode.
// CHECK-LABEL: func.func @max_pool
func.func @max_pool(%x: tensor<1x8x28x28xf32>) -> (tensor<1x8x14x14xf32>, tensor<1x8x10x10xf32>) {
  // CHECK: nn.max_pool %{{.+}} {kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x8x28x28xf32>) -> tensor<1x8x14x14xf32>
  %0 = nn.max_pool %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x8x28x28xf32>) -> tensor<1x8x14x14xf32>
  // CHECK: nn.max_pool %{{.+}} {ceil_mode = true, kernel = array<i64: 3, 3>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 3, 3>} : (tensor<1x8x28x28xf32>) -> tensor<1x8x10x10xf32>
  %1 = nn.max_pool %x {kernel = array<i64: 3, 3>, strides = array<i64: 3, 3>, pads = array<i64: 0, 0, 0, 0>, ceil_mode = true} : (tensor<1x8x28x28xf32>) -> tensor<1x8x10x10xf32>
  return %0, %1 : tensor<1x8x14x14xf32>, tensor<1x8x10x10xf32>
}

// Tests avg_pool, including count_include_pad.
// CHECK-LABEL: func.func @avg_pool
func.func @avg_pool(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  // CHECK: nn.avg_pool %{{.+}} {count_include_pad = true, kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  %0 = nn.avg_pool %x {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, count_include_pad = true} : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// Tests global_avg_pool.
// CHECK-LABEL: func.func @global_avg_pool
func.func @global_avg_pool(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32> {
  // CHECK: nn.global_avg_pool %{{.+}} : (tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32>
  %0 = nn.global_avg_pool %x : (tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32>
  return %0 : tensor<1x8x1x1xf32>
}

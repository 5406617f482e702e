// RUN: edgec-opt --pass-pipeline='builtin.module(edgec-lower,edgec-plan)' %s | FileCheck %s

// The edgec-plan pipeline on lowered tensors: bufferization with
// out-params, copies lowered to loops, and every intermediate buffer
// placed in the arena.

// Tests a conv -> max_pool -> reshape -> matmul -> softmax network: weights
// become private constant globals, the result becomes an out-param, the
// arena is the trailing argument, and its size is the peak of the padded
// input (1x1x6x6xf32, 144 bytes) and the conv output (1x2x4x4xf32, 128
// bytes), which are alive together.
// CHECK-DAG: memref.global "private" constant @{{.+}} : memref<2x1x3x3xf32> = dense<5.000000e-01>
// CHECK-DAG: memref.global "private" constant @{{.+}} : memref<8x2xf32> = dense<2.500000e-01>
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[X:.+]]: memref<1x1x4x4xf32>, %[[OUT:.+]]: memref<1x2xf32>, %[[ARENA:.+]]: memref<272xi8>)
// CHECK-SAME: edgec.arena_size = 272 : i64
// CHECK-NOT: memref.alloc
// CHECK-NOT: memref.copy
// CHECK-DAG: %[[PAD:.+]] = memref.view %[[ARENA]][%{{.+}}][] : memref<272xi8> to memref<1x1x6x6xf32>
// CHECK-DAG: %[[CONV:.+]] = memref.view %[[ARENA]][%{{.+}}][] : memref<272xi8> to memref<1x2x4x4xf32>
// CHECK: linalg.conv_2d_nchw_fchw {{.+}} ins(%[[PAD]], %{{.+}} : memref<1x1x6x6xf32>, memref<2x1x3x3xf32>) outs(%[[CONV]] : memref<1x2x4x4xf32>)
// CHECK: linalg.pooling_nchw_max
// CHECK: linalg.matmul {{.+}} outs(%[[OUT]] : memref<1x2xf32>)
// CHECK-NOT: memref.alloc
// CHECK: return
func.func @main(%x: tensor<1x1x4x4xf32>) -> tensor<1x2xf32> {
  %w = nn.constant dense<0.5> : tensor<2x1x3x3xf32>
  %b = nn.constant dense<[0.1, 0.2]> : tensor<2xf32>
  %0 = nn.conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #nn<activation relu>} : (tensor<1x1x4x4xf32>, tensor<2x1x3x3xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %1 = nn.max_pool %0 {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  %s = nn.constant dense<[1, 8]> : tensor<2xi64>
  %2 = nn.reshape %1, %s : (tensor<1x2x2x2xf32>, tensor<2xi64>) -> tensor<1x8xf32>
  %m = nn.constant dense<0.25> : tensor<8x2xf32>
  %3 = nn.matmul %2, %m : (tensor<1x8xf32>, tensor<8x2xf32>) -> tensor<1x2xf32>
  %4 = nn.softmax %3 {axis = 1 : i64} : tensor<1x2xf32>
  return %4 : tensor<1x2xf32>
}

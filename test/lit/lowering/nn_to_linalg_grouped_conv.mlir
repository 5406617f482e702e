// RUN: edgec-opt --split-input-file --edgec-convert-nn-to-linalg %s | FileCheck %s

// edgec-convert-nn-to-linalg for grouped convolutions that are neither
// plain (group 1) nor depthwise: the named NGCHW op on views that split the
// channels into (group, channel-in-group).

// Tests that a grouped conv that is not depthwise becomes
// linalg.conv_2d_ngchw_gfchw between expand_shape/collapse_shape views.
// CHECK-LABEL: func.func @grouped_conv
// CHECK-DAG: tensor.expand_shape %{{.*}} {{\[\[}}0], [1, 2], [3], [4]] output_shape [1, 2, 2, 4, 4]
// CHECK-DAG: tensor.expand_shape %{{.*}} {{\[\[}}0, 1], [2], [3], [4]] output_shape [2, 2, 2, 3, 3]
// CHECK: linalg.conv_2d_ngchw_gfchw
// CHECK-SAME: -> tensor<1x2x2x2x2xf32>
// CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0], [1, 2], [3], [4]] : tensor<1x2x2x2x2xf32> into tensor<1x4x2x2xf32>
// CHECK-NOT: linalg.conv_2d_nchw_fchw
// CHECK-NOT: linalg.depthwise_conv_2d_nchw_chw
func.func @grouped_conv(%x: tensor<1x4x4x4xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x4x2x2xf32> {
  %0 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 2 : i64} : (tensor<1x4x4x4xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x2x2xf32>
  return %0 : tensor<1x4x2x2xf32>
}

// RUN: edgec-opt --split-input-file --edgec-fold-pad %s | FileCheck %s

// edgec-fold-pad folds a zero Pad of the spatial dimensions (NCHW) into the
// implicit padding of a following conv, max_pool or avg_pool. ONNX pads are
// [b0, b1, b2, b3, e0, e1, e2, e3]; nn window pads are [top, left, bottom,
// right].

// Tests that a zero spatial pad is added to the conv's own pads.
// CHECK-LABEL: func.func @into_conv
// CHECK-SAME: (%[[X:.+]]: tensor<1x1x4x4xf32>)
// CHECK-NOT: nn.pad
// CHECK: nn.conv %[[X]], %{{.+}} {dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 2, 1, 3, 2>, strides = array<i64: 1, 1>} : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x7x5xf32>
func.func @into_conv(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x7x5xf32> {
  %w = nn.constant dense<1.0> : tensor<1x1x3x3xf32>
  %p = nn.pad %x {pads = array<i64: 0, 0, 1, 0, 0, 0, 2, 1>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x7x5xf32>
  %0 = nn.conv %p, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x7x5xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x7x5xf32>
  return %0 : tensor<1x1x7x5xf32>
}

// -----

// Tests that a pad with a non-zero value is not folded.
// CHECK-LABEL: func.func @nonzero_value
// CHECK: %[[P:.+]] = nn.pad
// CHECK: nn.conv %[[P]]
func.func @nonzero_value(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32> {
  %w = nn.constant dense<1.0> : tensor<1x1x3x3xf32>
  %p = nn.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, value = 1.0 : f32} : (tensor<1x1x4x4xf32>) -> tensor<1x1x6x6xf32>
  %0 = nn.conv %p, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x6x6xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

// Tests that a pad of the channel dimension is not folded.
// CHECK-LABEL: func.func @channel_pad
// CHECK: %[[P:.+]] = nn.pad
// CHECK: nn.conv %[[P]]
func.func @channel_pad(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32> {
  %w = nn.constant dense<1.0> : tensor<1x2x3x3xf32>
  %p = nn.pad %x {pads = array<i64: 0, 1, 0, 0, 0, 0, 0, 0>} : (tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32>
  %0 = nn.conv %p, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<1x2x3x3xf32>) -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}

// -----

// Tests that a zero pad folds into max_pool when its input is a relu (a
// zero can never win the max).
// CHECK-LABEL: func.func @into_max_pool_after_relu
// CHECK: %[[R:.+]] = nn.relu
// CHECK-NOT: nn.pad
// CHECK: nn.max_pool %[[R]] {kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
func.func @into_max_pool_after_relu(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32> {
  %r = nn.relu %x : tensor<1x1x4x4xf32>
  %p = nn.pad %r {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x6x6xf32>
  %0 = nn.max_pool %p {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x1x6x6xf32>) -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}

// -----

// Tests that a conv with a fused relu counts as a non-negative input.
// CHECK-LABEL: func.func @into_max_pool_after_fused_relu
// CHECK: %[[C:.+]] = nn.conv
// CHECK-NOT: nn.pad
// CHECK: nn.max_pool %[[C]] {kernel = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>
func.func @into_max_pool_after_fused_relu(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32> {
  %w = nn.constant dense<1.0> : tensor<1x1x1x1xf32>
  %c = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #nn<activation relu>} : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x4x4xf32>
  %p = nn.pad %c {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x6x6xf32>
  %0 = nn.max_pool %p {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x1x6x6xf32>) -> tensor<1x1x3x3xf32>
  return %0 : tensor<1x1x3x3xf32>
}

// -----

// Tests that a zero pad is not folded into max_pool when the input may be
// negative (the pad's zeros would win over negative values; implicit
// padding is -inf).
// CHECK-LABEL: func.func @max_pool_signed_input
// CHECK: %[[P:.+]] = nn.pad
// CHECK: nn.max_pool %[[P]]
func.func @max_pool_signed_input(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32> {
  %p = nn.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x6x6xf32>
  %0 = nn.max_pool %p {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x1x6x6xf32>) -> tensor<1x1x3x3xf32>
  return %0 : tensor<1x1x3x3xf32>
}

// -----

// Tests that a pad that would reach the pooling window size is not folded.
// CHECK-LABEL: func.func @pad_exceeds_window
// CHECK: %[[P:.+]] = nn.pad
// CHECK: nn.max_pool %[[P]]
func.func @pad_exceeds_window(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x5x5xf32> {
  %r = nn.relu %x : tensor<1x1x4x4xf32>
  %p = nn.pad %r {pads = array<i64: 0, 0, 2, 2, 0, 0, 0, 0>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x6x6xf32>
  %0 = nn.max_pool %p {kernel = array<i64: 2, 2>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, ceil_mode = false} : (tensor<1x1x6x6xf32>) -> tensor<1x1x5x5xf32>
  return %0 : tensor<1x1x5x5xf32>
}

// -----

// Tests that a zero pad folds into an avg_pool without own pads, which then
// counts the padding (the explicit zeros were counted before).
// CHECK-LABEL: func.func @into_avg_pool
// CHECK-SAME: (%[[X:.+]]: tensor<1x1x4x4xf32>)
// CHECK-NOT: nn.pad
// CHECK: nn.avg_pool %[[X]] {count_include_pad = true, kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32>
func.func @into_avg_pool(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32> {
  %p = nn.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x6x6xf32>
  %0 = nn.avg_pool %p {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x1x6x6xf32>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

// Tests that a zero pad folds into an avg_pool that already counts its pads.
// CHECK-LABEL: func.func @into_avg_pool_count_include_pad
// CHECK-NOT: nn.pad
// CHECK: nn.avg_pool %{{.+}} {count_include_pad = true, kernel = array<i64: 3, 3>, pads = array<i64: 2, 1, 1, 1>
func.func @into_avg_pool_count_include_pad(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x5x4xf32> {
  %p = nn.pad %x {pads = array<i64: 0, 0, 1, 0, 0, 0, 0, 0>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x5x4xf32>
  %0 = nn.avg_pool %p {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, count_include_pad = true} : (tensor<1x1x5x4xf32>) -> tensor<1x1x5x4xf32>
  return %0 : tensor<1x1x5x4xf32>
}

// -----

// Tests that an avg_pool that excludes its own padding keeps the explicit
// pad (its zeros count, the implicit pads do not).
// CHECK-LABEL: func.func @avg_pool_excludes_pad
// CHECK: %[[P:.+]] = nn.pad
// CHECK: nn.avg_pool %[[P]] {kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>
func.func @avg_pool_excludes_pad(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x5x4xf32> {
  %p = nn.pad %x {pads = array<i64: 0, 0, 1, 0, 0, 0, 0, 0>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x5x4xf32>
  %0 = nn.avg_pool %p {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x1x5x4xf32>) -> tensor<1x1x5x4xf32>
  return %0 : tensor<1x1x5x4xf32>
}

// -----

// Tests that a pad whose result has another user still folds into the
// conv, and stays for the other user.
// CHECK-LABEL: func.func @shared_pad
// CHECK-SAME: (%[[X:.+]]: tensor<1x1x4x4xf32>)
// CHECK: %[[P:.+]] = nn.pad %[[X]]
// CHECK: %[[C:.+]] = nn.conv %[[X]], %{{.+}} {{.+}}pads = array<i64: 1, 1, 1, 1>
// CHECK: return %[[C]], %[[P]]
func.func @shared_pad(%x: tensor<1x1x4x4xf32>) -> (tensor<1x1x4x4xf32>, tensor<1x1x6x6xf32>) {
  %w = nn.constant dense<1.0> : tensor<1x1x3x3xf32>
  %p = nn.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x6x6xf32>
  %0 = nn.conv %p, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x6x6xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32>
  return %0, %p : tensor<1x1x4x4xf32>, tensor<1x1x6x6xf32>
}

// -----

// Tests that folding into a ceil_mode pool must not change its output size:
// explicitly padded, the last window starts on a pad row; implicitly padded
// it would start inside the end padding and be dropped, so the pad stays.
// CHECK-LABEL: func.func @max_pool_ceil_mode
// CHECK: %[[P:.+]] = nn.pad
// CHECK: nn.max_pool %[[P]] {{.+}} -> tensor<1x1x2x2xf32>
func.func @max_pool_ceil_mode(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32> {
  %r = nn.relu %x : tensor<1x1x4x4xf32>
  %p = nn.pad %r {pads = array<i64: 0, 0, 0, 0, 0, 0, 1, 1>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x5x5xf32>
  %0 = nn.max_pool %p {kernel = array<i64: 2, 2>, strides = array<i64: 4, 4>, pads = array<i64: 0, 0, 0, 0>, ceil_mode = true} : (tensor<1x1x5x5xf32>) -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}

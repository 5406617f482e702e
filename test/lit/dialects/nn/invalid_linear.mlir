// RUN: edgec-opt --split-input-file --verify-diagnostics %s

// Verifier errors of the convolution, matrix and pooling ops (the data
// movement and elementwise ops are in invalid.mlir).

// Tests that conv input channels must equal weight channels times group.
func.func @conv_channels(%x: tensor<1x4x8x8xf32>, %w: tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32> {
  // expected-error @+1 {{'nn.conv' op input has 4 channels but weight expects 3 x group 1}}
  %0 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32>
  return %0 : tensor<1x8x6x6xf32>
}

// -----

// Tests that output channels must be divisible by group.
func.func @conv_group_outputs(%x: tensor<1x4x8x8xf32>, %w: tensor<6x1x3x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error @+1 {{'nn.conv' op output channels 6 not divisible by group 4}}
  %0 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 4 : i64} : (tensor<1x4x8x8xf32>, tensor<6x1x3x3xf32>) -> tensor<1x6x6x6xf32>
  return %0 : tensor<1x6x6x6xf32>
}

// -----

// Tests that group must be positive.
func.func @conv_group_zero(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32> {
  // expected-error @+1 {{'nn.conv' op group must be positive}}
  %0 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 0 : i64} : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32>
  return %0 : tensor<1x8x6x6xf32>
}

// -----

// Tests that conv pads have four entries.
func.func @conv_pads_count(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32> {
  // expected-error @+1 {{'nn.conv' op expects 2 strides, 4 pads [top, left, bottom, right] and 2 dilations (2-D only)}}
  %0 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32>
  return %0 : tensor<1x8x6x6xf32>
}

// -----

// Tests that conv strides must be positive.
func.func @conv_stride_zero(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32> {
  // expected-error @+1 {{'nn.conv' op strides must be positive}}
  %0 = nn.conv %x, %w {strides = array<i64: 0, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32>
  return %0 : tensor<1x8x6x6xf32>
}

// -----

// Tests that conv dilations must be positive.
func.func @conv_dilation_zero(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32> {
  // expected-error @+1 {{'nn.conv' op dilations must be positive}}
  %0 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 0>, group = 1 : i64} : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32>
  return %0 : tensor<1x8x6x6xf32>
}

// -----

// Tests that conv pads must not be negative.
func.func @conv_negative_pad(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32> {
  // expected-error @+1 {{'nn.conv' op pads must not be negative}}
  %0 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: -1, 0, 1, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32>
  return %0 : tensor<1x8x6x6xf32>
}

// -----

// Tests that conv only takes rank-4 tensors.
func.func @conv_rank(%x: tensor<1x4x8xf32>, %w: tensor<8x4x3xf32>) -> tensor<1x8x6xf32> {
  // expected-error @+1 {{'nn.conv' op expects rank-4 NCHW input and MCkHkW weight, got 'tensor<1x4x8xf32>' and 'tensor<8x4x3xf32>'}}
  %0 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x8xf32>, tensor<8x4x3xf32>) -> tensor<1x8x6xf32>
  return %0 : tensor<1x8x6xf32>
}

// -----

// Tests that a conv bias holds one value per output channel.
func.func @conv_bias(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x8x6x6xf32> {
  // expected-error @+1 {{'nn.conv' op bias must be 1-D with one value per output channel}}
  %0 = nn.conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>, tensor<4xf32>) -> tensor<1x8x6x6xf32>
  return %0 : tensor<1x8x6x6xf32>
}

// -----

// Tests that the (dilated) kernel must fit in the padded input.
func.func @conv_kernel_too_large(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x3x3xf32>) -> tensor<1x1x1x1xf32> {
  // expected-error @+1 {{'nn.conv' op kernel is larger than the padded input}}
  %0 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 2, 2>, group = 1 : i64} : (tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x1x1xf32>
  return %0 : tensor<1x1x1x1xf32>
}

// -----

// Tests that a fused clip needs min <= max.
func.func @conv_fused_clip(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32> {
  // expected-error @+1 {{'nn.conv' op fused clip has min above max}}
  %0 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64, activation = #nn<activation clip>, act_min = 6.0 : f32, act_max = 0.0 : f32} : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x6x6xf32>
  return %0 : tensor<1x8x6x6xf32>
}

// -----

// Tests that gemm's inner dimensions must agree.
func.func @gemm_inner(%a: tensor<1x16xf32>, %b: tensor<10x16xf32>) -> tensor<1x16xf32> {
  // expected-error @+1 {{'nn.gemm' op inner dimensions differ: 16 vs 10}}
  %0 = nn.gemm %a, %b : (tensor<1x16xf32>, tensor<10x16xf32>) -> tensor<1x16xf32>
  return %0 : tensor<1x16xf32>
}

// -----

// Tests that gemm's transA is honoured by the inner-dimension check.
func.func @gemm_inner_trans_a(%a: tensor<1x16xf32>, %b: tensor<16x10xf32>) -> tensor<16x10xf32> {
  // expected-error @+1 {{'nn.gemm' op inner dimensions differ: 1 vs 16}}
  %0 = nn.gemm %a, %b {transA = true} : (tensor<1x16xf32>, tensor<16x10xf32>) -> tensor<16x10xf32>
  return %0 : tensor<16x10xf32>
}

// -----

// Tests that gemm takes rank-2 operands only.
func.func @gemm_rank(%a: tensor<16xf32>, %b: tensor<16x10xf32>) -> tensor<1x10xf32> {
  // expected-error @+1 {{'nn.gemm' op expects rank-2 operands, got 'tensor<16xf32>' and 'tensor<16x10xf32>'}}
  %0 = nn.gemm %a, %b : (tensor<16xf32>, tensor<16x10xf32>) -> tensor<1x10xf32>
  return %0 : tensor<1x10xf32>
}

// -----

// Tests that gemm's C must broadcast to the output.
func.func @gemm_c(%a: tensor<1x16xf32>, %b: tensor<16x10xf32>, %c: tensor<5xf32>) -> tensor<1x10xf32> {
  // expected-error @+1 {{'nn.gemm' op C is not unidirectionally broadcastable to 1x10}}
  %0 = nn.gemm %a, %b, %c : (tensor<1x16xf32>, tensor<16x10xf32>, tensor<5xf32>) -> tensor<1x10xf32>
  return %0 : tensor<1x10xf32>
}

// -----

// Tests that gemm's C may not broadcast the output to a larger shape.
func.func @gemm_c_grows(%a: tensor<1x16xf32>, %b: tensor<16x10xf32>, %c: tensor<3x10xf32>) -> tensor<1x10xf32> {
  // expected-error @+1 {{'nn.gemm' op C is not unidirectionally broadcastable to 1x10}}
  %0 = nn.gemm %a, %b, %c : (tensor<1x16xf32>, tensor<16x10xf32>, tensor<3x10xf32>) -> tensor<1x10xf32>
  return %0 : tensor<1x10xf32>
}

// -----

// Tests that a gemm fused clip needs min <= max.
func.func @gemm_fused_clip(%a: tensor<1x16xf32>, %b: tensor<16x10xf32>) -> tensor<1x10xf32> {
  // expected-error @+1 {{'nn.gemm' op fused clip has min above max}}
  %0 = nn.gemm %a, %b {activation = #nn<activation clip>, act_min = 1.0 : f32, act_max = -1.0 : f32} : (tensor<1x16xf32>, tensor<16x10xf32>) -> tensor<1x10xf32>
  return %0 : tensor<1x10xf32>
}

// -----

// Tests that matmul's inner dimensions must agree.
func.func @matmul_inner(%a: tensor<1x256xf32>, %b: tensor<128x10xf32>) -> tensor<1x10xf32> {
  // expected-error @+1 {{'nn.matmul' op inner dimensions differ: 256 vs 128}}
  %0 = nn.matmul %a, %b : (tensor<1x256xf32>, tensor<128x10xf32>) -> tensor<1x10xf32>
  return %0 : tensor<1x10xf32>
}

// -----

// Tests that matmul is rank 2 after normalization.
func.func @matmul_rank(%a: tensor<2x1x256xf32>, %b: tensor<256x10xf32>) -> tensor<2x1x10xf32> {
  // expected-error @+1 {{'nn.matmul' op supports rank-2 operands only, got 'tensor<2x1x256xf32>' and 'tensor<256x10xf32>'}}
  %0 = nn.matmul %a, %b : (tensor<2x1x256xf32>, tensor<256x10xf32>) -> tensor<2x1x10xf32>
  return %0 : tensor<2x1x10xf32>
}

// -----

// Tests that a matmul bias runs over the last output dimension.
func.func @matmul_bias(%a: tensor<1x256xf32>, %b: tensor<256x10xf32>, %c: tensor<1xf32>) -> tensor<1x10xf32> {
  // expected-error @+1 {{'nn.matmul' op bias must be 1-D over the last output dimension}}
  %0 = nn.matmul %a, %b, %c : (tensor<1x256xf32>, tensor<256x10xf32>, tensor<1xf32>) -> tensor<1x10xf32>
  return %0 : tensor<1x10xf32>
}

// -----

// Tests that pooling pads must be smaller than the kernel.
func.func @max_pool_pads_kernel(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x6x6xf32> {
  // expected-error @+1 {{'nn.max_pool' op pads must be smaller than the kernel}}
  %0 = nn.max_pool %x {kernel = array<i64: 2, 2>, strides = array<i64: 1, 1>, pads = array<i64: 2, 2, 0, 0>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x6x6xf32>
  return %0 : tensor<1x1x6x6xf32>
}

// -----

// Tests that the end pads are checked against the kernel too.
func.func @avg_pool_end_pads_kernel(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x5x4xf32> {
  // expected-error @+1 {{'nn.avg_pool' op pads must be smaller than the kernel}}
  %0 = nn.avg_pool %x {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 1, 0>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x5x4xf32>
  return %0 : tensor<1x1x5x4xf32>
}

// -----

// Tests that pooling needs two positive kernel sizes.
func.func @avg_pool_kernel(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32> {
  // expected-error @+1 {{'nn.avg_pool' op expects two positive kernel sizes}}
  %0 = nn.avg_pool %x {kernel = array<i64: 0, 1>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

// Tests that pooling needs NCHW input.
func.func @max_pool_rank(%x: tensor<1x4x4xf32>) -> tensor<1x2x2xf32> {
  // expected-error @+1 {{'nn.max_pool' op expects a rank-4 NCHW input}}
  %0 = nn.max_pool %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x4x4xf32>) -> tensor<1x2x2xf32>
  return %0 : tensor<1x2x2xf32>
}

// -----

// Tests that pooling strides must be positive.
func.func @max_pool_stride(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32> {
  // expected-error @+1 {{'nn.max_pool' op strides must be positive}}
  %0 = nn.max_pool %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, -1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}

// -----

// Tests that a conv result type must agree with the inferred output size.
func.func @conv_wrong_result(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) -> tensor<1x8x8x8xf32> {
  // expected-error @+2 {{'nn.conv' op inferred type(s) 'tensor<1x8x6x6xf32>' are incompatible with return type(s) of operation 'tensor<1x8x8x8xf32>'}}
  // expected-error @+1 {{'nn.conv' op failed to infer returned types}}
  %0 = nn.conv %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x8x8xf32>
  return %0 : tensor<1x8x8x8xf32>
}

// -----

// Tests that a gemm result follows transB.
func.func @gemm_wrong_result(%a: tensor<1x16xf32>, %b: tensor<10x16xf32>) -> tensor<1x16xf32> {
  // expected-error @+2 {{'nn.gemm' op inferred type(s) 'tensor<1x10xf32>' are incompatible with return type(s) of operation 'tensor<1x16xf32>'}}
  // expected-error @+1 {{'nn.gemm' op failed to infer returned types}}
  %0 = nn.gemm %a, %b {transB = true} : (tensor<1x16xf32>, tensor<10x16xf32>) -> tensor<1x16xf32>
  return %0 : tensor<1x16xf32>
}

// -----

// Tests that a global_avg_pool keeps N and C and sets spatial dims to 1.
func.func @global_avg_pool_wrong_result(%x: tensor<1x8x4x4xf32>) -> tensor<1x8xf32> {
  // expected-error @+2 {{'nn.global_avg_pool' op inferred type(s) 'tensor<1x8x1x1xf32>' are incompatible with return type(s) of operation 'tensor<1x8xf32>'}}
  // expected-error @+1 {{'nn.global_avg_pool' op failed to infer returned types}}
  %0 = nn.global_avg_pool %x : (tensor<1x8x4x4xf32>) -> tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}

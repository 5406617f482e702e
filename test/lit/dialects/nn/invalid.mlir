// RUN: edgec-opt --split-input-file --verify-diagnostics %s

// Verifier errors of nn ops, one case per rule, and result types that
// disagree with the inferred type.

// Tests that a constant's value type must match its result type.
func.func @constant_type_mismatch() -> tensor<2xf32> {
  // expected-error @+1 {{'nn.constant' op failed to verify that all of {value, output} have same type}}
  %0 = "nn.constant"() <{value = dense<[1.0, 2.0, 3.0]> : tensor<3xf32>}> : () -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Tests that a constant of an element type outside the nn set is rejected.
func.func @constant_i3() -> tensor<2xi3> {
  // expected-error @+1 {{'nn.constant' op result #0 must be ranked tensor of}}
  %0 = nn.constant dense<[1, 2]> : tensor<2xi3>
  return %0 : tensor<2xi3>
}

// -----

// Tests that gather's axis must lie inside the input rank.
func.func @gather_axis(%x: tensor<4xi64>, %i: tensor<i64>) -> tensor<i64> {
  // expected-error @+1 {{'nn.gather' op axis 1 is out of range for rank 1}}
  %0 = nn.gather %x, %i {axis = 1 : i64} : (tensor<4xi64>, tensor<i64>) -> tensor<i64>
  return %0 : tensor<i64>
}

// -----

// Tests that a negative gather axis is rejected and printed as given.
func.func @gather_negative_axis(%x: tensor<4xi64>, %i: tensor<i64>) -> tensor<i64> {
  // expected-error @+1 {{'nn.gather' op axis -1 is out of range for rank 1}}
  %0 = nn.gather %x, %i {axis = -1 : i64} : (tensor<4xi64>, tensor<i64>) -> tensor<i64>
  return %0 : tensor<i64>
}

// -----

// Tests that gather's indices must be integers.
func.func @gather_float_indices(%x: tensor<4xi64>, %i: tensor<f32>) -> tensor<i64> {
  // expected-error @+1 {{'nn.gather' op operand #1 must be ranked tensor of 64-bit signless integer or 32-bit signless integer values}}
  %0 = nn.gather %x, %i {axis = 0 : i64} : (tensor<4xi64>, tensor<f32>) -> tensor<i64>
  return %0 : tensor<i64>
}

// -----

// Tests that reshape may not change the element count.
func.func @reshape_count(%x: tensor<2x5xf32>) -> tensor<3x3xf32> {
  %s = nn.constant dense<[3, 3]> : tensor<2xi64>
  // expected-error @+1 {{'nn.reshape' op cannot reshape 'tensor<2x5xf32>' into 'tensor<3x3xf32>'}}
  %0 = nn.reshape %x, %s : (tensor<2x5xf32>, tensor<2xi64>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

// Tests that reshape accepts at most one -1.
func.func @reshape_two_infer(%x: tensor<2x5xf32>) -> tensor<?x?xf32> {
  %s = nn.constant dense<[-1, -1]> : tensor<2xi64>
  // expected-error @+1 {{'nn.reshape' op at most one target dimension may be -1}}
  %0 = nn.reshape %x, %s : (tensor<2x5xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// Tests that reshape target dimensions below -1 are rejected.
func.func @reshape_bad_dim(%x: tensor<2x5xf32>) -> tensor<?x?xf32> {
  %s = nn.constant dense<[-2, 5]> : tensor<2xi64>
  // expected-error @+1 {{'nn.reshape' op target dimension -2 is invalid}}
  %0 = nn.reshape %x, %s : (tensor<2x5xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// Tests that concat inputs must share their rank.
func.func @concat_rank(%a: tensor<1x2xf32>, %b: tensor<2xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{'nn.concat' op inputs must share rank and element type}}
  %0 = nn.concat %a, %b {axis = 1 : i64} : (tensor<1x2xf32>, tensor<2xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

// Tests that concat inputs must share their element type.
func.func @concat_element_type(%a: tensor<2xf32>, %b: tensor<2xi64>) -> tensor<4xf32> {
  // expected-error @+1 {{'nn.concat' op inputs must share rank and element type}}
  %0 = nn.concat %a, %b {axis = 0 : i64} : (tensor<2xf32>, tensor<2xi64>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that concat inputs may only differ along the axis.
func.func @concat_dims(%a: tensor<1x2xf32>, %b: tensor<2x3xf32>) -> tensor<1x5xf32> {
  // expected-error @+1 {{'nn.concat' op inputs differ in dimension 0}}
  %0 = nn.concat %a, %b {axis = 1 : i64} : (tensor<1x2xf32>, tensor<2x3xf32>) -> tensor<1x5xf32>
  return %0 : tensor<1x5xf32>
}

// -----

// Tests that concat's axis must lie inside the rank.
func.func @concat_axis(%a: tensor<1x2xf32>) -> tensor<1x2xf32> {
  // expected-error @+1 {{'nn.concat' op axis 2 is out of range for rank 2}}
  %0 = nn.concat %a {axis = 2 : i64} : (tensor<1x2xf32>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}

// -----

// Tests that concat needs at least one input.
func.func @concat_empty() -> tensor<2xf32> {
  // expected-error @+1 {{'nn.concat' op needs at least one input}}
  %0 = nn.concat {axis = 0 : i64} : () -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Tests that transpose's perm must be a permutation.
func.func @transpose_not_perm(%x: tensor<2x3xf32>) -> tensor<2x2xf32> {
  // expected-error @+1 {{'nn.transpose' op perm is not a permutation}}
  %0 = nn.transpose %x {perm = array<i64: 0, 0>} : (tensor<2x3xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

// Tests that transpose's perm has one entry per dimension.
func.func @transpose_perm_size(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error @+1 {{'nn.transpose' op perm has 3 entries for rank 2}}
  %0 = nn.transpose %x {perm = array<i64: 1, 0, 2>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// Tests that a slice step of zero is rejected.
func.func @slice_zero_step(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'nn.slice' op step must not be zero}}
  %0 = nn.slice %x {starts = array<i64: 0>, ends = array<i64: 4>, steps = array<i64: 0>} : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that slice bounds need one entry per dimension.
func.func @slice_bounds_size(%x: tensor<4x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'nn.slice' op starts, ends and steps need one entry per dimension}}
  %0 = nn.slice %x {starts = array<i64: 0>, ends = array<i64: 2>, steps = array<i64: 1>} : (tensor<4x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// Tests that pads need two entries per dimension.
func.func @pad_count(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> {
  // expected-error @+1 {{'nn.pad' op pads needs 8 entries}}
  %0 = nn.pad %x {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

// Tests that negative (cropping) pads are rejected.
func.func @pad_negative(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x3x4xf32> {
  // expected-error @+1 {{'nn.pad' op negative pads are not supported}}
  %0 = nn.pad %x {pads = array<i64: 0, 0, -1, 0, 0, 0, 0, 0>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x3x4xf32>
  return %0 : tensor<1x1x3x4xf32>
}

// -----

// Tests that pad only takes float tensors.
func.func @pad_integer(%x: tensor<2xi64>) -> tensor<4xi64> {
  // expected-error @+1 {{'nn.pad' op operand #0 must be ranked tensor of 32-bit float or 64-bit float values}}
  %0 = nn.pad %x {pads = array<i64: 1, 1>} : (tensor<2xi64>) -> tensor<4xi64>
  return %0 : tensor<4xi64>
}

// -----

// Tests that binary operands must broadcast.
func.func @add_not_broadcastable(%a: tensor<2x5xf32>, %b: tensor<6xf32>) -> tensor<2x5xf32> {
  // expected-error @+1 {{'nn.add' op operands don't have broadcast-compatible shapes}}
  %0 = nn.add %a, %b : (tensor<2x5xf32>, tensor<6xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// Tests that binary operands must share their element type.
func.func @mul_element_types(%a: tensor<2xf32>, %b: tensor<2xi64>) -> tensor<2xf32> {
  // expected-error @+1 {{'nn.mul' op operands must have the same element type, got 'f32' and 'i64'}}
  %0 = nn.mul %a, %b : (tensor<2xf32>, tensor<2xi64>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Tests that unary ops keep their operand type.
func.func @relu_type(%x: tensor<2xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'nn.relu' op requires the same type for all operands and results}}
  %0 = "nn.relu"(%x) : (tensor<2xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// Tests that clip's min may not exceed its max.
func.func @clip_min_max(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'nn.clip' op min 6.000000e+00 exceeds max 0.000000e+00}}
  %0 = nn.clip %x {min = 6.0 : f32, max = 0.0 : f32} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that softmax's axis must lie inside the rank.
func.func @softmax_axis(%x: tensor<1x10xf32>) -> tensor<1x10xf32> {
  // expected-error @+1 {{'nn.softmax' op axis 2 is out of range for rank 2}}
  %0 = nn.softmax %x {axis = 2 : i64} : tensor<1x10xf32>
  return %0 : tensor<1x10xf32>
}

// -----

// Tests that softmax's axis is normalized (non-negative) in nn, and that the
// message prints the axis as given.
func.func @softmax_negative_axis(%x: tensor<1x10xf32>) -> tensor<1x10xf32> {
  // expected-error @+1 {{'nn.softmax' op axis -1 is out of range for rank 2}}
  %0 = nn.softmax %x {axis = -1 : i64} : tensor<1x10xf32>
  return %0 : tensor<1x10xf32>
}

// -----

// Tests that argmax's axis must lie inside the rank.
func.func @argmax_axis(%x: tensor<2x3xf32>) -> tensor<2x1xi64> {
  // expected-error @+1 {{'nn.argmax' op axis 2 is out of range for rank 2}}
  %0 = nn.argmax %x {axis = 2 : i64} : (tensor<2x3xf32>) -> tensor<2x1xi64>
  return %0 : tensor<2x1xi64>
}

// -----

// Tests that batch_norm parameters hold one value per channel.
func.func @batch_norm_params(%x: tensor<1x3x4x4xf32>, %s: tensor<5xf32>) -> tensor<1x3x4x4xf32> {
  // expected-error @+1 {{'nn.batch_norm' op scale, bias, mean and var must be 1-D with one value per channel}}
  %0 = nn.batch_norm %x, %s, %s, %s, %s : (tensor<1x3x4x4xf32>, tensor<5xf32>, tensor<5xf32>, tensor<5xf32>, tensor<5xf32>) -> tensor<1x3x4x4xf32>
  return %0 : tensor<1x3x4x4xf32>
}

// -----

// Tests that batch_norm needs a channel axis.
func.func @batch_norm_rank(%x: tensor<3xf32>, %s: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'nn.batch_norm' op expects an input of rank >= 2 with channels at axis 1}}
  %0 = nn.batch_norm %x, %s, %s, %s, %s : (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// Tests that global_avg_pool needs spatial dimensions.
func.func @global_avg_pool_rank(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{'nn.global_avg_pool' op expects an input of rank >= 3 (N, C, spatial...)}}
  %0 = nn.global_avg_pool %x : (tensor<1x8xf32>) -> tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}

// -----

// Tests that an op's declared result type must agree with inference.
func.func @shape_wrong_length(%x: tensor<1x3x4xf32>) -> tensor<4xi64> {
  // expected-error @+2 {{'nn.shape' op inferred type(s) 'tensor<3xi64>' are incompatible with return type(s) of operation 'tensor<4xi64>'}}
  // expected-error @+1 {{'nn.shape' op failed to infer returned types}}
  %0 = nn.shape %x : (tensor<1x3x4xf32>) -> tensor<4xi64>
  return %0 : tensor<4xi64>
}

// -----

// Tests that a declared dimension that contradicts the inferred one fails.
func.func @transpose_wrong_result(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{'nn.transpose' op inferred type(s) 'tensor<3x2xf32>' are incompatible with return type(s) of operation 'tensor<2x3xf32>'}}
  // expected-error @+1 {{'nn.transpose' op failed to infer returned types}}
  %0 = nn.transpose %x {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Tests that the result element type must agree with inference.
func.func @add_wrong_element_type(%a: tensor<2xf32>) -> tensor<2xi64> {
  // expected-error @+2 {{'nn.add' op inferred type(s) 'tensor<2xf32>' are incompatible with return type(s) of operation 'tensor<2xi64>'}}
  // expected-error @+1 {{'nn.add' op failed to infer returned types}}
  %0 = nn.add %a, %a : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// Tests that a concat result must have the summed axis length.
func.func @concat_wrong_result(%a: tensor<1x2xf32>, %b: tensor<1x3xf32>) -> tensor<1x6xf32> {
  // expected-error @+2 {{'nn.concat' op inferred type(s) 'tensor<1x5xf32>' are incompatible with return type(s) of operation 'tensor<1x6xf32>'}}
  // expected-error @+1 {{'nn.concat' op failed to infer returned types}}
  %0 = nn.concat %a, %b {axis = 1 : i64} : (tensor<1x2xf32>, tensor<1x3xf32>) -> tensor<1x6xf32>
  return %0 : tensor<1x6xf32>
}

// -----

// Tests that argmax's keepdims changes the inferred rank.
func.func @argmax_keepdims_result(%x: tensor<2x3xf32>) -> tensor<2xi64> {
  // expected-error @+2 {{'nn.argmax' op inferred type(s) 'tensor<2x1xi64>' are incompatible with return type(s) of operation 'tensor<2xi64>'}}
  // expected-error @+1 {{'nn.argmax' op failed to infer returned types}}
  %0 = nn.argmax %x {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// Tests that a pool's ceil_mode is part of the inferred output size.
func.func @max_pool_ceil_result(%x: tensor<1x1x5x5xf32>) -> tensor<1x1x2x2xf32> {
  // expected-error @+2 {{'nn.max_pool' op inferred type(s) 'tensor<1x1x3x3xf32>' are incompatible with return type(s) of operation 'tensor<1x1x2x2xf32>'}}
  // expected-error @+1 {{'nn.max_pool' op failed to infer returned types}}
  %0 = nn.max_pool %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, ceil_mode = true} : (tensor<1x1x5x5xf32>) -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}

// -----

// Tests that an unknown activation kind is a parse error.
func.func @bad_activation(%a: tensor<2x2xf32>) -> tensor<2x2xf32> {
  // expected-error @+2 {{expected ::edgec::nn::ActivationKind to be one of: none, relu, clip, sigmoid}}
  // expected-error @+1 {{failed to parse NN_ActivationAttr parameter 'value'}}
  %0 = nn.matmul %a, %a {activation = #nn<activation tanh>} : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

// Tests that GatherElements needs indices of the input's rank.
func.func @gather_elements_rank(%x: tensor<2x3xf32>, %i: tensor<2xi64>) -> tensor<2xf32> {
  // expected-error @+1 {{indices must have the input's rank and the result the indices' shape}}
  %0 = nn.gather_elements %x, %i {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Tests that ScatterElements rejects an unknown reduction.
func.func @scatter_reduction(%x: tensor<3xf32>, %i: tensor<2xi64>, %u: tensor<2xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{reduction must be none, add, mul, max or min}}
  %0 = nn.scatter_elements %x, %i, %u {axis = 0 : i64, reduction = "sub"} : (tensor<3xf32>, tensor<2xi64>, tensor<2xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// Tests that bitwise ops take integers only.
func.func @bitwise_float(%a: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{operand #0 must be ranked tensor of 64-bit signless integer or 32-bit signless integer}}
  %0 = nn.bitwise_and %a, %a : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Tests that a bit cast keeps the element width.
func.func @bitcast_width(%x: tensor<4xf32>) -> tensor<4xi64> {
  // expected-error @+1 {{needs element types of the same width}}
  %0 = nn.bitcast %x : tensor<4xf32> to tensor<4xi64>
  return %0 : tensor<4xi64>
}

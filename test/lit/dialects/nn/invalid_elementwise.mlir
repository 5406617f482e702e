// RUN: edgec-opt --split-input-file --verify-diagnostics %s

// Tests that comparing tensors of different element types is rejected.
func.func @compare_types(%a: tensor<4xf32>, %b: tensor<4xi64>) -> tensor<4xi1> {
  // expected-error @+1 {{operands must have the same element type}}
  %0 = nn.equal %a, %b : (tensor<4xf32>, tensor<4xi64>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

// Tests that a comparison of non-broadcastable shapes is rejected.
func.func @compare_shapes(%a: tensor<4xf32>, %b: tensor<3xf32>) -> tensor<4xi1> {
  // expected-error @+1 {{operands don't have broadcast-compatible shapes}}
  %0 = nn.less %a, %b : (tensor<4xf32>, tensor<3xf32>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

// Tests that where needs values of one element type.
func.func @where_types(%c: tensor<4xi1>, %a: tensor<4xf32>, %b: tensor<4xi64>) -> tensor<4xf32> {
  // expected-error @+1 {{value operands must have the same element type}}
  %0 = nn.where %c, %a, %b : (tensor<4xi1>, tensor<4xf32>, tensor<4xi64>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that where rejects shapes that do not broadcast.
func.func @where_shapes(%c: tensor<5xi1>, %a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{not broadcastable}}
  %0 = nn.where %c, %a, %b : (tensor<5xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that pow of mismatched element types is rejected.
func.func @pow_types(%a: tensor<4xf32>, %b: tensor<4xi64>) -> tensor<4xf32> {
  // expected-error @+1 {{operands must have the same element type}}
  %0 = nn.pow %a, %b : (tensor<4xf32>, tensor<4xi64>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that a declared compare result that is not boolean is rejected.
func.func @compare_result(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{result #0 must be ranked tensor of 1-bit signless integer values}}
  %0 = nn.greater %a, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that reduce axes must be sorted, unique and in range.
func.func @reduce_axes(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{axes must be sorted, unique and in [0, 2)}}
  %0 = nn.reduce %x {kind = #nn<reduce_kind sum>, axes = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Tests that nn.expand needs a shape the input broadcasts to.
func.func @expand_shape(%x: tensor<3x2xf32>) -> tensor<2x3x4xf32> {
  // expected-error @+1 {{input dimension 1 (2) does not broadcast to 4}}
  %0 = nn.expand %x : tensor<3x2xf32> to tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// Tests that nn.expand keeps the element type and does not drop dimensions.
func.func @expand_rank(%x: tensor<2x3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{result rank 1 is below the input rank 2}}
  %0 = nn.expand %x : tensor<2x3xf32> to tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// Tests that nn.batch_matmul needs equal inner sizes.
func.func @batch_matmul_inner(%a: tensor<2x3x4xf32>, %b: tensor<5x6xf32>) -> tensor<2x3x6xf32> {
  // expected-error @+1 {{do not multiply}}
  %0 = nn.batch_matmul %a, %b : (tensor<2x3x4xf32>, tensor<5x6xf32>) -> tensor<2x3x6xf32>
  return %0 : tensor<2x3x6xf32>
}

// RUN: edgec-opt %s -split-input-file -verify-diagnostics

// The qnn verifiers: each op rejects what its integer kernel cannot compute.

func.func @quantize_per_axis(%x: tensor<2x2xf32>) {
  // expected-error @+1 {{result must be a per-tensor signed 8- or 16-bit uniform type}}
  %q = qnn.quantize %x : tensor<2x2xf32> -> tensor<2x2x!quant.uniform<i8:f32:0, {0.1,0.2}>>
  return
}

// -----

func.func @quantize_unsigned(%x: tensor<2xf32>) {
  // expected-error @+1 {{result must be a per-tensor signed 8- or 16-bit uniform type}}
  %q = qnn.quantize %x : tensor<2xf32> -> tensor<2x!quant.uniform<u8:f32, 0.1:128>>
  return
}

// -----

func.func @dequantize_axis(%q: tensor<3x2x!quant.uniform<i8:f32:1, {0.1,0.2,0.3}>>) {
  // expected-error @+1 {{per-axis scales do not match the quantized dimension}}
  %d = qnn.dequantize %q : tensor<3x2x!quant.uniform<i8:f32:1, {0.1,0.2,0.3}>> -> tensor<3x2xf32>
  return
}

// -----

func.func @conv_unsigned_weight(%x: tensor<1x1x4x4x!quant.uniform<i8:f32, 1.0>>, %w: tensor<2x1x3x3x!quant.uniform<u8:f32, 0.1:3>>) {
  // expected-error @+1 {{weight must be signed int8, per tensor or per output channel (dimension 0)}}
  %y = qnn.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x4x4x!quant.uniform<i8:f32, 1.0>>, tensor<2x1x3x3x!quant.uniform<u8:f32, 0.1:3>>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 1.0>>
  return
}

// -----

func.func @conv_per_axis_wrong_dim(%x: tensor<1x1x4x4x!quant.uniform<i8:f32, 1.0>>, %w: tensor<2x1x3x3x!quant.uniform<i8:f32:1, {0.1}>>) {
  // expected-error @+1 {{weight must be signed int8, per tensor or per output channel (dimension 0)}}
  %y = qnn.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x4x4x!quant.uniform<i8:f32, 1.0>>, tensor<2x1x3x3x!quant.uniform<i8:f32:1, {0.1}>>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 1.0>>
  return
}

// -----

func.func @conv_shape(%x: tensor<1x1x4x4x!quant.uniform<i8:f32, 1.0>>, %w: tensor<2x1x3x3x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{output spatial dimension 0 does not match the window}}
  %y = qnn.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x4x4x!quant.uniform<i8:f32, 1.0>>, tensor<2x1x3x3x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x3x3x!quant.uniform<i8:f32, 1.0>>
  return
}

// -----

func.func @conv_bias(%x: tensor<1x1x4x4x!quant.uniform<i8:f32, 1.0>>, %w: tensor<2x1x3x3x!quant.uniform<i8:f32, 0.1>>, %b: tensor<3xi32>) {
  // expected-error @+1 {{bias must be a 1-D tensor of 2 int32 values}}
  %y = qnn.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x4x4x!quant.uniform<i8:f32, 1.0>>, tensor<2x1x3x3x!quant.uniform<i8:f32, 0.1>>, tensor<3xi32>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 1.0>>
  return
}

// -----

func.func @conv_group(%x: tensor<1x3x4x4x!quant.uniform<i8:f32, 1.0>>, %w: tensor<2x1x3x3x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{group 2 does not divide the channels consistently}}
  %y = qnn.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 2 : i64} : (tensor<1x3x4x4x!quant.uniform<i8:f32, 1.0>>, tensor<2x1x3x3x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 1.0>>
  return
}

// -----

func.func @fc_clamp(%x: tensor<1x4x!quant.uniform<i8:f32, 1.0>>, %w: tensor<2x4x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{clamp [100, 50] is empty within the storage range [-128, 127]}}
  %y = qnn.fully_connected %x, %w {act_min = 100 : i64, act_max = 50 : i64} : (tensor<1x4x!quant.uniform<i8:f32, 1.0>>, tensor<2x4x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x!quant.uniform<i8:f32, 1.0>>
  return
}

// -----

func.func @fc_shapes(%x: tensor<1x4x!quant.uniform<i8:f32, 1.0>>, %w: tensor<2x5x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{shapes do not form [M, K] x [N, K] -> [M, N]}}
  %y = qnn.fully_connected %x, %w : (tensor<1x4x!quant.uniform<i8:f32, 1.0>>, tensor<2x5x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x!quant.uniform<i8:f32, 1.0>>
  return
}

// -----

func.func @add_broadcast(%a: tensor<2x3x!quant.uniform<i8:f32, 1.0>>, %b: tensor<2x!quant.uniform<i8:f32, 1.0>>) {
  // expected-error @+1 {{operands do not broadcast to the output shape}}
  %y = qnn.add %a, %b : (tensor<2x3x!quant.uniform<i8:f32, 1.0>>, tensor<2x!quant.uniform<i8:f32, 1.0>>) -> tensor<2x3x!quant.uniform<i8:f32, 1.0>>
  return
}

// -----

func.func @add_float_expressed(%a: tensor<2x!quant.uniform<i8:f16, 1.0>>, %b: tensor<2x!quant.uniform<i8:f32, 1.0>>) {
  // expected-error @+1 {{lhs must have a per-tensor signed 8- or 16-bit uniform quantized element type with f32 expressed type}}
  %y = qnn.add %a, %b : (tensor<2x!quant.uniform<i8:f16, 1.0>>, tensor<2x!quant.uniform<i8:f32, 1.0>>) -> tensor<2x!quant.uniform<i8:f32, 1.0>>
  return
}

// -----

func.func @pool_window(%x: tensor<1x1x4x4x!quant.uniform<i8:f32, 1.0>>) {
  // expected-error @+1 {{output spatial dimension 0 does not match the window}}
  %y = qnn.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x1x4x4x!quant.uniform<i8:f32, 1.0>>) -> tensor<1x1x3x2x!quant.uniform<i8:f32, 1.0>>
  return
}

// -----

func.func @requantize_shape(%x: tensor<4x!quant.uniform<i8:f32, 1.0>>) {
  // expected-error @+1 {{input and output shapes differ}}
  %y = qnn.requantize %x : (tensor<4x!quant.uniform<i8:f32, 1.0>>) -> tensor<2x!quant.uniform<i8:f32, 2.0>>
  return
}

// -----

func.func @mul_16bit(%a: tensor<2x!quant.uniform<i16:f32, 1.0>>) {
  // expected-error @+1 {{inputs must be 8-bit (the int32 product of 16-bit inputs can overflow)}}
  %y = qnn.mul %a, %a : (tensor<2x!quant.uniform<i16:f32, 1.0>>, tensor<2x!quant.uniform<i16:f32, 1.0>>) -> tensor<2x!quant.uniform<i8:f32, 1.0>>
  return
}

// -----

func.func @table_size(%a: tensor<2x!quant.uniform<i8:f32, 1.0>>) {
  // expected-error @+1 {{table must have 256 entries, has 3}}
  %y = qnn.table %a {table = array<i8: 1, 2, 3>} : (tensor<2x!quant.uniform<i8:f32, 1.0>>) -> tensor<2x!quant.uniform<i8:f32, 1.0>>
  return
}

// -----

func.func @table_16bit(%a: tensor<2x!quant.uniform<i16:f32, 1.0>>) {
  // expected-error @+1 {{input and output must be 8-bit}}
  %y = qnn.table %a {table = array<i8: 1>} : (tensor<2x!quant.uniform<i16:f32, 1.0>>) -> tensor<2x!quant.uniform<i8:f32, 1.0>>
  return
}

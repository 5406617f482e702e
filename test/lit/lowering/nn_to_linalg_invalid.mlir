// RUN: edgec-opt --split-input-file --edgec-convert-nn-to-linalg --verify-diagnostics %s

// nn ops that edgec-convert-nn-to-linalg refuses, each reported at the op.

// Tests that integer Pow that was not folded is reported.
func.func @integer_pow(%a: tensor<2xi64>) -> tensor<2xi64> {
  // expected-error @+2 {{integer nn.pow is only supported on constants (it should have been folded)}}
  // expected-error @+1 {{failed to legalize operation 'nn.pow'}}
  %0 = nn.pow %a, %a : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// Tests that arithmetic on unsigned tensors that edgec-signless-integers
// has not made signless is refused, not miscompiled (arith has signless
// integers only).
func.func @unsigned_add(%a: tensor<4xui8>, %b: tensor<4xui8>) -> tensor<4xui8> {
  // expected-error @+2 {{nn.add of 'ui8' tensors is not supported (float32 and integers)}}
  // expected-error @+1 {{failed to legalize operation 'nn.add'}}
  %0 = nn.add %a, %b : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

// Tests that float Mod needs fmod, and that casts of unsigned tensors are
// refused.
func.func @float_mod(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+2 {{Mod of floats needs fmod=1 (ONNX)}}
  // expected-error @+1 {{failed to legalize operation 'nn.mod'}}
  %0 = nn.mod %a, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @unsigned_cast(%a: tensor<4xui8>) -> tensor<4xf32> {
  // expected-error @+2 {{casts from or to unsigned integer tensors need edgec-signless-integers first}}
  // expected-error @+1 {{failed to legalize operation 'nn.cast'}}
  %0 = nn.cast %a : tensor<4xui8> to tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that a reshape whose target is computed at run time is reported.
func.func @runtime_reshape(%a: tensor<4xf32>, %s: tensor<2xi64>) -> tensor<?x?xf32> {
  // expected-error @+2 {{reshape target is not known at compile time}}
  // expected-error @+1 {{failed to legalize operation 'nn.reshape'}}
  %0 = nn.reshape %a, %s : (tensor<4xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// Tests that comparing unsigned integer tensors is refused, not miscompiled,
// without edgec-signless-integers.
func.func @unsigned_compare(%a: tensor<4xui8>) -> tensor<4xi1> {
  // expected-error @+2 {{comparisons of unsigned integer tensors need edgec-signless-integers first}}
  // expected-error @+1 {{failed to legalize operation 'nn.greater'}}
  %0 = nn.greater %a, %a : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// RUN: edgec-opt --split-input-file --edgec-convert-nn-to-linalg --verify-diagnostics %s

// nn ops that edgec-convert-nn-to-linalg refuses, each reported at the op.

// Tests that integer arithmetic that was not folded is reported.
func.func @integer_add(%a: tensor<2xi64>) -> tensor<2xi64> {
  // expected-error @+2 {{integer nn.add is only supported on constants (it should have been folded)}}
  // expected-error @+1 {{failed to legalize operation 'nn.add'}}
  %0 = nn.add %a, %a : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// Tests that integer arithmetic on run-time data (not folded away) is
// reported at the op.
func.func @runtime_integer_add(%a: tensor<4xi64>, %b: tensor<4xi64>) -> tensor<4xi64> {
  // expected-error @+2 {{integer nn.add is only supported on constants}}
  // expected-error @+1 {{failed to legalize operation 'nn.add'}}
  %0 = nn.add %a, %b : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  return %0 : tensor<4xi64>
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

// Tests that comparing unsigned integer tensors is refused, not miscompiled.
func.func @unsigned_compare(%a: tensor<4xui8>) -> tensor<4xi1> {
  // expected-error @+2 {{comparisons of unsigned integer tensors are not supported yet}}
  // expected-error @+1 {{failed to legalize operation 'nn.greater'}}
  %0 = nn.greater %a, %a : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

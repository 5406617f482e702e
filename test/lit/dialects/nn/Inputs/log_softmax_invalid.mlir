// Tests that an out-of-range log_softmax axis is rejected.
func.func @axis(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  %0 = nn.log_softmax %x {axis = 2 : i64} : tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// RUN: edgec-opt --split-input-file --edgec-infer-shapes --verify-diagnostics %s

// edgec-infer-shapes (require-static=true, the default) reports every result
// that stays dynamic, pointing at --input-shape.

// Tests that a dimension that stays dynamic is reported at its op.
func.func @dynamic_input(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{could not infer a static shape for this result ('tensor<?x4xf32>'); pin symbolic model inputs with --input-shape}}
  %0 = nn.relu %x : tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// Tests that every dynamic result is reported, not only the first.
func.func @every_result(%x: tensor<1x?xf32>, %b: tensor<1xf32>) -> tensor<1x?xf32> {
  // expected-error @+1 {{could not infer a static shape for this result ('tensor<1x?xf32>')}}
  %0 = nn.add %x, %b : (tensor<1x?xf32>, tensor<1xf32>) -> tensor<1x?xf32>
  // expected-error @+1 {{could not infer a static shape for this result ('tensor<1x?xf32>')}}
  %1 = nn.sigmoid %0 : tensor<1x?xf32>
  return %1 : tensor<1x?xf32>
}

// -----

// Tests that a reshape whose target depends on a dynamic dimension stays
// dynamic and is reported.
func.func @dynamic_reshape_target(%x: tensor<?x3xf32>, %y: tensor<6xf32>) -> tensor<?x?xf32> {
  %s = nn.shape %x : (tensor<?x3xf32>) -> tensor<2xi64>
  // expected-error @+1 {{could not infer a static shape for this result ('tensor<?x?xf32>')}}
  %r = nn.reshape %y, %s : (tensor<6xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  return %r : tensor<?x?xf32>
}

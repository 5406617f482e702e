// RUN: edgec-opt --split-input-file --edgec-signless-integers --verify-diagnostics %s | FileCheck %s

// Tests that unsigned tensors become signless of the same width (values,
// constants and the signature), and that the ops whose result depends on
// signedness are marked: division, max, ordered comparisons, and casts on
// the unsigned side; wrapping addition and equality are not.
// CHECK-LABEL: func.func @mixed
// CHECK-SAME: (%[[A:.+]]: tensor<4xi16>, %[[B:.+]]: tensor<4xi16>) -> (tensor<4xi16>, tensor<4xi16>, tensor<4xi1>, tensor<4xi1>, tensor<4xf32>, tensor<4xi32>)
// CHECK: %[[K:.+]] = nn.constant dense<-1> : tensor<4xi16>
// CHECK: %[[S:.+]] = nn.add %[[A]], %[[K]] : (tensor<4xi16>, tensor<4xi16>) -> tensor<4xi16>
// CHECK: %[[D:.+]] = nn.div %[[S]], %[[B]] {is_unsigned}
// CHECK: nn.greater %[[A]], %[[B]] {is_unsigned}
// CHECK: nn.equal %[[A]], %[[B]] :
// CHECK: nn.cast %[[D]] {from_unsigned} : tensor<4xi16> to tensor<4xf32>
// CHECK: nn.cast %{{.+}} {to_unsigned} : tensor<4xf32> to tensor<4xi32>
func.func @mixed(%a: tensor<4xui16>, %b: tensor<4xui16>) -> (tensor<4xui16>, tensor<4xui16>, tensor<4xi1>, tensor<4xi1>, tensor<4xf32>, tensor<4xui32>) {
  %k = nn.constant dense<65535> : tensor<4xui16>
  %s = nn.add %a, %k : (tensor<4xui16>, tensor<4xui16>) -> tensor<4xui16>
  %d = nn.div %s, %b : (tensor<4xui16>, tensor<4xui16>) -> tensor<4xui16>
  %g = nn.greater %a, %b : (tensor<4xui16>, tensor<4xui16>) -> tensor<4xi1>
  %e = nn.equal %a, %b : (tensor<4xui16>, tensor<4xui16>) -> tensor<4xi1>
  %f = nn.cast %d : tensor<4xui16> to tensor<4xf32>
  %u = nn.cast %f : tensor<4xf32> to tensor<4xui32>
  return %s, %d, %g, %e, %f, %u : tensor<4xui16>, tensor<4xui16>, tensor<4xi1>, tensor<4xi1>, tensor<4xf32>, tensor<4xui32>
}

// -----

// Tests that an op whose unsigned meaning the lowering does not implement
// is an error rather than a signed result.
func.func @unsupported(%a: tensor<4xui8>) -> tensor<4xui8> {
  // expected-error @+1 {{'nn.abs' of unsigned integer tensors is not supported}}
  %0 = nn.abs %a : tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

// Tests that signed and float functions are left as they are.
// CHECK-LABEL: func.func @signed
// CHECK: nn.div %{{.+}}, %{{.+}} : (tensor<4xi16>, tensor<4xi16>) -> tensor<4xi16>
func.func @signed(%a: tensor<4xi16>) -> tensor<4xi16> {
  %0 = nn.div %a, %a : (tensor<4xi16>, tensor<4xi16>) -> tensor<4xi16>
  return %0 : tensor<4xi16>
}

// RUN: edgec-opt --split-input-file --edgec-float16-storage --verify-diagnostics %s | FileCheck %s

// Tests that float16 tensors become i16 bit patterns (signature, constants,
// data movement) and that the casts to and from float32 are marked.
// CHECK-LABEL: func.func @edges
// CHECK-SAME: (%[[X:.+]]: tensor<4xi16>) -> (tensor<4xi16>, tensor<2x2xi16>)
// CHECK: %[[F:.+]] = nn.cast %[[X]] {half_bits} : tensor<4xi16> to tensor<4xf32>
// CHECK: %[[H:.+]] = nn.cast %{{.+}} {half_bits} : tensor<4xf32> to tensor<4xi16>
// CHECK: nn.reshape %[[H]], %{{.+}} : (tensor<4xi16>, tensor<2xi64>) -> tensor<2x2xi16>
func.func @edges(%x: tensor<4xf16>) -> (tensor<4xf16>, tensor<2x2xf16>) {
  %f = nn.cast %x : tensor<4xf16> to tensor<4xf32>
  %y = nn.add %f, %f : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %h = nn.cast %y : tensor<4xf32> to tensor<4xf16>
  %s = nn.constant dense<[2, 2]> : tensor<2xi64>
  %r = nn.reshape %h, %s : (tensor<4xf16>, tensor<2xi64>) -> tensor<2x2xf16>
  return %h, %r : tensor<4xf16>, tensor<2x2xf16>
}

// -----

// Tests that arithmetic on float16 is refused (the importer computes it in
// float32).
func.func @arith(%x: tensor<4xf16>) -> tensor<4xf16> {
  // expected-error @+1 {{'nn.add' on float16 is not supported}}
  %0 = nn.add %x, %x : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

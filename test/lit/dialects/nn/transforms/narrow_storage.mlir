// RUN: edgec-opt --split-input-file --edgec-narrow-storage --verify-diagnostics %s | FileCheck %s

// Tests that float16 tensors become i16 bit patterns (signature, constants,
// data movement) and that the casts to and from float32 are marked.
// CHECK-LABEL: func.func @edges
// CHECK-SAME: (%[[X:.+]]: tensor<4xi16>) -> (tensor<4xi16>, tensor<2x2xi16>)
// CHECK: %[[F:.+]] = nn.cast %[[X]] {from_storage = f16} : tensor<4xi16> to tensor<4xf32>
// CHECK: %[[H:.+]] = nn.cast %{{.+}} {to_storage = f16} : tensor<4xf32> to tensor<4xi16>
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

// Tests that float8, bfloat16 and float4 are held in i8/i16 and int4 in a
// byte, with the casts naming the type the bits encode (and keeping
// saturate).
// CHECK-LABEL: func.func @kinds
// CHECK-SAME: (%{{.+}}: tensor<4xi8>, %{{.+}}: tensor<4xi16>, %{{.+}}: tensor<4xi8>) -> (tensor<4xi8>, tensor<4xi8>)
// CHECK: nn.cast %{{.+}} {from_storage = f8E4M3FN} : tensor<4xi8> to tensor<4xf32>
// CHECK: nn.cast %{{.+}} {from_storage = bf16} : tensor<4xi16> to tensor<4xf32>
// CHECK: nn.cast %{{.+}} {from_storage = i4} : tensor<4xi8> to tensor<4xi8>
// CHECK: nn.cast %{{.+}} {saturate, to_storage = f4E2M1FN} : tensor<4xf32> to tensor<4xi8>
// CHECK: nn.cast %{{.+}} {to_storage = i4} : tensor<4xf32> to tensor<4xi8>
func.func @kinds(%a: tensor<4xf8E4M3FN>, %b: tensor<4xbf16>, %c: tensor<4xi4>) -> (tensor<4xf4E2M1FN>, tensor<4xi4>) {
  %fa = nn.cast %a : tensor<4xf8E4M3FN> to tensor<4xf32>
  %fb = nn.cast %b : tensor<4xbf16> to tensor<4xf32>
  %ic = nn.cast %c : tensor<4xi4> to tensor<4xi8>
  %s = nn.add %fa, %fb : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %o = nn.cast %s {saturate} : tensor<4xf32> to tensor<4xf4E2M1FN>
  %i = nn.cast %s : tensor<4xf32> to tensor<4xi4>
  return %o, %i : tensor<4xf4E2M1FN>, tensor<4xi4>
}

// -----

// Tests that arithmetic on float16 is refused (the importer computes it in
// float32).
func.func @arith(%x: tensor<4xf16>) -> tensor<4xf16> {
  // expected-error @+1 {{'nn.add' on 'f16' is not supported}}
  %0 = nn.add %x, %x : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

// Tests that a float8 value converts only to and from float32.
func.func @f8_to_int(%x: tensor<4xf8E5M2>) -> tensor<4xi32> {
  // expected-error @+1 {{cast from 'f8E5M2' to 'i32' is not supported}}
  %0 = nn.cast %x : tensor<4xf8E5M2> to tensor<4xi32>
  return %0 : tensor<4xi32>
}

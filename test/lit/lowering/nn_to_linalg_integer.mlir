// RUN: edgec-opt --split-input-file --edgec-convert-nn-to-linalg %s | FileCheck %s

// Integer and conversion ops on the generic path.

// Tests that nn.cast is an elementwise generic with the ONNX conversion:
// float to int truncates (fptosi), float to bool compares unordered-not-
// equal with 0 (NaN is true), bool to float is unsigned, narrowing integers
// truncate, widening ones sign-extend.
// CHECK-LABEL: func.func @casts
// CHECK: linalg.generic
// CHECK: arith.fptosi %{{.+}} : f32 to i64
// CHECK: linalg.generic
// CHECK: arith.cmpf une, %{{.+}}, %{{.+}} : f32
// CHECK: linalg.generic
// CHECK: arith.uitofp %{{.+}} : i1 to f32
// CHECK: linalg.generic
// CHECK: arith.trunci %{{.+}} : i64 to i8
// CHECK: linalg.generic
// CHECK: arith.extsi %{{.+}} : i8 to i32
func.func @casts(%f: tensor<4xf32>, %b: tensor<4xi1>, %i: tensor<4xi64>, %s: tensor<4xi8>)
    -> (tensor<4xi64>, tensor<4xi1>, tensor<4xf32>, tensor<4xi8>, tensor<4xi32>) {
  %0 = nn.cast %f : tensor<4xf32> to tensor<4xi64>
  %1 = nn.cast %f : tensor<4xf32> to tensor<4xi1>
  %2 = nn.cast %b : tensor<4xi1> to tensor<4xf32>
  %3 = nn.cast %i : tensor<4xi64> to tensor<4xi8>
  %4 = nn.cast %s : tensor<4xi8> to tensor<4xi32>
  return %0, %1, %2, %3, %4 : tensor<4xi64>, tensor<4xi1>, tensor<4xf32>, tensor<4xi8>, tensor<4xi32>
}

// -----

// Tests that nn.expand is a generic reading its input through a broadcast
// map (size-1 dimensions read index 0, leading dimensions are new).
// CHECK-DAG: #[[IN:.+]] = affine_map<(d0, d1, d2) -> (d1, 0)>
// CHECK-DAG: #[[OUT:.+]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @expand
// CHECK: linalg.generic {indexing_maps = [#[[IN]], #[[OUT]]]
func.func @expand(%x: tensor<3x1xf32>) -> tensor<2x3x4xf32> {
  %0 = nn.expand %x : tensor<3x1xf32> to tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// Tests integer arithmetic at run time: wrapping add, truncating division,
// signed max.
// CHECK-LABEL: func.func @int_binary
// CHECK: arith.addi %{{.+}}, %{{.+}} : i32
// CHECK: arith.divsi %{{.+}}, %{{.+}} : i64
// CHECK: arith.maxsi %{{.+}}, %{{.+}} : i8
func.func @int_binary(%a: tensor<4xi32>, %b: tensor<4xi64>, %c: tensor<4xi8>)
    -> (tensor<4xi32>, tensor<4xi64>, tensor<4xi8>) {
  %0 = nn.add %a, %a : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %1 = nn.div %b, %b : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  %2 = nn.max %c, %c : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
  return %0, %1, %2 : tensor<4xi32>, tensor<4xi64>, tensor<4xi8>
}

// -----

// Tests Mod: with fmod the C remainder (remf, remsi); without, the
// remainder moves to the divisor's sign (r + b when r != 0 and the signs of
// r and b differ).
// CHECK-LABEL: func.func @mod
// CHECK: arith.remf
// CHECK: arith.remsi
// CHECK-NOT: arith.select
// CHECK: arith.remsi
// CHECK: arith.xori
// CHECK: arith.select
func.func @mod(%f: tensor<4xf32>, %i: tensor<4xi32>) -> (tensor<4xf32>, tensor<4xi32>, tensor<4xi32>) {
  %0 = nn.mod %f, %f {fmod = true} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = nn.mod %i, %i {fmod = true} : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %2 = nn.mod %i, %i : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0, %1, %2 : tensor<4xf32>, tensor<4xi32>, tensor<4xi32>
}

// -----

// Tests that ops marked unsigned use the unsigned arith ops (division,
// remainder, max, comparison, int-to-float and float-to-int casts) and that
// a bit shift is logical, with 0 for amounts of the bit width or more.
// CHECK-LABEL: func.func @unsigned_ops
// CHECK: arith.divui
// CHECK: arith.remui
// CHECK: arith.maxui
// CHECK: arith.cmpi ugt
// CHECK: arith.uitofp
// CHECK: arith.fptoui
// CHECK: %[[SH:.+]] = arith.shrui %[[X:.+]], %[[Y:.+]] : i8
// CHECK: %[[W:.+]] = arith.constant 8 : i8
// CHECK: %[[FAR:.+]] = arith.cmpi uge, %[[Y]], %[[W]] : i8
// CHECK: arith.select %[[FAR]], %{{.+}}, %[[SH]] : i8
func.func @unsigned_ops(%a: tensor<4xi8>, %b: tensor<4xi8>, %f: tensor<4xf32>) -> (tensor<4xi8>, tensor<4xi8>, tensor<4xi8>, tensor<4xi1>, tensor<4xf32>, tensor<4xi8>, tensor<4xi8>) {
  %0 = nn.div %a, %b {is_unsigned} : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
  %1 = nn.mod %a, %b {is_unsigned} : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
  %2 = nn.max %a, %b {is_unsigned} : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
  %3 = nn.greater %a, %b {is_unsigned} : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi1>
  %4 = nn.cast %a {from_unsigned} : tensor<4xi8> to tensor<4xf32>
  %5 = nn.cast %f {to_unsigned} : tensor<4xf32> to tensor<4xi8>
  %6 = nn.bit_shift %a, %b {right} : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<4xi8>, tensor<4xi8>, tensor<4xi8>, tensor<4xi1>, tensor<4xf32>, tensor<4xi8>, tensor<4xi8>
}

// -----

// Tests that float16 bits widen exactly (exponent rebias, infinities and
// NaNs, subnormals as mantissa * 2^-24) and narrow with rounding to
// nearest even (half an ulp plus the odd bit, overflow to infinity).
// CHECK-LABEL: func.func @half_bits
// CHECK: arith.extui %{{.+}} : i16 to i32
// CHECK: arith.constant 112 : i32
// CHECK: arith.constant 5.96046448E-8 : f32
// CHECK: arith.bitcast %{{.+}} : i32 to f32
// CHECK: arith.constant 1199570944 : i32
// CHECK: arith.constant -939520001 : i32
// CHECK: arith.trunci %{{.+}} : i32 to i16
func.func @half_bits(%h: tensor<4xi16>) -> tensor<4xi16> {
  %f = nn.cast %h {from_storage = f16} : tensor<4xi16> to tensor<4xf32>
  %b = nn.cast %f {to_storage = f16} : tensor<4xf32> to tensor<4xi16>
  return %b : tensor<4xi16>
}

// -----

// Tests that float8 bits widen through significand * 2^k (with the
// E4M3FN NaN code 0x7f, no infinity) and narrow by rounding the float32
// significand half-to-even (shift clamped at 25), saturating at 0x7e (448)
// when asked.
// CHECK-LABEL: func.func @f8_bits
// CHECK: arith.uitofp %{{.+}} : i32 to f32
// CHECK: arith.constant 2143289344 : i32
// CHECK: arith.constant 25 : i32
// CHECK: arith.constant 126 : i32
// CHECK: arith.trunci %{{.+}} : i32 to i8
func.func @f8_bits(%h: tensor<4xi8>) -> tensor<4xi8> {
  %f = nn.cast %h {from_storage = f8E4M3FN} : tensor<4xi8> to tensor<4xf32>
  %b = nn.cast %f {saturate, to_storage = f8E4M3FN} : tensor<4xf32> to tensor<4xi8>
  return %b : tensor<4xi8>
}

// -----

// Tests that a value cast to int4 wraps to 4 bits and is held
// sign-extended in its byte (shift left then arithmetic right by 60), and
// uint4 zero-extended (logical right).
// CHECK-LABEL: func.func @int4_bits
// CHECK: arith.fptosi %{{.+}} : f32 to i64
// CHECK: arith.constant 60 : i64
// CHECK: arith.shrsi
// CHECK: arith.shrui
func.func @int4_bits(%x: tensor<4xf32>) -> (tensor<4xi8>, tensor<4xi8>) {
  %s = nn.cast %x {to_storage = i4} : tensor<4xf32> to tensor<4xi8>
  %u = nn.cast %x {to_storage = i4, to_unsigned} : tensor<4xf32> to tensor<4xi8>
  return %s, %u : tensor<4xi8>, tensor<4xi8>
}

// -----

// Tests that nn.bitcast reinterprets each element's bits.
// CHECK-LABEL: func.func @bitcast
// CHECK: arith.bitcast %{{.+}} : f64 to i64
func.func @bitcast(%x: tensor<4xf64>) -> tensor<4xi64> {
  %0 = nn.bitcast %x : tensor<4xf64> to tensor<4xi64>
  return %0 : tensor<4xi64>
}

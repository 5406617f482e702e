// RUN: edgec-opt --split-input-file --edgec-convert-nn-to-linalg %s | FileCheck %s

// Tests that comparisons pick ordered float predicates or signed integer
// predicates by element type, and produce i1.
// CHECK-LABEL: func.func @compares
// CHECK: arith.cmpf ogt
// CHECK: arith.cmpi slt
func.func @compares(%a: tensor<4xf32>, %i: tensor<4xi64>) -> (tensor<4xi1>, tensor<4xi1>) {
  %0 = nn.greater %a, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %1 = nn.less %i, %i : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi1>
  return %0, %1 : tensor<4xi1>, tensor<4xi1>
}

// -----

// Tests that where becomes a select over three broadcast operands.
// CHECK-LABEL: func.func @where
// CHECK: linalg.generic
// CHECK: arith.select
func.func @where(%c: tensor<4xi1>, %a: tensor<4xf32>, %b: tensor<1xf32>) -> tensor<4xf32> {
  %0 = nn.where %c, %a, %b : (tensor<4xi1>, tensor<4xf32>, tensor<1xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests the scalar bodies of the math ops: libm-backed math ops, and the
// formulas ONNX defines (Softsign x/(1+|x|), HardSwish x*hardsigmoid(x)).
// Round is half to even without libm: +-2^23 added and subtracted below
// 2^23, keeping x's sign bit.
// CHECK-LABEL: func.func @math
// CHECK: arith.constant 0x4B000000 : f32
// CHECK: arith.addf
// CHECK: arith.subf
// CHECK: arith.constant -2147483648 : i32
// CHECK: arith.ori
// CHECK: math.erf
// CHECK: math.absf
// CHECK: arith.divf
// CHECK: arith.minimumf
// CHECK: arith.maximumf
// CHECK: arith.mulf
func.func @math(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = nn.round %x : tensor<4xf32>
  %1 = nn.erf %0 : tensor<4xf32>
  %2 = nn.softsign %1 : tensor<4xf32>
  %3 = nn.hard_swish %2 : tensor<4xf32>
  return %3 : tensor<4xf32>
}

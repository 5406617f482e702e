// RUN: edgec-opt --split-input-file --canonicalize %s | FileCheck %s

// Folders of nn ops: each folds when its operands are constant (or when it
// is a no-op), and the dialect materializes the result as nn.constant.

// Tests that the shape of a static tensor folds to a constant.
// CHECK-LABEL: func.func @shape_static
// CHECK-NEXT: %[[C:.+]] = nn.constant dense<[1, 3, 4]> : tensor<3xi64>
// CHECK-NEXT: return %[[C]]
func.func @shape_static(%x: tensor<1x3x4xf32>) -> tensor<3xi64> {
  %0 = nn.shape %x : (tensor<1x3x4xf32>) -> tensor<3xi64>
  return %0 : tensor<3xi64>
}

// -----

// Tests that the shape of a dynamic tensor does not fold.
// CHECK-LABEL: func.func @shape_dynamic
// CHECK: nn.shape
func.func @shape_dynamic(%x: tensor<?x3xf32>) -> tensor<2xi64> {
  %0 = nn.shape %x : (tensor<?x3xf32>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// Tests gather of a constant with a scalar and a negative index.
// CHECK-LABEL: func.func @gather_scalar
// CHECK-DAG: %[[A:.+]] = nn.constant dense<30> : tensor<i64>
// CHECK-DAG: %[[B:.+]] = nn.constant dense<40> : tensor<i64>
// CHECK-NOT: nn.gather
// CHECK: return %[[A]], %[[B]]
func.func @gather_scalar() -> (tensor<i64>, tensor<i64>) {
  %d = nn.constant dense<[10, 20, 30, 40]> : tensor<4xi64>
  %i = nn.constant dense<2> : tensor<i64>
  %j = nn.constant dense<-1> : tensor<i64>
  %0 = nn.gather %d, %i {axis = 0 : i64} : (tensor<4xi64>, tensor<i64>) -> tensor<i64>
  %1 = nn.gather %d, %j {axis = 0 : i64} : (tensor<4xi64>, tensor<i64>) -> tensor<i64>
  return %0, %1 : tensor<i64>, tensor<i64>
}

// -----

// Tests gather of a constant matrix along axis 1 with vector indices.
// CHECK-LABEL: func.func @gather_axis1
// CHECK: %[[C:.+]] = nn.constant dense<{{\[}}[3.000000e+00, 1.000000e+00], [6.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK-NEXT: return %[[C]]
func.func @gather_axis1() -> tensor<2x2xf32> {
  %d = nn.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %i = nn.constant dense<[2, 0]> : tensor<2xi32>
  %0 = nn.gather %d, %i {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2xi32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

// Tests that an out-of-range gather index is not folded.
// CHECK-LABEL: func.func @gather_out_of_range
// CHECK: nn.gather
func.func @gather_out_of_range() -> tensor<i64> {
  %d = nn.constant dense<[10, 20]> : tensor<2xi64>
  %i = nn.constant dense<5> : tensor<i64>
  %0 = nn.gather %d, %i {axis = 0 : i64} : (tensor<2xi64>, tensor<i64>) -> tensor<i64>
  return %0 : tensor<i64>
}

// -----

// Tests concat of constants along axis 0 and along an inner axis.
// CHECK-LABEL: func.func @concat_constants
// CHECK-DAG: %[[A:.+]] = nn.constant dense<[1, 2, 3]> : tensor<3xi64>
// CHECK-DAG: %[[B:.+]] = nn.constant dense<{{\[}}[1.000000e+00, 2.000000e+00, 5.000000e+00], [3.000000e+00, 4.000000e+00, 6.000000e+00]]> : tensor<2x3xf32>
// CHECK-NOT: nn.concat
// CHECK: return %[[A]], %[[B]]
func.func @concat_constants() -> (tensor<3xi64>, tensor<2x3xf32>) {
  %a = nn.constant dense<[1]> : tensor<1xi64>
  %b = nn.constant dense<[2, 3]> : tensor<2xi64>
  %0 = nn.concat %a, %b {axis = 0 : i64} : (tensor<1xi64>, tensor<2xi64>) -> tensor<3xi64>
  %m = nn.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %n = nn.constant dense<[[5.0], [6.0]]> : tensor<2x1xf32>
  %1 = nn.concat %m, %n {axis = 1 : i64} : (tensor<2x2xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
  return %0, %1 : tensor<3xi64>, tensor<2x3xf32>
}

// -----

// Tests that a single-input concat folds to its input.
// CHECK-LABEL: func.func @concat_single
// CHECK-SAME: (%[[X:.+]]: tensor<2x3xf32>)
// CHECK-NEXT: return %[[X]]
func.func @concat_single(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = nn.concat %x {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Tests that a reshape of a constant folds, and a same-type reshape vanishes.
// CHECK-LABEL: func.func @reshape
// CHECK-SAME: (%[[X:.+]]: tensor<2x2xf32>)
// CHECK: %[[C:.+]] = nn.constant dense<{{\[}}[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi64>
// CHECK-NOT: nn.reshape
// CHECK: return %[[C]], %[[X]]
func.func @reshape(%x: tensor<2x2xf32>) -> (tensor<2x3xi64>, tensor<2x2xf32>) {
  %d = nn.constant dense<[1, 2, 3, 4, 5, 6]> : tensor<6xi64>
  %s = nn.constant dense<[2, -1]> : tensor<2xi64>
  %0 = nn.reshape %d, %s : (tensor<6xi64>, tensor<2xi64>) -> tensor<2x3xi64>
  %t = nn.constant dense<[0, 2]> : tensor<2xi64>
  %1 = nn.reshape %x, %t : (tensor<2x2xf32>, tensor<2xi64>) -> tensor<2x2xf32>
  return %0, %1 : tensor<2x3xi64>, tensor<2x2xf32>
}

// -----

// Tests that a reshape whose result is still dynamic does not fold.
// CHECK-LABEL: func.func @reshape_dynamic
// CHECK: nn.reshape
func.func @reshape_dynamic(%s: tensor<2xi64>) -> tensor<?x?xi64> {
  %d = nn.constant dense<[1, 2, 3, 4, 5, 6]> : tensor<6xi64>
  %0 = nn.reshape %d, %s : (tensor<6xi64>, tensor<2xi64>) -> tensor<?x?xi64>
  return %0 : tensor<?x?xi64>
}

// -----

// Tests transpose of a constant, and that an identity permutation vanishes.
// CHECK-LABEL: func.func @transpose
// CHECK-SAME: (%[[X:.+]]: tensor<2x3xf32>)
// CHECK: %[[C:.+]] = nn.constant dense<{{\[}}[1, 4], [2, 5], [3, 6]]> : tensor<3x2xi64>
// CHECK-NOT: nn.transpose
// CHECK: return %[[C]], %[[X]]
func.func @transpose(%x: tensor<2x3xf32>) -> (tensor<3x2xi64>, tensor<2x3xf32>) {
  %d = nn.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi64>
  %0 = nn.transpose %d {perm = array<i64: 1, 0>} : (tensor<2x3xi64>) -> tensor<3x2xi64>
  %1 = nn.transpose %x {perm = array<i64: 0, 1>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0, %1 : tensor<3x2xi64>, tensor<2x3xf32>
}

// -----

// Tests transpose of a rank-3 constant.
// CHECK-LABEL: func.func @transpose_rank3
// CHECK: nn.constant dense<{{\[}}{{\[}}[0, 4], [2, 6]], {{\[}}[1, 5], [3, 7]]]> : tensor<2x2x2xi64>
func.func @transpose_rank3() -> tensor<2x2x2xi64> {
  %d = nn.constant dense<[[[0, 1], [2, 3]], [[4, 5], [6, 7]]]> : tensor<2x2x2xi64>
  %0 = nn.transpose %d {perm = array<i64: 2, 1, 0>} : (tensor<2x2x2xi64>) -> tensor<2x2x2xi64>
  return %0 : tensor<2x2x2xi64>
}

// -----

// Tests slice of a constant with a stride, a negative step, and a full slice.
// CHECK-LABEL: func.func @slice
// CHECK-SAME: (%[[X:.+]]: tensor<4xf32>)
// CHECK-DAG: %[[A:.+]] = nn.constant dense<[1, 3]> : tensor<2xi64>
// CHECK-DAG: %[[B:.+]] = nn.constant dense<[5, 4, 3]> : tensor<3xi64>
// CHECK-NOT: nn.slice
// CHECK: return %[[A]], %[[B]], %[[X]]
func.func @slice(%x: tensor<4xf32>) -> (tensor<2xi64>, tensor<3xi64>, tensor<4xf32>) {
  %d = nn.constant dense<[0, 1, 2, 3, 4, 5]> : tensor<6xi64>
  %0 = nn.slice %d {starts = array<i64: 1>, ends = array<i64: 5>, steps = array<i64: 2>} : (tensor<6xi64>) -> tensor<2xi64>
  %1 = nn.slice %d {starts = array<i64: 5>, ends = array<i64: 2>, steps = array<i64: -1>} : (tensor<6xi64>) -> tensor<3xi64>
  %2 = nn.slice %x {starts = array<i64: 0>, ends = array<i64: 4>, steps = array<i64: 1>} : (tensor<4xf32>) -> tensor<4xf32>
  return %0, %1, %2 : tensor<2xi64>, tensor<3xi64>, tensor<4xf32>
}

// -----

// Tests slice of a 2-D constant (rows and columns).
// CHECK-LABEL: func.func @slice_2d
// CHECK: nn.constant dense<{{\[}}[5, 6], [9, 10]]> : tensor<2x2xi64>
func.func @slice_2d() -> tensor<2x2xi64> {
  %d = nn.constant dense<[[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]> : tensor<3x4xi64>
  %0 = nn.slice %d {starts = array<i64: 1, 1>, ends = array<i64: 3, 3>, steps = array<i64: 1, 1>} : (tensor<3x4xi64>) -> tensor<2x2xi64>
  return %0 : tensor<2x2xi64>
}

// -----

// Tests that identity and an all-zero pad fold to their input.
// CHECK-LABEL: func.func @identity_and_zero_pad
// CHECK-SAME: (%[[X:.+]]: tensor<1x1x2x2xf32>)
// CHECK-NEXT: return %[[X]], %[[X]]
func.func @identity_and_zero_pad(%x: tensor<1x1x2x2xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) {
  %0 = nn.identity %x : tensor<1x1x2x2xf32>
  %1 = nn.pad %x {pads = array<i64: 0, 0, 0, 0, 0, 0, 0, 0>} : (tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  return %0, %1 : tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>
}

// -----

// Tests that a non-zero pad does not fold.
// CHECK-LABEL: func.func @pad_nonzero
// CHECK: nn.pad
func.func @pad_nonzero(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x3x2xf32> {
  %0 = nn.pad %x {pads = array<i64: 0, 0, 1, 0, 0, 0, 0, 0>} : (tensor<1x1x2x2xf32>) -> tensor<1x1x3x2xf32>
  return %0 : tensor<1x1x3x2xf32>
}

// -----

// Tests float binary folding with broadcasting of both operands.
// CHECK-LABEL: func.func @binary_f32_broadcast
// CHECK-DAG: nn.constant dense<{{\[}}[1.100000e+01, 2.100000e+01, 3.100000e+01], [1.200000e+01, 2.200000e+01, 3.200000e+01]]> : tensor<2x3xf32>
// CHECK-DAG: nn.constant dense<{{\[}}[-9.000000e+00, -1.900000e+01, -2.900000e+01], [-8.000000e+00, -1.800000e+01, -2.800000e+01]]> : tensor<2x3xf32>
// CHECK-DAG: nn.constant dense<{{\[}}[1.000000e+01, 2.000000e+01, 3.000000e+01], [2.000000e+01, 4.000000e+01, 6.000000e+01]]> : tensor<2x3xf32>
// CHECK-DAG: nn.constant dense<{{\[}}[1.000000e-01, 5.000000e-02, 0x7F800000], [2.000000e-01, 1.000000e-01, 0x7F800000]]> : tensor<2x3xf32>
// CHECK-NOT: nn.add
// CHECK-NOT: nn.sub
// CHECK-NOT: nn.mul
// CHECK-NOT: nn.div
func.func @binary_f32_broadcast() -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %a = nn.constant dense<[[1.0], [2.0]]> : tensor<2x1xf32>
  %b = nn.constant dense<[10.0, 20.0, 30.0]> : tensor<3xf32>
  %c = nn.constant dense<[10.0, 20.0, 0.0]> : tensor<3xf32>
  %0 = nn.add %a, %b : (tensor<2x1xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = nn.sub %a, %b : (tensor<2x1xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %2 = nn.mul %b, %a : (tensor<3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
  %3 = nn.div %a, %c : (tensor<2x1xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0, %1, %2, %3 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// Tests integer binary folding, including truncating division.
// CHECK-LABEL: func.func @binary_i64
// CHECK-DAG: %[[A:.+]] = nn.constant dense<[3, 6]> : tensor<2xi64>
// CHECK-DAG: %[[D:.+]] = nn.constant dense<[-3, 4]> : tensor<2xi64>
// CHECK-DAG: %[[M:.+]] = nn.constant dense<[-14, 16]> : tensor<2xi64>
// CHECK-NOT: nn.add
// CHECK-NOT: nn.mul
// CHECK-NOT: nn.div
// CHECK: return %[[A]], %[[D]], %[[M]]
func.func @binary_i64() -> (tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) {
  %a = nn.constant dense<[-7, 8]> : tensor<2xi64>
  %b = nn.constant dense<2> : tensor<i64>
  %c = nn.constant dense<[10, -2]> : tensor<2xi64>
  %0 = nn.add %a, %c : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  %1 = nn.div %a, %b : (tensor<2xi64>, tensor<i64>) -> tensor<2xi64>
  %2 = nn.mul %a, %b : (tensor<2xi64>, tensor<i64>) -> tensor<2xi64>
  return %0, %1, %2 : tensor<2xi64>, tensor<2xi64>, tensor<2xi64>
}

// -----

// Tests that integer division by zero is not folded (ONNX leaves it
// undefined; folding must not crash or invent a value).
// CHECK-LABEL: func.func @int_div_by_zero
// CHECK: %[[R:.+]] = nn.div
// CHECK: return %[[R]]
func.func @int_div_by_zero() -> tensor<2xi64> {
  %a = nn.constant dense<[4, 8]> : tensor<2xi64>
  %b = nn.constant dense<[2, 0]> : tensor<2xi64>
  %0 = nn.div %a, %b : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// Tests that binary ops with a non-constant operand do not fold.
// CHECK-LABEL: func.func @binary_not_constant
// CHECK: nn.add
func.func @binary_not_constant(%x: tensor<2xf32>) -> tensor<2xf32> {
  %c = nn.constant dense<1.0> : tensor<2xf32>
  %0 = nn.add %x, %c : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Tests that a whole shape subgraph folds: Shape -> Gather -> Mul -> Concat.
// CHECK-LABEL: func.func @shape_arithmetic
// CHECK-NEXT: %[[C:.+]] = nn.constant dense<[1, 12]> : tensor<2xi64>
// CHECK-NEXT: return %[[C]]
func.func @shape_arithmetic(%x: tensor<1x3x4xf32>) -> tensor<2xi64> {
  %s = nn.shape %x : (tensor<1x3x4xf32>) -> tensor<3xi64>
  %i0 = nn.constant dense<[0]> : tensor<1xi64>
  %i1 = nn.constant dense<[1]> : tensor<1xi64>
  %i2 = nn.constant dense<[2]> : tensor<1xi64>
  %n = nn.gather %s, %i0 {axis = 0 : i64} : (tensor<3xi64>, tensor<1xi64>) -> tensor<1xi64>
  %c = nn.gather %s, %i1 {axis = 0 : i64} : (tensor<3xi64>, tensor<1xi64>) -> tensor<1xi64>
  %h = nn.gather %s, %i2 {axis = 0 : i64} : (tensor<3xi64>, tensor<1xi64>) -> tensor<1xi64>
  %ch = nn.mul %c, %h : (tensor<1xi64>, tensor<1xi64>) -> tensor<1xi64>
  %0 = nn.concat %n, %ch {axis = 0 : i64} : (tensor<1xi64>, tensor<1xi64>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// Tests that nn.cast of constants folds with ONNX Cast semantics: float to
// integer truncates toward zero, to bool is x != 0 (NaN is true), bool to
// float is 0 or 1, int64 to int8 wraps.
// CHECK-LABEL: func.func @cast_constants
// CHECK-DAG: nn.constant dense<[2, -2, 0]> : tensor<3xi32>
// CHECK-DAG: nn.constant dense<[true, false, true]> : tensor<3xi1>
// CHECK-DAG: nn.constant dense<[1.000000e+00, 0.000000e+00]> : tensor<2xf32>
// CHECK-DAG: nn.constant dense<[-56, 1]> : tensor<2xi8>
// CHECK-NOT: nn.cast
func.func @cast_constants() -> (tensor<3xi32>, tensor<3xi1>, tensor<2xf32>, tensor<2xi8>) {
  %f = nn.constant dense<[2.7, -2.7, 0.4]> : tensor<3xf32>
  %n = nn.constant dense<[0x7FC00000, 0.0, -1.5]> : tensor<3xf32>
  %b = nn.constant dense<[true, false]> : tensor<2xi1>
  %i = nn.constant dense<[200, 257]> : tensor<2xi64>
  %0 = nn.cast %f : tensor<3xf32> to tensor<3xi32>
  %1 = nn.cast %n : tensor<3xf32> to tensor<3xi1>
  %2 = nn.cast %b : tensor<2xi1> to tensor<2xf32>
  %3 = nn.cast %i : tensor<2xi64> to tensor<2xi8>
  return %0, %1, %2, %3 : tensor<3xi32>, tensor<3xi1>, tensor<2xf32>, tensor<2xi8>
}

// -----

// Tests that nn.expand of a constant folds to the broadcast constant.
// CHECK-LABEL: func.func @expand_constant
// CHECK-NEXT: nn.constant dense<{{\[}}[1, 2], [1, 2], [1, 2]]> : tensor<3x2xi64>
func.func @expand_constant() -> tensor<3x2xi64> {
  %c = nn.constant dense<[1, 2]> : tensor<2xi64>
  %0 = nn.expand %c : tensor<2xi64> to tensor<3x2xi64>
  return %0 : tensor<3x2xi64>
}

// -----

// Tests that nn.mod of integer constants folds: Python's sign rule without
// fmod (the divisor's sign), C's with it (the dividend's).
// CHECK-LABEL: func.func @mod_constants
// CHECK-DAG: nn.constant dense<[2, -2, -1, 1]> : tensor<4xi64>
// CHECK-DAG: nn.constant dense<[-1, 1, -1, 1]> : tensor<4xi64>
func.func @mod_constants() -> (tensor<4xi64>, tensor<4xi64>) {
  %a = nn.constant dense<[-7, 7, -7, 7]> : tensor<4xi64>
  %b = nn.constant dense<[3, -3, -3, 3]> : tensor<4xi64>
  %0 = nn.mod %a, %b : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  %1 = nn.mod %a, %b {fmod = true} : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  return %0, %1 : tensor<4xi64>, tensor<4xi64>
}

// -----

// Tests that comparisons and logical ops of constants fold with
// broadcasting, Not inverts, and Where picks elementwise (the GQA head
// condition of the expanded Attention function).
// CHECK-LABEL: func.func @compare_where
// CHECK-DAG: %[[EQ:.+]] = nn.constant dense<[true, false, true]> : tensor<3xi1>
// CHECK-DAG: %[[GT:.+]] = nn.constant dense<[false, true, false]> : tensor<3xi1>
// CHECK-DAG: %[[AND:.+]] = nn.constant dense<false> : tensor<3xi1>
// CHECK-DAG: %[[W:.+]] = nn.constant dense<[2, 7, 2]> : tensor<3xi64>
// CHECK-DAG: %[[Z:.+]] = nn.constant dense<[1, 7, 3]> : tensor<3xi64>
// CHECK: return %[[EQ]], %[[GT]], %[[AND]], %[[W]], %[[Z]]
func.func @compare_where() -> (tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi64>, tensor<3xi64>) {
  %a = nn.constant dense<[2, 1, 2]> : tensor<3xi64>
  %b = nn.constant dense<2> : tensor<1xi64>
  %f = nn.constant dense<[2.0, 5.0, 2.0]> : tensor<3xf32>
  %g = nn.constant dense<4.0> : tensor<f32>
  %seven = nn.constant dense<7> : tensor<i64>
  %eq = nn.equal %a, %b : (tensor<3xi64>, tensor<1xi64>) -> tensor<3xi1>
  %gt = nn.greater %f, %g : (tensor<3xf32>, tensor<f32>) -> tensor<3xi1>
  %ne = nn.not %eq : tensor<3xi1>
  %and = nn.and %eq, %ne : (tensor<3xi1>, tensor<3xi1>) -> tensor<3xi1>
  %w = nn.where %eq, %a, %seven : (tensor<3xi1>, tensor<3xi64>, tensor<i64>) -> tensor<3xi64>
  %x = nn.where %eq, %w, %w : (tensor<3xi1>, tensor<3xi64>, tensor<3xi64>) -> tensor<3xi64>
  %y = nn.constant dense<[1, 7, 3]> : tensor<3xi64>
  %one = nn.constant dense<true> : tensor<i1>
  %z = nn.where %one, %y, %seven : (tensor<i1>, tensor<3xi64>, tensor<i64>) -> tensor<3xi64>
  return %eq, %gt, %and, %x, %z : tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi64>, tensor<3xi64>
}

// -----

// Tests that bitwise ops of integer constants fold.
// CHECK-LABEL: func.func @bitwise
// CHECK-DAG: %[[AND:.+]] = nn.constant dense<[4, 0]> : tensor<2xi64>
// CHECK-DAG: %[[OR:.+]] = nn.constant dense<[7, 3]> : tensor<2xi64>
// CHECK-DAG: %[[XOR:.+]] = nn.constant dense<3> : tensor<2xi64>
// CHECK-DAG: %[[NOT:.+]] = nn.constant dense<[-7, -2]> : tensor<2xi64>
// CHECK: return %[[AND]], %[[OR]], %[[XOR]], %[[NOT]]
func.func @bitwise() -> (tensor<2xi64>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) {
  %a = nn.constant dense<[6, 1]> : tensor<2xi64>
  %b = nn.constant dense<[5, 2]> : tensor<2xi64>
  %0 = nn.bitwise_and %a, %b : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  %1 = nn.bitwise_or %a, %b : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  %2 = nn.bitwise_xor %a, %b : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  %3 = nn.bitwise_not %a : tensor<2xi64>
  return %0, %1, %2, %3 : tensor<2xi64>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>
}

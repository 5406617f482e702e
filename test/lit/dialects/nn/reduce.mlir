// RUN: edgec-opt --split-input-file %s | edgec-opt --split-input-file | FileCheck %s --check-prefix=RT
// RUN: edgec-opt --split-input-file --edgec-convert-nn-to-linalg %s | FileCheck %s --check-prefix=LOWER

// Tests that nn.reduce round-trips with its kind, axes and keepdims, infers
// the kept shape, and lowers to one reduction generic plus the kind's
// epilogue (mean divides by the element count).
// RT-LABEL: func.func @mean
// RT: nn.reduce %{{.*}} {axes = array<i64: 1>, kind = #nn<reduce_kind mean>} : (tensor<2x3xf32>) -> tensor<2x1xf32>
// LOWER-LABEL: func.func @mean
// LOWER: linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]
// LOWER: arith.addf
// LOWER: arith.constant 3.000000e+00 : f32
// LOWER: arith.divf
// LOWER: tensor.expand_shape
func.func @mean(%x: tensor<2x3xf32>) -> tensor<2x1xf32> {
  %0 = nn.reduce %x {kind = #nn<reduce_kind mean>, axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2x1xf32>
  return %0 : tensor<2x1xf32>
}

// -----

// Tests that empty axes reduce every dimension and keepdims=false drops them.
// RT-LABEL: func.func @max_all
// RT: nn.reduce %{{.*}} {axes = array<i64>, keepdims = false, kind = #nn<reduce_kind max>} : (tensor<2x3xf32>) -> tensor<f32>
// LOWER-LABEL: func.func @max_all
// LOWER: arith.constant 0xFF800000 : f32
// LOWER: linalg.generic {{.*}}iterator_types = ["reduction", "reduction"]
// LOWER: arith.maximumf
func.func @max_all(%x: tensor<2x3xf32>) -> tensor<f32> {
  %0 = nn.reduce %x {kind = #nn<reduce_kind max>, axes = array<i64>, keepdims = false} : (tensor<2x3xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// Tests the log-sum-exp kind: exp inside the reduction, log after it.
// LOWER-LABEL: func.func @lse
// LOWER: math.exp
// LOWER: arith.addf
// LOWER: math.log
func.func @lse(%x: tensor<4xf32>) -> tensor<1xf32> {
  %0 = nn.reduce %x {kind = #nn<reduce_kind log_sum_exp>, axes = array<i64: 0>} : (tensor<4xf32>) -> tensor<1xf32>
  return %0 : tensor<1xf32>
}

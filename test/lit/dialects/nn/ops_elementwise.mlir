// RUN: edgec-opt %s | edgec-opt | FileCheck %s

// Tests that the elementwise math, comparison and selection ops round-trip
// through the custom and generic forms.

// CHECK-LABEL: func.func @unary
func.func @unary(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // CHECK: nn.abs %{{.*}} : tensor<2x3xf32>
  %0 = nn.abs %x : tensor<2x3xf32>
  // CHECK: nn.neg
  %1 = nn.neg %0 : tensor<2x3xf32>
  // CHECK: nn.floor
  %2 = nn.floor %1 : tensor<2x3xf32>
  // CHECK: nn.ceil
  %3 = nn.ceil %2 : tensor<2x3xf32>
  // CHECK: nn.round
  %4 = nn.round %3 : tensor<2x3xf32>
  // CHECK: nn.sqrt
  %5 = nn.sqrt %4 : tensor<2x3xf32>
  // CHECK: nn.reciprocal
  %6 = nn.reciprocal %5 : tensor<2x3xf32>
  // CHECK: nn.log
  %7 = nn.log %6 : tensor<2x3xf32>
  // CHECK: nn.sin
  %8 = nn.sin %7 : tensor<2x3xf32>
  // CHECK: nn.cos
  %9 = nn.cos %8 : tensor<2x3xf32>
  // CHECK: nn.erf
  %10 = nn.erf %9 : tensor<2x3xf32>
  // CHECK: nn.sign
  %11 = nn.sign %10 : tensor<2x3xf32>
  // CHECK: nn.softplus
  %12 = nn.softplus %11 : tensor<2x3xf32>
  // CHECK: nn.softsign
  %13 = nn.softsign %12 : tensor<2x3xf32>
  // CHECK: nn.hard_swish
  %14 = nn.hard_swish %13 : tensor<2x3xf32>
  // CHECK: nn.hard_sigmoid %{{.*}} {alpha = 1.000000e-01 : f32, beta = 6.000000e-01 : f32}
  %15 = nn.hard_sigmoid %14 {alpha = 0.1 : f32, beta = 0.6 : f32} : tensor<2x3xf32>
  // CHECK: nn.elu %{{.*}} {alpha = 2.000000e+00 : f32}
  %16 = nn.elu %15 {alpha = 2.0 : f32} : tensor<2x3xf32>
  // CHECK: nn.selu
  %17 = nn.selu %16 : tensor<2x3xf32>
  return %17 : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @binary
func.func @binary(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  // CHECK: nn.pow %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %0 = nn.pow %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: nn.max
  %1 = nn.max %0, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: nn.min
  %2 = nn.min %1, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %2 : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @compare
func.func @compare(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %i: tensor<4xi64>) -> (tensor<2x3xf32>, tensor<4xi1>) {
  // CHECK: nn.equal %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %0 = nn.equal %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  // CHECK: nn.greater
  %1 = nn.greater %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  // CHECK: nn.greater_or_equal
  %2 = nn.greater_or_equal %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  // CHECK: nn.less
  %3 = nn.less %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  // CHECK: nn.less_or_equal
  %4 = nn.less_or_equal %i, %i : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi1>
  // CHECK: nn.and
  %5 = nn.and %0, %1 : (tensor<2x3xi1>, tensor<2x3xi1>) -> tensor<2x3xi1>
  // CHECK: nn.or
  %6 = nn.or %5, %2 : (tensor<2x3xi1>, tensor<2x3xi1>) -> tensor<2x3xi1>
  // CHECK: nn.xor
  %7 = nn.xor %6, %3 : (tensor<2x3xi1>, tensor<2x3xi1>) -> tensor<2x3xi1>
  // CHECK: nn.not %{{.*}} : tensor<2x3xi1>
  %8 = nn.not %7 : tensor<2x3xi1>
  // CHECK: nn.where %{{.*}}, %{{.*}}, %{{.*}} : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %9 = nn.where %8, %a, %b : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %9, %4 : tensor<2x3xf32>, tensor<4xi1>
}

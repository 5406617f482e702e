// RUN: edgec-opt --split-input-file --edgec-propagate-transposes %s | FileCheck %s

// A residual add of two NHWC results transposed to NCHW, then transposed
// back to NHWC for the next layer: the add runs on the NHWC tensors and the
// two transposes around it cancel.
// CHECK-LABEL: func.func @residual_add
// CHECK-SAME: (%[[A:.+]]: tensor<1x4x4x8xf32>, %[[B:.+]]: tensor<1x4x4x8xf32>)
// CHECK-NOT: linalg.transpose
// CHECK: %[[S:.+]] = linalg.generic {{.+}} ins(%[[A]], %[[B]] : tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>) outs(%{{.+}} : tensor<1x4x4x8xf32>)
// CHECK: arith.addf
// CHECK-NOT: linalg.transpose
// CHECK: return %[[S]]
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @residual_add(%a: tensor<1x4x4x8xf32>, %b: tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32> {
  %e = tensor.empty() : tensor<1x8x4x4xf32>
  %ta = linalg.transpose ins(%a : tensor<1x4x4x8xf32>) outs(%e : tensor<1x8x4x4xf32>) permutation = [0, 3, 1, 2]
  %tb = linalg.transpose ins(%b : tensor<1x4x4x8xf32>) outs(%e : tensor<1x8x4x4xf32>) permutation = [0, 3, 1, 2]
  %s = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%ta, %tb : tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>) outs(%e : tensor<1x8x4x4xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %r = arith.addf %x, %y : f32
    linalg.yield %r : f32
  } -> tensor<1x8x4x4xf32>
  %e2 = tensor.empty() : tensor<1x4x4x8xf32>
  %back = linalg.transpose ins(%s : tensor<1x8x4x4xf32>) outs(%e2 : tensor<1x4x4x8xf32>) permutation = [0, 2, 3, 1]
  return %back : tensor<1x4x4x8xf32>
}

// -----

// Inputs transposed differently (or not at all) leave the op as it is.
// CHECK-LABEL: func.func @mixed_layouts
// CHECK: linalg.transpose
// CHECK: linalg.generic {{.+}} ins(%{{.+}}, %arg1 : tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>)
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @mixed_layouts(%a: tensor<1x4x4x8xf32>, %b: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %e = tensor.empty() : tensor<1x8x4x4xf32>
  %ta = linalg.transpose ins(%a : tensor<1x4x4x8xf32>) outs(%e : tensor<1x8x4x4xf32>) permutation = [0, 3, 1, 2]
  %s = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%ta, %b : tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>) outs(%e : tensor<1x8x4x4xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %r = arith.addf %x, %y : f32
    linalg.yield %r : f32
  } -> tensor<1x8x4x4xf32>
  return %s : tensor<1x8x4x4xf32>
}

// -----

// Max pooling of a transposed NHWC tensor pools NHWC (its -inf start moved
// to an NHWC tensor) and transposes the pooled result.
// CHECK-LABEL: func.func @pool
// CHECK-SAME: (%[[A:.+]]: tensor<1x4x4x8xf32>)
// CHECK: %[[INIT:.+]] = linalg.fill {{.+}} -> tensor<1x2x2x8xf32>
// CHECK: %[[P:.+]] = linalg.pooling_nhwc_max {{.+}} ins(%[[A]], %{{.+}} : tensor<1x4x4x8xf32>, tensor<2x2xf32>) outs(%[[INIT]] : tensor<1x2x2x8xf32>)
// CHECK: linalg.transpose ins(%[[P]] : tensor<1x2x2x8xf32>) {{.+}} permutation = [0, 3, 1, 2]
func.func @pool(%a: tensor<1x4x4x8xf32>) -> tensor<1x8x2x2xf32> {
  %e = tensor.empty() : tensor<1x8x4x4xf32>
  %ta = linalg.transpose ins(%a : tensor<1x4x4x8xf32>) outs(%e : tensor<1x8x4x4xf32>) permutation = [0, 3, 1, 2]
  %w = tensor.empty() : tensor<2x2xf32>
  %ninf = arith.constant 0xFF800000 : f32
  %o = tensor.empty() : tensor<1x8x2x2xf32>
  %init = linalg.fill ins(%ninf : f32) outs(%o : tensor<1x8x2x2xf32>) -> tensor<1x8x2x2xf32>
  %p = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%ta, %w : tensor<1x8x4x4xf32>, tensor<2x2xf32>) outs(%init : tensor<1x8x2x2xf32>) -> tensor<1x8x2x2xf32>
  return %p : tensor<1x8x2x2xf32>
}

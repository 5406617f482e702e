// RUN: edgec-opt --edgec-convert-nn-to-linalg %s | FileCheck %s

// Tests that a slice with a negative step (no strided view can express it)
// becomes a copy generic that reads element start + i * step.
// CHECK-DAG: #[[REV:.+]] = affine_map<(d0) -> (d0 * -2 + 3)>
// CHECK-DAG: #[[ID:.+]] = affine_map<(d0) -> (d0)>
// CHECK-LABEL: func.func @reverse_every_other
// CHECK: linalg.generic {indexing_maps = [#[[REV]], #[[ID]]], iterator_types = ["parallel"]}
// CHECK-SAME: ins(%{{.*}} : tensor<4xf32>) outs(%{{.*}} : tensor<2xf32>)
// CHECK-NOT: nn.slice
func.func @reverse_every_other(%a: tensor<4xf32>) -> tensor<2xf32> {
  %0 = nn.slice %a {starts = array<i64: 3>, ends = array<i64: 0>, steps = array<i64: -2>} : (tensor<4xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

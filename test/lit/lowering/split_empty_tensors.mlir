// RUN: edgec-opt %s -edgec-split-empty-tensors | FileCheck %s

// Two layers computed tile by tile (scf.forall) that CSE left writing one
// tensor.empty each get their own, so bufferization gives each layer its
// own buffer, live only while its result is. The elementwise generic keeps
// the original empty.
// CHECK-LABEL: func.func @two_layers
// CHECK-DAG: %[[E0:.+]] = tensor.empty() : tensor<4x8xf32>
// CHECK-DAG: %[[E1:.+]] = tensor.empty() : tensor<4x8xf32>
// CHECK-DAG: %[[E2:.+]] = tensor.empty() : tensor<4x8xf32>
// CHECK: scf.forall (%{{.+}}) in (4) shared_outs(%{{.+}} = %[[E1]])
// CHECK: scf.forall (%{{.+}}) in (4) shared_outs(%{{.+}} = %[[E2]])
// CHECK: linalg.generic {{.+}} outs(%[[E0]] : tensor<4x8xf32>)
func.func @two_layers(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %e = tensor.empty() : tensor<4x8xf32>
  %a = scf.forall (%i) in (4) shared_outs(%o = %e) -> (tensor<4x8xf32>) {
    %s = tensor.extract_slice %x[%i, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<1x8xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %s into %o[%i, 0] [1, 8] [1, 1] : tensor<1x8xf32> into tensor<4x8xf32>
    }
  }
  %b = scf.forall (%i) in (4) shared_outs(%o = %e) -> (tensor<4x8xf32>) {
    %s = tensor.extract_slice %a[%i, 0] [1, 8] [1, 1] : tensor<4x8xf32> to tensor<1x8xf32>
    scf.forall.in_parallel {
      tensor.parallel_insert_slice %s into %o[%i, 0] [1, 8] [1, 1] : tensor<1x8xf32> into tensor<4x8xf32>
    }
  }
  %c = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%b : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%v: f32, %out: f32):
    %n = arith.negf %v : f32
    linalg.yield %n : f32
  } -> tensor<4x8xf32>
  return %c : tensor<4x8xf32>
}

// A single use is left alone.
// CHECK-LABEL: func.func @one_use
// CHECK-COUNT-1: tensor.empty
// CHECK-NOT: tensor.empty
func.func @one_use() -> tensor<2xf32> {
  %e = tensor.empty() : tensor<2xf32>
  return %e : tensor<2xf32>
}

// RUN: edgec-opt --split-input-file --edgec-convert-nn-to-linalg %s | FileCheck %s

// edgec-convert-nn-to-linalg for nn.gather that did not fold (its data is
// a runtime tensor).

// Tests that a gather of runtime data with constant indices (x[:, 2] in
// ONNX form) lowers; only gathers of constants fold away before lowering.
// CHECK-LABEL: func.func @gather_runtime_data
// CHECK-NOT: nn.gather
// CHECK: return %{{.+}} : tensor<1x1xf32>
func.func @gather_runtime_data(%x: tensor<1x4xf32>) -> tensor<1x1xf32> {
  %i = nn.constant dense<[2]> : tensor<1xi64>
  %0 = nn.gather %x, %i {axis = 1 : i64} : (tensor<1x4xf32>, tensor<1xi64>) -> tensor<1x1xf32>
  return %0 : tensor<1x1xf32>
}

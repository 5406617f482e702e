// RUN: edgec-opt %s | edgec-opt | FileCheck %s --check-prefix=RT
// RUN: edgec-opt --edgec-convert-nn-to-linalg %s | FileCheck %s --check-prefix=LOWER
// RUN: edgec-opt --split-input-file --verify-diagnostics %S/Inputs/log_softmax_invalid.mlir

// Tests that nn.log_softmax round-trips and lowers to the stable form
// (x - max) - log(sum(exp(x - max))), never to log(softmax(x)).
// RT: nn.log_softmax %{{.*}} {axis = 1 : i64} : tensor<2x5xf32>
// LOWER: arith.maximumf
// LOWER: math.exp
// LOWER: arith.addf
// LOWER: %[[D:.+]] = arith.subf
// LOWER-NEXT: %[[L:.+]] = math.log
// LOWER-NEXT: arith.subf %[[D]], %[[L]]
// LOWER-NOT: arith.divf
func.func @log_softmax(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %0 = nn.log_softmax %x {axis = 1 : i64} : tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

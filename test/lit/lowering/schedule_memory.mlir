// RUN: edgec-opt --edgec-schedule-memory %s | FileCheck %s

// Tests that the scheduler runs a large, independent producer right
// before its reader instead of keeping its result alive through the other
// branch, and that constants move to the top.
// CHECK-LABEL: func.func @branches
// CHECK: nn.constant
// CHECK: %[[A:.+]] = nn.relu %arg0 : tensor<64xf32>
// CHECK: %[[B:.+]] = nn.exp %[[A]] : tensor<64xf32>
// CHECK: %[[S:.+]] = nn.reduce %[[B]]
// CHECK: %[[BIG:.+]] = nn.expand %arg1 : tensor<1xf32> to tensor<4096xf32>
// CHECK: nn.add %[[BIG]], %{{.+}} : (tensor<4096xf32>, tensor<1xf32>)
func.func @branches(%x: tensor<64xf32>, %y: tensor<1xf32>) -> tensor<4096xf32> {
  %big = nn.expand %y : tensor<1xf32> to tensor<4096xf32>
  %a = nn.relu %x : tensor<64xf32>
  %b = nn.exp %a : tensor<64xf32>
  %s = nn.reduce %b {axes = array<i64>, keepdims = true, kind = #nn<reduce_kind sum>} : (tensor<64xf32>) -> tensor<1xf32>
  %c = nn.constant dense<1.0> : tensor<1xf32>
  %t = nn.add %s, %c : (tensor<1xf32>, tensor<1xf32>) -> tensor<1xf32>
  %r = nn.add %big, %t : (tensor<4096xf32>, tensor<1xf32>) -> tensor<4096xf32>
  return %r : tensor<4096xf32>
}

// RUN: edgec-opt --split-input-file --edgec-infer-shapes=require-static=false %s | FileCheck %s

// edgec-infer-shapes with require-static=false: refinement still runs, but
// dimensions that stay dynamic are not an error.

// Tests that a dynamic dimension survives without a diagnostic while the
// static ones are refined.
// CHECK-LABEL: func.func @stays_dynamic
// CHECK-SAME: (%[[X:.+]]: tensor<?x4xf32>, %[[B:.+]]: tensor<4xf32>) -> tensor<?x4xf32>
// CHECK: %[[A:.+]] = nn.add %[[X]], %[[B]] : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
// CHECK: %[[R:.+]] = nn.relu %[[A]] : tensor<?x4xf32>
// CHECK: return %[[R]] : tensor<?x4xf32>
func.func @stays_dynamic(%x: tensor<?x4xf32>, %b: tensor<4xf32>) -> tensor<?x?xf32> {
  %0 = nn.add %x, %b : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x?xf32>
  %1 = nn.relu %0 : tensor<?x?xf32>
  return %1 : tensor<?x?xf32>
}

// -----

// Tests that a shape subgraph over a dynamic input does not fold.
// CHECK-LABEL: func.func @dynamic_shape_subgraph
// CHECK: nn.shape
// CHECK: nn.reshape {{.+}} -> tensor<?x?xf32>
func.func @dynamic_shape_subgraph(%x: tensor<?x3xf32>) -> tensor<?x?xf32> {
  %s = nn.shape %x : (tensor<?x3xf32>) -> tensor<2xi64>
  %r = nn.reshape %x, %s : (tensor<?x3xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  return %r : tensor<?x?xf32>
}

// -----

// Tests that refinement never makes a declared type less static: the
// declared 2x3 carries information that inference cannot derive from ?x3.
// CHECK-LABEL: func.func @keep_declared_static
// CHECK-SAME: (%[[X:.+]]: tensor<?x3xf32>) -> tensor<2x3xf32>
// CHECK: nn.add %[[X]], %[[X]] : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<2x3xf32>
func.func @keep_declared_static(%x: tensor<?x3xf32>) -> tensor<2x3xf32> {
  %0 = nn.add %x, %x : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

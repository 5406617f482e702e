// RUN: edgec-opt --split-input-file --edgec-convert-nn-to-linalg %s | FileCheck %s

// Tests that GatherElements is a generic over the indices that normalizes
// a negative index, clamps it into the axis, and reads the input with the
// axis coordinate replaced.
// CHECK-LABEL: func.func @gather_elements
// CHECK: linalg.generic
// CHECK: ^bb0(%[[I:.+]]: i64, %{{.+}}: f32):
// CHECK: %[[D0:.+]] = linalg.index 0 : index
// CHECK: %[[IX:.+]] = arith.index_cast %[[I]] : i64 to index
// CHECK: arith.cmpi slt, %[[IX]]
// CHECK: arith.maxsi
// CHECK: %[[C:.+]] = arith.minsi
// CHECK: tensor.extract %{{.+}}[%[[D0]], %[[C]]] : tensor<2x3xf32>
func.func @gather_elements(%x: tensor<2x3xf32>, %i: tensor<2x2xi64>) -> tensor<2x2xf32> {
  %0 = nn.gather_elements %x, %i {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x2xi64>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

// Tests that ScatterElements with a reduction is a sequential loop nest
// over the updates that carries the tensor, reads the old element and
// inserts the combined one.
// CHECK-LABEL: func.func @scatter_add
// CHECK: scf.for {{.+}} iter_args(%[[T0:.+]] = %{{.+}}) -> (tensor<3x3xf32>)
// CHECK: scf.for {{.+}} iter_args(%[[T1:.+]] = %[[T0]]) -> (tensor<3x3xf32>)
// CHECK: %[[U:.+]] = tensor.extract %{{.+}} : tensor<2x3xf32>
// CHECK: %[[OLD:.+]] = tensor.extract %[[T1]]
// CHECK: %[[NEW:.+]] = arith.addf %[[OLD]], %[[U]] : f32
// CHECK: tensor.insert %[[NEW]] into %[[T1]]
func.func @scatter_add(%x: tensor<3x3xf32>, %i: tensor<2x3xi64>, %u: tensor<2x3xf32>) -> tensor<3x3xf32> {
  %0 = nn.scatter_elements %x, %i, %u {axis = 0 : i64, reduction = "add"} : (tensor<3x3xf32>, tensor<2x3xi64>, tensor<2x3xf32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

// Tests that without a reduction the update is inserted as it is (later
// updates win) and integer max uses the signed maximum.
// CHECK-LABEL: func.func @scatter_none_and_max
// CHECK: %[[U:.+]] = tensor.extract %{{.+}} : tensor<2xi32>
// CHECK-NOT: arith.maxsi %{{.+}}, %[[U]]
// CHECK: tensor.insert %[[U]]
// CHECK: arith.maxsi %{{.+}}, %{{.+}} : i32
func.func @scatter_none_and_max(%x: tensor<4xi32>, %i: tensor<2xi64>, %u: tensor<2xi32>) -> (tensor<4xi32>, tensor<4xi32>) {
  %0 = nn.scatter_elements %x, %i, %u {axis = 0 : i64} : (tensor<4xi32>, tensor<2xi64>, tensor<2xi32>) -> tensor<4xi32>
  %1 = nn.scatter_elements %x, %i, %u {axis = 0 : i64, reduction = "max"} : (tensor<4xi32>, tensor<2xi64>, tensor<2xi32>) -> tensor<4xi32>
  return %0, %1 : tensor<4xi32>, tensor<4xi32>
}

// -----

// Tests that GatherND reads each index of the tuple from the indices (at
// the result's leading coordinates and the tuple position), then the input.
// CHECK-LABEL: func.func @gather_nd
// CHECK: linalg.generic
// CHECK: %[[D0:.+]] = linalg.index 0 : index
// CHECK: tensor.extract %{{.+}}[%[[D0]], %{{.+}}] : tensor<2x2xi64>
// CHECK: %[[I0:.+]] = arith.minsi
// CHECK: tensor.extract %{{.+}}[%[[D0]], %{{.+}}] : tensor<2x2xi64>
// CHECK: %[[I1:.+]] = arith.minsi
// CHECK: tensor.extract %{{.+}}[%[[I0]], %[[I1]]] : tensor<2x2xf32>
func.func @gather_nd(%x: tensor<2x2xf32>, %i: tensor<2x2xi64>) -> tensor<2xf32> {
  %0 = nn.gather_nd %x, %i : (tensor<2x2xf32>, tensor<2x2xi64>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Tests that ScatterND loops over the updates, carrying the tensor, and
// combines with the old element for a reduction.
// CHECK-LABEL: func.func @scatter_nd_mul
// CHECK: scf.for
// CHECK: scf.for
// CHECK: tensor.extract %{{.+}} : tensor<2x4xf32>
// CHECK: tensor.extract %{{.+}} : tensor<4x4xf32>
// CHECK: arith.mulf %{{.+}}, %{{.+}} : f32
// CHECK: tensor.insert
func.func @scatter_nd_mul(%x: tensor<4x4xf32>, %i: tensor<2x1xi64>, %u: tensor<2x4xf32>) -> tensor<4x4xf32> {
  %0 = nn.scatter_nd %x, %i, %u {reduction = "mul"} : (tensor<4x4xf32>, tensor<2x1xi64>, tensor<2x4xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

// Tests that an exclusive reverse CumSum starts with the identity at the
// last position, then adds, at each position, the input slice after it to
// the output slice after it, in a loop that carries only the output.
// CHECK-LABEL: func.func @cumsum_exclusive_reverse
// CHECK: %[[ZERO:.+]] = linalg.fill
// CHECK: %[[INIT:.+]] = tensor.insert_slice %[[ZERO]] into %{{.+}}[0, 4] [2, 1] [1, 1]
// CHECK: scf.for %[[K:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%[[OUT:.+]] = %[[INIT]]) -> (tensor<2x5xf32>)
// CHECK: %[[I:.+]] = arith.subi %{{.+}}, %[[K]] : index
// CHECK: %[[PREV:.+]] = arith.addi %[[I]], %{{.+}} : index
// CHECK: tensor.extract_slice %arg0[0, %[[PREV]]] [2, 1] [1, 1]
// CHECK: tensor.extract_slice %[[OUT]][0, %[[PREV]]] [2, 1] [1, 1]
// CHECK: arith.addf
// CHECK: tensor.insert_slice %{{.+}} into %[[OUT]][0, %[[I]]] [2, 1] [1, 1]
func.func @cumsum_exclusive_reverse(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %0 = nn.cumulative %x {axis = 1 : i64, product = false, exclusive, reverse} : tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// RUN: edgec-opt --split-input-file --edgec-lower-copies %s | FileCheck %s

// edgec-lower-copies turns every memref.copy into a linalg.generic copy
// loop nest (no memcpy or runner-library call on bare-metal targets).

// Tests a 2-D copy: an all-parallel generic with identity maps that yields
// the source element into the target.
// CHECK: #[[ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @copy_2d
// CHECK-SAME: (%[[A:.+]]: memref<2x3xf32>, %[[B:.+]]: memref<2x3xf32>)
// CHECK-NOT: memref.copy
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[A]] : memref<2x3xf32>) outs(%[[B]] : memref<2x3xf32>)
// CHECK-NEXT: ^bb0(%[[IN:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: linalg.yield %[[IN]] : f32
func.func @copy_2d(%a: memref<2x3xf32>, %b: memref<2x3xf32>) {
  memref.copy %a, %b : memref<2x3xf32> to memref<2x3xf32>
  return
}

// -----

// Tests a copy into a strided subview (the padding copy bufferization
// creates for tensor.pad) keeps the strided target type.
// CHECK-LABEL: func.func @copy_into_subview
// CHECK: %[[SV:.+]] = memref.subview
// CHECK: linalg.generic {{.+}} ins(%{{.+}} : memref<4x4xf32>) outs(%[[SV]] : memref<4x4xf32, strided<[6, 1], offset: 7>>)
// CHECK-NOT: memref.copy
func.func @copy_into_subview(%a: memref<4x4xf32>, %b: memref<6x6xf32>) {
  %sv = memref.subview %b[1, 1] [4, 4] [1, 1] : memref<6x6xf32> to memref<4x4xf32, strided<[6, 1], offset: 7>>
  memref.copy %a, %sv : memref<4x4xf32> to memref<4x4xf32, strided<[6, 1], offset: 7>>
  return
}

// -----

// Tests integer copies and several copies in one function.
// CHECK-LABEL: func.func @copy_i64
// CHECK-COUNT-2: linalg.generic {{.+}} ins(%{{.+}} : memref<3xi64>) outs(%{{.+}} : memref<3xi64>)
// CHECK-NOT: memref.copy
func.func @copy_i64(%a: memref<3xi64>, %b: memref<3xi64>, %c: memref<3xi64>) {
  memref.copy %a, %b : memref<3xi64> to memref<3xi64>
  memref.copy %b, %c : memref<3xi64> to memref<3xi64>
  return
}

// -----

// Tests that a copy nested in a loop is lowered too.
// CHECK-LABEL: func.func @copy_in_loop
// CHECK: scf.for
// CHECK: linalg.generic
// CHECK-NOT: memref.copy
func.func @copy_in_loop(%a: memref<4xf32>, %b: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %c2 step %c1 {
    memref.copy %a, %b : memref<4xf32> to memref<4xf32>
  }
  return
}

// -----

// Tests that a rank-0 copy becomes a loop-free generic.
// CHECK: #[[S:.+]] = affine_map<() -> ()>
// CHECK-LABEL: func.func @copy_0d
// CHECK: linalg.generic {indexing_maps = [#[[S]], #[[S]]], iterator_types = []} ins(%{{.+}} : memref<f32>) outs(%{{.+}} : memref<f32>)
func.func @copy_0d(%a: memref<f32>, %b: memref<f32>) {
  memref.copy %a, %b : memref<f32> to memref<f32>
  return
}

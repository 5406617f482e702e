// RUN: edgec-opt --edgec-to-emitc %s | FileCheck %s
// RUN: edgec-opt --edgec-to-emitc %s | mlir-translate --mlir-to-cpp | FileCheck %s --check-prefix=C

// The edgec-to-emitc pipeline on loop IR: every static memref is a flat
// pointer to its element type, loads and stores index it with the offset
// and strides of the layout, arena views are casts of `arena + offset`,
// views reuse their base pointer, and weights are flat static const arrays.

// Tests weights as a flat (not 2-D) static const array.
// CHECK: emitc.include <"stdint.h">
// CHECK: emitc.global static const @w : !emitc.array<4xf32> = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]>
// C: #include <stdint.h>
// C: #include <math.h>
// C: static const float w[4] = {1.000000000e+00f, 2.000000000e+00f, 3.000000000e+00f, 4.000000000e+00f};
memref.global "private" constant @w : memref<2x2xf32> = dense<[[1.0, 2.0], [3.0, 4.0]]>

// Tests pointer parameters, the arena view at byte 32 as `(float*)`, the
// strided subview store at i * 4 + j + 1, and the collapse_shape reusing
// the input pointer.
// CHECK-LABEL: emitc.func @kernel
// CHECK-SAME: (%[[IN:.+]]: !emitc.ptr<f32>, %[[OUT:.+]]: !emitc.ptr<f32>, %[[ARENA:.+]]: !emitc.ptr<i8>)
// CHECK-DAG: %[[C32:.+]] = "emitc.constant"() <{value = 32 : index}> : () -> !emitc.size_t
// CHECK-DAG: %[[G:.+]] = get_global @w : !emitc.array<4xf32>
// CHECK: %[[W:.+]] = cast %[[G]] : !emitc.array<4xf32> to !emitc.ptr<f32>
// CHECK: %[[B:.+]] = subscript %[[ARENA]][%[[C32]]] : (!emitc.ptr<i8>, !emitc.size_t) -> !emitc.lvalue<i8>
// CHECK: %[[A:.+]] = address_of %[[B]] : !emitc.lvalue<i8>
// CHECK: %[[V:.+]] = cast %[[A]] : !emitc.ptr<i8> to !emitc.ptr<f32>
// CHECK: subscript %[[IN]]
// CHECK: subscript %[[W]]
// CHECK: subscript %[[V]]
// CHECK: call_opaque "expf"
// CHECK-NOT: memref.
// CHECK-NOT: scf.
// C-LABEL: void kernel(
// C-SAME: float* [[IN:v[0-9]+]], float* [[OUT:v[0-9]+]], int8_t* [[ARENA:v[0-9]+]]) {
// C-DAG: size_t [[C32:v[0-9]+]] = 32;
// C-DAG: size_t [[C4:v[0-9]+]] = 4;
// C-DAG: size_t [[C1:v[0-9]+]] = 1;
// C: float* [[W:v[0-9]+]] = (float*) w;
// C: int8_t* [[B:v[0-9]+]] = &[[ARENA]]{{\[}}[[C32]]{{\]}};
// C: float* [[V:v[0-9]+]] = (float*) [[B]];
// C: for (size_t [[I:i[0-9]+]] =
// C: for (size_t [[J:j[0-9]+]] =
// C: = [[IN]][{{v[0-9]+}}];
// C: = [[W]][{{v[0-9]+}}];
// C: size_t [[R:v[0-9]+]] = [[I]] * [[C4]];
// C: size_t [[RJ:v[0-9]+]] = [[R]] + [[J]];
// C: size_t [[OFF:v[0-9]+]] = [[RJ]] + [[C1]];
// C: [[V]]{{\[}}[[OFF]]{{\]}} =
// C: float [[X:v[0-9]+]] = [[IN]][{{i[0-9]+}}];
// C: expf([[X]])
// C: [[OUT]][{{i[0-9]+}}] =
func.func @kernel(%in: memref<2x2xf32>, %out: memref<4xf32>, %arena: memref<64xi8>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c32 = arith.constant 32 : index
  %w = memref.get_global @w : memref<2x2xf32>
  %v = memref.view %arena[%c32][] : memref<64xi8> to memref<2x4xf32>
  %sv = memref.subview %v[0, 1] [2, 2] [1, 1] : memref<2x4xf32> to memref<2x2xf32, strided<[4, 1], offset: 1>>
  scf.for %i = %c0 to %c2 step %c1 {
    scf.for %j = %c0 to %c2 step %c1 {
      %a = memref.load %in[%i, %j] : memref<2x2xf32>
      %b = memref.load %w[%i, %j] : memref<2x2xf32>
      %s = arith.addf %a, %b : f32
      memref.store %s, %sv[%i, %j] : memref<2x2xf32, strided<[4, 1], offset: 1>>
    }
  }
  %flat = memref.collapse_shape %in [[0, 1]] : memref<2x2xf32> into memref<4xf32>
  scf.for %k = %c0 to %c2 step %c1 {
    %x = memref.load %flat[%k] : memref<4xf32>
    %t = math.exp %x : f32
    memref.store %t, %out[%k] : memref<4xf32>
  }
  return
}

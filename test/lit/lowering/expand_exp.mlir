// RUN: edgec-opt %s -edgec-expand-exp | FileCheck %s

// exp becomes IEEE single operations only (no libm call, no fma), so every
// target computes the same bits; f64 exp is left alone.
// CHECK-LABEL: func.func @exp
// CHECK-NOT: math.exp
// CHECK-NOT: math.fma
// CHECK: arith.bitcast %{{.+}} : i32 to f32
// CHECK: arith.cmpf uno
// CHECK: math.exp %{{.+}} : f64
func.func @exp(%x: f32, %d: f64) -> (f32, f64) {
  %e = math.exp %x : f32
  %f = math.exp %d : f64
  return %e, %f : f32, f64
}

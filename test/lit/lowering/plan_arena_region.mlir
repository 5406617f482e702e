// RUN: not edgec-opt --edgec-plan-arena %s 2>&1 | FileCheck %s

// Tests that an allocation inside a loop is reported AND fails the pass
// (exit code 1), instead of being left as a heap allocation in the output.
// CHECK: error: allocation inside a loop or region cannot be planned
// CHECK-NOT: func.func @alloc_in_loop
func.func @alloc_in_loop(%in: memref<10xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %cst = arith.constant 1.0 : f32
  scf.for %i = %c0 to %c1 step %c1 {
    %a = memref.alloc() : memref<10xf32>
    linalg.fill ins(%cst : f32) outs(%a : memref<10xf32>)
  }
  return
}

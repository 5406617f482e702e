// RUN: edgec-opt --split-input-file --edgec-plan-arena %s | FileCheck %s
// RUN: edgec-opt --split-input-file --edgec-plan-arena=in-place=false %s | FileCheck %s --check-prefix=NOINPLACE
// RUN: edgec-opt --split-input-file --edgec-plan-arena=alignment=64 %s | FileCheck %s --check-prefix=ALIGN64

// edgec-plan-arena on bufferized IR: every memref.alloc becomes a
// memref.view at a fixed offset of a new trailing i8 arena argument,
// buffers alive at the same time never overlap, and the exact peak is
// recorded as edgec.arena_size.

#id = affine_map<(d0) -> (d0)>

// Tests that two buffers alive together get disjoint, aligned offsets:
// the smaller (12 bytes) at 0, the larger (40 bytes) at 16; the arena is
// its exact end, 56 bytes (the larger first would end at 48 + 12 = 60), and
// deallocations disappear.
// CHECK-LABEL: func.func @live_together
// CHECK-SAME: (%{{.+}}: memref<10xf32>, %{{.+}}: memref<10xf32>, %[[ARENA:.+]]: memref<56xi8>)
// CHECK-SAME: attributes {edgec.arena_buffers = 2 : i64, edgec.arena_lower_bound = 52 : i64, edgec.arena_size = 56 : i64}
// CHECK-DAG: %[[C0:.+]] = arith.constant 0 : index
// CHECK-DAG: %[[C16:.+]] = arith.constant 16 : index
// CHECK-DAG: memref.view %[[ARENA]][%[[C16]]][] : memref<56xi8> to memref<10xf32>
// CHECK-DAG: memref.view %[[ARENA]][%[[C0]]][] : memref<56xi8> to memref<3xf32>
// CHECK-NOT: memref.alloc
// CHECK-NOT: memref.dealloc
// ALIGN64-LABEL: func.func @live_together
// ALIGN64-SAME: memref<76xi8>
// ALIGN64-SAME: edgec.arena_size = 76 : i64
// ALIGN64: arith.constant 64 : index
func.func @live_together(%in: memref<10xf32>, %out: memref<10xf32>) {
  %cst = arith.constant 1.0 : f32
  %a = memref.alloc() : memref<10xf32>
  %b = memref.alloc() : memref<3xf32>
  linalg.fill ins(%cst : f32) outs(%a : memref<10xf32>)
  linalg.fill ins(%cst : f32) outs(%b : memref<3xf32>)
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%a : memref<10xf32>) outs(%out : memref<10xf32>) {
  ^bb0(%x: f32, %y: f32):
    linalg.yield %x : f32
  }
  linalg.fill ins(%cst : f32) outs(%b : memref<3xf32>)
  memref.dealloc %a : memref<10xf32>
  memref.dealloc %b : memref<3xf32>
  return
}

// -----

#id = affine_map<(d0) -> (d0)>

// Tests that buffers with disjoint live ranges share offset 0, so the arena
// is the larger of the two.
// CHECK-LABEL: func.func @disjoint_lifetimes
// CHECK-SAME: %[[ARENA:[^ ]+]]: memref<32xi8>
// CHECK-SAME: edgec.arena_size = 32 : i64
// CHECK-COUNT-2: memref.view %[[ARENA]][%{{.+}}][] : memref<32xi8>
// CHECK-NOT: arith.constant 16 : index
func.func @disjoint_lifetimes(%in: memref<8xf32>, %out: memref<8xf32>) {
  %cst = arith.constant 1.0 : f32
  %a = memref.alloc() : memref<8xf32>
  linalg.fill ins(%cst : f32) outs(%a : memref<8xf32>)
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%a : memref<8xf32>) outs(%out : memref<8xf32>) {
  ^bb0(%x: f32, %y: f32):
    linalg.yield %x : f32
  }
  %b = memref.alloc() : memref<4xf32>
  linalg.fill ins(%cst : f32) outs(%b : memref<4xf32>)
  return
}

// -----

#id = affine_map<(d0) -> (d0)>

// Tests that an elementwise generic writes over an input buffer of the
// same size that dies at it (one buffer), unless in-place is disabled.
// CHECK-LABEL: func.func @in_place
// CHECK-SAME: memref<32xi8>
// CHECK-SAME: edgec.arena_buffers = 1 : i64, edgec.arena_lower_bound = 32 : i64, edgec.arena_size = 32 : i64
// NOINPLACE-LABEL: func.func @in_place
// NOINPLACE-SAME: memref<64xi8>
// NOINPLACE-SAME: edgec.arena_buffers = 2 : i64, edgec.arena_lower_bound = 64 : i64, edgec.arena_size = 64 : i64
// NOINPLACE-DAG: arith.constant 0 : index
// NOINPLACE-DAG: arith.constant 32 : index
func.func @in_place(%in: memref<8xf32>, %out: memref<8xf32>) {
  %a = memref.alloc() : memref<8xf32>
  %b = memref.alloc() : memref<8xf32>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%in : memref<8xf32>) outs(%a : memref<8xf32>) {
  ^bb0(%x: f32, %y: f32):
    %e = math.exp %x : f32
    linalg.yield %e : f32
  }
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%a : memref<8xf32>) outs(%b : memref<8xf32>) {
  ^bb0(%x: f32, %y: f32):
    %e = math.exp %x : f32
    linalg.yield %e : f32
  }
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%b : memref<8xf32>) outs(%out : memref<8xf32>) {
  ^bb0(%x: f32, %y: f32):
    linalg.yield %x : f32
  }
  return
}

// -----

#id = affine_map<(d0) -> (d0)>

// Tests that an input still used after the op is not overwritten in place.
// CHECK-LABEL: func.func @input_still_live
// CHECK-SAME: edgec.arena_buffers = 2 : i64, edgec.arena_lower_bound = 64 : i64, edgec.arena_size = 64 : i64
func.func @input_still_live(%in: memref<8xf32>, %out: memref<8xf32>) {
  %a = memref.alloc() : memref<8xf32>
  %b = memref.alloc() : memref<8xf32>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%in : memref<8xf32>) outs(%a : memref<8xf32>) {
  ^bb0(%x: f32, %y: f32):
    linalg.yield %x : f32
  }
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%a : memref<8xf32>) outs(%b : memref<8xf32>) {
  ^bb0(%x: f32, %y: f32):
    %e = math.exp %x : f32
    linalg.yield %e : f32
  }
  linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]} ins(%a, %b : memref<8xf32>, memref<8xf32>) outs(%out : memref<8xf32>) {
  ^bb0(%x: f32, %y: f32, %z: f32):
    %s = arith.addf %x, %y : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// Tests that a transposing generic (different indexing maps) is not done
// in place, since it reads elements it has already overwritten.
// CHECK-LABEL: func.func @transpose_not_in_place
// CHECK-SAME: edgec.arena_buffers = 2 : i64, edgec.arena_lower_bound = 32 : i64, edgec.arena_size = 32 : i64
func.func @transpose_not_in_place(%in: memref<2x2xf32>, %out: memref<2x2xf32>) {
  %a = memref.alloc() : memref<2x2xf32>
  %b = memref.alloc() : memref<2x2xf32>
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%in : memref<2x2xf32>) outs(%a : memref<2x2xf32>) {
  ^bb0(%x: f32, %y: f32):
    linalg.yield %x : f32
  }
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%a : memref<2x2xf32>) outs(%b : memref<2x2xf32>) {
  ^bb0(%x: f32, %y: f32):
    linalg.yield %x : f32
  }
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%b : memref<2x2xf32>) outs(%out : memref<2x2xf32>) {
  ^bb0(%x: f32, %y: f32):
    linalg.yield %x : f32
  }
  return
}

// -----

#id = affine_map<(d0) -> (d0)>

// Tests that a use through a view (collapse_shape) extends the live range
// of the underlying allocation.
// CHECK-LABEL: func.func @use_through_view
// CHECK-SAME: edgec.arena_buffers = 2 : i64, edgec.arena_lower_bound = 48 : i64, edgec.arena_size = 48 : i64
func.func @use_through_view(%in: memref<2x4xf32>, %out: memref<8xf32>) {
  %cst = arith.constant 1.0 : f32
  %a = memref.alloc() : memref<2x4xf32>
  linalg.fill ins(%cst : f32) outs(%a : memref<2x4xf32>)
  %v = memref.collapse_shape %a [[0, 1]] : memref<2x4xf32> into memref<8xf32>
  %b = memref.alloc() : memref<4xf32>
  linalg.fill ins(%cst : f32) outs(%b : memref<4xf32>)
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%v : memref<8xf32>) outs(%out : memref<8xf32>) {
  ^bb0(%x: f32, %y: f32):
    linalg.yield %x : f32
  }
  return
}

// -----

// Tests that a function without allocations still gets an (empty) arena.
// CHECK-LABEL: func.func @no_buffers
// CHECK-SAME: (%{{.+}}: memref<4xf32>, %{{.+}}: memref<0xi8>)
// CHECK-SAME: edgec.arena_buffers = 0 : i64, edgec.arena_lower_bound = 0 : i64, edgec.arena_size = 0 : i64
func.func @no_buffers(%in: memref<4xf32>) {
  return
}

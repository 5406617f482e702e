// RUN: edgec-opt %s -edgec-register-accumulators -lower-affine -canonicalize | FileCheck %s
// RUN: edgec-opt %s -edgec-register-accumulators=vector-rows=1 -lower-affine -canonicalize | FileCheck %s --check-prefix=VEC
// RUN: edgec-opt %s "-edgec-register-accumulators=vector-rows=1 dot-lanes=32" -lower-affine -canonicalize | FileCheck %s --check-prefix=DOT
// RUN: edgec-opt %s "-edgec-register-accumulators=vector-rows=1 dot-lanes=16" -lower-affine -canonicalize | FileCheck %s --check-prefix=DOT16
// RUN: edgec-opt %s "-edgec-register-accumulators=vector-rows=1 dot-lanes=32 vnni-lanes=16" -lower-affine -canonicalize | FileCheck %s --check-prefix=VNNI
// RUN: edgec-opt %s "-edgec-register-accumulators=smlad=1 max-row=4" -lower-affine -canonicalize | FileCheck %s --check-prefix=SMLAD
// RUN: edgec-opt %s "-edgec-register-accumulators=smlad=1 max-row=4 direct-words=1" -lower-affine -canonicalize | FileCheck %s --check-prefix=WORDS
// RUN: edgec-opt %s "-edgec-register-accumulators=mve=1" -lower-affine -canonicalize | FileCheck %s --check-prefix=MVE
// RUN: edgec-opt %s "-edgec-register-accumulators=block=4" -lower-affine -canonicalize | FileCheck %s --check-prefix=BLOCK

// A reduction with its reduction loops innermost: the output element is
// loaded once, carried through the reduction loop as an iter_arg and
// stored once; the loop body reads only the inputs.
// CHECK-LABEL: func.func @matmul
// CHECK-SAME: (%[[A:.+]]: memref<2x3xf32>, %[[B:.+]]: memref<3x4xf32>, %[[C:.+]]: memref<2x4xf32>)
// CHECK: scf.for %[[I:.+]] =
// CHECK: scf.for %[[J:.+]] =
// CHECK: %[[INIT:.+]] = memref.load %[[C]][%[[I]], %[[J]]]
// CHECK: %[[SUM:.+]] = scf.for %[[K:.+]] = {{.+}} iter_args(%[[ACC:.+]] = %[[INIT]]) -> (f32)
// CHECK-NOT: memref.store
// CHECK: %[[X:.+]] = memref.load %[[A]][%[[I]], %[[K]]]
// CHECK: %[[Y:.+]] = memref.load %[[B]][%[[K]], %[[J]]]
// CHECK: %[[P:.+]] = arith.mulf %[[X]], %[[Y]]
// CHECK: %[[N:.+]] = arith.addf %[[ACC]], %[[P]]
// CHECK: scf.yield %[[N]]
// CHECK: memref.store %[[SUM]], %[[C]][%[[I]], %[[J]]]
// CHECK-NOT: linalg.
func.func @matmul(%a: memref<2x3xf32>, %b: memref<3x4xf32>, %c: memref<2x4xf32>) {
  linalg.matmul ins(%a, %b : memref<2x3xf32>, memref<3x4xf32>) outs(%c : memref<2x4xf32>)
  return
}

// Integer dot products with linalg.index in the body: the index becomes
// the loop's induction variable.
// CHECK-LABEL: func.func @indexed
// CHECK: scf.for %[[I:.+]] =
// CHECK: scf.for %[[K:.+]] = {{.+}} iter_args
// CHECK: arith.index_cast %[[K]] : index to i32
func.func @indexed(%a: memref<2x8xi8>, %c: memref<2xi32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%a : memref<2x8xi8>) outs(%c : memref<2xi32>) {
  ^bb0(%x: i8, %acc: i32):
    %k = linalg.index 1 : index
    %ki = arith.index_cast %k : index to i32
    %xe = arith.extsi %x : i8 to i32
    %p = arith.muli %xe, %ki : i32
    %s = arith.addi %acc, %p : i32
    linalg.yield %s : i32
  }
  return
}

// The SIMD loop order: reductions, then the output's last dimension. That
// loop is tiled into a row of sums (4 here, the whole row) that stay in
// registers through the reduction loop: four loads before it, four
// multiply-adds in it, four stores after it, every sum in its original
// order.
// CHECK-LABEL: func.func @row
// CHECK-SAME: (%[[A:.+]]: memref<3x4xf32>, %[[C:.+]]: memref<4xf32>, %[[D:.+]]: memref<4xf32>)
// CHECK-COUNT-4: memref.load %[[C]]
// CHECK: %[[SUMS:.+]]:4 = scf.for %[[K:.+]] = {{.+}} iter_args(%[[S0:.+]] = %{{.+}}, %[[S1:.+]] = %{{.+}}, %[[S2:.+]] = %{{.+}}, %[[S3:.+]] = %{{.+}}) -> (f32, f32, f32, f32)
// CHECK: memref.load %[[A]][%[[K]], %{{.+}}]
// CHECK: arith.addf %[[S0]]
// CHECK: arith.addf %[[S1]]
// CHECK: arith.addf %[[S2]]
// CHECK: arith.addf %[[S3]]
// CHECK: scf.yield
// CHECK-COUNT-4: memref.store %[[SUMS]]#{{[0-3]}}, %[[C]]
// An elementwise op has nothing to accumulate: left to convert-linalg-to-loops.
// CHECK: linalg.generic
// With vector rows (the object path on SIMD targets) the row is one
// vector: loaded once, one vector add per reduction step, stored once.
// VEC-LABEL: func.func @row
// VEC: %[[START:.+]] = vector.load %{{.+}}[%{{.+}}] : memref<4xf32>, vector<4xf32>
// VEC: %[[SUM:.+]] = scf.for %{{.+}} iter_args(%[[ACC:.+]] = %[[START]]) -> (vector<4xf32>)
// VEC: %[[X:.+]] = vector.load %{{.+}} : memref<3x4xf32>, vector<4xf32>
// VEC: %[[N:.+]] = arith.addf %[[ACC]], %[[X]] : vector<4xf32>
// VEC: scf.yield %[[N]]
// VEC: vector.store %[[SUM]], %{{.+}} : memref<4xf32>, vector<4xf32>
func.func @row(%a: memref<3x4xf32>, %c: memref<4xf32>, %d: memref<4xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>],
                  iterator_types = ["reduction", "parallel"]}
      ins(%a : memref<3x4xf32>) outs(%c : memref<4xf32>) {
  ^bb0(%x: f32, %acc: f32):
    %s = arith.addf %acc, %x : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>],
                  iterator_types = ["parallel"]}
      ins(%c : memref<4xf32>) outs(%d : memref<4xf32>) {
  ^bb0(%x: f32, %o: f32):
    linalg.yield %x : f32
  }
  return
}

// A parallel loop between reductions (neither shape) is left alone.
// CHECK-LABEL: func.func @untouched
// CHECK: linalg.generic
func.func @untouched(%a: memref<3x4x5xf32>, %c: memref<4xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d1)>],
                  iterator_types = ["reduction", "parallel", "reduction"]}
      ins(%a : memref<3x4x5xf32>) outs(%c : memref<4xf32>) {
  ^bb0(%x: f32, %acc: f32):
    %s = arith.addf %acc, %x : f32
    linalg.yield %s : f32
  }
  return
}

// A strided read along the row (a stride-2 convolution) is one load of the
// span from the first to the last element read (3 here, never past it) and
// a shuffle picking every second lane; an operand independent of the row
// is broadcast.
// VEC-LABEL: func.func @strided
// VEC: scf.for {{.+}} -> (vector<2xf32>)
// VEC: %[[SPAN:.+]] = vector.load %{{.+}} : memref<3x4xf32>, vector<3xf32>
// VEC: vector.shuffle %[[SPAN]], %[[SPAN]] [0, 2] : vector<3xf32>, vector<3xf32>
// VEC: vector.broadcast %{{.+}} : f32 to vector<2xf32>
// VEC: arith.mulf {{.+}} : vector<2xf32>
func.func @strided(%a: memref<3x4xf32>, %w: memref<3xf32>, %c: memref<2xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1 * 2)>, affine_map<(d0, d1) -> (d0)>,
                                   affine_map<(d0, d1) -> (d1)>],
                  iterator_types = ["reduction", "parallel"]}
      ins(%a, %w : memref<3x4xf32>, memref<3xf32>) outs(%c : memref<2xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// An int8 dot product (reduction innermost and contiguous, body
// acc + ext(a) * ext(b)) with x86 pair multiply-adds: 32 int16 lanes per
// step with AVX-512BW (one step for K = 64 here: two), partial sums in a
// vector<16xi32> across the reduction, reduced once and added to the bias;
// four outputs (the last parallel loop) at a time. With AVX2, 16 lanes.
// DOT-LABEL: func.func @int8_dot
// DOT: scf.for %{{.+}} = %c0 to %c8 step %c4
// DOT: scf.for %{{.+}} = %c0 to %c64 step %c32 iter_args({{.+}}) -> (vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>)
// DOT: vector.load %{{.+}} : memref<8x64xi8>, vector<32xi8>
// DOT: arith.extsi %{{.+}} : vector<32xi8> to vector<32xi16>
// DOT: llvm.call_intrinsic "llvm.x86.avx512.pmaddw.d.512"(%{{.+}}, %{{.+}}) : (vector<32xi16>, vector<32xi16>) -> vector<16xi32>
// DOT: arith.addi %{{.+}} : vector<16xi32>
// DOT: vector.reduction <add>, %{{.+}} : vector<16xi32> into i32
// With Helium: 16 bytes of each input per step (4 steps over 64), one VMLADAVA.S8 into the
// scalar sum; the weights (not moving along the output row) are loaded once
// for four outputs.
// The plane offset tables go first in the module (see @mve_requant_plane).
// MVE: memref.global "private" constant @__edgec_plane_offsets_5x5_8_1 : memref<6x4xi32> = dense<{{\[}}[0, 1, 2, 3], [4, 8, 9, 10], [11, 12, 16, 17], [18, 19, 20, 24], [25, 26, 27, 28], [32, 33, 34, 35]]>
// MVE-LABEL: func.func @int8_dot
// MVE: scf.for %[[Q:.+]] = %c0 to %c4 step %c1 iter_args({{.+}}) -> (i32, i32, i32, i32)
// MVE: arith.muli %[[Q]], %c16
// MVE-COUNT-1: vector.load %{{.+}} : memref<2x64xi8>, vector<16xi8>
// MVE-COUNT-4: llvm.call_intrinsic "llvm.arm.mve.vmldava.v16i8"(%c0_i32, %c0_i32, %c0_i32, %{{.+}}, %{{.+}}, %{{.+}}) : (i32, i32, i32, i32, vector<16xi8>, vector<16xi8>) -> i32
// MVE: scf.yield
// DOT16-LABEL: func.func @int8_dot
// DOT16: llvm.call_intrinsic "llvm.x86.avx2.pmadd.wd"(%{{.+}}, %{{.+}}) : (vector<16xi16>, vector<16xi16>) -> vector<8xi32>
func.func @int8_dot(%x: memref<8x64xi8>, %w: memref<2x64xi8>, %c: memref<2x8xi32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d2)>,
                                   affine_map<(d0, d1, d2) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x, %w : memref<8x64xi8>, memref<2x64xi8>) outs(%c : memref<2x8xi32>) {
  ^bb0(%a: i8, %b: i8, %acc: i32):
    %ae = arith.extsi %a : i8 to i32
    %be = arith.extsi %b : i8 to i32
    %p = arith.muli %ae, %be : i32
    %s = arith.addi %acc, %p : i32
    linalg.yield %s : i32
  }
  return
}

// A channels-last int8 convolution row with its reduction split into
// groups (j = 2q + r; one input value times a row of 16 output-channel
// weights; the weights [Q, F, 2] hold each channel's pair adjacently):
// with x86 pair multiply-adds, inputs 2q and 2q+1 are loaded as one int16
// pair, broadcast to every lane and multiplied with the row of weight
// pairs, one contiguous load (pmaddwd: 32 int16 lanes, 16 int32 sums);
// four output rows share it. Without pair multiply-adds the weights are
// strided along the row and the sums stay scalar (the layout is only
// chosen for x86).
// DOT-LABEL: func.func @grouped_pairs
// DOT: memref.collapse_shape %{{.+}} {{\[}}[0], [1, 2]] : memref<3x16x2xi8> into memref<3x32xi8>
// DOT: scf.for %{{.+}} = %c0 to %c8 step %c4
// DOT: scf.for %{{.+}} = %c0 to %c3 step %c1 iter_args({{.+}}) -> (vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>)
// DOT: vector.load %{{.+}} : memref<3x32xi8>, vector<32xi8>
// DOT: arith.extsi %{{.+}} : vector<32xi8> to vector<32xi16>
// DOT: vector.load %{{.+}} : memref<8x6xi8>, vector<2xi8>
// DOT: arith.extsi %{{.+}} : vector<2xi8> to vector<2xi16>
// DOT: vector.bitcast %{{.+}} : vector<2xi16> to vector<1xi32>
// DOT: vector.broadcast %{{.+}} : i32 to vector<16xi32>
// DOT: llvm.call_intrinsic "llvm.x86.avx512.pmaddw.d.512"(%{{.+}}, %{{.+}}) : (vector<32xi16>, vector<32xi16>) -> vector<16xi32>
// DOT: vector.store %{{.+}} : memref<8x16xi32>, vector<16xi32>
// VEC-LABEL: func.func @grouped_pairs
// VEC-NOT: llvm.call_intrinsic
// VEC: iter_args({{.+}}) -> (i32, i32,
func.func @grouped_pairs(%x: memref<8x6xi8>, %w: memref<3x16x2xi8>, %c: memref<8x16xi32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1 * 2 + d2)>,
                                   affine_map<(d0, d1, d2, d3) -> (d1, d3, d2)>,
                                   affine_map<(d0, d1, d2, d3) -> (d0, d3)>],
                  iterator_types = ["parallel", "reduction", "reduction", "parallel"]}
      ins(%x, %w : memref<8x6xi8>, memref<3x16x2xi8>) outs(%c : memref<8x16xi32>) {
  ^bb0(%a: i8, %b: i8, %acc: i32):
    %ae = arith.extsi %a : i8 to i32
    %be = arith.extsi %b : i8 to i32
    %p = arith.muli %ae, %be : i32
    %s = arith.addi %acc, %p : i32
    linalg.yield %s : i32
  }
  return
}

// Groups of four with VNNI (vpdpbusd: unsigned bytes times signed bytes,
// four products per int32 lane): the input quad is loaded as one int32,
// its bytes made unsigned by adding 128 (xor 0x80808080) and broadcast;
// the extra 128 * sum(w) is accumulated from a row of 0x80 bytes times the
// same weights (shared by the four rows) and subtracted once at the end.
// VNNI-LABEL: func.func @grouped_quads
// VNNI: scf.for %{{.+}} = %c0 to %c2 step %c1 iter_args({{.+}}) -> (vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>)
// VNNI: vector.load %{{.+}} : memref<2x64xi8>, vector<64xi8>
// VNNI: vector.load %{{.+}} : memref<8x8xi8>, vector<4xi8>
// VNNI: vector.bitcast %{{.+}} : vector<4xi8> to vector<1xi32>
// VNNI: arith.xori %{{.+}}, %c-2139062144_i32 : i32
// VNNI: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"(%{{.+}}, %{{.+}}, %{{.+}}) : (vector<16xi32>, vector<64xi8>, vector<64xi8>) -> vector<16xi32>
// VNNI: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"(%{{.+}}, %cst{{.*}}, %{{.+}}) : (vector<16xi32>, vector<64xi8>, vector<64xi8>) -> vector<16xi32>
// VNNI: scf.yield
// VNNI: arith.subi %{{.+}}, %{{.+}} : vector<16xi32>
// VNNI: vector.store %{{.+}} : memref<8x16xi32>, vector<16xi32>
// Groups of four with the Arm DSP extension: a scalar row of four sums;
// the input quad is one word, split once into the int16 pairs (x0, x2) and
// (x1, x3) by SXTB16 (the second after a rotation by 8), and each output
// channel's weight quad the same way; two SMLADs per channel and quad.
// SMLAD-LABEL: func.func @grouped_quads
// SMLAD: scf.for %{{.+}} = %c0 to %c2 step %c1 iter_args({{.+}}) -> (i32, i32, i32, i32)
// SMLAD-COUNT-2: llvm.call_intrinsic "llvm.arm.sxtb16"(%{{.+}}) : (i32) -> i32
// SMLAD-COUNT-2: llvm.call_intrinsic "llvm.arm.sxtb16"
// SMLAD-COUNT-2: llvm.call_intrinsic "llvm.arm.smlad"(%{{.+}}, %{{.+}}, %{{.+}}) : (i32, i32, i32) -> i32
// SMLAD: scf.yield %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}} : i32, i32, i32, i32
// SMLAD-COUNT-4: memref.store %{{.+}} : memref<8x16xi32>
func.func @grouped_quads(%x: memref<8x8xi8>, %w: memref<2x16x4xi8>, %c: memref<8x16xi32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1 * 4 + d2)>,
                                   affine_map<(d0, d1, d2, d3) -> (d1, d3, d2)>,
                                   affine_map<(d0, d1, d2, d3) -> (d0, d3)>],
                  iterator_types = ["parallel", "reduction", "reduction", "parallel"]}
      ins(%x, %w : memref<8x8xi8>, memref<2x16x4xi8>) outs(%c : memref<8x16xi32>) {
  ^bb0(%a: i8, %b: i8, %acc: i32):
    %ae = arith.extsi %a : i8 to i32
    %be = arith.extsi %b : i8 to i32
    %p = arith.muli %ae, %be : i32
    %s = arith.addi %acc, %p : i32
    linalg.yield %s : i32
  }
  return
}

// -----

// A dot product with the Arm DSP extension (reductions innermost, the last
// one contiguous and a multiple of 4): constant weights are split at
// compile time into a global of int16 pairs ((w0, w2), (w1, w3) per quad,
// read as two words); the input quad is split by SXTB16 once and shared by
// the rows (output channels) that read it. The original weights go.
// SMLAD-LABEL: memref.global "private" constant @w_pairs : memref<4x4xi32> = dense<{{\[\[}}196609, 131074, 458757, 393222
// SMLAD-NOT: memref.global "private" constant @w :
// Helium on a run of 8: bytes widened to int16 lanes (VLDRB.S16).
// MVE-LABEL: func.func @fc_dot
// MVE: arith.extsi %{{.+}} : vector<8xi8> to vector<8xi16>
// MVE: llvm.call_intrinsic "llvm.arm.mve.vmldava.v8i16"
// SMLAD-LABEL: func.func @fc_dot
// SMLAD: memref.get_global @w_pairs : memref<4x4xi32>
// SMLAD: scf.for %{{.+}} = %c0 to %c2 step %c1 iter_args({{.+}}) -> (i32, i32, i32, i32)
// The C path's quad: a 4-byte view read at constant offsets (one pointer
// in C, so GCC merges the bytes into one load).
// SMLAD: %[[QV:.+]] = memref.subview %{{.+}}[0, %{{.+}}] [1, 4] [1, 1] : memref<1x8xi8> to memref<1x4xi8, strided<[8, 1], offset: ?>>
// SMLAD: memref.load %[[QV]][%c0, %c0]
// SMLAD: memref.load %[[QV]][%c0, %c1]
// SMLAD: memref.load %[[QV]][%c0, %c2]
// SMLAD: memref.load %[[QV]][%c0, %c3]
// SMLAD-COUNT-2: llvm.call_intrinsic "llvm.arm.sxtb16"
// SMLAD-NOT: llvm.call_intrinsic "llvm.arm.sxtb16"
// SMLAD-COUNT-8: llvm.call_intrinsic "llvm.arm.smlad"
// SMLAD: scf.yield
// The object path reads each split pair as one 64-bit load (LDRD) from the
// table's pointer, and the activation quad as one unaligned 32-bit load
// addressed by a GEP from its buffer's pointer.
// WORDS-LABEL: func.func @fc_dot
// WORDS: scf.for %{{.+}} = %c0 to %c2 step %c1 iter_args({{.+}}) -> (i32, i32, i32, i32)
// WORDS: %[[XP:.+]] = llvm.getelementptr inbounds %{{.+}}[%{{.+}}] : (!llvm.ptr, i32) -> !llvm.ptr, i8
// WORDS: llvm.load %[[XP]] {alignment = 1 : i64} : !llvm.ptr -> i32
// WORDS-COUNT-4: llvm.load %{{.+}} {alignment = 8 : i64} : !llvm.ptr -> i64
// WORDS-NOT: memref.load
// WORDS: scf.yield
memref.global "private" constant @w : memref<4x8xi8> = dense<[[1, 2, 3, 2, 5, 6, 7, 6], [1, 1, 1, 1, 1, 1, 1, 1], [-1, -2, -3, -4, -5, -6, -7, -8], [127, -128, 0, 1, 2, 3, 4, 5]]>
func.func @fc_dot(%x: memref<1x8xi8>, %c: memref<1x4xi32>) {
  %w = memref.get_global @w : memref<4x8xi8>
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>,
                                   affine_map<(d0, d1, d2) -> (d1, d2)>,
                                   affine_map<(d0, d1, d2) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x, %w : memref<1x8xi8>, memref<4x8xi8>) outs(%c : memref<1x4xi32>) {
  ^bb0(%a: i8, %b: i8, %acc: i32):
    %ae = arith.extsi %a : i8 to i32
    %be = arith.extsi %b : i8 to i32
    %p = arith.muli %ae, %be : i32
    %s = arith.addi %acc, %p : i32
    linalg.yield %s : i32
  }
  return
}

// A scalar core's register block: 4 rows (m, which the weights ignore) by
// 4 columns (n, which the input ignores) of sums; each reduction step loads
// 4 inputs and 4 weights for 16 multiply-adds, each sum in its own order.
// BLOCK-LABEL: func.func @block_matmul
// BLOCK: scf.for %{{.+}} = %c0 to %c8 step %c4
// BLOCK: scf.for %{{.+}} = %c0 to %c3 step %c1 iter_args({{.+}}) -> (f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32)
// BLOCK-COUNT-4: memref.load %{{.+}} : memref<4x3xf32>
// BLOCK-COUNT-4: memref.load %{{.+}} : memref<3x8xf32>
// BLOCK-COUNT-16: arith.mulf
// BLOCK: scf.yield
// BLOCK-COUNT-16: memref.store %{{.+}} : memref<4x8xf32>
func.func @block_matmul(%a: memref<4x3xf32>, %b: memref<3x8xf32>, %c: memref<4x8xf32>) {
  linalg.matmul ins(%a, %b : memref<4x3xf32>, memref<3x8xf32>) outs(%c : memref<4x8xf32>)
  return
}

// Helium requantization: 4 sums per vector along their contiguous last
// dimension (6 = one vector and a scalar remainder), the product's halves as
// VMUL.I32 and VMULH.S32 of the 32-bit operands (no 64-bit vector), the
// per-channel multiplier broadcast (the one-step vector loop folds away), the
// lanes scattered into the transposed output at its stride (2 bytes: offsets
// 0, 2, 4, 6; VSTRB.32 with a vector of offsets); the remainder keeps the
// scalar body.
// MVE-LABEL: func.func @mve_requant
// MVE: %[[OFF:.+]] = arith.constant dense<[0, 2, 4, 6]> : vector<4xi32>
// MVE: scf.for %[[C:.+]] = %c0 to %c2 step %c1
// MVE: %[[A:.+]] = vector.load %{{.+}}[%[[C]], %c0] : memref<2x6xi32>, vector<4xi32>
// MVE: %[[M:.+]] = vector.broadcast %{{.+}} : i32 to vector<4xi32>
// MVE-DAG: arith.muli %[[A]], %[[M]] : vector<4xi32>
// MVE-DAG: llvm.call_intrinsic "llvm.arm.mve.vmulh.v4i32"(%[[A]], %[[M]], %{{.+}}) : (vector<4xi32>, vector<4xi32>, i32) -> vector<4xi32>
// MVE-NOT: vector<4xi64>
// The rounding carry (lo != 0) | parity is a select on the compare.
// MVE-NOT: arith.ori
// MVE: %[[NZ:.+]] = arith.cmpi ne, %{{.+}}, %{{.+}} : vector<4xi32>
// MVE-NOT: arith.ori
// MVE: arith.select %[[NZ]], %{{.+}}, %{{.+}} : vector<4xi1>, vector<4xi32>
// MVE: arith.shrsi %{{.+}}, %{{.+}} : vector<4xi32>
// MVE: %[[R:.+]] = arith.trunci %{{.+}} : vector<4xi32> to vector<4xi8>
// MVE-NOT: memref.store
// MVE: vector.scatter %{{.+}}[%c0, %[[C]]] [%[[OFF]]], %{{.+}}, %[[R]] : memref<6x2xi8>, vector<4xi32>, vector<4xi1>, vector<4xi8>
// MVE: scf.for %{{.+}} = %c4 to %c6 step %c1
// MVE: arith.muli %{{.+}}, %{{.+}} : i64
// MVE: memref.store %{{.+}} : memref<6x2xi8>
memref.global "private" constant @mult : memref<2xi32> = dense<[1374389504, 2061584256]>
func.func @mve_requant(%acc: memref<2x6xi32>, %out: memref<6x2xi8>) {
  %m = memref.get_global @mult : memref<2xi32>
  linalg.generic {indexing_maps = [affine_map<(c, p) -> (c, p)>, affine_map<(c, p) -> (c)>,
                                   affine_map<(c, p) -> (p, c)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%acc, %m : memref<2x6xi32>, memref<2xi32>) outs(%out : memref<6x2xi8>) attrs = {edgec.requantize} {
  ^bb0(%a: i32, %mul: i32, %o: i8):
    %c32 = arith.constant 32 : i64
    %t = arith.constant 4 : i32
    %bias = arith.constant -153 : i32
    %one = arith.constant 1 : i32
    %zero = arith.constant 0 : i32
    %lo8 = arith.constant -128 : i32
    %hi8 = arith.constant 127 : i32
    %ae = arith.extsi %a : i32 to i64
    %me = arith.extsi %mul : i32 to i64
    %p = arith.muli %ae, %me : i64
    %ph = arith.shrui %p, %c32 : i64
    %hi = arith.trunci %ph : i64 to i32
    %lo = arith.trunci %p : i64 to i32
    %par0 = arith.shrui %hi, %t : i32
    %par = arith.andi %par0, %one : i32
    %nz0 = arith.cmpi ne, %lo, %zero : i32
    %nz = arith.extui %nz0 : i1 to i32
    %carry = arith.ori %nz, %par : i32
    %x0 = arith.addi %hi, %bias : i32
    %x = arith.addi %x0, %carry : i32
    %v = arith.shrsi %x, %t : i32
    %l = arith.cmpi slt, %v, %lo8 : i32
    %v1 = arith.select %l, %lo8, %v : i32
    %h = arith.cmpi sgt, %v1, %hi8 : i32
    %v2 = arith.select %h, %hi8, %v1 : i32
    %r = arith.trunci %v2 : i32 to i8
    linalg.yield %r : i8
  }
  return
}

// A channel's 3x5 sums into an NHWC output whose rows are evenly spaced
// (stride 2 per pixel): the two loops run as one of 15, so the vectors
// leave one scalar remainder of 3 per channel instead of one per row.
// MVE-LABEL: func.func @mve_requant_rows
// MVE: scf.for %[[C:.+]] = %c0 to %c2 step %c1
// MVE: scf.for %{{.+}} = %c0 to %c12 step %c4
// MVE: llvm.call_intrinsic "llvm.arm.mve.vmulh.v4i32"
// MVE: scf.for %{{.+}} = %c12 to %c15 step %c1
// MVE: arith.muli %{{.+}}, %{{.+}} : i64
func.func @mve_requant_rows(%acc: memref<2x3x5xi32>, %out: memref<3x5x2xi8>) {
  %m = memref.get_global @mult : memref<2xi32>
  linalg.generic {indexing_maps = [affine_map<(c, h, w) -> (c, h, w)>, affine_map<(c, h, w) -> (c)>,
                                   affine_map<(c, h, w) -> (h, w, c)>],
                  iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%acc, %m : memref<2x3x5xi32>, memref<2xi32>) outs(%out : memref<3x5x2xi8>) attrs = {edgec.requantize} {
  ^bb0(%a: i32, %mul: i32, %o: i8):
    %c32 = arith.constant 32 : i64
    %t = arith.constant 4 : i32
    %bias = arith.constant -153 : i32
    %one = arith.constant 1 : i32
    %zero = arith.constant 0 : i32
    %lo8 = arith.constant -128 : i32
    %hi8 = arith.constant 127 : i32
    %ae = arith.extsi %a : i32 to i64
    %me = arith.extsi %mul : i32 to i64
    %p = arith.muli %ae, %me : i64
    %ph = arith.shrui %p, %c32 : i64
    %hi = arith.trunci %ph : i64 to i32
    %lo = arith.trunci %p : i64 to i32
    %par0 = arith.shrui %hi, %t : i32
    %par = arith.andi %par0, %one : i32
    %nz0 = arith.cmpi ne, %lo, %zero : i32
    %nz = arith.extui %nz0 : i1 to i32
    %carry = arith.ori %nz, %par : i32
    %x0 = arith.addi %hi, %bias : i32
    %x = arith.addi %x0, %carry : i32
    %v = arith.shrsi %x, %t : i32
    %l = arith.cmpi slt, %v, %lo8 : i32
    %v1 = arith.select %l, %lo8, %v : i32
    %h = arith.cmpi sgt, %v1, %hi8 : i32
    %v2 = arith.select %h, %hi8, %v1 : i32
    %r = arith.trunci %v2 : i32 to i8
    linalg.yield %r : i8
  }
  return
}

// x86 requantization (dot-lanes=32: AVX-512BW, 16 int32 lanes) along the
// contiguous sums and output (20 = one vector and a scalar remainder): the
// 32x32->64 products are two multiplies of 8 int64 lanes (pmuldq, even and
// odd lanes: the operands sign-extended in place from their low halves) and
// two two-source shuffles split them into low and high halves; everything
// after the product is 16 int32 lanes. AVX2 (dot-lanes=16) runs 8 lanes.
// DOT-LABEL: func.func @x86_requant
// DOT: scf.for %[[C:.+]] = %c0 to %c2 step %c1
// DOT: %[[A:.+]] = vector.load %{{.+}}[%[[C]], %c0] : memref<2x20xi32>, vector<16xi32>
// DOT-COUNT-2: arith.muli %{{.+}}, %{{.+}} : vector<8xi64>
// DOT-DAG: vector.shuffle %{{.+}}, %{{.+}} [0, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30] : vector<16xi32>, vector<16xi32>
// DOT-DAG: vector.shuffle %{{.+}}, %{{.+}} [1, 17, 3, 19, 5, 21, 7, 23, 9, 25, 11, 27, 13, 29, 15, 31] : vector<16xi32>, vector<16xi32>
// DOT-NOT: vector<16xi64>
// DOT: arith.shrsi %{{.+}}, %{{.+}} : vector<16xi32>
// DOT: arith.trunci %{{.+}} : vector<16xi32> to vector<16xi8>
// DOT: vector.store %{{.+}}, %{{.+}}[%[[C]], %c0] : memref<2x20xi8>, vector<16xi8>
// DOT: scf.for %{{.+}} = %c16 to %c20 step %c1
// DOT: arith.muli %{{.+}}, %{{.+}} : i64
// DOT16-LABEL: func.func @x86_requant
// DOT16: scf.for %{{.+}} = %c0 to %c16 step %c8
// DOT16-COUNT-2: arith.muli %{{.+}}, %{{.+}} : vector<4xi64>
// DOT16: arith.trunci %{{.+}} : vector<8xi32> to vector<8xi8>
// Without pair lanes the requantization stays a linalg.generic (LLVM's loop
// vectorizer takes it).
// VEC-LABEL: func.func @x86_requant
// VEC: linalg.generic
func.func @x86_requant(%acc: memref<2x20xi32>, %out: memref<2x20xi8>) {
  %m = memref.get_global @mult : memref<2xi32>
  linalg.generic {indexing_maps = [affine_map<(c, p) -> (c, p)>, affine_map<(c, p) -> (c)>,
                                   affine_map<(c, p) -> (c, p)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%acc, %m : memref<2x20xi32>, memref<2xi32>) outs(%out : memref<2x20xi8>) attrs = {edgec.requantize} {
  ^bb0(%a: i32, %mul: i32, %o: i8):
    %c32 = arith.constant 32 : i64
    %t = arith.constant 4 : i32
    %bias = arith.constant -153 : i32
    %one = arith.constant 1 : i32
    %zero = arith.constant 0 : i32
    %lo8 = arith.constant -128 : i32
    %hi8 = arith.constant 127 : i32
    %ae = arith.extsi %a : i32 to i64
    %me = arith.extsi %mul : i32 to i64
    %p = arith.muli %ae, %me : i64
    %ph = arith.shrui %p, %c32 : i64
    %hi = arith.trunci %ph : i64 to i32
    %lo = arith.trunci %p : i64 to i32
    %par0 = arith.shrui %hi, %t : i32
    %par = arith.andi %par0, %one : i32
    %nz0 = arith.cmpi ne, %lo, %zero : i32
    %nz = arith.extui %nz0 : i1 to i32
    %carry = arith.ori %nz, %par : i32
    %x0 = arith.addi %hi, %bias : i32
    %x = arith.addi %x0, %carry : i32
    %v = arith.shrsi %x, %t : i32
    %l = arith.cmpi slt, %v, %lo8 : i32
    %v1 = arith.select %l, %lo8, %v : i32
    %h = arith.cmpi sgt, %v1, %hi8 : i32
    %v2 = arith.select %h, %hi8, %v1 : i32
    %r = arith.trunci %v2 : i32 to i8
    linalg.yield %r : i8
  }
  return
}

// A reduction whose output buffer was just filled with a broadcast bias
// starts each sum from the bias table itself: the fill goes (no store and
// reload of every output).
// CHECK-LABEL: func.func @bias_start
// CHECK-NOT: linalg.generic
// CHECK: scf.for %[[I:.+]] = %c0 to %c2 step %c1
// CHECK: scf.for %[[J:.+]] = %c0 to %c3 step %c1
// CHECK: %[[B:.+]] = memref.load %{{.+}}[%[[J]]] : memref<3xf32>
// CHECK: scf.for %{{.+}} = %c0 to %c4 step %c1 iter_args(%{{.+}} = %[[B]]) -> (f32)
// CHECK: memref.store %{{.+}}, %{{.+}}[%[[I]], %[[J]]] : memref<2x3xf32>
// CHECK-NOT: memref.store
memref.global "private" constant @bias : memref<3xf32> = dense<[1.0, 2.0, 3.0]>
func.func @bias_start(%a: memref<2x4xf32>, %b: memref<4x3xf32>, %c: memref<2x3xf32>) {
  %bias = memref.get_global @bias : memref<3xf32>
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (j)>, affine_map<(i, j) -> (i, j)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%bias : memref<3xf32>) outs(%c : memref<2x3xf32>) {
  ^bb0(%x: f32, %o: f32):
    linalg.yield %x : f32
  }
  linalg.matmul ins(%a, %b : memref<2x4xf32>, memref<4x3xf32>) outs(%c : memref<2x3xf32>)
  return
}

// A zero-point fill of a whole int8 arena buffer becomes a fill of 32-bit
// words (0x80808080 for -128) through an i32 view of the same bytes; one
// of 6 bytes (not whole words) stays as it is.
// CHECK-LABEL: func.func @wide_fill
// CHECK-DAG: %[[C16:.+]] = arith.constant 16 : index
// CHECK-DAG: %[[W:.+]] = arith.constant -2139062144 : i32
// CHECK: %[[V:.+]] = memref.view %{{.+}}[%[[C16]]][] : memref<64xi8> to memref<4xi32>
// CHECK: linalg.fill ins(%[[W]] : i32) outs(%[[V]] : memref<4xi32>)
// CHECK: linalg.fill ins(%{{.+}} : i8) outs(%{{.+}} : memref<2x3xi8>)
func.func @wide_fill(%arena: memref<64xi8>) {
  %c16 = arith.constant 16 : index
  %c40 = arith.constant 40 : index
  %v = memref.view %arena[%c16][] : memref<64xi8> to memref<2x8xi8>
  %u = memref.view %arena[%c40][] : memref<64xi8> to memref<2x3xi8>
  %z = arith.constant -128 : i8
  linalg.fill ins(%z : i8) outs(%v : memref<2x8xi8>)
  linalg.fill ins(%z : i8) outs(%u : memref<2x3xi8>)
  return
}

// A float padding fill (linalg.map of a constant) of a whole arena buffer
// becomes one flat fill of 32-bit words with the constant's bits (-inf:
// 0xff800000); a linalg.fill of f32 stays (it may start a reduction's sums).
// CHECK-LABEL: func.func @wide_float_fill
// CHECK-DAG: %[[W:.+]] = arith.constant -8388608 : i32
// CHECK: %[[V:.+]] = memref.view %{{.+}}[%{{.+}}][] : memref<96xi8> to memref<9xi32>
// CHECK: linalg.fill ins(%[[W]] : i32) outs(%[[V]] : memref<9xi32>)
// CHECK-NOT: linalg.map
// CHECK: linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : memref<3x3xf32>)
func.func @wide_float_fill(%arena: memref<96xi8>) {
  %c0 = arith.constant 0 : index
  %c48 = arith.constant 48 : index
  %v = memref.view %arena[%c0][] : memref<96xi8> to memref<3x3xf32>
  %u = memref.view %arena[%c48][] : memref<96xi8> to memref<3x3xf32>
  %ninf = arith.constant 0xFF800000 : f32
  linalg.map outs(%v : memref<3x3xf32>)
    (%init: f32) {
      linalg.yield %ninf : f32
    }
  linalg.fill ins(%ninf : f32) outs(%u : memref<3x3xf32>)
  return
}

// Helium depthwise windows: 3x3 kernel rows padded to 4 taps over planes of
// rows 8 bytes apart (4x5 maps padded to 6x8). One 16-byte window holds
// kernel rows 0 and 1 (lanes 0-2 and 8-10); row 2's window starts 4 bytes
// after an output's first tap (the last output's reads end inside the
// 48-byte plane) and holds it in lanes 12-14. The weights are repacked at
// compile time to [C, 2, 16] and the plane is read flat: two 16-byte loads
// and two VMLADAVA.S8 per output.
// MVE: memref.global "private" constant @dw_windows : memref<2x2x16xi8> = dense<{{\[}}{{\[}}[1, 2, 3, 0, 0, 0, 0, 0, 4, 5, 6, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 8, 9, 0]], {{\[}}[10, 11, 12, 0, 0, 0, 0, 0, 13, 14, 15, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16, 17, 18, 0]]]>
// MVE-LABEL: func.func @mve_depthwise_windows
// MVE: %[[W:.+]] = memref.get_global @dw_windows : memref<2x2x16xi8>
// MVE: %[[P:.+]] = memref.collapse_shape %{{.+}} {{\[}}[0], [1], [2, 3]] : memref<1x2x6x8xi8> into memref<1x2x48xi8>
// MVE: scf.for
// MVE-NOT: vector<4xi8>
// MVE: vector.load %[[W]][%{{.+}}] : memref<2x2x16xi8>, vector<16xi8>
// MVE: vector.load %[[P]][%{{.+}}] : memref<1x2x48xi8>, vector<16xi8>
// MVE: llvm.call_intrinsic "llvm.arm.mve.vmldava.v16i8"
memref.global "private" constant @dw : memref<2x3x4xi8> = dense<[[[1, 2, 3, 0], [4, 5, 6, 0], [7, 8, 9, 0]], [[10, 11, 12, 0], [13, 14, 15, 0], [16, 17, 18, 0]]]>
func.func @mve_depthwise_windows(%x: memref<1x2x6x8xi8>, %acc: memref<1x2x4x5xi32>) {
  %w = memref.get_global @dw : memref<2x3x4xi8>
  linalg.generic {indexing_maps = [affine_map<(n, c, h, w, kh, s) -> (n, c, h + kh, w + s)>,
                                   affine_map<(n, c, h, w, kh, s) -> (c, kh, s)>,
                                   affine_map<(n, c, h, w, kh, s) -> (n, c, h, w)>],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
      ins(%x, %w : memref<1x2x6x8xi8>, memref<2x3x4xi8>) outs(%acc : memref<1x2x4x5xi32>)
      attrs = {edgec.depthwise_taps = 3 : i64} {
  ^bb0(%a: i8, %b: i8, %s: i32):
    %ae = arith.extsi %a : i8 to i32
    %be = arith.extsi %b : i8 to i32
    %p = arith.muli %ae, %be : i32
    %r = arith.addi %s, %p : i32
    linalg.yield %r : i32
  }
  return
}

// A per-channel shift count (a table's scalar, broadcast across the lanes):
// VSHL by register with the count negated once, outside the vector loop.
// MVE-LABEL: func.func @mve_requant_channel_shift
// MVE: %[[SH:.+]] = memref.get_global @shifts
// MVE: scf.for %[[C:.+]] = %c0 to %c2 step %c1
// MVE: %[[T:.+]] = memref.load %[[SH]][%[[C]]] : memref<2xi32>
// MVE: %[[NEG:.+]] = arith.subi %c0_i32, %[[T]] : i32
// MVE: llvm.call_intrinsic "llvm.arm.mve.vshl.scalar.v4i32"(%{{.+}}, %[[NEG]], %c0_i32, %c0_i32, %c0_i32) : (vector<4xi32>, i32, i32, i32, i32) -> vector<4xi32>
// MVE-NOT: arith.shrsi %{{.+}} : vector<4xi32>
// MVE: scf.for %{{.+}} = %c4 to %c6 step %c1
memref.global "private" constant @shifts : memref<2xi32> = dense<[4, 5]>
func.func @mve_requant_channel_shift(%acc: memref<2x6xi32>, %out: memref<2x6xi8>) {
  %m = memref.get_global @mult : memref<2xi32>
  %sh = memref.get_global @shifts : memref<2xi32>
  linalg.generic {indexing_maps = [affine_map<(c, p) -> (c, p)>, affine_map<(c, p) -> (c)>,
                                   affine_map<(c, p) -> (c)>, affine_map<(c, p) -> (c, p)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%acc, %m, %sh : memref<2x6xi32>, memref<2xi32>, memref<2xi32>) outs(%out : memref<2x6xi8>) attrs = {edgec.requantize} {
  ^bb0(%a: i32, %mul: i32, %t: i32, %o: i8):
    %c32 = arith.constant 32 : i64
    %ae = arith.extsi %a : i32 to i64
    %me = arith.extsi %mul : i32 to i64
    %p = arith.muli %ae, %me : i64
    %ph = arith.shrui %p, %c32 : i64
    %hi = arith.trunci %ph : i64 to i32
    %v = arith.shrsi %hi, %t : i32
    %r = arith.trunci %v : i32 to i8
    linalg.yield %r : i8
  }
  return
}

// Helium: a sum that starts from a bias table and is read only by the
// requantization after it starts from zero (VMLADAV, no copy of the start),
// and the requantization adds the bias, one VADD per vector.
// MVE-LABEL: func.func @mve_bias_into_requant
// MVE: %[[ACC:.+]] = memref.alloc() : memref<8xi32>
// MVE: %[[B:.+]] = memref.get_global @bias1
// MVE-NOT: linalg.generic
// MVE: llvm.call_intrinsic "llvm.arm.mve.vmldava.v16i8"(%c0_i32, %c0_i32, %c0_i32, %c0_i32,
// MVE: linalg.generic {{.+}} ins(%[[ACC]], %[[B]] : memref<8xi32>, memref<1xi32>)
// MVE: ^bb0(%[[IN:.+]]: i32, %[[BIAS:.+]]: i32, %{{.+}}: i8):
// MVE: %[[SUM:.+]] = arith.addi %[[IN]], %[[BIAS]] : i32
// MVE: arith.trunci %[[SUM]] : i32 to i8
memref.global "private" constant @bias1 : memref<1xi32> = dense<-300>
func.func @mve_bias_into_requant(%x: memref<8x16xi8>, %w: memref<16xi8>, %out: memref<8xi8>) {
  %acc = memref.alloc() : memref<8xi32>
  %b = memref.get_global @bias1 : memref<1xi32>
  linalg.generic {indexing_maps = [affine_map<(p) -> (0)>, affine_map<(p) -> (p)>],
                  iterator_types = ["parallel"]}
      ins(%b : memref<1xi32>) outs(%acc : memref<8xi32>) {
  ^bb0(%in: i32, %o: i32):
    linalg.yield %in : i32
  }
  linalg.generic {indexing_maps = [affine_map<(p, k) -> (p, k)>, affine_map<(p, k) -> (k)>,
                                   affine_map<(p, k) -> (p)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%x, %w : memref<8x16xi8>, memref<16xi8>) outs(%acc : memref<8xi32>) {
  ^bb0(%a: i8, %c: i8, %s: i32):
    %ae = arith.extsi %a : i8 to i32
    %ce = arith.extsi %c : i8 to i32
    %p = arith.muli %ae, %ce : i32
    %r = arith.addi %s, %p : i32
    linalg.yield %r : i32
  }
  linalg.generic {indexing_maps = [affine_map<(p) -> (p)>, affine_map<(p) -> (p)>],
                  iterator_types = ["parallel"]}
      ins(%acc : memref<8xi32>) outs(%out : memref<8xi8>) attrs = {edgec.requantize} {
  ^bb0(%a: i32, %o: i8):
    %t = arith.trunci %a : i32 to i8
    linalg.yield %t : i8
  }
  return
}

// A channel's 5x5 sums into a padded plane (rows 8 bytes apart, so the
// rows cannot be merged): the plane as one run of 6 vectors, each scattered
// through a row of a compile-time offset table, and one scalar element
// left, instead of one vector and one scalar per row.
// MVE-LABEL: func.func @mve_requant_plane
// MVE: %[[T:.+]] = memref.get_global @__edgec_plane_offsets_5x5_8_1 : memref<6x4xi32>
// MVE: %[[FLAT:.+]] = memref.collapse_shape %{{.+}} {{\[}}[0], [1, 2]] : memref<2x5x5xi32> into memref<2x25xi32>
// MVE: scf.for %[[C:.+]] = %c0 to %c2 step %c1
// MVE: scf.for %[[J:.+]] = %c0 to %c6 step %c1
// MVE: %[[I:.+]] = arith.muli %[[J]], %c4
// MVE: vector.load %[[FLAT]][%[[C]], %[[I]]] : memref<2x25xi32>, vector<4xi32>
// MVE: %[[OFF:.+]] = vector.load %[[T]][%[[J]], %c0] : memref<6x4xi32>, vector<4xi32>
// MVE: vector.scatter %{{.+}}[%[[C]], %c0, %c0] [%[[OFF]]], %{{.+}}, %{{.+}} : memref<2x5x5xi8, strided<[56, 8, 1]>>, vector<4xi32>, vector<4xi1>, vector<4xi8>
// MVE: }
// MVE: memref.load %{{.+}}[%[[C]], %c4, %c4] : memref<2x5x5xi32>
// MVE: memref.store %{{.+}}, %{{.+}}[%[[C]], %c4, %c4] : memref<2x5x5xi8, strided<[56, 8, 1]>>
func.func @mve_requant_plane(%acc: memref<2x5x5xi32>, %out: memref<2x5x5xi8, strided<[56, 8, 1]>>) {
  %m = memref.get_global @mult : memref<2xi32>
  linalg.generic {indexing_maps = [affine_map<(c, h, w) -> (c, h, w)>, affine_map<(c, h, w) -> (c)>,
                                   affine_map<(c, h, w) -> (c, h, w)>],
                  iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%acc, %m : memref<2x5x5xi32>, memref<2xi32>) outs(%out : memref<2x5x5xi8, strided<[56, 8, 1]>>) attrs = {edgec.requantize} {
  ^bb0(%a: i32, %mul: i32, %o: i8):
    %c32 = arith.constant 32 : i64
    %ae = arith.extsi %a : i32 to i64
    %me = arith.extsi %mul : i32 to i64
    %p = arith.muli %ae, %me : i64
    %ph = arith.shrui %p, %c32 : i64
    %hi = arith.trunci %ph : i64 to i32
    %r = arith.trunci %hi : i32 to i8
    linalg.yield %r : i8
  }
  return
}

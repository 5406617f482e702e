// RUN: edgec-opt %s "-edgec-register-accumulators=vector-rows=1 dot-lanes=32 vnni-lanes=16 vector-tile=16 fma=1" -lower-affine -canonicalize | FileCheck %s
// RUN: edgec-opt %s "-edgec-register-accumulators=vector-rows=1 dot-lanes=32 vnni-lanes=16" -lower-affine -canonicalize | FileCheck %s --check-prefix=SMALL
// RUN: edgec-opt %s "-edgec-register-accumulators=vector-rows=1 vector-tile-regs=16" -lower-affine -canonicalize | FileCheck %s --check-prefix=REGS

// Float vector rows on AVX-512 (vector-tile=16): 8 rows along i (the rows
// share each load of b) times 2 column blocks of 16 lanes along j (they
// share each broadcast of a): 16 independent sums, each step one fused
// multiply-add.
// CHECK-LABEL: func.func @tiled_matmul
// CHECK-NOT: step %c1 {
// CHECK: scf.for %{{.+}} = %c0 to %c64 step %c32
// CHECK: scf.for {{.+}} iter_args({{.+}}) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// CHECK-COUNT-16: vector.fma
// CHECK-NOT: arith.mulf
// CHECK: scf.yield
// CHECK-COUNT-16: vector.store
// Without a wide register file (vector-tile=4) and without fma: rows of 4,
// one column block, separate multiply and add.
// SMALL-LABEL: func.func @tiled_matmul
// SMALL: scf.for {{.+}} iter_args({{.+}}) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// SMALL-NOT: vector.fma
// SMALL: arith.mulf
// SMALL: arith.addf
func.func @tiled_matmul(%a: memref<8x3xf32>, %b: memref<3x64xf32>, %c: memref<8x64xf32>) {
  linalg.generic {indexing_maps = [affine_map<(i, k, j) -> (i, k)>, affine_map<(i, k, j) -> (k, j)>,
                                   affine_map<(i, k, j) -> (i, j)>],
                  iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<8x3xf32>, memref<3x64xf32>) outs(%c : memref<8x64xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// VNNI with constant weights: 128 * sum(w) per output channel is folded at
// compile time into a constant table subtracted from the starting sums
// (all weights 1: 128 * 8 = 1024), so each step is one vpdpbusd per sum. The tile is 5 rows (the x rows share
// each weight load) times 2 column blocks (sharing each broadcast quad): the whole output in one tile.
// CHECK-DAG: memref.global "private" constant @w_vnni_bias : memref<32xi32> = dense<1024>
// CHECK-LABEL: func.func @vnni_constant_weights
// CHECK: memref.get_global @w_vnni_bias
// CHECK-COUNT-10: arith.subi %{{.+}}, %{{.+}} : vector<16xi32>
// CHECK: scf.for {{.+}} iter_args({{.+}}) -> (vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>)
// CHECK-COUNT-10: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"
// CHECK-NOT: llvm.call_intrinsic
// CHECK: scf.yield
// CHECK-NOT: arith.subi
// CHECK-COUNT-10: vector.store
memref.global "private" constant @w : memref<2x32x4xi8> = dense<1>
func.func @vnni_constant_weights(%x: memref<5x8xi8>, %c: memref<5x32xi32>) {
  %w = memref.get_global @w : memref<2x32x4xi8>
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1 * 4 + d2)>,
                                   affine_map<(d0, d1, d2, d3) -> (d1, d3, d2)>,
                                   affine_map<(d0, d1, d2, d3) -> (d0, d3)>],
                  iterator_types = ["parallel", "reduction", "reduction", "parallel"]}
      ins(%x, %w : memref<5x8xi8>, memref<2x32x4xi8>) outs(%c : memref<5x32xi32>) {
  ^bb0(%a: i8, %b: i8, %acc: i32):
    %ae = arith.extsi %a : i8 to i32
    %be = arith.extsi %b : i8 to i32
    %p = arith.muli %ae, %be : i32
    %s = arith.addi %acc, %p : i32
    linalg.yield %s : i32
  }
  return
}

// A register budget (AArch64: 16 of 32 NEON registers; a row of 16 floats
// takes 4): rows along i cannot be unrolled (5 is odd), so the tile is 4
// column blocks, 4 independent sums; without a budget, one.
// REGS-LABEL: func.func @odd_rows
// REGS: scf.for %{{.+}} = %c0 to %c5 step %c1
// REGS-NOT: scf.for %{{.+}} = %c0 to %c64
// REGS: scf.for {{.+}} iter_args({{.+}}) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// SMALL-LABEL: func.func @odd_rows
// SMALL: scf.for %{{.+}} = %c0 to %c64 step %c16
// SMALL: scf.for {{.+}} iter_args(%{{[^,]+}}) -> (vector<16xf32>)
func.func @odd_rows(%a: memref<5x3xf32>, %b: memref<3x64xf32>, %c: memref<5x64xf32>) {
  linalg.generic {indexing_maps = [affine_map<(i, k, j) -> (i, k)>, affine_map<(i, k, j) -> (k, j)>,
                                   affine_map<(i, k, j) -> (i, j)>],
                  iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<5x3xf32>, memref<3x64xf32>) outs(%c : memref<5x64xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// An int8 depthwise row with constant weights on x86 (dot-lanes=32, so
// AVX-512BW's 32-lane pmaddwd): the weights become a table of int32 words
// holding each weight's int16 bits over a zero high half (-1 -> 0xFFFF),
// and each product is one pmaddwd of the sign-extended input against it, in
// place of a 16-bit multiply between two sign extensions and a widening.
// CHECK-DAG: memref.global "private" constant @dw_w_pmadd : memref<3x16xi32> = dense<65535>
// CHECK-LABEL: func.func @depthwise_pmaddwd
// CHECK: memref.get_global @dw_w_pmadd
// CHECK: scf.for
// CHECK: arith.extsi %{{.+}} : vector<16xi8> to vector<16xi32>
// CHECK: vector.bitcast %{{.+}} : vector<16xi32> to vector<32xi16>
// CHECK: llvm.call_intrinsic "llvm.x86.avx512.pmaddw.d.512"
// CHECK-NOT: arith.muli
// CHECK: scf.yield
// Without pair lanes (not x86), the product is a 16-bit multiply.
// REGS-LABEL: func.func @depthwise_pmaddwd
// REGS-NOT: llvm.call_intrinsic
// REGS: arith.muli %{{.+}}, %{{.+}} : vector<16xi16>
memref.global "private" constant @dw_w : memref<3x16xi8> = dense<-1>
func.func @depthwise_pmaddwd(%x: memref<6x16xi8>, %c: memref<4x16xi32>) {
  %w = memref.get_global @dw_w : memref<3x16xi8>
  linalg.generic {indexing_maps = [affine_map<(i, k, c) -> (i + k, c)>,
                                   affine_map<(i, k, c) -> (k, c)>,
                                   affine_map<(i, k, c) -> (i, c)>],
                  iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%x, %w : memref<6x16xi8>, memref<3x16xi8>) outs(%c : memref<4x16xi32>) {
  ^bb0(%a: i8, %b: i8, %acc: i32):
    %ae = arith.extsi %a : i8 to i32
    %be = arith.extsi %b : i8 to i32
    %p = arith.muli %ae, %be : i32
    %s = arith.addi %acc, %p : i32
    linalg.yield %s : i32
  }
  return
}

// A channels-last float convolution on x86 whose sums were just filled with
// a bias broadcast: the vector rows start from rows of the bias table and
// the fill goes. Rows along a 14-wide dim take 7 (any divisor up to 8: the
// broadcast input folds into the multiply-add on x86), times 2 along a
// second dim, though each row has its own broadcasts: 14 sums.
// CHECK-LABEL: func.func @bias_start_rows
// CHECK-NOT: linalg.generic
// CHECK: scf.for %{{.+}} = %c0 to %c14 step %c7
// CHECK: scf.for %{{.+}} = %c0 to %c14 step %c2
// CHECK-COUNT-14: vector.load %{{.+}} : memref<16xf32>, vector<16xf32>
// CHECK: scf.for {{.+}} -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// SMALL-LABEL: func.func @bias_start_rows
// SMALL: scf.for %{{.+}} = %c0 to %c14 step %c2
// SMALL: scf.for {{.+}} -> (vector<16xf32>, vector<16xf32>)
memref.global "private" constant @bias : memref<16xf32> = dense<1.0>
func.func @bias_start_rows(%x: memref<14x14x8xf32>, %w: memref<8x16xf32>, %c: memref<14x14x16xf32>) {
  %b = memref.get_global @bias : memref<16xf32>
  linalg.generic {indexing_maps = [affine_map<(h, w, f) -> (f)>, affine_map<(h, w, f) -> (h, w, f)>],
                  iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%b : memref<16xf32>) outs(%c : memref<14x14x16xf32>) {
  ^bb0(%in: f32, %o: f32):
    linalg.yield %in : f32
  }
  linalg.generic {indexing_maps = [affine_map<(h, w, k, f) -> (h, w, k)>, affine_map<(h, w, k, f) -> (k, f)>,
                                   affine_map<(h, w, k, f) -> (h, w, f)>],
                  iterator_types = ["parallel", "parallel", "reduction", "parallel"]}
      ins(%x, %w : memref<14x14x8xf32>, memref<8x16xf32>) outs(%c : memref<14x14x16xf32>) {
  ^bb0(%a: f32, %y: f32, %acc: f32):
    %p = arith.mulf %a, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// An elementwise op on NHWC buffers whose rows are contiguous (a padded
// buffer's interior is not: its rows are 6 pixels apart, of which 4 are
// read): (W, C) becomes one loop of 64, (H, W*C) does not merge.
// CHECK-LABEL: func.func @collapse_elementwise
// CHECK: linalg.generic {{.+}} iterator_types = ["parallel", "parallel"]} ins(%{{.+}} : memref<4x64xf32, strided<[96, 1], offset: 112>>) outs(%{{.+}} : memref<4x64xf32>)
func.func @collapse_elementwise(%p: memref<6x6x16xf32>, %o: memref<4x4x16xf32>) {
  %in = memref.subview %p[1, 1, 0] [4, 4, 16] [1, 1, 1] : memref<6x6x16xf32> to memref<4x4x16xf32, strided<[96, 16, 1], offset: 112>>
  linalg.generic {indexing_maps = [affine_map<(h, w, c) -> (h, w, c)>, affine_map<(h, w, c) -> (h, w, c)>],
                  iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%in : memref<4x4x16xf32, strided<[96, 16, 1], offset: 112>>) outs(%o : memref<4x4x16xf32>) {
  ^bb0(%a: f32, %b: f32):
    %z = arith.constant 0.0 : f32
    %r = arith.maximumf %a, %z : f32
    linalg.yield %r : f32
  }
  return
}

// An activation applied in place right after a reduction (an output-only
// generic on the reduction's buffer) runs on the vector sums before they
// are stored, and its own pass over the buffer goes.
// CHECK-LABEL: func.func @relu_epilogue
// CHECK: scf.yield
// CHECK-COUNT-4: arith.maximumf %{{.+}}, %{{.+}} : vector<16xf32>
// CHECK-NOT: linalg.generic
// CHECK: return
func.func @relu_epilogue(%zero: f32, %x: memref<4x8xf32>, %w: memref<8x16xf32>, %c: memref<4x16xf32>) {
  linalg.generic {indexing_maps = [affine_map<(h, k, f) -> (h, k)>, affine_map<(h, k, f) -> (k, f)>,
                                   affine_map<(h, k, f) -> (h, f)>],
                  iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%x, %w : memref<4x8xf32>, memref<8x16xf32>) outs(%c : memref<4x16xf32>) {
  ^bb0(%a: f32, %y: f32, %acc: f32):
    %p = arith.mulf %a, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [affine_map<(h, f) -> (h, f)>], iterator_types = ["parallel", "parallel"]}
      outs(%c : memref<4x16xf32>) {
  ^bb0(%o: f32):
    %r = arith.maximumf %o, %zero : f32
    linalg.yield %r : f32
  }
  return
}

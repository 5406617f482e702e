// RUN: edgec-opt %s -edgec-collapse-elementwise | FileCheck %s

// An elementwise op over one channel of a small feature map: all its loops
// are contiguous in both operands (the output is a view with its own
// strides), so they become one loop of 125.
// CHECK-LABEL: func.func @channel
// CHECK: memref.collapse_shape %{{.+}} {{\[}}[0, 1, 2, 3]] : memref<1x1x5x25xi32> into memref<125xi32>
// CHECK: memref.collapse_shape %{{.+}} {{\[}}[0, 1, 2, 3]] : memref<1x1x5x25xi8, strided<[500, 125, 25, 1], offset: ?>> into memref<125xi8, strided<[1], offset: ?>>
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel"]
func.func @channel(%a: memref<1x1x5x25xi32>, %o: memref<1x1x5x25xi8, strided<[500, 125, 25, 1], offset: ?>>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%a : memref<1x1x5x25xi32>) outs(%o : memref<1x1x5x25xi8, strided<[500, 125, 25, 1], offset: ?>>) {
  ^bb0(%x: i32, %y: i8):
    %t = arith.trunci %x : i32 to i8
    linalg.yield %t : i8
  }
  return
}

// A view whose rows are not contiguous (a padded interior) keeps its loops.
// CHECK-LABEL: func.func @interior
// CHECK-NOT: memref.collapse_shape
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]
func.func @interior(%a: memref<4x4xi8>, %o: memref<4x4xi8, strided<[6, 1], offset: 7>>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%a : memref<4x4xi8>) outs(%o : memref<4x4xi8, strided<[6, 1], offset: 7>>) {
  ^bb0(%x: i8, %y: i8):
    linalg.yield %x : i8
  }
  return
}

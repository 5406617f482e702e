// RUN: edgec-opt %s -edgec-fuse-requantize | FileCheck %s

// A float layer inserted into the interior of its consumer's padded input,
// whose border is zero-filled slice by slice: the alloc_tensor and the
// whole border chain move above the layer's tensor.empty, so that
// empty-tensor elimination can make the layer write into the interior.
// CHECK-LABEL: func.func @border_chain
// CHECK: bufferization.alloc_tensor() : tensor<1x4x4x1xf32>
// CHECK-COUNT-2: linalg.fill
// CHECK: tensor.empty() : tensor<1x2x2x1xf32>
// CHECK: linalg.generic
// CHECK: tensor.insert_slice %{{.+}} into %{{.+}}[0, 1, 1, 0] [1, 2, 2, 1] [1, 1, 1, 1]
func.func @border_chain(%x: tensor<1x2x2x1xf32>) -> tensor<1x4x4x1xf32> {
  %e = tensor.empty() : tensor<1x2x2x1xf32>
  %y = linalg.generic {indexing_maps = [affine_map<(a, b, c, d) -> (a, b, c, d)>, affine_map<(a, b, c, d) -> (a, b, c, d)>],
                       iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%x : tensor<1x2x2x1xf32>) outs(%e : tensor<1x2x2x1xf32>) {
  ^bb0(%in: f32, %o: f32):
    %z = arith.constant 0.0 : f32
    %r = arith.maximumf %in, %z : f32
    linalg.yield %r : f32
  } -> tensor<1x2x2x1xf32>
  %p = bufferization.alloc_tensor() : tensor<1x4x4x1xf32>
  %zero = arith.constant 0.0 : f32
  %s0 = tensor.extract_slice %p[0, 0, 0, 0] [1, 1, 4, 1] [1, 1, 1, 1] : tensor<1x4x4x1xf32> to tensor<1x1x4x1xf32>
  %f0 = linalg.fill ins(%zero : f32) outs(%s0 : tensor<1x1x4x1xf32>) -> tensor<1x1x4x1xf32>
  %p0 = tensor.insert_slice %f0 into %p[0, 0, 0, 0] [1, 1, 4, 1] [1, 1, 1, 1] : tensor<1x1x4x1xf32> into tensor<1x4x4x1xf32>
  %s1 = tensor.extract_slice %p0[0, 3, 0, 0] [1, 1, 4, 1] [1, 1, 1, 1] : tensor<1x4x4x1xf32> to tensor<1x1x4x1xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%s1 : tensor<1x1x4x1xf32>) -> tensor<1x1x4x1xf32>
  %p1 = tensor.insert_slice %f1 into %p0[0, 3, 0, 0] [1, 1, 4, 1] [1, 1, 1, 1] : tensor<1x1x4x1xf32> into tensor<1x4x4x1xf32>
  %in = tensor.insert_slice %y into %p1[0, 1, 1, 0] [1, 2, 2, 1] [1, 1, 1, 1] : tensor<1x2x2x1xf32> into tensor<1x4x4x1xf32>
  return %in : tensor<1x4x4x1xf32>
}

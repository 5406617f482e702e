//===- OnnxOpsUtil.h - Helpers shared by the ONNX op handlers -------------===//
//
// Internal to the importer: the small builders and checks every handler
// uses, and the handlers of operators composed from nn ops
// (OnnxComposite.cpp), which the handler table in OnnxOps.cpp lists.
//
//===----------------------------------------------------------------------===//
#ifndef EDGEC_COMPILER_IMPORT_ONNXOPSUTIL_H
#define EDGEC_COMPILER_IMPORT_ONNXOPSUTIL_H

#include "compiler/Import/OnnxNode.h"
#include "dialects/nn/IR/NNOps.h"

namespace edgec::onnx_import::ops {

using mlir::LogicalResult;
using mlir::Value;

mlir::RankedTensorType typeOf(Value v);
/// A 1-D int64 constant.
Value i64Const(NodeContext &c, llvm::ArrayRef<int64_t> values);
/// Normalizes a possibly negative axis; fails with a message if invalid.
mlir::FailureOr<int64_t> normAxis(NodeContext &c, int64_t axis, int64_t rank);
LogicalResult requireInputs(NodeContext &c, size_t n);
/// Reshape to a static target shape.
Value reshapeTo(NodeContext &c, Value v, llvm::ArrayRef<int64_t> shape);
bool hasStaticShape(Value v);
/// The float constant `v` as a rank-0 tensor (broadcasts anywhere).
Value f32Scalar(NodeContext &c, float v);
/// Two operands of a broadcasting binary op: same element type, shapes
/// that broadcast (checked before building: type inference would abort).
LogicalResult checkBinary(NodeContext &c, Value a, Value b);
/// Float32-only inputs (absent optional inputs are skipped).
LogicalResult requireF32(NodeContext &c, std::initializer_list<size_t> inputs);
/// The indices 0..n-1 along `axis` of a rank-`rank` int64 tensor (1
/// elsewhere), to compare against an index tensor.
Value iotaAlong(NodeContext &c, int64_t n, int64_t axis, int64_t rank);

/// The spatial axes 2..rank-1 of an N, C, spatial... tensor.
inline llvm::SmallVector<int64_t> spatialAxes(int64_t rank) {
  llvm::SmallVector<int64_t> axes;
  for (int64_t d = 2; d < rank; ++d)
    axes.push_back(d);
  return axes;
}

/// Shorthands for composing nn ops at the node's location.
struct Compose {
  NodeContext &c;
  Value add(Value a, Value b) { return nn::AddOp::create(c.b, c.loc, a, b); }
  Value sub(Value a, Value b) { return nn::SubOp::create(c.b, c.loc, a, b); }
  Value mul(Value a, Value b) { return nn::MulOp::create(c.b, c.loc, a, b); }
  Value div(Value a, Value b) { return nn::DivOp::create(c.b, c.loc, a, b); }
  Value max(Value a, Value b) { return nn::MaxOp::create(c.b, c.loc, a, b); }
  Value min(Value a, Value b) { return nn::MinOp::create(c.b, c.loc, a, b); }
  Value less(Value a, Value b) { return nn::LessOp::create(c.b, c.loc, a, b); }
  Value greater(Value a, Value b) { return nn::GreaterOp::create(c.b, c.loc, a, b); }
  Value equal(Value a, Value b) { return nn::EqualOp::create(c.b, c.loc, a, b); }
  Value select(Value cond, Value a, Value b) { return nn::WhereOp::create(c.b, c.loc, cond, a, b); }
  Value f(float v) { return f32Scalar(c, v); }
  Value mean(Value x, llvm::ArrayRef<int64_t> axes) {
    return nn::ReduceOp::create(c.b, c.loc, x, nn::ReduceKind::Mean, axes, true);
  }
  Value sqrt(Value x) { return nn::SqrtOp::create(c.b, c.loc, x); }
};

/// Windows: 1-D (rank 3, N C L) runs as 2-D of height 1.
LogicalResult checkWindowRank(NodeContext &c, Value input);
/// `v` with a leading `lead` when the window is 1-D and `v` has one entry.
llvm::SmallVector<int64_t> lift1D(llvm::ArrayRef<int64_t> v, bool oneD, int64_t lead);
/// N, C, L as N, C, 1, L, and back.
Value liftTo2D(NodeContext &c, Value v);
Value dropHeight(NodeContext &c, Value v);
/// auto_pad and pads of a (lifted) 2-D window as [top, left, bottom, right].
mlir::FailureOr<llvm::SmallVector<int64_t>> windowPads(NodeContext &c, Value input,
                                                      llvm::ArrayRef<int64_t> kernel,
                                                      llvm::ArrayRef<int64_t> strides,
                                                      llvm::ArrayRef<int64_t> dilations, bool oneD);

/// A 2-D pooling window: kernel, strides, [top, left, bottom, right] pads.
struct PoolWindow {
  llvm::SmallVector<int64_t> kernel, strides, pads;
};
mlir::FailureOr<PoolWindow> poolWindow(NodeContext &c, Value x, bool oneD);

/// The `axes` attribute normalized (default: every axis); repeats refused.
mlir::FailureOr<llvm::SmallVector<int64_t>> attrAxes(NodeContext &c, int64_t rank);

/// N-D and dilated MaxPool / AveragePool (OnnxComposite.cpp).
LogicalResult poolByGather(NodeContext &c, llvm::SmallVectorImpl<Value> &r, bool isMax);

// Handlers shared with the composed operators.
LogicalResult sum(NodeContext &c, llvm::SmallVectorImpl<Value> &r);

// Composed operators (OnnxComposite.cpp).
#define EDGEC_COMPOSED_HANDLERS(X)                                                                 \
  X(attention) X(celu) X(convTranspose) X(depthToSpace) X(einsum) X(eyeLike) X(gelu) X(globalMaxPool) X(groupNorm) X(gru) X(hardmax) \
  X(instanceNorm) X(isInf) X(isNaN) X(lpNormalization) X(lpPool) X(lrn) X(lstm) X(meanOp) X(meanVarianceNorm) X(mish) \
  X(negativeLogLikelihoodLoss) X(prelu) X(resize) X(rnn) X(shrink) X(softmaxCrossEntropyLoss) X(spaceToDepth)       \
  X(swish) X(thresholdedRelu) X(windowFunction) X(oneHot) X(tile) X(topK) X(rotaryEmbedding) X(gridSample) X(ifOp) X(scan) X(affineGrid)
#define EDGEC_DECLARE_HANDLER(name) LogicalResult name(NodeContext &c, llvm::SmallVectorImpl<Value> &r);
EDGEC_COMPOSED_HANDLERS(EDGEC_DECLARE_HANDLER)
#undef EDGEC_DECLARE_HANDLER

} // namespace edgec::onnx_import::ops

#endif

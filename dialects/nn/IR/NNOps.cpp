//===- NNOps.cpp - Type inference and verifiers of nn ops -----------------===//
//
// Every op infers its result type from operands and attributes. Dimensions
// that depend on values not yet known (a reshape target computed by a shape
// subgraph) stay dynamic; the shape-inference pass refines them after
// constant folding.
//
//===----------------------------------------------------------------------===//
#include "dialects/nn/IR/NNOps.h"
#include "mlir/Dialect/Traits.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace edgec::nn;

static constexpr int64_t kDyn = ShapedType::kDynamic;

bool edgec::nn::areRefinableTypes(TypeRange declared, TypeRange inferred) {
  if (declared.size() != inferred.size())
    return false;
  for (auto [d, i] : llvm::zip(declared, inferred)) {
    auto dt = dyn_cast<RankedTensorType>(d);
    auto it = dyn_cast<RankedTensorType>(i);
    if (!dt || !it || dt.getElementType() != it.getElementType() ||
        failed(verifyCompatibleShape(dt.getShape(), it.getShape())))
      return false;
  }
  return true;
}

std::optional<SmallVector<int64_t>> edgec::nn::getConstantI64Values(Value v) {
  DenseIntElementsAttr attr;
  if (!v || !matchPattern(v, m_Constant(&attr)))
    return std::nullopt;
  SmallVector<int64_t> out;
  for (const APInt &x : attr.getValues<APInt>())
    out.push_back(x.getSExtValue());
  return out;
}

static RankedTensorType rankedOf(Value v) {
  return cast<RankedTensorType>(v.getType());
}

/// Output extent of a sliding window (conv/pool) along one spatial axis.
static int64_t windowOut(int64_t in, int64_t k, int64_t stride, int64_t dil,
                         int64_t padBegin, int64_t padEnd, bool ceilMode) {
  if (in == kDyn)
    return kDyn;
  int64_t span = in + padBegin + padEnd - dil * (k - 1) - 1;
  if (span < 0 || stride <= 0)
    return kDyn; // The verifier reports this.
  int64_t out = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1;
  // With ceil_mode the last window must still start inside the input or
  // the begin padding (ONNX/PyTorch rule).
  if (ceilMode && (out - 1) * stride >= in + padBegin)
    --out;
  return out;
}

// Each op declares isCompatibleReturnTypes; all share the refinement rule.
#define NN_REFINABLE(Op)                                                       \
  bool Op::isCompatibleReturnTypes(TypeRange l, TypeRange r) {                 \
    return areRefinableTypes(l, r);                                            \
  }
NN_REFINABLE(ShapeOp)
NN_REFINABLE(GatherOp)
NN_REFINABLE(ReshapeOp)
NN_REFINABLE(ConcatOp)
NN_REFINABLE(TransposeOp)
NN_REFINABLE(SliceOp)
NN_REFINABLE(PadOp)
NN_REFINABLE(AddOp)
NN_REFINABLE(SubOp)
NN_REFINABLE(MulOp)
NN_REFINABLE(DivOp)
NN_REFINABLE(PowOp)
NN_REFINABLE(MaxOp)
NN_REFINABLE(ModOp)
NN_REFINABLE(BitwiseAndOp)
NN_REFINABLE(BitwiseOrOp)
NN_REFINABLE(BitwiseXorOp)
NN_REFINABLE(BitShiftOp)
NN_REFINABLE(MinOp)
NN_REFINABLE(EqualOp)
NN_REFINABLE(GreaterOp)
NN_REFINABLE(GreaterOrEqualOp)
NN_REFINABLE(LessOp)
NN_REFINABLE(LessOrEqualOp)
NN_REFINABLE(AndOp)
NN_REFINABLE(OrOp)
NN_REFINABLE(XorOp)
NN_REFINABLE(WhereOp)
NN_REFINABLE(ReduceOp)
NN_REFINABLE(ArgMaxOp)
NN_REFINABLE(ArgMinOp)
NN_REFINABLE(BatchMatMulOp)
NN_REFINABLE(ConvOp)
NN_REFINABLE(GemmOp)
NN_REFINABLE(MatMulOp)
NN_REFINABLE(MaxPoolOp)
NN_REFINABLE(AvgPoolOp)
NN_REFINABLE(GlobalAvgPoolOp)
NN_REFINABLE(BatchNormOp)
#undef NN_REFINABLE

//===----------------------------------------------------------------------===//
// Constants and shape ops
//===----------------------------------------------------------------------===//

LogicalResult BitcastOp::verify() {
  Type from = getInput().getType().getElementType(), to = getType().getElementType();
  if (from.getIntOrFloatBitWidth() != to.getIntOrFloatBitWidth())
    return emitOpError("needs element types of the same width, got ") << from << " and " << to;
  return success();
}

LogicalResult TriluOp::verify() {
  if (getInput().getType().getRank() < 2)
    return emitOpError("the input needs rank 2 or more");
  if (getK().getType().getNumElements() != 1)
    return emitOpError("k must hold one element");
  return success();
}

/// The result shape of a batched matrix product, or failure.
static FailureOr<SmallVector<int64_t>> batchMatMulShape(RankedTensorType a, RankedTensorType b) {
  if (a.getRank() < 2 || b.getRank() < 2)
    return failure();
  int64_t m = a.getDimSize(a.getRank() - 2), k = a.getDimSize(a.getRank() - 1);
  int64_t kb = b.getDimSize(b.getRank() - 2), n = b.getDimSize(b.getRank() - 1);
  if (k != kb && !ShapedType::isDynamic(k) && !ShapedType::isDynamic(kb))
    return failure();
  SmallVector<int64_t> batch;
  if (!OpTrait::util::getBroadcastedShape(a.getShape().drop_back(2), b.getShape().drop_back(2),
                                          batch))
    return failure();
  batch.push_back(m);
  batch.push_back(n);
  return batch;
}

LogicalResult BatchMatMulOp::inferReturnTypes(MLIRContext *, std::optional<Location>, Adaptor a,
                                              SmallVectorImpl<Type> &out) {
  auto at = rankedOf(a.getA()), bt = rankedOf(a.getB());
  auto shape = batchMatMulShape(at, bt);
  if (failed(shape))
    return failure();
  out.push_back(RankedTensorType::get(*shape, at.getElementType()));
  return success();
}

LogicalResult BatchMatMulOp::verify() {
  if (failed(batchMatMulShape(getA().getType(), getB().getType())))
    return emitOpError("operands ") << getA().getType() << " and " << getB().getType()
                                    << " do not multiply (rank 2 or more, inner sizes equal, "
                                       "batch dimensions broadcastable)";
  return success();
}

LogicalResult ExpandOp::verify() {
  auto in = cast<RankedTensorType>(getInput().getType());
  RankedTensorType out = getType();
  if (in.getElementType() != out.getElementType())
    return emitOpError("element types differ");
  if (out.getRank() < in.getRank())
    return emitOpError("result rank ") << out.getRank() << " is below the input rank "
                                       << in.getRank();
  int64_t off = out.getRank() - in.getRank();
  for (int64_t d = 0; d < in.getRank(); ++d)
    if (in.getDimSize(d) != 1 && in.getDimSize(d) != out.getDimSize(off + d))
      return emitOpError("input dimension ") << d << " (" << in.getDimSize(d)
                                             << ") does not broadcast to "
                                             << out.getDimSize(off + d);
  return success();
}

LogicalResult ConstantOp::verify() {
  if (getValue().getType() != getType())
    return emitOpError("value type ")
           << getValue().getType() << " does not match result type " << getType();
  return success();
}

LogicalResult ShapeOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location>,
                                        Adaptor a, SmallVectorImpl<Type> &out) {
  out.push_back(RankedTensorType::get({rankedOf(a.getInput()).getRank()},
                                      IntegerType::get(ctx, 64)));
  return success();
}

LogicalResult GatherOp::verify() {
  int64_t rank = getInput().getType().getRank();
  if (getAxis() < 0 || getAxis() >= rank)
    return emitOpError("axis ") << getAxis() << " is out of range for rank " << rank;
  return success();
}

LogicalResult GatherElementsOp::verify() {
  auto in = getInput().getType(), idx = getIndices().getType(), out = getOutput().getType();
  if (getAxis() < 0 || getAxis() >= in.getRank())
    return emitOpError("axis ") << getAxis() << " is out of range for rank " << in.getRank();
  if (idx.getRank() != in.getRank() || out.getShape() != idx.getShape() ||
      out.getElementType() != in.getElementType())
    return emitOpError("indices must have the input's rank and the result the indices' shape");
  for (int64_t d = 0; d < in.getRank(); ++d)
    if (d != getAxis() && !ShapedType::isDynamic(idx.getDimSize(d)) &&
        !ShapedType::isDynamic(in.getDimSize(d)) && idx.getDimSize(d) > in.getDimSize(d))
      return emitOpError("indices dimension ") << d << " exceeds the input's";
  return success();
}

LogicalResult GatherNDOp::verify() {
  auto in = getInput().getType(), idx = getIndices().getType(), out = getOutput().getType();
  int64_t b = getBatchDims();
  if (!in.hasStaticShape() || !idx.hasStaticShape() || idx.getRank() < 1)
    return emitOpError("needs static shapes and indices of rank 1 or more");
  int64_t k = idx.getShape().back();
  if (b < 0 || b >= idx.getRank() || b + k > in.getRank() || k < 1)
    return emitOpError("batch_dims plus the index length must fit the input's rank");
  for (int64_t d = 0; d < b; ++d)
    if (in.getDimSize(d) != idx.getDimSize(d))
      return emitOpError("batch dimensions of input and indices differ");
  SmallVector<int64_t> shape(idx.getShape().drop_back());
  llvm::append_range(shape, in.getShape().drop_front(b + k));
  if (out.getShape() != ArrayRef<int64_t>(shape) || out.getElementType() != in.getElementType())
    return emitOpError("result must be the batch and index dimensions, then the input's after the tuple");
  return success();
}

LogicalResult ScatterNDOp::verify() {
  auto in = getInput().getType(), idx = getIndices().getType(), upd = getUpdates().getType();
  if (!in.hasStaticShape() || !idx.hasStaticShape() || !upd.hasStaticShape() || idx.getRank() < 1)
    return emitOpError("needs static shapes and indices of rank 1 or more");
  int64_t k = idx.getShape().back();
  if (k < 1 || k > in.getRank())
    return emitOpError("the index length must be 1..rank of the input");
  SmallVector<int64_t> shape(idx.getShape().drop_back());
  llvm::append_range(shape, in.getShape().drop_front(k));
  if (upd.getShape() != ArrayRef<int64_t>(shape) || upd.getElementType() != in.getElementType() ||
      getOutput().getType() != in)
    return emitOpError("updates must be the index dimensions, then the input's after the tuple");
  if (!llvm::is_contained({"none", "add", "mul", "max", "min"}, getReduction()))
    return emitOpError("reduction must be none, add, mul, max or min");
  return success();
}

LogicalResult CumulativeOp::verify() {
  if (getAxis() < 0 || getAxis() >= getInput().getType().getRank())
    return emitOpError("axis ") << getAxis() << " is out of range";
  if (getInput().getType().getElementType().isInteger(1))
    return emitOpError("needs numbers, not booleans");
  return success();
}

LogicalResult ScatterElementsOp::verify() {
  auto in = getInput().getType(), idx = getIndices().getType(), upd = getUpdates().getType();
  if (getAxis() < 0 || getAxis() >= in.getRank())
    return emitOpError("axis ") << getAxis() << " is out of range for rank " << in.getRank();
  if (idx.getRank() != in.getRank() || idx.getShape() != upd.getShape() ||
      upd.getElementType() != in.getElementType() || getOutput().getType() != in)
    return emitOpError("indices and updates must share a shape of the input's rank, and the "
                       "result must have the input's type");
  if (!llvm::is_contained({"none", "add", "mul", "max", "min"}, getReduction()))
    return emitOpError("reduction must be none, add, mul, max or min");
  for (int64_t d = 0; d < in.getRank(); ++d)
    if (d != getAxis() && !ShapedType::isDynamic(idx.getDimSize(d)) &&
        !ShapedType::isDynamic(in.getDimSize(d)) && idx.getDimSize(d) > in.getDimSize(d))
      return emitOpError("indices dimension ") << d << " exceeds the input's";
  return success();
}

LogicalResult GatherOp::inferReturnTypes(MLIRContext *, std::optional<Location>,
                                         Adaptor a, SmallVectorImpl<Type> &out) {
  auto in = rankedOf(a.getInput());
  auto idx = rankedOf(a.getIndices());
  int64_t axis = a.getAxis();
  if (axis < 0 || axis >= in.getRank())
    return failure();
  SmallVector<int64_t> shape(in.getShape().take_front(axis));
  llvm::append_range(shape, idx.getShape());
  llvm::append_range(shape, in.getShape().drop_front(axis + 1));
  out.push_back(RankedTensorType::get(shape, in.getElementType()));
  return success();
}

/// Resolves ONNX reshape semantics (0 copies, -1 infers) when possible.
static SmallVector<int64_t> resolveReshape(ArrayRef<int64_t> in,
                                           ArrayRef<int64_t> target,
                                           bool allowZero) {
  SmallVector<int64_t> shape;
  int64_t known = 1, inferAt = -1;
  bool inStatic = llvm::none_of(in, ShapedType::isDynamic);
  for (auto [i, d] : llvm::enumerate(target)) {
    int64_t dim = d;
    if (d == 0 && !allowZero)
      dim = i < in.size() ? in[i] : kDyn;
    if (d == -1) {
      inferAt = i;
      shape.push_back(kDyn);
      continue;
    }
    shape.push_back(dim);
    if (dim == kDyn)
      inStatic = false;
    else
      known *= dim;
  }
  if (inferAt >= 0 && inStatic && known > 0) {
    int64_t total = 1;
    for (int64_t d : in)
      total *= d;
    if (total % known == 0)
      shape[inferAt] = total / known;
  }
  return shape;
}

LogicalResult ReshapeOp::verify() {
  auto target = getConstantI64Values(getShape());
  if (!target)
    return success();
  int negs = 0;
  for (int64_t d : *target) {
    if (d < -1)
      return emitOpError("target dimension ") << d << " is invalid";
    negs += d == -1;
  }
  if (negs > 1)
    return emitOpError("at most one target dimension may be -1");
  auto in = getInput().getType();
  auto res = getType();
  if (in.hasStaticShape() && res.hasStaticShape() &&
      in.getNumElements() != res.getNumElements())
    return emitOpError("cannot reshape ") << in << " into " << res;
  return success();
}

LogicalResult ReshapeOp::inferReturnTypes(MLIRContext *, std::optional<Location>,
                                          Adaptor a, SmallVectorImpl<Type> &out) {
  auto in = rankedOf(a.getInput());
  auto shapeTy = rankedOf(a.getShape());
  if (shapeTy.getRank() != 1 || shapeTy.isDynamicDim(0))
    return failure();
  SmallVector<int64_t> shape(shapeTy.getDimSize(0), kDyn);
  if (auto target = getConstantI64Values(a.getShape()))
    shape = resolveReshape(in.getShape(), *target, a.getAllowzero());
  out.push_back(RankedTensorType::get(shape, in.getElementType()));
  return success();
}

LogicalResult ConcatOp::verify() {
  if (getInputs().empty())
    return emitOpError("needs at least one input");
  auto first = cast<RankedTensorType>(getInputs()[0].getType());
  int64_t rank = first.getRank();
  if (getAxis() < 0 || getAxis() >= rank)
    return emitOpError("axis ") << getAxis() << " is out of range for rank " << rank;
  for (Value v : getInputs()) {
    auto t = cast<RankedTensorType>(v.getType());
    if (t.getRank() != rank || t.getElementType() != first.getElementType())
      return emitOpError("inputs must share rank and element type");
    for (int64_t i = 0; i < rank; ++i)
      if (i != getAxis() && !t.isDynamicDim(i) && !first.isDynamicDim(i) &&
          t.getDimSize(i) != first.getDimSize(i))
        return emitOpError("inputs differ in dimension ") << i;
  }
  return success();
}

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *, std::optional<Location>,
                                         Adaptor a, SmallVectorImpl<Type> &out) {
  if (a.getInputs().empty())
    return failure();
  auto first = rankedOf(a.getInputs()[0]);
  int64_t axis = a.getAxis();
  if (axis < 0 || axis >= first.getRank())
    return failure();
  SmallVector<int64_t> shape(first.getShape());
  shape[axis] = 0;
  for (Value v : a.getInputs()) {
    int64_t d = rankedOf(v).getDimSize(axis);
    shape[axis] = (d == kDyn || shape[axis] == kDyn) ? kDyn : shape[axis] + d;
  }
  out.push_back(RankedTensorType::get(shape, first.getElementType()));
  return success();
}

LogicalResult TransposeOp::verify() {
  int64_t rank = getInput().getType().getRank();
  if ((int64_t)getPerm().size() != rank)
    return emitOpError("perm has ") << getPerm().size() << " entries for rank " << rank;
  SmallVector<bool> seen(rank, false);
  for (int64_t p : getPerm()) {
    if (p < 0 || p >= rank || seen[p])
      return emitOpError("perm is not a permutation");
    seen[p] = true;
  }
  return success();
}

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *, std::optional<Location>,
                                            Adaptor a, SmallVectorImpl<Type> &out) {
  auto in = rankedOf(a.getInput());
  SmallVector<int64_t> shape;
  for (int64_t p : a.getPerm()) {
    if (p < 0 || p >= in.getRank())
      return failure();
    shape.push_back(in.getDimSize(p));
  }
  out.push_back(RankedTensorType::get(shape, in.getElementType()));
  return success();
}

LogicalResult SliceOp::verify() {
  auto in = getInput().getType();
  size_t rank = in.getRank();
  if (getStarts().size() != rank || getEnds().size() != rank || getSteps().size() != rank)
    return emitOpError("starts, ends and steps need one entry per dimension");
  for (int64_t s : getSteps())
    if (s == 0)
      return emitOpError("step must not be zero");
  return success();
}

LogicalResult SliceOp::inferReturnTypes(MLIRContext *, std::optional<Location>,
                                        Adaptor a, SmallVectorImpl<Type> &out) {
  auto in = rankedOf(a.getInput());
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < in.getRank(); ++i) {
    if (i >= (int64_t)a.getSteps().size() || i >= (int64_t)a.getStarts().size() ||
        i >= (int64_t)a.getEnds().size())
      return failure();
    int64_t s = a.getStarts()[i], e = a.getEnds()[i], st = a.getSteps()[i];
    if (st == 0)
      return failure();
    int64_t n = st > 0 ? (e - s + st - 1) / st : (s - e - st - 1) / -st;
    shape.push_back(std::max<int64_t>(n, 0));
  }
  out.push_back(RankedTensorType::get(shape, in.getElementType()));
  return success();
}

LogicalResult PadOp::verify() {
  int64_t rank = getInput().getType().getRank();
  if ((int64_t)getPads().size() != 2 * rank)
    return emitOpError("pads needs ") << 2 * rank << " entries";
  for (int64_t p : getPads())
    if (p < 0)
      return emitOpError("negative pads are not supported");
  return success();
}

LogicalResult PadOp::inferReturnTypes(MLIRContext *, std::optional<Location>,
                                      Adaptor a, SmallVectorImpl<Type> &out) {
  auto in = rankedOf(a.getInput());
  int64_t rank = in.getRank();
  if ((int64_t)a.getPads().size() != 2 * rank)
    return failure();
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < rank; ++i) {
    int64_t d = in.getDimSize(i);
    shape.push_back(d == kDyn ? kDyn : d + a.getPads()[i] + a.getPads()[i + rank]);
  }
  out.push_back(RankedTensorType::get(shape, in.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

static LogicalResult inferBroadcast(Value lhs, Value rhs,
                                    SmallVectorImpl<Type> &out) {
  auto l = rankedOf(lhs), r = rankedOf(rhs);
  SmallVector<int64_t> shape;
  if (!OpTrait::util::getBroadcastedShape(l.getShape(), r.getShape(), shape))
    return failure();
  out.push_back(RankedTensorType::get(shape, l.getElementType()));
  return success();
}

static LogicalResult verifyBinary(Operation *op) {
  auto l = cast<RankedTensorType>(op->getOperand(0).getType());
  auto r = cast<RankedTensorType>(op->getOperand(1).getType());
  if (l.getElementType() != r.getElementType())
    return op->emitOpError("operands must have the same element type, got ")
           << l.getElementType() << " and " << r.getElementType();
  SmallVector<int64_t> shape;
  if (!OpTrait::util::getBroadcastedShape(l.getShape(), r.getShape(), shape))
    return op->emitOpError("operand shapes ") << l << " and " << r
                                              << " are not broadcastable";
  return success();
}

#define NN_BINARY(Op)                                                          \
  LogicalResult Op::inferReturnTypes(MLIRContext *, std::optional<Location>,   \
                                     Adaptor a, SmallVectorImpl<Type> &out) {  \
    return inferBroadcast(a.getLhs(), a.getRhs(), out);                        \
  }                                                                            \
  LogicalResult Op::verify() { return verifyBinary(*this); }
NN_BINARY(AddOp)
NN_BINARY(SubOp)
NN_BINARY(MulOp)
NN_BINARY(DivOp)
NN_BINARY(PowOp)
NN_BINARY(MaxOp)
NN_BINARY(MinOp)
NN_BINARY(ModOp)
NN_BINARY(BitwiseAndOp)
NN_BINARY(BitwiseOrOp)
NN_BINARY(BitwiseXorOp)
NN_BINARY(BitShiftOp)
#undef NN_BINARY

#define NN_COMPARE(Op)                                                         \
  LogicalResult Op::inferReturnTypes(MLIRContext *ctx, std::optional<Location>,\
                                     Adaptor a, SmallVectorImpl<Type> &out) {  \
    SmallVector<Type> t;                                                       \
    if (failed(inferBroadcast(a.getLhs(), a.getRhs(), t)))                     \
      return failure();                                                        \
    out.push_back(RankedTensorType::get(cast<RankedTensorType>(t[0]).getShape(), \
                                        IntegerType::get(ctx, 1)));            \
    return success();                                                          \
  }                                                                            \
  LogicalResult Op::verify() { return verifyBinary(*this); }
NN_COMPARE(EqualOp)
NN_COMPARE(GreaterOp)
NN_COMPARE(GreaterOrEqualOp)
NN_COMPARE(LessOp)
NN_COMPARE(LessOrEqualOp)
NN_COMPARE(AndOp)
NN_COMPARE(OrOp)
NN_COMPARE(XorOp)
#undef NN_COMPARE

LogicalResult WhereOp::verify() {
  if (getLhs().getType().getElementType() != getRhs().getType().getElementType())
    return emitOpError("value operands must have the same element type");
  SmallVector<int64_t> s1, s2;
  if (!OpTrait::util::getBroadcastedShape(getLhs().getType().getShape(),
                                          getRhs().getType().getShape(), s1) ||
      !OpTrait::util::getBroadcastedShape(s1, getCondition().getType().getShape(), s2))
    return emitOpError("operand shapes are not broadcastable");
  return success();
}

LogicalResult WhereOp::inferReturnTypes(MLIRContext *, std::optional<Location>, Adaptor a,
                                        SmallVectorImpl<Type> &out) {
  SmallVector<int64_t> s1, s2;
  auto l = rankedOf(a.getLhs()), r = rankedOf(a.getRhs()), c = rankedOf(a.getCondition());
  if (!OpTrait::util::getBroadcastedShape(l.getShape(), r.getShape(), s1) ||
      !OpTrait::util::getBroadcastedShape(s1, c.getShape(), s2))
    return failure();
  out.push_back(RankedTensorType::get(s2, l.getElementType()));
  return success();
}

// Unary ops, softmax and batch_norm get inferReturnTypes from their
// SameOperandsAndResultType/AllTypesMatch traits.

LogicalResult ClipOp::verify() {
  if (getMin().convertToFloat() > getMax().convertToFloat())
    return emitOpError("min ") << getMin().convertToFloat() << " exceeds max "
                               << getMax().convertToFloat();
  return success();
}

LogicalResult SoftmaxOp::verify() {
  int64_t rank = getInput().getType().getRank();
  if (getAxis() < 0 || getAxis() >= rank)
    return emitOpError("axis ") << getAxis() << " is out of range for rank " << rank;
  return success();
}

LogicalResult ReduceOp::verify() {
  int64_t rank = getInput().getType().getRank(), prev = -1;
  for (int64_t a : getAxes()) {
    if (a < 0 || a >= rank || a <= prev)
      return emitOpError("axes must be sorted, unique and in [0, ") << rank << ")";
    prev = a;
  }
  return success();
}

LogicalResult ReduceOp::inferReturnTypes(MLIRContext *, std::optional<Location>, Adaptor a,
                                         SmallVectorImpl<Type> &out) {
  auto in = rankedOf(a.getInput());
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < in.getRank(); ++d) {
    bool reduced = a.getAxes().empty() || llvm::is_contained(a.getAxes(), d);
    if (!reduced)
      shape.push_back(in.getDimSize(d));
    else if (a.getKeepdims())
      shape.push_back(1);
  }
  out.push_back(RankedTensorType::get(shape, in.getElementType()));
  return success();
}

LogicalResult LogSoftmaxOp::verify() {
  int64_t rank = getInput().getType().getRank();
  if (getAxis() < 0 || getAxis() >= rank)
    return emitOpError("axis ") << getAxis() << " is out of range for rank " << rank;
  return success();
}

template <typename Op>
static LogicalResult verifyArg(Op op) {
  int64_t rank = op.getInput().getType().getRank();
  if (op.getAxis() < 0 || op.getAxis() >= rank)
    return op.emitOpError("axis ") << op.getAxis() << " is out of range for rank " << rank;
  return success();
}

template <typename Adaptor>
static LogicalResult inferArg(MLIRContext *ctx, Adaptor a, SmallVectorImpl<Type> &out) {
  auto in = rankedOf(a.getInput());
  int64_t axis = a.getAxis();
  if (axis < 0 || axis >= in.getRank())
    return failure();
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < in.getRank(); ++i) {
    if (i != axis)
      shape.push_back(in.getDimSize(i));
    else if (a.getKeepdims())
      shape.push_back(1);
  }
  out.push_back(RankedTensorType::get(shape, IntegerType::get(ctx, 64)));
  return success();
}

LogicalResult ArgMaxOp::verify() { return verifyArg(*this); }
LogicalResult ArgMinOp::verify() { return verifyArg(*this); }
LogicalResult ArgMaxOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location>, Adaptor a,
                                         SmallVectorImpl<Type> &out) {
  return inferArg(ctx, a, out);
}
LogicalResult ArgMinOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location>, Adaptor a,
                                         SmallVectorImpl<Type> &out) {
  return inferArg(ctx, a, out);
}

//===----------------------------------------------------------------------===//
// Linear algebra and convolution
//===----------------------------------------------------------------------===//

static LogicalResult verifyActivation(Operation *op, ActivationKind kind,
                                      APFloat lo, APFloat hi) {
  if (kind == ActivationKind::Clip && lo.convertToFloat() > hi.convertToFloat())
    return op->emitOpError("fused clip has min above max");
  return success();
}

static LogicalResult verifyWindowAttrs(Operation *op, ArrayRef<int64_t> strides,
                                       ArrayRef<int64_t> pads,
                                       ArrayRef<int64_t> dilations) {
  if (strides.size() != 2 || pads.size() != 4 || dilations.size() != 2)
    return op->emitOpError("expects 2 strides, 4 pads [top, left, bottom, right] "
                           "and 2 dilations (2-D only)");
  for (int64_t s : strides)
    if (s <= 0)
      return op->emitOpError("strides must be positive");
  for (int64_t d : dilations)
    if (d <= 0)
      return op->emitOpError("dilations must be positive");
  for (int64_t p : pads)
    if (p < 0)
      return op->emitOpError("pads must not be negative");
  return success();
}

LogicalResult ConvOp::verify() {
  auto in = getInput().getType();
  auto w = getWeight().getType();
  if (in.getRank() != 4 || w.getRank() != 4)
    return emitOpError("expects rank-4 NCHW input and MCkHkW weight, got ")
           << in << " and " << w;
  if (failed(verifyWindowAttrs(*this, getStrides(), getPads(), getDilations())))
    return failure();
  int64_t g = getGroup();
  if (g <= 0)
    return emitOpError("group must be positive");
  if (!in.isDynamicDim(1) && !w.isDynamicDim(1) && in.getDimSize(1) != w.getDimSize(1) * g)
    return emitOpError("input has ") << in.getDimSize(1) << " channels but weight expects "
                                     << w.getDimSize(1) << " x group " << g;
  if (!w.isDynamicDim(0) && w.getDimSize(0) % g != 0)
    return emitOpError("output channels ") << w.getDimSize(0) << " not divisible by group " << g;
  if (getBias()) {
    auto b = getBias().getType();
    if (b.getRank() != 1 || (!w.isDynamicDim(0) && b.getDimSize(0) != w.getDimSize(0)))
      return emitOpError("bias must be 1-D with one value per output channel");
  }
  for (int i = 0; i < 2; ++i)
    if (!in.isDynamicDim(2 + i) &&
        in.getDimSize(2 + i) + getPads()[i] + getPads()[i + 2] <
            getDilations()[i] * (w.getDimSize(2 + i) - 1) + 1)
      return emitOpError("kernel is larger than the padded input");
  return verifyActivation(*this, getActivation(), getActMin(), getActMax());
}

LogicalResult ConvOp::inferReturnTypes(MLIRContext *, std::optional<Location>,
                                       Adaptor a, SmallVectorImpl<Type> &out) {
  auto in = rankedOf(a.getInput());
  auto w = rankedOf(a.getWeight());
  if (in.getRank() != 4 || w.getRank() != 4 || a.getStrides().size() != 2 ||
      a.getPads().size() != 4 || a.getDilations().size() != 2)
    return failure();
  SmallVector<int64_t> shape = {in.getDimSize(0), w.getDimSize(0)};
  for (int i = 0; i < 2; ++i)
    shape.push_back(windowOut(in.getDimSize(2 + i), w.getDimSize(2 + i),
                              a.getStrides()[i], a.getDilations()[i],
                              a.getPads()[i], a.getPads()[i + 2], false));
  out.push_back(RankedTensorType::get(shape, in.getElementType()));
  return success();
}

static std::pair<int64_t, int64_t> gemmDims(RankedTensorType t, bool trans) {
  return trans ? std::make_pair(t.getDimSize(1), t.getDimSize(0))
               : std::make_pair(t.getDimSize(0), t.getDimSize(1));
}

LogicalResult GemmOp::verify() {
  auto a = getA().getType(), b = getB().getType();
  if (a.getRank() != 2 || b.getRank() != 2)
    return emitOpError("expects rank-2 operands, got ") << a << " and " << b;
  auto [m, k] = gemmDims(a, getTransA());
  auto [k2, n] = gemmDims(b, getTransB());
  if (k != kDyn && k2 != kDyn && k != k2)
    return emitOpError("inner dimensions differ: ") << k << " vs " << k2;
  if (getC()) {
    SmallVector<int64_t> shape;
    if (!OpTrait::util::getBroadcastedShape({m, n}, getC().getType().getShape(), shape) ||
        shape.size() != 2 || (shape[0] != m && m != kDyn) || (shape[1] != n && n != kDyn))
      return emitOpError("C is not unidirectionally broadcastable to ") << m << "x" << n;
  }
  return verifyActivation(*this, getActivation(), getActMin(), getActMax());
}

LogicalResult GemmOp::inferReturnTypes(MLIRContext *, std::optional<Location>,
                                       Adaptor ad, SmallVectorImpl<Type> &out) {
  auto a = rankedOf(ad.getA()), b = rankedOf(ad.getB());
  if (a.getRank() != 2 || b.getRank() != 2)
    return failure();
  out.push_back(RankedTensorType::get({gemmDims(a, ad.getTransA()).first,
                                       gemmDims(b, ad.getTransB()).second},
                                      a.getElementType()));
  return success();
}

LogicalResult MatMulOp::verify() {
  auto a = getA().getType(), b = getB().getType();
  if (a.getRank() != 2 || b.getRank() != 2)
    return emitOpError("supports rank-2 operands only, got ") << a << " and " << b;
  if (!a.isDynamicDim(1) && !b.isDynamicDim(0) && a.getDimSize(1) != b.getDimSize(0))
    return emitOpError("inner dimensions differ: ") << a.getDimSize(1) << " vs "
                                                    << b.getDimSize(0);
  if (getBias()) {
    auto c = getBias().getType();
    if (c.getRank() != 1 || (!b.isDynamicDim(1) && c.getDimSize(0) != b.getDimSize(1)))
      return emitOpError("bias must be 1-D over the last output dimension");
  }
  return verifyActivation(*this, getActivation(), getActMin(), getActMax());
}

LogicalResult MatMulOp::inferReturnTypes(MLIRContext *, std::optional<Location>,
                                         Adaptor ad, SmallVectorImpl<Type> &out) {
  auto a = rankedOf(ad.getA()), b = rankedOf(ad.getB());
  if (a.getRank() != 2 || b.getRank() != 2)
    return failure();
  out.push_back(RankedTensorType::get({a.getDimSize(0), b.getDimSize(1)},
                                      a.getElementType()));
  return success();
}

LogicalResult BatchNormOp::inferReturnTypes(MLIRContext *, std::optional<Location>,
                                            Adaptor a, SmallVectorImpl<Type> &out) {
  out.push_back(a.getInput().getType());
  return success();
}

LogicalResult BatchNormOp::verify() {
  auto in = getInput().getType();
  if (in.getRank() < 2)
    return emitOpError("expects an input of rank >= 2 with channels at axis 1");
  for (Value v : {getScale(), getBias(), getMean(), getVar()}) {
    auto t = cast<RankedTensorType>(v.getType());
    if (t.getRank() != 1 ||
        (!in.isDynamicDim(1) && !t.isDynamicDim(0) && t.getDimSize(0) != in.getDimSize(1)))
      return emitOpError("scale, bias, mean and var must be 1-D with one value per channel");
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

#define NN_POOL(Op)                                                            \
  LogicalResult Op::verify() {                                                 \
    if (getInput().getType().getRank() != 4)                                   \
      return emitOpError("expects a rank-4 NCHW input");                       \
    if (getKernel().size() != 2 || llvm::any_of(getKernel(), [](int64_t k) {   \
          return k <= 0;                                                       \
        }))                                                                    \
      return emitOpError("expects two positive kernel sizes");                 \
    int64_t dil[2] = {1, 1};                                                   \
    if (failed(verifyWindowAttrs(*this, getStrides(), getPads(), dil)))        \
      return failure();                                                        \
    for (int i = 0; i < 2; ++i)                                                \
      if (getPads()[i] >= getKernel()[i] || getPads()[i + 2] >= getKernel()[i]) \
        return emitOpError("pads must be smaller than the kernel");            \
    return success();                                                          \
  }                                                                            \
  LogicalResult Op::inferReturnTypes(MLIRContext *, std::optional<Location>,   \
                                     Adaptor a, SmallVectorImpl<Type> &out) {  \
    auto in = rankedOf(a.getInput());                                          \
    if (in.getRank() != 4 || a.getKernel().size() != 2 ||                      \
        a.getStrides().size() != 2 || a.getPads().size() != 4)                 \
      return failure();                                                        \
    SmallVector<int64_t> shape = {in.getDimSize(0), in.getDimSize(1)};         \
    for (int i = 0; i < 2; ++i)                                                \
      shape.push_back(windowOut(in.getDimSize(2 + i), a.getKernel()[i],        \
                                a.getStrides()[i], 1, a.getPads()[i],          \
                                a.getPads()[i + 2], a.getCeilMode()));         \
    out.push_back(RankedTensorType::get(shape, in.getElementType()));          \
    return success();                                                          \
  }
NN_POOL(MaxPoolOp)
NN_POOL(AvgPoolOp)
#undef NN_POOL

LogicalResult GlobalAvgPoolOp::verify() {
  if (getInput().getType().getRank() < 3)
    return emitOpError("expects an input of rank >= 3 (N, C, spatial...)");
  return success();
}

LogicalResult GlobalAvgPoolOp::inferReturnTypes(MLIRContext *, std::optional<Location>,
                                                Adaptor a, SmallVectorImpl<Type> &out) {
  auto in = rankedOf(a.getInput());
  SmallVector<int64_t> shape(in.getShape().take_front(2));
  shape.resize(in.getRank(), 1);
  out.push_back(RankedTensorType::get(shape, in.getElementType()));
  return success();
}

#define GET_OP_CLASSES
#include "dialects/nn/IR/NNOps.cpp.inc"

//===- DataMovement.cpp - nn data-movement ops and constants to tensor ----===//
#include "lowering/NNToLinalg/Utils.h"
#include "mlir/Dialect/SCF/Utils/Utils.h"

using namespace mlir;
using namespace edgec::nn;

namespace edgec::lowering {
namespace {

struct ConstantLowering : OpConversionPattern<ConstantOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(ConstantOp op, OpAdaptor,
                                ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, op.getType(), cast<TypedAttr>(op.getValue()));
    return success();
  }
};

struct ReshapeLowering : OpConversionPattern<ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(ReshapeOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    if (!op.getType().hasStaticShape())
      return op.emitError("reshape target is not known at compile time");
    rewriter.replaceOp(op, reshapeStatic(rewriter, op.getLoc(), a.getInput(), op.getType()));
    return success();
  }
};

struct TransposeLowering : OpConversionPattern<TransposeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(TransposeOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    auto ty = op.getType();
    Value init = tensor::EmptyOp::create(rewriter, op.getLoc(), ty.getShape(), ty.getElementType());
    rewriter.replaceOp(op, linalg::TransposeOp::create(rewriter, op.getLoc(), a.getInput(), init,
                                                       op.getPerm())
                               .getResult()[0]);
    return success();
  }
};

struct ConcatLowering : OpConversionPattern<ConcatOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(ConcatOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto ty = op.getType();
    int64_t rank = ty.getRank(), axis = op.getAxis(), at = 0;
    Value out = tensor::EmptyOp::create(rewriter, loc, ty.getShape(), ty.getElementType());
    for (Value in : a.getInputs()) {
      auto inTy = cast<RankedTensorType>(in.getType());
      SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
      offsets[axis] = rewriter.getIndexAttr(at);
      SmallVector<OpFoldResult> sizes, strides(rank, rewriter.getIndexAttr(1));
      for (int64_t d : inTy.getShape())
        sizes.push_back(rewriter.getIndexAttr(d));
      out = tensor::InsertSliceOp::create(rewriter, loc, in, out, offsets, sizes, strides);
      at += inTy.getDimSize(axis);
    }
    rewriter.replaceOp(op, out);
    return success();
  }
};

struct SliceLowering : OpConversionPattern<SliceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(SliceOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    if (llvm::any_of(op.getSteps(), [](int64_t s) { return s < 0; })) {
      // A reversed slice is no strided view: copy it with a generic that
      // reads element start + i * step.
      MLIRContext *ctx = getContext();
      SmallVector<AffineExpr> exprs;
      for (auto [d, start, step] : llvm::enumerate(op.getStarts(), op.getSteps()))
        exprs.push_back(getAffineConstantExpr(start, ctx) + getAffineDimExpr(d, ctx) * step);
      auto ty = op.getType();
      AffineMap in = AffineMap::get(ty.getRank(), 0, exprs, ctx);
      rewriter.replaceOp(op, mapped(rewriter, op.getLoc(), a.getInput(), in, ty,
                                    [](OpBuilder &, Location, ValueRange v) { return v[0]; }));
      return success();
    }
    SmallVector<OpFoldResult> offsets, sizes, strides;
    for (auto [s, n, st] : llvm::zip(op.getStarts(), op.getType().getShape(), op.getSteps())) {
      offsets.push_back(rewriter.getIndexAttr(s));
      sizes.push_back(rewriter.getIndexAttr(n));
      strides.push_back(rewriter.getIndexAttr(st));
    }
    rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(op, op.getType(), a.getInput(), offsets, sizes,
                                                        strides);
    return success();
  }
};

/// Gather along one axis: a generic over the output that reads its index
/// and loads the data element with tensor.extract.
struct GatherLowering : OpConversionPattern<GatherOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(GatherOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto outTy = op.getType();
    auto dataTy = cast<RankedTensorType>(a.getInput().getType());
    auto idxTy = cast<RankedTensorType>(a.getIndices().getType());
    int64_t axis = op.getAxis(), idxRank = idxTy.getRank(), dim = dataTy.getDimSize(axis);
    MLIRContext *ctx = getContext();
    SmallVector<AffineExpr> idxExprs;
    for (int64_t i = 0; i < idxRank; ++i)
      idxExprs.push_back(getAffineDimExpr(axis + i, ctx));
    AffineMap idxMap = AffineMap::get(outTy.getRank(), 0, idxExprs, ctx);
    Value data = a.getInput();
    rewriter.replaceOp(op, mapped(rewriter, loc, a.getIndices(), idxMap, outTy,
                                  [&](OpBuilder &b, Location l, ValueRange v) -> Value {
      Value i = arith::IndexCastOp::create(b, l, b.getIndexType(), v[0]);
      // Negative indices count from the end. Out-of-range indices are an
      // error in ONNX; they are clamped so they can never read outside
      // the tensor.
      Value zero = arith::ConstantIndexOp::create(b, l, 0);
      Value n = arith::ConstantIndexOp::create(b, l, dim);
      Value neg = arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, i, zero);
      i = arith::SelectOp::create(b, l, neg, arith::AddIOp::create(b, l, i, n), i);
      i = arith::MaxSIOp::create(b, l, i, zero);
      i = arith::MinSIOp::create(b, l, i, arith::ConstantIndexOp::create(b, l, dim - 1));
      SmallVector<Value> at;
      for (int64_t d = 0; d < dataTy.getRank(); ++d) {
        if (d < axis)
          at.push_back(linalg::IndexOp::create(b, l, d));
        else if (d == axis)
          at.push_back(i);
        else
          at.push_back(linalg::IndexOp::create(b, l, d - 1 + idxRank));
      }
      return tensor::ExtractOp::create(b, l, data, at);
    }));
    return success();
  }
};

/// An index read from an ONNX index tensor as `index`: negative values
/// count from the end of a dimension of size `dim`. Out-of-range indices
/// are an error in ONNX; they are clamped so they never reach outside the
/// tensor.
Value normalizedIndex(OpBuilder &b, Location l, Value raw, int64_t dim) {
  Value i = arith::IndexCastOp::create(b, l, b.getIndexType(), raw);
  Value zero = arith::ConstantIndexOp::create(b, l, 0);
  Value neg = arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, i, zero);
  i = arith::SelectOp::create(b, l, neg, arith::AddIOp::create(b, l, i, arith::ConstantIndexOp::create(b, l, dim)), i);
  i = arith::MaxSIOp::create(b, l, i, zero);
  return arith::MinSIOp::create(b, l, i, arith::ConstantIndexOp::create(b, l, dim - 1));
}

/// `old` combined with `u` by a scatter reduction (add, mul, max, min).
Value combine(OpBuilder &b, Location l, StringRef red, Value old, Value u) {
  bool isFloat = isa<FloatType>(u.getType());
  if (red == "add")
    return isFloat ? (Value)arith::AddFOp::create(b, l, old, u) : (Value)arith::AddIOp::create(b, l, old, u);
  if (red == "mul")
    return isFloat ? (Value)arith::MulFOp::create(b, l, old, u) : (Value)arith::MulIOp::create(b, l, old, u);
  if (red == "max")
    return isFloat ? (Value)arith::MaximumFOp::create(b, l, old, u) : (Value)arith::MaxSIOp::create(b, l, old, u);
  return isFloat ? (Value)arith::MinimumFOp::create(b, l, old, u) : (Value)arith::MinSIOp::create(b, l, old, u);
}

/// Sequential loops over every index of the static `shape`, carrying
/// `init` (the tensor being scattered into); `body` returns the next value.
Value scatterLoops(OpBuilder &b, Location loc, ArrayRef<int64_t> shape, Value init,
                   function_ref<Value(OpBuilder &, Location, ValueRange, Value)> body) {
  SmallVector<Value> lbs, ubs, steps;
  for (int64_t d : shape) {
    lbs.push_back(arith::ConstantIndexOp::create(b, loc, 0));
    ubs.push_back(arith::ConstantIndexOp::create(b, loc, d));
    steps.push_back(arith::ConstantIndexOp::create(b, loc, 1));
  }
  scf::LoopNest nest = scf::buildLoopNest(
      b, loc, lbs, ubs, steps, ValueRange{init},
      [&](OpBuilder &nb, Location l, ValueRange ivs, ValueRange iter) -> scf::ValueVector {
        return {body(nb, l, ivs, iter[0])};
      });
  return nest.results[0];
}

/// GatherElements: a generic over the indices that loads the input element
/// at the index's position with the axis coordinate replaced.
struct GatherElementsLowering : OpConversionPattern<GatherElementsOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(GatherElementsOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    auto outTy = op.getType();
    auto dataTy = cast<RankedTensorType>(a.getInput().getType());
    if (!dataTy.hasStaticShape() || !outTy.hasStaticShape())
      return op.emitError("gather_elements needs static shapes");
    int64_t axis = op.getAxis(), dim = dataTy.getDimSize(axis);
    AffineMap id = rewriter.getMultiDimIdentityMap(outTy.getRank());
    Value data = a.getInput();
    rewriter.replaceOp(op, mapped(rewriter, op.getLoc(), a.getIndices(), id, outTy,
                                  [&](OpBuilder &b, Location l, ValueRange v) -> Value {
      SmallVector<Value> at;
      for (int64_t d = 0; d < outTy.getRank(); ++d)
        at.push_back(d == axis ? normalizedIndex(b, l, v[0], dim) : (Value)linalg::IndexOp::create(b, l, d));
      return tensor::ExtractOp::create(b, l, data, at);
    }));
    return success();
  }
};

/// ScatterElements: updates are applied one at a time in row-major order
/// (later ones win without a reduction), so the loop nest is sequential
/// scf.for over a tensor carried through the iterations.
struct ScatterElementsLowering : OpConversionPattern<ScatterElementsOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(ScatterElementsOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto dataTy = op.getType();
    auto idxTy = cast<RankedTensorType>(a.getIndices().getType());
    if (!dataTy.hasStaticShape() || !idxTy.hasStaticShape())
      return op.emitError("scatter_elements needs static shapes");
    int64_t axis = op.getAxis(), dim = dataTy.getDimSize(axis);
    StringRef red = op.getReduction();
    Value indices = a.getIndices(), updates = a.getUpdates();
    Value result = scatterLoops(rewriter, loc, idxTy.getShape(), a.getInput(),
                                [&](OpBuilder &b, Location l, ValueRange ivs, Value acc) -> Value {
      Value raw = tensor::ExtractOp::create(b, l, indices, ivs);
      SmallVector<Value> at(ivs);
      at[axis] = normalizedIndex(b, l, raw, dim);
      Value u = tensor::ExtractOp::create(b, l, updates, ivs);
      if (red != "none")
        u = combine(b, l, red, tensor::ExtractOp::create(b, l, acc, at), u);
      return tensor::InsertOp::create(b, l, u, acc, at);
    });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// GatherND: a generic over the result that reads the index tuple of its
/// batch and index coordinates, then the input element.
struct GatherNDLowering : OpConversionPattern<GatherNDOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(GatherNDOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    auto outTy = op.getType();
    auto inTy = cast<RankedTensorType>(a.getInput().getType());
    auto idxTy = cast<RankedTensorType>(a.getIndices().getType());
    int64_t batch = op.getBatchDims(), k = idxTy.getShape().back(), lead = idxTy.getRank() - 1;
    Value data = a.getInput(), indices = a.getIndices();
    rewriter.replaceOp(op, mapped(rewriter, op.getLoc(), ValueRange{}, {}, outTy,
                                  [&](OpBuilder &b, Location l, ValueRange) -> Value {
      SmallVector<Value> o;
      for (int64_t d = 0; d < outTy.getRank(); ++d)
        o.push_back(linalg::IndexOp::create(b, l, d));
      SmallVector<Value> at(o.begin(), o.begin() + batch);
      for (int64_t j = 0; j < k; ++j) {
        SmallVector<Value> ii(o.begin(), o.begin() + lead);
        ii.push_back(arith::ConstantIndexOp::create(b, l, j));
        Value raw = tensor::ExtractOp::create(b, l, indices, ii);
        at.push_back(normalizedIndex(b, l, raw, inTy.getDimSize(batch + j)));
      }
      at.append(o.begin() + lead, o.end());
      return tensor::ExtractOp::create(b, l, data, at);
    }));
    return success();
  }
};

/// ScatterND: sequential loops over the updates (later updates win), as
/// ScatterElements.
struct ScatterNDLowering : OpConversionPattern<ScatterNDOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(ScatterNDOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto dataTy = op.getType();
    auto idxTy = cast<RankedTensorType>(a.getIndices().getType());
    auto updTy = cast<RankedTensorType>(a.getUpdates().getType());
    int64_t k = idxTy.getShape().back(), lead = idxTy.getRank() - 1;
    StringRef red = op.getReduction();
    Value indices = a.getIndices(), updates = a.getUpdates();
    Value result = scatterLoops(rewriter, loc, updTy.getShape(), a.getInput(),
                                [&](OpBuilder &b, Location l, ValueRange ivs, Value acc) -> Value {
      SmallVector<Value> at;
      for (int64_t j = 0; j < k; ++j) {
        SmallVector<Value> ii(ivs.begin(), ivs.begin() + lead);
        ii.push_back(arith::ConstantIndexOp::create(b, l, j));
        Value raw = tensor::ExtractOp::create(b, l, indices, ii);
        at.push_back(normalizedIndex(b, l, raw, dataTy.getDimSize(j)));
      }
      at.append(ivs.begin() + lead, ivs.end());
      Value u = tensor::ExtractOp::create(b, l, updates, ivs);
      if (red != "none")
        u = combine(b, l, red, tensor::ExtractOp::create(b, l, acc, at), u);
      return tensor::InsertOp::create(b, l, u, acc, at);
    });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// CumSum / CumProd: the first slice along the axis (or the identity when
/// exclusive), then one slice per step combining the previous result with
/// the next input slice, in a loop carrying the output tensor.
struct CumulativeLowering : OpConversionPattern<CumulativeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(CumulativeOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto ty = op.getType();
    if (!ty.hasStaticShape())
      return op.emitError("cumulative needs a static shape");
    int64_t axis = op.getAxis(), n = ty.getDimSize(axis), rank = ty.getRank();
    bool product = op.getProduct(), exclusive = op.getExclusive(), reverse = op.getReverse();
    Type elt = ty.getElementType();
    bool isFloat = isa<FloatType>(elt);
    SmallVector<int64_t> sliceShape(ty.getShape());
    sliceShape[axis] = 1;
    auto sliceTy = RankedTensorType::get(sliceShape, elt);
    Value x = a.getInput();
    auto offsets = [&](OpFoldResult at) {
      SmallVector<OpFoldResult> o(rank, rewriter.getIndexAttr(0));
      o[axis] = at;
      return o;
    };
    SmallVector<OpFoldResult> sizes, strides(rank, rewriter.getIndexAttr(1));
    for (int64_t d : sliceShape)
      sizes.push_back(rewriter.getIndexAttr(d));
    auto slice = [&](OpBuilder &b, Location l, Value t, OpFoldResult at) -> Value {
      return tensor::ExtractSliceOp::create(b, l, sliceTy, t, offsets(at), sizes, strides);
    };
    int64_t first = reverse ? n - 1 : 0;
    Value start = exclusive ? filled(rewriter, loc, sliceTy, product ? 1.0 : 0.0)
                            : slice(rewriter, loc, x, rewriter.getIndexAttr(first));
    Value out = tensor::EmptyOp::create(rewriter, loc, ty.getShape(), elt);
    out = tensor::InsertSliceOp::create(rewriter, loc, start, out, offsets(rewriter.getIndexAttr(first)),
                                        sizes, strides);
    Value lb = arith::ConstantIndexOp::create(rewriter, loc, 1);
    Value ub = arith::ConstantIndexOp::create(rewriter, loc, n);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    // Only the output is carried (bufferization writes it in place); the
    // running value is the slice written in the previous step.
    auto loop = scf::ForOp::create(rewriter, loc, lb, ub, one, ValueRange{out},
                                   [&](OpBuilder &b, Location l, Value k, ValueRange iter) {
      // Position i of this step, the previous position, and the input slice
      // it adds: i itself, or the previous position when exclusive.
      Value last = arith::ConstantIndexOp::create(b, l, n - 1);
      Value c1 = arith::ConstantIndexOp::create(b, l, 1);
      Value i = reverse ? (Value)arith::SubIOp::create(b, l, last, k) : k;
      Value prev = reverse ? (Value)arith::AddIOp::create(b, l, i, c1) : (Value)arith::SubIOp::create(b, l, i, c1);
      Value next = slice(b, l, x, exclusive ? prev : i);
      Value running = slice(b, l, iter[0], prev);
      Value cur = elementwise(b, l, {running, next}, sliceTy, [&](OpBuilder &nb, Location nl, ValueRange v) -> Value {
        if (product)
          return isFloat ? (Value)arith::MulFOp::create(nb, nl, v[0], v[1])
                         : (Value)arith::MulIOp::create(nb, nl, v[0], v[1]);
        return isFloat ? (Value)arith::AddFOp::create(nb, nl, v[0], v[1])
                       : (Value)arith::AddIOp::create(nb, nl, v[0], v[1]);
      });
      Value written = tensor::InsertSliceOp::create(b, l, cur, iter[0], offsets(i), sizes, strides);
      scf::YieldOp::create(b, l, ValueRange{written});
    });
    rewriter.replaceOp(op, loop.getResult(0));
    return success();
  }
};

struct PadLowering : OpConversionPattern<PadOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(PadOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    int64_t rank = op.getType().getRank();
    SmallVector<OpFoldResult> low, high;
    for (int64_t i = 0; i < rank; ++i) {
      low.push_back(rewriter.getIndexAttr(op.getPads()[i]));
      high.push_back(rewriter.getIndexAttr(op.getPads()[i + rank]));
    }
    Value v = scalarConstant(rewriter, op.getLoc(), op.getType().getElementType(),
                             op.getValue().convertToDouble());
    rewriter.replaceOpWithNewOp<tensor::PadOp>(op, op.getType(), a.getInput(), low, high, v);
    return success();
  }
};

} // namespace

void populateDataMovementPatterns(RewritePatternSet &patterns) {
  patterns.add<ConstantLowering, ReshapeLowering, TransposeLowering, ConcatLowering, SliceLowering,
               GatherLowering, GatherElementsLowering, ScatterElementsLowering, GatherNDLowering,
               ScatterNDLowering, CumulativeLowering, PadLowering>(
      patterns.getContext());
}

} // namespace edgec::lowering

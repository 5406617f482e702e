//===- DataMovement.cpp - nn data-movement ops and constants to tensor ----===//
#include "lowering/NNToLinalg/Utils.h"

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
    Value v = arith::ConstantOp::create(rewriter, op.getLoc(), rewriter.getF32FloatAttr(op.getValue().convertToFloat()));
    rewriter.replaceOpWithNewOp<tensor::PadOp>(op, op.getType(), a.getInput(), low, high, v);
    return success();
  }
};

} // namespace

void populateDataMovementPatterns(RewritePatternSet &patterns) {
  patterns.add<ConstantLowering, ReshapeLowering, TransposeLowering, ConcatLowering, SliceLowering,
               GatherLowering, PadLowering>(patterns.getContext());
}

} // namespace edgec::lowering

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
    if (llvm::any_of(op.getSteps(), [](int64_t s) { return s < 0; }))
      return op.emitError("slices with negative steps are not supported yet");
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
               PadLowering>(patterns.getContext());
}

} // namespace edgec::lowering

//===- Pooling.cpp - nn pooling to linalg ---------------------------------===//
#include "lowering/NNToLinalg/Utils.h"

using namespace mlir;
using namespace edgec::nn;

namespace edgec::lowering {
namespace {

DenseIntElementsAttr i64Vector(OpBuilder &b, ArrayRef<int64_t> v) {
  return DenseIntElementsAttr::get(RankedTensorType::get({(int64_t)v.size()}, b.getI64Type()), v);
}

/// End padding that makes every window of the output fit inside the padded
/// input (ceil_mode windows may overhang the declared pads).
SmallVector<int64_t> effectiveEndPads(int64_t h, int64_t w, RankedTensorType out,
                                      ArrayRef<int64_t> k, ArrayRef<int64_t> s,
                                      ArrayRef<int64_t> pads) {
  SmallVector<int64_t> end;
  int64_t in[2] = {h, w};
  for (int i = 0; i < 2; ++i) {
    int64_t need = (out.getDimSize(2 + i) - 1) * s[i] + k[i] - (in[i] + pads[i]);
    end.push_back(std::max(need, pads[i + 2]));
  }
  return end;
}

struct MaxPoolLowering : OpConversionPattern<MaxPoolOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(MaxPoolOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inTy = op.getInput().getType();
    auto outTy = op.getType();
    ArrayRef<int64_t> k = op.getKernel(), s = op.getStrides(), p = op.getPads();
    auto end = effectiveEndPads(inTy.getDimSize(2), inTy.getDimSize(3), outTy, k, s, p);
    // Padding and the initial maximum are the lowest value of the type: -inf,
    // or the smallest integer (int8 max pooling of quantized tensors).
    Type elt = outTy.getElementType();
    double ninf = isa<FloatType>(elt) ? -std::numeric_limits<double>::infinity()
                                      : (double)APInt::getSignedMinValue(elt.getIntOrFloatBitWidth()).getSExtValue();
    Value x = padSpatial(rewriter, loc, a.getInput(), {p[0], p[1]}, end, ninf);
    Value window = tensor::EmptyOp::create(rewriter, loc, k, elt);
    Value y = linalg::PoolingNchwMaxOp::create(rewriter, loc, TypeRange{outTy}, ValueRange{x, window},
                                               ValueRange{filled(rewriter, loc, outTy, ninf)},
                                               i64Vector(rewriter, s), i64Vector(rewriter, {1, 1}))
                  .getResult(0);
    rewriter.replaceOp(op, y);
    return success();
  }
};

struct AvgPoolLowering : OpConversionPattern<AvgPoolOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(AvgPoolOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inTy = op.getInput().getType();
    auto outTy = op.getType();
    ArrayRef<int64_t> k = op.getKernel(), s = op.getStrides(), p = op.getPads();
    int64_t H = inTy.getDimSize(2), W = inTy.getDimSize(3);
    auto end = effectiveEndPads(H, W, outTy, k, s, p);
    Value x = padSpatial(rewriter, loc, a.getInput(), {p[0], p[1]}, end, 0.0);
    Value window = tensor::EmptyOp::create(rewriter, loc, k, rewriter.getF32Type());
    Value sum = linalg::PoolingNchwSumOp::create(rewriter, loc, TypeRange{outTy}, ValueRange{x, window},
                                                 ValueRange{filled(rewriter, loc, outTy, 0.0)},
                                                 i64Vector(rewriter, s), i64Vector(rewriter, {1, 1}))
                    .getResult(0);
    // The divisor of each output position, known at compile time: the window
    // clipped to the input (or to input + declared pads with
    // count_include_pad), never counting the ceil_mode overhang.
    int64_t OH = outTy.getDimSize(2), OW = outTy.getDimSize(3);
    SmallVector<float> counts;
    bool uniform = true;
    for (int64_t oh = 0; oh < OH; ++oh)
      for (int64_t ow = 0; ow < OW; ++ow) {
        auto span = [&](int64_t o, int i, int64_t size) {
          int64_t lo = o * s[i] - p[i], hi = lo + k[i];
          int64_t minB = op.getCountIncludePad() ? -p[i] : 0;
          int64_t maxB = op.getCountIncludePad() ? size + p[i + 2] : size;
          return std::max<int64_t>(0, std::min(hi, maxB) - std::max(lo, minB));
        };
        counts.push_back((float)(span(oh, 0, H) * span(ow, 1, W)));
        uniform &= counts.back() == counts.front();
      }
    Value y;
    if (uniform) {
      float c = counts.front();
      y = elementwise(rewriter, loc, sum, outTy, [&](OpBuilder &b, Location l, ValueRange v) -> Value {
        return arith::DivFOp::create(b, l, v[0], f32(b, l, c));
      });
    } else {
      auto cTy = RankedTensorType::get({OH, OW}, rewriter.getF32Type());
      Value cnt = arith::ConstantOp::create(rewriter, loc, cTy,
                                            DenseElementsAttr::get(cTy, ArrayRef<float>(counts)));
      MLIRContext *ctx = getContext();
      AffineMap hw = AffineMap::get(4, 0, {getAffineDimExpr(2, ctx), getAffineDimExpr(3, ctx)}, ctx);
      y = mapped(rewriter, loc, {sum, cnt}, {rewriter.getMultiDimIdentityMap(4), hw}, outTy,
                 [](OpBuilder &b, Location l, ValueRange v) -> Value {
                   return arith::DivFOp::create(b, l, v[0], v[1]);
                 });
    }
    rewriter.replaceOp(op, y);
    return success();
  }
};

struct GlobalAvgPoolLowering : OpConversionPattern<GlobalAvgPoolOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(GlobalAvgPoolOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inTy = op.getInput().getType();
    int64_t rank = inTy.getRank();
    auto redTy = RankedTensorType::get({inTy.getDimSize(0), inTy.getDimSize(1)}, inTy.getElementType());
    MLIRContext *ctx = getContext();
    AffineMap nc = AffineMap::get(rank, 0, {getAffineDimExpr(0, ctx), getAffineDimExpr(1, ctx)}, ctx);
    SmallVector<utils::IteratorType> iters(rank, utils::IteratorType::reduction);
    iters[0] = iters[1] = utils::IteratorType::parallel;
    Value sum = linalg::GenericOp::create(
                    rewriter, loc, redTy, a.getInput(), filled(rewriter, loc, redTy, 0.0),
                    ArrayRef<AffineMap>{rewriter.getMultiDimIdentityMap(rank), nc}, iters,
                    [](OpBuilder &b, Location l, ValueRange v) {
                      linalg::YieldOp::create(b, l, ValueRange{arith::AddFOp::create(b, l, v[0], v[1])});
                    })
                    .getResult(0);
    float count = (float)(inTy.getNumElements() / (inTy.getDimSize(0) * inTy.getDimSize(1)));
    Value mean = elementwise(rewriter, loc, sum, redTy, [&](OpBuilder &b, Location l, ValueRange v) -> Value {
      return arith::DivFOp::create(b, l, v[0], f32(b, l, count));
    });
    rewriter.replaceOp(op, reshapeStatic(rewriter, loc, mean, op.getType()));
    return success();
  }
};

} // namespace

void populatePoolingPatterns(RewritePatternSet &patterns) {
  patterns.add<MaxPoolLowering, AvgPoolLowering, GlobalAvgPoolLowering>(patterns.getContext());
}

} // namespace edgec::lowering

//===- Linear.cpp - nn conv, gemm and matmul to linalg --------------------===//
#include "lowering/NNToLinalg/Utils.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace edgec::nn;

namespace edgec::lowering {
namespace {

DenseIntElementsAttr i64Vector(OpBuilder &b, ArrayRef<int64_t> v) {
  return DenseIntElementsAttr::get(
      RankedTensorType::get({(int64_t)v.size()}, b.getI64Type()), v);
}

/// Grouped convolution that is neither plain nor depthwise (or depthwise
/// with a channel multiplier): the named NGCHW op on views that split the
/// channel dimension into (group, channel-in-group).
Value groupedConv(OpBuilder &b, Location loc, Value x, Value w, Value init,
                  DenseIntElementsAttr strides, DenseIntElementsAttr dil, int64_t groups) {
  auto xTy = cast<RankedTensorType>(x.getType());
  auto wTy = cast<RankedTensorType>(w.getType());
  auto oTy = cast<RankedTensorType>(init.getType());
  Type f = xTy.getElementType();
  int64_t cPer = xTy.getDimSize(1) / groups, mPer = wTy.getDimSize(0) / groups;
  auto x5 = RankedTensorType::get({xTy.getDimSize(0), groups, cPer, xTy.getDimSize(2), xTy.getDimSize(3)}, f);
  auto w5 = RankedTensorType::get({groups, mPer, wTy.getDimSize(1), wTy.getDimSize(2), wTy.getDimSize(3)}, f);
  auto o5 = RankedTensorType::get({oTy.getDimSize(0), groups, mPer, oTy.getDimSize(2), oTy.getDimSize(3)}, f);
  SmallVector<ReassociationIndices> nchw = {{0}, {1, 2}, {3}, {4}};
  SmallVector<ReassociationIndices> fchw = {{0, 1}, {2}, {3}, {4}};
  Value xg = tensor::ExpandShapeOp::create(b, loc, x5, x, nchw);
  Value wg = tensor::ExpandShapeOp::create(b, loc, w5, w, fchw);
  Value og = tensor::ExpandShapeOp::create(b, loc, o5, init, nchw);
  Value y = linalg::Conv2DNgchwGfchwOp::create(b, loc, TypeRange{o5}, ValueRange{xg, wg}, ValueRange{og},
                                               strides, dil)
                .getResult(0);
  return tensor::CollapseShapeOp::create(b, loc, oTy, y, nchw);
}

/// A 1x1, stride-1 convolution as a matrix product over flattened pixels,
/// out[n][f][p] += w[f][c] * x[n][c][p]: the loop over the H*W pixels is
/// contiguous in input and output, so register rows stay long on small
/// feature maps (6x6 is a row of 12 pixels, not of 6). Each output sums
/// over c in order, as the named convolution does.
Value pointwise(OpBuilder &b, Location loc, Value x, Value w, Value init) {
  auto xTy = cast<RankedTensorType>(x.getType());
  auto wTy = cast<RankedTensorType>(w.getType());
  auto oTy = cast<RankedTensorType>(init.getType());
  int64_t n = xTy.getDimSize(0), c = xTy.getDimSize(1), f = wTy.getDimSize(0);
  int64_t p = xTy.getDimSize(2) * xTy.getDimSize(3);
  SmallVector<ReassociationIndices> pixels = {{0}, {1}, {2, 3}};
  Value x3 = tensor::CollapseShapeOp::create(
      b, loc, RankedTensorType::get({n, c, p}, xTy.getElementType()), x, pixels);
  Value w2 = tensor::CollapseShapeOp::create(
      b, loc, RankedTensorType::get({f, c}, wTy.getElementType()), w,
      ArrayRef<ReassociationIndices>{{0}, {1, 2, 3}});
  auto o3Ty = RankedTensorType::get({n, f, p}, oTy.getElementType());
  Value o3 = tensor::CollapseShapeOp::create(b, loc, o3Ty, init, pixels);
  MLIRContext *ctx = b.getContext();
  AffineExpr dn, df, dp, dc;
  bindDims(ctx, dn, df, dp, dc);
  SmallVector<AffineMap> maps = {AffineMap::get(4, 0, {dn, dc, dp}, ctx),
                                 AffineMap::get(4, 0, {df, dc}, ctx),
                                 AffineMap::get(4, 0, {dn, df, dp}, ctx)};
  SmallVector<utils::IteratorType> iters(3, utils::IteratorType::parallel);
  iters.push_back(utils::IteratorType::reduction);
  bool isFloat = isa<FloatType>(oTy.getElementType());
  Value y = linalg::GenericOp::create(
                b, loc, TypeRange{o3Ty}, ValueRange{x3, w2}, ValueRange{o3}, maps, iters,
                [&](OpBuilder &nb, Location nl, ValueRange a) {
                  Value acc = a[2], xv = a[0], wv = a[1];
                  Value r;
                  if (isFloat) {
                    r = arith::AddFOp::create(nb, nl, acc, arith::MulFOp::create(nb, nl, xv, wv));
                  } else {
                    Type t = acc.getType();
                    if (xv.getType() != t)
                      xv = arith::ExtSIOp::create(nb, nl, t, xv);
                    if (wv.getType() != t)
                      wv = arith::ExtSIOp::create(nb, nl, t, wv);
                    r = arith::AddIOp::create(nb, nl, acc, arith::MulIOp::create(nb, nl, xv, wv));
                  }
                  linalg::YieldOp::create(nb, nl, r);
                })
                .getResult(0);
  return tensor::ExpandShapeOp::create(b, loc, oTy, y, pixels);
}

} // namespace

Value convolution(OpBuilder &b, Location loc, Value x, Value w, Value init,
                  ArrayRef<int64_t> stridesV, ArrayRef<int64_t> dilV, int64_t groups) {
  auto outTy = cast<RankedTensorType>(init.getType());
  auto wTy = cast<RankedTensorType>(w.getType());
  auto strides = i64Vector(b, stridesV);
  auto dil = i64Vector(b, dilV);
  auto xTy = cast<RankedTensorType>(x.getType());
  int64_t cin = xTy.getDimSize(1);
  if (groups == 1 && wTy.getDimSize(2) == 1 && wTy.getDimSize(3) == 1 && stridesV[0] == 1 &&
      stridesV[1] == 1)
    return pointwise(b, loc, x, w, init);
  if (groups == 1)
    return linalg::Conv2DNchwFchwOp::create(b, loc, TypeRange{outTy}, ValueRange{x, w},
                                            ValueRange{init}, strides, dil)
        .getResult(0);
  if (groups == cin && wTy.getDimSize(0) == cin) {
    // Depthwise with multiplier 1: the named op takes a [C, kh, kw] filter.
    auto fTy = RankedTensorType::get({cin, wTy.getDimSize(2), wTy.getDimSize(3)}, wTy.getElementType());
    Value f = tensor::CollapseShapeOp::create(b, loc, fTy, w,
                                              ArrayRef<ReassociationIndices>{{0, 1}, {2}, {3}});
    return linalg::DepthwiseConv2DNchwChwOp::create(b, loc, TypeRange{outTy}, ValueRange{x, f},
                                                    ValueRange{init}, strides, dil)
        .getResult(0);
  }
  return groupedConv(b, loc, x, w, init, strides, dil, groups);
}

namespace {

struct ConvLowering : OpConversionPattern<ConvOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(ConvOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> p = op.getPads();
    Value x = padSpatial(rewriter, loc, a.getInput(), {p[0], p[1]}, {p[2], p[3]}, 0.0);
    Value init = biasInit(rewriter, loc, a.getBias(), op.getType(), 1);
    Value y = convolution(rewriter, loc, x, a.getWeight(), init, op.getStrides(), op.getDilations(),
                          op.getGroup());
    rewriter.replaceOp(op, applyActivation(rewriter, loc, y, op.getActivation(),
                                           op.getActMin().convertToFloat(),
                                           op.getActMax().convertToFloat()));
    return success();
  }
};

Value transpose2D(OpBuilder &b, Location loc, Value v) {
  auto ty = cast<RankedTensorType>(v.getType());
  // Constant operands (weights) are transposed at compile time.
  DenseElementsAttr attr;
  if (matchPattern(v, m_Constant(&attr)) && ty.getElementType().isF32()) {
    auto vals = llvm::to_vector(attr.getValues<float>());
    int64_t r = ty.getDimSize(0), c = ty.getDimSize(1);
    SmallVector<float> t(vals.size());
    for (int64_t i = 0; i < r; ++i)
      for (int64_t j = 0; j < c; ++j)
        t[j * r + i] = vals[i * c + j];
    auto tTy = RankedTensorType::get({c, r}, ty.getElementType());
    return arith::ConstantOp::create(b, loc, tTy, DenseElementsAttr::get(tTy, ArrayRef<float>(t)));
  }
  Value init = tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{ty.getDimSize(1), ty.getDimSize(0)},
                                       ty.getElementType());
  return linalg::TransposeOp::create(b, loc, v, init, ArrayRef<int64_t>{1, 0}).getResult()[0];
}

struct GemmLowering : OpConversionPattern<GemmOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(GemmOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto outTy = op.getType();
    Value A = op.getTransA() ? transpose2D(rewriter, loc, a.getA()) : a.getA();
    Value B = op.getTransB() ? transpose2D(rewriter, loc, a.getB()) : a.getB();
    float alpha = op.getAlpha().convertToFloat(), beta = op.getBeta().convertToFloat();
    bool plain = alpha == 1.0f && (!a.getC() || beta == 1.0f);
    Value init = filled(rewriter, loc, outTy, 0.0);
    if (plain && a.getC())
      init = elementwise(rewriter, loc, a.getC(), outTy,
                         [](OpBuilder &, Location, ValueRange v) { return v[0]; });
    Value y = linalg::MatmulOp::create(rewriter, loc, TypeRange{outTy}, ValueRange{A, B},
                                       ValueRange{init})
                  .getResult(0);
    if (!plain) {
      // alpha * AB + beta * C, rounded in ONNX's order.
      SmallVector<Value> ins = {y};
      if (a.getC())
        ins.push_back(a.getC());
      y = elementwise(rewriter, loc, ins, outTy, [&](OpBuilder &b, Location l, ValueRange v) -> Value {
        Value r = arith::MulFOp::create(b, l, v[0], f32(b, l, alpha));
        if (v.size() > 1)
          r = arith::AddFOp::create(b, l, r, arith::MulFOp::create(b, l, v[1], f32(b, l, beta)));
        return r;
      });
    }
    rewriter.replaceOp(op, applyActivation(rewriter, loc, y, op.getActivation(),
                                           op.getActMin().convertToFloat(),
                                           op.getActMax().convertToFloat()));
    return success();
  }
};

struct MatMulLowering : OpConversionPattern<MatMulOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(MatMulOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto outTy = op.getType();
    Value init = biasInit(rewriter, loc, a.getBias(), outTy, 1);
    Value y = linalg::MatmulOp::create(rewriter, loc, TypeRange{outTy}, ValueRange{a.getA(), a.getB()},
                                       ValueRange{init})
                  .getResult(0);
    rewriter.replaceOp(op, applyActivation(rewriter, loc, y, op.getActivation(),
                                           op.getActMin().convertToFloat(),
                                           op.getActMax().convertToFloat()));
    return success();
  }
};

/// Batched matrix product as one generic over (batch..., m, n, k): an
/// operand's batch dimension of size 1 is read at 0 (broadcast), the sum
/// over k runs in order from zero.
struct BatchMatMulLowering : OpConversionPattern<BatchMatMulOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(BatchMatMulOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto outTy = op.getType();
    int64_t rank = outTy.getRank(), batch = rank - 2, loops = rank + 1;
    MLIRContext *ctx = getContext();
    auto operandMap = [&](RankedTensorType t, bool isA) {
      SmallVector<AffineExpr> e;
      int64_t tb = t.getRank() - 2, off = batch - tb;
      for (int64_t d = 0; d < tb; ++d)
        e.push_back(t.getDimSize(d) == 1 && outTy.getDimSize(off + d) != 1
                        ? getAffineConstantExpr(0, ctx)
                        : getAffineDimExpr(off + d, ctx));
      AffineExpr m = getAffineDimExpr(batch, ctx), n = getAffineDimExpr(batch + 1, ctx),
                 k = getAffineDimExpr(batch + 2, ctx);
      e.push_back(isA ? m : k);
      e.push_back(isA ? k : n);
      return AffineMap::get(loops, 0, e, ctx);
    };
    SmallVector<AffineMap> maps = {operandMap(op.getA().getType(), true),
                                   operandMap(op.getB().getType(), false),
                                   AffineMap::getMultiDimIdentityMap(rank, ctx).shiftDims(0)};
    SmallVector<AffineExpr> outE;
    for (int64_t d = 0; d < rank; ++d)
      outE.push_back(getAffineDimExpr(d, ctx));
    maps[2] = AffineMap::get(loops, 0, outE, ctx);
    SmallVector<utils::IteratorType> iters(rank, utils::IteratorType::parallel);
    iters.push_back(utils::IteratorType::reduction);
    Value init = filled(rewriter, loc, outTy, 0.0);
    Value y = linalg::GenericOp::create(
                  rewriter, loc, TypeRange{outTy}, ValueRange{a.getA(), a.getB()}, ValueRange{init},
                  maps, iters,
                  [](OpBuilder &b, Location l, ValueRange v) {
                    linalg::YieldOp::create(
                        b, l, arith::AddFOp::create(b, l, v[2], arith::MulFOp::create(b, l, v[0], v[1]))
                                  .getResult());
                  })
                  .getResult(0);
    rewriter.replaceOp(op, y);
    return success();
  }
};

} // namespace

void populateLinearPatterns(RewritePatternSet &patterns) {
  patterns.add<ConvLowering, GemmLowering, MatMulLowering, BatchMatMulLowering>(
      patterns.getContext());
}

} // namespace edgec::lowering

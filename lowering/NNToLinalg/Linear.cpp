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

/// The constant f32 weights `w` rearranged at compile time into `shape`:
/// element i of the result is element index(i) of `w`. Null unless `w` is
/// an f32 constant.
Value packedFloatWeights(OpBuilder &b, Location loc, Value w, ArrayRef<int64_t> shape,
                         llvm::function_ref<int64_t(int64_t)> index) {
  DenseElementsAttr attr;
  if (!matchPattern(w, m_Constant(&attr)) || !attr.getElementType().isF32())
    return {};
  auto values = llvm::to_vector(attr.getValues<float>());
  auto ty = RankedTensorType::get(shape, b.getF32Type());
  SmallVector<float> packed(ty.getNumElements());
  for (int64_t i = 0, e = ty.getNumElements(); i < e; ++i)
    packed[i] = values[index(i)];
  return arith::ConstantOp::create(b, loc, ty, DenseElementsAttr::get(ty, ArrayRef<float>(packed)));
}

/// A float convolution in channels-last form, or null when it has none
/// (grouped, width-dilated, or weights not constant): the input transposed
/// to NHWC and zero-padded in one copy (paddedNHWC), weights packed at
/// compile time with the output channel innermost, the sums [N, OH, OW, F]
/// with the output channel innermost and contiguous; the activation is
/// applied there and the result transposed back to NCHW. Between two such
/// layers the transposes cancel, so activations stay NHWC. SIMD rows then
/// run along output channels with a broadcast input: full-width vectors on
/// every layer (an 8x8 NCHW map fills half an AVX-512 register), none of
/// a strided convolution's lane shuffles, and one set of weight loads
/// shared by a tile of pixels.
///  * plain: the padded input viewed as [N, HP, WP*C]; for output (oh, ow)
///    and kernel row kh, the KW*C inputs are one contiguous run, loops (n,
///    oh, ow, kh, j, f), weights [KH, KW*C, F];
///  * depthwise: loops (n, oh, ow, kh, kw, c), weights [KH, KW, C].
/// Each output sums kernel row by kernel row, then across the row's
/// columns and channels (the NCHW kernels sum channel by channel): float
/// results move by rounding only.
Value channelsLastConv(OpBuilder &b, Location loc, ConvOp op, Value x, Value w, Value bias,
                       bool borderFills) {
  auto xTy = cast<RankedTensorType>(x.getType());
  auto wTy = cast<RankedTensorType>(w.getType());
  auto outTy = cast<RankedTensorType>(op.getType());
  if (!xTy.getElementType().isF32() || !outTy.getElementType().isF32() || xTy.getRank() != 4 ||
      !xTy.hasStaticShape() || !outTy.hasStaticShape())
    return {};
  int64_t n = outTy.getDimSize(0), f = outTy.getDimSize(1), oh = outTy.getDimSize(2),
          ow = outTy.getDimSize(3), c = xTy.getDimSize(1);
  int64_t kh = wTy.getDimSize(2), kw = wTy.getDimSize(3), groups = op.getGroup();
  ArrayRef<int64_t> st = op.getStrides(), dil = op.getDilations();
  bool plain = groups == 1 && dil[1] == 1;
  bool depthwise = groups > 1 && groups == c && f == c && wTy.getDimSize(1) == 1;
  if (!plain && !depthwise)
    return {};
  Value weights =
      plain ? packedFloatWeights(b, loc, w, {kh, kw * c, f},
                                 [&](int64_t i) {
                                   // packed[r][j = s*C + ch][fi] = w[fi][ch][r][s]
                                   int64_t r = i / (kw * c * f), j = i / f % (kw * c), fi = i % f;
                                   return ((fi * c + j % c) * kh + r) * kw + j / c;
                                 })
            : packedFloatWeights(b, loc, w, {kh, kw, c}, [&](int64_t i) {
                // packed[r][s][ch] = w[ch][0][r][s]
                int64_t r = i / (kw * c), s = i / c % kw, ch = i % c;
                return (ch * kh + r) * kw + s;
              });
  if (!weights)
    return {};
  auto nhwc = RankedTensorType::get({n, oh, ow, f}, outTy.getElementType());
  Value init = biasInit(b, loc, bias, nhwc, 3);
  Value t = paddedNHWC(b, loc, x, op.getPads(), 0.0, borderFills);
  MLIRContext *ctx = b.getContext();
  AffineExpr dn, doh, dow, dr, dj, df;
  bindDims(ctx, dn, doh, dow, dr, dj, df);
  AffineMap xMap, wMap = AffineMap::get(6, 0, {dr, dj, df}, ctx);
  if (plain) {
    auto tTy = cast<RankedTensorType>(t.getType());
    t = tensor::CollapseShapeOp::create(
        b, loc,
        RankedTensorType::get({n, tTy.getDimSize(1), tTy.getDimSize(2) * c}, tTy.getElementType()),
        t, ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3}});
    xMap = AffineMap::get(6, 0, {dn, doh * st[0] + dr * dil[0], dow * (st[1] * c) + dj}, ctx);
  } else {
    xMap = AffineMap::get(6, 0, {dn, doh * st[0] + dr * dil[0], dow * st[1] + dj * dil[1], df}, ctx);
  }
  SmallVector<AffineMap> maps = {xMap, wMap, AffineMap::get(6, 0, {dn, doh, dow, df}, ctx)};
  SmallVector<utils::IteratorType> iters(3, utils::IteratorType::parallel);
  iters.append(2, utils::IteratorType::reduction);
  iters.push_back(utils::IteratorType::parallel);
  Value y = linalg::GenericOp::create(
                b, loc, TypeRange{nhwc}, ValueRange{t, weights}, ValueRange{init}, maps, iters,
                [](OpBuilder &nb, Location nl, ValueRange v) {
                  linalg::YieldOp::create(
                      nb, nl,
                      arith::AddFOp::create(nb, nl, v[2], arith::MulFOp::create(nb, nl, v[0], v[1]))
                          .getResult());
                })
                .getResult(0);
  // The activation runs in place on the sums (a generic that only updates
  // its output): when the consumer's padded input takes the result, the
  // convolution itself writes there and no second buffer is needed.
  if (op.getActivation() != ActivationKind::None) {
    float lo = op.getActMin().convertToFloat(), hi = op.getActMax().convertToFloat();
    y = linalg::GenericOp::create(
            b, loc, TypeRange{nhwc}, ValueRange{}, ValueRange{y},
            SmallVector<AffineMap>{b.getMultiDimIdentityMap(4)},
            SmallVector<utils::IteratorType>(4, utils::IteratorType::parallel),
            [&](OpBuilder &nb, Location nl, ValueRange v) {
              linalg::YieldOp::create(
                  nb, nl, scalarActivation(nb, nl, v[0], op.getActivation(), lo, hi));
            })
            .getResult(0);
  }
  return linalg::TransposeOp::create(
             b, loc, y, tensor::EmptyOp::create(b, loc, outTy.getShape(), outTy.getElementType()),
             ArrayRef<int64_t>{0, 3, 1, 2})
      .getResult()[0];
}

struct ConvLowering : OpConversionPattern<ConvOp> {
  ConvLowering(MLIRContext *ctx, bool channelsLast, bool borderFills)
      : OpConversionPattern(ctx), channelsLast(channelsLast), borderFills(borderFills) {}
  bool channelsLast, borderFills;
  LogicalResult matchAndRewrite(ConvOp op, OpAdaptor a,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    if (channelsLast)
      if (Value y = channelsLastConv(rewriter, loc, op, a.getInput(), a.getWeight(), a.getBias(),
                                     borderFills)) {
        rewriter.replaceOp(op, y);
        return success();
      }
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

void populateLinearPatterns(RewritePatternSet &patterns, bool channelsLast, bool borderFills) {
  patterns.add<ConvLowering>(patterns.getContext(), channelsLast, borderFills);
  patterns.add<GemmLowering, MatMulLowering, BatchMatMulLowering>(patterns.getContext());
}

} // namespace edgec::lowering

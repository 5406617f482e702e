//===- FoldBatchNorm.cpp - Fold BatchNormalization into Conv/Gemm ---------===//
#include "dialects/nn/Transforms/Passes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace edgec::nn {
#define GEN_PASS_DEF_FOLDBATCHNORM
#include "dialects/nn/Transforms/Passes.h.inc"
} // namespace edgec::nn

using namespace mlir;
using namespace edgec::nn;

namespace {

std::optional<SmallVector<float>> constantFloats(Value v) {
  DenseElementsAttr attr;
  if (!v || !matchPattern(v, m_Constant(&attr)) ||
      !attr.getElementType().isF32())
    return std::nullopt;
  return llvm::to_vector(attr.getValues<float>());
}

Value makeConstant(PatternRewriter &rewriter, Location loc, ArrayRef<int64_t> shape,
                   ArrayRef<float> values) {
  auto type = RankedTensorType::get(shape, rewriter.getF32Type());
  return ConstantOp::create(rewriter, loc, type, DenseElementsAttr::get(type, values));
}

/// Per-channel affine form of batch norm: y = x * scale + shift.
struct ChannelAffine {
  SmallVector<float> scale, shift;
};

std::optional<ChannelAffine> getAffine(BatchNormOp bn) {
  auto gamma = constantFloats(bn.getScale()), beta = constantFloats(bn.getBias());
  auto mean = constantFloats(bn.getMean()), var = constantFloats(bn.getVar());
  if (!gamma || !beta || !mean || !var)
    return std::nullopt;
  ChannelAffine a;
  float eps = bn.getEpsilon().convertToFloat();
  for (size_t c = 0; c < gamma->size(); ++c) {
    // Computed in double so folding adds no error beyond the final rounding.
    double s = (*gamma)[c] / std::sqrt((double)(*var)[c] + eps);
    a.scale.push_back((float)s);
    a.shift.push_back((float)((*beta)[c] - (*mean)[c] * s));
  }
  return a;
}

struct FoldIntoConv : OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(BatchNormOp bn, PatternRewriter &rewriter) const override {
    auto conv = bn.getInput().getDefiningOp<ConvOp>();
    if (!conv || !conv->hasOneUse() || conv.getActivation() != ActivationKind::None)
      return rewriter.notifyMatchFailure(bn, "input is not a single-use conv without activation");
    auto affine = getAffine(bn);
    auto w = constantFloats(conv.getWeight());
    if (!affine || !w || !conv.getWeight().getType().hasStaticShape())
      return rewriter.notifyMatchFailure(bn, "weights or statistics are not constant");
    ArrayRef<int64_t> wShape = conv.getWeight().getType().getShape();
    int64_t m = wShape[0], per = w->size() / m;
    SmallVector<float> bias(m, 0.0f);
    if (conv.getBias()) {
      auto b = constantFloats(conv.getBias());
      if (!b)
        return rewriter.notifyMatchFailure(bn, "conv bias is not constant");
      bias = *b;
    }
    for (int64_t c = 0; c < m; ++c) {
      for (int64_t i = 0; i < per; ++i)
        (*w)[c * per + i] *= affine->scale[c];
      bias[c] = bias[c] * affine->scale[c] + affine->shift[c];
    }
    Value newW = makeConstant(rewriter, conv.getLoc(), wShape, *w);
    Value newB = makeConstant(rewriter, conv.getLoc(), {m}, bias);
    rewriter.modifyOpInPlace(conv, [&] {
      conv.getWeightMutable().assign(newW);
      if (conv.getBias())
        conv.getBiasMutable().assign(newB);
      else
        conv.getBiasMutable().append(newB);
    });
    rewriter.replaceOp(bn, conv.getResult());
    return success();
  }
};

struct FoldIntoGemm : OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(BatchNormOp bn, PatternRewriter &rewriter) const override {
    auto gemm = bn.getInput().getDefiningOp<GemmOp>();
    if (!gemm || !gemm->hasOneUse() || gemm.getActivation() != ActivationKind::None)
      return rewriter.notifyMatchFailure(bn, "input is not a single-use gemm without activation");
    auto affine = getAffine(bn);
    auto w = constantFloats(gemm.getB());
    if (!affine || !w)
      return rewriter.notifyMatchFailure(bn, "weights or statistics are not constant");
    ArrayRef<int64_t> bShape = gemm.getB().getType().getShape();
    int64_t n = gemm.getType().getDimSize(1);
    SmallVector<float> c(n, 0.0f);
    if (gemm.getC()) {
      auto cv = constantFloats(gemm.getC());
      if (!cv || (int64_t)cv->size() != n)
        return rewriter.notifyMatchFailure(bn, "C is not a constant vector over N");
      for (int64_t j = 0; j < n; ++j)
        c[j] = (*cv)[j] * gemm.getBeta().convertToFloat();
    }
    float alpha = gemm.getAlpha().convertToFloat();
    for (int64_t r = 0; r < bShape[0]; ++r)
      for (int64_t k = 0; k < bShape[1]; ++k) {
        int64_t j = gemm.getTransB() ? r : k;
        (*w)[r * bShape[1] + k] *= affine->scale[j] * alpha;
      }
    for (int64_t j = 0; j < n; ++j)
      c[j] = c[j] * affine->scale[j] + affine->shift[j];
    Value newB = makeConstant(rewriter, gemm.getLoc(), bShape, *w);
    Value newC = makeConstant(rewriter, gemm.getLoc(), {n}, c);
    rewriter.modifyOpInPlace(gemm, [&] {
      gemm.getBMutable().assign(newB);
      if (gemm.getC())
        gemm.getCMutable().assign(newC);
      else
        gemm.getCMutable().append(newC);
      gemm.setAlpha(APFloat(1.0f));
      gemm.setBeta(APFloat(1.0f));
    });
    rewriter.replaceOp(bn, gemm.getResult());
    return success();
  }
};

struct FoldBatchNormPass : public edgec::nn::impl::FoldBatchNormBase<FoldBatchNormPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldIntoConv, FoldIntoGemm>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace

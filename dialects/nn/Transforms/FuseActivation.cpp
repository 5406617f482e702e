//===- FuseActivation.cpp - Fuse bias and activation into producers -------===//
#include "dialects/nn/Transforms/Passes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace edgec::nn {
#define GEN_PASS_DEF_FUSEBIASACTIVATION
#include "dialects/nn/Transforms/Passes.h.inc"
} // namespace edgec::nn

using namespace mlir;
using namespace edgec::nn;

namespace {

/// Returns the constant per-channel values of `v` if it broadcasts only
/// along `channelAxis` of a result of rank `rank` (e.g. [C,1,1] or [1,C,1,1]
/// for NCHW, [N] for a matrix).
std::optional<SmallVector<float>> channelVector(Value v, int64_t rank,
                                                int64_t channelAxis,
                                                int64_t channels) {
  DenseElementsAttr attr;
  if (!matchPattern(v, m_Constant(&attr)) || !attr.getElementType().isF32())
    return std::nullopt;
  auto shape = attr.getType().getShape();
  if ((int64_t)shape.size() > rank)
    return std::nullopt;
  int64_t off = rank - shape.size();
  for (int64_t d = 0; d < (int64_t)shape.size(); ++d) {
    int64_t want = (d + off == channelAxis) ? channels : 1;
    if (shape[d] != want && !(shape[d] == 1 && d + off == channelAxis && channels == 1))
      return std::nullopt;
  }
  if (attr.getNumElements() != channels)
    return std::nullopt;
  return llvm::to_vector(attr.getValues<float>());
}

/// Add(producer, constant bias) -> producer with a bias operand.
template <typename ProducerOp>
struct FuseBias : OpRewritePattern<AddOp> {
  using OpRewritePattern<AddOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(AddOp add, PatternRewriter &rewriter) const override {
    for (int side = 0; side < 2; ++side) {
      auto prod = add->getOperand(side).template getDefiningOp<ProducerOp>();
      Value other = add->getOperand(1 - side);
      if (!prod || !prod->hasOneUse() || prod.getActivation() != ActivationKind::None ||
          add.getType() != prod.getType())
        continue;
      auto outTy = prod.getType();
      int64_t axis = 1; // NCHW channels for conv, N for a matrix.
      int64_t channels = outTy.getDimSize(axis);
      auto bias = channelVector(other, outTy.getRank(), axis, channels);
      if (!bias)
        continue;
      Value old = getBias(prod);
      if (old) {
        DenseElementsAttr oldAttr;
        if (!matchPattern(old, m_Constant(&oldAttr)))
          continue;
        auto ov = llvm::to_vector(oldAttr.getValues<float>());
        for (int64_t c = 0; c < channels; ++c)
          (*bias)[c] += ov[c];
      }
      auto ty = RankedTensorType::get({channels}, rewriter.getF32Type());
      Value b = ConstantOp::create(rewriter, add.getLoc(), ty, DenseElementsAttr::get(ty, ArrayRef<float>(*bias)));
      rewriter.modifyOpInPlace(prod, [&] { setBias(prod, b); });
      rewriter.replaceOp(add, prod.getResult());
      return success();
    }
    return rewriter.notifyMatchFailure(add, "not a producer plus a constant channel bias");
  }
  static Value getBias(ConvOp op) { return op.getBias(); }
  static Value getBias(MatMulOp op) { return op.getBias(); }
  static void setBias(ConvOp op, Value b) {
    if (op.getBias()) op.getBiasMutable().assign(b); else op.getBiasMutable().append(b);
  }
  static void setBias(MatMulOp op, Value b) {
    if (op.getBias()) op.getBiasMutable().assign(b); else op.getBiasMutable().append(b);
  }
};

/// Relu/Clip/Sigmoid(producer) -> producer with a fused activation.
template <typename ActOp>
struct FuseAct : OpRewritePattern<ActOp> {
  using OpRewritePattern<ActOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(ActOp act, PatternRewriter &rewriter) const override {
    Operation *prod = act.getInput().getDefiningOp();
    if (!prod || !prod->hasOneUse() || !isa<ConvOp, GemmOp, MatMulOp>(prod))
      return rewriter.notifyMatchFailure(act, "input is not a single-use conv/gemm/matmul");
    auto kindAttr = prod->template getAttrOfType<ActivationKindAttr>("activation");
    if (kindAttr && kindAttr.getValue() != ActivationKind::None)
      return rewriter.notifyMatchFailure(act, "producer already has an activation");
    if (auto gemm = dyn_cast<GemmOp>(prod))
      if (gemm.getC() && !gemm.getBeta().isExactlyValue(1.0))
        return rewriter.notifyMatchFailure(act, "gemm with beta != 1");
    ActivationKind kind = ActivationKind::Relu;
    float lo = 0.0f, hi = 0.0f;
    if constexpr (std::is_same_v<ActOp, ClipOp>) {
      kind = ActivationKind::Clip;
      lo = act.getMin().convertToFloat();
      hi = act.getMax().convertToFloat();
    } else if constexpr (std::is_same_v<ActOp, SigmoidOp>) {
      kind = ActivationKind::Sigmoid;
    }
    rewriter.modifyOpInPlace(prod, [&] {
      prod->setAttr("activation", ActivationKindAttr::get(rewriter.getContext(), kind));
      prod->setAttr("act_min", rewriter.getF32FloatAttr(lo));
      prod->setAttr("act_max", rewriter.getF32FloatAttr(hi));
    });
    rewriter.replaceOp(act, prod->getResult(0));
    return success();
  }
};

struct FuseBiasActivationPass
    : public edgec::nn::impl::FuseBiasActivationBase<FuseBiasActivationPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FuseBias<ConvOp>, FuseBias<MatMulOp>, FuseAct<ReluOp>,
                 FuseAct<ClipOp>, FuseAct<SigmoidOp>>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace

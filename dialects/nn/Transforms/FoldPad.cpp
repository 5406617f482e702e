//===- FoldPad.cpp - Fold zero Pad into Conv and pooling -------------------===//
#include "dialects/nn/Transforms/Passes.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace edgec::nn {
#define GEN_PASS_DEF_FOLDPAD
#include "dialects/nn/Transforms/Passes.h.inc"
} // namespace edgec::nn

using namespace mlir;
using namespace edgec::nn;

namespace {

/// Spatial [top, left, bottom, right] pads of a zero NCHW pad, if it only
/// pads H and W.
std::optional<SmallVector<int64_t>> spatialZeroPads(PadOp pad) {
  if (!pad || !pad.getValue().isZero() || pad.getInput().getType().getRank() != 4)
    return std::nullopt;
  ArrayRef<int64_t> p = pad.getPads();
  if (p[0] || p[1] || p[4] || p[5])
    return std::nullopt;
  return SmallVector<int64_t>{p[2], p[3], p[6], p[7]};
}

/// True if every value of `v` is >= 0, so a zero pad cannot win a max.
bool isNonNegative(Value v) {
  Operation *def = v.getDefiningOp();
  if (!def)
    return false;
  if (isa<ReluOp>(def))
    return true;
  if (auto kind = def->getAttrOfType<ActivationKindAttr>("activation")) {
    if (kind.getValue() == ActivationKind::Relu || kind.getValue() == ActivationKind::Sigmoid)
      return true;
    if (kind.getValue() == ActivationKind::Clip)
      return def->getAttrOfType<FloatAttr>("act_min").getValueAsDouble() >= 0.0;
  }
  return false;
}

template <typename ConsumerOp>
struct FoldPadInto : OpRewritePattern<ConsumerOp> {
  using OpRewritePattern<ConsumerOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(ConsumerOp op, PatternRewriter &rewriter) const override {
    auto pad = op.getInput().template getDefiningOp<PadOp>();
    auto extra = spatialZeroPads(pad);
    if (!extra)
      return rewriter.notifyMatchFailure(op, "input is not a zero spatial pad");
    if constexpr (!std::is_same_v<ConsumerOp, ConvOp>) {
      // With ceil_mode the output size depends on where the padding is.
      if (op.getCeilMode())
        return rewriter.notifyMatchFailure(op, "ceil_mode pool");
    }
    if constexpr (std::is_same_v<ConsumerOp, MaxPoolOp>) {
      if (!isNonNegative(pad.getInput()))
        return rewriter.notifyMatchFailure(op, "max pool input may be negative");
    }
    if constexpr (std::is_same_v<ConsumerOp, AvgPoolOp>) {
      bool hadPads = llvm::any_of(op.getPads(), [](int64_t p) { return p != 0; });
      if (!op.getCountIncludePad() && hadPads)
        return rewriter.notifyMatchFailure(op, "average pool excludes its own padding");
    }
    SmallVector<int64_t> pads(op.getPads());
    for (int i = 0; i < 4; ++i)
      pads[i] += (*extra)[i];
    if constexpr (!std::is_same_v<ConsumerOp, ConvOp>) {
      // Pooling needs every pad smaller than its window.
      for (int i = 0; i < 2; ++i)
        if (pads[i] >= op.getKernel()[i] || pads[i + 2] >= op.getKernel()[i])
          return rewriter.notifyMatchFailure(op, "pad would exceed the window");
    }
    rewriter.modifyOpInPlace(op, [&] {
      op.getInputMutable().assign(pad.getInput());
      op.setPads(pads);
      if constexpr (std::is_same_v<ConsumerOp, AvgPoolOp>)
        op.setCountIncludePad(true);
    });
    return success();
  }
};

struct FoldPadPass : public edgec::nn::impl::FoldPadBase<FoldPadPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldPadInto<ConvOp>, FoldPadInto<MaxPoolOp>, FoldPadInto<AvgPoolOp>>(
        &getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace

//===- FuseRequantize.cpp - Channel-at-a-time int8 convolutions -----------===//
#include "lowering/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Interfaces/TilingInterface.h"

namespace edgec {
#define GEN_PASS_DEF_FUSEREQUANTIZE
#include "lowering/Passes.h.inc"
} // namespace edgec

using namespace mlir;

namespace {

/// A layer whose only consumer is the NHWC transpose of a dot-product
/// convolution writes NHWC itself: the transpose is generalized and the
/// requantization fused into it (upstream elementwise fusion), which saves
/// a copy of the activation and its arena space.
void fuseTransposes(func::FuncOp f, RewriterBase &rewriter) {
  SmallVector<linalg::TransposeOp> transposes;
  f.walk([&](linalg::TransposeOp t) {
    auto g = t.getInput().getDefiningOp<linalg::GenericOp>();
    if (g && g->hasAttr("edgec.requantize") && g->hasOneUse())
      transposes.push_back(t);
  });
  for (linalg::TransposeOp t : transposes) {
    rewriter.setInsertionPoint(t);
    FailureOr<linalg::GenericOp> generic = linalg::generalizeNamedOp(rewriter, t);
    if (failed(generic))
      continue;
    OpOperand *input = generic->getDpsInputOperand(0);
    auto producer = input->get().getDefiningOp<linalg::GenericOp>();
    if (!linalg::areElementwiseOpsFusable(input))
      continue;
    FailureOr<linalg::ElementwiseOpFusionResult> fused = linalg::fuseElementwiseOps(rewriter, input);
    if (failed(fused))
      continue;
    fused->fusedOp->setAttr("edgec.requantize", rewriter.getUnitAttr());
    for (auto [orig, repl] : fused->replacements)
      rewriter.replaceAllUsesWith(orig, repl);
    rewriter.eraseOp(*generic);
    if (producer->use_empty())
      rewriter.eraseOp(producer);
  }
}

/// The (batch, channel) loops of a requantization: the loops indexing the
/// first two dimensions of its int32 accumulator (its first input).
SmallVector<OpFoldResult> channelTiles(linalg::GenericOp g, OpBuilder &b) {
  SmallVector<OpFoldResult> tiles(g.getNumLoops(), b.getIndexAttr(0));
  AffineMap acc = g.getMatchingIndexingMap(g.getDpsInputOperand(0));
  for (unsigned r = 0; r < 2 && r < acc.getNumResults(); ++r)
    if (auto d = dyn_cast<AffineDimExpr>(acc.getResult(r)))
      tiles[d.getPosition()] = b.getIndexAttr(1);
  return tiles;
}

struct FuseRequantizePass : edgec::impl::FuseRequantizeBase<FuseRequantizePass> {
  void runOnOperation() override {
    {
      IRRewriter rewriter(&getContext());
      fuseTransposes(getOperation(), rewriter);
    }
    SmallVector<linalg::GenericOp> requants;
    getOperation().walk([&](linalg::GenericOp g) {
      if (g->hasAttr("edgec.requantize") && g.getNumLoops() == 4)
        requants.push_back(g);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::GenericOp g : requants) {
      scf::SCFTilingOptions tiling;
      // scf.forall: its shared outputs bufferize in place (an scf.for
      // iter_arg initialised by a shared tensor.empty would be copied).
      tiling.setLoopType(scf::SCFTilingOptions::LoopType::ForallOp);
      tiling.setTileSizes(channelTiles(g, rewriter));
      scf::SCFTileAndFuseOptions options;
      options.setTilingOptions(tiling);
      // Fuse the accumulator's producers only: the convolution (a linalg op
      // with reductions) and, through destinations, its bias initialisation.
      // Never the convolution's input (the padded activation), which would
      // be recomputed for every output channel.
      options.setFusionControlFn(
          [](tensor::ExtractSliceOp slice, OpResult producer,
             bool isDestination) -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
            // The slice initialises an accumulator (a destination operand).
            bool initialises = llvm::any_of(slice->getUses(), [](OpOperand &use) {
              auto dps = dyn_cast<DestinationStyleOpInterface>(use.getOwner());
              return dps && dps.isDpsInit(&use);
            });
            auto op = dyn_cast<linalg::LinalgOp>(producer.getOwner());
            if (!op)
              return (isDestination || initialises) && isa<tensor::EmptyOp>(producer.getOwner())
                         ? std::optional(scf::SCFTileAndFuseOptions::ControlFnResult{})
                         : std::nullopt;
            if (isDestination || initialises || op.getNumReductionLoops() > 0)
              return scf::SCFTileAndFuseOptions::ControlFnResult{};
            return std::nullopt;
          });
      rewriter.setInsertionPoint(g);
      FailureOr<scf::SCFTileAndFuseResult> r = scf::tileConsumerAndFuseProducersUsingSCF(
          rewriter, cast<TilingInterface>(g.getOperation()), options);
      if (failed(r))
        continue; // leave the layer whole; correct, only larger
      if (Value repl = r->replacements.lookup(g.getResult(0)))
        rewriter.replaceAllUsesWith(g.getResult(0), repl);
      if (g->use_empty())
        rewriter.eraseOp(g);
    }
    // A slice of an empty tensor is a small empty tensor: the channel's
    // accumulator is allocated at its own size.
    RewritePatternSet patterns(&getContext());
    tensor::populateFoldTensorEmptyPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

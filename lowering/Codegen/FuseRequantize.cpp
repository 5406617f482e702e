//===- FuseRequantize.cpp - int8 convolutions a channel or row at a time ---===//
#include "lowering/Passes.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
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

/// A requantization whose only consumer is a transpose writes the
/// transposed layout itself: the transpose is generalized and the
/// requantization fused into it (upstream elementwise fusion), which saves
/// a copy of the activation and its arena space. Transposes are taken in
/// program order, so a chain of them (a channels-last convolution's NHWC
/// accumulator transposed to NCHW, then to NHWC for the next convolution)
/// folds into one requantization that reads and writes NHWC.
void fuseTransposes(func::FuncOp f, RewriterBase &rewriter) {
  SmallVector<linalg::TransposeOp> transposes;
  f.walk([&](linalg::TransposeOp t) { transposes.push_back(t); });
  for (linalg::TransposeOp t : transposes) {
    auto g = t.getInput().getDefiningOp<linalg::GenericOp>();
    if (!g || !g->hasAttr("edgec.requantize") || !g->hasOneUse())
      continue;
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

/// A layer inserted into its consumer's zero-point-filled padded input is
/// written there in place by empty-tensor elimination, but only if the
/// filled tensor dominates the layer's own tensor.empty. Canonicalization
/// cancels the NCHW and NHWC transposes between two channels-last layers,
/// which leaves the layer's result built before its consumer's fill: the
/// fill (of a fresh alloc_tensor, with a constant; whole, or its border
/// slices for float padding) is moved up to just before that tensor.empty.
/// It then runs earlier, which is when the layer starts writing into it
/// anyway.
void hoistPaddedFills(func::FuncOp f) {
  SmallVector<tensor::InsertSliceOp> inserts;
  f.walk([&](tensor::InsertSliceOp i) { inserts.push_back(i); });
  // A fill of a fresh alloc_tensor with a constant, as one op or (float
  // padding) as fills of its border slices, each extracted, filled and
  // inserted back: the ops in program order, or empty.
  auto paddedFill = [](tensor::InsertSliceOp interior) -> SmallVector<Operation *> {
    Value dest = interior.getDest();
    SmallVector<Operation *> chain;
    auto constantFill = [](linalg::FillOp fill) {
      Operation *value = fill.getInputs()[0].getDefiningOp();
      return fill->hasOneUse() && value && value->hasTrait<OpTrait::ConstantLike>();
    };
    while (true) {
      if (auto alloc = dest.getDefiningOp<bufferization::AllocTensorOp>()) {
        // Read only by the chain (a border slice's extract and insert).
        if (alloc->getNumOperands() != 0 ||
            llvm::any_of(alloc->getUsers(), [&](Operation *u) { return !llvm::is_contained(chain, u); }))
          return {};
        chain.push_back(alloc);
        break;
      }
      if (auto fill = dest.getDefiningOp<linalg::FillOp>()) {
        if (!constantFill(fill))
          return {};
        chain.push_back(fill);
        dest = fill.getOutputs()[0];
        continue;
      }
      auto border = dest.getDefiningOp<tensor::InsertSliceOp>();
      auto fill = border ? border.getSource().getDefiningOp<linalg::FillOp>() : linalg::FillOp();
      auto slice = fill ? fill.getOutputs()[0].getDefiningOp<tensor::ExtractSliceOp>()
                        : tensor::ExtractSliceOp();
      // The border's value is read by the next border's extract and insert
      // (already in the chain) or, for the last one, by the interior's.
      if (!slice || !constantFill(fill) || slice.getSource() != border.getDest() ||
          !slice->hasOneUse() || llvm::any_of(border->getUsers(), [&](Operation *u) {
            return u != interior && !llvm::is_contained(chain, u);
          }))
        return {};
      chain.append({border, fill, slice});
      dest = border.getDest();
    }
    std::reverse(chain.begin(), chain.end());
    return chain;
  };
  for (tensor::InsertSliceOp ins : inserts) {
    SmallVector<Operation *> chain = paddedFill(ins);
    if (chain.empty())
      continue;
    // The tensor.empty the inserted value is ultimately written into.
    Value root = ins.getSource();
    while (Operation *def = root.getDefiningOp()) {
      auto dps = dyn_cast<DestinationStyleOpInterface>(def);
      if (!dps)
        break;
      root = dps.getTiedOpOperand(cast<OpResult>(root))->get();
    }
    auto empty = root.getDefiningOp<tensor::EmptyOp>();
    Operation *last = chain.back();
    if (!empty || empty->getBlock() != last->getBlock() || last->isBeforeInBlock(empty))
      continue;
    for (Operation *op : chain) {
      for (Value v : op->getOperands())
        if (Operation *c = v.getDefiningOp(); c && c->hasTrait<OpTrait::ConstantLike>() &&
                                              c->getBlock() == op->getBlock() &&
                                              !c->isBeforeInBlock(empty))
          c->moveBefore(empty);
      op->moveBefore(empty);
    }
  }
}

/// The outer loops of a requantization: the loops indexing the first two
/// dimensions of its int32 accumulator (its first input), (batch, channel)
/// for an NCHW accumulator and (batch, row) for an NHWC one.
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
    hoistPaddedFills(getOperation());
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

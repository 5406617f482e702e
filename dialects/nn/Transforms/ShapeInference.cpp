//===- ShapeInference.cpp - Shape inference and constant folding ----------===//
#include "dialects/nn/Transforms/Passes.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace edgec::nn {
#define GEN_PASS_DEF_INFERSHAPES
#define GEN_PASS_DEF_FOLDCONSTANTS
#include "dialects/nn/Transforms/Passes.h.inc"
} // namespace edgec::nn

using namespace mlir;
using namespace edgec::nn;

namespace {

/// Folds to a fixpoint with no patterns: only op folders and dead-op removal.
LogicalResult foldAll(func::FuncOp func, bool *changed = nullptr) {
  RewritePatternSet none(func.getContext());
  GreedyRewriteConfig config;
  config.setMaxIterations(64);
  return applyPatternsGreedily(func, std::move(none), config, changed);
}

/// Re-infers every result type once, in program order. Returns true if any
/// type became more static.
bool refineTypes(func::FuncOp func) {
  bool changed = false;
  func.walk([&](InferTypeOpInterface op) {
    SmallVector<Type> inferred;
    if (failed(op.inferReturnTypes(op->getContext(), op->getLoc(), op->getOperands(),
                                   op->getAttrDictionary(), op->getPropertiesStorage(),
                                   op->getRegions(), inferred)))
      return;
    for (auto [res, ty] : llvm::zip(op->getResults(), inferred)) {
      if (res.getType() == ty || !areRefinableTypes(res.getType(), ty))
        continue;
      res.setType(ty);
      changed = true;
    }
  });
  return changed;
}

struct InferShapesPass : public edgec::nn::impl::InferShapesBase<InferShapesPass> {
  using InferShapesBase::InferShapesBase;
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    bool changed = true;
    for (int iter = 0; changed && iter < 64; ++iter) {
      bool folded = false;
      (void)foldAll(func, &folded);
      changed = refineTypes(func) || folded;
    }
    // The signature follows the refined return values.
    auto ret = cast<func::ReturnOp>(func.getBody().back().getTerminator());
    func.setFunctionType(FunctionType::get(&getContext(), func.getArgumentTypes(),
                                           ret.getOperandTypes()));
    if (!requireStatic)
      return;
    bool failedStatic = false;
    func.walk([&](Operation *op) {
      for (Value v : op->getResults()) {
        auto t = dyn_cast<RankedTensorType>(v.getType());
        if (t && !t.hasStaticShape()) {
          op->emitError("could not infer a static shape for this result (")
              << t << "); pin symbolic model inputs with --input-shape";
          failedStatic = true;
        }
      }
    });
    if (failedStatic)
      signalPassFailure();
  }
};

struct FoldConstantsPass : public edgec::nn::impl::FoldConstantsBase<FoldConstantsPass> {
  void runOnOperation() override {
    if (failed(foldAll(getOperation())))
      getOperation().emitWarning("constant folding did not reach a fixpoint");
  }
};
} // namespace

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
      // Join: a dimension known on either side stays known.
      auto declared = cast<RankedTensorType>(res.getType());
      auto inf = cast<RankedTensorType>(ty);
      SmallVector<int64_t> shape;
      for (auto [d, i] : llvm::zip(declared.getShape(), inf.getShape()))
        shape.push_back(ShapedType::isDynamic(d) ? i : d);
      auto joined = RankedTensorType::get(shape, declared.getElementType());
      if (joined == declared)
        continue;
      res.setType(joined);
      changed = true;
    }
  });
  return changed;
}

/// True if `v` is computed from run-time data (a function argument read by
/// something other than nn.shape), as opposed to only from shapes.
bool dependsOnRuntimeData(Value v, DenseSet<Value> &seen) {
  if (!seen.insert(v).second)
    return false;
  Operation *def = v.getDefiningOp();
  if (!def)
    return true;
  if (isa<ShapeOp>(def))
    return false;
  return llvm::any_of(def->getOperands(), [&](Value o) { return dependsOnRuntimeData(o, seen); });
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
        if (!t || t.hasStaticShape())
          continue;
        failedStatic = true;
        DenseSet<Value> seen;
        if (auto reshape = dyn_cast<ReshapeOp>(op);
            reshape && !getConstantI64Values(reshape.getShape()) &&
            dependsOnRuntimeData(reshape.getShape(), seen)) {
          op->emitError("the target shape of this reshape is computed at run time; edgec needs "
                        "every shape at compile time (a constant, or a shape subgraph of "
                        "static shapes)");
          continue;
        }
        op->emitError("could not infer a static shape for this result (")
            << t << "); pin symbolic model inputs with --input-shape";
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

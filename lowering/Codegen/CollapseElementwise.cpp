//===- CollapseElementwise.cpp - One loop for contiguous elementwise dims -===//
#include "lowering/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

namespace edgec {
#define GEN_PASS_DEF_COLLAPSEELEMENTWISE
#include "lowering/Passes.h.inc"
} // namespace edgec

using namespace mlir;

namespace {

/// The longest run of trailing loops (at least two) that every operand
/// reads contiguously and whose memref dims can be merged in place.
std::optional<ReassociationIndices> trailingRun(linalg::GenericOp op) {
  unsigned n = op.getNumLoops();
  if (n < 2 || op.getNumReductionLoops() != 0 || !op.hasPureBufferSemantics() ||
      llvm::any_of(op.getStaticLoopRanges(), [](int64_t s) { return ShapedType::isDynamic(s); }))
    return std::nullopt;
  for (unsigned k = 0; k + 1 < n; ++k) {
    ReassociationIndices run;
    for (unsigned d = k; d < n; ++d)
      run.push_back(d);
    if (!linalg::areDimSequencesPreserved(op.getIndexingMapsArray(), {run}))
      continue;
    bool ok = true;
    for (OpOperand &o : op->getOpOperands()) {
      auto ty = dyn_cast<MemRefType>(o.get().getType());
      if (!ty)
        continue;
      AffineMap m = op.getMatchingIndexingMap(&o);
      // The operand dims the run covers, as one group of its reassociation.
      SmallVector<ReassociationIndices> groups;
      ReassociationIndices covered;
      for (unsigned r = 0; r < m.getNumResults(); ++r) {
        auto d = dyn_cast<AffineDimExpr>(m.getResult(r));
        if (d && d.getPosition() >= k)
          covered.push_back(r);
        else
          groups.push_back({(int64_t)r});
      }
      if (covered.size() > 1)
        groups.push_back(covered);
      llvm::sort(groups, [](auto &a, auto &b) { return a.front() < b.front(); });
      if (covered.size() > 1 && !memref::CollapseShapeOp::isGuaranteedCollapsible(ty, groups)) {
        ok = false;
        break;
      }
    }
    if (ok)
      return run;
  }
  return std::nullopt;
}

struct CollapseElementwisePass
    : public edgec::impl::CollapseElementwiseBase<CollapseElementwisePass> {
  void runOnOperation() override {
    SmallVector<std::pair<linalg::GenericOp, ReassociationIndices>> ops;
    getOperation().walk([&](linalg::GenericOp op) {
      if (auto run = trailingRun(op))
        ops.push_back({op, *run});
    });
    IRRewriter rw(&getContext());
    for (auto &[op, run] : ops) {
      rw.setInsertionPoint(op);
      FailureOr<linalg::CollapseResult> r = linalg::collapseOpIterationDims(op, {run}, rw);
      if (succeeded(r))
        rw.eraseOp(op); // buffer semantics: no results to replace
    }
  }
};

} // namespace

//===- LoopOrder.cpp - Loop order that vectorizes without reassociation ---===//
#include "lowering/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"

namespace edgec {
#define GEN_PASS_DEF_VECTORIZABLELOOPORDER
#include "lowering/Passes.h.inc"
} // namespace edgec

using namespace mlir;

namespace {

/// The new loop order (as old loop indices), or empty to keep the op as is:
/// parallel loops in order, then the reductions in order, then the parallel
/// loop that indexes the last output dimension.
SmallVector<unsigned> vectorizableOrder(linalg::LinalgOp op) {
  if (op.getNumReductionLoops() == 0 || op.getNumDpsInits() != 1 ||
      op->hasAttr("edgec.contiguous_reduction"))
    return {};
  AffineMap out = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  if (out.getNumResults() == 0)
    return {};
  auto last = dyn_cast<AffineDimExpr>(out.getResults().back());
  if (!last)
    return {};
  unsigned inner = last.getPosition();
  SmallVector<utils::IteratorType> iters = op.getIteratorTypesArray();
  if (iters[inner] != utils::IteratorType::parallel || inner == iters.size() - 1)
    return {};
  SmallVector<unsigned> order;
  for (unsigned i = 0; i < iters.size(); ++i)
    if (iters[i] == utils::IteratorType::parallel && i != inner)
      order.push_back(i);
  for (unsigned i = 0; i < iters.size(); ++i)
    if (iters[i] == utils::IteratorType::reduction)
      order.push_back(i);
  order.push_back(inner);
  return order;
}

struct VectorizableLoopOrderPass
    : public edgec::impl::VectorizableLoopOrderBase<VectorizableLoopOrderPass> {
  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    SmallVector<linalg::LinalgOp> ops;
    getOperation().walk([&](linalg::LinalgOp op) { ops.push_back(op); });
    for (linalg::LinalgOp op : ops) {
      SmallVector<unsigned> order = vectorizableOrder(op);
      if (order.empty())
        continue;
      rewriter.setInsertionPoint(op);
      auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
      if (!generic) {
        auto g = linalg::generalizeNamedOp(rewriter, op);
        if (failed(g))
          continue;
        generic = *g;
      }
      if (failed(linalg::interchangeGenericOp(rewriter, generic, order)))
        return signalPassFailure();
    }
  }
};
} // namespace

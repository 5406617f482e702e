//===- SplitEmptyTensors.cpp - one tensor.empty per use -------------------===//
#include "lowering/Passes.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

namespace edgec {
#define GEN_PASS_DEF_SPLITEMPTYTENSORS
#include "lowering/Passes.h.inc"
} // namespace edgec

using namespace mlir;

namespace {
struct SplitEmptyTensorsPass : public edgec::impl::SplitEmptyTensorsBase<SplitEmptyTensorsPass> {
  void runOnOperation() override {
    SmallVector<tensor::EmptyOp> empties;
    getOperation().walk([&](tensor::EmptyOp e) {
      if (!e->hasOneUse() && !e->use_empty())
        empties.push_back(e);
    });
    OpBuilder b(&getContext());
    for (tensor::EmptyOp e : empties) {
      // Each layer computed tile by tile (an scf.forall writing its shared
      // output) gets its own empty; other uses (elementwise chains that
      // bufferization may then run in place in one buffer) keep the
      // original.
      SmallVector<OpOperand *> uses;
      for (OpOperand &u : e->getUses())
        if (isa<scf::ForallOp>(u.getOwner()))
          uses.push_back(&u);
      if ((int64_t)uses.size() == (int64_t)llvm::range_size(e->getUses()))
        uses.erase(uses.begin());
      for (OpOperand *u : uses) {
        b.setInsertionPointAfter(e);
        u->set(b.clone(*e)->getResult(0));
      }
    }
  }
};
} // namespace

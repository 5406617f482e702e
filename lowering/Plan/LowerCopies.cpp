//===- LowerCopies.cpp - memref.copy to linalg.generic --------------------===//
#include "lowering/Passes.h"
#include "mlir/IR/PatternMatch.h"

namespace edgec {
#define GEN_PASS_DEF_LOWERCOPIES
#include "lowering/Passes.h.inc"
} // namespace edgec

using namespace mlir;

namespace {
struct LowerCopiesPass : public edgec::impl::LowerCopiesBase<LowerCopiesPass> {
  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    getOperation().walk([&](memref::CopyOp copy) {
      rewriter.setInsertionPoint(copy);
      auto ty = cast<MemRefType>(copy.getTarget().getType());
      AffineMap id = rewriter.getMultiDimIdentityMap(ty.getRank());
      SmallVector<utils::IteratorType> iters(ty.getRank(), utils::IteratorType::parallel);
      linalg::GenericOp::create(rewriter, copy.getLoc(), copy.getSource(), copy.getTarget(),
                                ArrayRef<AffineMap>{id, id}, iters,
                                [](OpBuilder &b, Location l, ValueRange v) {
                                  linalg::YieldOp::create(b, l, v[0]);
                                });
      rewriter.eraseOp(copy);
    });
  }
};
} // namespace

//===- Float16Storage.cpp - float16 tensors as their bit patterns ----------===//
#include "dialects/nn/Transforms/Passes.h"
#include "dialects/nn/Transforms/Retype.h"

namespace edgec::nn {
#define GEN_PASS_DEF_FLOAT16STORAGE
#include "dialects/nn/Transforms/Passes.h.inc"
} // namespace edgec::nn

using namespace mlir;
using namespace edgec::nn;

namespace {

bool isHalfTensor(Type t) {
  auto st = dyn_cast<ShapedType>(t);
  return st && st.getElementType().isF16();
}

struct Float16StoragePass : public edgec::nn::impl::Float16StorageBase<Float16StoragePass> {
  void runOnOperation() override {
    func::FuncOp f = getOperation();
    bool any = llvm::any_of(f.getArgumentTypes(), isHalfTensor) ||
               llvm::any_of(f.getResultTypes(), isHalfTensor);
    WalkResult checked = f.walk([&](Operation *op) {
      if (op == f.getOperation())
        return WalkResult::advance();
      bool half = llvm::any_of(op->getOperandTypes(), isHalfTensor) ||
                  llvm::any_of(op->getResultTypes(), isHalfTensor);
      if (!half)
        return WalkResult::advance();
      any = true;
      if (auto c = dyn_cast<CastOp>(op)) {
        Type from = c.getInput().getType().getElementType(), to = c.getType().getElementType();
        if ((from.isF16() && to.isF32()) || (from.isF32() && to.isF16())) {
          c.setHalfBits(true);
          return WalkResult::advance();
        }
      }
      if (isa<ConstantOp, ReshapeOp, TransposeOp, SliceOp, ConcatOp, IdentityOp, func::ReturnOp>(op))
        return WalkResult::advance();
      op->emitError("'") << op->getName()
                         << "' on float16 is not supported (float16 is converted to float32 at the "
                            "model's edges)";
      return WalkResult::interrupt();
    });
    if (checked.wasInterrupted())
      return signalPassFailure();
    if (!any)
      return;
    retypeFunction(f, [](Type t) -> Type { return t.isF16() ? IntegerType::get(t.getContext(), 16) : t; });
  }
};

} // namespace

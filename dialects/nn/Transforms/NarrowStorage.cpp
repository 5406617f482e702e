//===- NarrowStorage.cpp - narrow-type tensors as their bit patterns ------===//
#include "dialects/nn/Transforms/Passes.h"
#include "dialects/nn/Transforms/Retype.h"

namespace edgec::nn {
#define GEN_PASS_DEF_NARROWSTORAGE
#include "dialects/nn/Transforms/Passes.h.inc"
} // namespace edgec::nn

using namespace mlir;
using namespace edgec::nn;

namespace {

/// The integer that holds `t`'s bits, or null if `t` is computed on.
Type storageFor(Type t) {
  MLIRContext *ctx = t.getContext();
  if (isa<Float16Type, BFloat16Type>(t))
    return IntegerType::get(ctx, 16);
  if (isa<Float8E4M3FNType, Float8E4M3FNUZType, Float8E5M2Type, Float8E5M2FNUZType, Float4E2M1FNType>(t))
    return IntegerType::get(ctx, 8);
  // One int4 or int2 per byte; edgec-signless-integers has made them signless.
  if (auto i = dyn_cast<IntegerType>(t); i && (i.getWidth() == 4 || i.getWidth() == 2))
    return IntegerType::get(ctx, 8);
  return {};
}

bool isNarrowTensor(Type t) {
  auto st = dyn_cast<ShapedType>(t);
  return st && storageFor(st.getElementType());
}

struct NarrowStoragePass : public edgec::nn::impl::NarrowStorageBase<NarrowStoragePass> {
  void runOnOperation() override {
    func::FuncOp f = getOperation();
    bool any = llvm::any_of(f.getArgumentTypes(), isNarrowTensor) ||
               llvm::any_of(f.getResultTypes(), isNarrowTensor);
    WalkResult checked = f.walk([&](Operation *op) {
      if (op == f.getOperation())
        return WalkResult::advance();
      bool narrow = llvm::any_of(op->getOperandTypes(), isNarrowTensor) ||
                    llvm::any_of(op->getResultTypes(), isNarrowTensor);
      if (!narrow)
        return WalkResult::advance();
      any = true;
      if (auto c = dyn_cast<CastOp>(op)) {
        Type from = c.getInput().getType().getElementType(), to = c.getType().getElementType();
        // Exactly one side is narrow; the other is what it is computed in.
        bool fromNarrow = (bool)storageFor(from), toNarrow = (bool)storageFor(to);
        Type narrow = fromNarrow ? from : to, other = fromNarrow ? to : from;
        bool ok = fromNarrow != toNarrow &&
                  (isa<FloatType>(narrow) ? other.isF32() : isa<IntegerType>(other) || other.isF32());
        if (!ok) {
          c.emitError("cast from ") << from << " to " << to
                                    << " is not supported (narrow types convert to and from "
                                       "float32, or int4/int2 to and from integers)";
          return WalkResult::interrupt();
        }
        if (fromNarrow)
          c.setFromStorageAttr(TypeAttr::get(narrow));
        else
          c.setToStorageAttr(TypeAttr::get(narrow));
        return WalkResult::advance();
      }
      if (isa<ConstantOp, ReshapeOp, TransposeOp, SliceOp, ConcatOp, IdentityOp, func::ReturnOp>(op))
        return WalkResult::advance();
      Type t;
      for (Type x : llvm::concat<Type>(op->getOperandTypes(), op->getResultTypes()))
        if (isNarrowTensor(x))
          t = cast<ShapedType>(x).getElementType();
      op->emitError("'") << op->getName() << "' on " << t
                         << " is not supported (narrow types are converted at the model's edges)";
      return WalkResult::interrupt();
    });
    if (checked.wasInterrupted())
      return signalPassFailure();
    if (!any)
      return;
    retypeFunction(f, [](Type t) -> Type {
      Type s = storageFor(t);
      return s ? s : t;
    });
  }
};

} // namespace

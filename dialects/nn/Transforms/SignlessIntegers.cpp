//===- SignlessIntegers.cpp - Unsigned tensors to signless + markers ------===//
#include "dialects/nn/Transforms/Passes.h"
#include "dialects/nn/Transforms/Retype.h"

namespace edgec::nn {
#define GEN_PASS_DEF_SIGNLESSINTEGERS
#include "dialects/nn/Transforms/Passes.h.inc"
} // namespace edgec::nn

using namespace mlir;
using namespace edgec::nn;

namespace {

bool isUnsignedTensor(Type t) {
  auto st = dyn_cast<ShapedType>(t);
  return st && st.getElementType().isUnsignedInteger();
}

bool touchesUnsigned(Operation *op) {
  return llvm::any_of(op->getOperandTypes(), isUnsignedTensor) ||
         llvm::any_of(op->getResultTypes(), isUnsignedTensor);
}

/// Marks `op` for its unsigned operands; fails for ops whose unsigned
/// meaning the lowering does not implement.
LogicalResult mark(Operation *op) {
  UnitAttr unit = UnitAttr::get(op->getContext());
  if (isa<DivOp, MaxOp, MinOp, ModOp, GreaterOp, GreaterOrEqualOp, LessOp, LessOrEqualOp>(op)) {
    op->setAttr("is_unsigned", unit);
    return success();
  }
  if (auto c = dyn_cast<CastOp>(op)) {
    if (isUnsignedTensor(c.getInput().getType()))
      c.setFromUnsigned(true);
    if (isUnsignedTensor(c.getType()))
      c.setToUnsigned(true);
    return success();
  }
  if (auto s = dyn_cast<ScatterElementsOp>(op))
    if (s.getReduction() == "max" || s.getReduction() == "min")
      return op->emitError("ScatterElements with reduction '") << s.getReduction()
             << "' of unsigned integer tensors is not supported";
  if (auto s = dyn_cast<ScatterNDOp>(op))
    if (s.getReduction() == "max" || s.getReduction() == "min")
      return op->emitError("ScatterND with reduction '") << s.getReduction()
             << "' of unsigned integer tensors is not supported";
  // Wrapping arithmetic, equality, bit operations and data movement mean the
  // same on signless bits.
  if (isa<AddOp, SubOp, MulOp, EqualOp, WhereOp, ReshapeOp, TransposeOp, SliceOp, ConcatOp,
          GatherOp, GatherElementsOp, ScatterElementsOp, GatherNDOp, ScatterNDOp, CumulativeOp,
          ExpandOp, PadOp, IdentityOp, ConstantOp,
          BitwiseAndOp, BitwiseOrOp, BitwiseXorOp, BitwiseNotOp, BitShiftOp, TriluOp,
          func::ReturnOp>(op))
    return success();
  return op->emitError("'") << op->getName() << "' of unsigned integer tensors is not supported";
}

struct SignlessIntegersPass : public edgec::nn::impl::SignlessIntegersBase<SignlessIntegersPass> {
  void runOnOperation() override {
    func::FuncOp f = getOperation();
    bool any = llvm::any_of(f.getArgumentTypes(), isUnsignedTensor) ||
               llvm::any_of(f.getResultTypes(), isUnsignedTensor);
    bool foreign = false;
    f.walk([&](Operation *op) {
      if (op == f.getOperation() || !touchesUnsigned(op))
        return;
      any = true;
      foreign |= !isa<NNDialect, func::FuncDialect>(op->getDialect());
    });
    // Quantized storage (uint8 next to quant casts) is the qnn lowering's.
    if (!any || foreign)
      return;
    WalkResult marked = f.walk([&](Operation *op) {
      if (op == f.getOperation() || !touchesUnsigned(op))
        return WalkResult::advance();
      return failed(mark(op)) ? WalkResult::interrupt() : WalkResult::advance();
    });
    if (marked.wasInterrupted())
      return signalPassFailure();
    retypeFunction(f, [](Type t) -> Type {
      return t.isUnsignedInteger() ? IntegerType::get(t.getContext(), t.getIntOrFloatBitWidth()) : t;
    });
  }
};

} // namespace

//===- Retype.h - Rewrite element types throughout a function ---*- C++ -*-===//
//
// Shared by edgec-signless-integers and edgec-narrow-storage: both keep
// every op and change an element type to another of the same width in
// place (values, block arguments, constants' data and the signature), after
// marking the ops whose meaning the old type carried.
//
//===----------------------------------------------------------------------===//
#ifndef EDGEC_DIALECTS_NN_TRANSFORMS_RETYPE_H
#define EDGEC_DIALECTS_NN_TRANSFORMS_RETYPE_H

#include "dialects/nn/IR/NNOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace edgec::nn {

/// Replaces, in `f`, every ranked tensor whose element type `retype` maps
/// to another type (same bit width) by that tensor type; nn.constant data
/// is reinterpreted bit for bit.
inline void retypeFunction(mlir::func::FuncOp f, llvm::function_ref<mlir::Type(mlir::Type)> retype) {
  auto tensor = [&](mlir::Type t) -> mlir::Type {
    auto st = llvm::dyn_cast<mlir::RankedTensorType>(t);
    if (!st)
      return t;
    mlir::Type e = retype(st.getElementType());
    return e == st.getElementType() ? t : st.clone(e);
  };
  f.walk([&](mlir::Operation *op) {
    if (auto c = llvm::dyn_cast<ConstantOp>(op))
      if (auto d = llvm::dyn_cast<mlir::DenseElementsAttr>(c.getValue()))
        if (mlir::Type e = retype(d.getElementType()); e != d.getElementType())
          c.setValueAttr(d.bitcast(e));
    for (mlir::Value r : op->getResults())
      r.setType(tensor(r.getType()));
    for (mlir::Region &region : op->getRegions())
      for (mlir::Block &block : region)
        for (mlir::BlockArgument arg : block.getArguments())
          arg.setType(tensor(arg.getType()));
  });
  f.setFunctionType(mlir::FunctionType::get(f.getContext(), llvm::map_to_vector(f.getArgumentTypes(), tensor),
                                            llvm::map_to_vector(f.getResultTypes(), tensor)));
}

} // namespace edgec::nn

#endif

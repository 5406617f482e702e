//===- NNOps.h - Operators of the nn dialect ---------------------*- C++ -*-===//
#ifndef EDGEC_DIALECTS_NN_IR_NNOPS_H
#define EDGEC_DIALECTS_NN_IR_NNOPS_H

#include "dialects/nn/IR/NNDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/Dialect/Traits.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "dialects/nn/IR/NNEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/nn/IR/NNAttrs.h.inc"

#define GET_OP_CLASSES
#include "dialects/nn/IR/NNOps.h.inc"

namespace edgec::nn {
/// True when `inferred` may replace `declared`: same element types and
/// compatible shapes. Shape inference refines dynamic dimensions later.
bool areRefinableTypes(mlir::TypeRange declared, mlir::TypeRange inferred);

/// The ONNX node an op came from: the first NameLoc in its location (the
/// importer names every op after its node), or "" if none.
llvm::StringRef onnxNodeName(mlir::Location loc);

/// Reads a constant i64 tensor operand (e.g. a reshape target), if any.
std::optional<llvm::SmallVector<int64_t>> getConstantI64Values(mlir::Value v);
} // namespace edgec::nn

#endif

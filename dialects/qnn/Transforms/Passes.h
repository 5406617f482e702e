//===- Passes.h - Passes on the qnn dialect ----------------------*- C++ -*-===//
#ifndef EDGEC_DIALECTS_QNN_TRANSFORMS_PASSES_H
#define EDGEC_DIALECTS_QNN_TRANSFORMS_PASSES_H

#include "dialects/qnn/IR/QNNOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace edgec::qnn {
#define GEN_PASS_DECL
#include "dialects/qnn/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "dialects/qnn/Transforms/Passes.h.inc"
} // namespace edgec::qnn

#endif

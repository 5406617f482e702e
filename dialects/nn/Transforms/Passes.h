//===- Passes.h - Graph passes on the nn dialect -----------------*- C++ -*-===//
#ifndef EDGEC_DIALECTS_NN_TRANSFORMS_PASSES_H
#define EDGEC_DIALECTS_NN_TRANSFORMS_PASSES_H

#include "dialects/nn/IR/NNOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace edgec::nn {
#define GEN_PASS_DECL
#include "dialects/nn/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "dialects/nn/Transforms/Passes.h.inc"
} // namespace edgec::nn

#endif

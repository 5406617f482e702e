//===- NNDialect.h - The nn dialect ------------------------------*- C++ -*-===//
#ifndef EDGEC_DIALECTS_NN_IR_NNDIALECT_H
#define EDGEC_DIALECTS_NN_IR_NNDIALECT_H

#include "mlir/IR/Dialect.h"

#include "dialects/nn/IR/NNDialect.h.inc"

#endif

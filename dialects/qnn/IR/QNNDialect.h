//===- QNNDialect.h - The qnn dialect ----------------------------*- C++ -*-===//
#ifndef EDGEC_DIALECTS_QNN_IR_QNNDIALECT_H
#define EDGEC_DIALECTS_QNN_IR_QNNDIALECT_H

#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/Dialect.h"

#include "dialects/qnn/IR/QNNDialect.h.inc"

#endif

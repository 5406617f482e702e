//===- QNNDialect.cpp - The qnn dialect -----------------------------------===//
#include "dialects/qnn/IR/QNNDialect.h"
#include "dialects/qnn/IR/QNNOps.h"

using namespace mlir;
using namespace edgec::qnn;

#include "dialects/qnn/IR/QNNDialect.cpp.inc"

void QNNDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/qnn/IR/QNNOps.cpp.inc"
      >();
}

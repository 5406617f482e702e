//===- edgec-opt.cpp - Every edgec dialect and pass, for lit --------------===//
#include "compiler/Pipelines/Pipelines.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  edgec::registerEdgecDialects(registry);
  edgec::registerEdgecPasses();
  return mlir::asMainReturnCode(mlir::MlirOptMain(argc, argv, "edgec optimizer driver\n", registry));
}

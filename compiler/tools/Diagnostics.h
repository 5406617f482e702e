//===- Diagnostics.h - Diagnostics that name the ONNX node -------*- C++ -*-===//
#ifndef EDGEC_COMPILER_TOOLS_DIAGNOSTICS_H
#define EDGEC_COMPILER_TOOLS_DIAGNOSTICS_H

#include "mlir/IR/Diagnostics.h"

namespace edgec {
/// Prints every diagnostic as `<model file>: node '<name>': error: <msg>`.
/// The node comes from the NameLoc the importer attached to every op, so
/// errors from any phase point at the ONNX node a user can find in Netron.
class NodeDiagnosticHandler {
public:
  explicit NodeDiagnosticHandler(mlir::MLIRContext &ctx);
  ~NodeDiagnosticHandler();
  int errorCount() const { return errors; }

private:
  mlir::MLIRContext &ctx;
  mlir::DiagnosticEngine::HandlerID id;
  int errors = 0;
};
} // namespace edgec

#endif

//===- Quantize.h - Post-training quantization of a float graph -*- C++ -*-===//
//
// edgec --quantize=int8: the float model, compiled by edgec for the host and
// run in-process (MLIR ExecutionEngine), is calibrated on user data; the
// calibrated ranges become QDQ pairs (edgec-insert-qdq) that
// edgec-fold-qdq turns into integer qnn ops. Optionally writes a per-layer
// error report comparing the float and the quantized model tensor by tensor.
//
//===----------------------------------------------------------------------===//
#ifndef EDGEC_COMPILER_QUANTIZE_QUANTIZE_H
#define EDGEC_COMPILER_QUANTIZE_QUANTIZE_H

#include "compiler/Quantize/CalibrationData.h"
#include "mlir/IR/BuiltinOps.h"

namespace edgec::quantize {

struct QuantizeOptions {
  DataOptions data;
  std::string method = "mse"; // mse, minmax, percentile, entropy
  double percentile = 99.99;
  bool perChannel = false;
  unsigned activationBits = 8; // 16: int16 activations, int8 weights (16x8)
  std::vector<std::string> keepFloat;
  std::string reportPath; // .html or .json; empty for none
  std::string modelPath;  // for messages and the report
  bool progress = true;
};

/// Quantizes the graph-phase float module in place. Errors are reported on
/// stderr (through the context's diagnostics or directly) and yield failure.
mlir::LogicalResult quantizeModule(mlir::ModuleOp module, const QuantizeOptions &opts);

} // namespace edgec::quantize

#endif

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
  /// Tensors of an on-target run of the --expose-tensors model on the first
  /// calibration samples (.npz, one [N, ...] array per tensor, named by
  /// ONNX node); the report then compares them with the host run.
  std::string targetTensorsPath;
  std::string modelPath;  // for messages and the report
  bool progress = true;
};

/// Quantizes the graph-phase float module in place. Errors are reported on
/// stderr (through the context's diagnostics or directly) and yield failure.
mlir::LogicalResult quantizeModule(mlir::ModuleOp module, const QuantizeOptions &opts);

/// Adds every quantized tensor of the (quantized, graph-phase) module as an
/// extra model output in its storage type, named after its ONNX node, so a
/// target run can be compared tensor by tensor with the host
/// (--quant-report-target). Returns the number of tensors added.
int exposeQuantizedTensors(mlir::ModuleOp module);

} // namespace edgec::quantize

#endif

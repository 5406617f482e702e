//===- OnnxImporter.h - ONNX protobuf to the nn dialect ----------*- C++ -*-===//
//
// Reads an ONNX model (binary protobuf, or protobuf text format) and builds
// a module with one `func.func @main` of nn ops. Every op's location is a
// NameLoc carrying the ONNX node name over the model file, so diagnostics
// from any later phase can name the node.
//
// Errors are reported through the MLIRContext's diagnostic engine; the
// functions return a null module on any error. Hostile input (truncated or
// corrupt protobuf, absurd shapes, cycles, sizes that disagree) is rejected
// before anything is allocated from it.
//
//===----------------------------------------------------------------------===//
#ifndef EDGEC_COMPILER_IMPORT_ONNXIMPORTER_H
#define EDGEC_COMPILER_IMPORT_ONNXIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"

namespace edgec {

struct ImportOptions {
  /// Pins symbolic (or overrides static) input dimensions: name -> shape.
  llvm::StringMap<llvm::SmallVector<int64_t>> inputShapes;
  /// Fixes inputs' values at compile time: name -> file holding an ONNX
  /// TensorProto (the test-data .pb format). The input becomes a constant
  /// and leaves the generated API; values that decide shapes (axes, pads,
  /// target shapes, sizes) given as inputs need this.
  llvm::StringMap<std::string> inputValues;
  /// Upper bound on the bytes of any one tensor, to refuse absurd models
  /// before allocating for them.
  uint64_t maxTensorBytes = 1ull << 31;
};

/// Parses "name=1x3x96x96" into `opts`; returns an error message or "".
std::string parseInputShape(llvm::StringRef spec, ImportOptions &opts);

/// Parses "name=path/to/tensor.pb" into `opts`; returns an error message or "".
std::string parseInputValue(llvm::StringRef spec, ImportOptions &opts);

/// Imports the model at `path`. Binary protobuf unless the file name ends in
/// .onnxtxt, .pbtxt, .textproto or .txt (protobuf text format). External
/// data files are looked up next to the model.
mlir::OwningOpRef<mlir::ModuleOp> importOnnxFile(mlir::MLIRContext &ctx,
                                                 llvm::StringRef path,
                                                 const ImportOptions &opts);

/// Imports a model held in memory. `displayName` is used in diagnostics and
/// locations; `baseDir` is where external data files are looked up ("" to
/// refuse external data).
mlir::OwningOpRef<mlir::ModuleOp>
importOnnxBuffer(mlir::MLIRContext &ctx, llvm::StringRef bytes, bool isText,
                 llvm::StringRef displayName, llvm::StringRef baseDir,
                 const ImportOptions &opts);

/// Registers the dialects the importer creates ops of.
void registerImportDialects(mlir::MLIRContext &ctx);

} // namespace edgec

#endif

//===- fuzz-import.cpp - libFuzzer target for the ONNX importer -----------===//
//
// Feeds arbitrary bytes to the importer, as binary and as text protobuf.
// Any crash, hang, sanitizer report or unbounded allocation is a bug: bad
// models must only ever produce diagnostics.
//
//===----------------------------------------------------------------------===//
#include "compiler/Import/OnnxImporter.h"
#include "mlir/IR/MLIRContext.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static mlir::MLIRContext *ctx = [] {
    auto *c = new mlir::MLIRContext(mlir::MLIRContext::Threading::DISABLED);
    edgec::registerImportDialects(*c);
    // Diagnostics are expected; keep the fuzzer's output readable.
    c->getDiagEngine().registerHandler([](mlir::Diagnostic &) { return mlir::success(); });
    return c;
  }();
  edgec::ImportOptions opts;
  // Small enough that a hostile shape is refused instead of exhausting RAM.
  opts.maxTensorBytes = 1 << 24;
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  // Every input is tried as both encodings: the text parser and the binary
  // parser are separate attack surfaces.
  (void)edgec::importOnnxBuffer(*ctx, bytes, /*isText=*/false, "fuzz.onnx", "", opts);
  (void)edgec::importOnnxBuffer(*ctx, bytes, /*isText=*/true, "fuzz.onnxtxt", "", opts);
  return 0;
}

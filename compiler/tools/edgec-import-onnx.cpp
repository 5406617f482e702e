//===- edgec-import-onnx.cpp - Print the nn IR of an ONNX model -----------===//
//
// For lit: reads a model (binary or protobuf text; "-" is stdin, text) and
// prints the imported module, or the importer's diagnostics with exit 1.
//
//===----------------------------------------------------------------------===//
#include "compiler/Import/OnnxImporter.h"
#include "compiler/Pipelines/Pipelines.h"
#include "compiler/tools/Diagnostics.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

static cl::opt<std::string> input(cl::Positional, cl::desc("<model.onnx | model.onnxtxt | ->"),
                                  cl::init("-"));
static cl::list<std::string> inputShapes("input-shape", cl::desc("Pin an input shape: name=1x3x96x96"));
static cl::list<std::string> inputValues("bind", cl::desc("Fix an input's value: name=tensor.pb"));

int main(int argc, char **argv) {
  cl::ParseCommandLineOptions(argc, argv, "edgec ONNX importer\n");
  mlir::DialectRegistry registry;
  edgec::registerEdgecDialects(registry);
  mlir::MLIRContext ctx(registry);
  edgec::NodeDiagnosticHandler diags(ctx);
  edgec::ImportOptions opts;
  for (const auto &s : inputValues)
    if (std::string err = edgec::parseInputValue(s, opts); !err.empty()) {
      llvm::errs() << "error: " << err << "\n";
      return 1;
    }
  for (const auto &s : inputShapes)
    if (std::string err = edgec::parseInputShape(s, opts); !err.empty()) {
      errs() << "error: " << err << "\n";
      return 1;
    }
  mlir::OwningOpRef<mlir::ModuleOp> module;
  if (input == "-") {
    auto buf = MemoryBuffer::getSTDIN();
    if (!buf) {
      errs() << "error: cannot read stdin\n";
      return 1;
    }
    module = edgec::importOnnxBuffer(ctx, (*buf)->getBuffer(), /*isText=*/true, "<stdin>", "", opts);
  } else {
    module = edgec::importOnnxFile(ctx, input, opts);
  }
  if (!module)
    return 1;
  mlir::OpPrintingFlags flags;
  flags.elideLargeElementsAttrs(16);
  module->print(outs(), flags);
  outs() << "\n";
  return 0;
}

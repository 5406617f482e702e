//===- Diagnostics.cpp - Diagnostics that name the ONNX node --------------===//
#include "compiler/tools/Diagnostics.h"
#include "dialects/nn/IR/NNOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace edgec {

static void describe(Location loc, std::string &file, std::string &node) {
  node = nn::onnxNodeName(loc).str();
  loc->walk([&](Location l) {
    if (auto f = dyn_cast<FileLineColLoc>(l); f && file.empty())
      file = f.getFilename().str();
    return WalkResult::advance();
  });
}

NodeDiagnosticHandler::NodeDiagnosticHandler(MLIRContext &ctx) : ctx(ctx) {
  id = ctx.getDiagEngine().registerHandler([this](Diagnostic &d) {
    std::string file, node;
    describe(d.getLocation(), file, node);
    auto &os = llvm::errs();
    if (!file.empty())
      os << file << ": ";
    if (!node.empty())
      os << "node '" << node << "': ";
    switch (d.getSeverity()) {
    case DiagnosticSeverity::Error:
      os << "error: ";
      ++errors;
      break;
    case DiagnosticSeverity::Warning:
      os << "warning: ";
      break;
    case DiagnosticSeverity::Note:
      os << "note: ";
      break;
    case DiagnosticSeverity::Remark:
      os << "remark: ";
      break;
    }
    os << d.str() << "\n";
    for (Diagnostic &note : d.getNotes())
      os << "  note: " << note.str() << "\n";
    return success();
  });
}

NodeDiagnosticHandler::~NodeDiagnosticHandler() { ctx.getDiagEngine().eraseHandler(id); }

} // namespace edgec

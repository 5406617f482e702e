//===- ScalarJit.h - JIT-compiled scalar functions for unit tests -*- C++ -*-===//
//
// Unit tests that hold compiler-built arithmetic (rescale, exp) to a
// reference build small scalar functions from the compiler's own builders,
// lower them through the object path's LLVM pipeline and call them here.
//
//===----------------------------------------------------------------------===//
#ifndef EDGEC_TEST_UNIT_SCALARJIT_H
#define EDGEC_TEST_UNIT_SCALARJIT_H

#include "compiler/Pipelines/Pipelines.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "llvm/Support/TargetSelect.h"

#include <memory>
#include <string>

namespace edgec::test {

class ScalarJit {
public:
  ScalarJit() {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    edgec::registerEdgecPasses(); // the pipelines are built from pass names
    mlir::DialectRegistry registry;
    edgec::registerEdgecDialects(registry);
    mlir::registerBuiltinDialectTranslation(registry);
    mlir::registerLLVMDialectTranslation(registry);
    ctx = std::make_unique<mlir::MLIRContext>(registry);
    ctx->loadAllAvailableDialects();
    module = mlir::ModuleOp::create(mlir::UnknownLoc::get(ctx.get()));
  }

  mlir::MLIRContext *context() { return ctx.get(); }

  /// Adds `name(args) -> result` whose body `body` builds from the arguments.
  void add(llvm::StringRef name, mlir::TypeRange args, mlir::Type result,
           llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location, mlir::ValueRange)> body) {
    mlir::OpBuilder b(ctx.get());
    mlir::Location loc = b.getUnknownLoc();
    b.setInsertionPointToEnd(module->getBody());
    auto f = mlir::func::FuncOp::create(b, loc, name, b.getFunctionType(args, {result}));
    mlir::OpBuilder fb(f.addEntryBlock(), f.getBody().front().begin());
    mlir::func::ReturnOp::create(fb, loc, body(fb, loc, f.getArguments()));
  }

  /// Runs `before` (if any), then the LLVM pipeline, and JIT-compiles.
  /// Returns an error message, or "" on success.
  std::string compile(llvm::function_ref<void(mlir::OpPassManager &)> before = nullptr) {
    mlir::PassManager pm(ctx.get());
    if (before)
      before(pm);
    edgec::buildLLVMPipeline(pm);
    if (mlir::failed(pm.run(*module)))
      return "lowering failed";
    auto e = mlir::ExecutionEngine::create(*module);
    if (!e)
      return llvm::toString(e.takeError());
    engine = std::move(*e);
    return "";
  }

  /// Calls a compiled function with the packed convention: a pointer to
  /// each argument, then to the result. Returns an error message or "".
  template <typename R, typename... A> std::string call(llvm::StringRef name, R &result, A... args) {
    void *ptrs[] = {&args..., &result};
    if (llvm::Error err = engine->invokePacked(name, ptrs))
      return llvm::toString(std::move(err));
    return "";
  }

private:
  std::unique_ptr<mlir::MLIRContext> ctx;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  std::unique_ptr<mlir::ExecutionEngine> engine;
};

} // namespace edgec::test

#endif

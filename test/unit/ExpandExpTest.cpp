//===- ExpandExpTest.cpp - edgec-expand-exp against exp in double ---------===//
//
// The expansion replaces libm's expf on every target, so its accuracy is
// checked here: JIT-compiled through the object pipeline, over a sweep of
// the whole useful range plus the special values, against exp in double
// rounded to float.
//
//===----------------------------------------------------------------------===//
#include "compiler/Pipelines/Pipelines.h"
#include "lowering/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "llvm/Support/TargetSelect.h"

#include <gtest/gtest.h>
#include <cmath>
#include <cstring>
#include <limits>

using namespace mlir;

namespace {

int64_t ulpDistance(float a, float b) {
  int32_t ia, ib;
  std::memcpy(&ia, &a, 4);
  std::memcpy(&ib, &b, 4);
  // Map the sign-magnitude order onto integers.
  if (ia < 0) ia = INT32_MIN - ia;
  if (ib < 0) ib = INT32_MIN - ib;
  return std::llabs((int64_t)ia - (int64_t)ib);
}

class ExpandExp : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    edgec::registerEdgecPasses();
    DialectRegistry registry;
    edgec::registerEdgecDialects(registry);
    registerBuiltinDialectTranslation(registry);
    registerLLVMDialectTranslation(registry);
    ctx = new MLIRContext(registry);
    ctx->loadAllAvailableDialects();
    OpBuilder b(ctx);
    Location loc = b.getUnknownLoc();
    module = ModuleOp::create(loc);
    b.setInsertionPointToEnd(module.getBody());
    auto f32 = b.getF32Type();
    auto f = func::FuncOp::create(b, loc, "exp", b.getFunctionType({f32}, {f32}));
    OpBuilder fb(f.addEntryBlock(), f.getBody().front().begin());
    Value e = math::ExpOp::create(fb, loc, f.getArgument(0));
    func::ReturnOp::create(fb, loc, e);
    PassManager pm(ctx);
    pm.addNestedPass<func::FuncOp>(edgec::createExpandExp());
    edgec::buildLLVMPipeline(pm);
    ASSERT_TRUE(succeeded(pm.run(module)));
    auto eng = ExecutionEngine::create(module);
    ASSERT_TRUE(bool(eng)) << llvm::toString(eng.takeError());
    engine = eng->release();
  }
  static void TearDownTestSuite() {
    delete engine;
    module->erase();
    delete ctx;
  }
  static float call(float x) {
    float y = 0;
    void *args[] = {&x, &y};
    llvm::Error err = engine->invokePacked("exp", args);
    EXPECT_FALSE(bool(err)) << llvm::toString(std::move(err));
    return y;
  }
  static MLIRContext *ctx;
  static ModuleOp module;
  static ExecutionEngine *engine;
};
MLIRContext *ExpandExp::ctx;
ModuleOp ExpandExp::module;
ExecutionEngine *ExpandExp::engine;

TEST_F(ExpandExp, WithinTwoUlpOverTheRange) {
  int64_t worst = 0;
  float worstX = 0;
  for (float x = -87.0f; x <= 88.7f; x += 0.000731f) {
    float want = (float)std::exp((double)x);
    int64_t d = ulpDistance(call(x), want);
    if (d > worst)
      worst = d, worstX = x;
  }
  EXPECT_LE(worst, 2) << "at x = " << worstX;
}

TEST_F(ExpandExp, SpecialValues) {
  const float inf = std::numeric_limits<float>::infinity();
  EXPECT_EQ(call(0.0f), 1.0f);
  EXPECT_EQ(call(-0.0f), 1.0f);
  EXPECT_EQ(call(inf), inf);
  EXPECT_EQ(call(-inf), 0.0f);
  EXPECT_EQ(call(89.0f), inf);
  EXPECT_EQ(call(-200.0f), 0.0f);
  EXPECT_TRUE(std::isnan(call(std::numeric_limits<float>::quiet_NaN())));
  // Gradual underflow: exp(-100) is subnormal in float.
  float sub = call(-100.0f);
  EXPECT_GT(sub, 0.0f);
  EXPECT_LE(ulpDistance(sub, (float)std::exp(-100.0)), 2);
  EXPECT_LE(ulpDistance(call(88.5f), (float)std::exp(88.5)), 2);
}

} // namespace

//===- ExpandExpTest.cpp - edgec-expand-exp against exp in double ---------===//
//
// The expansion replaces libm's expf on every target, so its accuracy is
// checked here: JIT-compiled through the object pipeline, over a sweep of
// the whole useful range plus the special values, against exp in double
// rounded to float.
//
//===----------------------------------------------------------------------===//
#include "ScalarJit.h"
#include "lowering/Passes.h"
#include "mlir/Dialect/Math/IR/Math.h"

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
    jit = new edgec::test::ScalarJit();
    Type f32 = Float32Type::get(jit->context());
    jit->add("exp", {f32}, f32, [](OpBuilder &fb, Location l, ValueRange a) -> Value {
      return math::ExpOp::create(fb, l, a[0]);
    });
    ASSERT_EQ(jit->compile([](OpPassManager &pm) {
                pm.addNestedPass<func::FuncOp>(edgec::createExpandExp());
              }),
              "");
  }
  static void TearDownTestSuite() { delete jit; }
  static float call(float x) {
    float y = 0;
    EXPECT_EQ(jit->call("exp", y, x), "");
    return y;
  }
  static edgec::test::ScalarJit *jit;
};
edgec::test::ScalarJit *ExpandExp::jit;

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

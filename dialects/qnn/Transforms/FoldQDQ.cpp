//===- FoldQDQ.cpp - QDQ pairs around float ops into integer qnn ops ------===//
//
// Every fold is written once as `fold<Op>(q, op, rewriter, why)`: with a
// rewriter it rewrites, without one it only checks and, on failure, says
// why in `why`. The patterns call it with the rewriter; the report at the
// end of the pass calls it without, so the reason a pair stays in float is
// exactly the condition that stopped the fold.
//
//===----------------------------------------------------------------------===//
#include "dialects/nn/IR/NNOps.h"
#include "dialects/qnn/Transforms/Passes.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace edgec::qnn {
#define GEN_PASS_DEF_FOLDQDQ
#include "dialects/qnn/Transforms/Passes.h.inc"
} // namespace edgec::qnn

using namespace mlir;
using namespace mlir::quant;
using namespace edgec::qnn;
namespace nn = edgec::nn;

namespace {

RankedTensorType rtt(Value v) { return cast<RankedTensorType>(v.getType()); }

/// The quantized value a float value was dequantized from, if any.
Value dequantized(Value v) {
  if (auto d = v ? v.getDefiningOp<DequantizeOp>() : nullptr)
    return d.getInput();
  return {};
}


LogicalResult fail(std::string &why, const Twine &msg) {
  why = msg.str();
  return failure();
}

/// A per-tensor activation operand: the dequantized value, or failure.
FailureOr<Value> activationOperand(Value floatValue, StringRef what, std::string &why) {
  Value q = dequantized(floatValue);
  if (!q)
    return (void)fail(why, Twine(what) + " does not come from a DequantizeLinear"), failure();
  if (!activationType(q.getType()))
    return (void)fail(why, Twine(what) + " is not quantized per tensor to int8 or int16"), failure();
  return q;
}

/// Quantizes a float like ONNX QuantizeLinear (float32 division, ties to
/// even), without clamping.
int64_t quantizeLike(float value, UniformQuantizedType t) {
  return (int64_t)std::nearbyint(value / (float)t.getScale()) + t.getZeroPoint();
}

/// Clamp bounds for a fused Relu/Clip in the output's quantized domain.
LogicalResult activationClamp(nn::ActivationKind kind, float lo, float hi, UniformQuantizedType out,
                              Builder &b, IntegerAttr &min, IntegerAttr &max, std::string &why) {
  int64_t smin = out.getStorageTypeMin(), smax = out.getStorageTypeMax();
  auto bound = [&](int64_t v) { return b.getI64IntegerAttr(std::clamp(v, smin, smax)); };
  switch (kind) {
  case nn::ActivationKind::None:
    return success();
  case nn::ActivationKind::Relu:
    if (out.getZeroPoint() > smin)
      min = bound(out.getZeroPoint());
    return success();
  case nn::ActivationKind::Clip:
    min = bound(quantizeLike(lo, out));
    max = bound(quantizeLike(hi, out));
    return success();
  case nn::ActivationKind::Sigmoid:
    return fail(why, "a fused Sigmoid has no integer form in a requantization clamp");
  }
  return fail(why, "unknown activation");
}

/// The int8 weight operand, optionally transposed from [K, N] to [N, K] at
/// compile time (MatMul, Gemm without transB), so that it is quantized along
/// dimension 0.
FailureOr<Value> weightOperand(Value floatWeight, bool transpose, PatternRewriter *rw,
                               std::string &why) {
  Value q = dequantized(floatWeight);
  DenseIntElementsAttr values = storageConstant(q);
  if (!q || !values)
    return (void)fail(why, "the weight is not a constant int8 tensor behind a DequantizeLinear"),
           failure();
  auto ty = rtt(q);
  auto elt = dyn_cast<QuantizedType>(ty.getElementType());
  if (!transpose) {
    if (weightScales(ty).empty())
      return (void)fail(why, "the weight is not signed int8 quantized per tensor or per output "
                             "channel"),
             failure();
    return q;
  }
  if (ty.getRank() != 2)
    return (void)fail(why, "the weight is not 2-D"), failure();
  auto perAxis = dyn_cast<UniformQuantizedPerAxisType>(elt);
  if (perAxis && perAxis.getQuantizedDimension() != 1)
    return (void)fail(why, "the [K, N] weight is quantized along K, not per output channel"), failure();
  int64_t k = ty.getDimSize(0), n = ty.getDimSize(1);
  Type newElt = elt;
  if (perAxis)
    newElt = UniformQuantizedPerAxisType::get(
        perAxis.getFlags(), perAxis.getStorageType(), perAxis.getExpressedType(),
        perAxis.getScales(), perAxis.getZeroPoints(), 0, perAxis.getStorageTypeMin(),
        perAxis.getStorageTypeMax());
  auto newTy = RankedTensorType::get({n, k}, newElt);
  if (weightScales(newTy).empty())
    return (void)fail(why, "the weight is not signed int8"), failure();
  if (!rw)
    return Value();
  auto src = llvm::to_vector(values.getValues<int8_t>());
  SmallVector<int8_t> t(src.size());
  for (int64_t i = 0; i < k; ++i)
    for (int64_t j = 0; j < n; ++j)
      t[j * k + i] = src[i * n + j];
  auto storTy = RankedTensorType::get({n, k}, rw->getI8Type());
  Location loc = floatWeight.getLoc();
  Value c = nn::ConstantOp::create(*rw, loc, storTy, DenseElementsAttr::get(storTy, ArrayRef<int8_t>(t)));
  return quant::StorageCastOp::create(*rw, loc, newTy, c).getResult();
}

/// The int32 bias in accumulator units (input_scale * weight_scale[c]): the
/// stored int32 values when the bias is quantized at that scale (what every
/// QDQ quantizer emits), else the bias requantized to it at compile time.
LogicalResult accumulatorBias(Value floatBias, double inputScale, ArrayRef<double> weightScale,
                              int64_t channels, SmallVectorImpl<int32_t> &out, std::string &why) {
  if (!floatBias)
    return success();
  auto bTy = rtt(floatBias);
  if (bTy.getNumElements() != channels || (bTy.getRank() != 1 && bTy.getRank() != 2))
    return fail(why, "the bias is not a vector over the output channels");
  auto accScale = [&](int64_t c) {
    return (double)((float)inputScale * (float)weightScale[weightScale.size() == 1 ? 0 : c]);
  };
  SmallVector<double> real;
  Value q = dequantized(floatBias);
  if (DenseIntElementsAttr values = storageConstant(q)) {
    auto elt = cast<QuantizedType>(rtt(q).getElementType());
    SmallVector<double> scales;
    if (auto u = dyn_cast<UniformQuantizedType>(elt)) {
      if (u.getZeroPoint() != 0)
        return fail(why, "the bias has a nonzero zero point");
      scales.assign(channels, u.getScale());
    } else if (auto a = dyn_cast<UniformQuantizedPerAxisType>(elt)) {
      if (llvm::any_of(a.getZeroPoints(), [](int64_t z) { return z != 0; }))
        return fail(why, "the bias has a nonzero zero point");
      scales.assign(a.getScales().begin(), a.getScales().end());
    } else {
      return fail(why, "the bias is not uniformly quantized");
    }
    int64_t c = 0;
    for (APInt v : values.getValues<APInt>()) {
      double acc = accScale(c);
      int64_t raw = v.getSExtValue();
      // Same scale up to float rounding: keep the stored integers, as ONNX
      // Runtime's QLinearConv does.
      if (std::fabs(scales[c] - acc) <= 1e-6 * acc)
        out.push_back((int32_t)raw);
      else
        real.push_back(raw * scales[c]);
      ++c;
    }
    if (real.empty())
      return success();
    if (!out.empty())
      return fail(why, "the bias mixes channels at and off the accumulator scale");
  } else {
    DenseFPElementsAttr f;
    if (!matchPattern(floatBias, m_Constant(&f)))
      return fail(why, "the bias is neither constant nor a DequantizeLinear of a constant");
    for (APFloat v : f.getValues<APFloat>())
      real.push_back(v.convertToDouble());
  }
  for (int64_t c = 0; c < channels; ++c) {
    double v = std::nearbyint(real[c] / accScale(c));
    if (!(std::fabs(v) < 2147483647.0))
      return fail(why, "the bias does not fit int32 at the accumulator scale");
    out.push_back((int32_t)v);
  }
  return success();
}

Value biasConstant(PatternRewriter &rw, Location loc, ArrayRef<int32_t> bias) {
  if (bias.empty())
    return {};
  auto ty = RankedTensorType::get({(int64_t)bias.size()}, rw.getI32Type());
  return nn::ConstantOp::create(rw, loc, ty, DenseElementsAttr::get(ty, bias));
}

LogicalResult foldConv(QuantizeOp q, nn::ConvOp conv, PatternRewriter *rw, std::string &why) {
  auto out = activationType(q.getType());
  FailureOr<Value> x = activationOperand(conv.getInput(), "the input", why);
  if (failed(x))
    return failure();
  FailureOr<Value> w = weightOperand(conv.getWeight(), false, rw, why);
  if (failed(w))
    return failure();
  SmallVector<double> scales = weightScales(rtt(*w));
  SmallVector<int32_t> bias;
  int64_t channels = rtt(*w).getDimSize(0);
  if (failed(accumulatorBias(conv.getBias(), activationType(rtt(*x)).getScale(), scales, channels,
                             bias, why)))
    return failure();
  Builder b(q.getContext());
  IntegerAttr lo, hi;
  if (failed(activationClamp(conv.getActivation(), conv.getActMin().convertToFloat(),
                             conv.getActMax().convertToFloat(), out, b, lo, hi, why)))
    return failure();
  if (!rw)
    return success();
  Value y = Conv2DOp::create(*rw, conv.getLoc(), q.getType(), *x, *w,
                             biasConstant(*rw, conv.getLoc(), bias), conv.getStridesAttr(),
                             conv.getPadsAttr(), conv.getDilationsAttr(),
                             rw->getI64IntegerAttr(conv.getGroup()), lo, hi);
  rw->replaceOp(q, y);
  return success();
}

LogicalResult foldFullyConnected(QuantizeOp q, Operation *op, Value a, Value w, bool transposeW,
                                 Value bias, nn::ActivationKind act, float actLo, float actHi,
                                 PatternRewriter *rw, std::string &why) {
  auto out = activationType(q.getType());
  if (rtt(a).getRank() != 2)
    return fail(why, "the input is not 2-D");
  FailureOr<Value> x = activationOperand(a, "the input", why);
  if (failed(x))
    return failure();
  int64_t channels = rtt(w).getDimSize(transposeW ? 1 : 0);
  // Check the weight before building anything, then build it.
  if (failed(weightOperand(w, transposeW, nullptr, why)))
    return failure();
  SmallVector<double> scales;
  {
    Value wq = dequantized(w);
    auto elt = rtt(wq).getElementType();
    if (auto u = dyn_cast<UniformQuantizedType>(elt))
      scales = {u.getScale()};
    else
      scales = SmallVector<double>(cast<UniformQuantizedPerAxisType>(elt).getScales());
  }
  SmallVector<int32_t> b32;
  if (failed(accumulatorBias(bias, activationType(rtt(*x)).getScale(), scales, channels, b32, why)))
    return failure();
  Builder b(q.getContext());
  IntegerAttr lo, hi;
  if (failed(activationClamp(act, actLo, actHi, out, b, lo, hi, why)))
    return failure();
  if (!rw)
    return success();
  FailureOr<Value> wq = weightOperand(w, transposeW, rw, why);
  Value y = FullyConnectedOp::create(*rw, op->getLoc(), q.getType(), *x, *wq,
                                     biasConstant(*rw, op->getLoc(), b32), lo, hi);
  rw->replaceOp(q, y);
  return success();
}

LogicalResult foldGemm(QuantizeOp q, nn::GemmOp g, PatternRewriter *rw, std::string &why) {
  if (g.getTransA())
    return fail(why, "transA is set");
  if (g.getAlpha().convertToFloat() != 1.0f || (g.getC() && g.getBeta().convertToFloat() != 1.0f))
    return fail(why, "alpha or beta is not 1");
  return foldFullyConnected(q, g, g.getA(), g.getB(), !g.getTransB(), g.getC(), g.getActivation(),
                            g.getActMin().convertToFloat(), g.getActMax().convertToFloat(), rw, why);
}

LogicalResult foldMatMul(QuantizeOp q, nn::MatMulOp m, PatternRewriter *rw, std::string &why) {
  return foldFullyConnected(q, m, m.getA(), m.getB(), true, m.getBias(), m.getActivation(),
                            m.getActMin().convertToFloat(), m.getActMax().convertToFloat(), rw, why);
}

LogicalResult foldAdd(QuantizeOp q, nn::AddOp add, PatternRewriter *rw, std::string &why) {
  FailureOr<Value> l = activationOperand(add.getLhs(), "the first input", why);
  if (failed(l))
    return failure();
  FailureOr<Value> r = activationOperand(add.getRhs(), "the second input", why);
  if (failed(r))
    return failure();
  if (!rw)
    return success();
  rw->replaceOpWithNewOp<AddOp>(q, q.getType(), *l, *r, IntegerAttr(), IntegerAttr());
  return success();
}

LogicalResult foldPool(QuantizeOp q, Operation *pool, Value input, ArrayRef<int64_t> kernel,
                       ArrayRef<int64_t> strides, PatternRewriter *rw, std::string &why) {
  FailureOr<Value> x = activationOperand(input, "the input", why);
  if (failed(x))
    return failure();
  if (!rw)
    return success();
  rw->replaceOpWithNewOp<AvgPool2DOp>(q, q.getType(), *x, rw->getDenseI64ArrayAttr(kernel),
                                      rw->getDenseI64ArrayAttr(strides));
  return success();
}

LogicalResult foldAvgPool(QuantizeOp q, nn::AvgPoolOp p, PatternRewriter *rw, std::string &why) {
  if (llvm::any_of(p.getPads(), [](int64_t v) { return v != 0; }))
    return fail(why, "padded average pooling divides by a varying count; only unpadded windows "
                     "have an integer kernel");
  auto in = rtt(p.getInput()), out = rtt(p.getOutput());
  for (int i = 0; i < 2; ++i)
    if ((in.getDimSize(2 + i) - p.getKernel()[i]) / p.getStrides()[i] + 1 != out.getDimSize(2 + i))
      return fail(why, "ceil_mode makes partial windows");
  return foldPool(q, p, p.getInput(), p.getKernel(), p.getStrides(), rw, why);
}

LogicalResult foldGlobalAvgPool(QuantizeOp q, nn::GlobalAvgPoolOp p, PatternRewriter *rw,
                                std::string &why) {
  auto in = rtt(p.getInput());
  if (in.getRank() != 4)
    return fail(why, "only 4-D (NCHW) inputs have an integer kernel");
  SmallVector<int64_t> k = {in.getDimSize(2), in.getDimSize(3)};
  return foldPool(q, p, p.getInput(), k, k, rw, why);
}

LogicalResult foldClamp(QuantizeOp q, Operation *op, nn::ActivationKind kind, float lo, float hi,
                        PatternRewriter *rw, std::string &why) {
  FailureOr<Value> x = activationOperand(op->getOperand(0), "the input", why);
  if (failed(x))
    return failure();
  Builder b(q.getContext());
  IntegerAttr min, max;
  if (failed(activationClamp(kind, lo, hi, activationType(q.getType()), b, min, max, why)))
    return failure();
  if (!rw)
    return success();
  rw->replaceOpWithNewOp<RequantizeOp>(q, q.getType(), *x, min, max);
  return success();
}

/// Concat stays in integer: each input is requantized to the output's
/// parameters (nothing to do for inputs that already have them) and the
/// int8 values are concatenated.
LogicalResult foldConcat(QuantizeOp q, nn::ConcatOp c, PatternRewriter *rw, std::string &why) {
  auto out = activationType(q.getType());
  SmallVector<Value> inputs;
  for (auto [k, v] : llvm::enumerate(c.getInputs())) {
    FailureOr<Value> x = activationOperand(v, "input " + std::to_string(k), why);
    if (failed(x))
      return failure();
    inputs.push_back(*x);
  }
  if (!rw)
    return success();
  for (Value &x : inputs)
    if (activationType(x.getType()) != out)
      x = RequantizeOp::create(*rw, c.getLoc(), rtt(x).clone(out), x, IntegerAttr(), IntegerAttr());
  Value y = nn::ConcatOp::create(*rw, c.getLoc(), inputs, c.getAxis());
  rw->replaceOp(q, y);
  return success();
}

LogicalResult foldMul(QuantizeOp q, nn::MulOp mul, PatternRewriter *rw, std::string &why) {
  FailureOr<Value> l = activationOperand(mul.getLhs(), "the first input", why);
  if (failed(l))
    return failure();
  FailureOr<Value> r = activationOperand(mul.getRhs(), "the second input", why);
  if (failed(r))
    return failure();
  for (Value v : {*l, *r, Value(q.getResult())})
    if (activationType(v.getType()).getStorageTypeIntegralWidth() != 8)
      return fail(why, "the integer product is only exact in int32 for 8-bit tensors");
  if (!rw)
    return success();
  rw->replaceOpWithNewOp<MulOp>(q, q.getType(), *l, *r, IntegerAttr(), IntegerAttr());
  return success();
}

/// The real function an elementwise float op computes, if edgec can
/// tabulate it.
std::optional<std::function<double(double)>> realFunction(Operation *op) {
  auto f = [](auto fn) { return std::optional<std::function<double(double)>>(fn); };
  if (isa<nn::SigmoidOp>(op))
    return f([](double x) { return 1.0 / (1.0 + std::exp(-x)); });
  if (isa<nn::TanhOp>(op))
    return f([](double x) { return std::tanh(x); });
  if (isa<nn::ExpOp>(op))
    return f([](double x) { return std::exp(x); });
  if (isa<nn::AbsOp>(op))
    return f([](double x) { return std::fabs(x); });
  if (isa<nn::NegOp>(op))
    return f([](double x) { return -x; });
  if (isa<nn::ErfOp>(op))
    return f([](double x) { return std::erf(x); });
  if (isa<nn::SoftplusOp>(op))
    return f([](double x) { return std::log1p(std::exp(x)); });
  if (isa<nn::SoftsignOp>(op))
    return f([](double x) { return x / (1.0 + std::fabs(x)); });
  if (isa<nn::HardSwishOp>(op))
    return f([](double x) { return x * std::clamp(x / 6.0 + 0.5, 0.0, 1.0); });
  if (auto h = dyn_cast<nn::HardSigmoidOp>(op)) {
    double a = h.getAlpha().convertToFloat(), b = h.getBeta().convertToFloat();
    return f([a, b](double x) { return std::clamp(a * x + b, 0.0, 1.0); });
  }
  if (auto l = dyn_cast<nn::LeakyReluOp>(op)) {
    double a = l.getAlpha().convertToFloat();
    return f([a](double x) { return x < 0 ? a * x : x; });
  }
  if (auto e = dyn_cast<nn::EluOp>(op)) {
    double a = e.getAlpha().convertToFloat();
    return f([a](double x) { return x < 0 ? a * std::expm1(x) : x; });
  }
  if (auto e = dyn_cast<nn::SeluOp>(op)) {
    double a = e.getAlpha().convertToFloat(), g = e.getGamma().convertToFloat();
    return f([a, g](double x) { return g * (x < 0 ? a * std::expm1(x) : x); });
  }
  return std::nullopt;
}

/// An elementwise function of an int8 tensor becomes a 256-entry table:
/// each entry is the function at the dequantized input (float32, as
/// DequantizeLinear computes it), evaluated in double and quantized like
/// QuantizeLinear (float32 division, ties to even, saturation).
LogicalResult foldTable(QuantizeOp q, Operation *op,
                        const std::function<double(double)> &fn, PatternRewriter *rw,
                        std::string &why) {
  FailureOr<Value> x = activationOperand(op->getOperand(0), "the input", why);
  if (failed(x))
    return failure();
  auto in = activationType(x->getType()), out = activationType(q.getType());
  if (in.getStorageTypeIntegralWidth() != 8 || out.getStorageTypeIntegralWidth() != 8)
    return fail(why, "a lookup table needs 8-bit input and output (16-bit would need 65,536 entries)");
  if (!rw)
    return success();
  SmallVector<int8_t> table;
  for (int v = -128; v <= 127; ++v) {
    float real = (float)(v - in.getZeroPoint()) * (float)in.getScale();
    float y = (float)fn((double)real);
    // Saturate in float first: exp can overflow to inf, and converting an
    // out-of-range float to an integer is undefined.
    float scaled = std::nearbyint(y / (float)out.getScale());
    int64_t t = std::isnan(scaled) ? -128
                                   : (int64_t)std::clamp(scaled, -1e6f, 1e6f) + out.getZeroPoint();
    table.push_back((int8_t)std::clamp<int64_t>(t, -128, 127));
  }
  rw->replaceOpWithNewOp<TableOp>(q, q.getType(), *x, rw->getDenseI8ArrayAttr(table));
  return success();
}

/// Dispatches on the float op between the pair. Returns failure with an
/// empty `why` when the producer is not a float op fed by a dequantize
/// (nothing to report).
LogicalResult foldQuantize(QuantizeOp q, PatternRewriter *rw, std::string &why) {
  why.clear();
  Operation *p = q.getInput().getDefiningOp();
  if (!p)
    return failure();
  if (auto d = dyn_cast<DequantizeOp>(p)) {
    if (d.getInput().getType() == q.getType()) {
      if (rw)
        rw->replaceOp(q, d.getInput());
      return success();
    }
    if (!activationType(d.getInput().getType()))
      return fail(why, "the dequantized tensor is not quantized per tensor");
    if (rw)
      rw->replaceOpWithNewOp<RequantizeOp>(q, q.getType(), d.getInput(), IntegerAttr(), IntegerAttr());
    return success();
  }
  if (!llvm::any_of(p->getOperands(), [](Value v) { return (bool)dequantized(v); }))
    return failure();
  if (!p->hasOneUse())
    return fail(why, "its float result has other users besides the QuantizeLinear");
  if (auto c = dyn_cast<nn::ConvOp>(p))
    return foldConv(q, c, rw, why);
  if (auto g = dyn_cast<nn::GemmOp>(p))
    return foldGemm(q, g, rw, why);
  if (auto m = dyn_cast<nn::MatMulOp>(p))
    return foldMatMul(q, m, rw, why);
  if (auto a = dyn_cast<nn::AddOp>(p))
    return foldAdd(q, a, rw, why);
  if (auto a = dyn_cast<nn::AvgPoolOp>(p))
    return foldAvgPool(q, a, rw, why);
  if (auto cc = dyn_cast<nn::ConcatOp>(p))
    return foldConcat(q, cc, rw, why);
  if (auto a = dyn_cast<nn::GlobalAvgPoolOp>(p))
    return foldGlobalAvgPool(q, a, rw, why);
  if (isa<nn::ReluOp>(p))
    return foldClamp(q, p, nn::ActivationKind::Relu, 0, 0, rw, why);
  if (auto c = dyn_cast<nn::ClipOp>(p))
    return foldClamp(q, p, nn::ActivationKind::Clip, c.getMin().convertToFloat(),
                     c.getMax().convertToFloat(), rw, why);
  if (auto m = dyn_cast<nn::MulOp>(p))
    return foldMul(q, m, rw, why);
  if (p->getNumOperands() == 1 && p->getNumResults() == 1)
    if (auto fn = realFunction(p))
      return foldTable(q, p, *fn, rw, why);
  return fail(why, "edgec has no integer kernel for it");
}

/// quantize(constant) is computed at compile time, with the run-time
/// rounding (float32 division, clamp with NaN to the lower bound, ties to
/// even): a weight a quantizer left in float and quantizes at run time
/// (ONNX Runtime does this for a reshaped weight) becomes an int8 constant
/// the folds can use.
struct QuantizeConstant : OpRewritePattern<QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(QuantizeOp q, PatternRewriter &rewriter) const override {
    DenseFPElementsAttr c;
    if (!matchPattern(q.getInput(), m_Constant(&c)))
      return failure();
    auto t = activationType(q.getType());
    float scale = (float)t.getScale();
    float lo = (float)(t.getStorageTypeMin() - t.getZeroPoint());
    float hi = (float)(t.getStorageTypeMax() - t.getZeroPoint());
    unsigned bits = t.getStorageTypeIntegralWidth();
    SmallVector<APInt> v;
    for (APFloat f : c.getValues<APFloat>()) {
      float x = f.convertToFloat() / scale;
      x = x >= lo ? x : lo;
      x = x > hi ? hi : x;
      v.push_back(APInt(bits, (int64_t)std::nearbyint(x) + t.getZeroPoint(), /*isSigned=*/true));
    }
    auto storTy = q.getType().clone(t.getStorageType());
    Value k = nn::ConstantOp::create(rewriter, q.getLoc(), storTy, DenseElementsAttr::get(storTy, v));
    rewriter.replaceOpWithNewOp<quant::StorageCastOp>(q, q.getType(), k);
    return success();
  }
};

struct FoldQuantize : OpRewritePattern<QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(QuantizeOp q, PatternRewriter &rewriter) const override {
    std::string why;
    // Check first: a failing fold must not leave half-built IR behind.
    if (failed(foldQuantize(q, nullptr, why)))
      return rewriter.notifyMatchFailure(q, why);
    return foldQuantize(q, &rewriter, why);
  }
};

/// reshape/transpose/max_pool(dequantize(x)) -> dequantize(same op on x) for
/// per-tensor x: moving int8 values keeps their scale and zero point, and a
/// maximum commutes with the increasing map q -> (q - zp) * scale.
template <typename OpT> struct SinkDequantize : OpRewritePattern<OpT> {
  using OpRewritePattern<OpT>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpT op, PatternRewriter &rewriter) const override {
    auto d = op.getInput().template getDefiningOp<DequantizeOp>();
    if (!d || !isa<UniformQuantizedType>(d.getInput().getType().getElementType()))
      return failure();
    auto outTy = cast<RankedTensorType>(op.getType());
    auto qTy = outTy.clone(d.getInput().getType().getElementType());
    // A reshaped constant (a weight laid out by a Reshape) stays a constant,
    // so the folds that need constant weights still see one.
    if (DenseIntElementsAttr c = storageConstant(d.getInput());
        c && isa<nn::ReshapeOp>(op.getOperation()) && outTy.hasStaticShape()) {
      auto storTy = outTy.clone(c.getElementType());
      Value nc = nn::ConstantOp::create(rewriter, op.getLoc(), storTy, c.reshape(storTy));
      Value sc = quant::StorageCastOp::create(rewriter, op.getLoc(), qTy, nc);
      rewriter.replaceOpWithNewOp<DequantizeOp>(op, outTy, sc);
      return success();
    }
    IRMapping map;
    map.map(op.getInput(), d.getInput());
    Operation *moved = rewriter.clone(*op, map);
    moved->getResult(0).setType(qTy);
    rewriter.replaceOpWithNewOp<DequantizeOp>(op, outTy, moved->getResult(0));
    return success();
  }
};

struct FoldQDQPass : edgec::qnn::impl::FoldQDQBase<FoldQDQPass> {
  using FoldQDQBase::FoldQDQBase;
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    patterns.add<QuantizeConstant, FoldQuantize, SinkDequantize<nn::ReshapeOp>, SinkDequantize<nn::TransposeOp>,
                 SinkDequantize<nn::MaxPoolOp>>(ctx);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    if (!report)
      return;
    getOperation().walk([&](QuantizeOp q) {
      std::string why;
      if (succeeded(foldQuantize(q, nullptr, why)) || why.empty())
        return;
      Operation *p = q.getInput().getDefiningOp();
      p->emitWarning() << "'" << p->getName() << "' stays in float between DequantizeLinear and "
                       << "QuantizeLinear: " << why;
    });
  }
};

} // namespace

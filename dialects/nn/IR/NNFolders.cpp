//===- NNFolders.cpp - Folders of nn ops ----------------------------------===//
//
// Folding is what makes shape subgraphs (Shape -> Gather -> Unsqueeze ->
// Concat -> Reshape) disappear: each op folds when its operands are
// constant, and the greedy driver materializes nn.constant for the results.
//
//===----------------------------------------------------------------------===//
#include "dialects/nn/IR/NNOps.h"
#include "mlir/Dialect/Traits.h"
#include "mlir/IR/Matchers.h"
#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace edgec::nn;

/// Folding materializes every element as an Attribute; beyond this size a
/// fold would cost more compile time than it saves.
static constexpr int64_t kMaxFoldElements = 1 << 20;

static SmallVector<int64_t> stridesOf(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t i = (int64_t)shape.size() - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

static DenseElementsAttr foldable(Attribute a) {
  auto d = dyn_cast_or_null<DenseElementsAttr>(a);
  if (!d || d.getNumElements() > kMaxFoldElements)
    return {};
  return d;
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

OpFoldResult IdentityOp::fold(FoldAdaptor) { return getInput(); }

OpFoldResult ShapeOp::fold(FoldAdaptor) {
  auto in = getInput().getType();
  if (!in.hasStaticShape())
    return {};
  return DenseIntElementsAttr::get(getType(), in.getShape());
}

OpFoldResult GatherOp::fold(FoldAdaptor a) {
  auto data = foldable(a.getInput());
  auto idx = dyn_cast_or_null<DenseIntElementsAttr>(a.getIndices());
  if (!data || !idx || !getType().hasStaticShape())
    return {};
  ArrayRef<int64_t> inShape = getInput().getType().getShape();
  int64_t axis = getAxis(), axisDim = inShape[axis];
  int64_t outer = 1, inner = 1;
  for (int64_t i = 0; i < axis; ++i)
    outer *= inShape[i];
  for (int64_t i = axis + 1; i < (int64_t)inShape.size(); ++i)
    inner *= inShape[i];
  auto values = llvm::to_vector(data.getValues<Attribute>());
  SmallVector<Attribute> out;
  for (int64_t o = 0; o < outer; ++o)
    for (const APInt &iv : idx.getValues<APInt>()) {
      int64_t i = iv.getSExtValue();
      if (i < 0)
        i += axisDim;
      if (i < 0 || i >= axisDim)
        return {}; // Out of range: left for the verifier of the importer.
      for (int64_t n = 0; n < inner; ++n)
        out.push_back(values[(o * axisDim + i) * inner + n]);
    }
  return DenseElementsAttr::get(getType(), out);
}

OpFoldResult ReshapeOp::fold(FoldAdaptor a) {
  if (getInput().getType() == getType() && getType().hasStaticShape())
    return getInput();
  auto data = dyn_cast_or_null<DenseElementsAttr>(a.getInput());
  if (data && getType().hasStaticShape() && data.getNumElements() == getType().getNumElements())
    return data.reshape(getType());
  return {};
}

OpFoldResult ConcatOp::fold(FoldAdaptor a) {
  if (getInputs().size() == 1 && getInputs()[0].getType() == getType())
    return getInputs()[0];
  if (!getType().hasStaticShape())
    return {};
  SmallVector<SmallVector<Attribute>> parts;
  for (Attribute attr : a.getInputs()) {
    auto d = foldable(attr);
    if (!d)
      return {};
    parts.push_back(llvm::to_vector(d.getValues<Attribute>()));
  }
  int64_t axis = getAxis();
  ArrayRef<int64_t> outShape = getType().getShape();
  int64_t outer = 1;
  for (int64_t i = 0; i < axis; ++i)
    outer *= outShape[i];
  SmallVector<Attribute> out;
  for (int64_t o = 0; o < outer; ++o)
    for (auto [v, part] : llvm::zip(getInputs(), parts)) {
      int64_t chunk = part.size() / std::max<int64_t>(outer, 1);
      out.append(part.begin() + o * chunk, part.begin() + (o + 1) * chunk);
    }
  return DenseElementsAttr::get(getType(), out);
}

OpFoldResult TransposeOp::fold(FoldAdaptor a) {
  if (llvm::equal(getPerm(), llvm::seq<int64_t>(0, getPerm().size())) &&
      getInput().getType() == getType())
    return getInput();
  auto data = foldable(a.getInput());
  if (!data || !getType().hasStaticShape() || data.getNumElements() != getType().getNumElements())
    return {};
  ArrayRef<int64_t> inShape = getInput().getType().getShape();
  SmallVector<int64_t> inStrides = stridesOf(inShape);
  ArrayRef<int64_t> outShape = getType().getShape();
  auto values = llvm::to_vector(data.getValues<Attribute>());
  SmallVector<Attribute> out;
  out.reserve(values.size());
  SmallVector<int64_t> idx(outShape.size(), 0);
  for (int64_t n = 0, e = values.size(); n < e; ++n) {
    int64_t src = 0;
    for (size_t d = 0; d < idx.size(); ++d)
      src += idx[d] * inStrides[getPerm()[d]];
    out.push_back(values[src]);
    for (int64_t d = idx.size() - 1; d >= 0; --d) {
      if (++idx[d] < outShape[d])
        break;
      idx[d] = 0;
    }
  }
  return DenseElementsAttr::get(getType(), out);
}

OpFoldResult SliceOp::fold(FoldAdaptor a) {
  if (getInput().getType() == getType() && llvm::all_of(getStarts(), [](int64_t s) { return s == 0; }) &&
      llvm::all_of(getSteps(), [](int64_t s) { return s == 1; }))
    return getInput();
  auto data = foldable(a.getInput());
  if (!data || !getType().hasStaticShape())
    return {};
  SmallVector<int64_t> inStrides = stridesOf(getInput().getType().getShape());
  ArrayRef<int64_t> outShape = getType().getShape();
  auto values = llvm::to_vector(data.getValues<Attribute>());
  SmallVector<Attribute> out;
  SmallVector<int64_t> idx(outShape.size(), 0);
  for (int64_t n = 0, e = getType().getNumElements(); n < e; ++n) {
    int64_t src = 0;
    for (size_t d = 0; d < idx.size(); ++d)
      src += (getStarts()[d] + idx[d] * getSteps()[d]) * inStrides[d];
    out.push_back(values[src]);
    for (int64_t d = idx.size() - 1; d >= 0; --d) {
      if (++idx[d] < outShape[d])
        break;
      idx[d] = 0;
    }
  }
  return DenseElementsAttr::get(getType(), out);
}

OpFoldResult PadOp::fold(FoldAdaptor) {
  if (llvm::all_of(getPads(), [](int64_t p) { return p == 0; }) &&
      getInput().getType() == getType())
    return getInput();
  return {};
}

/// Evaluates a broadcasting binary op on constants (f32 and integer).
template <typename FloatFn, typename IntFn>
static OpFoldResult foldBinary(Operation *op, Attribute lhs, Attribute rhs,
                               FloatFn ff, IntFn fi) {
  auto l = foldable(lhs), r = foldable(rhs);
  auto resTy = cast<RankedTensorType>(op->getResult(0).getType());
  if (!l || !r || !resTy.hasStaticShape())
    return {};
  ArrayRef<int64_t> outShape = resTy.getShape();
  auto bstrides = [&](ShapedType t) {
    // Strides of an operand seen through broadcasting (0 on broadcast dims).
    SmallVector<int64_t> s = stridesOf(t.getShape());
    SmallVector<int64_t> out(outShape.size(), 0);
    int64_t off = outShape.size() - t.getRank();
    for (int64_t d = 0; d < t.getRank(); ++d)
      out[off + d] = t.getDimSize(d) == 1 ? 0 : s[d];
    return out;
  };
  SmallVector<int64_t> ls = bstrides(l.getType()), rs = bstrides(r.getType());
  bool isFloat = isa<FloatType>(resTy.getElementType());
  // Float results fold in float32 only (float64 would round).
  if (isFloat && !resTy.getElementType().isF32())
    return {};
  // Integer results fold as signless int64 (unsigned ones would need
  // unsigned arithmetic).
  if (!isFloat && !resTy.getElementType().isSignlessInteger(64))
    return {};
  SmallVector<float> lf, rf;
  SmallVector<int64_t> li, ri;
  if (isFloat) {
    lf = llvm::to_vector(l.getValues<float>());
    rf = llvm::to_vector(r.getValues<float>());
  } else {
    li = llvm::to_vector(l.getValues<int64_t>());
    ri = llvm::to_vector(r.getValues<int64_t>());
  }
  SmallVector<float> of;
  SmallVector<int64_t> oi;
  SmallVector<int64_t> idx(outShape.size(), 0);
  for (int64_t n = 0, e = resTy.getNumElements(); n < e; ++n) {
    int64_t a = 0, b = 0;
    for (size_t d = 0; d < idx.size(); ++d) {
      a += idx[d] * ls[d];
      b += idx[d] * rs[d];
    }
    if (isFloat) {
      of.push_back(ff(lf[a], rf[b]));
    } else {
      std::optional<int64_t> v = fi(li[a], ri[b]);
      if (!v)
        return {};
      oi.push_back(*v);
    }
    for (int64_t d = idx.size() - 1; d >= 0; --d) {
      if (++idx[d] < outShape[d])
        break;
      idx[d] = 0;
    }
  }
  if (isFloat)
    return DenseElementsAttr::get(resTy, ArrayRef<float>(of));
  return DenseElementsAttr::get(resTy, ArrayRef<int64_t>(oi));
}

OpFoldResult AddOp::fold(FoldAdaptor a) {
  return foldBinary(*this, a.getLhs(), a.getRhs(),
                    [](float x, float y) { return x + y; },
                    [](int64_t x, int64_t y) -> std::optional<int64_t> { return x + y; });
}
OpFoldResult SubOp::fold(FoldAdaptor a) {
  return foldBinary(*this, a.getLhs(), a.getRhs(),
                    [](float x, float y) { return x - y; },
                    [](int64_t x, int64_t y) -> std::optional<int64_t> { return x - y; });
}
OpFoldResult MulOp::fold(FoldAdaptor a) {
  return foldBinary(*this, a.getLhs(), a.getRhs(),
                    [](float x, float y) { return x * y; },
                    [](int64_t x, int64_t y) -> std::optional<int64_t> { return x * y; });
}
OpFoldResult DivOp::fold(FoldAdaptor a) {
  return foldBinary(*this, a.getLhs(), a.getRhs(),
                    [](float x, float y) { return x / y; },
                    [](int64_t x, int64_t y) -> std::optional<int64_t> {
                      // ONNX integer Div truncates; division by zero is not folded.
                      if (y == 0)
                        return std::nullopt;
                      return x / y;
                    });
}

OpFoldResult PowOp::fold(FoldAdaptor a) {
  return foldBinary(*this, a.getLhs(), a.getRhs(), [](float x, float y) { return std::pow(x, y); },
                    [](int64_t, int64_t) -> std::optional<int64_t> { return std::nullopt; });
}
OpFoldResult MaxOp::fold(FoldAdaptor a) {
  return foldBinary(*this, a.getLhs(), a.getRhs(), [](float x, float y) { return std::isnan(x) || std::isnan(y) ? NAN : std::max(x, y); },
                    [](int64_t x, int64_t y) -> std::optional<int64_t> { return std::max(x, y); });
}
OpFoldResult MinOp::fold(FoldAdaptor a) {
  return foldBinary(*this, a.getLhs(), a.getRhs(), [](float x, float y) { return std::isnan(x) || std::isnan(y) ? NAN : std::min(x, y); },
                    [](int64_t x, int64_t y) -> std::optional<int64_t> { return std::min(x, y); });
}

/// One element converted as ONNX Cast does, through a wide intermediate:
/// integers as int64 (unsigned sources zero-extended), floats as double.
static Attribute castElement(Type from, Type to, Attribute v, bool saturate) {
  bool fromFloat = isa<FloatType>(from);
  double d = 0;
  int64_t i = 0;
  if (fromFloat) {
    d = cast<FloatAttr>(v).getValueAsDouble();
  } else {
    APInt a = cast<IntegerAttr>(v).getValue();
    i = from.isUnsignedInteger() || from.isInteger(1) ? (int64_t)a.getZExtValue() : a.getSExtValue();
    d = (double)i;
  }
  // To float32 through float (one rounding); to float64 and float16 from
  // the double directly.
  if (auto ft = dyn_cast<FloatType>(to)) {
    if (ft.getWidth() < 16 || ft.isBF16()) {
      const llvm::fltSemantics &sem = ft.getFloatSemantics();
      if (std::isnan(d) && !APFloat::semanticsHasNaN(sem))
        return {}; // float4: left to the lowering, which follows the reference
      double largest = APFloat::getLargest(sem).convertToDouble();
      if (saturate && !std::isnan(d))
        d = std::clamp(d, -largest, largest);
      // Rounds once, to nearest even, from the double (exact for float32 and
      // int32 sources); overflow gives infinity or NaN as the type has.
      APFloat x(d);
      bool lost;
      x.convert(sem, APFloat::rmNearestTiesToEven, &lost);
      return FloatAttr::get(ft, x);
    }
    return FloatAttr::get(ft, ft.isF32() ? (fromFloat ? (double)(float)d : (double)(float)i) : d);
  }
  unsigned bits = to.getIntOrFloatBitWidth();
  if (bits == 1)
    return IntegerAttr::get(to, APInt(1, fromFloat ? d != 0 : i != 0));
  if (fromFloat) {
    if (std::isnan(d) || std::fabs(d) >= 9.2e18)
      return {}; // undefined: leave it to run time (and to the reference)
    i = (int64_t)std::trunc(d);
  }
  return IntegerAttr::get(to, APInt(64, (uint64_t)i, /*isSigned=*/true).trunc(bits));
}

OpFoldResult CastOp::fold(FoldAdaptor a) {
  // Storage casts reinterpret bits (an int8 byte to int4 wraps); they are
  // lowered, never folded.
  if (getFromStorage() || getToStorage())
    return {};
  if (getInput().getType() == getType())
    return getInput();
  auto in = foldable(a.getInput());
  if (!in)
    return {};
  Type from = in.getElementType(), to = getType().getElementType();
  SmallVector<Attribute> out;
  out.reserve(in.getNumElements());
  for (Attribute v : in.getValues<Attribute>()) {
    Attribute c = castElement(from, to, v, getSaturate());
    if (!c)
      return {};
    out.push_back(c);
  }
  return DenseElementsAttr::get(getType(), out);
}

OpFoldResult ExpandOp::fold(FoldAdaptor a) {
  if (getInput().getType() == getType())
    return getInput();
  auto in = foldable(a.getInput());
  if (!in || getType().getNumElements() > kMaxFoldElements)
    return {};
  if (in.isSplat())
    return DenseElementsAttr::get(getType(), in.getSplatValue<Attribute>());
  ArrayRef<int64_t> outShape = getType().getShape();
  auto inTy = cast<RankedTensorType>(in.getType());
  SmallVector<int64_t> s = stridesOf(inTy.getShape()), st(outShape.size(), 0);
  int64_t off = outShape.size() - inTy.getRank();
  for (int64_t d = 0; d < inTy.getRank(); ++d)
    st[off + d] = inTy.getDimSize(d) == 1 ? 0 : s[d];
  auto values = llvm::to_vector(in.getValues<Attribute>());
  SmallVector<Attribute> out;
  SmallVector<int64_t> idx(outShape.size(), 0);
  for (int64_t n = 0, e = getType().getNumElements(); n < e; ++n) {
    int64_t at = 0;
    for (size_t d = 0; d < idx.size(); ++d)
      at += idx[d] * st[d];
    out.push_back(values[at]);
    for (int64_t d = idx.size() - 1; d >= 0; --d) {
      if (++idx[d] < outShape[d])
        break;
      idx[d] = 0;
    }
  }
  return DenseElementsAttr::get(getType(), out);
}

OpFoldResult ModOp::fold(FoldAdaptor a) {
  bool fmod = getFmod();
  return foldBinary(*this, a.getLhs(), a.getRhs(),
                    [&](float x, float y) { return fmod ? std::fmod(x, y) : NAN; },
                    [&](int64_t x, int64_t y) -> std::optional<int64_t> {
                      if (y == 0)
                        return std::nullopt;
                      int64_t r = x % y;
                      if (!fmod && r != 0 && (r < 0) != (y < 0))
                        r += y;
                      return r;
                    });
}

/// Evaluates an elementwise op on a float or integer constant.
template <typename FloatFn, typename IntFn>
static OpFoldResult foldUnary(Operation *op, Attribute input, FloatFn ff, IntFn fi) {
  auto in = foldable(input);
  auto ty = cast<RankedTensorType>(op->getResult(0).getType());
  if (!in || (isa<FloatType>(ty.getElementType()) && !ty.getElementType().isF32()))
    return {};
  if (isa<FloatType>(ty.getElementType())) {
    SmallVector<APFloat> out;
    for (APFloat v : in.getValues<APFloat>())
      out.push_back(APFloat(ff(v.convertToFloat())));
    return DenseElementsAttr::get(ty, out);
  }
  SmallVector<APInt> out;
  unsigned bits = ty.getElementTypeBitWidth();
  for (APInt v : in.getValues<APInt>())
    out.push_back(APInt(bits, (uint64_t)fi(v.getSExtValue()), /*isSigned=*/true));
  return DenseElementsAttr::get(ty, out);
}

OpFoldResult NegOp::fold(FoldAdaptor a) {
  return foldUnary(*this, a.getInput(), [](float x) { return -x; },
                   [](int64_t x) { return (int64_t)(0 - (uint64_t)x); });
}
OpFoldResult AbsOp::fold(FoldAdaptor a) {
  return foldUnary(*this, a.getInput(), [](float x) { return std::fabs(x); },
                   [](int64_t x) { return x < 0 ? (int64_t)(0 - (uint64_t)x) : x; });
}
OpFoldResult SignOp::fold(FoldAdaptor a) {
  return foldUnary(*this, a.getInput(),
                   [](float x) { return x > 0 ? 1.0f : x < 0 ? -1.0f : x * 0.0f; },
                   [](int64_t x) -> int64_t { return x > 0 ? 1 : x < 0 ? -1 : 0; });
}

/// Calls `fn(flat output index, flat operand indices...)` over a broadcast
/// of `operands` (each one's strides 0 on its broadcast dimensions) to the
/// static `outShape`.
static void forEachBroadcast(ArrayRef<int64_t> outShape, ArrayRef<ShapedType> operands,
                             function_ref<void(int64_t, ArrayRef<int64_t>)> fn) {
  SmallVector<SmallVector<int64_t>> strides;
  for (ShapedType t : operands) {
    SmallVector<int64_t> s = stridesOf(t.getShape()), out(outShape.size(), 0);
    int64_t off = outShape.size() - t.getRank();
    for (int64_t d = 0; d < t.getRank(); ++d)
      out[off + d] = t.getDimSize(d) == 1 ? 0 : s[d];
    strides.push_back(out);
  }
  int64_t total = 1;
  for (int64_t d : outShape)
    total *= d;
  SmallVector<int64_t> idx(outShape.size(), 0), at(operands.size());
  for (int64_t n = 0; n < total; ++n) {
    for (size_t o = 0; o < operands.size(); ++o) {
      at[o] = 0;
      for (size_t d = 0; d < idx.size(); ++d)
        at[o] += idx[d] * strides[o][d];
    }
    fn(n, at);
    for (int64_t d = idx.size() - 1; d >= 0; --d) {
      if (++idx[d] < outShape[d])
        break;
      idx[d] = 0;
    }
  }
}

/// A constant's elements as doubles (integers sign-extended, booleans 0/1)
/// for comparisons; int64 beyond 2^53 is left unfolded.
static std::optional<SmallVector<double>> asDoubles(DenseElementsAttr d) {
  SmallVector<double> out;
  Type t = d.getElementType();
  if (isa<FloatType>(t)) {
    for (APFloat v : d.getValues<APFloat>())
      out.push_back(v.convertToDouble());
    return out;
  }
  if (!t.isSignlessInteger())
    return std::nullopt;
  for (APInt v : d.getValues<APInt>()) {
    int64_t i = t.isInteger(1) ? (int64_t)v.getZExtValue() : v.getSExtValue();
    if (i > (int64_t(1) << 53) || i < -(int64_t(1) << 53))
      return std::nullopt;
    out.push_back((double)i);
  }
  return out;
}

/// Folds a comparison or logical op of two constants to a boolean tensor.
template <typename Fn>
static OpFoldResult foldCompare(Operation *op, Attribute lhs, Attribute rhs, Fn fn) {
  auto l = foldable(lhs), r = foldable(rhs);
  auto resTy = cast<RankedTensorType>(op->getResult(0).getType());
  if (!l || !r || !resTy.hasStaticShape())
    return {};
  auto lv = asDoubles(l), rv = asDoubles(r);
  if (!lv || !rv)
    return {};
  SmallVector<bool> out(resTy.getNumElements());
  forEachBroadcast(resTy.getShape(), {l.getType(), r.getType()},
                   [&](int64_t n, ArrayRef<int64_t> at) { out[n] = fn((*lv)[at[0]], (*rv)[at[1]]); });
  return DenseElementsAttr::get(resTy, ArrayRef<bool>(out));
}

OpFoldResult EqualOp::fold(FoldAdaptor a) {
  return foldCompare(*this, a.getLhs(), a.getRhs(), [](double x, double y) { return x == y; });
}
OpFoldResult GreaterOp::fold(FoldAdaptor a) {
  return foldCompare(*this, a.getLhs(), a.getRhs(), [](double x, double y) { return x > y; });
}
OpFoldResult GreaterOrEqualOp::fold(FoldAdaptor a) {
  return foldCompare(*this, a.getLhs(), a.getRhs(), [](double x, double y) { return x >= y; });
}
OpFoldResult LessOp::fold(FoldAdaptor a) {
  return foldCompare(*this, a.getLhs(), a.getRhs(), [](double x, double y) { return x < y; });
}
OpFoldResult LessOrEqualOp::fold(FoldAdaptor a) {
  return foldCompare(*this, a.getLhs(), a.getRhs(), [](double x, double y) { return x <= y; });
}
OpFoldResult AndOp::fold(FoldAdaptor a) {
  return foldCompare(*this, a.getLhs(), a.getRhs(), [](double x, double y) { return x != 0 && y != 0; });
}
OpFoldResult OrOp::fold(FoldAdaptor a) {
  return foldCompare(*this, a.getLhs(), a.getRhs(), [](double x, double y) { return x != 0 || y != 0; });
}
OpFoldResult XorOp::fold(FoldAdaptor a) {
  return foldCompare(*this, a.getLhs(), a.getRhs(), [](double x, double y) { return (x != 0) != (y != 0); });
}

OpFoldResult NotOp::fold(FoldAdaptor a) {
  auto in = foldable(a.getInput());
  if (!in)
    return {};
  SmallVector<bool> out;
  for (bool v : in.getValues<bool>())
    out.push_back(!v);
  return DenseElementsAttr::get(getType(), ArrayRef<bool>(out));
}

/// Where with a constant condition: the chosen operand when the condition
/// is uniform and that operand already has the result type, else
/// elementwise when all three operands are constant.
OpFoldResult WhereOp::fold(FoldAdaptor a) {
  auto c = foldable(a.getCondition());
  auto resTy = getType();
  if (!c || !resTy.hasStaticShape())
    return {};
  if (c.isSplat()) {
    Value pick = c.getSplatValue<bool>() ? getLhs() : getRhs();
    if (pick.getType() == resTy)
      return pick;
  }
  auto l = foldable(a.getLhs()), r = foldable(a.getRhs());
  if (!l || !r)
    return {};
  SmallVector<Attribute> lv(l.getValues<Attribute>()), rv(r.getValues<Attribute>()), out(resTy.getNumElements());
  SmallVector<bool> cv(c.getValues<bool>());
  forEachBroadcast(resTy.getShape(), {c.getType(), l.getType(), r.getType()},
                   [&](int64_t n, ArrayRef<int64_t> at) { out[n] = cv[at[0]] ? lv[at[1]] : rv[at[2]]; });
  return DenseElementsAttr::get(resTy, out);
}

OpFoldResult BitwiseAndOp::fold(FoldAdaptor a) {
  return foldBinary(*this, a.getLhs(), a.getRhs(), [](float, float) { return NAN; },
                    [](int64_t x, int64_t y) -> std::optional<int64_t> { return x & y; });
}
OpFoldResult BitwiseOrOp::fold(FoldAdaptor a) {
  return foldBinary(*this, a.getLhs(), a.getRhs(), [](float, float) { return NAN; },
                    [](int64_t x, int64_t y) -> std::optional<int64_t> { return x | y; });
}
OpFoldResult BitwiseXorOp::fold(FoldAdaptor a) {
  return foldBinary(*this, a.getLhs(), a.getRhs(), [](float, float) { return NAN; },
                    [](int64_t x, int64_t y) -> std::optional<int64_t> { return x ^ y; });
}
OpFoldResult BitwiseNotOp::fold(FoldAdaptor a) {
  return foldUnary(*this, a.getInput(), [](float) { return NAN; }, [](int64_t x) { return ~x; });
}
OpFoldResult BitShiftOp::fold(FoldAdaptor a) {
  bool right = getRight();
  return foldBinary(*this, a.getLhs(), a.getRhs(), [](float, float) { return NAN; },
                    [&](int64_t x, int64_t y) -> std::optional<int64_t> {
                      if ((uint64_t)y >= 64)
                        return 0;
                      return right ? (int64_t)((uint64_t)x >> y) : (int64_t)((uint64_t)x << y);
                    });
}

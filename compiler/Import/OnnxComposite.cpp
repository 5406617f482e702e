//===- OnnxComposite.cpp - ONNX operators composed from nn ops ------------===//
//
// Operators without an nn op of their own, built from nn ops by their ONNX
// definition (most are ONNX functions, and the expanded node tests check
// the same graphs): activations, normalizations, losses and Attention.
// Folding and fusion then treat them like any other nn graph.
//
//===----------------------------------------------------------------------===//
#include "compiler/Import/OnnxOpsUtil.h"
#include "mlir/Dialect/Traits.h"
#include "llvm/ADT/StringExtras.h"

#include <cctype>
#include <cmath>
#include <map>

using namespace mlir;
using namespace edgec::nn;

namespace edgec::onnx_import::ops {

/// IsNaN: x != x. IsInf: x == +inf and/or x == -inf, as selected.
LogicalResult isNaN(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)) || failed(requireF32(c, {0})))
    return failure();
  r.push_back(NotOp::create(c.b, c.loc, EqualOp::create(c.b, c.loc, c.input(0), c.input(0))));
  return success();
}

LogicalResult isInf(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)) || failed(requireF32(c, {0})))
    return failure();
  Compose k{c};
  float inf = std::numeric_limits<float>::infinity();
  bool pos = c.getInt("detect_positive", 1) != 0, neg = c.getInt("detect_negative", 1) != 0;
  Value x = c.input(0);
  Value p = k.equal(x, k.f(inf)), n = k.equal(x, k.f(-inf));
  if (pos && neg)
    r.push_back(OrOp::create(c.b, c.loc, p, n));
  else if (pos || neg)
    r.push_back(pos ? p : n);
  else // Neither: all false (x == x and x != x).
    r.push_back(AndOp::create(c.b, c.loc, k.equal(x, x), NotOp::create(c.b, c.loc, k.equal(x, x))));
  return success();
}

/// ThresholdedRelu: x where x > alpha, else 0.
LogicalResult thresholdedRelu(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)) || failed(requireF32(c, {0})))
    return failure();
  Compose k{c};
  Value x = c.input(0);
  r.push_back(k.select(k.greater(x, k.f(c.getFloat("alpha", 1.0f))), x, k.f(0.0f)));
  return success();
}

/// Shrink: x + bias below -lambd, x - bias above lambd, else 0.
LogicalResult shrink(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)) || failed(requireF32(c, {0})))
    return failure();
  Compose k{c};
  Value x = c.input(0);
  float lambd = c.getFloat("lambd", 0.5f), bias = c.getFloat("bias", 0.0f);
  Value above = k.select(k.greater(x, k.f(lambd)), k.sub(x, k.f(bias)), k.f(0.0f));
  r.push_back(k.select(k.less(x, k.f(-lambd)), k.add(x, k.f(bias)), above));
  return success();
}

/// Celu: max(0, x) + min(0, alpha * (exp(x / alpha) - 1)).
LogicalResult celu(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)) || failed(requireF32(c, {0})))
    return failure();
  Compose k{c};
  Value x = c.input(0);
  float alpha = c.getFloat("alpha", 1.0f);
  if (alpha == 0.0f)
    return c.error("alpha must not be zero");
  Value e = ExpOp::create(c.b, c.loc, k.div(x, k.f(alpha)));
  r.push_back(k.add(k.max(x, k.f(0.0f)), k.min(k.f(0.0f), k.mul(k.f(alpha), k.sub(e, k.f(1.0f))))));
  return success();
}

/// Mish: x * tanh(softplus(x)).
LogicalResult mish(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)) || failed(requireF32(c, {0})))
    return failure();
  Value x = c.input(0);
  r.push_back(MulOp::create(c.b, c.loc, x,
                            TanhOp::create(c.b, c.loc, SoftplusOp::create(c.b, c.loc, x))));
  return success();
}

/// Swish: x * sigmoid(alpha * x).
LogicalResult swish(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)) || failed(requireF32(c, {0})))
    return failure();
  Compose k{c};
  Value x = c.input(0);
  float alpha = c.getFloat("alpha", 1.0f);
  Value ax = alpha == 1.0f ? x : k.mul(x, k.f(alpha));
  r.push_back(k.mul(x, SigmoidOp::create(c.b, c.loc, ax)));
  return success();
}

/// Gelu: 0.5 x (1 + erf(x / sqrt 2)), or with approximate="tanh"
/// 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3))).
LogicalResult gelu(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)) || failed(requireF32(c, {0})))
    return failure();
  Compose k{c};
  Value x = c.input(0);
  std::string approx = c.getString("approximate", "none");
  Value inner;
  if (approx == "none") {
    inner = ErfOp::create(c.b, c.loc, k.mul(x, k.f((float)M_SQRT1_2)));
  } else if (approx == "tanh") {
    Value cube = k.mul(k.mul(x, x), x);
    Value arg = k.mul(k.f((float)std::sqrt(2.0 / M_PI)), k.add(x, k.mul(k.f(0.044715f), cube)));
    inner = TanhOp::create(c.b, c.loc, arg);
  } else {
    return c.error("approximate '" + approx + "' is not one of none, tanh");
  }
  r.push_back(k.mul(k.mul(k.f(0.5f), x), k.add(k.f(1.0f), inner)));
  return success();
}

/// PRelu: slope * x where x < 0, else x (slope broadcasts to x).
LogicalResult prelu(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 2)) || failed(requireF32(c, {0, 1})) ||
      failed(checkBinary(c, c.input(0), c.input(1))))
    return failure();
  Compose k{c};
  Value x = c.input(0);
  r.push_back(k.select(k.less(x, k.f(0.0f)), k.mul(x, c.input(1)), x));
  return success();
}

/// Mean: the sum of the inputs divided by their count.
LogicalResult meanOp(NodeContext &c, SmallVectorImpl<Value> &r) {
  SmallVector<Value> s;
  if (failed(sum(c, s)) || failed(requireF32(c, {0})))
    return failure();
  r.push_back(Compose{c}.div(s[0], f32Scalar(c, (float)c.inputs.size())));
  return success();
}

/// GlobalMaxPool: the maximum over every spatial dimension.
LogicalResult globalMaxPool(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)) || failed(requireF32(c, {0})))
    return failure();
  int64_t rank = typeOf(c.input(0)).getRank();
  if (rank < 3)
    return c.error("the input needs rank 3 or more (N, C, spatial...)");
  SmallVector<int64_t> axes = spatialAxes(rank);
  r.push_back(ReduceOp::create(c.b, c.loc, c.input(0), ReduceKind::Max, axes, true));
  return success();
}

/// Hardmax: 1 at the first maximum along the axis, 0 elsewhere. Before
/// opset 13 the input is coerced to 2-D at the axis, as for Softmax.
LogicalResult hardmax(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)) || failed(requireF32(c, {0})))
    return failure();
  auto ty = typeOf(c.input(0));
  if (!ty.hasStaticShape())
    return c.error("the input shape must be static");
  auto axis = normAxis(c, c.getInt("axis", c.opset < 13 ? 1 : -1), ty.getRank());
  if (failed(axis))
    return failure();
  Value x = c.input(0);
  int64_t ax = *axis;
  if (c.opset < 13) {
    int64_t outer = 1, inner = 1;
    for (int64_t i = 0; i < ty.getRank(); ++i)
      (i < ax ? outer : inner) *= ty.getDimSize(i);
    x = reshapeTo(c, x, {outer, inner});
    ax = 1;
  }
  auto xt = typeOf(x);
  Value arg = ArgMaxOp::create(c.b, c.loc, x, ax, true, false);
  Value hot = EqualOp::create(c.b, c.loc, arg, iotaAlong(c, xt.getDimSize(ax), ax, xt.getRank()));
  Value y = CastOp::create(c.b, c.loc, xt, hot);
  r.push_back(c.opset < 13 ? reshapeTo(c, y, ty.getShape()) : y);
  return success();
}

/// LpNormalization: x divided by its L1 or L2 norm along the axis.
LogicalResult lpNormalization(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)) || failed(requireF32(c, {0})))
    return failure();
  auto axis = normAxis(c, c.getInt("axis", -1), typeOf(c.input(0)).getRank());
  if (failed(axis))
    return failure();
  int64_t p = c.getInt("p", 2);
  if (p != 1 && p != 2)
    return c.error("p must be 1 or 2, got " + Twine(p));
  Value norm = ReduceOp::create(c.b, c.loc, c.input(0), p == 1 ? ReduceKind::L1 : ReduceKind::L2,
                                ArrayRef<int64_t>{*axis}, true);
  // A zero norm gives 0 rather than 0/0, as the reference does.
  Compose k{c};
  r.push_back(k.select(k.equal(norm, k.f(0.0f)), k.f(0.0f), k.div(c.input(0), norm)));
  return success();
}

/// Per-channel [C] parameters reshaped to [C, 1, ...] so they broadcast
/// over an N, C, spatial... input of rank `rank`.
FailureOr<Value> perChannel(NodeContext &c, Value v, int64_t channels, int64_t rank, StringRef what) {
  auto t = typeOf(v);
  if (t.getRank() != 1 || t.getDimSize(0) != channels)
    return (void)c.error(what + " must have shape [" + Twine(channels) + "]"), failure();
  SmallVector<int64_t> shape(rank - 1, 1);
  shape[0] = channels;
  return reshapeTo(c, v, shape);
}

/// (x - mean) / sqrt(var + epsilon) over `axes`.
Value normalize(NodeContext &c, Value x, ArrayRef<int64_t> axes, float epsilon) {
  Compose k{c};
  Value d = k.sub(x, k.mean(x, axes));
  Value var = k.mean(k.mul(d, d), axes);
  return k.div(d, k.sqrt(k.add(var, k.f(epsilon))));
}

/// InstanceNormalization: normalize each (n, c) over the spatial
/// dimensions, then scale and shift per channel.
LogicalResult instanceNorm(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 3)) || failed(requireF32(c, {0, 1, 2})))
    return failure();
  auto ty = typeOf(c.input(0));
  if (ty.getRank() < 3 || !ty.hasStaticShape())
    return c.error("the input must be static with rank 3 or more");
  SmallVector<int64_t> axes = spatialAxes(ty.getRank());
  auto scale = perChannel(c, c.input(1), ty.getDimSize(1), ty.getRank(), "scale");
  auto bias = perChannel(c, c.input(2), ty.getDimSize(1), ty.getRank(), "B");
  if (failed(scale) || failed(bias))
    return failure();
  Compose k{c};
  Value y = normalize(c, c.input(0), axes, c.getFloat("epsilon", 1e-5f));
  r.push_back(k.add(k.mul(y, *scale), *bias));
  return success();
}

/// GroupNormalization: normalize over groups of channels with their
/// spatial dimensions; scale and bias per channel (opset 21) or per group
/// (opset 18).
LogicalResult groupNorm(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 3)) || failed(requireF32(c, {0, 1, 2})))
    return failure();
  auto ty = typeOf(c.input(0));
  if (ty.getRank() < 3 || !ty.hasStaticShape())
    return c.error("the input must be static with rank 3 or more");
  int64_t groups = c.getInt("num_groups", 0), n = ty.getDimSize(0), ch = ty.getDimSize(1);
  if (groups < 1 || ch % groups != 0)
    return c.error("num_groups must be positive and divide the channel count " + Twine(ch));
  if (c.getInt("stash_type", 1) != 1)
    return c.error("only stash_type=1 (float32) is supported");
  Value g = reshapeTo(c, c.input(0), {n, groups, ty.getNumElements() / (n * groups)});
  Value y = reshapeTo(c, normalize(c, g, {2}, c.getFloat("epsilon", 1e-5f)), ty.getShape());
  Value scale = c.input(1), bias = c.input(2);
  if (c.opset < 21) {
    // Per-group parameters: repeat each over its channels.
    for (Value *v : {&scale, &bias}) {
      if (typeOf(*v).getRank() != 1 || typeOf(*v).getDimSize(0) != groups)
        return c.error("scale and bias must have shape [" + Twine(groups) + "]");
      auto full = RankedTensorType::get({groups, ch / groups}, c.b.getF32Type());
      *v = reshapeTo(c, ExpandOp::create(c.b, c.loc, full, reshapeTo(c, *v, {groups, 1})), {ch});
    }
  }
  auto s = perChannel(c, scale, ch, ty.getRank(), "scale");
  auto b = perChannel(c, bias, ch, ty.getRank(), "bias");
  if (failed(s) || failed(b))
    return failure();
  Compose k{c};
  r.push_back(k.add(k.mul(y, *s), *b));
  return success();
}

/// MeanVarianceNormalization, by its ONNX function:
/// (X - E[X]) / (sqrt(E[X^2] - E[X]^2) + 1e-9) over `axes`.
LogicalResult meanVarianceNorm(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)) || failed(requireF32(c, {0})))
    return failure();
  int64_t rank = typeOf(c.input(0)).getRank();
  auto axes = c.getInts("axes").value_or(SmallVector<int64_t>{0, 2, 3});
  for (int64_t &a : axes) {
    auto n = normAxis(c, a, rank);
    if (failed(n))
      return failure();
    a = *n;
  }
  llvm::sort(axes);
  axes.erase(std::unique(axes.begin(), axes.end()), axes.end());
  Compose k{c};
  Value x = c.input(0), m = k.mean(x, axes);
  Value var = k.sub(k.mean(k.mul(x, x), axes), k.mul(m, m));
  r.push_back(k.div(k.sub(x, m), k.add(k.sqrt(var), k.f(1e-9f))));
  return success();
}

/// LRN: x / (bias + alpha / size * sum of x^2 over the channel window)^beta;
/// the window sum is a sum of shifted slices of the zero-padded squares.
LogicalResult lrn(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)) || failed(requireF32(c, {0})))
    return failure();
  auto ty = typeOf(c.input(0));
  if (ty.getRank() < 3 || !ty.hasStaticShape())
    return c.error("the input must be static with rank 3 or more");
  int64_t size = c.getInt("size", 0);
  if (size < 1)
    return c.error("size must be positive");
  int64_t rank = ty.getRank(), ch = ty.getDimSize(1);
  int64_t before = (size - 1) / 2, after = size - 1 - before;
  Compose k{c};
  Value x = c.input(0), sq = k.mul(x, x);
  SmallVector<int64_t> pads(2 * rank, 0);
  pads[1] = before;
  pads[rank + 1] = after;
  Value padded = PadOp::create(c.b, c.loc, sq, pads, APFloat(0.0f));
  Value acc;
  for (int64_t i = 0; i < size; ++i) {
    SmallVector<int64_t> starts(rank, 0), ends(ty.getShape()), steps(rank, 1);
    starts[1] = i;
    ends[1] = i + ch;
    Value s = SliceOp::create(c.b, c.loc, padded, starts, ends, steps);
    acc = acc ? k.add(acc, s) : s;
  }
  float alpha = c.getFloat("alpha", 1e-4f), beta = c.getFloat("beta", 0.75f),
        bias = c.getFloat("bias", 1.0f);
  Value base = k.add(k.f(bias), k.mul(k.f(alpha / (float)size), acc));
  r.push_back(k.div(x, PowOp::create(c.b, c.loc, base, k.f(beta))));
  return success();
}

/// DepthToSpace / SpaceToDepth: a reshape, a transpose and a reshape.
LogicalResult depthToSpace(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)))
    return failure();
  auto ty = typeOf(c.input(0));
  if (ty.getRank() != 4 || !ty.hasStaticShape())
    return c.error("the input must be a static rank-4 tensor");
  int64_t b = c.getInt("blocksize", 0), n = ty.getDimSize(0), ch = ty.getDimSize(1),
          h = ty.getDimSize(2), w = ty.getDimSize(3);
  if (b < 1 || ch % (b * b) != 0)
    return c.error("blocksize must be positive and its square divide the channel count");
  std::string mode = c.getString("mode", "DCR");
  Value t;
  if (mode == "DCR") {
    t = TransposeOp::create(c.b, c.loc, reshapeTo(c, c.input(0), {n, b, b, ch / (b * b), h, w}),
                            ArrayRef<int64_t>{0, 3, 4, 1, 5, 2});
  } else if (mode == "CRD") {
    t = TransposeOp::create(c.b, c.loc, reshapeTo(c, c.input(0), {n, ch / (b * b), b, b, h, w}),
                            ArrayRef<int64_t>{0, 1, 4, 2, 5, 3});
  } else {
    return c.error("mode '" + mode + "' is not one of DCR, CRD");
  }
  r.push_back(reshapeTo(c, t, {n, ch / (b * b), h * b, w * b}));
  return success();
}

LogicalResult spaceToDepth(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)))
    return failure();
  auto ty = typeOf(c.input(0));
  if (ty.getRank() != 4 || !ty.hasStaticShape())
    return c.error("the input must be a static rank-4 tensor");
  int64_t b = c.getInt("blocksize", 0), n = ty.getDimSize(0), ch = ty.getDimSize(1),
          h = ty.getDimSize(2), w = ty.getDimSize(3);
  if (b < 1 || h % b != 0 || w % b != 0)
    return c.error("blocksize must be positive and divide the height and width");
  Value t = TransposeOp::create(c.b, c.loc, reshapeTo(c, c.input(0), {n, ch, h / b, b, w / b, b}),
                                ArrayRef<int64_t>{0, 3, 5, 1, 2, 4});
  r.push_back(reshapeTo(c, t, {n, ch * b * b, h / b, w / b}));
  return success();
}

/// EyeLike: a constant of the input's (static, 2-D) shape with ones on
/// diagonal k, in `dtype` or the input's element type.
LogicalResult eyeLike(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)))
    return failure();
  auto ty = typeOf(c.input(0));
  if (ty.getRank() != 2 || !ty.hasStaticShape())
    return c.error("the input must be a static 2-D tensor");
  Type elt = ty.getElementType();
  if (const auto *a = c.attr("dtype")) {
    elt = elementTypeFor((int32_t)a->i(), c.b.getContext());
    if (!elt)
      return c.error("dtype " + onnxTypeName((int32_t)a->i()) + " is not supported");
  }
  int64_t k = c.getInt("k", 0), rows = ty.getDimSize(0), cols = ty.getDimSize(1);
  auto out = RankedTensorType::get({rows, cols}, elt);
  SmallVector<Attribute> v;
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < cols; ++j) {
      int64_t one = j - i == k;
      v.push_back(isa<FloatType>(elt) ? (Attribute)FloatAttr::get(elt, (double)one)
                                      : (Attribute)IntegerAttr::get(elt, one));
    }
  r.push_back(ConstantOp::create(c.b, c.loc, out, DenseElementsAttr::get(out, v)));
  return success();
}

/// The int64 or int32 constant 0..n-1 along `axis` of a rank-`rank`
/// tensor, to compare with class indices of element type `elt`.
Value classIota(NodeContext &c, int64_t n, int64_t axis, int64_t rank, Type elt) {
  Value iota = iotaAlong(c, n, axis, rank);
  if (elt.isInteger(64))
    return iota;
  auto ty = typeOf(iota).clone(elt);
  return CastOp::create(c.b, c.loc, ty, iota);
}

/// NegativeLogLikelihoodLoss of log-probabilities `x` [N, C, d...] and
/// class indices `target` [N, d...]: -x[n, target, d...] * weight[target],
/// 0 where target is ignore_index, then reduced (mean divides by the sum of
/// the weights taken). The class is picked by comparing the target with the
/// class indices, so an out-of-range ignore_index never reads memory.
LogicalResult nllLoss(NodeContext &c, Value x, Value target, Value weight, SmallVectorImpl<Value> &r) {
  auto xt = typeOf(x), tt = typeOf(target);
  if (!xt.getElementType().isF32() || (weight && !typeOf(weight).getElementType().isF32()))
    return c.error("only float32 scores and weights are supported");
  Type it = tt.getElementType();
  if (!it.isInteger(64) && !it.isInteger(32))
    return c.error("the target must be int32 or int64");
  if (xt.getRank() < 2 || !xt.hasStaticShape() || !tt.hasStaticShape() ||
      tt.getRank() != xt.getRank() - 1)
    return c.error("the input must be static [N, C, d...] and the target [N, d...]");
  int64_t rank = xt.getRank(), classes = xt.getDimSize(1);
  for (int64_t d = 0; d < tt.getRank(); ++d)
    if (tt.getDimSize(d) != xt.getDimSize(d == 0 ? 0 : d + 1))
      return c.error("the target shape does not match the input's N, d... dimensions");
  if (weight && (typeOf(weight).getRank() != 1 || typeOf(weight).getDimSize(0) != classes))
    return c.error("the weight must have shape [" + Twine(classes) + "]");
  std::string reduction = c.getString("reduction", "mean");
  if (reduction != "none" && reduction != "sum" && reduction != "mean")
    return c.error("reduction '" + reduction + "' is not one of none, sum, mean");
  Compose k{c};
  SmallVector<int64_t> unsq(tt.getShape());
  unsq.insert(unsq.begin() + 1, 1);
  Value tgt = reshapeTo(c, target, unsq);
  Value hit = k.equal(tgt, classIota(c, classes, 1, rank, it));
  auto sumClasses = [&](Value v) {
    return ReduceOp::create(c.b, c.loc, v, ReduceKind::Sum, ArrayRef<int64_t>{1}, false);
  };
  Value picked = sumClasses(k.select(hit, x, k.f(0.0f)));
  Value w;
  if (weight) {
    SmallVector<int64_t> ws(rank, 1);
    ws[1] = classes;
    w = sumClasses(k.select(hit, reshapeTo(c, weight, ws), k.f(0.0f)));
  }
  if (const auto *a = c.attr("ignore_index")) {
    auto scalar = RankedTensorType::get({}, it);
    Value ii = ConstantOp::create(c.b, c.loc, scalar,
                                  DenseElementsAttr::get(scalar, IntegerAttr::get(it, a->i())));
    Value keep = NotOp::create(c.b, c.loc, k.equal(target, ii));
    Value one = k.f(1.0f);
    w = k.select(keep, w ? w : Value(ExpandOp::create(c.b, c.loc, tt.clone(c.b.getF32Type()), one)),
                 k.f(0.0f));
  }
  Value loss = NegOp::create(c.b, c.loc, w ? k.mul(picked, w) : picked);
  auto total = [&](Value v) {
    return ReduceOp::create(c.b, c.loc, v, ReduceKind::Sum, ArrayRef<int64_t>{}, false);
  };
  if (reduction == "sum")
    loss = total(loss);
  else if (reduction == "mean")
    loss = w ? k.div(total(loss), total(w)) : k.div(total(loss), k.f((float)tt.getNumElements()));
  r.push_back(loss);
  return success();
}

LogicalResult negativeLogLikelihoodLoss(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 2)))
    return failure();
  return nllLoss(c, c.input(0), c.input(1), c.input(2), r);
}

/// SoftmaxCrossEntropyLoss: NegativeLogLikelihoodLoss of LogSoftmax over
/// the class axis; the optional second output is the log-probabilities.
LogicalResult softmaxCrossEntropyLoss(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 2)) || failed(requireF32(c, {0})))
    return failure();
  if (typeOf(c.input(0)).getRank() < 2)
    return c.error("the scores must be [N, C, d...]");
  Value logp = LogSoftmaxOp::create(c.b, c.loc, c.input(0), 1);
  if (failed(nllLoss(c, logp, c.input(1), c.input(2), r)))
    return failure();
  if (c.node.output_size() > 1)
    r.push_back(logp);
  return success();
}

/// Attention (opset 23), composed as the ONNX reference computes it:
/// softmax(softcap(Q·√s · (K·√s)ᵀ) + bias) · V per head, with 3-D inputs
/// split into heads, the KV cache concatenated, grouped-query heads
/// repeated, and the bias built from attn_mask, is_causal and
/// nonpad_kv_seqlen. Outputs: Y, present_key, present_value and the
/// qk_matmul_output_mode tap.
LogicalResult attention(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 3)) || failed(requireF32(c, {0, 1, 2, 4, 5})))
    return failure();
  for (size_t i = 0; i < 7; ++i)
    if (c.input(i) && !hasStaticShape(c.input(i)))
      return c.error("every input needs a static shape");
  Compose k{c};
  Value q = c.input(0), key = c.input(1), v = c.input(2);
  int64_t rank = typeOf(q).getRank();
  if (rank != 3 && rank != 4)
    return c.error("Q, K and V must be 3-D or 4-D");
  if (typeOf(key).getRank() != rank || typeOf(v).getRank() != rank)
    return c.error("Q, K and V must have the same rank");
  int64_t batch = typeOf(q).getDimSize(0);
  int64_t qHeads = c.getInt("q_num_heads", 0), kvHeads = c.getInt("kv_num_heads", 0);
  // [B, S, heads * size] -> [B, heads, S, size].
  auto split = [&](Value x, int64_t heads) -> FailureOr<Value> {
    auto s = typeOf(x).getShape();
    if (heads < 1 || s[2] % heads != 0)
      return (void)c.error("3-D inputs need q_num_heads and kv_num_heads that divide the hidden size"),
             failure();
    return (Value)TransposeOp::create(c.b, c.loc, reshapeTo(c, x, {s[0], s[1], heads, s[2] / heads}),
                                      ArrayRef<int64_t>{0, 2, 1, 3});
  };
  if (rank == 3) {
    auto q4 = split(q, qHeads), k4 = split(key, kvHeads), v4 = split(v, kvHeads);
    if (failed(q4) || failed(k4) || failed(v4))
      return failure();
    q = *q4, key = *k4, v = *v4;
  }
  auto qt = typeOf(q), kt = typeOf(key), vt = typeOf(v);
  qHeads = qt.getDimSize(1);
  int64_t kHeads = kt.getDimSize(1), qLen = qt.getDimSize(2), headSize = qt.getDimSize(3);
  if (kt.getDimSize(0) != batch || vt.getDimSize(0) != batch || vt.getDimSize(1) != kHeads ||
      kt.getDimSize(3) != headSize || vt.getDimSize(2) != kt.getDimSize(2))
    return c.error("Q, K and V shapes do not agree");
  if (qHeads % kHeads != 0)
    return c.error("the query heads (" + Twine(qHeads) + ") must be a multiple of the key/value heads (" +
                   Twine(kHeads) + ")");
  // The KV cache: past entries come first along the sequence.
  int64_t past = 0;
  for (int i : {4, 5}) {
    Value p = c.input(i);
    if (!p)
      continue;
    Value &cur = i == 4 ? key : v;
    auto pt = typeOf(p), ct = typeOf(cur);
    if (pt.getRank() != 4 || pt.getDimSize(0) != batch || pt.getDimSize(1) != kHeads ||
        pt.getDimSize(3) != ct.getDimSize(3))
      return c.error("past_key and past_value must be [B, kv_heads, past, head_size]");
    past = pt.getDimSize(2);
    cur = ConcatOp::create(c.b, c.loc, ValueRange{p, cur}, 2);
  }
  if ((bool)c.input(4) != (bool)c.input(5))
    return c.error("past_key and past_value must be given together");
  Value presentKey = key, presentValue = v;
  int64_t kvLen = typeOf(key).getDimSize(2);
  if (qHeads != kHeads) {
    // Grouped-query attention: each key/value head serves qHeads / kHeads
    // consecutive query heads.
    int64_t reps = qHeads / kHeads;
    auto repeat = [&](Value x) {
      auto s = typeOf(x).getShape();
      auto wide = RankedTensorType::get({s[0], s[1], reps, s[2], s[3]}, c.b.getF32Type());
      Value e = ExpandOp::create(c.b, c.loc, wide, reshapeTo(c, x, {s[0], s[1], 1, s[2], s[3]}));
      return reshapeTo(c, e, {s[0], s[1] * reps, s[2], s[3]});
    };
    key = repeat(key);
    v = repeat(v);
  }
  float scale = 1.0f / std::sqrt((float)headSize);
  if (const auto *a = c.attr("scale"))
    scale = a->f();
  Value rootScale = k.f(std::sqrt(scale));
  Value kT = TransposeOp::create(c.b, c.loc, k.mul(key, rootScale), ArrayRef<int64_t>{0, 1, 3, 2});
  Value qk = BatchMatMulOp::create(c.b, c.loc, k.mul(q, rootScale), kT);
  float softcap = c.getFloat("softcap", 0.0f);
  if (softcap > 0.0f)
    qk = k.mul(TanhOp::create(c.b, c.loc, k.div(qk, k.f(softcap))), k.f(softcap));
  // The additive bias, [.., qLen, kvLen]: 0 where attended, -inf where not.
  float inf = std::numeric_limits<float>::infinity();
  Value bias;
  if (Value m = c.input(3)) {
    auto mt = typeOf(m);
    bool isBool = mt.getElementType().isInteger(1);
    if (!isBool && !mt.getElementType().isF32())
      return c.error("attn_mask must be bool or float32");
    if (mt.getRank() < 2 || mt.getRank() > 4 || mt.getDimSize(mt.getRank() - 2) != qLen ||
        mt.getDimSize(mt.getRank() - 1) > kvLen)
      return c.error("attn_mask must be [.., q_sequence_length, <= total_sequence_length]");
    if (isBool)
      m = k.select(m, k.f(0.0f), k.f(-inf));
    int64_t short_ = kvLen - mt.getDimSize(mt.getRank() - 1);
    if (short_ > 0) {
      // A mask shorter than the keys masks the rest out.
      SmallVector<int64_t> pads(2 * mt.getRank(), 0);
      pads[2 * mt.getRank() - 1] = short_;
      m = PadOp::create(c.b, c.loc, m, pads, APFloat(-inf));
    }
    SmallVector<int64_t> shape;
    if (!OpTrait::util::getBroadcastedShape(typeOf(m).getShape(), typeOf(qk).getShape(), shape) ||
        ArrayRef<int64_t>(shape) != typeOf(qk).getShape())
      return c.error("attn_mask does not broadcast to [B, heads, q, total]");
    bias = m;
  }
  if (c.getInt("is_causal", 0) != 0) {
    // Column j is masked for query row i when j > i + past.
    auto ty = RankedTensorType::get({qLen, kvLen}, c.b.getF32Type());
    SmallVector<float> cm;
    for (int64_t i = 0; i < qLen; ++i)
      for (int64_t j = 0; j < kvLen; ++j)
        cm.push_back(j > i + past ? -inf : 0.0f);
    Value causal = ConstantOp::create(c.b, c.loc, ty, DenseElementsAttr::get(ty, ArrayRef<float>(cm)));
    bias = bias ? k.add(bias, causal) : causal;
  }
  if (Value n = c.input(6)) {
    auto nt = typeOf(n);
    if (!nt.getElementType().isInteger(64) || nt.getRank() != 1 || nt.getDimSize(0) != batch)
      return c.error("nonpad_kv_seqlen must be int64 [B]");
    Value valid = k.less(iotaAlong(c, kvLen, 3, 4), reshapeTo(c, n, {batch, 1, 1, 1}));
    Value pad = k.select(valid, k.f(0.0f), k.f(-inf));
    bias = bias ? k.add(bias, pad) : pad;
  }
  Value scores = bias ? k.add(qk, bias) : qk;
  Value probs = SoftmaxOp::create(c.b, c.loc, scores, 3);
  Value y = BatchMatMulOp::create(c.b, c.loc, probs, v);
  if (rank == 3) {
    auto s = typeOf(y).getShape();
    y = reshapeTo(c, TransposeOp::create(c.b, c.loc, y, ArrayRef<int64_t>{0, 2, 1, 3}),
                  {s[0], s[2], s[1] * s[3]});
  }
  r.push_back(y);
  int64_t mode = c.getInt("qk_matmul_output_mode", 0);
  if (mode < 0 || mode > 3)
    return c.error("qk_matmul_output_mode must be 0..3");
  for (int o = 1; o < c.node.output_size(); ++o)
    r.push_back(o == 1 ? presentKey : o == 2 ? presentValue : mode == 2 ? scores : mode == 3 ? probs : qk);
  return success();
}

/// A slice of `v` along `axis` from `start` to `end` (step 1).
static Value sliceAxis(NodeContext &c, Value v, int64_t axis, int64_t start, int64_t end) {
  auto t = typeOf(v);
  SmallVector<int64_t> s(t.getRank(), 0), e(t.getShape()), st(t.getRank(), 1);
  s[axis] = start;
  e[axis] = end;
  return SliceOp::create(c.b, c.loc, v, s, e, st);
}

/// ConvTranspose as the convolution it is the gradient of: the input with
/// stride - 1 zeros between elements, padded by dilation * (kernel - 1)
/// less the pads (plus output_padding at the end; negative amounts crop),
/// convolved at stride 1 with the spatially flipped kernel whose input and
/// output channels are swapped per group. A constant kernel folds to its
/// rearranged form at compile time.
LogicalResult convTranspose(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 2)) || failed(requireF32(c, {0, 1, 2})) ||
      failed(checkWindowRank(c, c.input(0))))
    return failure();
  bool oneD = typeOf(c.input(0)).getRank() == 3;
  Value x = c.input(0), w = c.input(1);
  if (typeOf(w).getRank() != typeOf(x).getRank() || !typeOf(w).hasStaticShape() ||
      !typeOf(x).hasStaticShape())
    return c.error("input and weight must be static tensors of the same rank");
  if (oneD) {
    x = liftTo2D(c, x);
    w = liftTo2D(c, w);
  }
  auto xt = typeOf(x), wt = typeOf(w);
  int64_t group = c.getInt("group", 1), n = xt.getDimSize(0), cin = xt.getDimSize(1);
  if (group < 1 || cin % group != 0 || wt.getDimSize(0) != cin)
    return c.error("the weight must be [C_in, C_out / group, kH, kW] with group dividing C_in");
  int64_t coutG = wt.getDimSize(1), cout = coutG * group;
  SmallVector<int64_t> k{wt.getDimSize(2), wt.getDimSize(3)};
  if (auto ks = c.getInts("kernel_shape"); ks && lift1D(*ks, oneD, 1) != k)
    return c.error("kernel_shape disagrees with the weight shape");
  auto s = lift1D(c.getInts("strides").value_or(SmallVector<int64_t>{1, 1}), oneD, 1);
  auto d = lift1D(c.getInts("dilations").value_or(SmallVector<int64_t>{1, 1}), oneD, 1);
  auto op = lift1D(c.getInts("output_padding").value_or(SmallVector<int64_t>{0, 0}), oneD, 0);
  if (s.size() != 2 || d.size() != 2 || op.size() != 2)
    return c.error("strides, dilations and output_padding need one entry per spatial dimension");
  for (int i = 0; i < 2; ++i)
    if (s[i] < 1 || d[i] < 1 || op[i] < 0)
      return c.error("strides and dilations must be positive and output_padding non-negative");
  SmallVector<int64_t> in{xt.getDimSize(2), xt.getDimSize(3)}, full(2), pb(2), pe(2);
  for (int i = 0; i < 2; ++i)
    full[i] = s[i] * (in[i] - 1) + op[i] + (k[i] - 1) * d[i] + 1;
  std::string autoPad = c.getString("auto_pad", "NOTSET");
  auto outShape = c.getInts("output_shape");
  if (outShape || autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    SmallVector<int64_t> want(2);
    if (outShape) {
      // output_shape may list N and C too; the spatial sizes are last.
      if (outShape->size() < (oneD ? 1u : 2u))
        return c.error("output_shape needs the spatial output sizes");
      auto sp = ArrayRef<int64_t>(*outShape).take_back(oneD ? 1 : 2);
      want = lift1D(sp, oneD, 1);
    } else {
      want = {in[0] * s[0], in[1] * s[1]};
    }
    for (int i = 0; i < 2; ++i) {
      // As the ONNX reference computes it: with auto_pad SAME_* the
      // difference is split (floor halves; a negative one adds zeros); with
      // output_shape alone the result starts at the first full position and
      // is cut or zero-extended at the end.
      int64_t total = full[i] - want[i];
      int64_t half = total >= 0 ? total / 2 : -((-total + 1) / 2);
      if (autoPad == "SAME_UPPER")
        pb[i] = half;
      else if (autoPad == "SAME_LOWER")
        pb[i] = total - half;
      else
        pb[i] = 0;
      pe[i] = total - pb[i];
    }
  } else if (autoPad == "NOTSET" || autoPad == "VALID") {
    auto pads = c.getInts("pads").value_or(SmallVector<int64_t>(oneD ? 2 : 4, 0));
    if (autoPad == "VALID")
      pads.assign(oneD ? 2 : 4, 0);
    if (pads.size() != (oneD ? 2u : 4u))
      return c.error("pads needs one begin and one end per spatial dimension");
    if (oneD)
      pads = {0, pads[0], 0, pads[1]};
    pb = {pads[0], pads[1]};
    pe = {pads[2], pads[3]};
  } else {
    return c.error("auto_pad '" + autoPad + "' is not one of NOTSET, VALID, SAME_UPPER, SAME_LOWER");
  }
  // Zeros between input elements: [.., H, 1, W, 1] padded to [.., H, sH, W, sW].
  if (s[0] > 1 || s[1] > 1) {
    Value v = reshapeTo(c, x, {n, cin, in[0], 1, in[1], 1});
    SmallVector<int64_t> pads(12, 0);
    pads[6 + 3] = s[0] - 1;
    pads[6 + 5] = s[1] - 1;
    v = PadOp::create(c.b, c.loc, v, pads, APFloat(0.0f));
    v = reshapeTo(c, v, {n, cin, in[0] * s[0], in[1] * s[1]});
    x = sliceAxis(c, sliceAxis(c, v, 2, 0, (in[0] - 1) * s[0] + 1), 3, 0, (in[1] - 1) * s[1] + 1);
  }
  // Border: grow by what is positive, crop what is negative.
  SmallVector<int64_t> grow(8, 0);
  SmallVector<int64_t> begin(2), end(2);
  for (int i = 0; i < 2; ++i) {
    begin[i] = d[i] * (k[i] - 1) - pb[i];
    end[i] = d[i] * (k[i] - 1) - pe[i] + op[i];
    grow[2 + i] = std::max<int64_t>(begin[i], 0);
    grow[6 + i] = std::max<int64_t>(end[i], 0);
  }
  x = PadOp::create(c.b, c.loc, x, grow, APFloat(0.0f));
  for (int i = 0; i < 2; ++i) {
    int64_t size = typeOf(x).getDimSize(2 + i);
    int64_t lo = std::max<int64_t>(-begin[i], 0), hi = size - std::max<int64_t>(-end[i], 0);
    if (hi - lo < (k[i] - 1) * d[i] + 1)
      return c.error("pads leave no output");
    if (lo > 0 || hi < size)
      x = sliceAxis(c, x, 2 + i, lo, hi);
  }
  // [C_in, C_out/g, kH, kW] -> [g, C_in/g, C_out/g, kH, kW] -> [C_out, C_in/g, kH, kW], flipped.
  Value wk = reshapeTo(c, w, {group, cin / group, coutG, k[0], k[1]});
  wk = TransposeOp::create(c.b, c.loc, wk, ArrayRef<int64_t>{0, 2, 1, 3, 4});
  wk = reshapeTo(c, wk, {cout, cin / group, k[0], k[1]});
  wk = SliceOp::create(c.b, c.loc, wk, ArrayRef<int64_t>{0, 0, k[0] - 1, k[1] - 1},
                       ArrayRef<int64_t>{cout, cin / group, -1, -1}, ArrayRef<int64_t>{1, 1, -1, -1});
  Value bias = c.input(2);
  if (bias && (typeOf(bias).getRank() != 1 || typeOf(bias).getDimSize(0) != cout))
    return c.error("B must have shape [" + Twine(cout) + "]");
  Value y = ConvOp::create(c.b, c.loc, x, wk, bias, ArrayRef<int64_t>{1, 1}, ArrayRef<int64_t>{0, 0, 0, 0},
                           d, group, ActivationKind::None, APFloat(0.0f), APFloat(0.0f));
  r.push_back(oneD ? dropHeight(c, y) : y);
  return success();
}

/// LpPool: (sum over the window of |x|^p)^(1/p). The window sum is an
/// average pool counting padding, times the window size; padding adds 0.
LogicalResult lpPool(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)) || failed(requireF32(c, {0})) ||
      failed(checkWindowRank(c, c.input(0))))
    return failure();
  bool oneD = typeOf(c.input(0)).getRank() == 3;
  int64_t p = c.getInt("p", 2);
  if (p < 1)
    return c.error("p must be positive");
  Value x = oneD ? liftTo2D(c, c.input(0)) : c.input(0);
  auto w = poolWindow(c, x, oneD);
  if (failed(w))
    return failure();
  auto &[k2, strides, pads] = *w;
  Compose k{c};
  Value a = AbsOp::create(c.b, c.loc, x);
  Value powed = p == 1 ? a : p == 2 ? k.mul(a, a) : (Value)PowOp::create(c.b, c.loc, a, k.f((float)p));
  Value avg = AvgPoolOp::create(c.b, c.loc, powed, k2, strides, pads, c.getInt("ceil_mode", 0) != 0, true);
  Value sum = k.mul(avg, k.f((float)(k2[0] * k2[1])));
  Value y = p == 1 ? sum : p == 2 ? k.sqrt(sum) : (Value)PowOp::create(c.b, c.loc, sum, k.f(1.0f / (float)p));
  r.push_back(oneD ? dropHeight(c, y) : y);
  return success();
}

namespace {
enum class Cell { Rnn, Gru, Lstm };

/// One activation of a recurrent cell by its ONNX name.
FailureOr<Value> activate(NodeContext &c, StringRef name, Value x) {
  if (name == "Sigmoid")
    return (Value)SigmoidOp::create(c.b, c.loc, x);
  if (name == "Tanh")
    return (Value)TanhOp::create(c.b, c.loc, x);
  if (name == "Relu")
    return (Value)ReluOp::create(c.b, c.loc, x);
  return (void)c.error("activation '" + name + "' is not supported (Sigmoid, Tanh, Relu)"), failure();
}

/// Columns [k * h, (k + 1) * h) of a [rows, n] value: gate k.
Value gate(NodeContext &c, Value v, int64_t k, int64_t h) {
  return sliceAxis(c, v, 1, k * h, (k + 1) * h);
}

/// Row `d` of a [dirs, ...] parameter, without the leading dimension.
Value direction(NodeContext &c, Value v, int64_t d) {
  auto s = typeOf(v).getShape();
  return reshapeTo(c, sliceAxis(c, v, 0, d, d + 1), s.drop_front());
}
} // namespace

/// RNN, GRU and LSTM unrolled over the (static) sequence: per step the
/// gates are two matrix products (input and recurrent weights, transposed
/// once, folded when constant) plus the biases, then the cell's update.
/// Directions forward, reverse and bidirectional; layout 0 and 1;
/// sequence_lens (forward only) keeps a batch entry's state past its end and
/// writes zeros to Y there; LSTM peepholes.
static LogicalResult recurrent(NodeContext &c, SmallVectorImpl<Value> &r, Cell cell) {
  if (failed(requireInputs(c, 3)) || failed(requireF32(c, {0, 1, 2, 3, 5, 6, 7})))
    return failure();
  for (size_t i = 0; i < 8; ++i)
    if (c.input(i) && !hasStaticShape(c.input(i)))
      return c.error("every input needs a static shape");
  int64_t gates = cell == Cell::Lstm ? 4 : cell == Cell::Gru ? 3 : 1;
  int64_t layout = c.getInt("layout", 0), hidden = c.getInt("hidden_size", 0);
  std::string dirName = c.getString("direction", "forward");
  int64_t dirs = dirName == "bidirectional" ? 2 : 1;
  if (dirName != "forward" && dirName != "reverse" && dirName != "bidirectional")
    return c.error("direction must be forward, reverse or bidirectional");
  if (c.attr("clip"))
    return c.error("clip is not supported");
  if (cell == Cell::Lstm && c.getInt("input_forget", 0) != 0)
    return c.error("input_forget is not supported");
  Value x = c.input(0);
  if (typeOf(x).getRank() != 3)
    return c.error("X must be rank 3");
  if (layout == 1)
    x = TransposeOp::create(c.b, c.loc, x, ArrayRef<int64_t>{1, 0, 2});
  auto xs = typeOf(x).getShape();
  int64_t seq = xs[0], batch = xs[1], in = xs[2];
  if (seq < 1 || batch < 1 || in < 1)
    return c.error("X needs a non-empty sequence, batch and input size");
  auto expect = [&](Value v, ArrayRef<int64_t> shape, StringRef what) -> LogicalResult {
    if (v && typeOf(v).getShape() != shape)
      return c.error(what + " has the wrong shape");
    return success();
  };
  SmallVector<int64_t> stateShape =
      layout == 1 ? SmallVector<int64_t>{batch, dirs, hidden} : SmallVector<int64_t>{dirs, batch, hidden};
  if (hidden < 1 || failed(expect(c.input(1), {dirs, gates * hidden, in}, "W")) ||
      failed(expect(c.input(2), {dirs, gates * hidden, hidden}, "R")) ||
      failed(expect(c.input(3), {dirs, 2 * gates * hidden}, "B")) ||
      failed(expect(c.input(5), stateShape, "initial_h")) ||
      failed(expect(c.input(6), stateShape, "initial_c")) ||
      failed(expect(c.input(7), {dirs, 3 * hidden}, "P")))
    return failure();
  Value lens = c.input(4);
  if (lens) {
    auto lt = typeOf(lens);
    if (lt.getShape() != ArrayRef<int64_t>{batch} || !lt.getElementType().isInteger(32))
      return c.error("sequence_lens must be int32 [batch]");
    if (dirName != "forward")
      return c.error("sequence_lens is supported with direction forward only");
  }
  SmallVector<std::string> acts;
  if (const auto *a = c.attr("activations"))
    for (const auto &s : a->strings())
      acts.push_back(s);
  else if (cell == Cell::Lstm)
    acts = {"Sigmoid", "Tanh", "Tanh"};
  else if (cell == Cell::Gru)
    acts = {"Sigmoid", "Tanh"};
  else
    acts = {"Tanh"};
  size_t perDir = cell == Cell::Lstm ? 3 : cell == Cell::Gru ? 2 : 1;
  if (acts.size() == perDir && dirs == 2)
    acts.append(SmallVector<std::string>(acts));
  if (acts.size() != perDir * dirs)
    return c.error("activations needs " + Twine(perDir * dirs) + " entries");
  if (c.attr("activation_alpha") || c.attr("activation_beta"))
    return c.error("activation_alpha and activation_beta are not supported");
  bool linearBeforeReset = c.getInt("linear_before_reset", 0) != 0;
  Compose k{c};
  auto matmul = [&](Value a, Value b) -> Value {
    return MatMulOp::create(c.b, c.loc, a, b, Value(), ActivationKind::None, APFloat(0.0f), APFloat(0.0f));
  };
  auto toState = [&](Value v, int64_t d) {
    // initial_h / initial_c in the layout's order, as [batch, hidden].
    if (layout == 1)
      v = TransposeOp::create(c.b, c.loc, v, ArrayRef<int64_t>{1, 0, 2});
    return direction(c, v, d);
  };
  Value zeros = ConstantOp::create(c.b, c.loc, RankedTensorType::get({batch, hidden}, c.b.getF32Type()),
                                   DenseElementsAttr::get(RankedTensorType::get({batch, hidden}, c.b.getF32Type()), 0.0f));
  SmallVector<SmallVector<Value>> ys(dirs, SmallVector<Value>(seq));
  SmallVector<Value> lastH, lastC;
  for (int64_t d = 0; d < dirs; ++d) {
    bool reverse = dirName == "reverse" || d == 1;
    ArrayRef<std::string> f(acts.begin() + d * perDir, perDir);
    Value wT = TransposeOp::create(c.b, c.loc, direction(c, c.input(1), d), ArrayRef<int64_t>{1, 0});
    Value rT = TransposeOp::create(c.b, c.loc, direction(c, c.input(2), d), ArrayRef<int64_t>{1, 0});
    Value wb, rb;
    if (c.input(3)) {
      Value b = direction(c, c.input(3), d);
      wb = reshapeTo(c, sliceAxis(c, b, 0, 0, gates * hidden), {1, gates * hidden});
      rb = reshapeTo(c, sliceAxis(c, b, 0, gates * hidden, 2 * gates * hidden), {1, gates * hidden});
    }
    Value p = c.input(7) ? reshapeTo(c, direction(c, c.input(7), d), {1, 3 * hidden}) : Value();
    Value h = c.input(5) ? toState(c.input(5), d) : zeros;
    Value cs = c.input(6) ? toState(c.input(6), d) : zeros;
    for (int64_t s = 0; s < seq; ++s) {
      int64_t t = reverse ? seq - 1 - s : s;
      Value xt = reshapeTo(c, sliceAxis(c, x, 0, t, t + 1), {batch, in});
      Value gx = matmul(xt, wT);
      if (wb)
        gx = k.add(gx, wb);
      Value newH, newC;
      if (cell == Cell::Gru) {
        // z and r from the full recurrent product; h per linear_before_reset.
        Value rZr = sliceAxis(c, rT, 1, 0, 2 * hidden), rH = sliceAxis(c, rT, 1, 2 * hidden, 3 * hidden);
        Value gh = matmul(h, rZr);
        if (rb)
          gh = k.add(gh, sliceAxis(c, rb, 1, 0, 2 * hidden));
        auto z = activate(c, f[0], k.add(gate(c, gx, 0, hidden), gate(c, gh, 0, hidden)));
        auto rr = activate(c, f[0], k.add(gate(c, gx, 1, hidden), gate(c, gh, 1, hidden)));
        if (failed(z) || failed(rr))
          return failure();
        Value rbh = rb ? sliceAxis(c, rb, 1, 2 * hidden, 3 * hidden) : Value();
        Value hh;
        if (linearBeforeReset) {
          hh = matmul(h, rH);
          if (rbh)
            hh = k.add(hh, rbh);
          hh = k.mul(*rr, hh);
        } else {
          hh = matmul(k.mul(*rr, h), rH);
          if (rbh)
            hh = k.add(hh, rbh);
        }
        auto cand = activate(c, f[1], k.add(gate(c, gx, 2, hidden), hh));
        if (failed(cand))
          return failure();
        newH = k.add(k.mul(k.sub(k.f(1.0f), *z), *cand), k.mul(*z, h));
      } else {
        Value g = k.add(gx, matmul(h, rT));
        if (rb)
          g = k.add(g, rb);
        if (cell == Cell::Rnn) {
          auto a = activate(c, f[0], g);
          if (failed(a))
            return failure();
          newH = *a;
        } else {
          // Gate order i, o, f, c; peepholes i, o, f.
          Value gi = gate(c, g, 0, hidden), go = gate(c, g, 1, hidden), gf = gate(c, g, 2, hidden),
                gc = gate(c, g, 3, hidden);
          if (p) {
            gi = k.add(gi, k.mul(gate(c, p, 0, hidden), cs));
            gf = k.add(gf, k.mul(gate(c, p, 2, hidden), cs));
          }
          auto i = activate(c, f[0], gi), ff = activate(c, f[0], gf), cand = activate(c, f[1], gc);
          if (failed(i) || failed(ff) || failed(cand))
            return failure();
          newC = k.add(k.mul(*ff, cs), k.mul(*i, *cand));
          if (p)
            go = k.add(go, k.mul(gate(c, p, 1, hidden), newC));
          auto o = activate(c, f[0], go), hc = activate(c, f[2], newC);
          if (failed(o) || failed(hc))
            return failure();
          newH = k.mul(*o, *hc);
        }
      }
      Value y = newH;
      if (lens) {
        // Past a batch entry's length its state stays and Y is 0.
        auto scalar = RankedTensorType::get({}, c.b.getI32Type());
        Value tv = ConstantOp::create(c.b, c.loc, scalar, DenseElementsAttr::get(scalar, (int32_t)t));
        Value live = reshapeTo(c, k.less(tv, lens), {batch, 1});
        y = k.select(live, newH, k.f(0.0f));
        newH = k.select(live, newH, h);
        if (newC)
          newC = k.select(live, newC, cs);
      }
      h = newH;
      if (newC)
        cs = newC;
      ys[d][t] = reshapeTo(c, y, {1, 1, batch, hidden});
    }
    lastH.push_back(reshapeTo(c, h, {1, batch, hidden}));
    lastC.push_back(reshapeTo(c, cs, {1, batch, hidden}));
  }
  SmallVector<Value> steps;
  for (int64_t t = 0; t < seq; ++t) {
    SmallVector<Value> perDirs;
    for (int64_t d = 0; d < dirs; ++d)
      perDirs.push_back(ys[d][t]);
    steps.push_back(dirs == 1 ? perDirs[0] : (Value)ConcatOp::create(c.b, c.loc, perDirs, 1));
  }
  Value y = seq == 1 ? steps[0] : (Value)ConcatOp::create(c.b, c.loc, steps, 0);
  Value yh = dirs == 1 ? lastH[0] : (Value)ConcatOp::create(c.b, c.loc, lastH, 0);
  Value yc = dirs == 1 ? lastC[0] : (Value)ConcatOp::create(c.b, c.loc, lastC, 0);
  if (layout == 1) {
    y = TransposeOp::create(c.b, c.loc, y, ArrayRef<int64_t>{2, 0, 1, 3});
    yh = TransposeOp::create(c.b, c.loc, yh, ArrayRef<int64_t>{1, 0, 2});
    yc = TransposeOp::create(c.b, c.loc, yc, ArrayRef<int64_t>{1, 0, 2});
  }
  r.push_back(y);
  if (c.node.output_size() > 1)
    r.push_back(yh);
  if (c.node.output_size() > 2) {
    if (cell != Cell::Lstm)
      return c.error("only LSTM has a third output");
    r.push_back(yc);
  }
  return success();
}

LogicalResult rnn(NodeContext &c, SmallVectorImpl<Value> &r) { return recurrent(c, r, Cell::Rnn); }
LogicalResult gru(NodeContext &c, SmallVectorImpl<Value> &r) { return recurrent(c, r, Cell::Gru); }
LogicalResult lstm(NodeContext &c, SmallVectorImpl<Value> &r) { return recurrent(c, r, Cell::Lstm); }

/// Einsum as its definition: each operand's repeated labels reduced to their
/// diagonal, its dimensions moved into one order of all labels (output
/// labels first) with size-1 dimensions for the labels it lacks, the
/// operands multiplied with broadcasting, and the other labels summed.
/// The product spans every label at once, so large contractions are
/// refused (write them as MatMul).
LogicalResult einsum(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (c.inputs.empty() || llvm::any_of(c.inputs, [](Value v) { return !v; }))
    return c.error("needs at least one input, none omitted");
  std::string eq;
  for (char ch : c.getString("equation", ""))
    if (ch != ' ')
      eq += ch;
  size_t arrow = eq.find("->");
  std::string lhs = eq.substr(0, arrow);
  SmallVector<StringRef> parts;
  StringRef(lhs).split(parts, ',', /*MaxSplit=*/-1, /*KeepEmpty=*/true);
  SmallVector<std::string> terms;
  for (StringRef t : parts)
    terms.push_back(t.str());
  if (terms.size() != c.inputs.size())
    return c.error("the equation has " + Twine(terms.size()) + " operands for " + Twine(c.inputs.size()) +
                   " inputs");
  Type elt = typeOf(c.input(0)).getElementType();
  for (Value v : c.inputs)
    if (!hasStaticShape(v) || typeOf(v).getElementType() != elt)
      return c.error("inputs must be static and share an element type");
  // Labels are ASCII letters, with at most one "..." per term.
  auto validTerm = [](StringRef t) {
    size_t at = t.find("...");
    std::string rest = at == StringRef::npos ? t.str() : (t.substr(0, at) + t.substr(at + 3)).str();
    return llvm::all_of(rest, [](char ch) { return llvm::isAlpha(ch); });
  };
  for (const auto &t : terms)
    if (!validTerm(t))
      return c.error("the equation's labels must be letters, with at most one '...' per operand");
  if (arrow != std::string::npos && !validTerm(StringRef(eq).substr(arrow + 2)))
    return c.error("the equation's labels must be letters, with at most one '...' in the output");
  // "..." becomes labels of its own (the digits '0', '1', ...), aligned to
  // the right.
  int64_t ellipsis = 0;
  for (auto [i, t] : llvm::enumerate(terms)) {
    size_t at = t.find("...");
    int64_t named = (int64_t)t.size() - (at == std::string::npos ? 0 : 3);
    int64_t rank = typeOf(c.input(i)).getRank();
    if (at == std::string::npos) {
      if (named != rank)
        return c.error("operand " + Twine(i) + " has " + Twine(named) + " labels for rank " + Twine(rank));
      continue;
    }
    if (rank < named)
      return c.error("operand " + Twine(i) + " has more labels than dimensions");
    ellipsis = std::max(ellipsis, rank - named);
  }
  if (ellipsis > 10)
    return c.error("'...' may stand for at most 10 dimensions");
  auto expand = [&](std::string t, int64_t rank) {
    size_t at = t.find("...");
    if (at == std::string::npos)
      return t;
    int64_t n = rank - ((int64_t)t.size() - 3);
    std::string fill;
    for (int64_t k = ellipsis - n; k < ellipsis; ++k)
      fill += (char)('0' + k);
    return t.substr(0, at) + fill + t.substr(at + 3);
  };
  for (auto [i, t] : llvm::enumerate(terms))
    t = expand(t, typeOf(c.input(i)).getRank());
  std::string out;
  if (arrow != std::string::npos) {
    out = eq.substr(arrow + 2);
    std::string ell;
    for (int64_t k = 0; k < ellipsis; ++k)
      ell += (char)('0' + k);
    if (size_t at = out.find("..."); at != std::string::npos)
      out = out.substr(0, at) + ell + out.substr(at + 3);
  } else {
    // Implicit output: the broadcast labels, then the labels used once, sorted.
    std::map<char, int> count;
    for (const auto &t : terms)
      for (char ch : t)
        ++count[ch];
    for (int64_t k = 0; k < ellipsis; ++k)
      out += (char)('0' + k);
    for (auto [ch, n] : count)
      if (n == 1 && llvm::isAlpha(ch))
        out += ch;
  }
  for (char ch : out)
    if (!llvm::isAlnum(ch) || llvm::count(out, ch) != 1)
      return c.error("the output labels '" + out + "' must be distinct letters");
  // All labels: output first, then the summed ones; and each label's size.
  std::string all = out;
  std::map<char, int64_t> size;
  for (auto [i, t] : llvm::enumerate(terms)) {
    auto shape = typeOf(c.input(i)).getShape();
    for (auto [d, ch] : llvm::enumerate(t)) {
      if (!llvm::isAlnum(ch))
        return c.error("labels must be letters");
      auto [it, fresh] = size.insert({ch, shape[d]});
      if (!fresh && it->second != shape[d] && it->second != 1 && shape[d] != 1)
        return c.error(Twine("label '") + Twine(ch) + "' has sizes " + Twine(it->second) + " and " +
                       Twine(shape[d]));
      it->second = std::max(it->second, shape[d]);
      if (all.find(ch) == std::string::npos)
        all += ch;
    }
  }
  for (char ch : out)
    if (!size.count(ch))
      return c.error(Twine("output label '") + Twine(ch) + "' is not in any operand");
  int64_t total = 1;
  for (char ch : all)
    total *= size[ch];
  if (total > (1 << 22))
    return c.error("the contraction spans " + Twine(total) + " elements; edgec computes Einsum as one "
                   "broadcast product (up to 2^22), larger ones should be MatMul");
  bool sums = all.size() > out.size();
  if (sums && !isa<FloatType>(elt))
    return c.error("summing Einsum is supported for float tensors");
  Compose k{c};
  Value product;
  for (auto [i, t] : llvm::enumerate(terms)) {
    Value v = c.input(i);
    std::string labels = t;
    // Repeated labels: keep the diagonal (select it, sum the copy away).
    for (size_t p = 0; p < labels.size(); ++p)
      for (size_t q = p + 1; q < labels.size(); ++q) {
        if (labels[p] != labels[q])
          continue;
        auto vt = typeOf(v);
        int64_t n = vt.getDimSize(p);
        if (vt.getDimSize(q) != n)
          return c.error("a repeated label needs equal dimensions");
        SmallVector<int64_t> eyeShape(vt.getRank(), 1);
        eyeShape[p] = eyeShape[q] = n;
        auto eyeTy = RankedTensorType::get(eyeShape, c.b.getI1Type());
        SmallVector<bool> eye(n * n);
        for (int64_t e = 0; e < n; ++e)
          eye[e * n + e] = true;
        Value mask = ConstantOp::create(c.b, c.loc, eyeTy, DenseElementsAttr::get(eyeTy, ArrayRef<bool>(eye)));
        if (!isa<FloatType>(elt))
          return c.error("diagonals are supported for float tensors");
        auto zt = RankedTensorType::get({}, elt);
        Value zero = ConstantOp::create(c.b, c.loc, zt, DenseElementsAttr::get(zt, FloatAttr::get(elt, 0.0)));
        v = ReduceOp::create(c.b, c.loc, k.select(mask, v, zero), ReduceKind::Sum,
                             ArrayRef<int64_t>{(int64_t)q}, false);
        labels.erase(q, 1);
        --q;
      }
    // Into the order of `all`, with 1 for missing labels.
    SmallVector<int64_t> perm;
    std::string present;
    for (char ch : all)
      if (size_t at = labels.find(ch); at != std::string::npos) {
        perm.push_back(at);
        present += ch;
      }
    bool identity = llvm::equal(perm, llvm::seq<int64_t>(0, perm.size()));
    if (!identity)
      v = TransposeOp::create(c.b, c.loc, v, perm);
    SmallVector<int64_t> shape;
    for (char ch : all)
      shape.push_back(present.find(ch) != std::string::npos ? typeOf(v).getDimSize(present.find(ch)) : 1);
    if (ArrayRef<int64_t>(shape) != typeOf(v).getShape())
      v = reshapeTo(c, v, shape);
    product = product ? k.mul(product, v) : v;
  }
  if (sums) {
    SmallVector<int64_t> axes;
    for (size_t d = out.size(); d < all.size(); ++d)
      axes.push_back(d);
    product = ReduceOp::create(c.b, c.loc, product, ReduceKind::Sum, axes, false);
  }
  r.push_back(product);
  return success();
}


//===----------------------------------------------------------------------===//
// Resize (and Upsample): separable, one axis at a time. The sampling
// positions and weights depend only on shapes, scales and attributes, so
// they are computed here, in double, by the ONNX reference's formulas: an
// axis becomes a Gather (nearest) or a product with a constant [out, in]
// weight matrix (linear, cubic, antialias).
//===----------------------------------------------------------------------===//

namespace {

struct ResizeAttrs {
  std::string mode, coord, nearest, aspect;
  double cubicA;
  bool excludeOutside, antialias;
  float extrapolation;
};

/// The interpolation taps of one output position, with `ratio` the
/// fractional source position (1 where it is an integer), as the reference.
SmallVector<double> resizeCoeffs(const ResizeAttrs &a, double ratio, double scale) {
  if (a.mode == "nearest") {
    if (ratio == std::floor(ratio))
      return {0, 1};
    if (a.nearest == "round_prefer_ceil")
      return {double(ratio < 0.5), double(ratio >= 0.5)};
    if (a.nearest == "floor")
      return {1, 0};
    if (a.nearest == "ceil")
      return {0, 1};
    return {double(ratio <= 0.5), double(ratio > 0.5)}; // round_prefer_floor
  }
  if (a.mode == "linear") {
    if (!a.antialias)
      return {1 - ratio, ratio};
    double s = std::min(scale, 1.0);
    int64_t start = (int64_t)std::floor(-1 / s) + 1, footprint = 2 - 2 * start;
    SmallVector<double> w;
    double sum = 0;
    for (int64_t i = start; i < start + footprint; ++i)
      sum += w.emplace_back(std::clamp(1 - std::fabs((i - ratio) * s), 0.0, 1.0));
    for (double &x : w)
      x /= sum;
    return w;
  }
  double A = a.cubicA;
  if (!a.antialias) {
    double r1 = ratio + 1, q = 1 - ratio, q1 = q + 1;
    return {((A * r1 - 5 * A) * r1 + 8 * A) * r1 - 4 * A, ((A + 2) * ratio - (A + 3)) * ratio * ratio + 1,
            ((A + 2) * q - (A + 3)) * q * q + 1, ((A * q1 - 5 * A) * q1 + 8 * A) * q1 - 4 * A};
  }
  double s = std::min(scale, 1.0);
  auto coeff = [&](double x) {
    x = std::fabs(x);
    if (x <= 1)
      return (A + 2) * x * x * x - (A + 3) * x * x + 1;
    if (x < 2)
      return A * x * x * x - 5 * A * x * x + 8 * A * x - 4 * A;
    return 0.0;
  };
  int64_t start = (int64_t)std::floor(-2 / s) + 1, end = 2 - start;
  SmallVector<double> w;
  double sum = 0;
  for (int64_t i = start; i < end; ++i)
    sum += w.emplace_back(coeff(s * (i - ratio)));
  for (double &x : w)
    x /= sum;
  return w;
}

/// Weights [out][in] of one axis, and which outputs are extrapolated
/// (tf_crop_and_resize outside the input).
void resizeAxisWeights(const ResizeAttrs &a, int64_t in, int64_t out, double scale, double roi0, double roi1,
                       std::vector<std::vector<double>> &w, std::vector<bool> &extrapolated) {
  double outW = scale * in;
  w.assign(out, std::vector<double>(in, 0.0));
  extrapolated.assign(out, false);
  for (int64_t o = 0; o < out; ++o) {
    double y = o, x;
    if (a.coord == "align_corners")
      x = outW == 1 ? 0 : y * (in - 1) / (outW - 1);
    else if (a.coord == "asymmetric")
      x = y / scale;
    else if (a.coord == "tf_crop_and_resize") {
      x = outW == 1 ? (roi1 - roi0) * (in - 1) / 2 : y * (roi1 - roi0) * (in - 1) / (outW - 1);
      x += roi0 * (in - 1);
      extrapolated[o] = x < 0 || x > in - 1;
    } else if (a.coord == "pytorch_half_pixel")
      x = outW == 1 ? -0.5 : (y + 0.5) / scale - 0.5;
    else if (a.coord == "half_pixel_symmetric") {
      double adjustment = out / outW, center = in / 2.0;
      x = center * (1 - adjustment) + (y + 0.5) / scale - 0.5;
    } else // half_pixel
      x = (y + 0.5) / scale - 0.5;
    double fl = std::floor(x);
    double ratio = x == fl ? 1.0 : x - fl;
    SmallVector<double> coeffs = resizeCoeffs(a, ratio, scale);
    int64_t n = coeffs.size(), pad = (n + 1) / 2;
    double xp = x + pad, p = std::floor(xp), frac = xp - p;
    int64_t offset = n % 2 == 0 ? (frac == 0 ? -(n / 2) : -(n / 2) + 1)
                                : (frac <= 0.5 ? -((n - 1) / 2) : -((n - 1) / 2) + 1);
    int64_t startIdx = (int64_t)p + offset - pad;
    if (a.excludeOutside) {
      double sum = 0;
      for (int64_t j = 0; j < n; ++j) {
        if (startIdx + j < 0 || startIdx + j >= in)
          coeffs[j] = 0;
        sum += coeffs[j];
      }
      for (double &cf : coeffs)
        cf /= sum == 0 ? 1 : sum;
    }
    for (int64_t j = 0; j < n; ++j)
      w[o][std::clamp<int64_t>(startIdx + j, 0, in - 1)] += coeffs[j];
  }
}

/// Floats of a constant input (empty if absent or empty).
FailureOr<SmallVector<double>> constantDoubles(NodeContext &c, size_t i, StringRef what) {
  SmallVector<double> v;
  if (!c.input(i))
    return v;
  DenseElementsAttr attr;
  if (!c.constantInput(i, attr))
    return (void)c.error(what + " must be known at compile time (it decides the output shape)"), failure();
  if (!isa<FloatType>(attr.getElementType()))
    return (void)c.error(what + " must be float"), failure();
  for (APFloat f : attr.getValues<APFloat>())
    v.push_back(f.convertToDouble());
  return v;
}

} // namespace

/// Resize one axis of `x` to `out` with the given weights.
static Value resizeAxis(NodeContext &c, const ResizeAttrs &a, Value x, int64_t axis, int64_t out, double scale,
                        double roi0, double roi1) {
  auto t = typeOf(x);
  int64_t rank = t.getRank(), in = t.getDimSize(axis);
  std::vector<std::vector<double>> w;
  std::vector<bool> extrapolated;
  resizeAxisWeights(a, in, out, scale, roi0, roi1, w, extrapolated);
  Compose k{c};
  Value y;
  if (a.mode == "nearest") {
    // One tap of weight 1 per output: a gather (exact for any type).
    SmallVector<int64_t> idx;
    for (const auto &row : w)
      idx.push_back(std::max_element(row.begin(), row.end()) - row.begin());
    y = GatherOp::create(c.b, c.loc, x, i64Const(c, idx), axis);
  } else {
    // Along the rows: W [out, in] times x [..., in, cols]; along the last
    // axis: x [..., in] times W^T [in, out]; other axes move last first.
    bool rows = rank >= 2 && axis == rank - 2;
    SmallVector<int64_t> perm = llvm::to_vector(llvm::seq<int64_t>(0, rank));
    if (!rows && axis != rank - 1)
      std::swap(perm[axis], perm[rank - 1]);
    Value v = perm[rank - 1] == rank - 1 ? x : (Value)TransposeOp::create(c.b, c.loc, x, perm);
    SmallVector<float> flat;
    for (int64_t i = 0; i < (rows ? out : in); ++i)
      for (int64_t j = 0; j < (rows ? in : out); ++j)
        flat.push_back((float)(rows ? w[i][j] : w[j][i]));
    auto wt = RankedTensorType::get(rows ? ArrayRef<int64_t>{out, in} : ArrayRef<int64_t>{in, out}, c.b.getF32Type());
    Value wc = ConstantOp::create(c.b, c.loc, wt, DenseElementsAttr::get(wt, ArrayRef<float>(flat)));
    Value lhs = rows ? wc : v, rhs = rows ? v : wc;
    if (typeOf(lhs).getRank() == 2 && typeOf(rhs).getRank() == 2)
      y = MatMulOp::create(c.b, c.loc, lhs, rhs, Value(), ActivationKind::None, APFloat(0.0f), APFloat(0.0f));
    else
      y = BatchMatMulOp::create(c.b, c.loc, lhs, rhs);
    if (v != x)
      y = TransposeOp::create(c.b, c.loc, y, perm); // a swap is its own inverse
  }
  if (llvm::is_contained(extrapolated, true)) {
    SmallVector<int64_t> shape(rank, 1);
    shape[axis] = out;
    auto mt = RankedTensorType::get(shape, c.b.getI1Type());
    SmallVector<bool> mask(extrapolated.begin(), extrapolated.end());
    Value m = ConstantOp::create(c.b, c.loc, mt, DenseElementsAttr::get(mt, ArrayRef<bool>(mask)));
    y = k.select(m, k.f(a.extrapolation), y);
  }
  return y;
}

LogicalResult resize(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)) || failed(requireF32(c, {0})))
    return failure();
  bool upsample = c.node.op_type() == "Upsample";
  if (!upsample && c.opset < 11)
    return c.error("Resize before opset 11 is not supported");
  auto xt = typeOf(c.input(0));
  if (!xt.hasStaticShape() || xt.getNumElements() == 0)
    return c.error("the input needs a static, non-empty shape");
  int64_t rank = xt.getRank();
  ResizeAttrs a{c.getString("mode", "nearest"),
                upsample ? "asymmetric" : c.getString("coordinate_transformation_mode", "half_pixel"),
                upsample ? "floor" : c.getString("nearest_mode", "round_prefer_floor"),
                c.getString("keep_aspect_ratio_policy", "stretch"),
                c.getFloat("cubic_coeff_a", -0.75f),
                c.getInt("exclude_outside", 0) != 0,
                c.getInt("antialias", 0) != 0,
                c.getFloat("extrapolation_value", 0.0f)};
  if (!llvm::is_contained({"nearest", "linear", "cubic"}, a.mode) && !(upsample && a.mode == "bilinear"))
    return c.error("mode '" + a.mode + "' is not supported; supported: nearest, linear, cubic");
  if (a.mode == "bilinear")
    a.mode = "linear";
  if (!llvm::is_contained({"half_pixel", "half_pixel_symmetric", "pytorch_half_pixel", "align_corners",
                           "asymmetric", "tf_crop_and_resize"},
                          a.coord))
    return c.error("coordinate_transformation_mode '" + a.coord + "' is not supported");
  if (!llvm::is_contained({"round_prefer_floor", "round_prefer_ceil", "floor", "ceil"}, a.nearest))
    return c.error("nearest_mode '" + a.nearest + "' is not supported");
  if (!llvm::is_contained({"stretch", "not_larger", "not_smaller"}, a.aspect))
    return c.error("keep_aspect_ratio_policy '" + a.aspect + "' is not supported");
  if (a.antialias && a.mode == "nearest")
    return c.error("antialias needs mode linear or cubic");
  // Inputs: Upsample (X, scales); Resize (X, roi, scales, sizes).
  FailureOr<SmallVector<double>> roi = upsample ? SmallVector<double>() : constantDoubles(c, 1, "roi");
  FailureOr<SmallVector<double>> scales = constantDoubles(c, upsample ? 1 : 2, "scales");
  if (failed(roi) || failed(scales))
    return failure();
  std::optional<SmallVector<int64_t>> sizes;
  if (!upsample && c.input(3)) {
    sizes = c.constantInts(3);
    if (!sizes)
      return c.error("sizes must be known at compile time (they decide the output shape)");
    if (sizes->empty())
      sizes.reset();
  }
  if (scales->empty() == !sizes)
    return c.error("exactly one of scales and sizes must be given");
  FailureOr<SmallVector<int64_t>> axesOr = attrAxes(c, rank);
  if (failed(axesOr))
    return failure();
  SmallVector<int64_t> &axes = *axesOr;
  size_t nAxes = axes.size();
  if ((sizes && sizes->size() != nAxes) || (!sizes && scales->size() != nAxes))
    return c.error("scales or sizes needs one entry per resized axis (" + Twine(nAxes) + ")");
  if (!roi->empty() && roi->size() != 2 * nAxes)
    return c.error("roi needs two entries per resized axis");
  if (a.coord == "tf_crop_and_resize" && roi->empty())
    return c.error("tf_crop_and_resize needs roi");
  // Per full-rank axis: scale, output size, roi.
  SmallVector<double> scale(rank, 1.0), roi0(rank, 0.0), roi1(rank, 1.0);
  SmallVector<int64_t> outSize(xt.getShape());
  for (size_t i = 0; i < nAxes; ++i) {
    int64_t d = axes[i];
    if (!roi->empty()) {
      roi0[d] = (*roi)[i];
      roi1[d] = (*roi)[nAxes + i];
    }
    if (sizes) {
      outSize[d] = (*sizes)[i];
      scale[d] = (double)outSize[d] / xt.getDimSize(d);
    } else {
      scale[d] = (*scales)[i];
      if (!(scale[d] > 0) || !std::isfinite(scale[d]))
        return c.error("scales must be positive and finite");
      outSize[d] = (int64_t)(scale[d] * xt.getDimSize(d));
    }
  }
  if (sizes && a.aspect != "stretch") {
    double s = a.aspect == "not_larger" ? INFINITY : 0;
    for (int64_t d : axes)
      s = a.aspect == "not_larger" ? std::min(s, scale[d]) : std::max(s, scale[d]);
    for (int64_t d : axes) {
      scale[d] = s;
      outSize[d] = (int64_t)(s * xt.getDimSize(d) + 0.5);
    }
  }
  for (int64_t d : axes)
    if (outSize[d] < 1 || outSize[d] > (1 << 24))
      return c.error("output dimension " + Twine(d) + " would be " + Twine(outSize[d]) +
                     "; it must be in 1..2^24");
  Value y = c.input(0);
  for (int64_t d : axes) {
    bool identity = std::fabs(scale[d] - 1.0) <= 1e-9 && outSize[d] == xt.getDimSize(d) &&
                    std::fabs(roi0[d]) <= 1e-9 && std::fabs(roi1[d] - 1.0) <= 1e-9;
    if (!identity)
      y = resizeAxis(c, a, y, d, outSize[d], scale[d], roi0[d], roi1[d]);
  }
  r.push_back(y);
  return success();
}

/// HannWindow, HammingWindow, BlackmanWindow: the window of a compile-time
/// size, computed here in double by the ONNX definitions.
LogicalResult windowFunction(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)))
    return failure();
  auto size = c.constantInts(0);
  if (!size || size->size() != 1)
    return c.error("size must be a scalar known at compile time (it is the output length)");
  int64_t n = (*size)[0];
  if (n < 1 || n > (1 << 24))
    return c.error("size must be in 1..2^24");
  Type elt = elementTypeFor((int32_t)c.getInt("output_datatype", 1), c.b.getContext());
  if (!elt || !(elt.isF32() || elt.isF64()))
    return c.error("output_datatype must be FLOAT or DOUBLE");
  double n1 = c.getInt("periodic", 1) != 0 ? n : n - 1;
  StringRef op = c.node.op_type();
  SmallVector<double> w;
  for (int64_t i = 0; i < n; ++i) {
    double x = i;
    if (op == "HannWindow")
      w.push_back(std::pow(std::sin(x * M_PI / n1), 2));
    else if (op == "HammingWindow")
      w.push_back(25.0 / 46.0 - std::cos(x * M_PI * 2 / n1) * (21.0 / 46.0));
    else
      w.push_back(std::cos(x * (M_PI * 2) / n1) * -0.5 + std::cos(x * (M_PI * 4) / n1) * 0.08 + 0.42);
  }
  auto t = RankedTensorType::get({n}, elt);
  SmallVector<APFloat> v;
  for (double d : w) {
    APFloat f(d);
    bool lost;
    f.convert(cast<FloatType>(elt).getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
    v.push_back(f);
  }
  r.push_back(ConstantOp::create(c.b, c.loc, t, DenseElementsAttr::get(t, v)));
  return success();
}

/// OneHot: `values[1]` where the (wrapped) index equals the position along
/// the new axis, else `values[0]`.
LogicalResult oneHot(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 3)))
    return failure();
  auto depth = c.constantInts(1);
  if (!depth) {
    DenseElementsAttr d;
    if (c.constantInput(1, d) && isa<FloatType>(d.getElementType()) && d.getNumElements() == 1)
      depth = SmallVector<int64_t>{(int64_t)(*d.getValues<APFloat>().begin()).convertToDouble()};
  }
  if (!depth || depth->size() != 1)
    return c.error("depth must be a scalar known at compile time (it is an output dimension)");
  int64_t d = (*depth)[0];
  if (d < 1 || d > (1 << 24))
    return c.error("depth must be in 1..2^24");
  auto it = typeOf(c.input(0)), vt = typeOf(c.input(2));
  if (vt.getNumElements() != 2)
    return c.error("values must hold two elements (off, on)");
  int64_t rank = it.getRank() + 1;
  FailureOr<int64_t> axis = normAxis(c, c.getInt("axis", -1), rank);
  if (failed(axis))
    return failure();
  Compose k{c};
  Value idx = c.input(0);
  auto i64 = it.clone(c.b.getI64Type());
  if (it.getElementType() != i64.getElementType())
    idx = CastOp::create(c.b, c.loc, i64, idx);
  Value depthV = i64Const(c, {d});
  depthV = reshapeTo(c, depthV, {});
  Value zero = reshapeTo(c, i64Const(c, {0}), {});
  idx = k.select(k.less(idx, zero), k.add(idx, depthV), idx);
  SmallVector<int64_t> shape(it.getShape());
  shape.insert(shape.begin() + *axis, 1);
  idx = reshapeTo(c, idx, shape);
  SmallVector<int64_t> iotaShape(rank, 1), iota;
  iotaShape[*axis] = d;
  for (int64_t i = 0; i < d; ++i)
    iota.push_back(i);
  Value positions = reshapeTo(c, i64Const(c, iota), iotaShape);
  Value values = reshapeTo(c, c.input(2), {2});
  Value off = GatherOp::create(c.b, c.loc, values, reshapeTo(c, i64Const(c, {0}), {}), 0);
  Value on = GatherOp::create(c.b, c.loc, values, reshapeTo(c, i64Const(c, {1}), {}), 0);
  r.push_back(k.select(k.equal(idx, positions), on, off));
  return success();
}

/// Tile: each axis repeated, as a gather of position % size.
LogicalResult tile(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 2)))
    return failure();
  auto t = typeOf(c.input(0));
  auto repeats = c.constantInts(1);
  if (!repeats)
    return c.error("repeats must be known at compile time (they decide the output shape)");
  if ((int64_t)repeats->size() != t.getRank())
    return c.error("repeats needs one entry per input dimension");
  Value y = c.input(0);
  for (int64_t dim = 0; dim < t.getRank(); ++dim) {
    int64_t n = t.getDimSize(dim), rep = (*repeats)[dim];
    if (rep < 1 || n * rep > (1 << 24))
      return c.error("repeats must be positive and keep each dimension within 2^24");
    if (rep == 1)
      continue;
    SmallVector<int64_t> idx;
    for (int64_t o = 0; o < n * rep; ++o)
      idx.push_back(o % n);
    y = GatherOp::create(c.b, c.loc, y, i64Const(c, idx), dim);
  }
  r.push_back(y);
  return success();
}

/// TopK with a compile-time k, by ranking: element i's rank along the axis
/// is the number of elements before it in the order (larger first, or
/// smaller; ties by lower index, as ONNX sorts), and output position p takes
/// the element of rank p. O(n^2) compares per slice, so the axis is limited
/// to 4096 elements.
LogicalResult topK(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 2)))
    return failure();
  auto t = typeOf(c.input(0));
  if (t.getElementType().isInteger(1))
    return c.error("the input must be float32, float64 or an integer");
  int64_t rank = t.getRank();
  FailureOr<int64_t> axis = normAxis(c, c.getInt("axis", -1), rank);
  if (failed(axis))
    return failure();
  auto kv = c.constantInts(1);
  if (!kv || kv->size() != 1)
    return c.error("k must be known at compile time (it is an output dimension)");
  int64_t n = t.getDimSize(*axis), k = (*kv)[0];
  if (k < 0 || k > n)
    return c.error("k must be in 0..size of the axis (" + Twine(n) + ")");
  if (k == 0)
    return c.error("k = 0 gives empty outputs, which are not supported");
  if (n > 4096)
    return c.error("TopK over more than 4096 elements is not supported");
  // Always sorted: that is one of the orders an unsorted TopK may return.
  bool largest = c.getInt("largest", 1) != 0;
  Compose k2{c};
  auto unsq = [&](Value v, int64_t at) {
    SmallVector<int64_t> shape(typeOf(v).getShape());
    shape.insert(shape.begin() + at, 1);
    return reshapeTo(c, v, shape);
  };
  auto iotaAt = [&](int64_t len, int64_t at, int64_t outRank, bool asFloat) -> Value {
    SmallVector<int64_t> shape(outRank, 1);
    shape[at] = len;
    if (asFloat) {
      SmallVector<float> v;
      for (int64_t i = 0; i < len; ++i)
        v.push_back((float)i);
      auto ty = RankedTensorType::get(shape, c.b.getF32Type());
      return ConstantOp::create(c.b, c.loc, ty, DenseElementsAttr::get(ty, ArrayRef<float>(v)));
    }
    SmallVector<int64_t> v;
    for (int64_t i = 0; i < len; ++i)
      v.push_back(i);
    return reshapeTo(c, i64Const(c, v), shape);
  };
  Value x = c.input(0);
  // [.., i, j, ..]: does j come before i?
  Value xi = unsq(x, *axis + 1), xj = unsq(x, *axis);
  Value beats = largest ? k2.greater(xj, xi) : k2.less(xj, xi);
  Value ties = AndOp::create(c.b, c.loc, k2.equal(xj, xi),
                             k2.less(iotaAt(n, *axis + 1, rank + 1, false), iotaAt(n, *axis, rank + 1, false)));
  Value before = OrOp::create(c.b, c.loc, beats, ties);
  auto f32 = c.b.getF32Type();
  Value ranks = ReduceOp::create(c.b, c.loc, CastOp::create(c.b, c.loc, typeOf(before).clone(f32), before),
                                 ReduceKind::Sum, ArrayRef<int64_t>{*axis + 1}, false);
  // [.., i, p, ..]: is element i at output position p?
  Value at = k2.equal(unsq(ranks, *axis + 1), iotaAt(k, *axis + 1, rank + 1, true));
  // The source index of each output position (exact in float32 below 2^24);
  // the values are read back from it, bit for bit.
  Value idx = ReduceOp::create(c.b, c.loc, k2.select(at, iotaAt(n, *axis, rank + 1, true), k2.f(0)),
                               ReduceKind::Sum, ArrayRef<int64_t>{*axis}, false);
  idx = CastOp::create(c.b, c.loc, typeOf(idx).clone(c.b.getI64Type()), idx);
  r.push_back(GatherElementsOp::create(c.b, c.loc, typeOf(idx).clone(t.getElementType()), x, idx, *axis));
  r.push_back(idx);
  return success();
}

/// MaxPool and AveragePool over any number of spatial axes and with
/// dilations (the nn pool ops are 2-D and undilated): each axis gathers the
/// taps of every window (output position, tap), with positions outside the
/// input masked to -inf or 0, and the taps are reduced. The average divides
/// by the number of taps inside the input (or input plus declared pads with
/// count_include_pad), never counting the ceil_mode overhang.
LogicalResult poolByGather(NodeContext &c, SmallVectorImpl<Value> &r, bool isMax) {
  auto t = typeOf(c.input(0));
  int64_t rank = t.getRank(), nsp = rank - 2;
  if (nsp < 1 || !t.hasStaticShape())
    return c.error("the input needs a static shape (N, C, spatial...)");
  auto kernel = c.getInts("kernel_shape");
  if (!kernel || (int64_t)kernel->size() != nsp)
    return c.error("kernel_shape must have " + Twine(nsp) + " entries");
  SmallVector<int64_t> strides = c.getInts("strides").value_or(SmallVector<int64_t>(nsp, 1));
  SmallVector<int64_t> dil = c.getInts("dilations").value_or(SmallVector<int64_t>(nsp, 1));
  if ((int64_t)strides.size() != nsp || (int64_t)dil.size() != nsp)
    return c.error("strides and dilations need " + Twine(nsp) + " entries");
  for (int64_t d = 0; d < nsp; ++d)
    if ((*kernel)[d] < 1 || strides[d] < 1 || dil[d] < 1)
      return c.error("strides, dilations and kernel sizes must be positive");
  SmallVector<int64_t> pads(2 * nsp, 0);
  std::string autoPad = c.getString("auto_pad", "NOTSET");
  if (autoPad == "NOTSET") {
    pads = c.getInts("pads").value_or(pads);
    if ((int64_t)pads.size() != 2 * nsp)
      return c.error("pads must have " + Twine(2 * nsp) + " entries");
  } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    for (int64_t d = 0; d < nsp; ++d) {
      int64_t n = t.getDimSize(d + 2), out = (n + strides[d] - 1) / strides[d];
      int64_t total = std::max<int64_t>(0, (out - 1) * strides[d] + dil[d] * ((*kernel)[d] - 1) + 1 - n);
      int64_t small = total / 2, big = total - small;
      pads[d] = autoPad == "SAME_UPPER" ? small : big;
      pads[d + nsp] = autoPad == "SAME_UPPER" ? big : small;
    }
  } else if (autoPad != "VALID") {
    return c.error("auto_pad '" + autoPad + "' is not one of NOTSET, VALID, SAME_UPPER, SAME_LOWER");
  }
  bool ceil = c.getInt("ceil_mode", 0) != 0, includePad = c.getInt("count_include_pad", 0) != 0;
  int64_t volume = 1;
  SmallVector<int64_t> outs;
  for (int64_t d = 0; d < nsp; ++d) {
    int64_t n = t.getDimSize(d + 2), k = (*kernel)[d], pb = pads[d], pe = pads[d + nsp];
    if (pb < 0 || pe < 0)
      return c.error("pads must not be negative");
    int64_t span = n + pb + pe - dil[d] * (k - 1) - 1;
    if (span < 0)
      return c.error("the window is larger than the padded input along spatial axis " + Twine(d));
    int64_t out = (ceil ? (span + strides[d] - 1) / strides[d] : span / strides[d]) + 1;
    if (ceil && (out - 1) * strides[d] >= n + pb)
      --out;
    outs.push_back(out);
    volume *= out * k;
  }
  if (volume * t.getDimSize(0) * t.getDimSize(1) > (int64_t(1) << 24))
    return c.error("this pooling's windows hold more than 2^24 taps, too many to gather");
  // Gather each axis: [.., n, ..] -> [.., out, k, ..].
  Value x = c.input(0);
  SmallVector<int64_t> shape(t.getShape());
  std::vector<std::vector<bool>> valid(nsp), counted(nsp);
  for (int64_t d = 0; d < nsp; ++d) {
    int64_t n = t.getDimSize(d + 2), k = (*kernel)[d], pb = pads[d], pe = pads[d + nsp], out = outs[d];
    SmallVector<int64_t> idx;
    for (int64_t o = 0; o < out; ++o)
      for (int64_t tap = 0; tap < k; ++tap) {
        int64_t pos = o * strides[d] + tap * dil[d] - pb;
        idx.push_back(std::clamp<int64_t>(pos, 0, n - 1));
        valid[d].push_back(pos >= 0 && pos < n);
        counted[d].push_back(includePad ? pos >= -pb && pos < n + pe : pos >= 0 && pos < n);
      }
    int64_t at = 2 + 2 * d; // this axis, after the earlier ones were split
    x = GatherOp::create(c.b, c.loc, x, i64Const(c, idx), at);
    shape[at] = out;
    shape.insert(shape.begin() + at + 1, k);
    x = reshapeTo(c, x, shape);
  }
  // The mask of taps inside the input, over [1, 1, o1, k1, o2, k2, ...].
  SmallVector<int64_t> maskShape{1, 1};
  for (int64_t d = 0; d < nsp; ++d) {
    maskShape.push_back(outs[d]);
    maskShape.push_back((*kernel)[d]);
  }
  auto product = [&](const std::vector<std::vector<bool>> &per) {
    SmallVector<bool> all{true};
    for (int64_t d = 0; d < nsp; ++d) {
      SmallVector<bool> next;
      for (bool a : all)
        for (bool b : per[d])
          next.push_back(a && b);
      all = std::move(next);
    }
    return all;
  };
  Compose k{c};
  SmallVector<bool> mask = product(valid);
  if (llvm::is_contained(mask, false)) {
    auto mt = RankedTensorType::get(maskShape, c.b.getI1Type());
    Value m = ConstantOp::create(c.b, c.loc, mt, DenseElementsAttr::get(mt, ArrayRef<bool>(mask)));
    x = k.select(m, x, k.f(isMax ? -std::numeric_limits<float>::infinity() : 0.0f));
  }
  SmallVector<int64_t> tapAxes;
  for (int64_t d = 0; d < nsp; ++d)
    tapAxes.push_back(3 + 2 * d);
  Value y = ReduceOp::create(c.b, c.loc, x, isMax ? ReduceKind::Max : ReduceKind::Sum, tapAxes, false);
  if (!isMax) {
    // Taps counted per output position: the product over axes.
    SmallVector<bool> cnt = product(counted);
    SmallVector<int64_t> outShape{1, 1};
    int64_t outVol = 1;
    for (int64_t d = 0; d < nsp; ++d) {
      outShape.push_back(outs[d]);
      outVol *= outs[d];
    }
    SmallVector<float> divisor(outVol, 0.0f);
    // cnt is laid out [o1, k1, o2, k2, ...]; fold the k's.
    for (size_t flat = 0; flat < cnt.size(); ++flat) {
      if (!cnt[flat])
        continue;
      int64_t rem = flat, o = 0, stride = 1;
      SmallVector<int64_t> oIdx(nsp);
      for (int64_t d = nsp - 1; d >= 0; --d) {
        rem /= (*kernel)[d];
        oIdx[d] = rem % outs[d];
        rem /= outs[d];
      }
      for (int64_t d = nsp - 1; d >= 0; --d) {
        o += oIdx[d] * stride;
        stride *= outs[d];
      }
      divisor[o] += 1.0f;
    }
    auto dt = RankedTensorType::get(outShape, c.b.getF32Type());
    y = k.div(y, ConstantOp::create(c.b, c.loc, dt, DenseElementsAttr::get(dt, ArrayRef<float>(divisor))));
  }
  r.push_back(y);
  return success();
}

/// RotaryEmbedding (opset 23): the first rotary_embedding_dim features of
/// each head turn by the cached angles, in halves or interleaved pairs.
LogicalResult rotaryEmbedding(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 3)) || failed(requireF32(c, {0, 1, 2})))
    return failure();
  auto xt = typeOf(c.input(0));
  if (!xt.hasStaticShape() || (xt.getRank() != 3 && xt.getRank() != 4))
    return c.error("the input must be (batch, seq, hidden) or (batch, heads, seq, head_size), static");
  Value x = c.input(0);
  int64_t B = xt.getDimSize(0);
  if (xt.getRank() == 4)
    x = TransposeOp::create(c.b, c.loc, x, ArrayRef<int64_t>{0, 2, 1, 3});
  else {
    int64_t heads = c.getInt("num_heads", 0);
    if (heads < 1 || xt.getDimSize(2) % heads != 0)
      return c.error("3-D input needs num_heads dividing the hidden size");
    x = reshapeTo(c, x, {B, xt.getDimSize(1), heads, xt.getDimSize(2) / heads});
  }
  auto t = typeOf(x); // B, S, H, D
  int64_t S = t.getDimSize(1), H = t.getDimSize(2), D = t.getDimSize(3);
  int64_t rd = c.getInt("rotary_embedding_dim", 0);
  if (rd == 0)
    rd = D;
  if (rd < 2 || rd > D || rd % 2 != 0)
    return c.error("rotary_embedding_dim must be even and at most the head size");
  int64_t half = rd / 2;
  bool interleaved = c.getInt("interleaved", 0) != 0;
  SmallVector<int64_t> i1, i2;
  for (int64_t i = 0; i < half; ++i) {
    i1.push_back(interleaved ? 2 * i : i);
    i2.push_back(interleaved ? 2 * i + 1 : half + i);
  }
  Value cosC = c.input(1), sinC = c.input(2);
  if (c.input(3)) {
    cosC = GatherOp::create(c.b, c.loc, cosC, c.input(3), 0);
    sinC = GatherOp::create(c.b, c.loc, sinC, c.input(3), 0);
  }
  auto ct = typeOf(cosC);
  if (ct.getRank() != 3 || ct.getDimSize(0) != B || ct.getDimSize(1) != S || ct.getDimSize(2) != half ||
      typeOf(sinC).getShape() != ct.getShape())
    return c.error("the caches (after position_ids) must be (batch, seq, rotary_embedding_dim / 2)");
  cosC = reshapeTo(c, cosC, {B, S, 1, half});
  sinC = reshapeTo(c, sinC, {B, S, 1, half});
  Compose k{c};
  Value x1 = GatherOp::create(c.b, c.loc, x, i64Const(c, i1), 3);
  Value x2 = GatherOp::create(c.b, c.loc, x, i64Const(c, i2), 3);
  Value re = k.sub(k.mul(cosC, x1), k.mul(sinC, x2));
  Value im = k.add(k.mul(sinC, x1), k.mul(cosC, x2));
  Value rot;
  if (interleaved) {
    rot = ConcatOp::create(c.b, c.loc, ValueRange{reshapeTo(c, re, {B, S, H, half, 1}), reshapeTo(c, im, {B, S, H, half, 1})}, 4);
    rot = reshapeTo(c, rot, {B, S, H, rd});
  } else {
    rot = ConcatOp::create(c.b, c.loc, ValueRange{re, im}, 3);
  }
  if (rd < D) {
    SmallVector<int64_t> rest;
    for (int64_t i = rd; i < D; ++i)
      rest.push_back(i);
    rot = ConcatOp::create(c.b, c.loc, ValueRange{rot, GatherOp::create(c.b, c.loc, x, i64Const(c, rest), 3)}, 3);
  }
  r.push_back(xt.getRank() == 4 ? (Value)TransposeOp::create(c.b, c.loc, rot, ArrayRef<int64_t>{0, 2, 1, 3})
                                : reshapeTo(c, rot, xt.getShape()));
  return success();
}

/// GridSample (2-D and 3-D): each output position reads the input at the
/// grid's (denormalized) coordinates: the nearest pixel, or the 2^k
/// (linear) or 4^k (cubic) neighbours weighted, by the ONNX reference.
/// Coordinates outside the input are clamped (border) or reflected
/// (reflection) first; taps outside read 0 (zeros), the border pixel, or
/// the reflected one. Taps are gathered from the flattened spatial axes.
LogicalResult gridSample(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 2)) || failed(requireF32(c, {0, 1})))
    return failure();
  auto xt = typeOf(c.input(0)), gt = typeOf(c.input(1));
  int64_t k = xt.getRank() - 2;
  if (!xt.hasStaticShape() || !gt.hasStaticShape() || (k != 2 && k != 3) || gt.getRank() != k + 2 ||
      gt.getDimSize(0) != xt.getDimSize(0) || gt.getDimSize(k + 1) != k)
    return c.error("needs a static (N, C, H, W[, D]) input and an (N, H_out, W_out[, D_out], 2 or 3) grid");
  std::string mode = c.getString("mode", c.opset < 20 ? "bilinear" : "linear");
  if (mode == "bilinear")
    mode = "linear";
  if (mode == "bicubic")
    mode = "cubic";
  std::string padding = c.getString("padding_mode", "zeros");
  bool align = c.getInt("align_corners", 0) != 0;
  if (!llvm::is_contained({"nearest", "linear", "cubic"}, mode))
    return c.error("mode '" + mode + "' is not supported");
  if (!llvm::is_contained({"zeros", "border", "reflection"}, padding))
    return c.error("padding_mode '" + padding + "' is not supported");
  if (mode == "cubic" && k != 2)
    return c.error("cubic sampling is 2-D only");
  int64_t N = xt.getDimSize(0), C = xt.getDimSize(1), P = 1;
  SmallVector<int64_t> dims, outSpatial;
  for (int64_t i = 0; i < k; ++i) {
    dims.push_back(xt.getDimSize(2 + i));
    outSpatial.push_back(gt.getDimSize(1 + i));
    P *= dims.back();
  }
  int64_t O = 1;
  for (int64_t d : outSpatial)
    O *= d;
  int64_t taps1 = mode == "nearest" ? 1 : mode == "linear" ? 2 : 4, tapCount = 1;
  for (int64_t i = 0; i < k; ++i)
    tapCount *= taps1;
  if (N * C * O * tapCount > (int64_t(1) << 24))
    return c.error("the sampled taps exceed 2^24 elements");
  Compose m{c};
  // Grid component for spatial axis i (the grid lists x, y[, z]: reversed).
  auto coord = [&](int64_t i) -> Value {
    Value g = GatherOp::create(c.b, c.loc, c.input(1), reshapeTo(c, i64Const(c, {k - 1 - i}), {}), k + 1);
    return reshapeTo(c, g, {N, O}); // [N, O]
  };
  auto reflect = [&](Value v, double lo, double hi) -> Value {
    double rng = hi - lo;
    auto side = [&](Value dx, double near, double far) {
      Value n = FloorOp::create(c.b, c.loc, m.div(dx, m.f((float)rng)));
      Value rr = m.sub(dx, m.mul(n, m.f((float)rng)));
      Value odd = m.sub(n, m.mul(m.f(2), FloorOp::create(c.b, c.loc, m.div(n, m.f(2)))));
      Value toward = near < far ? m.add(m.f((float)near), rr) : m.sub(m.f((float)near), rr);
      Value back = near < far ? m.sub(m.f((float)far), rr) : m.add(m.f((float)far), rr);
      return m.select(m.equal(odd, m.f(0)), toward, back);
    };
    Value below = side(m.sub(m.f((float)lo), v), lo, hi);
    Value above = side(m.sub(v, m.f((float)hi)), hi, lo);
    return m.select(m.less(v, m.f((float)lo)), below, m.select(m.greater(v, m.f((float)hi)), above, v));
  };
  // Per axis: the coordinate after denormalization and border handling.
  SmallVector<Value> xs;
  SmallVector<double> lo, hi;
  for (int64_t i = 0; i < k; ++i) {
    double len = dims[i];
    Value g = coord(i);
    Value x = align ? m.mul(m.div(m.add(g, m.f(1)), m.f(2)), m.f((float)(len - 1)))
                    : m.div(m.sub(m.mul(m.add(g, m.f(1)), m.f((float)len)), m.f(1)), m.f(2));
    if (mode == "nearest")
      x = RoundOp::create(c.b, c.loc, x);
    lo.push_back(align ? 0.0 : -0.5);
    hi.push_back(align ? len - 1 : len - 0.5);
    if (padding == "border") {
      Value out = OrOp::create(c.b, c.loc, m.less(x, m.f((float)lo[i])), m.greater(x, m.f((float)hi[i])));
      x = m.select(out, m.min(m.max(x, m.f(0)), m.f((float)(len - 1))), x);
    } else if (padding == "reflection") {
      x = reflect(x, lo[i], hi[i]);
    }
    xs.push_back(x);
  }
  // Per axis and tap: the integer position (as float), its weight.
  SmallVector<SmallVector<std::pair<Value, Value>>> perAxis(k);
  for (int64_t i = 0; i < k; ++i) {
    if (mode == "nearest") {
      perAxis[i].push_back({xs[i], Value()});
      continue;
    }
    Value x0 = FloorOp::create(c.b, c.loc, xs[i]);
    Value t = m.sub(xs[i], x0);
    if (mode == "linear") {
      perAxis[i].push_back({x0, m.sub(m.f(1), t)});
      perAxis[i].push_back({m.add(x0, m.f(1)), t});
      continue;
    }
    float A = -0.75f;
    Value t1 = m.add(t, m.f(1)), u = m.sub(m.f(1), t), u1 = m.sub(m.f(2), t);
    auto far = [&](Value z) { // ((A z - 5A) z + 8A) z - 4A
      return m.sub(m.mul(m.add(m.mul(m.sub(m.mul(m.f(A), z), m.f(5 * A)), z), m.f(8 * A)), z), m.f(4 * A));
    };
    auto nearC = [&](Value z) { // ((A + 2) z - (A + 3)) z z + 1
      return m.add(m.mul(m.mul(m.sub(m.mul(m.f(A + 2), z), m.f(A + 3)), z), z), m.f(1));
    };
    perAxis[i].push_back({m.sub(x0, m.f(1)), far(t1)});
    perAxis[i].push_back({x0, nearC(t)});
    perAxis[i].push_back({m.add(x0, m.f(1)), nearC(u)});
    perAxis[i].push_back({m.add(x0, m.f(2)), far(u1)});
  }
  // Each tap's pixel index along its axis, and whether it reads the input
  // (zeros padding), computed once per (axis, tap) for all combinations.
  struct Tap {
    Value index, weight, valid;
  };
  SmallVector<SmallVector<Tap>> taps(k);
  for (int64_t i = 0; i < k; ++i)
    for (auto [p, w] : perAxis[i]) {
      double len = dims[i];
      Value valid;
      if (padding == "zeros")
        valid = AndOp::create(c.b, c.loc, m.greater(p, m.f(-0.5f)), m.less(p, m.f((float)len - 0.5f)));
      else if (padding == "reflection" && mode != "nearest")
        p = reflect(p, lo[i], hi[i]);
      // Border (and zeros, whose outside taps are masked) clamp the index.
      p = m.min(m.max(p, m.f(0)), m.f((float)(len - 1)));
      taps[i].push_back({CastOp::create(c.b, c.loc, typeOf(p).clone(c.b.getI64Type()), p), w, valid});
    }
  Value flatX = reshapeTo(c, c.input(0), {N, C, P});
  auto fullIdx = RankedTensorType::get({N, C, O}, c.b.getI64Type());
  Value sum;
  for (int64_t combo = 0; combo < tapCount; ++combo) {
    Value flat, weight, valid;
    int64_t rem = combo, stride = 1;
    for (int64_t i = k - 1; i >= 0; --i) {
      const Tap &t = taps[i][rem % taps1];
      rem /= taps1;
      Value term = stride == 1 ? t.index : m.mul(t.index, reshapeTo(c, i64Const(c, {stride}), {}));
      flat = flat ? m.add(flat, term) : term;
      if (t.weight)
        weight = weight ? m.mul(weight, t.weight) : t.weight;
      if (t.valid)
        valid = valid ? (Value)AndOp::create(c.b, c.loc, valid, t.valid) : t.valid;
      stride *= dims[i];
    }
    Value idx3 = ExpandOp::create(c.b, c.loc, fullIdx, reshapeTo(c, flat, {N, 1, O}));
    Value v = GatherElementsOp::create(c.b, c.loc, RankedTensorType::get({N, C, O}, c.b.getF32Type()), flatX,
                                       idx3, 2);
    if (weight)
      v = m.mul(v, reshapeTo(c, weight, {N, 1, O}));
    if (valid)
      v = m.select(reshapeTo(c, valid, {N, 1, O}), v, m.f(0));
    sum = sum ? m.add(sum, v) : v;
  }
  SmallVector<int64_t> outShape{N, C};
  outShape.append(outSpatial.begin(), outSpatial.end());
  r.push_back(reshapeTo(c, sum, outShape));
  return success();
}

//===----------------------------------------------------------------------===//
// Control flow, resolved at compile time: If on a constant condition takes
// its branch; Scan over a static sequence is unrolled. Both inline the
// subgraph's nodes as if they were the main graph's.
//===----------------------------------------------------------------------===//

static const onnx::GraphProto *graphAttr(NodeContext &c, StringRef name) {
  const auto *a = c.attr(name);
  return a && a->has_g() ? &a->g() : nullptr;
}

LogicalResult ifOp(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)))
    return failure();
  DenseElementsAttr cond;
  if (!c.constantInput(0, cond) || cond.getNumElements() != 1 || !cond.getElementType().isInteger(1))
    return c.error("the condition must be a bool known at compile time (edgec inlines the branch taken)");
  bool taken = *cond.getValues<bool>().begin();
  const onnx::GraphProto *branch = graphAttr(c, taken ? "then_branch" : "else_branch");
  if (!branch)
    return c.error(Twine("the ") + (taken ? "then_branch" : "else_branch") + " graph is missing");
  FailureOr<SmallVector<Value>> out = c.subgraph(*branch, {});
  if (failed(out))
    return failure();
  if ((int)out->size() != c.node.output_size())
    return c.error("the branch gives " + Twine(out->size()) + " outputs for " + Twine(c.node.output_size()));
  r.append(out->begin(), out->end());
  return success();
}

LogicalResult scan(NodeContext &c, SmallVectorImpl<Value> &r) {
  const onnx::GraphProto *body = graphAttr(c, "body");
  if (!body)
    return c.error("the body graph is missing");
  int64_t m = c.getInt("num_scan_inputs", -1), total = c.inputs.size();
  if (m < 1 || m > total || llvm::any_of(c.inputs, [](Value v) { return !v; }))
    return c.error("num_scan_inputs must be in 1..number of inputs, with no input omitted");
  int64_t nStates = total - m, nOut = c.node.output_size() - nStates;
  if (nOut < 0 || body->output_size() != nStates + nOut || body->input_size() != total)
    return c.error("the body's inputs and outputs do not match the node's");
  auto ints = [&](StringRef name, int64_t n) {
    SmallVector<int64_t> v = c.getInts(name).value_or(SmallVector<int64_t>(n, 0));
    return v;
  };
  SmallVector<int64_t> inAxes = ints("scan_input_axes", m), inDirs = ints("scan_input_directions", m);
  SmallVector<int64_t> outAxes = ints("scan_output_axes", nOut), outDirs = ints("scan_output_directions", nOut);
  if ((int64_t)inAxes.size() != m || (int64_t)inDirs.size() != m || (int64_t)outAxes.size() != nOut ||
      (int64_t)outDirs.size() != nOut)
    return c.error("scan axes and directions need one entry per scan input and output");
  int64_t steps = -1;
  for (int64_t j = 0; j < m; ++j) {
    auto t = typeOf(c.input(nStates + j));
    FailureOr<int64_t> a = normAxis(c, inAxes[j], t.getRank());
    if (failed(a) || !t.hasStaticShape())
      return failed(a) ? failure() : c.error("scan inputs need static shapes");
    inAxes[j] = *a;
    int64_t len = t.getDimSize(*a);
    if (steps >= 0 && len != steps)
      return c.error("scan inputs differ in sequence length");
    steps = len;
  }
  if (steps < 1)
    return c.error("an empty sequence is not supported");
  if (steps * std::max(1, body->node_size()) > 20000)
    return c.error("unrolling " + Twine(steps) + " steps of a " + Twine(body->node_size()) +
                   "-node body is too large");
  SmallVector<Value> states(c.inputs.begin(), c.inputs.begin() + nStates);
  SmallVector<SmallVector<Value>> outs(nOut);
  for (int64_t t = 0; t < steps; ++t) {
    SmallVector<Value> in(states);
    for (int64_t j = 0; j < m; ++j) {
      int64_t at = inDirs[j] ? steps - 1 - t : t;
      in.push_back(GatherOp::create(c.b, c.loc, c.input(nStates + j), reshapeTo(c, i64Const(c, {at}), {}),
                                    inAxes[j]));
    }
    FailureOr<SmallVector<Value>> res = c.subgraph(*body, in);
    if (failed(res))
      return failure();
    for (int64_t s = 0; s < nStates; ++s)
      states[s] = (*res)[s];
    for (int64_t k = 0; k < nOut; ++k)
      outs[k].push_back((*res)[nStates + k]);
  }
  r.append(states.begin(), states.end());
  for (int64_t k = 0; k < nOut; ++k) {
    auto et = typeOf(outs[k][0]);
    FailureOr<int64_t> a = normAxis(c, outAxes[k], et.getRank() + 1);
    if (failed(a))
      return failure();
    if (outDirs[k])
      std::reverse(outs[k].begin(), outs[k].end());
    SmallVector<Value> parts;
    for (Value v : outs[k]) {
      SmallVector<int64_t> shape(typeOf(v).getShape());
      shape.insert(shape.begin() + *a, 1);
      parts.push_back(reshapeTo(c, v, shape));
    }
    r.push_back(parts.size() == 1 ? parts[0] : (Value)ConcatOp::create(c.b, c.loc, parts, *a));
  }
  return success();
}

/// AffineGrid: the normalized sampling grid of a compile-time size, as
/// theta times the homogeneous base grid (x, y[, z], 1) computed here.
LogicalResult affineGrid(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 2)) || failed(requireF32(c, {0})))
    return failure();
  auto size = c.constantInts(1);
  if (!size || (size->size() != 4 && size->size() != 5))
    return c.error("size must be (N, C, H, W) or (N, C, D, H, W), known at compile time");
  int64_t k = size->size() - 2, N = (*size)[0];
  auto tt = typeOf(c.input(0));
  if (!tt.hasStaticShape() || tt.getRank() != 3 || tt.getDimSize(0) != N || tt.getDimSize(1) != k ||
      tt.getDimSize(2) != k + 1)
    return c.error("theta must be (N, " + Twine(k) + ", " + Twine(k + 1) + ")");
  bool align = c.getInt("align_corners", 0) != 0;
  SmallVector<int64_t> spatial(size->begin() + 2, size->end());
  int64_t P = 1;
  for (int64_t d : spatial) {
    if (d < 1 || d > (1 << 20))
      return c.error("spatial sizes must be in 1..2^20");
    P *= d;
  }
  if (P * (k + 1) > (1 << 24))
    return c.error("the grid is too large");
  // Base coordinates along each axis, as the reference's arange.
  auto axisCoords = [&](int64_t len) {
    SmallVector<double> a;
    double step = align ? 2.0 / (len - 1) : 2.0 / len, start = align ? -1.0 : -1.0 + step / 2;
    for (int64_t i = 0; i < len; ++i)
      a.push_back(len == 1 && align ? -1.0 : start + i * step);
    return a;
  };
  SmallVector<SmallVector<double>> coords;
  for (int64_t d : spatial)
    coords.push_back(axisCoords(d));
  SmallVector<float> base; // [P, k + 1]: x (last axis) first, then ..., then 1
  SmallVector<int64_t> idx(k, 0);
  for (int64_t p = 0; p < P; ++p) {
    for (int64_t a = k - 1; a >= 0; --a)
      base.push_back((float)coords[a][idx[a]]);
    base.push_back(1.0f);
    for (int64_t a = k - 1; a >= 0; --a) {
      if (++idx[a] < spatial[a])
        break;
      idx[a] = 0;
    }
  }
  auto bt = RankedTensorType::get({P, k + 1}, c.b.getF32Type());
  Value b = ConstantOp::create(c.b, c.loc, bt, DenseElementsAttr::get(bt, ArrayRef<float>(base)));
  Value thetaT = TransposeOp::create(c.b, c.loc, c.input(0), ArrayRef<int64_t>{0, 2, 1});
  Value g = BatchMatMulOp::create(c.b, c.loc, b, thetaT); // [N, P, k]
  SmallVector<int64_t> shape{N};
  shape.append(spatial.begin(), spatial.end());
  shape.push_back(k);
  r.push_back(reshapeTo(c, g, shape));
  return success();
}

} // namespace edgec::onnx_import::ops

//===- OnnxOps.cpp - Opset-aware handlers of the default ONNX domain ------===//
//
// Each handler states the opset versions it covers. Opset differences are
// resolved here so that nn ops have one meaning: inputs that later opsets
// turned from attributes into operands (Clip bounds, Pad pads, Squeeze
// axes, Slice bounds) must be constant and become attributes.
//
//===----------------------------------------------------------------------===//
#include "compiler/Import/OnnxOpsUtil.h"
#include "dialects/nn/IR/NNOps.h"
#include "dialects/qnn/IR/QNNOps.h"
#include "mlir/IR/Matchers.h"

#include <cmath>

using namespace mlir;
using namespace edgec::nn;

namespace edgec::onnx_import {
namespace ops {

// Opsets 23-25 changed none of these operators' semantics (they added
// element types such as float4/float8, which the importer refuses by type);
// opsets 26 and 27 (onnx 1.22) changed none of them at all (they introduce
// BitCast, CumProd, Range, CausalConvWithState and LinearAttention).
constexpr int64_t kLatest = 27;

RankedTensorType typeOf(Value v) { return cast<RankedTensorType>(v.getType()); }

Value i64Const(NodeContext &c, ArrayRef<int64_t> values) {
  auto ty = RankedTensorType::get({(int64_t)values.size()}, c.b.getI64Type());
  return ConstantOp::create(c.b, c.loc, ty, DenseIntElementsAttr::get(ty, values));
}

/// Normalizes a possibly negative axis; fails with a message if invalid.
FailureOr<int64_t> normAxis(NodeContext &c, int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank)
    return (void)c.error("axis " + Twine(axis) + " is out of range for rank " + Twine(rank)), failure();
  return axis < 0 ? axis + rank : axis;
}

LogicalResult requireInputs(NodeContext &c, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (!c.input(i))
      return c.error("input " + Twine(i) + " is required");
  return success();
}

/// Reshape to a static target shape (Flatten, Squeeze, Unsqueeze).
Value reshapeTo(NodeContext &c, Value v, ArrayRef<int64_t> shape) {
  // The shape is literal: a 0 is an empty dimension (allowzero), not ONNX's
  // "copy the input's".
  return ReshapeOp::create(c.b, c.loc, v, i64Const(c, shape), true);
}

bool hasStaticShape(Value v) { return typeOf(v).hasStaticShape(); }

/// A 1-D window (rank-3 N, C, L input) runs as a 2-D one of height 1: the
/// window attributes get a leading 1 (pads a leading 0 on each side).
SmallVector<int64_t> lift1D(ArrayRef<int64_t> v, bool oneD, int64_t lead) {
  SmallVector<int64_t> out(v);
  if (oneD && v.size() == 1)
    out.insert(out.begin(), lead);
  return out;
}

/// Resolves auto_pad and explicit pads of a 2-D window (`input` is rank 4;
/// `oneD` when the node's window is 1-D and was lifted) into
/// [top, left, bottom, right].
FailureOr<SmallVector<int64_t>> windowPads(NodeContext &c, Value input,
                                           ArrayRef<int64_t> kernel,
                                           ArrayRef<int64_t> strides,
                                           ArrayRef<int64_t> dilations, bool oneD) {
  for (int i = 0; i < 2; ++i)
    if (strides[i] <= 0 || dilations[i] <= 0 || kernel[i] <= 0)
      return (void)c.error("strides, dilations and kernel sizes must be positive"), failure();
  std::string autoPad = c.getString("auto_pad", "NOTSET");
  if (autoPad == "NOTSET") {
    size_t n = oneD ? 2 : 4;
    auto pads = c.getInts("pads").value_or(SmallVector<int64_t>(n, 0));
    if (pads.size() != n)
      return (void)c.error("pads must have " + Twine(n) + " entries for a " + Twine(n / 2) +
                           "-D window, got " + Twine(pads.size())),
             failure();
    if (oneD)
      pads = {0, pads[0], 0, pads[1]};
    return pads;
  }
  if (autoPad == "VALID")
    return SmallVector<int64_t>(4, 0);
  if (autoPad != "SAME_UPPER" && autoPad != "SAME_LOWER")
    return (void)c.error("auto_pad '" + autoPad + "' is not one of NOTSET, VALID, SAME_UPPER, SAME_LOWER"),
           failure();
  auto in = typeOf(input);
  if (in.isDynamicDim(2) || in.isDynamicDim(3))
    return (void)c.error("auto_pad " + autoPad + " needs static spatial dimensions"), failure();
  SmallVector<int64_t> pads(4, 0);
  for (int i = 0; i < 2; ++i) {
    int64_t size = in.getDimSize(2 + i);
    int64_t out = (size + strides[i] - 1) / strides[i];
    int64_t total = std::max<int64_t>(
        0, (out - 1) * strides[i] + dilations[i] * (kernel[i] - 1) + 1 - size);
    int64_t small = total / 2, big = total - small;
    pads[i] = autoPad == "SAME_UPPER" ? small : big;
    pads[i + 2] = autoPad == "SAME_UPPER" ? big : small;
  }
  return pads;
}

/// 1-D (rank 3, lifted to height 1) or 2-D (rank 4) windows.
LogicalResult checkWindowRank(NodeContext &c, Value input) {
  int64_t rank = typeOf(input).getRank();
  if (rank != 4 && rank != 3)
    return c.error("only 1-D and 2-D (rank-3 NCL and rank-4 NCHW) inputs are supported, got " +
                   Twine(rank - 2) + "-D");
  if (rank == 3 && !typeOf(input).hasStaticShape())
    return c.error("a 1-D window needs a static input shape");
  return success();
}

/// The rank-3 N, C, L `v` as N, C, 1, L.
Value liftTo2D(NodeContext &c, Value v) {
  auto s = typeOf(v).getShape();
  return reshapeTo(c, v, {s[0], s[1], 1, s[2]});
}

/// The 2-D result of a lifted 1-D window back as N, C, L.
Value dropHeight(NodeContext &c, Value v) {
  auto s = typeOf(v).getShape();
  return reshapeTo(c, v, {s[0], s[1], s[3]});
}

//===----------------------------------------------------------------------===//
// Handlers
//===----------------------------------------------------------------------===//

LogicalResult conv(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 2)) || failed(checkWindowRank(c, c.input(0))))
    return failure();
  bool oneD = typeOf(c.input(0)).getRank() == 3;
  Value x = c.input(0), wv = c.input(1);
  auto w = typeOf(wv);
  if (w.getRank() != typeOf(x).getRank() || !w.hasStaticShape())
    return c.error("weight must be a static tensor of the input's rank");
  if (oneD) {
    x = liftTo2D(c, x);
    wv = liftTo2D(c, wv);
    w = typeOf(wv);
  }
  auto kernel = lift1D(c.getInts("kernel_shape").value_or(SmallVector<int64_t>{w.getDimSize(2), w.getDimSize(3)}), oneD, 1);
  if (kernel.size() != 2 || kernel[0] != w.getDimSize(2) || kernel[1] != w.getDimSize(3))
    return c.error("kernel_shape disagrees with the weight shape");
  auto strides = lift1D(c.getInts("strides").value_or(SmallVector<int64_t>{1, 1}), oneD, 1);
  auto dil = lift1D(c.getInts("dilations").value_or(SmallVector<int64_t>{1, 1}), oneD, 1);
  if (strides.size() != 2 || dil.size() != 2)
    return c.error(Twine("strides and dilations need ") + (oneD ? "1 entry" : "2 entries"));
  auto pads = windowPads(c, x, kernel, strides, dil, oneD);
  if (failed(pads))
    return failure();
  Value y = ConvOp::create(c.b, c.loc, x, wv, c.input(2), strides, *pads, dil,
                           c.getInt("group", 1), ActivationKind::None, APFloat(0.0f),
                           APFloat(0.0f));
  r.push_back(oneD ? dropHeight(c, y) : y);
  return success();
}

LogicalResult gemm(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 2)))
    return failure();
  if (typeOf(c.input(0)).getRank() != 2 || typeOf(c.input(1)).getRank() != 2)
    return c.error("A and B must be rank 2");
  r.push_back(GemmOp::create(c.b, c.loc, c.input(0), c.input(1), c.input(2),
                             APFloat(c.getFloat("alpha", 1.0f)), APFloat(c.getFloat("beta", 1.0f)),
                             c.getInt("transA", 0) != 0, c.getInt("transB", 0) != 0,
                             ActivationKind::None, APFloat(0.0f), APFloat(0.0f)));
  return success();
}

/// MatMul with numpy semantics: a 1-D A is a row [1, K] and a 1-D B a
/// column [K, 1], their unit dimension dropped from the result; rank 2 is
/// nn.matmul (where fusions and int8 apply), more is nn.batch_matmul with
/// broadcast batch dimensions.
LogicalResult matmul(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 2)))
    return failure();
  Value a = c.input(0), b = c.input(1);
  auto at = typeOf(a), bt = typeOf(b);
  if (at.getRank() == 2 && bt.getRank() == 2) {
    r.push_back(MatMulOp::create(c.b, c.loc, a, b, Value(), ActivationKind::None, APFloat(0.0f),
                                 APFloat(0.0f)));
    return success();
  }
  if (!at.hasStaticShape() || !bt.hasStaticShape() || at.getRank() == 0 || bt.getRank() == 0)
    return c.error("batched or 1-D MatMul needs static shapes of rank 1 or more");
  if (!at.getElementType().isF32() || !bt.getElementType().isF32())
    return c.error("batched or 1-D MatMul is supported for float32 only");
  bool rowA = at.getRank() == 1, colB = bt.getRank() == 1;
  if (rowA)
    a = reshapeTo(c, a, {1, at.getDimSize(0)});
  if (colB)
    b = reshapeTo(c, b, {bt.getDimSize(0), 1});
  auto at2 = typeOf(a), bt2 = typeOf(b);
  if (at2.getDimSize(at2.getRank() - 1) != bt2.getDimSize(bt2.getRank() - 2))
    return c.error("inner dimensions differ: " + Twine(at2.getDimSize(at2.getRank() - 1)) +
                   " and " + Twine(bt2.getDimSize(bt2.getRank() - 2)));
  SmallVector<int64_t> batch;
  if (!OpTrait::util::getBroadcastedShape(at2.getShape().drop_back(2), bt2.getShape().drop_back(2),
                                          batch))
    return c.error("batch dimensions are not broadcastable");
  Value y = at2.getRank() == 2 && bt2.getRank() == 2
                ? (Value)MatMulOp::create(c.b, c.loc, a, b, Value(), ActivationKind::None,
                                          APFloat(0.0f), APFloat(0.0f))
                : (Value)BatchMatMulOp::create(c.b, c.loc, a, b);
  SmallVector<int64_t> shape(typeOf(y).getShape());
  if (colB)
    shape.erase(shape.end() - 1);
  if (rowA)
    shape.erase(shape.end() - (colB ? 1 : 2));
  if (rowA || colB)
    y = reshapeTo(c, y, shape);
  r.push_back(y);
  return success();
}

/// Two operands of a broadcasting binary op: same element type, shapes
/// that broadcast (checked before building: type inference would abort).
LogicalResult checkBinary(NodeContext &c, Value a, Value b) {
  if (typeOf(a).getElementType() != typeOf(b).getElementType())
    return c.error("operand element types differ");
  SmallVector<int64_t> shape;
  if (!OpTrait::util::getBroadcastedShape(typeOf(a).getShape(), typeOf(b).getShape(), shape))
    return c.error("operand shapes are not broadcastable");
  return success();
}

template <typename Op>
LogicalResult binary(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 2)) || failed(checkBinary(c, c.input(0), c.input(1))))
    return failure();
  r.push_back(Op::create(c.b, c.loc, c.input(0), c.input(1)));
  return success();
}

/// Pow: a float base with an integer exponent raises to the exponent
/// converted to float (exact below 2^24); otherwise both share a type.
LogicalResult pow(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 2)))
    return failure();
  Value x = c.input(0), y = c.input(1);
  Type xt = typeOf(x).getElementType(), yt = typeOf(y).getElementType();
  if (xt.isF32() && yt.isInteger() && !yt.isInteger(1))
    y = CastOp::create(c.b, c.loc, typeOf(y).clone(xt), y);
  // An integer base: computed in double (exact while the power fits its
  // 53 bits, which covers every int32 result), truncated to the base's type.
  if (xt.isSignlessInteger() && !xt.isInteger(1) && (yt.isSignlessInteger() || yt.isF32() || yt.isF64()) &&
      !(matchPattern(x, m_Constant()) && matchPattern(y, m_Constant()))) {
    Type f64 = c.b.getF64Type();
    Value xd = CastOp::create(c.b, c.loc, typeOf(x).clone(f64), x);
    Value yd = CastOp::create(c.b, c.loc, typeOf(y).clone(f64), y);
    if (failed(checkBinary(c, xd, yd)))
      return failure();
    Value p = PowOp::create(c.b, c.loc, xd, yd);
    r.push_back(CastOp::create(c.b, c.loc, typeOf(p).clone(xt), p));
    return success();
  }
  if (failed(checkBinary(c, x, y)))
    return failure();
  r.push_back(PowOp::create(c.b, c.loc, x, y));
  return success();
}

template <typename Op>
LogicalResult unary(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)))
    return failure();
  if (!isa<FloatType>(typeOf(c.input(0)).getElementType()))
    return c.error("only float inputs are supported");
  r.push_back(Op::create(c.b, c.loc, c.input(0)));
  return success();
}

/// Abs, Neg, Sign: float32 or signed integers.
template <typename Op>
LogicalResult signedUnary(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)))
    return failure();
  Type t = typeOf(c.input(0)).getElementType();
  if (!isa<FloatType>(t) && !(t.isSignlessInteger() && !t.isInteger(1)))
    return c.error("only float and signed integer inputs are supported");
  r.push_back(Op::create(c.b, c.loc, c.input(0)));
  return success();
}

/// Bitwise ops and BitShift: integer tensors (not bool).
template <typename Op>
LogicalResult bitwise(NodeContext &c, SmallVectorImpl<Value> &r) {
  for (size_t i = 0; i < c.inputs.size(); ++i) {
    Type t = c.input(i) ? typeOf(c.input(i)).getElementType() : Type();
    if (!t || !t.isInteger() || t.isInteger(1))
      return c.error("only integer inputs are supported");
  }
  if constexpr (std::is_same_v<Op, BitShiftOp>) {
    std::string dir = c.getString("direction", "");
    if (dir != "LEFT" && dir != "RIGHT")
      return c.error("direction must be LEFT or RIGHT");
    if (failed(requireInputs(c, 2)) || failed(checkBinary(c, c.input(0), c.input(1))))
      return failure();
    r.push_back(BitShiftOp::create(c.b, c.loc, c.input(0), c.input(1), false, dir == "RIGHT"));
    return success();
  }
  if constexpr (std::is_same_v<Op, BitwiseNotOp>) {
    if (failed(requireInputs(c, 1)))
      return failure();
    r.push_back(Op::create(c.b, c.loc, c.input(0)));
    return success();
  } else {
    return binary<Op>(c, r);
  }
}

/// Sum: a chain of Adds (one input is the input itself).
LogicalResult sum(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)))
    return failure();
  Value acc = c.input(0);
  for (size_t i = 1; i < c.inputs.size(); ++i) {
    Value v = c.input(i);
    if (!v)
      return c.error("every input must be present");
    if (failed(checkBinary(c, acc, v)))
      return failure();
    acc = AddOp::create(c.b, c.loc, acc, v);
  }
  r.push_back(acc);
  return success();
}

/// Split into slices along an axis: sizes from the `split` input (opset 13+)
/// or attribute, else equal parts (num_outputs from opset 18, otherwise the
/// output count), the last part smaller if the axis does not divide.
LogicalResult split(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)))
    return failure();
  auto in = typeOf(c.input(0));
  if (!in.hasStaticShape())
    return c.error("the input shape must be static");
  auto axis = normAxis(c, c.getInt("axis", 0), in.getRank());
  if (failed(axis))
    return failure();
  int64_t dim = in.getDimSize(*axis), outputs = c.node.output_size();
  SmallVector<int64_t> sizes;
  if (c.input(1)) {
    auto s = c.constantInts(1);
    if (!s)
      return c.error("split sizes must be constant");
    sizes = *s;
  } else if (auto s = c.getInts("split")) {
    sizes = *s;
  } else {
    int64_t parts = c.getInt("num_outputs", outputs);
    if (parts < 1)
      return c.error("num_outputs must be positive");
    int64_t each = (dim + parts - 1) / parts;
    for (int64_t i = 0, left = dim; i < parts; ++i, left -= each)
      sizes.push_back(std::min(each, left));
  }
  if ((int64_t)sizes.size() != outputs)
    return c.error("split has " + Twine(sizes.size()) + " parts for " + Twine(outputs) + " outputs");
  int64_t total = 0;
  for (int64_t s : sizes) {
    if (s < 0)
      return c.error("split sizes must not be negative");
    total += s;
  }
  if (total != dim)
    return c.error("split sizes add up to " + Twine(total) + ", not the axis size " + Twine(dim));
  int64_t start = 0;
  for (int64_t s : sizes) {
    if (s == 0) {
      // An empty part is an empty constant: only Concat may drop it (the
      // importer refuses anything else computing on it).
      SmallVector<int64_t> shape(in.getShape());
      shape[*axis] = 0;
      auto t = RankedTensorType::get(shape, in.getElementType());
      r.push_back(ConstantOp::create(c.b, c.loc, t, DenseElementsAttr::get(t, ArrayRef<Attribute>{})));
      continue;
    }
    SmallVector<int64_t> starts(in.getRank(), 0), ends(in.getShape()), steps(in.getRank(), 1);
    starts[*axis] = start;
    ends[*axis] = start + s;
    r.push_back(SliceOp::create(c.b, c.loc, c.input(0), starts, ends, steps));
    start += s;
  }
  return success();
}

/// The float constant `v` as a rank-0 tensor (broadcasts anywhere).
Value f32Scalar(NodeContext &c, float v) {
  auto ty = RankedTensorType::get({}, c.b.getF32Type());
  return ConstantOp::create(c.b, c.loc, ty, DenseElementsAttr::get(ty, v));
}

/// Float32-only inputs for the composed float operators.
LogicalResult requireF32(NodeContext &c, std::initializer_list<size_t> inputs) {
  for (size_t i : inputs)
    if (c.input(i) && !typeOf(c.input(i)).getElementType().isF32())
      return c.error("only float32 inputs are supported");
  return success();
}

/// The indices 0..n-1 along `axis` of a rank-`rank` int64 tensor (1
/// elsewhere), to compare against an index tensor.
Value iotaAlong(NodeContext &c, int64_t n, int64_t axis, int64_t rank) {
  SmallVector<int64_t> shape(rank, 1);
  shape[axis] = n;
  auto ty = RankedTensorType::get(shape, c.b.getI64Type());
  SmallVector<int64_t> v(n);
  for (int64_t i = 0; i < n; ++i)
    v[i] = i;
  return ConstantOp::create(c.b, c.loc, ty, DenseIntElementsAttr::get(ty, v));
}

/// The normalized axes [axis, rank) of LayerNormalization and
/// RMSNormalization, with the float32 checks, and Scale (and B) checked to
/// broadcast to the input's shape.
FailureOr<SmallVector<int64_t>> normAxes(NodeContext &c) {
  auto in = typeOf(c.input(0));
  if (!in.getElementType().isF32())
    return (void)c.error("only float32 inputs are supported"), failure();
  for (size_t i = 1; i < 3; ++i) {
    if (!c.input(i))
      continue;
    auto t = typeOf(c.input(i));
    SmallVector<int64_t> shape;
    if (!t.getElementType().isF32() ||
        !OpTrait::util::getBroadcastedShape(in.getShape(), t.getShape(), shape) ||
        ArrayRef<int64_t>(shape) != in.getShape())
      return (void)c.error(Twine(i == 1 ? "Scale" : "B") +
                           " must be float32 and broadcast to the input shape"),
             failure();
  }
  if (c.getInt("stash_type", 1) != 1)
    return (void)c.error("only stash_type=1 (float32) is supported"), failure();
  auto axis = normAxis(c, c.getInt("axis", -1), in.getRank());
  if (failed(axis))
    return failure();
  SmallVector<int64_t> axes;
  for (int64_t d = *axis; d < in.getRank(); ++d)
    axes.push_back(d);
  return axes;
}

/// LayerNormalization as its definition: mean and variance over the axes
/// from `axis` on (float32, as stash_type 1), Y = (X - mean) * rsqrt(var +
/// epsilon) * Scale + B; optional outputs Mean and InvStdDev.
LogicalResult layerNorm(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 2)))
    return failure();
  auto axes = normAxes(c);
  if (failed(axes))
    return failure();
  Value x = c.input(0);
  Value mean = ReduceOp::create(c.b, c.loc, x, ReduceKind::Mean, *axes, true);
  Value d = SubOp::create(c.b, c.loc, x, mean);
  Value var = ReduceOp::create(c.b, c.loc, MulOp::create(c.b, c.loc, d, d), ReduceKind::Mean,
                               *axes, true);
  Value inv = ReciprocalOp::create(
      c.b, c.loc,
      SqrtOp::create(c.b, c.loc,
                     AddOp::create(c.b, c.loc, var, f32Scalar(c, c.getFloat("epsilon", 1e-5f)))));
  Value y = MulOp::create(c.b, c.loc, MulOp::create(c.b, c.loc, d, inv), c.input(1));
  if (c.input(2))
    y = AddOp::create(c.b, c.loc, y, c.input(2));
  r.push_back(y);
  if (c.node.output_size() > 1)
    r.push_back(mean);
  if (c.node.output_size() > 2)
    r.push_back(inv);
  return success();
}

/// RMSNormalization: Y = X * rsqrt(mean(X^2) + epsilon) * Scale over the
/// axes from `axis` on.
LogicalResult rmsNorm(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 2)))
    return failure();
  auto axes = normAxes(c);
  if (failed(axes))
    return failure();
  Value x = c.input(0);
  Value ms = ReduceOp::create(c.b, c.loc, MulOp::create(c.b, c.loc, x, x), ReduceKind::Mean, *axes,
                              true);
  Value inv = ReciprocalOp::create(
      c.b, c.loc,
      SqrtOp::create(c.b, c.loc,
                     AddOp::create(c.b, c.loc, ms, f32Scalar(c, c.getFloat("epsilon", 1e-5f)))));
  r.push_back(MulOp::create(c.b, c.loc, MulOp::create(c.b, c.loc, x, inv), c.input(1)));
  return success();
}

/// Trilu: the upper (or lower) triangle of the last two dimensions from
/// diagonal k on (k = 0 when omitted).
LogicalResult trilu(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)))
    return failure();
  auto in = typeOf(c.input(0));
  if (in.getRank() < 2 || !in.hasStaticShape())
    return c.error("the input must be static with rank 2 or more");
  Value k = c.input(1);
  if (!k)
    k = i64Const(c, {0});
  if (!typeOf(k).getElementType().isInteger(64) || !typeOf(k).hasStaticShape() ||
      typeOf(k).getNumElements() != 1)
    return c.error("k must be a one-element int64 tensor");
  r.push_back(TriluOp::create(c.b, c.loc, in, c.input(0), k, c.getInt("upper", 1) != 0));
  return success();
}

/// Unary ops with float attributes (HardSigmoid, Elu, Selu).
LogicalResult hardSigmoid(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)))
    return failure();
  r.push_back(HardSigmoidOp::create(c.b, c.loc, c.input(0), APFloat(c.getFloat("alpha", 0.2f)),
                                    APFloat(c.getFloat("beta", 0.5f))));
  return success();
}

LogicalResult elu(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)))
    return failure();
  r.push_back(EluOp::create(c.b, c.loc, c.input(0), APFloat(c.getFloat("alpha", 1.0f))));
  return success();
}

LogicalResult selu(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)))
    return failure();
  r.push_back(SeluOp::create(c.b, c.loc, c.input(0), APFloat(c.getFloat("alpha", 1.67326319f)),
                             APFloat(c.getFloat("gamma", 1.05070102f))));
  return success();
}

/// Max/Min take one or more inputs: a chain of two-operand ops.
template <typename Op>
LogicalResult variadic(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (c.inputs.empty() || llvm::any_of(c.inputs, [](Value v) { return !v; }))
    return c.error("needs at least one input, none omitted");
  Value acc = c.input(0);
  for (size_t i = 1; i < c.inputs.size(); ++i) {
    if (typeOf(acc).getElementType() != typeOf(c.input(i)).getElementType())
      return c.error("inputs must share an element type");
    SmallVector<int64_t> shape;
    if (!OpTrait::util::getBroadcastedShape(typeOf(acc).getShape(), typeOf(c.input(i)).getShape(), shape))
      return c.error("input shapes are not broadcastable");
    acc = Op::create(c.b, c.loc, acc, c.input(i));
  }
  r.push_back(acc);
  return success();
}

template <typename Op>
LogicalResult logical(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 2)))
    return failure();
  if (!typeOf(c.input(0)).getElementType().isInteger(1) || !typeOf(c.input(1)).getElementType().isInteger(1))
    return c.error("operands must be bool");
  return binary<Op>(c, r);
}

LogicalResult logicalNot(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)))
    return failure();
  if (!typeOf(c.input(0)).getElementType().isInteger(1))
    return c.error("the operand must be bool");
  r.push_back(NotOp::create(c.b, c.loc, c.input(0)));
  return success();
}

LogicalResult mod(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 2)) || failed(checkBinary(c, c.input(0), c.input(1))))
    return failure();
  bool fmod = c.getInt("fmod", 0) != 0;
  if (!fmod && isa<FloatType>(typeOf(c.input(0)).getElementType()))
    return c.error("fmod must be 1 for floating-point inputs");
  r.push_back(ModOp::create(c.b, c.loc, c.input(0), c.input(1), fmod));
  return success();
}

/// Cast (the target from `to`) and CastLike (from the second input), of
/// `value` (default: the node's first input).
LogicalResult castTo(NodeContext &c, Type to, SmallVectorImpl<Value> &r, Value value = Value()) {
  if (!value)
    value = c.input(0);
  auto in = typeOf(value);
  if (Type wide = computeTypeFor(to)) {
    // Narrow values live in their compute type inside edgec: round to the
    // narrow type and back. Floats get there from float32.
    Value x = value;
    if (wide.isF32() && !in.getElementType().isF32())
      x = CastOp::create(c.b, c.loc, in.clone(wide), x);
    auto narrow = CastOp::create(c.b, c.loc, in.clone(to), x);
    // ONNX's saturate (default 1) applies to float8; float4 has neither
    // infinity nor NaN and always saturates.
    if ((isa<FloatType>(to) && cast<FloatType>(to).getWidth() == 8 && c.getInt("saturate", 1) != 0) ||
        isa<Float4E2M1FNType>(to))
      narrow.setSaturate(true);
    r.push_back(CastOp::create(c.b, c.loc, in.clone(wide), narrow.getResult()));
    return success();
  }
  r.push_back(CastOp::create(c.b, c.loc, in.clone(to), value));
  return success();
}

/// The ONNX element type of `v`: narrow values live in their compute type
/// inside edgec, recognizable by the cast from the narrow type that
/// produced them.
Type onnxElementType(Value v) {
  if (auto cast = v.getDefiningOp<CastOp>()) {
    Type from = typeOf(cast.getInput()).getElementType();
    if (computeTypeFor(from) == typeOf(v).getElementType())
      return from;
  }
  return typeOf(v).getElementType();
}

LogicalResult castOp(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)))
    return failure();
  int64_t to = c.getInt("to", -1);
  Type t = elementTypeFor((int32_t)to, c.b.getContext());
  if (!t)
    return c.error("cast to " + onnxTypeName((int32_t)to) +
                   " is not supported; supported: " + kSupportedTypes);
  return castTo(c, t, r);
}

/// BitCast: the same bits as another type of the same width. Between
/// integers (and bool to a byte) that is a wrapping cast.
LogicalResult bitCast(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)))
    return failure();
  int64_t toCode = c.getInt("to", -1);
  Type to = elementTypeFor((int32_t)toCode, c.b.getContext());
  auto in = typeOf(c.input(0));
  Type from = onnxElementType(c.input(0));
  if (!to)
    return c.error("bit cast to " + onnxTypeName((int32_t)toCode) + " is not supported");
  auto bytes = [](Type t) { return t.isInteger(1) ? 8u : t.getIntOrFloatBitWidth(); };
  if (bytes(from) != bytes(to))
    return c.error("the input and 'to' types must have the same width");
  if (computeTypeFor(from) || computeTypeFor(to))
    return c.error("bit casts of float16, bfloat16, float8, float4, int4 and int2 are not supported");
  if (to.isInteger(1))
    return c.error("bit casts to bool are not supported (a byte other than 0 or 1 is no bool)");
  if (!isa<FloatType>(from) && !isa<FloatType>(to)) {
    r.push_back(CastOp::create(c.b, c.loc, in.clone(to), c.input(0)));
    return success();
  }
  // A float side: reinterpret through the signless integer of its width.
  Type signless = c.b.getIntegerType(bytes(to));
  Value x = c.input(0);
  if (isa<IntegerType>(from) && from.isUnsignedInteger())
    x = CastOp::create(c.b, c.loc, in.clone(c.b.getIntegerType(bytes(from))), x);
  Value y = BitcastOp::create(c.b, c.loc, in.clone(isa<FloatType>(to) ? to : signless), x);
  if (to.isUnsignedInteger())
    y = CastOp::create(c.b, c.loc, in.clone(to), y);
  r.push_back(y);
  return success();
}

LogicalResult castLike(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 2)))
    return failure();
  return castTo(c, onnxElementType(c.input(1)), r);
}

/// Expand: broadcast to the (constant) shape operand.
LogicalResult expand(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 2)))
    return failure();
  auto shape = c.constantInts(1);
  if (!shape)
    return c.error("the target shape '" + c.node.input(1) +
                   "' is computed at run time; edgec needs every shape at compile time");
  auto in = typeOf(c.input(0));
  SmallVector<int64_t> out;
  if (llvm::any_of(*shape, [](int64_t d) { return d < 0; }) ||
      !OpTrait::util::getBroadcastedShape(in.getShape(), *shape, out))
    return c.error("the input shape does not broadcast to the target shape");
  r.push_back(ExpandOp::create(c.b, c.loc, in.clone(out), c.input(0)));
  return success();
}

/// Size: the element count of a static input, a constant.
LogicalResult size(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)))
    return failure();
  auto in = typeOf(c.input(0));
  if (!in.hasStaticShape())
    return c.error("the input shape must be static");
  auto ty = RankedTensorType::get({}, c.b.getI64Type());
  r.push_back(ConstantOp::create(c.b, c.loc, ty, DenseElementsAttr::get(ty, in.getNumElements())));
  return success();
}

/// ConstantOfShape: a splat of `value` (float 0 by default) of a constant
/// shape.
LogicalResult constantOfShape(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)))
    return failure();
  auto shape = c.constantInts(0);
  if (!shape)
    return c.error("the shape '" + c.node.input(0) +
                   "' is computed at run time; edgec needs every shape at compile time");
  if (llvm::any_of(*shape, [](int64_t d) { return d < 1 || d > (1 << 30); }))
    return c.error("dimensions must be in 1..2^30");
  Attribute value = FloatAttr::get(c.b.getF32Type(), 0.0);
  if (const auto *a = c.attr("value")) {
    std::string msg;
    auto attr = tensorToAttr(a->t(), c.b.getContext(), "", 1ull << 31,
                             [&](const Twine &m) { msg = m.str(); });
    if (failed(attr))
      return c.error(msg);
    if (attr->getNumElements() != 1)
      return c.error("value must hold one element");
    value = *widenNarrow(*attr).getValues<Attribute>().begin();
  }
  auto ty = RankedTensorType::get(*shape, cast<TypedAttr>(value).getType());
  r.push_back(ConstantOp::create(c.b, c.loc, ty, DenseElementsAttr::get(ty, value)));
  return success();
}

/// Range with constant start, limit and delta (the output length depends
/// on their values), computed at compile time.
LogicalResult range(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 3)))
    return failure();
  DenseElementsAttr v[3];
  for (int i = 0; i < 3; ++i)
    if (!c.constantInput(i, v[i]) || v[i].getNumElements() != 1)
      return c.error("start, limit and delta must be constant scalars (the output length "
                     "depends on them)");
  Type elt = v[0].getElementType();
  auto scalar = [&](int i) {
    Attribute a = *v[i].getValues<Attribute>().begin();
    if (auto f = dyn_cast<FloatAttr>(a))
      return f.getValueAsDouble();
    return (double)cast<IntegerAttr>(a).getValue().getSExtValue();
  };
  double start = scalar(0), limit = scalar(1), delta = scalar(2);
  if (delta == 0)
    return c.error("delta must not be zero");
  // ONNX: max(ceil((limit - start) / delta), 0) elements, start + i * delta.
  double count = std::max(std::ceil((limit - start) / delta), 0.0);
  if (count < 1 || count > (1 << 30))
    return c.error("the output would have " + Twine((int64_t)count) +
                   " elements; edgec needs 1..2^30");
  auto ty = RankedTensorType::get({(int64_t)count}, elt);
  SmallVector<Attribute> out;
  for (int64_t i = 0; i < (int64_t)count; ++i) {
    if (auto ft = dyn_cast<FloatType>(elt)) {
      // In the element type, accumulated as the reference does.
      out.push_back(FloatAttr::get(ft, (double)((float)start + (float)i * (float)delta)));
    } else {
      out.push_back(IntegerAttr::get(elt, (int64_t)start + i * (int64_t)delta));
    }
  }
  r.push_back(ConstantOp::create(c.b, c.loc, ty, DenseElementsAttr::get(ty, out)));
  return success();
}

LogicalResult where(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 3)))
    return failure();
  if (!typeOf(c.input(0)).getElementType().isInteger(1))
    return c.error("the condition must be bool");
  if (typeOf(c.input(1)).getElementType() != typeOf(c.input(2)).getElementType())
    return c.error("X and Y must share an element type");
  SmallVector<int64_t> s1, s2;
  if (!OpTrait::util::getBroadcastedShape(typeOf(c.input(1)).getShape(), typeOf(c.input(2)).getShape(), s1) ||
      !OpTrait::util::getBroadcastedShape(s1, typeOf(c.input(0)).getShape(), s2))
    return c.error("operand shapes are not broadcastable");
  r.push_back(WhereOp::create(c.b, c.loc, c.input(0), c.input(1), c.input(2)));
  return success();
}

/// Reduce*: axes are an attribute until `axesInputSince` (13 for ReduceSum,
/// 18 for the others) and an optional input after; noop_with_empty_axes
/// arrived with the input form.
template <ReduceKind Kind, int64_t AxesInputSince>
LogicalResult reduce(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)))
    return failure();
  auto ty = typeOf(c.input(0));
  if (!isa<FloatType>(ty.getElementType()))
    return c.error("only float inputs are supported");
  SmallVector<int64_t> axes;
  bool noop = false;
  if (c.opset < AxesInputSince) {
    axes = c.getInts("axes").value_or(SmallVector<int64_t>{});
  } else {
    noop = c.getInt("noop_with_empty_axes", 0) != 0;
    if (c.input(1)) {
      auto a = c.constantInts(1);
      if (!a)
        return c.error("axes must be constant");
      axes = *a;
    }
  }
  if (axes.empty() && noop) {
    r.push_back(c.input(0));
    return success();
  }
  for (int64_t &a : axes) {
    auto n = normAxis(c, a, ty.getRank());
    if (failed(n))
      return failure();
    a = *n;
  }
  llvm::sort(axes);
  axes.erase(std::unique(axes.begin(), axes.end()), axes.end());
  if (ty.getRank() == 0)
    axes.clear();
  for (int64_t d = 0; d < ty.getRank(); ++d)
    if ((axes.empty() || llvm::is_contained(axes, d)) && ty.getDimSize(d) == 0)
      return c.error("reducing an empty dimension is not supported");
  r.push_back(ReduceOp::create(c.b, c.loc, c.input(0), Kind, axes, c.getInt("keepdims", 1) != 0));
  return success();
}

LogicalResult leakyRelu(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)))
    return failure();
  r.push_back(LeakyReluOp::create(c.b, c.loc, c.input(0), APFloat(c.getFloat("alpha", 0.01f))));
  return success();
}

/// Clip with bounds read at run time, or of integers: max with the lower
/// bound, then min with the upper one (so min > max gives max, as numpy's
/// clip does).
LogicalResult clipByMaxMin(NodeContext &c, SmallVectorImpl<Value> &r) {
  Value y = c.input(0);
  for (int i = 1; i <= 2; ++i) {
    Value bound = c.input(i);
    if (!bound)
      continue;
    if (typeOf(bound).getElementType() != typeOf(y).getElementType() || typeOf(bound).getNumElements() != 1)
      return c.error(Twine(i == 1 ? "min" : "max") + " must be a scalar of the input's element type");
    if (typeOf(bound).getRank() != 0)
      bound = reshapeTo(c, bound, {});
    y = i == 1 ? (Value)MaxOp::create(c.b, c.loc, y, bound) : (Value)MinOp::create(c.b, c.loc, y, bound);
  }
  r.push_back(y);
  return success();
}

LogicalResult clip(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)))
    return failure();
  Type elt = typeOf(c.input(0)).getElementType();
  if (c.opset >= 11 && (!elt.isF32() || (c.input(1) && !c.constantFloat(1)) ||
                        (c.input(2) && !c.constantFloat(2))))
    return clipByMaxMin(c, r);
  float lo = -std::numeric_limits<float>::infinity(), hi = std::numeric_limits<float>::infinity();
  if (c.opset < 11) {
    lo = c.getFloat("min", lo);
    hi = c.getFloat("max", hi);
  } else {
    for (int i = 1; i <= 2; ++i) {
      if (!c.input(i))
        continue;
      auto v = c.constantFloat(i);
      if (!v)
        return c.error(Twine(i == 1 ? "min" : "max") + " must be a constant scalar");
      (i == 1 ? lo : hi) = *v;
    }
  }
  if (lo > hi)
    return c.error("min " + std::to_string(lo) + " is above max " + std::to_string(hi));
  r.push_back(ClipOp::create(c.b, c.loc, c.input(0), APFloat(lo), APFloat(hi)));
  return success();
}

template <typename Op>
LogicalResult softmax(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)))
    return failure();
  auto ty = typeOf(c.input(0));
  if (!ty.getElementType().isF32())
    return c.error("only float32 inputs are supported");
  auto axis = normAxis(c, c.getInt("axis", c.opset < 13 ? 1 : -1), ty.getRank());
  if (failed(axis))
    return failure();
  if (c.opset >= 13 || *axis == ty.getRank() - 1) {
    r.push_back(Op::create(c.b, c.loc, c.input(0), *axis));
    return success();
  }
  // Before opset 13, (Log)Softmax coerces the input to 2-D at `axis`.
  if (!ty.hasStaticShape())
    return c.error("opset < 13 softmax needs a static input shape");
  int64_t outer = 1, inner = 1;
  for (int64_t i = 0; i < ty.getRank(); ++i)
    (i < *axis ? outer : inner) *= ty.getDimSize(i);
  Value flat = reshapeTo(c, c.input(0), {outer, inner});
  Value sm = Op::create(c.b, c.loc, flat, 1);
  r.push_back(reshapeTo(c, sm, ty.getShape()));
  return success();
}

template <typename Op>
LogicalResult argExtreme(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)))
    return failure();
  if (!typeOf(c.input(0)).getElementType().isF32())
    return c.error("only float32 inputs are supported");
  auto axis = normAxis(c, c.getInt("axis", 0), typeOf(c.input(0)).getRank());
  if (failed(axis))
    return failure();
  r.push_back(Op::create(c.b, c.loc, c.input(0), *axis, c.getInt("keepdims", 1) != 0,
                         c.getInt("select_last_index", 0) != 0));
  return success();
}

/// Kernel, strides and [top, left, bottom, right] pads of a pooling window
/// on the (lifted) rank-4 `x`; dilation must be 1.
FailureOr<PoolWindow> poolWindow(NodeContext &c, Value x, bool oneD) {
  auto kernel = c.getInts("kernel_shape");
  if (!kernel || kernel->size() != (oneD ? 1u : 2u))
    return (void)c.error(Twine("kernel_shape must have ") + (oneD ? "1 entry" : "2 entries")), failure();
  PoolWindow w;
  w.kernel = lift1D(*kernel, oneD, 1);
  w.strides = lift1D(c.getInts("strides").value_or(SmallVector<int64_t>{1, 1}), oneD, 1);
  auto dil = lift1D(c.getInts("dilations").value_or(SmallVector<int64_t>{1, 1}), oneD, 1);
  if (w.strides.size() != 2 || dil.size() != 2)
    return (void)c.error(Twine("strides and dilations need ") + (oneD ? "1 entry" : "2 entries")), failure();
  if (dil[0] != 1 || dil[1] != 1)
    return (void)c.error("dilated pooling is not supported"), failure();
  auto pads = windowPads(c, x, w.kernel, w.strides, dil, oneD);
  if (failed(pads))
    return failure();
  w.pads = *pads;
  return w;
}

template <typename Op>
LogicalResult pool(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)))
    return failure();
  if (c.node.output_size() > 1 && !c.node.output(1).empty())
    return c.error("the Indices output is not supported");
  if (c.getInt("storage_order", 0) != 0)
    return c.error("storage_order=1 is not supported");
  // 3-D and wider windows, and dilated ones, are composed.
  auto dil = c.getInts("dilations");
  int64_t rank = typeOf(c.input(0)).getRank();
  if (typeOf(c.input(0)).getElementType().isF32() &&
      (rank > 4 || (dil && llvm::any_of(*dil, [](int64_t d) { return d != 1; }))))
    return poolByGather(c, r, std::is_same_v<Op, MaxPoolOp>);
  if (failed(checkWindowRank(c, c.input(0))))
    return failure();
  bool oneD = typeOf(c.input(0)).getRank() == 3;
  Value x = oneD ? liftTo2D(c, c.input(0)) : c.input(0);
  auto w = poolWindow(c, x, oneD);
  if (failed(w))
    return failure();
  auto &[k2, strides, pads] = *w;
  Value y = Op::create(c.b, c.loc, x, k2, strides, pads, c.getInt("ceil_mode", 0) != 0,
                       c.getInt("count_include_pad", 0) != 0);
  r.push_back(oneD ? dropHeight(c, y) : y);
  return success();
}

/// GlobalAveragePool: the 2-D op on rank 4, a mean over the spatial
/// dimensions otherwise.
LogicalResult globalAvgPool(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)))
    return failure();
  int64_t rank = typeOf(c.input(0)).getRank();
  if (rank == 4) {
    r.push_back(GlobalAvgPoolOp::create(c.b, c.loc, c.input(0)));
    return success();
  }
  if (rank < 3 || !typeOf(c.input(0)).getElementType().isF32())
    return c.error("the input must be float32 with rank 3 or more (N, C, spatial...)");
  SmallVector<int64_t> axes = spatialAxes(rank);
  r.push_back(ReduceOp::create(c.b, c.loc, c.input(0), ReduceKind::Mean, axes, true));
  return success();
}

LogicalResult batchNorm(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 5)))
    return failure();
  if (c.getInt("training_mode", 0) != 0 || c.getInt("spatial", 1) != 1)
    return c.error("only inference mode (training_mode=0, spatial=1) is supported");
  for (int o = 1; o < c.node.output_size(); ++o)
    if (!c.node.output(o).empty())
      return c.error("training outputs (running mean/var) are not supported");
  r.push_back(BatchNormOp::create(c.b, c.loc, c.input(0), c.input(1), c.input(2), c.input(3),
                                  c.input(4), APFloat(c.getFloat("epsilon", 1e-5f))));
  return success();
}

LogicalResult reshape(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 2)))
    return failure();
  auto st = typeOf(c.input(1));
  if (st.getRank() != 1 || !st.getElementType().isInteger(64) || st.isDynamicDim(0))
    return c.error("shape must be a 1-D int64 tensor of known length");
  // Shape subgraphs of static shapes have been folded by now; a target that
  // is still not constant is computed from run-time data.
  if (!c.constantInts(1))
    return c.error("the target shape '" + c.node.input(1) +
                   "' is computed at run time; edgec needs every shape at compile time");
  r.push_back(ReshapeOp::create(c.b, c.loc, c.input(0), c.input(1),
                                c.opset >= 14 && c.getInt("allowzero", 0) != 0));
  return success();
}

LogicalResult flatten(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)))
    return failure();
  auto ty = typeOf(c.input(0));
  int64_t axis = c.getInt("axis", 1);
  if (axis < -ty.getRank() || axis > ty.getRank())
    return c.error("axis " + Twine(axis) + " is out of range");
  if (axis < 0)
    axis += ty.getRank();
  if (!ty.hasStaticShape())
    return c.error("Flatten needs a static input shape");
  int64_t outer = 1, inner = 1;
  for (int64_t i = 0; i < ty.getRank(); ++i)
    (i < axis ? outer : inner) *= ty.getDimSize(i);
  r.push_back(reshapeTo(c, c.input(0), {outer, inner}));
  return success();
}

/// Axes of Squeeze/Unsqueeze: an attribute before opset 13, an input after.
FailureOr<SmallVector<int64_t>> attrAxes(NodeContext &c, int64_t rank) {
  SmallVector<int64_t> axes;
  auto given = c.getInts("axes");
  if (!given)
    return llvm::to_vector(llvm::seq<int64_t>(0, rank));
  for (int64_t v : *given) {
    FailureOr<int64_t> n = normAxis(c, v, rank);
    if (failed(n))
      return failure();
    if (llvm::is_contained(axes, *n))
      return (void)c.error("axes repeats axis " + Twine(*n)), failure();
    axes.push_back(*n);
  }
  return axes;
}

FailureOr<SmallVector<int64_t>> axesOf(NodeContext &c, bool required) {
  if (c.opset < 13) {
    auto a = c.getInts("axes");
    if (!a && required)
      return (void)c.error("axes is required"), failure();
    return a.value_or(SmallVector<int64_t>{});
  }
  if (!c.input(1)) {
    if (required)
      return (void)c.error("axes input is required"), failure();
    return SmallVector<int64_t>{};
  }
  auto a = c.constantInts(1);
  if (!a)
    return (void)c.error("axes must be constant"), failure();
  return *a;
}

LogicalResult squeeze(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)))
    return failure();
  auto ty = typeOf(c.input(0));
  auto axes = axesOf(c, false);
  if (failed(axes) || !ty.hasStaticShape())
    return failed(axes) ? failure() : c.error("Squeeze needs a static input shape");
  SmallVector<bool> drop(ty.getRank(), axes->empty());
  if (axes->empty())
    for (int64_t i = 0; i < ty.getRank(); ++i)
      drop[i] = ty.getDimSize(i) == 1;
  for (int64_t a : *axes) {
    auto n = normAxis(c, a, ty.getRank());
    if (failed(n))
      return failure();
    if (ty.getDimSize(*n) != 1)
      return c.error("cannot squeeze dimension " + Twine(*n) + " of size " + Twine(ty.getDimSize(*n)));
    drop[*n] = true;
  }
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < ty.getRank(); ++i)
    if (!drop[i])
      shape.push_back(ty.getDimSize(i));
  r.push_back(reshapeTo(c, c.input(0), shape));
  return success();
}

LogicalResult unsqueeze(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)))
    return failure();
  auto ty = typeOf(c.input(0));
  auto axes = axesOf(c, true);
  if (failed(axes))
    return failure();
  if (!ty.hasStaticShape())
    return c.error("Unsqueeze needs a static input shape");
  int64_t outRank = ty.getRank() + axes->size();
  SmallVector<bool> insert(outRank, false);
  for (int64_t a : *axes) {
    auto n = normAxis(c, a, outRank);
    if (failed(n))
      return failure();
    if (insert[*n])
      return c.error("axis " + Twine(a) + " is repeated");
    insert[*n] = true;
  }
  SmallVector<int64_t> shape;
  int64_t src = 0;
  for (int64_t i = 0; i < outRank; ++i)
    shape.push_back(insert[i] ? 1 : ty.getDimSize(src++));
  r.push_back(reshapeTo(c, c.input(0), shape));
  return success();
}

LogicalResult transpose(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)))
    return failure();
  int64_t rank = typeOf(c.input(0)).getRank();
  SmallVector<int64_t> perm;
  for (int64_t i = rank - 1; i >= 0; --i)
    perm.push_back(i);
  perm = c.getInts("perm").value_or(perm);
  SmallVector<bool> seen(rank, false);
  if ((int64_t)perm.size() != rank)
    return c.error("perm has " + Twine(perm.size()) + " entries for rank " + Twine(rank));
  for (int64_t p : perm) {
    if (p < 0 || p >= rank || seen[p])
      return c.error("perm is not a permutation of 0.." + Twine(rank - 1));
    seen[p] = true;
  }
  r.push_back(TransposeOp::create(c.b, c.loc, c.input(0), perm));
  return success();
}

LogicalResult concat(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (c.inputs.empty() || llvm::any_of(c.inputs, [](Value v) { return !v; }))
    return c.error("needs at least one input, none omitted");
  // Empty parts add nothing (an empty Split output, an empty slice).
  SmallVector<Value> parts;
  for (Value v : c.inputs)
    if (!typeOf(v).hasStaticShape() || typeOf(v).getNumElements() != 0)
      parts.push_back(v);
  if (!parts.empty() && parts.size() != c.inputs.size()) {
    NodeContext inner(c.node, c.opset, c.b, c.loc, parts);
    inner.name = c.name;
    return concat(inner, r);
  }
  int64_t rank = typeOf(c.input(0)).getRank();
  auto axis = normAxis(c, c.getInt("axis", 0), rank);
  if (failed(axis))
    return failure();
  for (Value v : c.inputs)
    if (typeOf(v).getRank() != rank || typeOf(v).getElementType() != typeOf(c.input(0)).getElementType())
      return c.error("inputs must share rank and element type");
  r.push_back(ConcatOp::create(c.b, c.loc, c.inputs, *axis));
  return success();
}

/// `x` padded by `pads` ([begin..., end...]; negative crops) in an ONNX Pad
/// mode. Modes other than constant, and cropping, read each output
/// position's source along the axis: a gather with indices computed here.
static FailureOr<Value> padValue(NodeContext &c, Value x, SmallVector<int64_t> pads, StringRef mode,
                                 float value) {
  auto ty = typeOf(x);
  int64_t rank = ty.getRank();
  if (!ty.hasStaticShape())
    return (void)c.error("the input needs a static shape"), failure();
  for (int64_t d = 0; d < rank; ++d) {
    int64_t n = ty.getDimSize(d), b = pads[d], e = pads[d + rank];
    if (mode == "constant") {
      b = std::min<int64_t>(b, 0);
      e = std::min<int64_t>(e, 0);
    }
    if (b == 0 && e == 0)
      continue;
    int64_t out = n + b + e;
    if (out < 1 || out > (1 << 24))
      return (void)c.error("padding axis " + Twine(d) + " would give " + Twine(out) + " elements"), failure();
    if (n == 0 || (mode == "reflect" && n < 2 && out != n))
      return (void)c.error("mode '" + mode + "' needs " + (mode == "reflect" ? "2" : "1") +
                           " or more elements along padded axis " + Twine(d)),
             failure();
    SmallVector<int64_t> idx;
    for (int64_t o = 0; o < out; ++o) {
      int64_t i = o - b;
      if (mode == "edge")
        i = std::clamp<int64_t>(i, 0, n - 1);
      else if (mode == "wrap")
        i = ((i % n) + n) % n;
      else if (mode == "reflect") {
        int64_t period = 2 * (n - 1); // mirror about the ends, not repeating them
        i = ((i % period) + period) % period;
        if (i >= n)
          i = period - i;
      }
      idx.push_back(i);
    }
    x = GatherOp::create(c.b, c.loc, x, i64Const(c, idx), d);
  }
  if (mode != "constant" || llvm::all_of(pads, [](int64_t p) { return p <= 0; }))
    return x;
  for (int64_t &p : pads)
    p = std::max<int64_t>(p, 0);
  return PadOp::create(c.b, c.loc, x, pads, APFloat(value)).getResult();
}

LogicalResult pad(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)))
    return failure();
  std::string mode = c.getString("mode", "constant");
  if (!llvm::is_contained({"constant", "reflect", "edge", "wrap"}, mode))
    return c.error("mode '" + mode + "' is not supported; supported: constant, reflect, edge, wrap");
  auto ty = typeOf(c.input(0));
  int64_t rank = ty.getRank();
  SmallVector<int64_t> pads;
  float value = 0.0f;
  if (c.opset < 11) {
    pads = c.getInts("pads").value_or(SmallVector<int64_t>{});
    value = c.getFloat("value", 0.0f);
  } else {
    auto p = c.constantInts(1);
    if (!p)
      return c.error("pads must be constant");
    pads = *p;
    if (c.input(2)) {
      auto v = c.constantFloat(2);
      if (!v)
        return c.error("constant_value must be a constant float scalar");
      value = *v;
    }
    if (c.input(3)) {
      // opset 18: pads cover only the listed axes.
      auto axes = c.constantInts(3);
      if (!axes)
        return c.error("axes must be constant");
      if (pads.size() != 2 * axes->size())
        return c.error("pads must have twice as many entries as axes");
      SmallVector<int64_t> full(2 * rank, 0);
      for (auto [i, a] : llvm::enumerate(*axes)) {
        auto n = normAxis(c, a, rank);
        if (failed(n))
          return failure();
        full[*n] = pads[i];
        full[*n + rank] = pads[i + axes->size()];
      }
      pads = full;
    }
  }
  if ((int64_t)pads.size() != 2 * rank)
    return c.error("pads needs " + Twine(2 * rank) + " entries, got " + Twine(pads.size()));
  FailureOr<Value> y = padValue(c, c.input(0), pads, mode, value);
  if (failed(y))
    return failure();
  r.push_back(*y);
  return success();
}

/// CenterCropPad: each listed axis cropped or padded (with zeros) to the
/// target size around its center, as the ONNX function does.
LogicalResult centerCropPad(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 2)))
    return failure();
  auto ty = typeOf(c.input(0));
  int64_t rank = ty.getRank();
  auto target = c.constantInts(1);
  if (!target)
    return c.error("shape must be known at compile time (it decides the output shape)");
  FailureOr<SmallVector<int64_t>> axesOr = attrAxes(c, rank);
  if (failed(axesOr))
    return failure();
  SmallVector<int64_t> &axes = *axesOr;
  if (target->size() != axes.size())
    return c.error("shape needs one entry per axis (" + Twine(axes.size()) + ")");
  if (!ty.hasStaticShape())
    return c.error("the input needs a static shape");
  SmallVector<int64_t> pads(2 * rank, 0);
  for (auto [i, d] : llvm::enumerate(axes)) {
    int64_t n = ty.getDimSize(d), t = (*target)[i];
    if (t < 1)
      return c.error("target sizes must be positive");
    int64_t diff = t - n;
    // Crop: start at (n - t) / 2; pad: (t - n) / 2 before, the rest after.
    int64_t before = diff >= 0 ? diff / 2 : -((-diff) / 2);
    pads[d] = before;
    pads[d + rank] = diff - before;
  }
  FailureOr<Value> y = padValue(c, c.input(0), pads, "constant", 0.0f);
  if (failed(y))
    return failure();
  r.push_back(*y);
  return success();
}

//===----------------------------------------------------------------------===//
// QuantizeLinear / DequantizeLinear: the quant type carries scale and zero
// point, so both must be constant. The ONNX value stays the storage
// integer tensor; quant.scast moves between it and the quantized view, and
// edgec-fold-qdq later turns the float ops between the casts into qnn ops.
//===----------------------------------------------------------------------===//

/// The quantized element type given by constant `scale` and `zeroPoint`
/// values (zero point absent: 0 of `storage`). Per tensor for a scalar or
/// one-element scale, else per axis along `axisAttr` (default 1).
///
/// uint8 is mapped onto int8: q_u8 = q_i8 + 128 and zp_u8 = zp_i8 + 128
/// describe the same reals, so a uint8 tensor is carried as int8 with its
/// zero point shifted (`*shifted` set). ONNX Runtime's quantizer emits uint8
/// activations by default; this keeps one integer path for both.
FailureOr<Type> quantType(NodeContext &c, Value scale, Value zeroPoint, Type storage, int64_t rank,
                          StringRef what, bool *shifted = nullptr,
                          std::optional<int64_t> axisOverride = std::nullopt) {
  DenseFPElementsAttr scales;
  if (!scale || !matchPattern(scale, m_Constant(&scales)))
    return (void)c.error(what + " scale must be a constant (an initializer or Constant)"), failure();
  if (!scales.getElementType().isF32())
    return (void)c.error(what + " scale must be float32, got " + Twine(scales.getElementType().isF16() ? "float16" : "another type")), failure();
  SmallVector<double> sv;
  for (APFloat f : scales.getValues<APFloat>()) {
    double d = f.convertToDouble();
    if (!std::isfinite(d) || !(d > 0))
      return (void)c.error(what + " scale must be positive and finite, got " + Twine(std::to_string(d))), failure();
    sv.push_back(d);
  }
  bool isU8 = storage.isUnsignedInteger(8);
  if (shifted)
    *shifted = isU8;
  SmallVector<int64_t> zv(sv.size(), 0);
  if (zeroPoint) {
    DenseIntElementsAttr zps;
    if (!matchPattern(zeroPoint, m_Constant(&zps)))
      return (void)c.error(what + " zero point must be a constant"), failure();
    if (zps.getElementType() != storage)
      return (void)c.error(what + " zero point's type does not match the quantized tensor's"), failure();
    if ((size_t)zps.getNumElements() != sv.size())
      return (void)c.error(what + " scale and zero point have different sizes"), failure();
    zv.clear();
    for (APInt v : zps.getValues<APInt>())
      zv.push_back(isU8 ? (int64_t)v.getZExtValue() : v.getSExtValue());
  }
  if (isU8) {
    storage = c.b.getIntegerType(8);
    for (int64_t &z : zv)
      z -= 128;
  }
  if (c.getInt("block_size", 0) != 0)
    return (void)c.error("blocked quantization (block_size) is not supported"), failure();
  unsigned w = storage.getIntOrFloatBitWidth();
  int64_t smin = -(int64_t(1) << (w - 1)), smax = (int64_t(1) << (w - 1)) - 1;
  auto f32 = c.b.getF32Type();
  auto flags = quant::QuantizationFlags::Signed;
  if (sv.size() == 1 && (!scales.getType().getRank() || scales.getNumElements() == 1))
    return Type(quant::UniformQuantizedType::get(flags, storage, f32, sv[0], zv[0], smin, smax));
  FailureOr<int64_t> axis = normAxis(c, axisOverride ? *axisOverride : c.getInt("axis", 1), rank);
  if (failed(axis))
    return failure();
  return Type(quant::UniformQuantizedPerAxisType::get(flags, storage, f32, sv, zv, (int32_t)*axis,
                                                      smin, smax));
}

/// int8, uint8 (as shifted int8) and int16 activations and weights; int32
/// for biases (dequantize only).
LogicalResult checkStorage(NodeContext &c, Type t, bool allowI32) {
  if (t.isSignlessInteger(8) || t.isUnsignedInteger(8) || t.isSignlessInteger(16) ||
      (allowI32 && t.isSignlessInteger(32)))
    return success();
  return c.error("quantized type must be int8, uint8 or int16" +
                 Twine(allowI32 ? " (or int32 for a bias)" : "") + ", got " +
                 (isa<FloatType>(t) ? "a float type" : "another integer type"));
}

/// float -> quantized value of type `q`, as the ONNX value (its storage
/// integers; uint8 is carried as shifted int8).
Value quantizeTo(NodeContext &c, Value x, Type q) {
  auto in = typeOf(x);
  Value y = qnn::QuantizeOp::create(c.b, c.loc, in.clone(q), x);
  Type storage = cast<quant::QuantizedType>(q).getStorageType();
  return quant::StorageCastOp::create(c.b, c.loc, in.clone(storage), y);
}

/// The float value of the quantized ONNX value `x` (storage integers) with
/// the given scale and zero point. A genuine uint8 tensor (a constant) is
/// shifted to int8 at compile time; a uint8 model input is refused.
FailureOr<Value> dequantizeFrom(NodeContext &c, Value x, Value scale, Value zeroPoint, StringRef what,
                                bool allowI32, std::optional<int64_t> axis = std::nullopt) {
  auto in = typeOf(x);
  Type elt = in.getElementType();
  // A uint8 value produced by an imported QuantizeLinear is already int8.
  Type zpType = zeroPoint ? typeOf(zeroPoint).getElementType() : elt;
  if (elt.isSignlessInteger(8) && zpType.isUnsignedInteger(8))
    elt = zpType;
  if (failed(checkStorage(c, elt, allowI32)))
    return failure();
  FailureOr<Type> q = quantType(c, scale, zeroPoint, elt, in.getRank(), what, nullptr, axis);
  if (failed(q))
    return failure();
  if (auto ax = dyn_cast<quant::UniformQuantizedPerAxisType>(*q))
    if (in.isDynamicDim(ax.getQuantizedDimension()) ||
        in.getDimSize(ax.getQuantizedDimension()) != (int64_t)ax.getScales().size())
      return (void)c.error(what + " per-axis scales do not match the size of the quantized axis"), failure();
  if (in.getElementType().isUnsignedInteger(8)) {
    DenseIntElementsAttr values;
    if (!matchPattern(x, m_Constant(&values)))
      return (void)c.error(what + " is a uint8 model input; edgec needs uint8 tensors to come "
                           "from a QuantizeLinear or an initializer"), failure();
    SmallVector<int8_t> shifted;
    for (APInt v : values.getValues<APInt>())
      shifted.push_back((int8_t)((int64_t)v.getZExtValue() - 128));
    auto ty = in.clone(c.b.getIntegerType(8));
    x = ConstantOp::create(c.b, c.loc, ty, DenseElementsAttr::get(ty, ArrayRef<int8_t>(shifted)));
  }
  Value v = quant::StorageCastOp::create(c.b, c.loc, typeOf(x).clone(*q), x);
  return qnn::DequantizeOp::create(c.b, c.loc, in.clone(c.b.getF32Type()), v).getResult();
}

//===----------------------------------------------------------------------===//
// QuantizeLinear / DequantizeLinear outside the qnn path: scales given at
// run time, blocked scales, per-axis quantization of a computed tensor, and
// the types qnn does not carry (uint16, int4, int2, float8, float4). These
// are computed elementwise by their ONNX definition, in float32 (float64
// for int32 values, as ONNX's reference does), and are not fused.
//===----------------------------------------------------------------------===//

/// Whether the qnn path can take this node: constant float32 scales; a constant zero point (or none); a per-tensor or
/// per-axis (not blocked) layout; int8, uint8 or int16 (int32 to
/// dequantize), and for quantize a per-tensor result.
static bool qnnExpressible(NodeContext &c, Value x, Value scale, Value zeroPoint, Type storage,
                           bool quantize) {
  DenseFPElementsAttr scales;
  if (!scale || !matchPattern(scale, m_Constant(&scales)) || !scales.getElementType().isF32() ||
      onnxElementType(scale) != scales.getElementType())
    return false;
  // (A constant scale that is not positive and finite stays on this path,
  // which refuses it: dividing by it has no meaning.)
  if (zeroPoint && !matchPattern(zeroPoint, m_Constant()))
    return false;
  if (c.getInt("block_size", 0) != 0 || (quantize && scales.getNumElements() != 1))
    return false;
  if (!(storage.isSignlessInteger(8) || storage.isUnsignedInteger(8) || storage.isSignlessInteger(16) ||
        (!quantize && storage.isSignlessInteger(32))))
    return false;
  // A uint8 model input cannot be shifted to int8 at compile time.
  return !(typeOf(x).getElementType().isUnsignedInteger(8) && !matchPattern(x, m_Constant()));
}

/// `p` (a scale or zero point) made to broadcast against `x`: a scalar
/// stays, a vector lies along `axis`, and a blocked parameter (same rank as
/// x) repeats each entry `block` times along `axis`.
static FailureOr<Value> broadcastParam(NodeContext &c, Value p, RankedTensorType x, int64_t axisAttr,
                                       int64_t block, StringRef what) {
  auto pt = typeOf(p);
  if (pt.getNumElements() == 1)
    return reshapeTo(c, p, {});
  FailureOr<int64_t> axis = normAxis(c, axisAttr, x.getRank());
  if (failed(axis))
    return failure();
  int64_t n = x.getDimSize(*axis);
  if (block == 0) {
    if (pt.getRank() != 1 || pt.getDimSize(0) != n)
      return (void)c.error(what + " must be a scalar or have one entry per element of axis " + Twine(*axis)),
             failure();
    SmallVector<int64_t> shape(x.getRank(), 1);
    shape[*axis] = n;
    return reshapeTo(c, p, shape);
  }
  if (block < 0)
    return (void)c.error("block_size must be positive"), failure();
  if (pt.getRank() != x.getRank())
    return (void)c.error(what + " of blocked quantization must have the input's rank"), failure();
  for (int64_t d = 0; d < x.getRank(); ++d)
    if (pt.getDimSize(d) != (d == *axis ? (n + block - 1) / block : x.getDimSize(d)))
      return (void)c.error(what + " has the wrong shape for block_size " + Twine(block)), failure();
  SmallVector<int64_t> idx;
  for (int64_t i = 0; i < n; ++i)
    idx.push_back(i / block);
  return GatherOp::create(c.b, c.loc, p, i64Const(c, idx), *axis).getResult();
}

/// Where the qnn path cannot take them, quantize and dequantize compute
/// their definitions elementwise. `axis` and `block` are the node's
/// attributes (per-axis and blocked scales).
struct QParams {
  Value scale, zeroPoint;
  int64_t axis = 1, block = 0;
};

static LogicalResult quantizeComposed(NodeContext &c, Value x, QParams q, Type storage, SmallVectorImpl<Value> &r) {
  auto xt = typeOf(x);
  FailureOr<Value> s = broadcastParam(c, q.scale, xt, q.axis, q.block, "the scale");
  if (failed(s))
    return failure();
  if (!xt.getElementType().isF32() || !typeOf(*s).getElementType().isF32())
    return c.error("the input and scale must be float32, float16 or bfloat16");
  Compose k{c};
  Value v = k.div(x, *s);
  Value zp;
  if (q.zeroPoint) {
    FailureOr<Value> z = broadcastParam(c, q.zeroPoint, xt, q.axis, q.block, "the zero point");
    if (failed(z))
      return failure();
    zp = *z;
  }
  auto asF32 = [&](Value u) { return (Value)CastOp::create(c.b, c.loc, typeOf(u).clone(c.b.getF32Type()), u); };
  if (auto ft = dyn_cast<FloatType>(storage)) {
    // float8 ignores its zero point (it must be 0); float4 adds it.
    if (zp && isa<Float4E2M1FNType>(ft))
      v = k.add(v, zp);
    return castTo(c, storage, r, v);
  }
  unsigned w = storage.getIntOrFloatBitWidth();
  bool isUnsigned = storage.isUnsignedInteger();
  double lo = isUnsigned ? 0 : -std::ldexp(1.0, w - 1), hi = isUnsigned ? std::ldexp(1.0, w) - 1 : std::ldexp(1.0, w - 1) - 1;
  v = RoundOp::create(c.b, c.loc, v);
  if (zp)
    v = k.add(v, asF32(zp));
  v = k.min(k.max(v, k.f((float)lo)), k.f((float)hi));
  return castTo(c, storage, r, v);
}

static FailureOr<Value> dequantizeComposed(NodeContext &c, Value x, QParams q, Type outType) {
  auto xt = typeOf(x);
  Type et = onnxElementType(x);
  FailureOr<Value> s = broadcastParam(c, q.scale, xt, q.axis, q.block, "the scale");
  if (failed(s))
    return failure();
  if (!typeOf(*s).getElementType().isF32())
    return (void)c.error("the scale must be float32, float16 or bfloat16"), failure();
  // int32 values are not exact in float32: compute in float64 like ONNX's
  // reference (whose int32 - int32 zero point promotes to double).
  Type calc = et.isInteger(32) ? (Type)c.b.getF64Type() : (Type)c.b.getF32Type();
  auto to = [&](Value v, Type t) { return (Value)CastOp::create(c.b, c.loc, typeOf(v).clone(t), v); };
  Compose k{c};
  Value v = to(x, calc);
  if (q.zeroPoint && !isa<FloatType>(et)) {
    FailureOr<Value> z = broadcastParam(c, q.zeroPoint, xt, q.axis, q.block, "the zero point");
    if (failed(z))
      return failure();
    if (onnxElementType(q.zeroPoint) != et)
      return (void)c.error("the zero point's type does not match the input's"), failure();
    v = k.sub(v, to(*z, calc));
  }
  v = k.mul(v, calc.isF64() ? to(*s, calc) : *s);
  if (calc.isF64())
    v = to(v, c.b.getF32Type());
  if (outType.isF32())
    return v;
  SmallVector<Value> r;
  if (failed(castTo(c, outType, r, v)))
    return failure();
  return r[0];
}

static QParams nodeQParams(NodeContext &c) {
  return {c.input(1), c.input(2), c.getInt("axis", 1), c.getInt("block_size", 0)};
}

/// DynamicQuantizeLinear: uint8 with the scale and zero point of the
/// range of x extended to 0, by the ONNX definition.
LogicalResult dynamicQuantizeLinear(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)))
    return failure();
  auto x = typeOf(c.input(0));
  if (!x.getElementType().isF32() || onnxElementType(c.input(0)) != x.getElementType())
    return c.error("only float32 inputs are supported");
  SmallVector<int64_t> all = llvm::to_vector(llvm::seq<int64_t>(0, x.getRank()));
  Compose k{c};
  Value hi = k.max(ReduceOp::create(c.b, c.loc, c.input(0), ReduceKind::Max, all, false), k.f(0));
  Value lo = k.min(ReduceOp::create(c.b, c.loc, c.input(0), ReduceKind::Min, all, false), k.f(0));
  // A range of zero (x all 0) uses scale 1/255, as the reference does.
  Value range = k.select(k.equal(hi, lo), k.f(1), k.sub(hi, lo));
  Value scale = k.div(range, k.f(255));
  Value zp = RoundOp::create(c.b, c.loc, k.min(k.max(k.sub(k.f(0), k.div(lo, scale)), k.f(0)), k.f(255)));
  Value q = k.min(k.max(k.add(RoundOp::create(c.b, c.loc, k.div(c.input(0), scale)), zp), k.f(0)), k.f(255));
  Type u8 = c.b.getIntegerType(8, false);
  r.push_back(CastOp::create(c.b, c.loc, x.clone(u8), q));
  r.push_back(scale);
  r.push_back(CastOp::create(c.b, c.loc, typeOf(zp).clone(u8), zp));
  return success();
}

LogicalResult quantizeLinear(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 2)))
    return failure();
  auto in = typeOf(c.input(0));
  if (!in.getElementType().isF32())
    return c.error("only float32, float16 and bfloat16 inputs can be quantized");
  // The output type: the zero point's, else output_dtype, else uint8.
  Type storage = c.input(2) ? onnxElementType(c.input(2)) : c.b.getIntegerType(8, false);
  if (c.opset >= 21 && c.getInt("output_dtype", 0) != 0) {
    Type od = elementTypeFor((int32_t)c.getInt("output_dtype", 0), c.b.getContext());
    if (!od)
      return c.error("output_dtype " + onnxTypeName((int32_t)c.getInt("output_dtype", 0)) + " is not supported");
    if (c.input(2) && od != storage)
      return c.error("output_dtype does not match the zero point's type");
    storage = od;
  }
  if (!(storage.isInteger(8) || storage.isInteger(16) || storage.isInteger(4) || storage.isInteger(2) ||
        isa<Float8E4M3FNType, Float8E4M3FNUZType, Float8E5M2Type, Float8E5M2FNUZType, Float4E2M1FNType>(storage)))
    return c.error("the quantized type must be int8, uint8, int16, uint16, int4, uint4, int2, uint2, a "
                   "float8 or float4");
  if (!qnnExpressible(c, c.input(0), c.input(1), c.input(2), storage, /*quantize=*/true))
    return quantizeComposed(c, c.input(0), nodeQParams(c), storage, r);
  FailureOr<Type> q = quantType(c, c.input(1), c.input(2), storage, in.getRank(), "the");
  if (failed(q))
    return failure();
  r.push_back(quantizeTo(c, c.input(0), *q));
  return success();
}

LogicalResult dequantizeLinear(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 2)))
    return failure();
  Type elt = onnxElementType(c.input(0));
  // A uint8 value produced by an imported QuantizeLinear is already int8.
  Type zpType = c.input(2) ? typeOf(c.input(2)).getElementType() : elt;
  if (elt.isSignlessInteger(8) && zpType.isUnsignedInteger(8))
    elt = zpType;
  bool outF32 = c.getInt("output_dtype", 0) == 0 || c.getInt("output_dtype", 0) == onnx::TensorProto::FLOAT;
  if (!outF32 || !qnnExpressible(c, c.input(0), c.input(1), c.input(2), elt, /*quantize=*/false)) {
    Type outType = onnxElementType(c.input(1));
    if (int64_t od = c.getInt("output_dtype", 0)) {
      outType = elementTypeFor((int32_t)od, c.b.getContext());
      if (!outType || !(outType.isF32() || outType.isF16() || outType.isBF16()))
        return c.error("output_dtype must be float32, float16 or bfloat16");
    }
    FailureOr<Value> v = dequantizeComposed(c, c.input(0), nodeQParams(c), outType);
    if (failed(v))
      return failure();
    r.push_back(*v);
    return success();
  }
  FailureOr<Value> v = dequantizeFrom(c, c.input(0), c.input(1), c.input(2), "the", true);
  if (failed(v))
    return failure();
  r.push_back(*v);
  return success();
}

/// The QLinear operators (QLinearConv, QLinearMatMul and ONNX Runtime's
/// com.microsoft ones) are QDQ groups in one node: they import as
/// dequantize -> float op -> quantize, which edgec-fold-qdq folds into the
/// same qnn op a QDQ model gets (or reports, and computes in float).
/// `operands[k]` = (value, scale, zero point, per-axis dimension) input
/// indices of the float op's k-th operand; -1 leaves an input out (or, for
/// the dimension, means 1). `out` = (scale, zero point) indices of the
/// result's parameters.
LogicalResult qlinear(NodeContext &c, SmallVectorImpl<Value> &r,
                      ArrayRef<std::array<int, 4>> operands, std::array<int, 2> out,
                      function_ref<LogicalResult(NodeContext &, SmallVectorImpl<Value> &)> floatOp,
                      function_ref<Value(NodeContext &, int)> extra = nullptr) {
  // Run-time scales or zero points: every operand and the result are
  // computed elementwise (the qnn path needs them all constant).
  bool composed = false;
  for (const auto &o : operands)
    if (o[0] >= 0 && c.input(o[0]) &&
        !qnnExpressible(c, c.input(o[0]), c.input(o[1]), o[2] >= 0 ? c.input(o[2]) : Value(),
                        onnxElementType(c.input(o[0])),
                        /*quantize=*/false))
      composed = true;
  if (out[0] >= 0 && (!matchPattern(c.input(out[0]), m_Constant()) ||
                      (out[1] >= 0 && c.input(out[1]) && !matchPattern(c.input(out[1]), m_Constant()))))
    composed = true;
  SmallVector<Value> floats;
  for (auto [k, o] : llvm::enumerate(operands)) {
    if (o[0] < 0 || !c.input(o[0])) {
      floats.push_back(extra && !composed ? extra(c, (int)k) : Value());
      if (composed && extra && o[0] >= 0)
        return c.error("run-time scales are not supported with a bias input");
      continue;
    }
    FailureOr<Value> v =
        composed ? dequantizeComposed(c, c.input(o[0]),
                                      {c.input(o[1]), o[2] >= 0 ? c.input(o[2]) : Value(), o[3] >= 0 ? o[3] : 1, 0},
                                      c.b.getF32Type())
                 : dequantizeFrom(c, c.input(o[0]), c.input(o[1]), o[2] >= 0 ? c.input(o[2]) : Value(),
                                  "input " + std::to_string(o[0]) + "'s", false, o[3] >= 0 ? o[3] : 1);
    if (failed(v))
      return failure();
    floats.push_back(*v);
  }
  NodeContext inner(c.node, c.opset, c.b, c.loc, floats);
  inner.name = c.name;
  SmallVector<Value> res;
  if (failed(floatOp(inner, res)))
    return failure();
  Value zp = out[1] >= 0 ? c.input(out[1]) : Value();
  Type storage = zp ? typeOf(zp).getElementType() : c.b.getIntegerType(8, false);
  if (composed) {
    NodeContext outer(c.node, c.opset, c.b, c.loc, c.inputs);
    outer.name = c.name;
    return quantizeComposed(outer, res[0], {c.input(out[0]), zp, 1, 0}, storage, r);
  }
  if (failed(checkStorage(c, storage, false)))
    return failure();
  FailureOr<Type> q = quantType(c, c.input(out[0]), zp, storage, typeOf(res[0]).getRank(), "the output");
  if (failed(q))
    return failure();
  if (isa<quant::UniformQuantizedPerAxisType>(*q))
    return c.error("per-axis output quantization is not supported");
  r.push_back(quantizeTo(c, res[0], *q));
  return success();
}

/// QLinearConv's int32 bias has the implicit scale x_scale * w_scale[c] and
/// zero point 0.
Value qlinearConvBias(NodeContext &c) {
  Value b = c.input(8);
  DenseFPElementsAttr xs, ws;
  if (!b || !matchPattern(c.input(1), m_Constant(&xs)) || !matchPattern(c.input(4), m_Constant(&ws)))
    return Value();
  float x = (*xs.getValues<APFloat>().begin()).convertToFloat();
  SmallVector<double> scales;
  for (APFloat w : ws.getValues<APFloat>())
    scales.push_back((double)(x * w.convertToFloat()));
  auto bt = typeOf(b);
  if (!bt.getElementType().isSignlessInteger(32) || bt.getRank() != 1)
    return Value();
  if (scales.size() == 1)
    scales.assign(bt.getDimSize(0), scales[0]);
  if ((int64_t)scales.size() != bt.getDimSize(0))
    return Value();
  auto i32 = c.b.getIntegerType(32);
  Type q = quant::UniformQuantizedPerAxisType::get(quant::QuantizationFlags::Signed, i32, c.b.getF32Type(),
                                                    scales, SmallVector<int64_t>(scales.size(), 0), 0,
                                                    INT32_MIN, INT32_MAX);
  Value v = quant::StorageCastOp::create(c.b, c.loc, bt.clone(q), b);
  return qnn::DequantizeOp::create(c.b, c.loc, bt.clone(c.b.getF32Type()), v);
}

LogicalResult qlinearConv(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 8)))
    return failure();
  if (c.input(8) && !qlinearConvBias(c))
    return c.error("the bias must be a 1-D int32 tensor over the output channels, with constant "
                   "input and weight scales");
  // Per-channel weight scales run along the output channels (dimension 0).
  return qlinear(c, r, {{0, 1, 2, -1}, {3, 4, 5, 0}, {-1, -1, -1, -1}}, {6, 7}, conv,
                 [](NodeContext &outer, int k) { return k == 2 ? qlinearConvBias(outer) : Value(); });
}

LogicalResult qlinearMatMul(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 8)))
    return failure();
  return qlinear(c, r, {{0, 1, 2, -1}, {3, 4, 5, 1}}, {6, 7}, matmul);
}

//===----------------------------------------------------------------------===//
// com.microsoft: the QLinear* operators ONNX Runtime's quantizer emits
// (QOperator format). Each is a QDQ group in one node (see qlinear).
//===----------------------------------------------------------------------===//

template <typename Op> LogicalResult qlinearBinary(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 7)))
    return failure();
  return qlinear(c, r, {{0, 1, 2, -1}, {3, 4, 5, -1}}, {6, 7}, binary<Op>);
}

template <LogicalResult (*F)(NodeContext &, SmallVectorImpl<Value> &)>
LogicalResult qlinearUnary(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 4)))
    return failure();
  if (c.getInt("channels_last", 0) != 0)
    return c.error("channels_last (NHWC) is not supported");
  return qlinear(c, r, {{0, 1, 2, -1}}, {3, 4}, F);
}

LogicalResult qlinearConcat(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (c.inputs.size() < 5 || (c.inputs.size() - 2) % 3 != 0)
    return c.error("expects Y_scale, Y_zero_point and (X, X_scale, X_zero_point) triples");
  SmallVector<std::array<int, 4>> ops;
  for (int k = 2; k + 2 < (int)c.inputs.size(); k += 3)
    ops.push_back({k, k + 1, k + 2, -1});
  return qlinear(c, r, ops, {0, 1}, concat);
}

LogicalResult identity(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)))
    return failure();
  r.push_back(c.input(0));
  return success();
}

LogicalResult dropout(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)))
    return failure();
  if (c.input(2)) {
    // Training drops elements at random, unless the ratio is 0.
    auto t = c.constantInts(2);
    std::optional<float> ratio = c.input(1) ? c.constantFloat(1) : std::optional<float>(0.5f);
    bool zeroRatio = ratio && *ratio == 0.0f;
    if (!zeroRatio && (!t || (t->size() == 1 && (*t)[0] != 0)))
      return c.error("training_mode must be constant false (or the ratio constant 0)");
  }
  r.push_back(c.input(0)); // Inference: Dropout is the identity,
  if (c.node.output_size() > 1 && !c.node.output(1).empty()) { // and keeps every element.
    auto t = typeOf(c.input(0)).clone(c.b.getI1Type());
    r.push_back(ConstantOp::create(c.b, c.loc, t, DenseElementsAttr::get(t, true)));
  }
  return success();
}

LogicalResult constant(NodeContext &c, SmallVectorImpl<Value> &r) {
  MLIRContext *ctx = c.b.getContext();
  if (const auto *a = c.attr("value")) {
    std::string msg;
    auto attr = tensorToAttr(a->t(), ctx, "", 1ull << 31, [&](const Twine &m) { msg = m.str(); });
    if (failed(attr))
      return c.error(msg);
    r.push_back(ConstantOp::create(c.b, c.loc, widenNarrow(*attr).getType(), widenNarrow(*attr)));
    return success();
  }
  auto make = [&](RankedTensorType ty, DenseElementsAttr v) {
    r.push_back(ConstantOp::create(c.b, c.loc, ty, v));
    return success();
  };
  if (const auto *a = c.attr("value_float")) {
    auto ty = RankedTensorType::get({}, c.b.getF32Type());
    return make(ty, DenseElementsAttr::get(ty, a->f()));
  }
  if (const auto *a = c.attr("value_int")) {
    auto ty = RankedTensorType::get({}, c.b.getI64Type());
    return make(ty, DenseElementsAttr::get(ty, (int64_t)a->i()));
  }
  if (const auto *a = c.attr("value_floats")) {
    auto ty = RankedTensorType::get({(int64_t)a->floats_size()}, c.b.getF32Type());
    return make(ty, DenseElementsAttr::get(ty, ArrayRef<float>(a->floats().data(), a->floats_size())));
  }
  if (const auto *a = c.attr("value_ints")) {
    auto ty = RankedTensorType::get({(int64_t)a->ints_size()}, c.b.getI64Type());
    return make(ty, DenseElementsAttr::get(ty, ArrayRef<int64_t>(a->ints().data(), a->ints_size())));
  }
  return c.error("needs a 'value', 'value_float(s)' or 'value_int(s)' attribute; sparse and string "
                 "constants are not supported");
}

LogicalResult shape(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)))
    return failure();
  int64_t rank = typeOf(c.input(0)).getRank();
  int64_t start = c.getInt("start", 0), end = c.getInt("end", rank);
  start = std::clamp<int64_t>(start < 0 ? start + rank : start, 0, rank);
  end = std::clamp<int64_t>(end < 0 ? end + rank : end, 0, rank);
  Value s = ShapeOp::create(c.b, c.loc, c.input(0));
  if (start != 0 || end != rank)
    s = SliceOp::create(c.b, c.loc, s, ArrayRef<int64_t>{start}, ArrayRef<int64_t>{std::max(start, end)},
                        ArrayRef<int64_t>{1});
  r.push_back(s);
  return success();
}

LogicalResult gather(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 2)))
    return failure();
  auto axis = normAxis(c, c.getInt("axis", 0), typeOf(c.input(0)).getRank());
  if (failed(axis))
    return failure();
  auto it = typeOf(c.input(1)).getElementType();
  if (!it.isInteger(64) && !it.isInteger(32))
    return c.error("indices must be int32 or int64");
  r.push_back(GatherOp::create(c.b, c.loc, c.input(0), c.input(1), *axis));
  return success();
}

LogicalResult slice(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 1)))
    return failure();
  auto ty = typeOf(c.input(0));
  int64_t rank = ty.getRank();
  std::optional<SmallVector<int64_t>> starts, ends, axes, steps;
  if (c.opset < 10) {
    starts = c.getInts("starts");
    ends = c.getInts("ends");
    axes = c.getInts("axes");
  } else {
    starts = c.constantInts(1);
    ends = c.constantInts(2);
    if (c.input(3))
      if (!(axes = c.constantInts(3)))
        return c.error("axes must be constant");
    if (c.input(4))
      if (!(steps = c.constantInts(4)))
        return c.error("steps must be constant");
  }
  if (!starts || !ends)
    return c.error("starts and ends must be constant");
  if (!axes) {
    axes.emplace();
    for (size_t i = 0; i < starts->size(); ++i)
      axes->push_back(i);
  }
  if (!steps)
    steps.emplace(starts->size(), 1);
  if (starts->size() != ends->size() || axes->size() != starts->size() || steps->size() != starts->size())
    return c.error("starts, ends, axes and steps must have the same length");
  SmallVector<int64_t> s(rank, 0), e(ty.getShape()), st(rank, 1);
  for (size_t i = 0; i < axes->size(); ++i) {
    auto a = normAxis(c, (*axes)[i], rank);
    if (failed(a))
      return failure();
    int64_t dim = ty.getDimSize(*a);
    if (dim == ShapedType::kDynamic)
      return c.error("slicing a dynamic dimension is not supported");
    int64_t step = (*steps)[i];
    if (step == 0)
      return c.error("step must not be zero");
    // Clamp as the ONNX spec does, separately for each step direction.
    auto clampIdx = [&](int64_t v, int64_t lo, int64_t hi) {
      if (v < 0)
        v += dim;
      return std::clamp(v, lo, hi);
    };
    if (step > 0) {
      s[*a] = clampIdx((*starts)[i], 0, dim);
      e[*a] = clampIdx((*ends)[i], 0, dim);
    } else {
      s[*a] = clampIdx((*starts)[i], 0, dim - 1);
      e[*a] = (*ends)[i] < -dim ? -1 : clampIdx((*ends)[i], -1, dim - 1);
    }
    st[*a] = step;
  }
  r.push_back(SliceOp::create(c.b, c.loc, c.input(0), s, e, st));
  return success();
}

/// GatherElements: indices of the data's rank, no larger than the data
/// off the axis.
LogicalResult gatherElements(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 2)))
    return failure();
  auto dt = typeOf(c.input(0)), it = typeOf(c.input(1));
  if (!dt.hasStaticShape() || !it.hasStaticShape())
    return c.error("data and indices need static shapes");
  if (!it.getElementType().isInteger(64) && !it.getElementType().isInteger(32))
    return c.error("indices must be int32 or int64");
  auto axis = normAxis(c, c.getInt("axis", 0), dt.getRank());
  if (failed(axis))
    return failure();
  if (it.getRank() != dt.getRank())
    return c.error("indices must have the data's rank");
  for (int64_t d = 0; d < dt.getRank(); ++d)
    if (d != *axis && it.getDimSize(d) > dt.getDimSize(d))
      return c.error("indices dimension " + Twine(d) + " is larger than the data's");
  r.push_back(GatherElementsOp::create(c.b, c.loc, it.clone(dt.getElementType()), c.input(0),
                                       c.input(1), *axis));
  return success();
}

/// ScatterElements (and its opset 9-10 name Scatter): `reduction` from
/// opset 16 (none, add, mul) and 18 (max, min).
LogicalResult scatterElements(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 3)))
    return failure();
  auto dt = typeOf(c.input(0)), it = typeOf(c.input(1)), ut = typeOf(c.input(2));
  if (!dt.hasStaticShape() || !it.hasStaticShape())
    return c.error("data, indices and updates need static shapes");
  if (!it.getElementType().isInteger(64) && !it.getElementType().isInteger(32))
    return c.error("indices must be int32 or int64");
  auto axis = normAxis(c, c.getInt("axis", 0), dt.getRank());
  if (failed(axis))
    return failure();
  if (it.getRank() != dt.getRank() || ut.getShape() != it.getShape() ||
      ut.getElementType() != dt.getElementType())
    return c.error("indices and updates must share a shape of the data's rank, and updates the "
                   "data's element type");
  for (int64_t d = 0; d < dt.getRank(); ++d)
    if (d != *axis && it.getDimSize(d) > dt.getDimSize(d))
      return c.error("indices dimension " + Twine(d) + " is larger than the data's");
  std::string red = c.getString("reduction", "none");
  if (!llvm::is_contained({"none", "add", "mul", "max", "min"}, red))
    return c.error("reduction '" + red + "' is not one of none, add, mul, max, min");
  if (red != "none" && (dt.getElementType().isInteger(1) || dt.getElementType().isUnsignedInteger()))
    return c.error("reduction '" + red + "' needs float32 or signed integer data");
  r.push_back(ScatterElementsOp::create(c.b, c.loc, dt, c.input(0), c.input(1), c.input(2), *axis,
                                        red));
  return success();
}

/// Int32 or int64 index tensors with a static shape.
LogicalResult checkIndices(NodeContext &c, Value v) {
  auto t = typeOf(v);
  if (!t.hasStaticShape() || (!t.getElementType().isInteger(64) && !t.getElementType().isInteger(32)))
    return c.error("indices must be a static int32 or int64 tensor");
  return success();
}

/// GatherND: the result shape is the indices' leading dimensions, then the
/// data's after the batch dimensions and the index tuple.
LogicalResult gatherND(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 2)) || failed(checkIndices(c, c.input(1))))
    return failure();
  auto dt = typeOf(c.input(0)), it = typeOf(c.input(1));
  int64_t b = c.getInt("batch_dims", 0);
  if (!dt.hasStaticShape() || it.getRank() < 1)
    return c.error("data must be static and indices of rank 1 or more");
  int64_t k = it.getShape().back();
  if (b < 0 || b >= it.getRank() || k < 1 || b + k > dt.getRank())
    return c.error("batch_dims plus the index length must fit the data's rank");
  for (int64_t d = 0; d < b; ++d)
    if (dt.getDimSize(d) != it.getDimSize(d))
      return c.error("batch dimensions of data and indices differ");
  SmallVector<int64_t> shape(it.getShape().drop_back());
  llvm::append_range(shape, dt.getShape().drop_front(b + k));
  r.push_back(GatherNDOp::create(c.b, c.loc, RankedTensorType::get(shape, dt.getElementType()), c.input(0),
                                 c.input(1), b));
  return success();
}

/// ScatterND, with reduction from opset 16 (none, add, mul) and 18 (max,
/// min).
LogicalResult scatterND(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 3)) || failed(checkIndices(c, c.input(1))))
    return failure();
  auto dt = typeOf(c.input(0)), it = typeOf(c.input(1)), ut = typeOf(c.input(2));
  if (!dt.hasStaticShape() || !ut.hasStaticShape() || it.getRank() < 1)
    return c.error("data and updates must be static and indices of rank 1 or more");
  int64_t k = it.getShape().back();
  if (k < 1 || k > dt.getRank())
    return c.error("the index length must be 1 to the data's rank");
  SmallVector<int64_t> shape(it.getShape().drop_back());
  llvm::append_range(shape, dt.getShape().drop_front(k));
  if (ut.getShape() != ArrayRef<int64_t>(shape) || ut.getElementType() != dt.getElementType())
    return c.error("updates must have the indices' leading dimensions, then the data's after the tuple");
  std::string red = c.getString("reduction", "none");
  if (!llvm::is_contained({"none", "add", "mul", "max", "min"}, red))
    return c.error("reduction '" + red + "' is not one of none, add, mul, max, min");
  if (red != "none" && (dt.getElementType().isInteger(1) || dt.getElementType().isUnsignedInteger()))
    return c.error("reduction '" + red + "' needs float or signed integer data");
  r.push_back(ScatterNDOp::create(c.b, c.loc, dt, c.input(0), c.input(1), c.input(2), red));
  return success();
}

/// CumSum and CumProd. The axis is an input; it must be constant, except
/// that a 1-D input has only axis 0 (or -1).
template <bool Product>
LogicalResult cumulative(NodeContext &c, SmallVectorImpl<Value> &r) {
  if (failed(requireInputs(c, 2)))
    return failure();
  auto ty = typeOf(c.input(0));
  Type elt = ty.getElementType();
  if (!ty.hasStaticShape() || ty.getRank() < 1 || elt.isInteger(1))
    return c.error("the input must be a static numeric tensor of rank 1 or more");
  int64_t axis = 0;
  if (auto a = c.constantInts(1)) {
    if (a->size() != 1)
      return c.error("axis must be a scalar");
    auto n = normAxis(c, (*a)[0], ty.getRank());
    if (failed(n))
      return failure();
    axis = *n;
  } else if (ty.getRank() != 1) {
    return c.error("axis must be constant (it is computed at run time)");
  }
  r.push_back(CumulativeOp::create(c.b, c.loc, c.input(0), axis, Product, c.getInt("exclusive", 0) != 0,
                                   c.getInt("reverse", 0) != 0));
  return success();
}

const OpHandler kHandlers[] = {
    {"Abs", 6, kLatest, signedUnary<AbsOp>},
    {"Acos", 7, kLatest, unary<AcosOp>},
    {"Acosh", 9, kLatest, unary<AcoshOp>},
    {"Add", 7, kLatest, binary<AddOp>},
    {"And", 7, kLatest, logical<AndOp>},
    {"ArgMax", 1, kLatest, argExtreme<ArgMaxOp>},
    {"ArgMin", 1, kLatest, argExtreme<ArgMinOp>},
    {"Asin", 7, kLatest, unary<AsinOp>},
    {"Asinh", 9, kLatest, unary<AsinhOp>},
    {"Atan", 7, kLatest, unary<AtanOp>},
    {"Atanh", 9, kLatest, unary<AtanhOp>},
    {"Attention", 23, kLatest, attention},
    {"AveragePool", 7, kLatest, pool<AvgPoolOp>},
    {"BatchNormalization", 7, kLatest, batchNorm},
    {"BitShift", 11, kLatest, bitwise<BitShiftOp>},
    {"BitwiseAnd", 18, kLatest, bitwise<BitwiseAndOp>},
    {"BitwiseNot", 18, kLatest, bitwise<BitwiseNotOp>},
    {"BitwiseOr", 18, kLatest, bitwise<BitwiseOrOp>},
    {"BitwiseXor", 18, kLatest, bitwise<BitwiseXorOp>},
    {"Cast", 6, kLatest, castOp},
    {"CastLike", 15, kLatest, castLike},
    {"Ceil", 6, kLatest, unary<CeilOp>},
    {"Celu", 12, kLatest, celu},
    {"Clip", 6, kLatest, clip},
    {"Concat", 4, kLatest, concat},
    {"Constant", 1, kLatest, constant},
    {"ConstantOfShape", 9, kLatest, constantOfShape},
    {"Conv", 1, kLatest, conv},
    {"ConvTranspose", 1, kLatest, convTranspose},
    {"Cos", 7, kLatest, unary<CosOp>},
    {"CumProd", 26, kLatest, cumulative<true>},
    {"CumSum", 11, kLatest, cumulative<false>},
    {"Cosh", 9, kLatest, unary<CoshOp>},
    {"DepthToSpace", 1, kLatest, depthToSpace},
    {"DequantizeLinear", 10, kLatest, dequantizeLinear},
    {"DynamicQuantizeLinear", 11, kLatest, dynamicQuantizeLinear},
    {"Resize", 11, kLatest, resize},
    {"CenterCropPad", 18, kLatest, centerCropPad},
    {"HannWindow", 17, kLatest, windowFunction},
    {"HammingWindow", 17, kLatest, windowFunction},
    {"BlackmanWindow", 17, kLatest, windowFunction},
    {"OneHot", 9, kLatest, oneHot},
    {"Tile", 6, kLatest, tile},
    {"TopK", 10, kLatest, topK},
    {"RotaryEmbedding", 23, kLatest, rotaryEmbedding},
    {"GridSample", 16, kLatest, gridSample},
    {"If", 1, kLatest, ifOp},
    {"Scan", 9, kLatest, scan},
    {"AffineGrid", 20, kLatest, affineGrid},
    {"Upsample", 9, 9, resize},
    {"Div", 7, kLatest, binary<DivOp>},
    {"Dropout", 7, kLatest, dropout},
    {"Einsum", 12, kLatest, einsum},
    {"Elu", 6, kLatest, elu},
    {"Equal", 7, kLatest, binary<EqualOp>},
    {"Erf", 9, kLatest, unary<ErfOp>},
    {"Exp", 6, kLatest, unary<ExpOp>},
    {"Expand", 8, kLatest, expand},
    {"EyeLike", 9, kLatest, eyeLike},
    {"Flatten", 1, kLatest, flatten},
    {"Floor", 6, kLatest, unary<FloorOp>},
    {"GRU", 7, kLatest, gru},
    {"Gather", 1, kLatest, gather},
    {"GatherElements", 11, kLatest, gatherElements},
    {"GatherND", 11, kLatest, gatherND},
    {"Gelu", 20, kLatest, gelu},
    {"Gemm", 7, kLatest, gemm},
    {"GlobalAveragePool", 1, kLatest, globalAvgPool},
    {"GlobalMaxPool", 1, kLatest, globalMaxPool},
    {"Greater", 7, kLatest, binary<GreaterOp>},
    {"GreaterOrEqual", 12, kLatest, binary<GreaterOrEqualOp>},
    {"GroupNormalization", 18, kLatest, groupNorm},
    {"HardSigmoid", 6, kLatest, hardSigmoid},
    {"HardSwish", 14, kLatest, unary<HardSwishOp>},
    {"Hardmax", 1, kLatest, hardmax},
    {"Identity", 1, kLatest, identity},
    {"InstanceNormalization", 6, kLatest, instanceNorm},
    {"IsInf", 10, kLatest, isInf},
    {"IsNaN", 9, kLatest, isNaN},
    {"BitCast", 26, kLatest, bitCast},
    {"LRN", 1, kLatest, lrn},
    {"LSTM", 7, kLatest, lstm},
    {"LayerNormalization", 17, kLatest, layerNorm},
    {"LeakyRelu", 6, kLatest, leakyRelu},
    {"Less", 7, kLatest, binary<LessOp>},
    {"LessOrEqual", 12, kLatest, binary<LessOrEqualOp>},
    {"Log", 6, kLatest, unary<LogOp>},
    {"LogSoftmax", 1, kLatest, softmax<LogSoftmaxOp>},
    {"LpNormalization", 1, kLatest, lpNormalization},
    {"LpPool", 2, kLatest, lpPool},
    {"MatMul", 1, kLatest, matmul},
    {"Max", 8, kLatest, variadic<MaxOp>},
    {"MaxPool", 1, kLatest, pool<MaxPoolOp>},
    {"Mean", 8, kLatest, meanOp},
    {"MeanVarianceNormalization", 9, kLatest, meanVarianceNorm},
    {"Min", 8, kLatest, variadic<MinOp>},
    {"Mish", 18, kLatest, mish},
    {"Mod", 10, kLatest, mod},
    {"Mul", 7, kLatest, binary<MulOp>},
    {"Neg", 6, kLatest, signedUnary<NegOp>},
    {"NegativeLogLikelihoodLoss", 12, kLatest, negativeLogLikelihoodLoss},
    {"Not", 1, kLatest, logicalNot},
    {"Or", 7, kLatest, logical<OrOp>},
    {"PRelu", 7, kLatest, prelu},
    {"Pad", 2, kLatest, pad},
    {"Pow", 7, kLatest, pow},
    {"QLinearConv", 10, kLatest, qlinearConv},
    {"QLinearMatMul", 10, kLatest, qlinearMatMul},
    {"QuantizeLinear", 10, kLatest, quantizeLinear},
    {"RMSNormalization", 23, kLatest, rmsNorm},
    {"RNN", 7, kLatest, rnn},
    {"Range", 11, kLatest, range},
    {"Reciprocal", 6, kLatest, unary<ReciprocalOp>},
    {"ReduceL1", 1, kLatest, reduce<ReduceKind::L1, 18>},
    {"ReduceL2", 1, kLatest, reduce<ReduceKind::L2, 18>},
    {"ReduceLogSum", 1, kLatest, reduce<ReduceKind::LogSum, 18>},
    {"ReduceLogSumExp", 1, kLatest, reduce<ReduceKind::LogSumExp, 18>},
    {"ReduceMax", 1, kLatest, reduce<ReduceKind::Max, 18>},
    {"ReduceMean", 1, kLatest, reduce<ReduceKind::Mean, 18>},
    {"ReduceMin", 1, kLatest, reduce<ReduceKind::Min, 18>},
    {"ReduceProd", 1, kLatest, reduce<ReduceKind::Prod, 18>},
    {"ReduceSum", 1, kLatest, reduce<ReduceKind::Sum, 13>},
    {"ReduceSumSquare", 1, kLatest, reduce<ReduceKind::SumSquare, 18>},
    {"Relu", 6, kLatest, unary<ReluOp>},
    {"Reshape", 5, kLatest, reshape},
    {"Round", 11, kLatest, unary<RoundOp>},
    {"Scatter", 9, 10, scatterElements},
    {"ScatterElements", 11, kLatest, scatterElements},
    {"ScatterND", 11, kLatest, scatterND},
    {"Selu", 6, kLatest, selu},
    {"Shape", 1, kLatest, shape},
    {"Shrink", 9, kLatest, shrink},
    {"Sigmoid", 6, kLatest, unary<SigmoidOp>},
    {"Sign", 9, kLatest, signedUnary<SignOp>},
    {"Sin", 7, kLatest, unary<SinOp>},
    {"Sinh", 9, kLatest, unary<SinhOp>},
    {"Size", 1, kLatest, size},
    {"Slice", 1, kLatest, slice},
    {"Softmax", 1, kLatest, softmax<SoftmaxOp>},
    {"SoftmaxCrossEntropyLoss", 12, kLatest, softmaxCrossEntropyLoss},
    {"Softplus", 1, kLatest, unary<SoftplusOp>},
    {"Softsign", 1, kLatest, unary<SoftsignOp>},
    {"SpaceToDepth", 1, kLatest, spaceToDepth},
    {"Split", 2, kLatest, split},
    {"Sqrt", 6, kLatest, unary<SqrtOp>},
    {"Squeeze", 1, kLatest, squeeze},
    {"Sub", 7, kLatest, binary<SubOp>},
    {"Sum", 8, kLatest, sum},
    {"Swish", 24, kLatest, swish},
    {"Tan", 7, kLatest, unary<TanOp>},
    {"Tanh", 6, kLatest, unary<TanhOp>},
    {"ThresholdedRelu", 10, kLatest, thresholdedRelu},
    {"Transpose", 1, kLatest, transpose},
    {"Trilu", 14, kLatest, trilu},
    {"Unsqueeze", 1, kLatest, unsqueeze},
    {"Where", 9, kLatest, where},
    {"Xor", 7, kLatest, logical<XorOp>},
};

} // namespace ops

using namespace ops;

// Sorted by name; version 1 of the com.microsoft domain.
const OpHandler kMicrosoftHandlers[] = {
    {"QLinearAdd", 1, 1, qlinearBinary<AddOp>},
    {"QLinearAveragePool", 1, 1, qlinearUnary<pool<AvgPoolOp>>},
    {"QLinearConcat", 1, 1, qlinearConcat},
    {"QLinearGlobalAveragePool", 1, 1, qlinearUnary<globalAvgPool>},
    {"QLinearLeakyRelu", 1, 1, qlinearUnary<leakyRelu>},
    {"QLinearMul", 1, 1, qlinearBinary<MulOp>},
    {"QLinearSigmoid", 1, 1, qlinearUnary<unary<SigmoidOp>>},
};

ArrayRef<OpHandler> getDefaultDomainHandlers() { return kHandlers; }
ArrayRef<OpHandler> getMicrosoftDomainHandlers() { return kMicrosoftHandlers; }

const OpHandler *findHandler(StringRef domain, StringRef opType, int64_t version) {
  if (domain.empty() || domain == "ai.onnx")
    return findHandler(opType, version);
  if (domain != "com.microsoft")
    return nullptr;
  for (const OpHandler &h : kMicrosoftHandlers)
    if (h.opType == opType)
      return &h;
  return nullptr;
}

const OpHandler *findHandler(StringRef opType, int64_t opset) {
  for (const OpHandler &h : kHandlers)
    if (h.opType == opType && h.sinceVersion <= opset && opset <= h.untilVersion)
      return &h;
  return nullptr;
}

} // namespace edgec::onnx_import

//===- NNOps.td - Operators of the nn dialect ----------------*- tablegen -*-===//
//
// Op families are subclasses that add their traits; every op infers its
// result type from its operands and attributes (InferTypeOpInterface), which
// is what the shape-inference pass re-runs after constant folding.
//
//===----------------------------------------------------------------------===//
#ifndef EDGEC_NN_OPS_TD
#define EDGEC_NN_OPS_TD

include "dialects/nn/IR/NNBase.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"

/// Result types are inferred; a declared type may be less static than the
/// inferred one until shape inference refines it.
class NN_InferOp<string mnemonic, list<Trait> traits = []>
    : NN_Op<mnemonic, !listconcat(traits, [Pure, InferTypeOpAdaptorWithIsCompatible])>;

/// Ops whose result type is their input type; ODS derives the inference.
class NN_SameTypeOp<string mnemonic, list<Trait> traits = []>
    : NN_Op<mnemonic, !listconcat(traits, [Pure, InferTypeOpInterface])>;

//===----------------------------------------------------------------------===//
// Constants and shape ops
//===----------------------------------------------------------------------===//

def NN_ConstantOp : NN_Op<"constant", [Pure, ConstantLike, AllTypesMatch<["value", "output"]>]> {
  let summary = "A constant tensor (ONNX Constant and initializers)";
  let description = [{
    Weights and folded shape values. Large values are kept as dense elements
    built from the model's raw bytes and are elided when IR is printed.

    ```mlir
    %w = nn.constant dense<1.0> : tensor<8x1x5x5xf32>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs NN_AnyTensor:$output);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
  let hasVerifier = 1;
}

def NN_ShapeOp : NN_InferOp<"shape"> {
  let summary = "The shape of a tensor as a 1-D i64 tensor (ONNX Shape)";
  let description = [{
    Folds to a constant once the input shape is static.
    ```mlir
    %s = nn.shape %x : (tensor<1x3x4xf32>) -> tensor<3xi64>
    ```
  }];
  let arguments = (ins NN_AnyTensor:$input);
  let results = (outs RankedTensorOf<[I64]>:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def NN_GatherOp : NN_InferOp<"gather"> {
  let summary = "Gather along one axis (ONNX Gather)";
  let description = [{
    ```mlir
    %y = nn.gather %x, %i {axis = 0 : i64} : (tensor<4xi64>, tensor<i64>) -> tensor<i64>
    ```
  }];
  let arguments = (ins NN_AnyTensor:$input, NN_IndexTensor:$indices, NN_I64Attr:$axis);
  let results = (outs NN_AnyTensor:$output);
  let assemblyFormat = "$input `,` $indices attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
  let hasVerifier = 1;
}

def NN_GatherElementsOp : NN_Op<"gather_elements", [Pure]> {
  let summary = "Gather with an index per output element (ONNX GatherElements)";
  let description = [{
    `output[i...] = input[i...]` with the `axis` coordinate replaced by
    `indices[i...]`; the result has the shape of `indices`. Negative
    indices count from the end.
    ```mlir
    %y = nn.gather_elements %x, %i {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x2xi64>) -> tensor<2x2xf32>
    ```
  }];
  let arguments = (ins NN_AnyTensor:$input, NN_IndexTensor:$indices, NN_I64Attr:$axis);
  let results = (outs NN_AnyTensor:$output);
  let assemblyFormat = "$input `,` $indices attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_GatherNDOp : NN_Op<"gather_nd", [Pure]> {
  let summary = "Gather slices by index tuples (ONNX GatherND)";
  let description = [{
    With `indices` of shape [b..., q..., k] (`batch_dims` leading b), each
    index tuple selects `input[b..., i0, .., ik-1, ...]`; the result has
    shape [b..., q..., input dims after b + k]. Negative indices count from
    the end.
    ```mlir
    %y = nn.gather_nd %x, %i : (tensor<2x2xf32>, tensor<2x2xi64>) -> tensor<2xf32>
    ```
  }];
  let arguments = (ins NN_AnyTensor:$input, NN_IndexTensor:$indices,
                   DefaultValuedAttr<NN_I64Attr, "0">:$batch_dims);
  let results = (outs NN_AnyTensor:$output);
  let assemblyFormat = "$input `,` $indices attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_ScatterNDOp : NN_Op<"scatter_nd", [Pure]> {
  let summary = "Scatter slices by index tuples (ONNX ScatterND)";
  let description = [{
    `indices` [q..., k] and `updates` [q..., input dims after k]: the result
    is `input` with each update slice written (or combined by `reduction`:
    none, add, mul, max, min) at its index tuple, in row-major order.
    ```mlir
    %y = nn.scatter_nd %x, %i, %u {reduction = "add"} : (tensor<4x4xf32>, tensor<2x1xi64>, tensor<2x4xf32>) -> tensor<4x4xf32>
    ```
  }];
  let arguments = (ins NN_AnyTensor:$input, NN_IndexTensor:$indices, NN_AnyTensor:$updates,
                   DefaultValuedStrAttr<StrAttr, "none">:$reduction);
  let results = (outs NN_AnyTensor:$output);
  let assemblyFormat = "$input `,` $indices `,` $updates attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_CumulativeOp : NN_Op<"cumulative", [Pure, SameOperandsAndResultType]> {
  let summary = "Running sum or product along an axis (ONNX CumSum, CumProd)";
  let description = [{
    `output[.., i, ..] = input[.., 0, ..] op .. op input[.., i, ..]`;
    `exclusive` leaves out element i itself (the first is the identity),
    `reverse` runs from the end.
    ```mlir
    %y = nn.cumulative %x {axis = 0 : i64, product = false} : tensor<5xf32>
    ```
  }];
  let arguments = (ins NN_AnyTensor:$input, NN_I64Attr:$axis, BoolAttr:$product,
                   UnitAttr:$exclusive, UnitAttr:$reverse);
  let results = (outs NN_AnyTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($output)";
  let hasVerifier = 1;
}

def NN_ScatterElementsOp : NN_Op<"scatter_elements", [Pure]> {
  let summary = "Scatter with an index per update element (ONNX ScatterElements)";
  let description = [{
    The result is `input` with `updates[i...]` written (or combined by
    `reduction`: none, add, mul, max, min) at `i...` with the `axis`
    coordinate replaced by `indices[i...]`, in row-major order of the
    updates. Negative indices count from the end.
    ```mlir
    %y = nn.scatter_elements %x, %i, %u {axis = 0 : i64, reduction = "add"} : (tensor<3x3xf32>, tensor<2x3xi64>, tensor<2x3xf32>) -> tensor<3x3xf32>
    ```
  }];
  let arguments = (ins NN_AnyTensor:$input, NN_IndexTensor:$indices, NN_AnyTensor:$updates,
                   NN_I64Attr:$axis, DefaultValuedStrAttr<StrAttr, "none">:$reduction);
  let results = (outs NN_AnyTensor:$output);
  let assemblyFormat = "$input `,` $indices `,` $updates attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_ReshapeOp : NN_InferOp<"reshape"> {
  let summary = "Reshape (ONNX Reshape, Flatten, Squeeze, Unsqueeze)";
  let description = [{
    The target shape is an operand so that shape subgraphs can compute it;
    lowering requires it to be constant. 0 copies the input dimension
    (unless `allowzero`), -1 is inferred.
    ```mlir
    %y = nn.reshape %x, %s : (tensor<1x4x2xf32>, tensor<2xi64>) -> tensor<1x8xf32>
    ```
  }];
  let arguments = (ins NN_DataTensor:$input, RankedTensorOf<[I64]>:$shape,
                   DefaultValuedAttr<BoolAttr, "false">:$allowzero);
  let results = (outs NN_DataTensor:$output);
  let assemblyFormat = "$input `,` $shape attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
  let hasVerifier = 1;
}

def NN_ConcatOp : NN_InferOp<"concat"> {
  let summary = "Concatenation along an axis (ONNX Concat)";
  let description = [{
    ```mlir
    %y = nn.concat %a, %b {axis = 1 : i64} : (tensor<1x2xf32>, tensor<1x3xf32>) -> tensor<1x5xf32>
    ```
  }];
  let arguments = (ins Variadic<NN_DataTensor>:$inputs, NN_I64Attr:$axis);
  let results = (outs NN_DataTensor:$output);
  let assemblyFormat = "$inputs attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
  let hasVerifier = 1;
}

def NN_TransposeOp : NN_InferOp<"transpose"> {
  let summary = "Permute dimensions (ONNX Transpose)";
  let description = [{
    ```mlir
    %y = nn.transpose %x {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x3x4x5xf32>) -> tensor<1x4x5x3xf32>
    ```
  }];
  let arguments = (ins NN_DataTensor:$input, DenseI64ArrayAttr:$perm);
  let results = (outs NN_DataTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
  let hasVerifier = 1;
}

def NN_SliceOp : NN_InferOp<"slice"> {
  let summary = "Strided slice with normalized, static bounds (ONNX Slice)";
  let description = [{
    `starts`, `ends` and `steps` have one entry per input dimension, already
    clamped by the importer.
    ```mlir
    %y = nn.slice %x {starts = array<i64: 0, 2>, ends = array<i64: 4, 4>, steps = array<i64: 1, 1>} : (tensor<4x4xf32>) -> tensor<4x2xf32>
    ```
  }];
  let arguments = (ins NN_AnyTensor:$input, DenseI64ArrayAttr:$starts,
                   DenseI64ArrayAttr:$ends, DenseI64ArrayAttr:$steps);
  let results = (outs NN_AnyTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
  let hasVerifier = 1;
}

def NN_PadOp : NN_InferOp<"pad"> {
  let summary = "Constant padding (ONNX Pad, mode=constant)";
  let description = [{
    `pads` holds all begin values then all end values, as in ONNX.
    ```mlir
    %y = nn.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, value = 0.0 : f32} : (tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, DenseI64ArrayAttr:$pads,
                   DefaultValuedAttr<F32Attr, "0.0f">:$value);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

class NN_BinaryOp<string mnemonic, string onnxName>
    : NN_InferOp<mnemonic, [ResultsBroadcastableShape]> {
  let summary = "Elementwise " # onnxName # " with multidirectional broadcasting";
  let description = [{
    Numpy-style broadcasting, as in ONNX opset 7 and later.
    ```mlir
    %y = nn.}] # mnemonic # [{ %a, %b : (tensor<1x8xf32>, tensor<8xf32>) -> tensor<1x8xf32>
    ```
  }];
  // `is_unsigned`: integer operands are unsigned (set by
  // edgec-signless-integers, which makes the element types signless).
  let arguments = (ins NN_AnyTensor:$lhs, NN_AnyTensor:$rhs, UnitAttr:$is_unsigned);
  let results = (outs NN_AnyTensor:$output);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
  let hasVerifier = 1;
}
def NN_AddOp : NN_BinaryOp<"add", "Add">;
def NN_SubOp : NN_BinaryOp<"sub", "Sub">;
def NN_MulOp : NN_BinaryOp<"mul", "Mul">;
def NN_DivOp : NN_BinaryOp<"div", "Div">;
def NN_PowOp : NN_BinaryOp<"pow", "Pow">;
def NN_MaxOp : NN_BinaryOp<"max", "Max (two operands; the importer chains more)">;
def NN_MinOp : NN_BinaryOp<"min", "Min (two operands; the importer chains more)">;

def NN_BitwiseAndOp : NN_BinaryOp<"bitwise_and", "BitwiseAnd (integers)"> {
  let arguments = (ins NN_IntegerTensor:$lhs, NN_IntegerTensor:$rhs, UnitAttr:$is_unsigned);
  let results = (outs NN_IntegerTensor:$output);
}
def NN_BitwiseOrOp : NN_BinaryOp<"bitwise_or", "BitwiseOr (integers)"> {
  let arguments = (ins NN_IntegerTensor:$lhs, NN_IntegerTensor:$rhs, UnitAttr:$is_unsigned);
  let results = (outs NN_IntegerTensor:$output);
}
def NN_BitwiseXorOp : NN_BinaryOp<"bitwise_xor", "BitwiseXor (integers)"> {
  let arguments = (ins NN_IntegerTensor:$lhs, NN_IntegerTensor:$rhs, UnitAttr:$is_unsigned);
  let results = (outs NN_IntegerTensor:$output);
}

def NN_BitShiftOp : NN_BinaryOp<"bit_shift", "BitShift (integers)"> {
  let description = [{
    `lhs` shifted left, or logically right with `right`, by `rhs` bits
    (ONNX BitShift is defined on unsigned integers); shifting by the bit
    width or more gives 0.
    ```mlir
    %y = nn.bit_shift %a, %b {right} : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
    ```
  }];
  let arguments = (ins NN_IntegerTensor:$lhs, NN_IntegerTensor:$rhs, UnitAttr:$is_unsigned,
                   UnitAttr:$right);
  let results = (outs NN_IntegerTensor:$output);
}

def NN_ModOp : NN_InferOp<"mod", [ResultsBroadcastableShape]> {
  let summary = "Elementwise remainder with broadcasting (ONNX Mod)";
  let description = [{
    With `fmod` the result takes the sign of the dividend (C fmod; the only
    form ONNX allows for floats); without it, integers take the sign of the
    divisor (Python's %).
    ```mlir
    %y = nn.mod %a, %b {fmod = false} : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
    ```
  }];
  let arguments = (ins NN_AnyTensor:$lhs, NN_AnyTensor:$rhs,
                   DefaultValuedAttr<BoolAttr, "false">:$fmod, UnitAttr:$is_unsigned);
  let results = (outs NN_AnyTensor:$output);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
  let hasVerifier = 1;
}

/// Comparisons and logical ops: broadcasting, boolean (i1) result.
class NN_CompareOp<string mnemonic, string onnxName>
    : NN_InferOp<mnemonic, [ResultsBroadcastableShape]> {
  let summary = "Elementwise " # onnxName # " with broadcasting; the result is boolean";
  let description = [{
    ```mlir
    %y = nn.}] # mnemonic # [{ %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
    ```
  }];
  let arguments = (ins NN_AnyTensor:$lhs, NN_AnyTensor:$rhs, UnitAttr:$is_unsigned);
  let results = (outs RankedTensorOf<[I1]>:$output);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
  let hasVerifier = 1;
}
def NN_EqualOp : NN_CompareOp<"equal", "Equal">;
def NN_GreaterOp : NN_CompareOp<"greater", "Greater">;
def NN_GreaterOrEqualOp : NN_CompareOp<"greater_or_equal", "GreaterOrEqual">;
def NN_LessOp : NN_CompareOp<"less", "Less">;
def NN_LessOrEqualOp : NN_CompareOp<"less_or_equal", "LessOrEqual">;
def NN_AndOp : NN_CompareOp<"and", "And (on booleans)">;
def NN_OrOp : NN_CompareOp<"or", "Or (on booleans)">;
def NN_XorOp : NN_CompareOp<"xor", "Xor (on booleans)">;

def NN_NotOp : NN_SameTypeOp<"not", [SameOperandsAndResultType]> {
  let summary = "Elementwise logical Not (ONNX Not)";
  let description = [{
    ```mlir
    %y = nn.not %x : tensor<4xi1>
    ```
  }];
  let arguments = (ins RankedTensorOf<[I1]>:$input);
  let results = (outs RankedTensorOf<[I1]>:$output);
  let assemblyFormat = "$input attr-dict `:` type($output)";
  let hasFolder = 1;
}

def NN_WhereOp : NN_InferOp<"where"> {
  let summary = "Elementwise select with broadcasting (ONNX Where)";
  let description = [{
    ```mlir
    %y = nn.where %c, %a, %b : (tensor<4xi1>, tensor<4xf32>, tensor<1xf32>) -> tensor<4xf32>
    ```
  }];
  let arguments = (ins RankedTensorOf<[I1]>:$condition, NN_AnyTensor:$lhs, NN_AnyTensor:$rhs);
  let results = (outs NN_AnyTensor:$output);
  let assemblyFormat = "$condition `,` $lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
  let hasVerifier = 1;
}

class NN_UnaryOp<string mnemonic, string onnxName, list<Trait> traits = []>
    : NN_SameTypeOp<mnemonic, !listconcat(traits, [SameOperandsAndResultType])> {
  let summary = "Elementwise " # onnxName;
  let description = [{
    ```mlir
    %y = nn.}] # mnemonic # [{ %x : tensor<1x8xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($output)";
}
def NN_ReluOp : NN_UnaryOp<"relu", "Relu">;
def NN_SigmoidOp : NN_UnaryOp<"sigmoid", "Sigmoid">;
def NN_TanhOp : NN_UnaryOp<"tanh", "Tanh">;
def NN_ExpOp : NN_UnaryOp<"exp", "Exp">;
def NN_AbsOp : NN_UnaryOp<"abs", "Abs (float32 or signed integers)"> {
  let arguments = (ins NN_AnyTensor:$input);
  let results = (outs NN_AnyTensor:$output);
  let hasFolder = 1;
}
def NN_NegOp : NN_UnaryOp<"neg", "Neg (float32 or signed integers)"> {
  let arguments = (ins NN_AnyTensor:$input);
  let results = (outs NN_AnyTensor:$output);
  let hasFolder = 1;
}
def NN_FloorOp : NN_UnaryOp<"floor", "Floor">;
def NN_CeilOp : NN_UnaryOp<"ceil", "Ceil">;
def NN_RoundOp : NN_UnaryOp<"round", "Round (half to even)">;
def NN_SqrtOp : NN_UnaryOp<"sqrt", "Sqrt">;
def NN_ReciprocalOp : NN_UnaryOp<"reciprocal", "Reciprocal">;
def NN_LogOp : NN_UnaryOp<"log", "Log">;
def NN_SinOp : NN_UnaryOp<"sin", "Sin">;
def NN_CosOp : NN_UnaryOp<"cos", "Cos">;
def NN_ErfOp : NN_UnaryOp<"erf", "Erf">;
def NN_TanOp : NN_UnaryOp<"tan", "Tan">;
def NN_AsinOp : NN_UnaryOp<"asin", "Asin">;
def NN_AcosOp : NN_UnaryOp<"acos", "Acos">;
def NN_AtanOp : NN_UnaryOp<"atan", "Atan">;
def NN_SinhOp : NN_UnaryOp<"sinh", "Sinh">;
def NN_CoshOp : NN_UnaryOp<"cosh", "Cosh">;
def NN_AsinhOp : NN_UnaryOp<"asinh", "Asinh">;
def NN_AcoshOp : NN_UnaryOp<"acosh", "Acosh">;
def NN_AtanhOp : NN_UnaryOp<"atanh", "Atanh">;
def NN_SignOp : NN_UnaryOp<"sign", "Sign (float32 or signed integers)"> {
  let arguments = (ins NN_AnyTensor:$input);
  let results = (outs NN_AnyTensor:$output);
  let hasFolder = 1;
}
def NN_BitwiseNotOp : NN_UnaryOp<"bitwise_not", "BitwiseNot (integers)"> {
  let arguments = (ins NN_IntegerTensor:$input);
  let results = (outs NN_IntegerTensor:$output);
  let hasFolder = 1;
}
def NN_SoftplusOp : NN_UnaryOp<"softplus", "Softplus">;
def NN_SoftsignOp : NN_UnaryOp<"softsign", "Softsign">;
def NN_HardSwishOp : NN_UnaryOp<"hard_swish", "HardSwish">;
def NN_HardSigmoidOp : NN_UnaryOp<"hard_sigmoid", "HardSigmoid"> {
  let arguments = (ins NN_FloatTensor:$input, DefaultValuedAttr<F32Attr, "0.2f">:$alpha,
                   DefaultValuedAttr<F32Attr, "0.5f">:$beta);
}
def NN_EluOp : NN_UnaryOp<"elu", "Elu"> {
  let arguments = (ins NN_FloatTensor:$input, DefaultValuedAttr<F32Attr, "1.0f">:$alpha);
}
def NN_SeluOp : NN_UnaryOp<"selu", "Selu"> {
  let arguments = (ins NN_FloatTensor:$input, DefaultValuedAttr<F32Attr, "1.67326319f">:$alpha,
                   DefaultValuedAttr<F32Attr, "1.05070102f">:$gamma);
}
def NN_CastOp : NN_Op<"cast", [Pure, SameOperandsAndResultShape]> {
  let summary = "Elementwise element-type conversion (ONNX Cast, CastLike)";
  let description = [{
    Float to integer truncates toward zero; to boolean is `x != 0`; boolean
    to a number is 0 or 1; integers are sign- or zero-extended by their
    source type, or truncated (wrap). Out-of-range float to integer is
    undefined in ONNX and here.
    ```mlir
    %y = nn.cast %x : tensor<4xf32> to tensor<4xi64>
    ```
  }];
  // `from_unsigned` / `to_unsigned`: the integer source / result is
  // unsigned (set by edgec-signless-integers). `from_storage` /
  // `to_storage`: the integer source / result holds the bits of this narrow
  // type (float16, bfloat16, float8, float4;
  // int4 and int2 one per byte, sign- or zero-extended), set by
  // edgec-narrow-storage. `saturate`: a cast to a float type without the
  // value's magnitude gives the largest finite value instead of infinity or
  // NaN (ONNX's saturate=1 for float8; float4 always saturates).
  let arguments = (ins NN_AnyTensor:$input, UnitAttr:$from_unsigned, UnitAttr:$to_unsigned,
                   OptionalAttr<TypeAttr>:$from_storage, OptionalAttr<TypeAttr>:$to_storage,
                   UnitAttr:$saturate);
  let results = (outs NN_AnyTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `to` type($output)";
  let hasFolder = 1;
}

def NN_BitcastOp : NN_Op<"bitcast", [Pure, SameOperandsAndResultShape]> {
  let summary = "Elementwise reinterpretation of bits (ONNX BitCast with a float side)";
  let description = [{
    Each element's bits, read as the result's element type of the same
    width. (BitCast between integers and booleans is nn.cast.)
    ```mlir
    %y = nn.bitcast %x : tensor<4xf32> to tensor<4xi32>
    ```
  }];
  let arguments = (ins RankedTensorOf<[F32, F64, I64, I32]>:$input);
  let results = (outs RankedTensorOf<[F32, F64, I64, I32]>:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `to` type($output)";
  let hasVerifier = 1;
}

def NN_ExpandOp : NN_Op<"expand", [Pure]> {
  let summary = "Broadcast to a larger shape (ONNX Expand with a constant shape)";
  let description = [{
    The result shape is the broadcast of the input shape and the ONNX
    `shape` operand, resolved by the importer.
    ```mlir
    %y = nn.expand %x : tensor<3x1xf32> to tensor<2x3x4xf32>
    ```
  }];
  let arguments = (ins NN_AnyTensor:$input);
  let results = (outs NN_AnyTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `to` type($output)";
  let hasFolder = 1;
  let hasVerifier = 1;
}

def NN_TriluOp : NN_Op<"trilu", [Pure, AllTypesMatch<["input", "output"]>]> {
  let summary = "Upper or lower triangle of the last two dimensions (ONNX Trilu)";
  let description = [{
    Keeps element (i, j) of each matrix where j - i >= k (upper) or
    j - i <= k (lower), zero elsewhere; `k` is a one-element int64 tensor,
    read at run time.
    ```mlir
    %y = nn.trilu %x, %k {upper = true} : tensor<3x4xf32>, tensor<1xi64>
    ```
  }];
  let arguments = (ins NN_AnyTensor:$input, RankedTensorOf<[I64]>:$k,
                   DefaultValuedAttr<BoolAttr, "true">:$upper);
  let results = (outs NN_AnyTensor:$output);
  let assemblyFormat = "$input `,` $k attr-dict `:` type($input) `,` type($k)";
  let hasVerifier = 1;
}

def NN_IdentityOp : NN_SameTypeOp<"identity", [SameOperandsAndResultType]> {
  let summary = "Identity (ONNX Identity, Dropout in inference)";
  let description = [{
    Folds away.
    ```mlir
    %y = nn.identity %x : tensor<4xf32>
    ```
  }];
  let arguments = (ins NN_AnyTensor:$input);
  let results = (outs NN_AnyTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($output)";
  let hasFolder = 1;
}
def NN_LeakyReluOp : NN_UnaryOp<"leaky_relu", "LeakyRelu"> {
  let arguments = (ins NN_FloatTensor:$input, DefaultValuedAttr<F32Attr, "0.01f">:$alpha);
}
def NN_ClipOp : NN_UnaryOp<"clip", "Clip"> {
  let description = [{
    Bounds are attributes; the importer takes them from opset-11 inputs,
    which must be constant. A missing bound is +/- infinity.
    ```mlir
    %y = nn.clip %x {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x8xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, F32Attr:$min, F32Attr:$max);
  let hasVerifier = 1;
}

def NN_SoftmaxOp : NN_SameTypeOp<"softmax", [SameOperandsAndResultType]> {
  let summary = "Softmax along one axis (ONNX Softmax, opset-13 semantics)";
  let description = [{
    Opset < 13 coerces to 2-D at `axis`; the importer rewrites that form into
    reshapes around a last-axis softmax.
    ```mlir
    %y = nn.softmax %x {axis = 1 : i64} : tensor<1x10xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_I64Attr:$axis);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($output)";
  let hasVerifier = 1;
}

def NN_ReduceOp : NN_InferOp<"reduce"> {
  let summary = "Reduction over a set of axes (ONNX ReduceSum, ReduceMean, ReduceMax, ...)";
  let description = [{
    `axes` are normalized (non-negative, sorted, unique) by the importer;
    an empty list with `noop` false reduces every axis.
    ```mlir
    %y = nn.reduce %x {kind = #nn<reduce_kind mean>, axes = array<i64: 1>, keepdims = true} : (tensor<2x3xf32>) -> tensor<2x1xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_ReduceKindAttr:$kind, DenseI64ArrayAttr:$axes,
                   DefaultValuedAttr<BoolAttr, "true">:$keepdims);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_LogSoftmaxOp : NN_SameTypeOp<"log_softmax", [SameOperandsAndResultType]> {
  let summary = "Log of softmax along one axis (ONNX LogSoftmax, opset-13 semantics)";
  let description = [{
    Computed as (x - max) - log(sum(exp(x - max))), which stays finite
    where log(softmax(x)) would underflow to -inf.
    ```mlir
    %y = nn.log_softmax %x {axis = 1 : i64} : tensor<1x10xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_I64Attr:$axis);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($output)";
  let hasVerifier = 1;
}

class NN_ArgOp<string mnemonic, string what, string onnxName> : NN_InferOp<mnemonic> {
  let summary = "Index of the " # what # " along an axis (ONNX " # onnxName # ")";
  let description = [{
    The first index of the extreme value, or the last with
    `select_last_index`.
    ```mlir
    %y = nn.}] # mnemonic # [{ %x {axis = 1 : i64, keepdims = false} : (tensor<1x3xf32>) -> tensor<1xi64>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_I64Attr:$axis,
                   DefaultValuedAttr<BoolAttr, "true">:$keepdims,
                   DefaultValuedAttr<BoolAttr, "false">:$select_last_index);
  let results = (outs RankedTensorOf<[I64]>:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}
def NN_ArgMaxOp : NN_ArgOp<"argmax", "maximum", "ArgMax">;
def NN_ArgMinOp : NN_ArgOp<"argmin", "minimum", "ArgMin">;

//===----------------------------------------------------------------------===//
// Linear algebra and convolution
//===----------------------------------------------------------------------===//

def NN_ConvOp : NN_InferOp<"conv"> {
  let summary = "2-D convolution, NCHW (ONNX Conv)";
  let description = [{
    `pads` is [top, left, bottom, right]; auto_pad is resolved by the
    importer. A bias and an activation may be fused in by the graph passes.
    ```mlir
    %y = nn.conv %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 2, 2, 2, 2>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x1x28x28xf32>, tensor<8x1x5x5xf32>, tensor<8xf32>) -> tensor<1x8x28x28xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_FloatTensor:$weight,
                   Optional<NN_FloatTensor>:$bias,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                   DenseI64ArrayAttr:$dilations, NN_I64Attr:$group,
                   DefaultValuedAttr<NN_ActivationAttr, "ActivationKind::None">:$activation,
                   DefaultValuedAttr<F32Attr, "0.0f">:$act_min,
                   DefaultValuedAttr<F32Attr, "0.0f">:$act_max);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = "$input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_GemmOp : NN_InferOp<"gemm"> {
  let summary = "General matrix multiply (ONNX Gemm): alpha*A'*B' + beta*C";
  let description = [{
    ```mlir
    %y = nn.gemm %a, %b, %c {transB = true} : (tensor<1x16xf32>, tensor<10x16xf32>, tensor<10xf32>) -> tensor<1x10xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$a, NN_FloatTensor:$b, Optional<NN_FloatTensor>:$c,
                   DefaultValuedAttr<F32Attr, "1.0f">:$alpha,
                   DefaultValuedAttr<F32Attr, "1.0f">:$beta,
                   DefaultValuedAttr<BoolAttr, "false">:$transA,
                   DefaultValuedAttr<BoolAttr, "false">:$transB,
                   DefaultValuedAttr<NN_ActivationAttr, "ActivationKind::None">:$activation,
                   DefaultValuedAttr<F32Attr, "0.0f">:$act_min,
                   DefaultValuedAttr<F32Attr, "0.0f">:$act_max);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = "$a `,` $b (`,` $c^)? attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_BatchMatMulOp : NN_InferOp<"batch_matmul"> {
  let summary = "Batched matrix product with broadcast batch dimensions (ONNX MatMul, rank > 2)";
  let description = [{
    Both operands have rank 2 or more; the leading (batch) dimensions
    broadcast as in numpy, the last two multiply as matrices.
    ```mlir
    %y = nn.batch_matmul %a, %b : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<2x3x5xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$a, NN_FloatTensor:$b);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = "$a `,` $b attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_MatMulOp : NN_InferOp<"matmul"> {
  let summary = "Matrix product with numpy semantics (ONNX MatMul), rank 2 after normalization";
  let description = [{
    A 1-D bias over the last dimension and an activation may be fused in.
    ```mlir
    %y = nn.matmul %a, %b : (tensor<1x256xf32>, tensor<256x10xf32>) -> tensor<1x10xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$a, NN_FloatTensor:$b, Optional<NN_FloatTensor>:$bias,
                   DefaultValuedAttr<NN_ActivationAttr, "ActivationKind::None">:$activation,
                   DefaultValuedAttr<F32Attr, "0.0f">:$act_min,
                   DefaultValuedAttr<F32Attr, "0.0f">:$act_max);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = "$a `,` $b (`,` $bias^)? attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_BatchNormOp : NN_InferOp<"batch_norm"> {
  let summary = "Inference-mode batch normalization over channel axis 1 (ONNX BatchNormalization)";
  let description = [{
    Folded into a preceding conv or gemm by the graph passes.
    ```mlir
    %y = nn.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-5 : f32} : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_FloatTensor:$scale, NN_FloatTensor:$bias,
                   NN_FloatTensor:$mean, NN_FloatTensor:$var,
                   DefaultValuedAttr<F32Attr, "1.0e-5f">:$epsilon);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = "$input `,` $scale `,` $bias `,` $mean `,` $var attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

class NN_PoolOp<string mnemonic, string onnxName, Type T = NN_FloatTensor> : NN_InferOp<mnemonic> {
  let summary = "2-D " # onnxName # ", NCHW";
  let description = [{
    `pads` is [top, left, bottom, right]; `ceil_mode` rounds the output size
    up. Windows never start inside the end padding.
    ```mlir
    %y = nn.}] # mnemonic # [{ %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x8x28x28xf32>) -> tensor<1x8x14x14xf32>
    ```
  }];
  let arguments = (ins T:$input, DenseI64ArrayAttr:$kernel,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                   DefaultValuedAttr<BoolAttr, "false">:$ceil_mode,
                   DefaultValuedAttr<BoolAttr, "false">:$count_include_pad);
  let results = (outs T:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}
// Max pooling also runs on int8 values: the maximum commutes with a
// dequantization (a positive scale keeps the order), so it needs no rescale.
def NN_MaxPoolOp : NN_PoolOp<"max_pool", "MaxPool", NN_DataTensor>;
def NN_AvgPoolOp : NN_PoolOp<"avg_pool", "AveragePool">;

def NN_GlobalAvgPoolOp : NN_InferOp<"global_avg_pool"> {
  let summary = "Mean over all spatial dimensions, NCHW (ONNX GlobalAveragePool)";
  let description = [{
    ```mlir
    %y = nn.global_avg_pool %x : (tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input);
  let results = (outs NN_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

#endif // EDGEC_NN_OPS_TD

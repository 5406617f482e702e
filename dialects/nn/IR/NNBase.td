//===- NNBase.td - The nn dialect and its attributes ---------*- tablegen -*-===//
//
// `nn` holds float graph operators with ONNX semantics, normalized by the
// importer: attributes are explicit, opset differences are resolved, and
// operands that ONNX allows to be computed at run time but that edgec needs
// at compile time (pads, axes, clip bounds) are attributes.
//
//===----------------------------------------------------------------------===//
#ifndef EDGEC_NN_BASE_TD
#define EDGEC_NN_BASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"
include "mlir/Dialect/Quant/IR/QuantBase.td"

def NN_Dialect : Dialect {
  let name = "nn";
  let cppNamespace = "::edgec::nn";
  let summary = "Float neural-network graph operators with ONNX semantics";
  let description = [{
    One op per ONNX operator after normalization. Shapes are static once the
    graph phase has run; the importer may leave dimensions dynamic until
    constant folding resolves shape subgraphs.
  }];
  let hasConstantMaterializer = 1;
  let useDefaultAttributePrinterParser = 1;
}

/// Activation fused into a producer (conv, gemm, matmul). Fusing keeps the
/// activation inside the producer's loop nest, so no intermediate tensor is
/// written and read back.
def NN_ActivationKind : I32EnumAttr<"ActivationKind", "fused activation", [
    I32EnumAttrCase<"None", 0, "none">,
    I32EnumAttrCase<"Relu", 1, "relu">,
    I32EnumAttrCase<"Clip", 2, "clip">,
    I32EnumAttrCase<"Sigmoid", 3, "sigmoid">]> {
  let cppNamespace = "::edgec::nn";
  let genSpecializedAttr = 0;
}
def NN_ActivationAttr : EnumAttr<NN_Dialect, NN_ActivationKind, "activation">;

/// Reductions share one op; the kind says how elements combine and what
/// happens to the result (ONNX Reduce* operators).
def NN_ReduceKind : I32EnumAttr<"ReduceKind", "reduction", [
    I32EnumAttrCase<"Sum", 0, "sum">,
    I32EnumAttrCase<"Mean", 1, "mean">,
    I32EnumAttrCase<"Max", 2, "max">,
    I32EnumAttrCase<"Min", 3, "min">,
    I32EnumAttrCase<"Prod", 4, "prod">,
    I32EnumAttrCase<"L1", 5, "l1">,
    I32EnumAttrCase<"L2", 6, "l2">,
    I32EnumAttrCase<"SumSquare", 7, "sum_square">,
    I32EnumAttrCase<"LogSum", 8, "log_sum">,
    I32EnumAttrCase<"LogSumExp", 9, "log_sum_exp">]> {
  let cppNamespace = "::edgec::nn";
  let genSpecializedAttr = 0;
}
def NN_ReduceKindAttr : EnumAttr<NN_Dialect, NN_ReduceKind, "reduce_kind">;

class NN_Op<string mnemonic, list<Trait> traits = []>
    : Op<NN_Dialect, mnemonic, traits>;

/// An i64 attribute read back as int64_t: axes may be negative in ONNX and
/// the verifiers must see them as such (upstream I64Attr returns uint64_t).
def NN_I64Attr : TypedSignlessIntegerAttrBase<I64, "int64_t", "64-bit signless integer attribute">;

def NN_FloatTensor : RankedTensorOf<[F32, F64]>;
/// Storage-only element types: they cross the model's edges and casts,
/// never arithmetic (the importer computes them in float32 or int8).
def NN_NarrowType : AnyTypeOf<[F16, BF16, F8E4M3FN, F8E4M3FNUZ, F8E5M2, F8E5M2FNUZ, F4E2M1FN,
                               I<4>, UI<4>, I<2>, UI<2>]>;
def NN_AnyTensor : RankedTensorOf<[F32, F64, NN_NarrowType, I64, I32, I16, I8, UI64, UI32, UI16, UI8, I1]>;
/// Data-movement ops (reshape, transpose, concat, max pooling) also carry
/// quantized tensors:
/// moving int8 values does not change their scale or zero point, so the
/// int8 graph needs no requantization around them.
def NN_DataTensor : RankedTensorOf<[F32, F64, NN_NarrowType, I64, I32, I16, I8, UI64, UI32, UI16, UI8, I1, quant_QuantizedType]>;
def NN_IndexTensor : RankedTensorOf<[I64, I32]>;
/// Integers, not bool.
def NN_IntegerTensor : RankedTensorOf<[I64, I32, I16, I8, UI64, UI32, UI16, UI8]>;

#endif // EDGEC_NN_BASE_TD

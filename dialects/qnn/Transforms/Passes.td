//===- Passes.td - Passes on the qnn dialect ------------------*- tablegen -*-===//
#ifndef EDGEC_QNN_PASSES_TD
#define EDGEC_QNN_PASSES_TD

include "mlir/Pass/PassBase.td"

def FoldQDQ : Pass<"edgec-fold-qdq", "mlir::func::FuncOp"> {
  let summary = "Fold ONNX QuantizeLinear/DequantizeLinear around float ops into integer qnn ops";
  let description = [{
    An imported QDQ model computes in float between `qnn.dequantize` and
    `qnn.quantize`. Where the float op between them has an integer kernel
    (Conv, Gemm, MatMul, Add, average pooling, Relu, Clip, Concat) and the operands
    have the shapes of an int8 model (per-tensor activations, symmetric
    per-channel or per-tensor int8 weights, int32 bias), the pair and the op
    become one qnn op. Dequantize moves past Reshape and Transpose, which only
    move int8 values. Every pair left in float is reported as a warning that
    names the ONNX node and the reason.
  }];
  let dependentDialects = ["::edgec::qnn::QNNDialect", "::mlir::quant::QuantDialect"];
  let options = [
    Option<"report", "report", "bool", "true",
           "Warn about each QuantizeLinear/DequantizeLinear pair left in float">
  ];
}

def InsertQDQ : Pass<"edgec-insert-qdq", "mlir::func::FuncOp"> {
  let summary = "Quantize a float graph: QDQ pairs from calibrated ranges, int8 weights";
  let description = [{
    Post-training quantization of a float nn graph, written as the graph a
    QDQ quantizer would produce, so that edgec-fold-qdq turns it into qnn
    ops exactly as it does for imported QDQ models.

    Every float activation read or produced by an op with an integer kernel
    (Conv, Gemm, MatMul, Add, average and max pooling, Relu, Clip, Reshape,
    Transpose, Concat) gets a quantize/dequantize pair with an asymmetric int8 scale
    and zero point from its calibrated range: the discardable attribute
    `edgec.range = array<f32: lo, hi>` on the producing op, or on the
    function argument. Max pooling, reshape and transpose reuse their
    input's parameters, as their values are a subset of the input's.
    Constant weights become symmetric int8 per output channel (or per
    tensor); biases stay float and are quantized to the accumulator scale
    by the fold. Ops named in keep-float (ONNX node names) stay float.
  }];
  let dependentDialects = ["::edgec::qnn::QNNDialect", "::mlir::quant::QuantDialect"];
  let options = [
    Option<"perChannel", "per-channel", "bool", "false",
           "Quantize weights per output channel instead of per tensor">,
    ListOption<"keepFloat", "keep-float", "std::string",
               "ONNX node names whose ops stay in float">,
    Option<"activationBits", "activation-bits", "unsigned", "8",
           "8: int8 activations; 16: int16 activations with int8 weights (16x8)">
  ];
}

#endif

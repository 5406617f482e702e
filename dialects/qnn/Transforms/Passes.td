//===- Passes.td - Passes on the qnn dialect ------------------*- tablegen -*-===//
#ifndef EDGEC_QNN_PASSES_TD
#define EDGEC_QNN_PASSES_TD

include "mlir/Pass/PassBase.td"

def FoldQDQ : Pass<"edgec-fold-qdq", "mlir::func::FuncOp"> {
  let summary = "Fold ONNX QuantizeLinear/DequantizeLinear around float ops into integer qnn ops";
  let description = [{
    An imported QDQ model computes in float between `qnn.dequantize` and
    `qnn.quantize`. Where the float op between them has an integer kernel
    (Conv, Gemm, MatMul, Add, average pooling, Relu, Clip) and the operands
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

#endif

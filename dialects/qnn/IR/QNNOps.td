//===- QNNOps.td - The qnn dialect: integer-only quantized operators -*- tablegen -*-===//
//
// qnn ops compute on tensors whose element type is an upstream
// `!quant.uniform` type: the type carries the scale and zero point, the op
// carries only what the integer kernel needs besides (strides, clamp
// bounds). Semantics are integer-only and written down in
// docs/quantization.md; lowering (edgec-convert-qnn-to-linalg) implements
// them with arith ops, identically on every target.
//
//===----------------------------------------------------------------------===//
#ifndef EDGEC_QNN_OPS_TD
#define EDGEC_QNN_OPS_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/BuiltinAttributes.td"
include "mlir/Dialect/Quant/IR/QuantBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def QNN_Dialect : Dialect {
  let name = "qnn";
  let cppNamespace = "::edgec::qnn";
  let summary = "Integer-only quantized operators on upstream quant types";
  let description = [{
    Activations are int8 (or int16), asymmetric, one scale and zero point per
    tensor; weights are int8, symmetric, per output channel or per tensor;
    biases are int32 in accumulator units (scale = input scale x weight
    scale). Every result is requantized with a Q31 multiplier and a shift,
    rounded once, ties to even, and saturated.
  }];
  let dependentDialects = ["::mlir::quant::QuantDialect"];
}

class QNN_Op<string mnemonic, list<Trait> traits = []>
    : Op<QNN_Dialect, mnemonic, !listconcat(traits, [Pure])>;

def QNN_QTensor : RankedTensorOf<[quant_QuantizedType]>;
def QNN_BiasTensor : RankedTensorOf<[I32]>;

// Clamp bounds in the output's quantized domain (a fused Relu or Clip).
// Absent bounds mean the storage type's range.
defvar QNN_ClampArgs = (ins OptionalAttr<I64Attr>:$act_min, OptionalAttr<I64Attr>:$act_max);

def QNN_QuantizeOp : QNN_Op<"quantize"> {
  let summary = "float to quantized (ONNX QuantizeLinear)";
  let description = [{
    `q = clamp(round_half_even(x / scale) + zero_point)`, the division and
    the rounding in float32 as ONNX Runtime does them. Unlike upstream
    `quant.qcast`/`quant.dcast`, a quantize/dequantize pair is never folded
    away: ONNX QDQ means rounding, and the rounding must happen.
    ```mlir
    %q = qnn.quantize %x : tensor<1x8xf32> -> tensor<1x8x!quant.uniform<i8:f32, 0.5:-3>>
    ```
  }];
  let arguments = (ins RankedTensorOf<[F32]>:$input);
  let results = (outs QNN_QTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def QNN_DequantizeOp : QNN_Op<"dequantize"> {
  let summary = "quantized to float (ONNX DequantizeLinear)";
  let description = [{
    `x = (q - zero_point) * scale` in float32; per-axis types dequantize each
    slice with its own scale and zero point.
    ```mlir
    %x = qnn.dequantize %q : tensor<1x8x!quant.uniform<i8:f32, 0.5:-3>> -> tensor<1x8xf32>
    ```
  }];
  let arguments = (ins QNN_QTensor:$input);
  let results = (outs RankedTensorOf<[F32]>:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def QNN_Conv2DOp : QNN_Op<"conv2d"> {
  let summary = "Quantized 2-D convolution, NCHW";
  let description = [{
    `pads` is [top, left, bottom, right]; padding reads the input's zero
    point. The weight is int8, per tensor or per output channel (quantized
    dimension 0); a nonzero weight zero point is subtracted at compile time
    (int16 weights in the kernel). The optional bias is int32 in units of
    input_scale * weight_scale[c].
    ```mlir
    %y = qnn.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x3x8x8x!quant.uniform<i8:f32, 1.0:-128>>, tensor<4x3x3x3x!quant.uniform<i8:f32:0, {0.1,0.2,0.3,0.4}>>, tensor<4xi32>) -> tensor<1x4x8x8x!quant.uniform<i8:f32, 0.05:-128>>
    ```
  }];
  let arguments = !con((ins QNN_QTensor:$input, QNN_QTensor:$weight,
                        Optional<QNN_BiasTensor>:$bias,
                        DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                        DenseI64ArrayAttr:$dilations, I64Attr:$group), QNN_ClampArgs);
  let results = (outs QNN_QTensor:$output);
  let assemblyFormat = "$input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def QNN_FullyConnectedOp : QNN_Op<"fully_connected"> {
  let summary = "Quantized matrix product with a [N, K] weight (Gemm, MatMul)";
  let description = [{
    `output[m, n] = requant(sum_k input[m, k] * weight[n, k] + bias[n])`.
    The importer transposes MatMul and Gemm weights to this layout at compile
    time.
    ```mlir
    %y = qnn.fully_connected %x, %w, %b : (tensor<1x64x!quant.uniform<i8:f32, 0.02:-128>>, tensor<10x64x!quant.uniform<i8:f32, 0.03>>, tensor<10xi32>) -> tensor<1x10x!quant.uniform<i8:f32, 0.17:27>>
    ```
  }];
  let arguments = !con((ins QNN_QTensor:$input, QNN_QTensor:$weight,
                        Optional<QNN_BiasTensor>:$bias), QNN_ClampArgs);
  let results = (outs QNN_QTensor:$output);
  let assemblyFormat = "$input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def QNN_AddOp : QNN_Op<"add"> {
  let summary = "Quantized elementwise addition with numpy broadcasting";
  let description = [{
    Both inputs are rescaled to a common scale with 20 bits of headroom,
    added in int32 and requantized to the output, so the sum never goes
    through float.
    ```mlir
    %y = qnn.add %a, %b : (tensor<1x8x!quant.uniform<i8:f32, 0.1:3>>, tensor<1x8x!quant.uniform<i8:f32, 0.2:-1>>) -> tensor<1x8x!quant.uniform<i8:f32, 0.25:0>>
    ```
  }];
  let arguments = !con((ins QNN_QTensor:$lhs, QNN_QTensor:$rhs), QNN_ClampArgs);
  let results = (outs QNN_QTensor:$output);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def QNN_AvgPool2DOp : QNN_Op<"avg_pool2d"> {
  let summary = "Quantized 2-D average pooling, NCHW, without padding";
  let description = [{
    Sums each window in int32 and requantizes once by
    input_scale / (output_scale * window_size).
    ```mlir
    %y = qnn.avg_pool2d %x {kernel = array<i64: 8, 8>, strides = array<i64: 8, 8>} : (tensor<1x64x8x8x!quant.uniform<i8:f32, 0.09:-128>>) -> tensor<1x64x1x1x!quant.uniform<i8:f32, 0.02:-128>>
    ```
  }];
  let arguments = (ins QNN_QTensor:$input, DenseI64ArrayAttr:$kernel,
                   DenseI64ArrayAttr:$strides);
  let results = (outs QNN_QTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def QNN_MulOp : QNN_Op<"mul"> {
  let summary = "Quantized elementwise multiplication with numpy broadcasting";
  let description = [{
    `(a - za) * (b - zb)` is exact in int32 for 8-bit inputs and is
    requantized once by `scale_a * scale_b / scale_out`.
    ```mlir
    %y = qnn.mul %a, %b : (tensor<1x8x!quant.uniform<i8:f32, 0.1:3>>, tensor<1x1x!quant.uniform<i8:f32, 0.2:-1>>) -> tensor<1x8x!quant.uniform<i8:f32, 0.25:0>>
    ```
  }];
  let arguments = !con((ins QNN_QTensor:$lhs, QNN_QTensor:$rhs), QNN_ClampArgs);
  let results = (outs QNN_QTensor:$output);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def QNN_TableOp : QNN_Op<"table"> {
  let summary = "Elementwise function of an int8 tensor by table lookup";
  let description = [{
    An int8 input has 256 possible values, so any elementwise function
    between a DequantizeLinear and a QuantizeLinear (Sigmoid, Tanh,
    LeakyRelu, HardSwish, ...) is a table the compiler fills at compile
    time: `output = table[input + 128]`. Each entry is the exactly rounded
    quantization of the function at the dequantized input.
    ```mlir
    %y = qnn.table %x {table = array<i8: ...256 values...>} : (tensor<1x8x!quant.uniform<i8:f32, 0.1:3>>) -> tensor<1x8x!quant.uniform<i8:f32, 0.0039:-128>>
    ```
  }];
  let arguments = (ins QNN_QTensor:$input, DenseI8ArrayAttr:$table);
  let results = (outs QNN_QTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def QNN_RequantizeOp : QNN_Op<"requantize"> {
  let summary = "Change a tensor's scale and zero point";
  let description = [{
    ```mlir
    %y = qnn.requantize %x : (tensor<8x!quant.uniform<i8:f32, 0.1:3>>) -> tensor<8x!quant.uniform<i8:f32, 0.3:-5>>
    ```
  }];
  let arguments = !con((ins QNN_QTensor:$input), QNN_ClampArgs);
  let results = (outs QNN_QTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

#endif

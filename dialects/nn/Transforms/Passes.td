//===- Passes.td - Graph passes on the nn dialect ------------*- tablegen -*-===//
#ifndef EDGEC_NN_PASSES_TD
#define EDGEC_NN_PASSES_TD

include "mlir/Pass/PassBase.td"

def InferShapes : Pass<"edgec-infer-shapes", "mlir::func::FuncOp"> {
  let summary = "Refine result types from operand types, folding shape subgraphs";
  let description = [{
    The importer creates ops whose dimensions may depend on values computed
    by shape subgraphs (Shape, Gather, Concat feeding a Reshape). This pass
    alternates constant folding with re-running every op's type inference
    until nothing changes, then updates the function signature. Lowering
    needs fully static shapes, so it reports every value left dynamic.
  }];
  let dependentDialects = ["::edgec::nn::NNDialect"];
  let options = [
    Option<"requireStatic", "require-static", "bool", "true",
           "Fail if a dimension stays dynamic">
  ];
}

def FoldConstants : Pass<"edgec-fold-constants", "mlir::func::FuncOp"> {
  let summary = "Evaluate ops whose operands are all constant and drop dead ops";
  let description = [{
    Runs the folders of every nn op to a fixpoint, so shape arithmetic and
    constant weight transforms cost nothing at run time, and removes ops
    whose results are unused (dead-code removal).
  }];
  let dependentDialects = ["::edgec::nn::NNDialect"];
}

def FoldBatchNorm : Pass<"edgec-fold-batchnorm", "mlir::func::FuncOp"> {
  let summary = "Fold inference-mode BatchNormalization into a preceding Conv or Gemm";
  let description = [{
    BatchNormalization after a convolution or a Gemm with constant weights is
    an affine map per output channel; scaling the weights and shifting the
    bias removes a full pass over the activation tensor.
  }];
}

def FuseBiasActivation : Pass<"edgec-fuse-bias-activation", "mlir::func::FuncOp"> {
  let summary = "Fuse a following bias Add and Relu/Clip/Sigmoid into Conv, Gemm and MatMul";
  let description = [{
    A bias add and an activation after a producer each read and write the
    whole output again; fused, they run in the producer's epilogue and the
    intermediate tensor disappears from the arena.
  }];
}

def FoldPad : Pass<"edgec-fold-pad", "mlir::func::FuncOp"> {
  let summary = "Fold a constant-zero spatial Pad into Conv and pooling";
  let description = [{
    An explicit Pad materializes a larger copy of its input. Convolution and
    pooling can pad implicitly, which saves the copy and its arena space.
    Max pooling only absorbs a zero pad when its input is non-negative, and
    average pooling only when it counts padding.
  }];
}

def SignlessIntegers : Pass<"edgec-signless-integers", "mlir::func::FuncOp"> {
  let summary = "Make unsigned integer tensors signless, marking the ops whose meaning depends on it";
  let description = [{
    The nn dialect keeps ONNX's unsigned element types (uint8 to uint64);
    arith, which the lowering targets, only has signless integers. This pass
    sets `is_unsigned` on the ops whose result depends on signedness (division,
    remainder, max, min, ordered comparisons; `from_unsigned`/`to_unsigned`
    on casts), then retypes every value, constant and the signature to the
    signless type of the same width. An op on unsigned tensors whose
    unsigned meaning the lowering does not implement is an error, never a
    silently signed result. Functions that hand unsigned values to other
    dialects (quantized storage) are left alone.
  }];
  let dependentDialects = ["::edgec::nn::NNDialect"];
}

def NarrowStorage : Pass<"edgec-narrow-storage", "mlir::func::FuncOp"> {
  let summary = "Hold narrow-type tensors as integers; casts convert the bits";
  let description = [{
    The importer computes float16, bfloat16, float8 and float4 in float32,
    and int4 and int2 in int8, so these types appear only at the model's
    inputs and outputs and in the casts that round to them. The generated
    API passes them as bit patterns in an integer of the same or the next
    byte width (uint16_t for float16 and bfloat16, uint8_t for float8 and
    float4, int8_t/uint8_t per int4 or int2 element), which needs no
    support for these types from the C compiler or the target. This pass
    retypes every such tensor to that integer and marks the casts with
    `storage`, the type the bits encode; the lowering converts with integer
    operations, rounding to nearest even. Any other op on them is an error.
  }];
  let dependentDialects = ["::edgec::nn::NNDialect"];
}

#endif

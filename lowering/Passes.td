//===- Passes.td - Lowering, planning and emission passes ----*- tablegen -*-===//
#ifndef EDGEC_LOWERING_PASSES_TD
#define EDGEC_LOWERING_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertNNToLinalg : Pass<"edgec-convert-nn-to-linalg", "mlir::func::FuncOp"> {
  let summary = "Lower nn ops to linalg (named ops where they exist), tensor and arith";
  let description = [{
    From here on, everything is upstream MLIR: named linalg ops for
    convolution, matmul and pooling (so later tiling and microkernel
    selection can match them), linalg.generic for elementwise math and
    reductions, tensor ops for data movement. Every nn op must convert; one
    that cannot is reported at its ONNX node.

    With `channels-last`, float plain and depthwise convolutions with
    constant weights accumulate NHWC with the output channel innermost
    (weights packed at compile time), between transposes that cancel from
    one layer to the next (x86, where SIMD rows across output channels fill
    whole registers on every layer).
  }];
  let options = [
    Option<"channelsLast", "channels-last", "bool", /*default=*/"false",
           "Float convolutions channels-last">,
    Option<"borderFills", "border-fills", "bool", /*default=*/"false",
           "Channels-last float padding: fill only the border (x86)">
  ];
  let dependentDialects = [
    "::mlir::linalg::LinalgDialect", "::mlir::tensor::TensorDialect",
    "::mlir::arith::ArithDialect", "::mlir::math::MathDialect", "::mlir::scf::SCFDialect",
    "::mlir::bufferization::BufferizationDialect"
  ];
}

def ConvertQnnToLinalg : Pass<"edgec-convert-qnn-to-linalg", "mlir::func::FuncOp"> {
  let summary = "Lower qnn ops to integer linalg and erase quant element types";
  let description = [{
    Convolutions and matrix products accumulate int8 x int8 products in
    int32 with the input zero point folded into the bias at compile time;
    requantization is explicit integer arithmetic (Q31 multiplier, one
    rounding half to even, saturation) identical on every target. Ops that
    only move quantized values are rebuilt on the storage integer type.

    The layout of convolution kernels is chosen per target (conv-layout):
     * channels-last: plain and depthwise convolutions accumulate NHWC with
       the output channel innermost, so SIMD code runs across channels
       (64-bit SIMD targets: x86, AArch64, RVV);
     * mixed: plain convolutions channels-last, depthwise NCHW with the
       whole kernel window per output, which a scalar core does in fewer
       instructions (Cortex-M without Helium, RV32);
     * dot: plain convolutions as dot products over contiguous memory with
       an NCHW accumulator, which Helium's multiply-accumulate-across-vector
       wants; depthwise NCHW.
  }];
  let options = [
    Option<"convLayout", "conv-layout", "std::string", /*default=*/"\"channels-last\"",
           "Convolution kernel layout: channels-last, mixed or dot">,
    Option<"kGroup", "k-group", "int64_t", /*default=*/"1",
           "Channels-last int8 convolutions: adjacent products per multiply-add (1; x86: 2 pmaddwd, 4 VNNI)">
  ];
  let dependentDialects = [
    "::mlir::linalg::LinalgDialect", "::mlir::tensor::TensorDialect",
    "::mlir::arith::ArithDialect", "::mlir::bufferization::BufferizationDialect"
  ];
}

def ScheduleMemory : Pass<"edgec-schedule-memory", "mlir::func::FuncOp"> {
  let summary = "Order the graph's operators to keep the bytes alive at once low";
  let description = [{
    Runs on the nn/qnn graph before lowering. Each operator's results take
    their size in bytes in the arena from the operator to their last reader
    (to the end for model outputs); reshapes are views and extend their
    input's life instead. The order with the least peak of live bytes is
    exact (dynamic programming over the set of operators already run) for
    graphs of up to `exact-limit` operators, else the better of the
    current order and a greedy one. Constants move to the top. The arena
    planner then reports the live-bytes bound of this order next to the
    placed peak.
  }];
  let options = [
    Option<"exactLimit", "exact-limit", "int", "18",
           "Largest operator count scheduled exactly">
  ];
}

def PlanArena : Pass<"edgec-plan-arena", "mlir::ModuleOp"> {
  let summary = "Place every intermediate buffer at a fixed offset in one arena";
  let description = [{
    After bufferization each intermediate tensor is a memref.alloc. The
    generated code must not touch the heap, so this pass computes the live
    range of every buffer over the schedule (the op order of the entry
    function), lets an elementwise op write over an input that dies there,
    packs the buffers greedily (largest first, lowest fitting offset), and
    replaces each alloc by a memref.view into a new trailing i8 arena
    argument. The arena size is recorded as `edgec.arena_size` on the
    function; it is exact: the peak of the packed layout.
  }];
  let options = [
    Option<"alignment", "alignment", "int64_t", "16",
           "Byte alignment of every buffer inside the arena">,
    Option<"inPlace", "in-place", "bool", "true",
           "Let elementwise ops overwrite an input buffer that dies at them">
  ];
  let dependentDialects = ["::mlir::memref::MemRefDialect", "::mlir::arith::ArithDialect"];
}

def SplitEmptyTensors : Pass<"edgec-split-empty-tensors", "mlir::func::FuncOp"> {
  let summary = "Give each layer computed tile by tile its own tensor.empty";
  let description = [{
    CSE merges equal tensor.empty ops, so several layers that each write a
    fresh tensor of one shape (scf.forall shared outputs: convolutions
    computed a row or a channel at a time) end up writing the same value.
    Bufferization then gives them one buffer, live from the first of those
    layers to the last, and the arena grows by it. One empty per layer
    restores one buffer per layer, each live only while its result is.
    Other uses keep the shared empty: an elementwise chain writing one
    value is what lets bufferization run it in place. Runs just before
    empty-tensor elimination and bufferization.
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
}

def LowerCopies : Pass<"edgec-lower-copies", "mlir::func::FuncOp"> {
  let summary = "Turn memref.copy into linalg.generic loops";
  let description = [{
    memref.copy lowers to memcpy or to a call into MLIR's C runner library,
    neither of which exists on a bare-metal target. A copy loop nest has no
    dependency and lets both emission paths treat copies like any other op.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def PropagateTransposes : Pass<"edgec-propagate-transposes", "mlir::func::FuncOp"> {
  let summary = "Move layout transposes below float elementwise ops, where they cancel";
  let description = [{
    An elementwise float linalg.generic (parallel loops, identity maps, the
    output not read) whose inputs are all transposes by the same
    permutation runs on the untransposed inputs instead, and its result is
    transposed: elementwise(T(a), T(b)) = T(elementwise(a, b)). With
    channels-last float convolutions (each an NHWC kernel between an NCHW
    transpose of its result and an NHWC transpose of its input), a residual
    add and its activation then sit between a transpose and its inverse,
    which canonicalization cancels: the add runs NHWC, with no copies.
    Max and sum pooling of a transposed NHWC tensor pool it NHWC, the same
    way.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect", "::mlir::tensor::TensorDialect"];
}

def FuseRequantize : Pass<"edgec-fuse-requantize", "mlir::func::FuncOp"> {
  let summary = "Compute each int8 convolution one output channel (or row) at a time, requantizing as it goes";
  let description = [{
    An int8 convolution accumulates in int32 and a generic requantizes the
    accumulator; as whole tensors, the int32 accumulator (four bytes per
    output element) is the largest buffer of the layer and sets the arena's
    peak. Tiling the requantization (marked `edgec.requantize` by the qnn
    lowering) over batch and output channel and fusing the convolution and
    its bias initialisation into the loop leaves one channel's accumulator
    alive (H x W x 4 bytes), written straight to int8; for a channels-last
    (NHWC) accumulator the tile is one output row (W x C x 4 bytes). The padded input is
    not fused: it is computed once per layer. Results are unchanged: each
    output element sums the same products in the same order.
  }];
  let dependentDialects = ["::mlir::scf::SCFDialect", "::mlir::tensor::TensorDialect",
                           "::mlir::linalg::LinalgDialect"];
}

def ExpandExp : Pass<"edgec-expand-exp", "mlir::func::FuncOp"> {
  let summary = "Replace f32 math.exp with edgec's own polynomial, the same bits on every target";
  let description = [{
    libm's expf differs between glibc, newlib/picolibc and compiler
    builtins in the last bit, so a float tail (Softmax after an int8
    model, Sigmoid) would give different bits on the host and on a
    microcontroller. This pass expands exp into IEEE single operations
    only (Cody-Waite range reduction, Cephes' degree-7 polynomial, scaling
    by two exact powers of two): no fused multiply-add, no libm, so C and
    object code compute identical bits everywhere, within 2 ulp of the
    correctly rounded result. NaN propagates; overflow gives +inf and
    underflow goes gradually to 0.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

def VectorizableLoopOrder : Pass<"edgec-vectorizable-loop-order", "mlir::func::FuncOp"> {
  let summary = "Order each linalg op's loops so the innermost is a parallel output dimension";
  let description = [{
    Named convolutions, matmuls and pooling iterate their reduction loops
    innermost, which leaves LLVM nothing to vectorize without reassociating
    float sums. Moving the last parallel dimension of the output innermost
    (and the reductions just outside it, in their original order) keeps the
    summation order of every output element unchanged, so results stay
    bitwise identical, while the inner loop becomes a unit-stride sweep over
    independent outputs that vectorizes.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def RegisterAccumulators : Pass<"edgec-register-accumulators", "mlir::ModuleOp"> {
  let summary = "Lower reductions to loops that keep the output sums in registers";
  let description = [{
    convert-linalg-to-loops loads and stores the output element on every
    iteration of a reduction, and LLVM cannot move that out of the loop
    because every buffer is a view of the same arena. For a linalg op on
    buffers whose reduction loops are innermost, or are followed only by a
    loop over the output's last dimension (the SIMD loop order), this pass
    emits the loop nest itself: output elements are loaded once, carried
    through the reduction loops as scf.for iter_args, and stored once. In
    the second shape the last loop is tiled into a row of up to max-row sums
    that the SLP vectorizer keeps in vector registers. Every sum keeps its
    order, so float results keep their bits. Ops of other shapes are left
    for convert-linalg-to-loops.

    The kernels take over what sits right around a reduction on the same
    buffer: a fill or bias broadcast just before it becomes the sums' start,
    and an activation applied in place just after it runs on the sums in
    registers (vector rows). Requantizations run as vectors on Helium and,
    with dot-lanes of 16 or more, on x86; there, elementwise loops are also
    collapsed while contiguous so LLVM vectorizes them without gathers.
  }];
  let options = [
    Option<"vectorRows", "vector-rows", "bool", /*default=*/"false",
           "Emit the row of sums as vector ops (object path on SIMD targets; EmitC has no vectors)">,
    Option<"dotLanes", "dot-lanes", "int64_t", /*default=*/"0",
           "int8 dot products with x86 pmaddwd over up to this many int16 lanes (8 SSE2, 16 AVX2, 32 AVX-512BW; 0: none)">,
    Option<"vnniLanes", "vnni-lanes", "int64_t", /*default=*/"0",
           "int8 quad products with x86 VNNI vpdpbusd over up to this many int32 lanes (16 AVX512-VNNI; 0: none)">,
    Option<"smlad", "smlad", "bool", /*default=*/"false",
           "int8 quad products (conv-layout k-group 4) with Arm DSP SXTB16/SMLAD, two 16-bit products per instruction (Cortex-M4/M7/M33 object path)">,
    Option<"directWords", "direct-words", "bool", /*default=*/"false",
           "With smlad: read an activation quad as one unaligned 32-bit LLVM load (object path, 32-bit Arm)">,
    Option<"splitWeights", "split-weights", "bool", /*default=*/"true",
           "With smlad: store constant int8 weights as the int16 pairs SMLAD takes (twice the flash, no split in the loop)">,
    Option<"mve", "mve", "bool", /*default=*/"false",
           "int8 dot products as 16-lane vector multiply-accumulate-across reductions (Helium VMLADAV, object path)">,
    Option<"block", "block", "int64_t", /*default=*/"1",
           "Scalar cores: reductions innermost run a block of up to block x block outputs sharing their loads (1: none)">,
    Option<"maxRow", "max-row", "int64_t", /*default=*/"16",
           "Most sums in one row (a scalar core spills beyond its register file)">,
    Option<"fma", "fma", "bool", /*default=*/"false",
           "Vector rows: float sums acc + a * b as fused multiply-adds (one rounding; the C output then differs in the last bits)">,
    Option<"vectorTileRegs", "vector-tile-regs", "int64_t", /*default=*/"0",
           "Vector rows: vector registers the tile's sums may take (0: count sums with vector-tile instead)">,
    Option<"vectorRegBits", "vector-reg-bits", "int64_t", /*default=*/"128",
           "Vector rows: bits of one vector register (for vector-tile-regs)">,
    Option<"vectorTile", "vector-tile", "int64_t", /*default=*/"4",
           "Vector rows: most independent vector sums in one tile (rows x column blocks; 16 fit AVX-512's 32 registers with their operands)">
  ];
  let dependentDialects = ["::mlir::scf::SCFDialect", "::mlir::memref::MemRefDialect",
                           "::mlir::affine::AffineDialect", "::mlir::vector::VectorDialect",
                           "::mlir::LLVM::LLVMDialect"];
}

def ConvertMemRefToEmitCPtr : Pass<"edgec-convert-to-emitc", "mlir::ModuleOp"> {
  let summary = "Convert loop IR (scf, arith, math, memref, func) to EmitC with flat pointers";
  let description = [{
    Upstream memref-to-emitc models memrefs as C arrays and cannot express
    a typed view into a byte arena. Here every statically shaped memref is
    a pointer to its element type: loads and stores index it with the
    offset and strides of the memref layout, views into the arena are casts
    of `arena + offset`, and reshapes and subviews reuse the base pointer.
    Weights stay flat `static const` arrays.
  }];
  let dependentDialects = ["::mlir::emitc::EmitCDialect"];
}

#endif

def VectorToLLVM : Pass<"edgec-vector-to-llvm", "mlir::ModuleOp"> {
  let summary = "Upstream vector-to-LLVM patterns with a chosen index width";
  let description = [{
    convert-vector-to-llvm always converts `index` to i64, while the object
    path of a 32-bit core lowers `index` to i32 (finalize-memref-to-llvm,
    arith and func take an index-bitwidth): the two halves of a vector load's
    address would not meet. This pass runs the same upstream patterns with
    the type converter the rest of the pipeline uses.
  }];
  let options = [
    Option<"indexBitwidth", "index-bitwidth", "unsigned", /*default=*/"64",
           "Bits of the index type">
  ];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

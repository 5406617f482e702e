//===- Pipelines.h - edgec's phase pipelines ---------------------*- C++ -*-===//
//
// The compiler is a sequence of phases, each a pass pipeline; `edgec
// --compile-to=<phase>` stops after one. Each builder documents its steps;
// all are registered so lit can run any phase with edgec-opt.
//
//===----------------------------------------------------------------------===//
#ifndef EDGEC_COMPILER_PIPELINES_PIPELINES_H
#define EDGEC_COMPILER_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/StringRef.h"
#include <optional>

namespace edgec {

/// Phases --compile-to can stop after; emission itself writes files instead.
enum class Phase { Import, Graph, Lower, Plan, Loops };

std::optional<Phase> parsePhase(llvm::StringRef name);
llvm::StringRef phaseName(Phase p);

/// nn -> nn: shape inference, folding, fusion.
void buildGraphPipeline(mlir::OpPassManager &pm);
/// nn -> linalg/tensor/arith; `convLayout` is the int8 convolution kernel
/// layout for the target (channels-last, mixed or dot; see
/// edgec-convert-qnn-to-linalg).
/// `kGroup`: adjacent products per multiply-add in channels-last int8
/// convolutions (1; x86: 2 for pmaddwd, 4 for VNNI).
/// `floatChannelsLast`: float convolutions channels-last, `borderFills`:
/// their padded inputs filled only at the border (see
/// edgec-convert-nn-to-linalg).
void buildLowerPipeline(mlir::OpPassManager &pm, llvm::StringRef convLayout, int64_t kGroup = 1,
                        bool floatChannelsLast = false, bool borderFills = false);
/// tensors -> memrefs, outputs as arguments, every intermediate in the arena.
void buildPlanPipeline(mlir::OpPassManager &pm, int64_t alignment);
/// linalg on memrefs -> scf loops; `vectorTarget` picks a loop order for
/// SIMD units over one for scalar cores.
/// vectorRows: emit register rows as vector ops (object path only; the C
/// path has no vector types). dotLanes: x86 int16 pair multiply-add width
/// for int8 dot products (0 = none; see edgec-register-accumulators);
/// vnniLanes: x86 VNNI width for int8 quad products (0 = none);
/// tileRegs: 128-bit vector registers a vector-row tile's sums may take
/// (0 = the fixed tile sizes).
void buildLoopsPipeline(mlir::OpPassManager &pm, bool vectorTarget, bool vectorRows = false,
                        int64_t dotLanes = 0, int64_t vnniLanes = 0, bool smlad = false,
                        bool directWords = false, bool splitWeights = true, bool mve = false,
                        int64_t tileRegs = 0);
/// loops -> LLVM dialect (object path).
void buildLLVMPipeline(mlir::OpPassManager &pm, unsigned indexBits = 64);
/// loops -> EmitC (C path).
void buildEmitCPipeline(mlir::OpPassManager &pm);

/// Registers every dialect/pass edgec uses and the pipelines above.
void registerEdgecPasses();
void registerEdgecDialects(mlir::DialectRegistry &registry);

} // namespace edgec

#endif

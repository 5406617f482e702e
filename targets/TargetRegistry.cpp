//===- TargetRegistry.cpp - Named code-generation targets -----------------===//
//
// Triples, CPUs and ABIs are the ones that link with the GNU toolchains
// (arm-none-eabi-gcc, riscv64-unknown-elf-gcc, aarch64-linux-gnu-gcc): the
// linker refuses a float-ABI mismatch, which is the check we want.
//
//===----------------------------------------------------------------------===//
#include "targets/TargetRegistry.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

namespace edgec {

static const TargetDesc kTargets[] = {
  // name, triple, cpu, features, float ABI, RISC-V ABI, fp32, fp64, unaligned, simd, arena
  // alignment, pic, bare metal, microkernels, description
  {"host", "", "", "", FloatABI::None, "", true, true, true, true, 16, true, false, "", "the machine running edgec (native CPU and features)"},
  {"x86-64", "x86_64-unknown-linux-gnu", "x86-64", "", FloatABI::None, "", true, true, true, true, 16, true, false, "", "x86-64 baseline (SSE2), Linux"},
  {"x86-64-v2", "x86_64-unknown-linux-gnu", "x86-64-v2", "", FloatABI::None, "", true, true, true, true, 16, true, false, "", "x86-64-v2 (SSE4.2), Linux"},
  {"x86-64-v3", "x86_64-unknown-linux-gnu", "x86-64-v3", "", FloatABI::None, "", true, true, true, true, 32, true, false, "", "x86-64-v3 (AVX2, FMA), Linux"},
  {"x86-64-v4", "x86_64-unknown-linux-gnu", "x86-64-v4", "", FloatABI::None, "", true, true, true, true, 64, true, false, "", "x86-64-v4 (AVX-512), Linux"},
  {"cortex-m0plus", "thumbv6m-none-eabi", "cortex-m0plus", "", FloatABI::Soft, "", false, false, false, false, 16, false, true, "", "Arm Cortex-M0+ (ARMv6-M, no FPU, soft float)"},
  {"cortex-m4", "thumbv7em-none-eabihf", "cortex-m4", "", FloatABI::Hard, "", true, false, true, false, 16, false, true, "smlad", "Arm Cortex-M4F (FPv4-SP, hard float)"},
  {"cortex-m7", "thumbv7em-none-eabihf", "cortex-m7", "", FloatABI::Hard, "", true, true, true, false, 16, false, true, "smlad", "Arm Cortex-M7 (FPv5-D16, hard float)"},
  {"cortex-m33", "thumbv8m.main-none-eabihf", "cortex-m33", "", FloatABI::Hard, "", true, false, true, false, 16, false, true, "smlad", "Arm Cortex-M33 (ARMv8-M, FPv5-SP, hard float)"},
  // Single-precision FPU (the double-precision one is optional): without
  // -fp64 LLVM copies MVE vector halves with VMOV.F64.
  {"cortex-m55", "thumbv8.1m.main-none-eabihf", "cortex-m55", "-fp64", FloatABI::Hard, "", true, false, true, true, 16, false, true, "mve,smlad", "Arm Cortex-M55 (ARMv8.1-M, MVE/Helium, hard float)"},
  {"rv32imac", "riscv32-unknown-elf", "generic-rv32", "+m,+a,+c", FloatABI::None, "ilp32", false, false, false, false, 16, false, true, "", "RISC-V RV32IMAC bare metal (soft float, ilp32)"},
  {"rv32imafc", "riscv32-unknown-elf", "generic-rv32", "+m,+a,+f,+c", FloatABI::None, "ilp32f", true, false, false, false, 16, false, true, "", "RISC-V RV32IMAFC bare metal (single float, ilp32f)"},
  {"rv64gc", "riscv64-unknown-linux-gnu", "generic-rv64", "+m,+a,+f,+d,+c", FloatABI::None, "lp64d", true, true, false, false, 16, true, false, "", "RISC-V RV64GC Linux (lp64d)"},
  {"rv64gcv", "riscv64-unknown-linux-gnu", "generic-rv64", "+m,+a,+f,+d,+c,+v", FloatABI::None, "lp64d", true, true, false, true, 16, true, false, "", "RISC-V RV64GCV Linux with the vector extension (lp64d)"},
  {"aarch64", "aarch64-unknown-linux-gnu", "generic", "+neon", FloatABI::None, "", true, true, true, true, 16, true, false, "", "AArch64 Linux, generic tuning"},
  {"cortex-a53", "aarch64-unknown-linux-gnu", "cortex-a53", "+neon", FloatABI::None, "", true, true, true, true, 16, true, false, "", "AArch64 Linux tuned for Cortex-A53"},
  {"cortex-a72", "aarch64-unknown-linux-gnu", "cortex-a72", "+neon", FloatABI::None, "", true, true, true, true, 16, true, false, "", "AArch64 Linux tuned for Cortex-A72"},
};

llvm::ArrayRef<TargetDesc> getTargets() { return kTargets; }

const TargetDesc *lookupTarget(llvm::StringRef name) {
  for (const TargetDesc &t : kTargets)
    if (t.name == name)
      return &t;
  return nullptr;
}

} // namespace edgec

namespace edgec {

bool armSmlad(const TargetDesc &t) {
  return llvm::is_contained(llvm::split(t.microkernels, ','), "smlad");
}

bool armMve(const TargetDesc &t) {
  return llvm::is_contained(llvm::split(t.microkernels, ','), "mve");
}

int64_t x86PairLanes(const TargetDesc &t) {
  if (t.triple.empty()) {
    if (!llvm::Triple(llvm::sys::getProcessTriple()).isX86())
      return 0;
    llvm::StringMap<bool> f = llvm::sys::getHostCPUFeatures();
    return f.lookup("avx512bw") ? 32 : f.lookup("avx2") ? 16 : 8;
  }
  if (!llvm::Triple(t.triple).isX86())
    return 0;
  return t.cpu == "x86-64-v4" ? 32 : t.cpu == "x86-64-v3" ? 16 : 8;
}

int64_t x86VnniLanes(const TargetDesc &t) {
  if (!t.triple.empty() || !llvm::Triple(llvm::sys::getProcessTriple()).isX86())
    return 0;
  llvm::StringMap<bool> f = llvm::sys::getHostCPUFeatures();
  return f.lookup("avx512vnni") && f.lookup("avx512bw") && f.lookup("avx512vl") ? 16 : 0;
}

} // namespace edgec

//===- TargetRegistry.cpp - Named code-generation targets -----------------===//
#include "targets/TargetRegistry.h"

namespace edgec {

static const TargetDesc kTargets[] = {
    {"host", "", "", "", "", true, 16, true, "the machine running edgec (native CPU and features)"},
    {"x86-64", "x86_64-unknown-linux-gnu", "x86-64", "", "", true, 16, true,
     "x86-64 baseline (SSE2), Linux"},
    {"x86-64-v2", "x86_64-unknown-linux-gnu", "x86-64-v2", "", "", true, 16, true,
     "x86-64-v2 (SSE4.2, POPCNT), Linux"},
    {"x86-64-v3", "x86_64-unknown-linux-gnu", "x86-64-v3", "", "", true, 32, true,
     "x86-64-v3 (AVX2, FMA), Linux"},
    {"x86-64-v4", "x86_64-unknown-linux-gnu", "x86-64-v4", "", "", true, 64, true,
     "x86-64-v4 (AVX-512), Linux"},
};

llvm::ArrayRef<TargetDesc> getTargets() { return kTargets; }

const TargetDesc *lookupTarget(llvm::StringRef name) {
  for (const TargetDesc &t : kTargets)
    if (t.name == name)
      return &t;
  return nullptr;
}

} // namespace edgec

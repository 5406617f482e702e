//===- TargetRegistry.h - Named code-generation targets ----------*- C++ -*-===//
//
// One description per target a user can name with --target. The object
// path takes triple/cpu/features from here; the planner takes the
// alignment. The targets issue grows this table (Cortex-M, RISC-V,
// AArch64); until each is checked under QEMU it is not listed.
//
//===----------------------------------------------------------------------===//
#ifndef EDGEC_TARGETS_TARGETREGISTRY_H
#define EDGEC_TARGETS_TARGETREGISTRY_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace edgec {

struct TargetDesc {
  llvm::StringRef name;
  llvm::StringRef triple;    ///< "" = the build host.
  llvm::StringRef cpu;       ///< "" = host CPU (host) or generic.
  llvm::StringRef features;
  llvm::StringRef floatABI;  ///< "hard", "soft" or "" (n/a).
  bool hasFP32;
  unsigned arenaAlignment;   ///< Bytes; at least the widest vector load.
  bool pic;                  ///< Position-independent objects (hosted OSes).
  llvm::StringRef description;
};

llvm::ArrayRef<TargetDesc> getTargets();
const TargetDesc *lookupTarget(llvm::StringRef name);

} // namespace edgec

#endif

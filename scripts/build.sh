#!/usr/bin/env bash
# Configures and builds edgec with clang-22, Ninja and ccache into build/.
# Usage: scripts/build.sh [extra cmake args]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build="${EDGEC_BUILD_DIR:-$here/build}"
# Relative paths in ccache keys let a fresh clone reuse an earlier build.
export CCACHE_BASEDIR="$here"
export CCACHE_NOHASHDIR=1
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$here" -B "$build" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
    -DEDGEC_FUZZER=ON "$@"
fi
# Two jobs: MLIR translation units need ~1.5 GB each and the machine has 2 cores.
ninja -C "$build" -j "${EDGEC_JOBS:-2}"

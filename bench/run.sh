#!/usr/bin/env bash
# The whole benchmark in one command: the host table (latency against ONNX
# Runtime, one thread, median; arena and its lower bound; code, weights,
# compile time) and the target table (exact executed instructions per
# inference and per MAC under QEMU with the qemu-icount plugin, code, weights,
# arena, stack) for mnist-8 and the MLPerf Tiny models, float and int8.
# Usage: bench/run.sh [BUILD_DIR] [--runs N]   (needs ../shared and a build)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build="${1:-$here/build}"; shift || true
py="$here/.venv/bin/python"
models="mnist,ic_resnet8,vww,ic_int8,vww_int8,kws_int8,ad_int8"
echo "== host (x86-64, one thread) against ONNX Runtime"
"$py" "$here/bench/bench.py" --build "$build" --models "$models" "$@"
echo
echo "== targets under QEMU (executed instructions, exact)"
"$py" "$here/bench/targets.py" --build "$build" --models "$models" \
  --targets cortex-m4,cortex-m55,rv32imac,rv64gcv,aarch64

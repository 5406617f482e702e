#!/usr/bin/env bash
# Installs everything edgec needs on a fresh Debian 12 machine. Safe to run
# again: apt-get and pip skip what is already there.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

apt_pkgs=(
  # Compiler toolchain and MLIR/LLVM 22 (shared libraries, lit, FileCheck).
  clang-22 lld-22 llvm-22 llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools
  libclang-rt-22-dev
  # Build tools.
  cmake ninja-build ccache
  # ONNX protobuf schema and the protobuf runtime.
  libprotobuf-dev protobuf-compiler libonnx-dev
  # Calibration data readers of --quantize: .npz (zlib), PNG and JPEG images.
  zlib1g-dev libpng-dev libjpeg62-turbo-dev
  # Tests: GoogleTest; the Python venv for ONNX Runtime.
  libgtest-dev python3-venv
  # Second C compiler for the generated-code warning checks.
  gcc
  # Cross toolchains, C libraries and emulators for the edge targets.
  gcc-arm-none-eabi picolibc-arm-none-eabi
  gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf
  gcc-aarch64-linux-gnu libc6-dev-arm64-cross gcc-riscv64-linux-gnu libc6-dev-riscv64-cross
  qemu-user qemu-system-arm qemu-system-misc
)
missing=()
for p in "${apt_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Python environment for ONNX Runtime comparisons and benchmarks.
venv="$here/.venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import onnx, onnxruntime, numpy, PIL' 2>/dev/null \
   || ! cmp -s "$here/scripts/requirements.txt" "$venv/.requirements.installed"; then
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$here/scripts/requirements.txt"
  cp "$here/scripts/requirements.txt" "$venv/.requirements.installed"
fi
echo "setup: done"

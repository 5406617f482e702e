#!/usr/bin/env bash
# Builds and runs every example project against an installed edgec, over a
# matrix of targets and emit kinds; ends with "N passed, M failed".
#   examples/run_examples.sh [BUILD_DIR]     (default: build)
# BUILD_DIR holds the configured edgec tree; the install prefix and the
# example build folders go inside it (edgec-install/, examples/).
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$here/build}" && pwd)
prefix="$build/edgec-install"
out="$build/examples"
tc="$here/examples/cmake/toolchains"
logs="$out/logs"
mkdir -p "$logs"

if ! cmake --install "$build" --prefix "$prefix" > "$logs/install.log" 2>&1; then
  tail -n 20 "$logs/install.log"; echo "0 passed, 1 failed"; exit 1
fi

passed=0; failed=0
# example  toolchain-file|-  edgec-target  emit
matrix=(
  "find-package - host -"
  "cortex-m arm-none-eabi cortex-m0plus c"
  "cortex-m arm-none-eabi cortex-m0plus obj"
  "cortex-m arm-none-eabi cortex-m4 obj"
  "cortex-m arm-none-eabi cortex-m4 c"
  "cortex-m arm-none-eabi cortex-m7 obj"
  "cortex-m arm-none-eabi cortex-m33 obj"
  "cortex-m arm-none-eabi cortex-m55 obj"
  "riscv riscv64-unknown-elf rv32imac c"
  "riscv riscv64-unknown-elf rv32imac obj"
  "riscv riscv64-unknown-elf rv32imafc obj"
  "linux aarch64-linux-gnu cortex-a72 obj"
  "linux aarch64-linux-gnu aarch64 c"
  "linux riscv64-linux-gnu rv64gc obj"
  "linux riscv64-linux-gnu rv64gcv obj"
)
for row in "${matrix[@]}"; do
  read -r example toolchain target emit <<< "$row"
  name="$example-$target"; [ "$emit" != "-" ] && name="$name-$emit"
  dir="$out/$name"; log="$logs/$name.log"
  args=(-S "$here/examples/$example" -B "$dir" -G Ninja -DCMAKE_PREFIX_PATH="$prefix")
  if [ "$toolchain" != "-" ]; then
    args+=(-DCMAKE_TOOLCHAIN_FILE="$tc/$toolchain.cmake" -DEDGEC_TARGET="$target" -DEDGEC_EMIT="$emit")
  fi
  rm -rf "$dir"
  if cmake "${args[@]}" > "$log" 2>&1 && cmake --build "$dir" >> "$log" 2>&1 \
     && ctest --test-dir "$dir" --output-on-failure >> "$log" 2>&1; then
    echo "PASS  $name"; passed=$((passed + 1))
  else
    why=$(grep -m1 -E "undefined reference|error:|Error|MISMATCH|tests failed" "$log" | cut -c1-200)
    echo "FAIL  $name  ${why}  (log: $log)"; failed=$((failed + 1))
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]

#!/usr/bin/env bash
# The whole test suite: set up, build, then lit, unit tests, end-to-end
# numerics against ONNX Runtime on the real models, the ONNX node tests, the
# cross-target QEMU runs, the firmware examples and a bounded fuzz run.
# Ends with one line "N passed, M failed" counting every test case.
# Usage: scripts/test.sh [--quick]   (--quick: fewer inputs, 10 s fuzz)
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
quick=0; [ "${1:-}" = "--quick" ] && quick=1
bash "$here/scripts/setup.sh" || exit 1
bash "$here/scripts/build.sh" || exit 1
build="${EDGEC_BUILD_DIR:-$here/build}"
py="$here/.venv/bin/python"
logs="$build/test-logs"; mkdir -p "$logs"
passed=0; failed=0
report() { # suite, passed, failed
  echo "== $1: $2 passed, $3 failed"
  passed=$((passed + $2)); failed=$((failed + $3))
}
# A suite whose log ends with "N passed, M failed"; a log without that line
# (the runner died) counts as one failure.
report_log() { # suite, log
  local line
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$2" | tail -n 1)
  if [ -n "$line" ]; then
    report "$1" "$(echo "$line" | cut -d' ' -f1)" "$(echo "$line" | cut -d' ' -f3)"
  else
    tail -n 20 "$2"; report "$1" 0 1
  fi
}

echo "== lit"
/usr/lib/llvm-22/bin/lit -sv "$build/test/lit" > "$logs/lit.log" 2>&1
tail -n 30 "$logs/lit.log"
lp=$(grep -oE '^ *Passed *: *[0-9]+' "$logs/lit.log" | grep -oE '[0-9]+' || echo 0)
lf=$(grep -oE '^ *(Failed|Unresolved|Timed Out|Unexpectedly Passed) *: *[0-9]+' "$logs/lit.log" | awk -F: '{s+=$NF} END {print s+0}')
[ "$lp" = 0 ] && [ "$lf" = 0 ] && lf=1   # lit that ran nothing is a failure
report lit "$lp" "$lf"

echo "== unit (GoogleTest)"
"$build/bin/edgec-unit-tests" > "$logs/unit.log" 2>&1
tail -n 3 "$logs/unit.log"
up=$(grep -oE '\[  PASSED  \] [0-9]+' "$logs/unit.log" | grep -oE '[0-9]+$' || echo 0)
uf=$(grep -oE '\[  FAILED  \] [0-9]+ test' "$logs/unit.log" | grep -oE '[0-9]+' || echo 0)
[ "$up" = 0 ] && [ "$uf" = 0 ] && uf=1
report unit "${up:-0}" "${uf:-0}"

echo "== end-to-end against ONNX Runtime"
e2e_args=(--build "$build" --asan)
[ $quick = 1 ] && e2e_args+=(--limit 50)
"$py" "$here/test/e2e/run_e2e.py" "${e2e_args[@]}" 2>&1 | tee "$logs/e2e.log"
report_log e2e "$logs/e2e.log"

echo "== int8 QDQ models against ONNX Runtime"
"$py" "$here/test/e2e/run_int8.py" --edgec "$build/bin/edgec" --work "$build/int8" \
  --targets cortex-m4,cortex-m55,rv32imac,x86-64,x86-64-v3,x86-64-v4 --target-samples 20 2>&1 | tee "$logs/int8.log"
report_log int8 "$logs/int8.log"

echo "== post-training quantization accuracy"
"$py" "$here/test/e2e/run_ptq.py" --edgec "$build/bin/edgec" --work "$build/ptq" 2>&1 | tee "$logs/ptq.log"
report_log ptq "$logs/ptq.log"

echo "== ONNX backend node tests (conformance)"
"$py" "$here/test/conformance/run_node_tests.py" --build "$build" --jobs 2 \
  --baseline "$here/test/conformance/baseline.txt" --ops-doc "$build/ops.md" 2>&1 | tee "$logs/conformance.log" | grep -v '^\['
report_log conformance "$logs/conformance.log"
# docs/ops.md is generated; a stale copy in the repo is a failure.
if ! diff -q "$build/ops.md" "$here/docs/ops.md" > /dev/null 2>&1; then
  echo "docs/ops.md is out of date: regenerate it with test/conformance/run_node_tests.py --ops-doc docs/ops.md"
  report ops-doc 0 1
else
  report ops-doc 1 0
fi

echo "== narrow-type conversions, bit-exact against ONNX's reference"
"$py" "$here/test/conformance/narrow_casts.py" --build "$build" > "$logs/narrow.log" 2>&1
grep -E '^FAIL' "$logs/narrow.log" | head -n 20
report_log narrow-casts "$logs/narrow.log"

echo "== ONNX node-test sample on cortex-m4, rv32imafc, rv32imac (QEMU)"
"$py" "$here/test/conformance/run_target_sample.py" --build "$build" --jobs 2 > "$logs/target-sample.log" 2>&1
grep -E '^FAIL' "$logs/target-sample.log" | head -n 20
report_log target-sample "$logs/target-sample.log"

echo "== cross-target tests (QEMU: Cortex-M, RISC-V, AArch64, x86-64 variants)"
t_args=(--build "$build")
[ $quick = 1 ] && t_args+=(--samples 5)
"$py" "$here/test/targets/run_targets.py" "${t_args[@]}" > "$logs/targets.log" 2>&1
grep -E '^(FAIL|PASS)' "$logs/targets.log" | grep -c '^PASS' | xargs -I{} echo "  {} target checks passed"
grep -E '^FAIL' "$logs/targets.log" | head -n 20
report_log targets "$logs/targets.log"

echo "== example firmware projects (cmake --install, find_package, edgec_add_model, QEMU)"
bash "$here/examples/run_examples.sh" "$build" > "$logs/examples.log" 2>&1
grep -E '^FAIL' "$logs/examples.log" | head -n 20
report_log examples "$logs/examples.log"

echo "== fuzz the ONNX importer"
secs=60; [ $quick = 1 ] && secs=10
corpus="$build/fuzz-corpus"; mkdir -p "$corpus"
cp -n "$here"/test/lit/import/*.onnxtxt "$here"/test/lit/import/malformed/*.onnxtxt \
  "$here"/examples/mnist/mnist-8.onnx "$corpus"/ 2>/dev/null || true
if (cd "$logs" && "$build/bin/edgec-fuzz-import" -max_total_time=$secs -rss_limit_mb=4096 \
      -timeout=10 "$corpus" > "$logs/fuzz.log" 2>&1); then
  tail -n 1 "$logs/fuzz.log"; report fuzz 1 0
else
  tail -n 40 "$logs/fuzz.log"; report fuzz 0 1
fi

echo "== fuzz the calibration data readers (--quantize)"
csecs=30; [ $quick = 1 ] && csecs=5
ccorpus="$build/fuzz-corpus-calibration"; mkdir -p "$ccorpus"
cp -n "$here"/test/fuzz/calibration/* "$ccorpus"/ 2>/dev/null || true
rm -f "$ccorpus/README.md"
if (cd "$logs" && "$build/bin/edgec-fuzz-calibration" -max_total_time=$csecs -rss_limit_mb=4096 \
      -timeout=10 "$ccorpus" > "$logs/fuzz-calibration.log" 2>&1); then
  tail -n 1 "$logs/fuzz-calibration.log"; report fuzz-calibration 1 0
else
  tail -n 40 "$logs/fuzz-calibration.log"; report fuzz-calibration 0 1
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]

#!/usr/bin/env python3
"""Bit-exact check of edgec's narrow-type conversions against ml_dtypes.

The ONNX node tests cast a dozen values per type. This test compiles small
generated Cast models and checks, bit for bit:
  - every code of each float8 and float4 type (and a bfloat16/float16
    sweep) widened to float32;
  - float32 values around every representable value of each type (the
    value, the midpoints to its neighbours and one float32 ulp either side
    of them, subnormals, overflow, infinities, NaN) narrowed, with
    saturate=1 and saturate=0;
  - int4/int2 wrapping.
The reference is ONNX's own Cast (onnx.reference), which uses ml_dtypes.
Output: one PASS/FAIL line per case and "N passed, M failed".
"""
from __future__ import annotations

import sys

sys.dont_write_bytecode = True

import argparse  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

import ml_dtypes  # noqa: E402
import numpy as np  # noqa: E402
import onnx  # noqa: E402
from onnx import TensorProto, helper  # noqa: E402
from onnx.reference import ReferenceEvaluator  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "e2e"))
import harness as h  # noqa: E402

DRIVER = HERE.parent / "e2e" / "driver.c"

FLOATS = {  # ONNX type -> ml_dtypes type
    TensorProto.FLOAT16: np.float16,
    TensorProto.BFLOAT16: ml_dtypes.bfloat16,
    TensorProto.FLOAT8E4M3FN: ml_dtypes.float8_e4m3fn,
    TensorProto.FLOAT8E4M3FNUZ: ml_dtypes.float8_e4m3fnuz,
    TensorProto.FLOAT8E5M2: ml_dtypes.float8_e5m2,
    TensorProto.FLOAT8E5M2FNUZ: ml_dtypes.float8_e5m2fnuz,
    TensorProto.FLOAT4E2M1: ml_dtypes.float4_e2m1fn,
}
INTS = {TensorProto.INT4: ml_dtypes.int4, TensorProto.UINT4: ml_dtypes.uint4,
        TensorProto.INT2: ml_dtypes.int2, TensorProto.UINT2: ml_dtypes.uint2}


def all_codes(dt) -> np.ndarray:
    """Every bit pattern of a narrow float (a sweep for the 16-bit ones)."""
    bits = np.dtype(dt).itemsize * 8 if dt != ml_dtypes.float4_e2m1fn else 4
    if bits == 16:
        codes = np.concatenate([np.arange(0, 65536, 97), [0x7c00, 0xfc00, 0x7f80, 0xff80, 0x0001, 0x8001]])
        return codes.astype(np.uint16).view(dt)
    return np.arange(1 << bits, dtype=np.uint8).view(dt)


def probes(dt) -> np.ndarray:
    """float32 values that exercise rounding: each finite value of `dt`, the
    midpoints between neighbours and one float32 ulp either side."""
    v = np.unique(all_codes(dt).astype(np.float32))
    v = v[np.isfinite(v)]
    mids = ((v[:-1].astype(np.float64) + v[1:]) / 2).astype(np.float32)
    near = np.concatenate([np.nextafter(mids, np.float32(np.inf)), np.nextafter(mids, np.float32(-np.inf))])
    big = np.float64(np.max(v))
    extra = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, min(big * 2, 3e38), -min(big * 2, 3e38),
                      3e38, 1e-45, -1e-45, 1e-30], dtype=np.float32)
    return np.concatenate([v, mids, near, extra]).astype(np.float32)


def model(src: int, dst: int, n: int, saturate) -> onnx.ModelProto:
    attrs = {"to": dst}
    if saturate is not None:
        attrs["saturate"] = saturate
    node = helper.make_node("Cast", ["x"], ["y"], **attrs)
    g = helper.make_graph([node], "cast", [helper.make_tensor_value_info("x", src, [n])],
                          [helper.make_tensor_value_info("y", dst, [n])])
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", 21)])


def same(x: np.ndarray, actual: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """Elementwise: identical bits, or both NaN (NaN payloads and signs are
    free in ONNX). NaN to float4, which has no NaN, is zero of either sign
    (ml_dtypes gives 0 with the NaN's sign flipped; ONNX does not specify)."""
    if expected.dtype.kind in "iu" or expected.dtype in INTS.values():
        return actual.astype(np.int64) == expected.astype(np.int64)
    with np.errstate(invalid="ignore"):
        a, e = actual.astype(np.float64), expected.astype(np.float64)
    bits_equal = actual.view(f"u{actual.dtype.itemsize}") == expected.view(f"u{expected.dtype.itemsize}")
    nan_to_zero = (a == 0) & (e == 0) & np.isnan(x.astype(np.float64)) if x.dtype.kind == "f" else False
    return bits_equal | (np.isnan(a) & np.isnan(e)) | nan_to_zero


def run_case(edgec: Path, work: Path, name: str, m: onnx.ModelProto, x: np.ndarray) -> tuple[bool, str]:
    d = work / name
    d.mkdir(parents=True, exist_ok=True)
    onnx.save(m, d / "model.onnx")
    with np.errstate(over="ignore", invalid="ignore"):
        want = ReferenceEvaluator(m).run(None, {"x": x})[0]
    proc = subprocess.run([str(edgec), str(d / "model.onnx"), "-o", str(d / "gen"), "--name", "m",
                           "--emit=c", "--quiet"], capture_output=True, text=True)
    if proc.returncode != 0:
        return False, "edgec: " + h.tail(proc.stderr, 3)
    exe = d / "run"
    h.compile_program(h.find_tool("clang-22"), DRIVER, h.Generated("m", d / "gen", "c"), exe,
                      ["-O1", "-Wall", "-Wextra", "-Werror"])
    info = h.read_header_info(exe)
    (d / "in.bin").write_bytes(h.pack_inputs([x[None]]))
    r = subprocess.run([str(exe), str(d / "in.bin"), str(d / "out.bin"), "1"], capture_output=True, text=True)
    if r.returncode != 0:
        return False, f"generated program exited {r.returncode}"
    got = h.unpack_outputs((d / "out.bin").read_bytes(), info.outputs, 1)[0][0]
    ok = same(x, got, want)
    if not ok.all():
        i = int(np.flatnonzero(~ok)[0])
        return False, (f"{int((~ok).sum())} of {ok.size} differ; first: input {x.flat[i]!r} "
                       f"got {got.flat[i]!r} expected {want.flat[i]!r}")
    return True, f"{ok.size} values bit-exact"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", type=Path, required=True)
    args = ap.parse_args()
    edgec = args.build.resolve() / "bin" / "edgec"
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="edgec-narrow-") as tmp:
        work = Path(tmp)
        cases = []
        for onnx_t, dt in FLOATS.items():
            tname = TensorProto.DataType.Name(onnx_t)
            cases.append((f"{tname}_to_FLOAT", model(onnx_t, TensorProto.FLOAT, len(all_codes(dt)), None),
                          all_codes(dt)))
            p = probes(dt)
            is_f8 = np.dtype(dt).itemsize == 1 and dt != ml_dtypes.float4_e2m1fn
            for sat in ((1, 0) if is_f8 else (None,)):
                suffix = "" if sat is None else f"_saturate{sat}"
                cases.append((f"FLOAT_to_{tname}{suffix}", model(TensorProto.FLOAT, onnx_t, len(p), sat), p))
        ints = np.array([-300, -129, -9, -8, -5, -3, -2, -1, 0, 1, 2, 3, 4, 7, 8, 15, 16, 17, 255, 256],
                        dtype=np.float32)
        for onnx_t in INTS:
            tname = TensorProto.DataType.Name(onnx_t)
            cases.append((f"FLOAT_to_{tname}", model(TensorProto.FLOAT, onnx_t, len(ints), None), ints))
            cases.append((f"INT32_to_{tname}", model(TensorProto.INT32, onnx_t, len(ints), None),
                          ints.astype(np.int32)))
        for name, m, x in cases:
            try:
                ok, why = run_case(edgec, work, name, m, x)
            except h.ToolError as e:
                ok, why = False, h.tail(str(e), 3)
            print(f"{'PASS' if ok else 'FAIL'}  {name}: {why}", flush=True)
            passed += ok
            failed += not ok
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

"""Plumbing shared by run_e2e.py and bench/bench.py: running edgec, compiling
generated code with a host C compiler, reading the header's descriptors,
ONNX Runtime references and numerical comparison."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import ml_dtypes
import numpy as np

from models import REPO_ROOT, Dataset, ModelSpec

E2E_DIR = Path(__file__).resolve().parent
RUNTIME_INCLUDE = REPO_ROOT / "runtime" / "include"

# Warnings are errors for generated code too: users compile it into their
# own -Werror builds.
C_FLAGS = ["-std=c99", "-O2", "-Wall", "-Wextra", "-Werror"]

# Numerical tolerance, elementwise: |edgec - ref| <= ATOL + RTOL * |ref|.
ATOL = 1e-4
RTOL = 1e-3
# Share of top-1 decisions that must be identical to ONNX Runtime's.
MIN_TOP1_AGREEMENT = 0.999

DTYPES = {"float32": np.float32, "int8": np.int8, "uint8": np.uint8, "int16": np.int16,
          "int32": np.int32, "int64": np.int64, "bool": np.bool_, "uint16": np.uint16,
          "uint32": np.uint32, "uint64": np.uint64, "float64": np.float64,
          "float16": np.float16, "bfloat16": ml_dtypes.bfloat16,
          "float8_e4m3fn": ml_dtypes.float8_e4m3fn, "float8_e4m3fnuz": ml_dtypes.float8_e4m3fnuz,
          "float8_e5m2": ml_dtypes.float8_e5m2, "float8_e5m2fnuz": ml_dtypes.float8_e5m2fnuz,
          "float4_e2m1fn": ml_dtypes.float4_e2m1fn, "int4": ml_dtypes.int4,
          "uint4": ml_dtypes.uint4, "int2": ml_dtypes.int2, "uint2": ml_dtypes.uint2}
# Narrow floats numpy does not know (their dtype kind is "V"); compared as floats.
NARROW_FLOATS = {"bfloat16", "float8_e4m3fn", "float8_e4m3fnuz", "float8_e5m2", "float8_e5m2fnuz",
                 "float4_e2m1fn"}
# int4/int2 cross the API one per byte, extended to (u)int8; ml_dtypes keeps
# only the low bits in its byte, so inputs are widened before packing.
_BYTE_WIDE = {"int4": np.int8, "int2": np.int8, "uint4": np.uint8, "uint2": np.uint8}


def api_layout(x: np.ndarray) -> np.ndarray:
    """`x` as the generated API reads it (int4/int2 widened to one byte each)."""
    return x.astype(_BYTE_WIDE[x.dtype.name]) if x.dtype.name in _BYTE_WIDE else x
ORT_DTYPES = {"tensor(float)": "float32", "tensor(int8)": "int8", "tensor(int16)": "int16",
              "tensor(uint8)": "uint8", "tensor(int32)": "int32",
              "tensor(int64)": "int64", "tensor(bool)": "bool"}


class ToolError(Exception):
    """A step that failed; the message is what to show the user."""


def find_tool(*names: str) -> Optional[str]:
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    return None


def run(cmd: list, timeout: float, **kwargs) -> subprocess.CompletedProcess:
    """Runs a command, turning a timeout into a ToolError with the command."""
    try:
        return subprocess.run([str(c) for c in cmd], capture_output=True,
                              text=True, timeout=timeout, **kwargs)
    except subprocess.TimeoutExpired:
        raise ToolError(f"timed out after {timeout:.0f}s: {' '.join(map(str, cmd))}")


def tail(text: str, lines: int = 40) -> str:
    kept = text.strip().splitlines()
    if len(kept) > lines:
        kept = [f"... ({len(kept) - lines} lines cut)"] + kept[-lines:]
    return "\n".join(kept)


# --------------------------------------------------------------------------
# edgec and the C compiler

@dataclass
class Generated:
    """What one edgec invocation produced."""

    name: str
    outdir: Path
    emit: str
    summary: str = ""  # edgec's closing summary (MACs, arena, compile time, ...)

    def summary_number(self, label: str) -> Optional[float]:
        """A number from the summary line starting with `label`, e.g.
        "MACs", "compile time"; "lower bound" reads the arena's live-bytes
        lower bound."""
        pattern = (r"live-bytes lower bound ([\d.]+)" if label == "lower bound"
                   else rf"^\s*{re.escape(label)}:\s*([\d.]+)")
        found = re.search(pattern, self.summary, re.M)
        return float(found.group(1)) if found else None

    @property
    def header(self) -> Path:
        return self.outdir / f"{self.name}.h"

    @property
    def source(self) -> Path:
        return self.outdir / f"{self.name}.{'c' if self.emit == 'c' else 'o'}"


def run_edgec(edgec: Path, spec: ModelSpec, outdir: Path, emit: str,
              timeout: float = 900) -> Generated:
    """Compiles spec's model; raises ToolError carrying edgec's stderr."""
    outdir.mkdir(parents=True, exist_ok=True)
    cmd = [edgec, spec.onnx_path, "-o", outdir, "--name", spec.c_name, f"--emit={emit}"]
    for name, shape in spec.input_shapes.items():
        cmd += ["--input-shape", f"{name}={shape}"]
    cmd += list(spec.edgec_args)
    proc = run(cmd, timeout)
    gen = Generated(spec.c_name, outdir, emit, proc.stdout)
    if proc.returncode != 0:
        raise ToolError(f"edgec exited {proc.returncode}\n$ {' '.join(map(str, cmd))}\n"
                        f"{tail(proc.stderr + proc.stdout)}")
    missing = [p.name for p in (gen.header, gen.source) if not p.exists()]
    if missing:
        raise ToolError(f"edgec exited 0 but did not write {', '.join(missing)}\n"
                        f"{tail(proc.stderr + proc.stdout)}")
    return gen


def model_defines(gen: Generated) -> list[str]:
    """-D flags that point driver.c / bench_main.c at a generated model."""
    return [f'-DEDGEC_MODEL_HEADER="{gen.name}.h"', f"-DEDGEC_MODEL={gen.name}",
            f"-DEDGEC_MODEL_UPPER={gen.name.upper()}"]


def compile_program(cc: str, main_c: Path, gen: Generated, exe: Path,
                    extra_flags: Optional[list] = None, timeout: float = 900) -> Path:
    """Builds main_c + the generated model into exe, warnings as errors."""
    cmd = ([cc] + C_FLAGS + (extra_flags or []) + ["-I", RUNTIME_INCLUDE, "-I", gen.outdir]
           + model_defines(gen) + [main_c, gen.source, "-o", exe, "-lm"])
    proc = run(cmd, timeout)
    if proc.returncode != 0:
        raise ToolError(f"{Path(cc).name} failed\n$ {' '.join(map(str, cmd))}\n"
                        f"{tail(proc.stderr + proc.stdout)}")
    return exe


def build_and_run(cc: str, gen: Generated, inputs: list, folder: Path,
                  timeout: float = 900) -> list:
    """Links test/e2e/driver.c with a generated model, runs it on every
    sample of `inputs` and returns one [N, *shape] array per output."""
    tag = f"{gen.emit}_{Path(cc).name}"
    exe = compile_program(cc, E2E_DIR / "driver.c", gen, folder / f"driver_{tag}")
    info = read_header_info(exe)
    count = inputs[0].shape[0]
    in_file, out_file = folder / "inputs.bin", folder / f"out_{tag}.bin"
    in_file.write_bytes(pack_inputs(inputs))
    proc = run([exe, in_file, out_file, str(count)], timeout)
    if proc.returncode != 0:
        raise ToolError(f"driver exited {proc.returncode}\n{tail(proc.stderr)}")
    return unpack_outputs(out_file.read_bytes(), info.outputs, count)


class Checks:
    """PASS/FAIL lines and the closing counts of a test script."""

    def __init__(self) -> None:
        self.passed = self.failed = 0

    def report(self, ok: bool, what: str, detail: str) -> None:
        self.passed += ok
        self.failed += not ok
        print(f"{'PASS' if ok else 'FAIL'} {what}: {detail}", flush=True)

    def close(self) -> int:
        print(f"{self.passed} passed, {self.failed} failed")
        return 0 if self.failed == 0 else 1


# --------------------------------------------------------------------------
# The header's descriptors, as printed by `driver --info`

@dataclass
class TensorInfo:
    name: str
    dtype: str
    shape: tuple
    size_bytes: int


@dataclass
class HeaderInfo:
    arena_size: int
    inputs: list
    outputs: list


_TENSOR_LINE = re.compile(r"^(input|output) (\d+) name=(.*) dtype=(\w+) rank=(\d+) "
                          r"shape=([\dx-]*) size_bytes=(\d+)$")


def read_header_info(driver: Path, timeout: float = 60) -> HeaderInfo:
    proc = run([driver, "--info"], timeout)
    if proc.returncode != 0:
        raise ToolError(f"driver --info exited {proc.returncode}\n{tail(proc.stderr)}")
    info = HeaderInfo(arena_size=-1, inputs=[], outputs=[])
    for line in proc.stdout.splitlines():
        if line.startswith("arena_size "):
            info.arena_size = int(line.split()[1])
        match = _TENSOR_LINE.match(line)
        if match:
            kind, _, name, dtype, _, shape, size = match.groups()
            dims = tuple(int(d) for d in shape.split("x")) if shape else ()
            (info.inputs if kind == "input" else info.outputs).append(
                TensorInfo(name, dtype, dims, int(size)))
    return info


def check_header(info: HeaderInfo, session, dataset: Dataset,
                 ref_outputs: list) -> list[str]:
    """Differences between the generated descriptors and the ONNX model.

    Shapes are compared with the compiled (static) shapes: the dataset's for
    inputs and ONNX Runtime's actual output shapes for outputs.
    """
    problems = []
    expected = [("input", i.name, ORT_DTYPES.get(i.type, i.type), x.shape[1:])
                for i, x in zip(session.get_inputs(), dataset.inputs)]
    expected += [("output", o.name, ORT_DTYPES.get(o.type, o.type), r.shape[1:])
                 for o, r in zip(session.get_outputs(), ref_outputs)]
    actual = [("input", t) for t in info.inputs] + [("output", t) for t in info.outputs]
    if len(info.inputs) != len(dataset.inputs) or len(info.outputs) != len(ref_outputs):
        problems.append(f"header declares {len(info.inputs)} inputs / {len(info.outputs)} "
                        f"outputs, model has {len(dataset.inputs)} / {len(ref_outputs)}")
        return problems
    for (kind, name, dtype, shape), (_, t) in zip(expected, actual):
        where = f"{kind} '{name}'"
        if t.name != name:
            problems.append(f"{where}: header name '{t.name}'")
        if t.dtype != dtype:
            problems.append(f"{where}: header dtype {t.dtype}, model {dtype}")
        if tuple(t.shape) != tuple(shape):
            problems.append(f"{where}: header shape {t.shape}, expected {tuple(shape)}")
        if t.dtype in DTYPES:
            want = int(np.prod(t.shape, dtype=np.int64)) * np.dtype(DTYPES[t.dtype]).itemsize
            if t.size_bytes != want:
                problems.append(f"{where}: size_bytes {t.size_bytes}, shape implies {want}")
    if info.arena_size < 0:
        problems.append("driver --info printed no arena size")
    return problems


# --------------------------------------------------------------------------
# Sample files exchanged with the driver

def pack_inputs(inputs: list, start: int = 0, stop: Optional[int] = None) -> bytes:
    """Samples [start, stop) as the driver reads them: per sample, the bytes
    of input 0, input 1, ... back to back."""
    parts = [np.ascontiguousarray(api_layout(x[start:stop])) for x in inputs]
    n = parts[0].shape[0]
    return np.concatenate([p.reshape(n, -1).view(np.uint8) for p in parts], axis=1).tobytes()


def unpack_outputs(raw: bytes, infos: list, count: int) -> list[np.ndarray]:
    """Splits the driver's output file into one [N, *shape] array per output."""
    per_sample = sum(t.size_bytes for t in infos)
    if len(raw) != per_sample * count:
        raise ToolError(f"driver wrote {len(raw)} bytes, expected {count} x {per_sample}")
    table = np.frombuffer(raw, dtype=np.uint8).reshape(count, per_sample)
    outputs, offset = [], 0
    for t in infos:
        column = np.ascontiguousarray(table[:, offset:offset + t.size_bytes])
        outputs.append(column.view(DTYPES[t.dtype]).reshape((count,) + tuple(t.shape)))
        offset += t.size_bytes
    return outputs


# --------------------------------------------------------------------------
# ONNX Runtime

def ort_session(model_path: Path):
    """A single-threaded CPU session: the reference must not vary with the
    machine's core count, and the benchmark compares one core with one."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.log_severity_level = 3  # UltraFace's initializer-as-input warnings
    return ort.InferenceSession(str(model_path), sess_options=options,
                                providers=["CPUExecutionProvider"])


def ort_outputs(session, dataset: Dataset) -> list[np.ndarray]:
    """Runs every sample separately, with exactly the shape edgec compiled,
    and returns one [N, *shape] array per output."""
    names = [i.name for i in session.get_inputs()]
    per_sample = [session.run(None, {n: x[k] for n, x in zip(names, dataset.inputs)})
                  for k in range(len(dataset))]
    return [np.stack([sample[j] for sample in per_sample])
            for j in range(len(session.get_outputs()))]


# --------------------------------------------------------------------------
# Comparison

@dataclass
class Comparison:
    count: int
    max_abs: float
    max_rel: float
    max_scaled: float  # max |a - r| / max(1, max|r| of that sample's output)
    bad_samples: int  # under the tolerance in force
    bad_samples_scaled: int  # under the tensor-scaled tolerance, for diagnosis
    worst: str  # where the largest tolerance violation (or error) is

    @property
    def within_tolerance(self) -> bool:
        return self.bad_samples == 0


def _sample_scale(r64: np.ndarray) -> np.ndarray:
    """max(1, max|ref|) over each sample's tensor, broadcastable to r64."""
    count = r64.shape[0]
    flat = np.abs(np.nan_to_num(r64.reshape(count, -1), nan=0.0, posinf=0.0, neginf=0.0))
    peak = flat.max(axis=1) if flat.shape[1] else np.zeros(count)
    return np.maximum(1.0, peak).reshape((count,) + (1,) * (r64.ndim - 1))


def compare(actual: list, expected: list, output_names: list,
            scaled_atol: bool = False) -> Comparison:
    """Checks |a - r| <= ATOL + RTOL*|r| elementwise on every output; integer
    outputs must match exactly.

    With scaled_atol the absolute term becomes ATOL * max(1, max|r|) over the
    sample's output tensor. Either way the count of samples failing the
    scaled rule is returned: when only the plain rule fails, the errors sit
    at elements much smaller than their neighbours (float cancellation in
    tensors like mnist's logits, which reach thousands), not in the model.

    Relative error is reported over |ref| >= 1e-3 only; below that the
    absolute term governs and a ratio means nothing.
    """
    count = actual[0].shape[0]
    bad = np.zeros(count, dtype=bool)
    bad_scaled = np.zeros(count, dtype=bool)
    max_abs = max_rel = max_scaled = 0.0
    worst, worst_excess = "", -np.inf
    for a, r, name in zip(actual, expected, output_names):
        a64, r64 = a.astype(np.float64), r.astype(np.float64)
        diff = np.abs(a64 - r64)
        # NaN anywhere it is not also NaN in the reference is a failure.
        both_nan = np.isnan(a64) & np.isnan(r64)
        diff[np.isnan(diff) & ~both_nan] = np.inf
        diff[both_nan] = 0.0
        scale = _sample_scale(r64)
        if np.issubdtype(a.dtype, np.integer):
            plain_limit = scaled_limit = np.zeros_like(r64)
        else:
            plain_limit = ATOL + RTOL * np.abs(r64)
            scaled_limit = ATOL * scale + RTOL * np.abs(r64)
        limit = scaled_limit if scaled_atol else plain_limit
        violation = diff > limit
        bad |= violation.reshape(count, -1).any(axis=1)
        bad_scaled |= (diff > scaled_limit).reshape(count, -1).any(axis=1)
        if not diff.size:
            continue
        max_abs = max(max_abs, float(diff.max()))
        max_scaled = max(max_scaled, float((diff / scale).max()))
        big = np.abs(r64) >= 1e-3
        if big.any():
            max_rel = max(max_rel, float((diff[big] / np.abs(r64[big])).max()))
        excess = diff - limit
        k = int(np.argmax(excess))
        if violation.flat[k] and excess.flat[k] > worst_excess:
            worst_excess = excess.flat[k]
            idx = np.unravel_index(k, a.shape)
            worst = (f"sample {idx[0]} output '{name}' index {tuple(int(i) for i in idx[1:])}: "
                     f"edgec {a.flat[k].item():.9g} vs ref {r.flat[k].item():.9g} "
                     f"(max|ref| in that tensor {float(scale.flat[idx[0]] if scale.size else 1):.4g})")
    return Comparison(count, max_abs, max_rel, max_scaled, int(bad.sum()),
                      int(bad_scaled.sum()), worst)


def agreement(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(a == b)) if a.size else 1.0


def accuracy(decisions: np.ndarray, labels: Optional[np.ndarray]) -> Optional[float]:
    """Top-1 accuracy over the samples that have a label."""
    if labels is None:
        return None
    known = labels >= 0
    if not known.any():
        return None
    return float(np.mean(decisions.reshape(len(labels), -1)[known, 0] == labels[known]))


# --------------------------------------------------------------------------
# Object file section sizes (llvm-size -A)

TEXT_PREFIXES = (".text",)
RODATA_PREFIXES = (".rodata", ".lrodata", ".edgec_weights")  # the last: weights moved to bulk memory
WRITABLE_PREFIXES = (".data", ".bss", ".ldata", ".lbss", ".tdata", ".tbss")


def section_sizes(size_tool: str, obj: Path) -> dict:
    """Section name -> bytes, summed over same-named sections."""
    proc = run([size_tool, "-A", "-d", obj], 120)
    if proc.returncode != 0:
        raise ToolError(f"{Path(size_tool).name} failed\n{tail(proc.stderr)}")
    sizes: dict = {}
    for line in proc.stdout.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].startswith(".") and parts[1].isdigit():
            sizes[parts[0]] = sizes.get(parts[0], 0) + int(parts[1])
    return sizes


def sum_sections(sizes: dict, prefixes: tuple) -> int:
    """Bytes in sections named like a prefix (".rodata", ".rodata.cst4", ...).
    .data.rel.ro is read-only after relocation, so it never counts as data."""
    def matches(name: str) -> bool:
        if name.startswith(".data.rel.ro"):
            return False
        return any(name == p or name.startswith(p + ".") for p in prefixes)
    return sum(size for name, size in sizes.items() if matches(name))

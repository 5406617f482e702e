"""Builds and runs test firmware for one (target, model); shared by
run_targets.py and bench/targets.py.

For a target and a model: edgec --emit=c and --emit=obj; the C compiled by
the target's GCC and by clang-22; fw_main.c and fw_samples.c (the real test
inputs embedded in the image) compiled by GCC; one image linked per variant:

    c/gcc       generated C, target GCC
    c/clang-22  generated C, clang-22 for the same target
    obj         edgec's object

Each image runs under QEMU (system mode with semihosting for bare metal,
user mode for Linux targets) or natively, always with a timeout. The edgec,
compiler, ONNX Runtime and comparison plumbing comes from test/e2e/harness.py.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "e2e"))

import boards as bd  # noqa: E402
import harness as h  # noqa: E402
import models as m  # noqa: E402
import run_e2e as e2e  # noqa: E402

FW_MAIN = HERE / "fw_main.c"
VARIANTS = ("c/gcc", "c/clang-22", "obj")
SAMPLES_SECTION = ".edgec_samples"
# Where a board with bulk memory takes a model's weights when the image does
# not fit its flash (the board's bulk linker fragment places the section).
WEIGHTS_SECTION = ".edgec_weights"


@dataclass
class Tools:
    edgec: Path
    clang: str
    objdump: str
    size: str
    readelf: str
    timeout: float = 600  # compilers, edgec
    run_timeout: float = 300  # one firmware run


def find_tools(build: Path, run_timeout: float = 300) -> Tools:
    missing = [t for t in ("clang-22", "llvm-objdump-22", "llvm-size-22", "llvm-readelf-22")
               if h.find_tool(t) is None]
    if missing:
        raise h.ToolError(f"not found: {', '.join(missing)}")
    return Tools(edgec=(build / "bin" / "edgec").resolve(), clang=h.find_tool("clang-22"),
                 objdump=h.find_tool("llvm-objdump-22"), size=h.find_tool("llvm-size-22"),
                 readelf=h.find_tool("llvm-readelf-22"), run_timeout=run_timeout)


def snapshot_edgec(tools: Tools, folder: Path, attempts: int = 10) -> None:
    """Runs the whole session on a private copy of edgec: the build tree may
    be relinked meanwhile (edgec only needs system libraries and LLVM's)."""
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / "edgec"
    for attempt in range(attempts):
        try:
            shutil.copy2(tools.edgec, copy)
            if h.run([copy, "--version"], 60).returncode == 0:
                tools.edgec = copy
                return
        except OSError:
            pass
        time.sleep(3)  # probably being relinked right now
    raise h.ToolError(f"cannot copy and run {tools.edgec}")


def command_text(cmd: list) -> str:
    return " ".join(str(c) for c in cmd)


def checked(cmd: list, timeout: float, what: str):
    proc = h.run(cmd, timeout)
    if proc.returncode != 0:
        raise h.ToolError(f"{what} failed (exit {proc.returncode})\n$ {command_text(cmd)}\n"
                          f"{h.tail(proc.stderr + proc.stdout)}")
    return proc


# --------------------------------------------------------------------------
# edgec

def edgec_command(tools: Tools, spec: m.ModelSpec, outdir: Path, emit: str, target: str,
                  extra: tuple = ()) -> list:
    # harness.run_edgec has no --target; this is its command plus the target.
    cmd = [tools.edgec, spec.onnx_path, "-o", outdir, "--name", spec.c_name,
           f"--emit={emit}", f"--target={target}", "--quiet"]
    for name, shape in spec.input_shapes.items():
        cmd += ["--input-shape", f"{name}={shape}"]
    return cmd + list(spec.edgec_args) + list(extra)


def run_edgec(tools: Tools, spec: m.ModelSpec, outdir: Path, emit: str, target: str,
              extra: tuple = ()) -> h.Generated:
    outdir.mkdir(parents=True, exist_ok=True)
    try:
        checked(edgec_command(tools, spec, outdir, emit, target, extra), tools.timeout, "edgec")
    except OSError as err:
        raise h.ToolError(f"edgec could not start: {err}")
    gen = h.Generated(spec.c_name, outdir, emit)
    missing = [p.name for p in (gen.header, gen.source) if not p.exists()]
    if missing:
        raise h.ToolError(f"edgec exited 0 but did not write {', '.join(missing)}")
    return gen


_ALIGN = re.compile(r"#if EDGEC_ARENA_ALIGNMENT < (\d+)")


def arena_alignment(header: Path) -> int:
    """The arena alignment the header insists on (16 unless it says more)."""
    found = _ALIGN.findall(header.read_text())
    return max([16] + [int(a) for a in found])


def model_flags(gen: h.Generated) -> list:
    """Include paths and -D flags for code that includes the model header."""
    flags = ["-I", h.RUNTIME_INCLUDE, "-I", gen.outdir] + h.model_defines(gen)
    align = arena_alignment(gen.header)
    if align > 16:
        flags.append(f"-DEDGEC_ARENA_ALIGNMENT={align}u")
    return flags


# --------------------------------------------------------------------------
# Compiling and linking

def compile_c(tools: Tools, target: bd.Target, compiler: str, source: Path, obj: Path,
              flags: list) -> Path:
    """-std=c99 -O2 -Wall -Wextra -Werror with the target's GCC or clang-22."""
    if compiler == "gcc":
        cmd = [target.gcc] + list(target.gcc_flags) + list(target.compile_flags)
    else:
        cmd = [tools.clang] + list(target.clang_flags)
    cmd += h.C_FLAGS + flags + ["-c", source, "-o", obj]
    checked(cmd, tools.timeout, f"{Path(cmd[0]).name} -c {Path(source).name}")
    return obj


def write_samples(path: Path, dataset: m.Dataset, count: int, output_bytes: int,
                  bulk: bool) -> Path:
    """fw_samples.c: `count` samples of every input as exact bit patterns,
    the per-sample pointer table and room for the outputs. With bulk the
    arrays go to the .edgec_samples section (a board's bulk memory)."""
    attr = f' __attribute__((section("{SAMPLES_SECTION}")))' if bulk else ""
    lines = ["/* fw_samples.c - generated by test/targets/fwbuild.py; real test inputs. */",
             "#include <stddef.h>", "#include <stdint.h>", ""]
    sizes, names = [], []
    for i, x in enumerate(dataset.inputs):
        x = np.ascontiguousarray(x[:count])
        width = x.dtype.itemsize
        ctype, digits = {1: ("uint8_t", 2), 2: ("uint16_t", 4), 4: ("uint32_t", 8),
                         8: ("uint64_t", 16)}[width]
        words = x.reshape(count, -1).view(f"<u{width}")
        suffix = "ull" if width == 8 else ("u" if width >= 2 else "")
        lines.append(f"static const {ctype} in{i}[{count}][{words.shape[1]}]{attr} = {{")
        for row in words:
            body = ",".join(f"0x{int(v):0{digits}x}{suffix}" for v in row)
            lines.append(f"{{{body}}},")
        lines.append("};")
        sizes.append(words.shape[1] * width)
        names.append(f"in{i}")
    table = ", ".join(f"{name}[{k}]" for k in range(count) for name in names)
    lines += [
        f"const size_t fw_num_samples = {count};",
        f"const size_t fw_num_inputs = {len(names)};",
        # ISO C has no empty arrays: a model without inputs gets one unused entry.
        f"const size_t fw_input_bytes[] = {{{', '.join(str(s) for s in sizes) or '0'}}};",
        f"const void *const fw_inputs[] = {{{table or 'NULL'}}};",
        f"unsigned char fw_output_storage[{output_bytes}] __attribute__((aligned(16)));",
        f"const size_t fw_output_storage_bytes = {output_bytes};", ""]
    path.write_text("\n".join(lines))
    return path


def output_storage_bytes(ref_outputs: list) -> int:
    """Room for one sample's outputs, each 16-aligned (as fw_main lays them out)."""
    return sum((o[0].nbytes + 15) // 16 * 16 for o in ref_outputs) or 16


def link(tools: Tools, target: bd.Target, board: Optional[bd.Board], objects: list,
         exe: Path):
    cmd = ([target.gcc] + list(target.gcc_flags) + list(target.compile_flags) + ["-O2"]
           + objects + ["-o", exe] + target.link_args(board) + ["-lm"])
    return cmd, h.run(cmd, tools.timeout)


def weights_to_section(tools: Tools, obj: Path, c_name: str, out: Path) -> Path:
    """A copy of a model object compiled from C with -fdata-sections whose
    weight arrays (.rodata.<name>_weight<N>) are all in WEIGHTS_SECTION."""
    proc = h.run([tools.readelf, "-S", "-W", obj], tools.timeout)
    names = sorted(set(re.findall(rf"(\.rodata\.{re.escape(c_name)}_weight\d+)\b", proc.stdout)))
    if not names:
        raise h.ToolError(f"no weight sections in {obj}")
    objcopy = h.find_tool("llvm-objcopy-22")
    if objcopy is None:
        raise h.ToolError("not found: llvm-objcopy-22")
    cmd = [objcopy] + [f"--rename-section={n}={WEIGHTS_SECTION}" for n in names] + [obj, out]
    checked(cmd, tools.timeout, "llvm-objcopy")
    return out


_UNDEFINED = re.compile(r"undefined reference to `([^']+)'")
_OVERFLOW = re.compile(r"overflowed by|will not fit in region|region .* overflowed")


def link_fitting(tools: Tools, target: bd.Target, objects: list, exe: Path) -> Optional[bd.Board]:
    """Links for the first of the target's boards the image fits (bare metal);
    returns that board. The linker's memory regions are the judge."""
    candidates = list(target.boards) or [None]
    for n, board in enumerate(candidates):
        cmd, proc = link(tools, target, board, objects, exe)
        if proc.returncode == 0:
            return board
        last = n == len(candidates) - 1
        if last or not _OVERFLOW.search(proc.stderr):
            undefined = sorted(set(_UNDEFINED.findall(proc.stderr)))
            what = f": undefined {', '.join(undefined)}" if undefined else ""
            raise h.ToolError(f"link failed{' for ' + board.name if board else ''}{what}\n"
                              f"$ {command_text(cmd)}\n{h.tail(proc.stderr + proc.stdout)}")
    return None


# --------------------------------------------------------------------------
# Running

@dataclass
class FwRun:
    ok: bool  # exited 0
    stdout: str
    stderr: str
    seconds: float
    reason: str = ""  # why it failed, one line


def run_firmware(tools: Tools, target: bd.Target, board: Optional[bd.Board], exe: Path,
                 args: tuple = (), plugin: Optional[str] = None, env: Optional[dict] = None,
                 timeout: Optional[float] = None) -> FwRun:
    cmd = target.run_command(exe, board, args, plugin)
    if cmd is None:
        raise h.ToolError(f"{target.name} cannot run under an instruction counter")
    timeout = timeout or tools.run_timeout
    started = time.monotonic()
    try:
        proc = h.run(cmd, timeout, stdin=subprocess.DEVNULL, env=env)
    except h.ToolError:
        return FwRun(False, "", "", time.monotonic() - started,
                     f"FAILED: no exit after {timeout:.0f}s (hang or unreported fault) "
                     f"under {command_text(cmd[:3])}")
    seconds = time.monotonic() - started
    if proc.returncode == 0:
        return FwRun(True, proc.stdout, proc.stderr, seconds)
    return FwRun(False, proc.stdout, proc.stderr, seconds, failure_reason(proc))


def failure_reason(proc) -> str:
    """One line: the emulator's fatal message, picolibc's fault report, the
    firmware's own error line, or the exit status."""
    text = (proc.stderr or "") + "\n" + (proc.stdout or "")
    # picolibc's crt0 reports CPU exceptions as "ARM fault: ..." / "RISCV fault ...".
    for pattern in (r"qemu: fatal: .*", r"qemu-\w+: .*", r"(ARM|RISCV) fault.*", r"error: .*",
                    r"warning: .*"):
        found = re.search(pattern, text)
        if found:
            return f"exit {proc.returncode}: {found.group(0).strip()[:200]}"
    if proc.returncode < 0:
        return f"killed by {e2e.signal_name(-proc.returncode)}"
    last = [line for line in text.splitlines() if line.strip()]
    return f"exit {proc.returncode}" + (f": {last[-1][:200]}" if last else "")


# --------------------------------------------------------------------------
# Reading the firmware's output

@dataclass
class FwOutput:
    info: h.HeaderInfo
    records: dict = field(default_factory=dict)  # (sample, output) -> list of hex words
    statuses: dict = field(default_factory=dict)  # sample -> status
    stack_bytes: Optional[int] = None
    failures: Optional[int] = None


def parse_output(stdout: str) -> FwOutput:
    out = FwOutput(h.HeaderInfo(arena_size=-1, inputs=[], outputs=[]))
    for line in stdout.splitlines():
        line = line.strip()
        if line.startswith("arena_size "):
            out.info.arena_size = int(line.split()[1])
        elif line.startswith("sample "):
            parts = line.split()
            k, status, o = int(parts[1]), int(parts[3]), int(parts[5])
            out.records[(k, o)] = parts[6:]
            out.statuses[k] = status
        elif line.startswith("stack_bytes "):
            out.stack_bytes = int(line.split()[1])
        elif line.startswith("end failures "):
            out.failures = int(line.split()[2])
        else:
            # Same record format as driver --info, parsed with the harness's pattern.
            match = h._TENSOR_LINE.match(line)
            if match:
                kind, _, name, dtype, _, shape, size = match.groups()
                dims = tuple(int(d) for d in shape.split("x")) if shape else ()
                (out.info.inputs if kind == "input" else out.info.outputs).append(
                    h.TensorInfo(name, dtype, dims, int(size)))
    return out


def output_arrays(fw: FwOutput, count: int) -> list:
    """One [count, *shape] array per output, rebuilt from the hex records."""
    arrays = []
    for o, t in enumerate(fw.info.outputs):
        dtype = np.dtype(h.DTYPES[t.dtype])
        unsigned = np.dtype(f"u{dtype.itemsize}")
        rows = []
        for k in range(count):
            words = fw.records.get((k, o))
            if words is None:
                raise h.ToolError(f"no output {o} for sample {k} in the firmware's output")
            rows.append(np.array([int(w, 16) for w in words], dtype=unsigned).view(dtype))
        arrays.append(np.stack(rows).reshape((count,) + tuple(t.shape)))
    return arrays


# --------------------------------------------------------------------------
# One (target, model): everything up to runnable images

@dataclass
class Image:
    variant: str
    exe: Optional[Path] = None
    board: Optional[bd.Board] = None
    model_object: Optional[Path] = None  # the model's code as an object file
    weights_in_bulk: bool = False  # weights in the board's bulk memory (too big for flash)
    error: str = ""  # one line
    details: str = ""


@dataclass
class ModelBuild:
    target: bd.Target
    spec: m.ModelSpec
    folder: Path
    gen: dict = field(default_factory=dict)  # emit -> h.Generated
    images: dict = field(default_factory=dict)  # variant -> Image
    seconds: float = 0.0


def first_line(err: Exception) -> str:
    """The error's first line and, unless it already says enough, the first
    line of the tool's output that names an error."""
    lines = [line.strip() for line in str(err).splitlines() if line.strip()]
    if not lines:
        return type(err).__name__
    if ": " in lines[0]:
        return lines[0]
    useful = [line for line in lines[1:] if ("error" in line.lower() or "undefined" in line)
              and not line.startswith("$")]
    return (lines[0] + (": " + useful[0][:220] if useful else "")).strip()


def build_model(tools: Tools, target: bd.Target, spec: m.ModelSpec, dataset: m.Dataset,
                count: int, ref_outputs: list, folder: Path,
                variants: tuple = VARIANTS, fw_defines: tuple = ()) -> ModelBuild:
    """edgec, compilers and linker for every variant. A failing step marks
    the variants that need it, never the others."""
    started = time.monotonic()
    folder.mkdir(parents=True, exist_ok=True)
    build = ModelBuild(target, spec, folder)
    emits = sorted({v.split("/")[0] for v in variants})
    edgec_errors = {}
    for emit in emits:
        try:
            build.gen[emit] = run_edgec(tools, spec, folder / emit, emit, target.name)
        except h.ToolError as err:
            edgec_errors[emit] = err

    # The firmware's own objects: the samples (once) and fw_main per header.
    bulk = any(b.bulk_ld is not None for b in target.boards)
    common_error = None
    samples_obj = folder / "fw_samples.o"
    try:
        src = write_samples(folder / "fw_samples.c", dataset, count,
                            output_storage_bytes(ref_outputs), bulk)
        compile_c(tools, target, "gcc", src, samples_obj, [])
    except h.ToolError as err:
        common_error = err

    mains = {}
    for emit, gen in build.gen.items():
        try:
            mains[emit] = compile_c(tools, target, "gcc", FW_MAIN, folder / f"fw_main_{emit}.o",
                                    model_flags(gen) + list(fw_defines))
        except h.ToolError as err:
            mains[emit] = err

    for variant in variants:
        emit, _, compiler = variant.partition("/")
        image = Image(variant)
        build.images[variant] = image
        try:
            if emit in edgec_errors:
                raise edgec_errors[emit]
            if common_error is not None:
                raise common_error
            if isinstance(mains[emit], Exception):
                raise mains[emit]
            gen = build.gen[emit]
            if emit == "c":
                tag = compiler.replace("-", "")
                image.model_object = compile_c(tools, target, "gcc" if compiler == "gcc" else "clang",
                                               gen.source, folder / f"model_{tag}.o",
                                               model_flags(gen))
            else:
                image.model_object = gen.source
            exe = folder / f"fw_{variant.replace('/', '_')}.elf"
            try:
                image.board = link_fitting(tools, target, [mains[emit], samples_obj,
                                                           image.model_object], exe)
            except h.ToolError as err:
                # Too big for every board's flash: on a board with bulk
                # memory the weights go there (as a firmware would put them
                # in external flash), code and arena stay where they were.
                if not bulk or not _OVERFLOW.search(str(err)):
                    raise
                tag = variant.replace("/", "_").replace("-", "")
                if emit == "c":
                    sectioned = compile_c(tools, target,
                                          "gcc" if compiler == "gcc" else "clang", gen.source,
                                          folder / f"model_{tag}_sections.o",
                                          model_flags(gen) + ["-fdata-sections"])
                    image.model_object = weights_to_section(
                        tools, sectioned, spec.c_name, folder / f"model_{tag}_bulk.o")
                else:
                    moved = run_edgec(tools, spec, folder / "obj_bulk", "obj", target.name,
                                      (f"--weights-section={WEIGHTS_SECTION}",))
                    image.model_object = moved.source
                image.board = link_fitting(tools, target, [mains[emit], samples_obj,
                                                           image.model_object], exe)
                image.weights_in_bulk = True
            image.exe = exe
        except h.ToolError as err:
            image.error, image.details = first_line(err), str(err)
    build.seconds = time.monotonic() - started
    return build

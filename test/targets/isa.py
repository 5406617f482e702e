"""Never uses what the target lacks: classifies the instructions of an object
file by disassembling it with llvm-objdump-22.

Each target lists in boards.json ("lacks") the instruction classes that must
not appear in its model code:

    fp           any floating-point instruction (Arm v*, RISC-V f*)
    fp64         double-precision arithmetic or conversion (Arm *.f64, RISC-V *.d, fld/fsd)
    rvv          RISC-V vector instructions (v*)
    avx          VEX/EVEX instructions or ymm/zmm registers (x86 baseline and v2)
    avx512       zmm, mask or xmm16-31 registers (x86-64-v3)
    unsupported  Arm: anything llvm-objdump cannot decode for the target's own
                 --mcpu (e.g. ARMv7-M code in a Cortex-M0+ object)

Classes are recognised with a superset decoder (every extension on), so a
forbidden instruction shows by name. RISC-V objects carry their ISA string
as an ELF attribute, which llvm-objdump honours over --mattr.
"""

from __future__ import annotations

import re
from pathlib import Path

import boards as bd
import harness as h

DESCRIPTIONS = {
    "fp": "floating-point instructions",
    "fp64": "double-precision floating-point instructions",
    "rvv": "RISC-V vector instructions",
    "avx": "AVX (VEX/EVEX) instructions",
    "avx512": "AVX-512 instructions",
    "unsupported": "instructions the CPU cannot decode",
}

_LINE = re.compile(r"^\s*([0-9a-f]+):\s+(\S+)\s*(.*)$")
_FUNC = re.compile(r"^[0-9a-f]+ <(.+)>:$")


def arch_of(target: bd.Target) -> str:
    gcc = target.gcc
    if gcc.startswith("arm-"):
        return "arm"
    if gcc.startswith("riscv"):
        return "riscv"
    if gcc.startswith("aarch64"):
        return "aarch64"
    return "x86"


SUPERSET = {"arm": ["--mcpu=cortex-m55"], "riscv": ["--mattr=+m,+a,+f,+d,+c,+v"],
            "aarch64": [], "x86": []}


def disassemble(objdump: str, obj: Path, options: list) -> list:
    """(function, address, mnemonic, operands) for every instruction in obj."""
    proc = h.run([objdump, "-d", "--no-show-raw-insn"] + options + [obj], 300)
    if proc.returncode != 0:
        raise h.ToolError(f"llvm-objdump failed on {obj.name}\n{h.tail(proc.stderr)}")
    insns, func = [], "?"
    for line in proc.stdout.splitlines():
        f = _FUNC.match(line.strip())
        if f:
            func = f.group(1)
            continue
        i = _LINE.match(line)
        if i:
            insns.append((func, i.group(1), i.group(2).lower(), i.group(3).split("//")[0].strip()))
    return insns


def _riscv_fp(mn: str) -> bool:
    mn = mn[2:] if mn.startswith("c.") else mn
    return mn.startswith("f") and not mn.startswith("fence")


def _riscv_fp64(mn: str) -> bool:
    mn = mn[2:] if mn.startswith("c.") else mn
    return _riscv_fp(mn) and (mn in ("fld", "fsd", "fldsp", "fsdsp") or "d" in mn.split(".")[1:])


def classify(arch: str, cls: str, mnemonic: str, operands: str) -> bool:
    """Whether one instruction belongs to the class."""
    if arch == "arm":
        if cls == "fp":
            return mnemonic.startswith("v")
        if cls == "fp64":
            return ".f64" in mnemonic
        return False
    if arch == "riscv":
        if cls == "fp":
            return _riscv_fp(mnemonic)
        if cls == "fp64":
            return _riscv_fp64(mnemonic)
        if cls == "rvv":
            return mnemonic.startswith("v")
        return False
    if arch == "x86":
        wide = re.search(r"zmm|%k[0-7]\b|mm(1[6-9]|2\d|3[01])\b", operands)
        if cls == "avx512":
            return bool(wide)
        if cls == "avx":
            return mnemonic.startswith("v") or "ymm" in operands or bool(wide)
    return False


def violations(objdump: str, target: bd.Target, obj: Path) -> list:
    """One line per forbidden class found: how many, and the first few."""
    arch = arch_of(target)
    found = []
    superset = None
    for cls in target.lacks:
        if cls == "unsupported":
            insns = disassemble(objdump, obj, list(target.objdump))
            hits = [i for i in insns if i[2] == "<unknown>"]
        else:
            if superset is None:
                superset = disassemble(objdump, obj, SUPERSET[arch])
            hits = [i for i in superset if classify(arch, cls, i[2], i[3])]
        if hits:
            sample = "; ".join(f"{f}+0x{a}: {mn} {ops}".strip() for f, a, mn, ops in hits[:3])
            found.append(f"{len(hits)} {DESCRIPTIONS[cls]} ({sample})")
    return found

"""The board table (targets/boards/boards.json) for Python: per edgec target,
the compiler and flags, the memory map and the command that runs a
firmware image. targets/boards/boards.cmake reads the same file for CMake.

Nothing here knows about models; fwbuild.py builds and runs firmware with it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

REPO_ROOT = Path(__file__).resolve().parents[2]
BOARDS_DIR = REPO_ROOT / "targets" / "boards"
BOARDS_JSON = BOARDS_DIR / "boards.json"


@dataclass(frozen=True)
class Board:
    """A QEMU machine a bare-metal image runs on, with its memory map."""

    name: str
    qemu: tuple  # emulator and machine, e.g. ("qemu-system-arm", "-M", "mps2-an386")
    mem: dict  # flash, flash_size, ram, ram_size, stack_size (hex strings)
    bulk_ld: Optional[Path]  # linker fragment for the .edgec_samples section
    note: str = ""

    def size(self, key: str) -> int:
        return int(self.mem[key], 0)


@dataclass(frozen=True)
class Target:
    """One edgec target and everything needed to build and run code for it."""

    name: str
    kind: str  # "semihost" (bare metal, QEMU system mode), "linux-user", "native"
    gcc: str  # the target's GCC driver
    gcc_flags: tuple
    clang_flags: tuple  # --target etc. plus the toolchain's extras (-fshort-enums, libc headers)
    compile_flags: tuple  # toolchain flags for gcc, compiling and linking (picolibc specs)
    link_flags: tuple  # toolchain flags for linking only (semihosting crt0, -static)
    boards: tuple = ()  # bare metal: candidate boards, smallest first
    runner: tuple = ()  # linux-user: qemu-<arch> [-cpu ...]
    qemu_cpu: tuple = ()  # bare metal: -cpu options appended to the board's machine
    icount_runner: tuple = ()  # native: emulator used only to count instructions
    objdump: tuple = ()  # llvm-objdump options that decode this target's code
    lacks: tuple = ()  # instruction classes that must not appear (see isa.py)
    bitwise: bool = False  # C and object outputs must be bitwise identical
    semihost_args: tuple = ()
    note: str = ""

    @property
    def bare_metal(self) -> bool:
        return self.kind == "semihost"

    def link_args(self, board: Optional[Board]) -> list:
        """Flags for linking with self.gcc after gcc_flags and compile_flags:
        toolchain link flags, then the board's memory map (the defsyms must
        come before -T picolibc.ld)."""
        args = list(self.link_flags)
        if board is not None:
            m = board.mem
            args.append("-Wl," + ",".join(
                f"--defsym=__{key}={m[key]}"
                for key in ("flash", "flash_size", "ram", "ram_size", "stack_size")))
            args += ["-T", "picolibc.ld"]
            if board.bulk_ld is not None:
                args += ["-T", str(board.bulk_ld)]
        return args

    def run_command(self, exe: Path, board: Optional[Board], args: tuple = (),
                    plugin: Optional[str] = None) -> Optional[list]:
        """argv that runs exe (with its own arguments), optionally under the
        qemu-icount plugin (a "path,opt=..." string). None when the target
        cannot run under a plugin (native x86 without an icount runner)."""
        plug = ["-plugin", plugin] if plugin else []
        if self.kind == "semihost":
            cmd = list(board.qemu) + list(self.qemu_cpu) + list(self.semihost_args) + plug
            cmd += ["-kernel", str(exe)]
            if args:
                cmd += ["-append", " ".join(args)]
            return cmd
        if self.kind == "linux-user":
            return [self.runner[0]] + plug + list(self.runner[1:]) + [str(exe)] + list(args)
        if plugin:
            if not self.icount_runner:
                return None
            return [self.icount_runner[0]] + plug + list(self.icount_runner[1:]) + [str(exe)] + list(args)
        return [str(exe)] + list(args)


@dataclass
class Table:
    targets: dict = field(default_factory=dict)  # name -> Target
    boards: dict = field(default_factory=dict)  # name -> Board


def load(path: Path = BOARDS_JSON) -> Table:
    raw = json.loads(path.read_text())
    boards = {}
    for name, b in raw["boards"].items():
        bulk = BOARDS_DIR / b["bulk_ld"] if b.get("bulk_ld") else None
        boards[name] = Board(name, tuple(b["qemu"]), dict(b["mem"]), bulk, b.get("note", ""))
    targets = {}
    for name, t in raw["targets"].items():
        tc = raw["toolchains"][t["toolchain"]]
        targets[name] = Target(
            name=name, kind=tc["kind"], gcc=tc["gcc"], gcc_flags=tuple(t["gcc"]),
            clang_flags=tuple(t["clang"]) + tuple(tc["clang"]),
            compile_flags=tuple(tc.get("compile", ())), link_flags=tuple(tc["link"]),
            boards=tuple(boards[b] for b in t.get("boards", ())),
            runner=tuple(t.get("runner", ())), qemu_cpu=tuple(t.get("qemu_cpu", ())),
            icount_runner=tuple(t.get("icount_runner", ())), objdump=tuple(t.get("objdump", ())),
            lacks=tuple(t.get("lacks", ())), bitwise=bool(t.get("bitwise", False)),
            semihost_args=tuple(raw["semihost_args"]) if tc["kind"] == "semihost" else (),
            note=t.get("note", ""))
    return Table(targets, boards)

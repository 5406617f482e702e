# riscv64-unknown-elf.cmake - CMake toolchain for RISC-V 32-bit bare metal (picolibc +
#   semihosting on QEMU virt): rv32imac, rv32imafc.
#   cmake -S examples/... -B build-x -DCMAKE_TOOLCHAIN_FILE=examples/cmake/toolchains/riscv64-unknown-elf.cmake \
#         [-DEDGEC_TARGET=rv32imac] [-DEDGEC_BOARD=...]
# Flags, memory map and emulator come from targets/boards/boards.json.
set(_edgec_toolchain riscv64-unknown-elf)
set(_edgec_default_target rv32imac)
include("${CMAKE_CURRENT_LIST_DIR}/edgec-board-toolchain.cmake")

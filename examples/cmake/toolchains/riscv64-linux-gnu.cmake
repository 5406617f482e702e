# riscv64-linux-gnu.cmake - CMake toolchain for RISC-V 64-bit Linux user mode (static glibc,
#   qemu-riscv64): rv64gc, rv64gcv.
#   cmake -S examples/... -B build-x -DCMAKE_TOOLCHAIN_FILE=examples/cmake/toolchains/riscv64-linux-gnu.cmake \
#         [-DEDGEC_TARGET=rv64gc] [-DEDGEC_BOARD=...]
# Flags, memory map and emulator come from targets/boards/boards.json.
set(_edgec_toolchain riscv64-linux-gnu)
set(_edgec_default_target rv64gc)
include("${CMAKE_CURRENT_LIST_DIR}/edgec-board-toolchain.cmake")

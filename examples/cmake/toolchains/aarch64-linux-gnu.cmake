# aarch64-linux-gnu.cmake - CMake toolchain for AArch64 Linux user mode (static glibc, qemu-
#   aarch64): aarch64, cortex-a53, cortex-a72.
#   cmake -S examples/... -B build-x -DCMAKE_TOOLCHAIN_FILE=examples/cmake/toolchains/aarch64-linux-gnu.cmake \
#         [-DEDGEC_TARGET=aarch64] [-DEDGEC_BOARD=...]
# Flags, memory map and emulator come from targets/boards/boards.json.
set(_edgec_toolchain aarch64-linux-gnu)
set(_edgec_default_target aarch64)
include("${CMAKE_CURRENT_LIST_DIR}/edgec-board-toolchain.cmake")

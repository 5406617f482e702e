# arm-none-eabi.cmake - CMake toolchain for Cortex-M (picolibc + semihosting on QEMU
#   mps2/mps3/microbit): cortex-m0plus, cortex-m4, cortex-m7, cortex-m33, cortex-m55.
#   cmake -S examples/... -B build-x -DCMAKE_TOOLCHAIN_FILE=examples/cmake/toolchains/arm-none-eabi.cmake \
#         [-DEDGEC_TARGET=cortex-m4] [-DEDGEC_BOARD=...]
# Flags, memory map and emulator come from targets/boards/boards.json.
set(_edgec_toolchain arm-none-eabi)
set(_edgec_default_target cortex-m4)
include("${CMAKE_CURRENT_LIST_DIR}/edgec-board-toolchain.cmake")

# edgec-board-toolchain.cmake - the body shared by the toolchain files here.
#
# The including file sets _edgec_toolchain (a toolchain of
# targets/boards/boards.json) and _edgec_default_target. Compiler, CPU/ABI
# flags, the board's memory map and the emulator all come from the board
# table, the same data test/targets/run_targets.py uses:
#
#   -DEDGEC_TARGET=<edgec target>   default: _edgec_default_target
#   -DEDGEC_BOARD=<board>           bare metal only; default: the target's roomiest
#
# CMAKE_CROSSCOMPILING_EMULATOR is set to the QEMU command, so add_test() and
# add_custom_command() run the image under QEMU with semihosting (bare metal)
# or in user mode (Linux).
if(NOT EDGEC_TARGET)
  set(EDGEC_TARGET "${_edgec_default_target}")
endif()
set(EDGEC_TARGET "${EDGEC_TARGET}" CACHE STRING "edgec target (see targets/boards/boards.json)")
set(EDGEC_BOARD "${EDGEC_BOARD}" CACHE STRING "QEMU board for bare-metal targets (default: the target's roomiest)")
# try_compile() projects read this file again and need the same choice.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES EDGEC_TARGET EDGEC_BOARD)

include("${CMAKE_CURRENT_LIST_DIR}/../../../targets/boards/boards.cmake")
edgec_board_settings("${EDGEC_TARGET}" BOARD "${EDGEC_BOARD}")
if(NOT EDGEC_BOARD_GCC MATCHES "^${_edgec_toolchain}-")
  message(FATAL_ERROR "EDGEC_TARGET=${EDGEC_TARGET} is built with ${EDGEC_BOARD_GCC}, "
                      "not with this toolchain file (${_edgec_toolchain})")
endif()

if(EDGEC_BOARD_KIND STREQUAL "semihost")
  set(CMAKE_SYSTEM_NAME Generic)
  # No OS to run a test program on while configuring.
  set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
else()
  set(CMAKE_SYSTEM_NAME Linux)
endif()
string(REGEX REPLACE "-.*" "" CMAKE_SYSTEM_PROCESSOR "${_edgec_toolchain}")
set(CMAKE_C_COMPILER "${EDGEC_BOARD_GCC}")
list(JOIN EDGEC_BOARD_C_FLAGS " " _flags)
set(CMAKE_C_FLAGS_INIT "${_flags}")
list(JOIN EDGEC_BOARD_LINK_FLAGS " " _flags)
set(CMAKE_EXE_LINKER_FLAGS_INIT "${_flags}")
set(CMAKE_CROSSCOMPILING_EMULATOR ${EDGEC_BOARD_RUN})
# find_package(edgec) must find the host's edgec, not look in a sysroot.
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)

# boards.cmake - targets/boards/boards.json for CMake (3.19+, string(JSON)).
#
#   include(<repo>/targets/boards/boards.cmake)
#   edgec_board_settings(<edgec target> [BOARD <board>])
#
# sets, in the caller's scope:
#   EDGEC_BOARD_KIND          semihost | linux-user | native
#   EDGEC_BOARD_GCC           the target's GCC driver (e.g. arm-none-eabi-gcc)
#   EDGEC_BOARD_C_FLAGS       CPU/ABI flags plus the toolchain's compile flags (list)
#   EDGEC_BOARD_LINK_FLAGS    toolchain link flags plus the board's memory map (list)
#   EDGEC_BOARD_RUN           command prefix that runs an image: append the image
#                             path (QEMU for bare metal and Linux user mode, empty
#                             for native); suits CMAKE_CROSSCOMPILING_EMULATOR
#   EDGEC_BOARD_NAME          the board used (bare metal), else empty
#
# Without BOARD a bare-metal target gets the LAST board of its list, the
# roomiest (e.g. mps2-an385 rather than the 16 KB micro:bit for cortex-m0plus);
# the test harness instead picks the first board the image fits.
# test/targets/boards.py is the Python reader of the same file.
include_guard(GLOBAL)

set(EDGEC_BOARDS_JSON "${CMAKE_CURRENT_LIST_DIR}/boards.json")
set(EDGEC_BOARDS_DIR "${CMAKE_CURRENT_LIST_DIR}")

# A JSON array of strings (at the given path) as a CMake list.
function(_edgec_json_list out json)
  set(items "")
  string(JSON kind ERROR_VARIABLE missing TYPE "${json}" ${ARGN})
  if(NOT missing AND kind STREQUAL "ARRAY")
    string(JSON n LENGTH "${json}" ${ARGN})
    if(n GREATER 0)
      math(EXPR last "${n} - 1")
      foreach(i RANGE ${last})
        string(JSON item GET "${json}" ${ARGN} ${i})
        list(APPEND items "${item}")
      endforeach()
    endif()
  endif()
  set(${out} "${items}" PARENT_SCOPE)
endfunction()

function(edgec_board_settings target)
  cmake_parse_arguments(ARG "" "BOARD" "" ${ARGN})
  file(READ "${EDGEC_BOARDS_JSON}" json)
  string(JSON t ERROR_VARIABLE missing GET "${json}" targets "${target}")
  if(missing)
    message(FATAL_ERROR "edgec_board_settings: no target '${target}' in ${EDGEC_BOARDS_JSON}")
  endif()
  string(JSON toolchain GET "${t}" toolchain)
  string(JSON tc GET "${json}" toolchains "${toolchain}")
  string(JSON kind GET "${tc}" kind)
  string(JSON gcc GET "${tc}" gcc)
  _edgec_json_list(cflags "${t}" gcc)
  _edgec_json_list(compile "${tc}" compile)
  _edgec_json_list(link "${tc}" link)

  set(board "")
  set(run "")
  if(kind STREQUAL "semihost")
    _edgec_json_list(boards "${t}" boards)
    if(ARG_BOARD)
      if(NOT ARG_BOARD IN_LIST boards)
        message(FATAL_ERROR "board '${ARG_BOARD}' is not one of ${target}'s: ${boards}")
      endif()
      set(board "${ARG_BOARD}")
    else()
      list(GET boards -1 board)
    endif()
    string(JSON b GET "${json}" boards "${board}")
    set(defsyms "")
    foreach(key flash flash_size ram ram_size stack_size)
      string(JSON value GET "${b}" mem ${key})
      list(APPEND defsyms "--defsym=__${key}=${value}")
    endforeach()
    list(JOIN defsyms "," defsyms)
    list(APPEND link "-Wl,${defsyms}" "-T" "picolibc.ld")
    string(JSON bulk ERROR_VARIABLE no_bulk GET "${b}" bulk_ld)
    if(NOT no_bulk)
      list(APPEND link "-T" "${EDGEC_BOARDS_DIR}/${bulk}")
    endif()
    _edgec_json_list(qemu "${b}" qemu)
    _edgec_json_list(cpu "${t}" qemu_cpu)
    _edgec_json_list(semi "${json}" semihost_args)
    set(run ${qemu} ${cpu} ${semi} -kernel)
  elseif(kind STREQUAL "linux-user")
    _edgec_json_list(run "${t}" runner)
  endif()

  set(EDGEC_BOARD_KIND "${kind}" PARENT_SCOPE)
  set(EDGEC_BOARD_GCC "${gcc}" PARENT_SCOPE)
  set(EDGEC_BOARD_C_FLAGS ${cflags} ${compile} PARENT_SCOPE)
  set(EDGEC_BOARD_LINK_FLAGS ${link} PARENT_SCOPE)
  set(EDGEC_BOARD_RUN ${run} PARENT_SCOPE)
  set(EDGEC_BOARD_NAME "${board}" PARENT_SCOPE)
endfunction()

# edgec_add_model(<target> MODEL <file.onnx> NAME <c_name>
#                 [TARGET <edgec target>] [EMIT c|obj]
#                 [INPUT_SHAPES name=1x3x96x96 ...]
#                 [RAM_BUDGET <bytes>] [FLASH_BUDGET <bytes>]
#                 [WEIGHTS_SECTION <section>])
#
# Compiles an ONNX model with edgec at build time and adds the result
# (<NAME>.c or <NAME>.o, plus <NAME>.h on the include path) to <target>.
# The model is recompiled when the .onnx file or edgec changes. A model that
# exceeds RAM_BUDGET / FLASH_BUDGET fails the build with edgec's message.
include_guard(GLOBAL)

function(edgec_add_model tgt)
  cmake_parse_arguments(ARG "" "MODEL;NAME;TARGET;EMIT;RAM_BUDGET;FLASH_BUDGET;WEIGHTS_SECTION"
                        "INPUT_SHAPES" ${ARGN})
  if(NOT ARG_MODEL OR NOT ARG_NAME)
    message(FATAL_ERROR "edgec_add_model(${tgt}): MODEL and NAME are required")
  endif()
  if(NOT ARG_TARGET)
    set(ARG_TARGET host)
  endif()
  if(NOT ARG_EMIT)
    set(ARG_EMIT c)
  endif()
  if(NOT ARG_EMIT MATCHES "^(c|obj)$")
    message(FATAL_ERROR "edgec_add_model(${tgt}): EMIT must be c or obj, not '${ARG_EMIT}'")
  endif()
  get_filename_component(model "${ARG_MODEL}" ABSOLUTE)
  set(outdir "${CMAKE_CURRENT_BINARY_DIR}/edgec/${tgt}/${ARG_NAME}")
  if(ARG_EMIT STREQUAL "c")
    set(body "${outdir}/${ARG_NAME}.c")
  else()
    set(body "${outdir}/${ARG_NAME}.o")
  endif()
  set(args "${model}" -o "${outdir}" --name "${ARG_NAME}" --emit=${ARG_EMIT}
           --target=${ARG_TARGET} --quiet)
  foreach(shape IN LISTS ARG_INPUT_SHAPES)
    list(APPEND args --input-shape "${shape}")
  endforeach()
  if(ARG_RAM_BUDGET)
    list(APPEND args --ram-budget=${ARG_RAM_BUDGET})
  endif()
  if(ARG_FLASH_BUDGET)
    list(APPEND args --flash-budget=${ARG_FLASH_BUDGET})
  endif()
  if(ARG_WEIGHTS_SECTION)
    list(APPEND args --weights-section=${ARG_WEIGHTS_SECTION})
  endif()
  add_custom_command(
    OUTPUT "${outdir}/${ARG_NAME}.h" "${body}"
    COMMAND edgec::edgec ${args}
    DEPENDS "${model}" edgec::edgec
    COMMENT "edgec: compiling ${ARG_MODEL} for ${ARG_TARGET}"
    VERBATIM)
  if(ARG_EMIT STREQUAL "obj")
    set_source_files_properties("${body}" PROPERTIES EXTERNAL_OBJECT TRUE GENERATED TRUE)
  endif()
  target_sources(${tgt} PRIVATE "${body}" "${outdir}/${ARG_NAME}.h")
  target_include_directories(${tgt} PRIVATE "${outdir}")
  target_link_libraries(${tgt} PRIVATE edgec::runtime)
endfunction()

# cdk_add_library(name SOURCES a.cpp ... DEPS lib ...)
# One static library per module; the include root is src/ so every include is a
# full path from there: #include "core/result.hpp".
function(cdk_add_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
  cdk_set_warnings(${name})
endfunction()

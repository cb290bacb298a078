# cdk_add_library(name SOURCES a.cpp ... DEPS lib ...)
# One static library per module; the include root is src/ so every include is a
# full path from there: #include "core/result.hpp" (installed: include/cdkpp, cmake/cdk_install.cmake).
# Libraries of the construct library register for install (and their cdkpp::<name> alias) here.
function(cdk_add_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/src>)
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
  cdk_set_warnings(${name})
  cdk_register_install(${name})
endfunction()

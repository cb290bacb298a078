include(GoogleTest)
# cdk_add_test(name SOURCES a_test.cpp ... LIBS lib ... LABELS unit)
# Each test case is discovered and carries the labels (unit, golden, localcloud,
# moto, interop, e2e, slow) so `ctest -L unit` picks a tier.
function(cdk_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  # tests/support/test_main.cpp: GoogleTest's main with a private TMPDIR per test process.
  if(NOT TARGET cdk_test_main)
    add_library(cdk_test_main STATIC ${PROJECT_SOURCE_DIR}/tests/support/test_main.cpp)
    target_link_libraries(cdk_test_main PUBLIC GTest::gtest)
    cdk_set_warnings(cdk_test_main)
  endif()
  add_executable(${name} ${ARG_SOURCES})
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} cdk_test_main GTest::gtest GTest::gmock)
  target_compile_definitions(${name} PRIVATE
    CDK_SOURCE_DIR="${PROJECT_SOURCE_DIR}" CDK_BINARY_DIR="${CMAKE_BINARY_DIR}")
  cdk_set_warnings(${name})
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  gtest_discover_tests(${name}
    PROPERTIES LABELS "${ARG_LABELS}"
    DISCOVERY_TIMEOUT 60)
endfunction()

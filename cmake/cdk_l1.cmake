# Typed L1 classes, generated at build time from the CloudFormation resource schemas (tools/cfn_codegen).
# Every service namespace gets a static library `cdk_l1_<ns>` (e.g. cdk_l1_s3) that is EXCLUDE_FROM_ALL:
# it is generated and compiled only when something links it, so an app using two services compiles two.
# Generated sources land in build/generated/src/lib/<ns>/generated/cfn_<ns>.{hpp,cpp};
# include them as "lib/<ns>/generated/cfn_<ns>.hpp". In-tree and installed, the target is also cdkpp::l1_<ns>.
find_package(Python3 3.9 REQUIRED COMPONENTS Interpreter)
set(CDK_CFN_CODEGEN ${PROJECT_SOURCE_DIR}/tools/cfn_codegen/cfn_codegen.py)
set(CDK_GENERATED_DIR ${CMAKE_BINARY_DIR}/generated/src)

execute_process(
  COMMAND ${Python3_EXECUTABLE} ${CDK_CFN_CODEGEN} --list
  OUTPUT_VARIABLE _cdk_l1_services
  RESULT_VARIABLE _cdk_l1_rc
  ERROR_VARIABLE _cdk_l1_err)
if(NOT _cdk_l1_rc EQUAL 0)
  message(FATAL_ERROR "cfn_codegen --list failed: ${_cdk_l1_err}")
endif()
string(STRIP "${_cdk_l1_services}" _cdk_l1_services)
string(REPLACE "\n" ";" CDK_L1_SERVICES "${_cdk_l1_services}")
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CDK_CFN_CODEGEN})

foreach(ns IN LISTS CDK_L1_SERVICES)
  set(_dir ${CDK_GENERATED_DIR}/lib/${ns}/generated)
  add_custom_command(
    OUTPUT ${_dir}/cfn_${ns}.hpp ${_dir}/cfn_${ns}.cpp
    COMMAND ${Python3_EXECUTABLE} ${CDK_CFN_CODEGEN} --service ${ns} --out ${CDK_GENERATED_DIR}
    DEPENDS ${CDK_CFN_CODEGEN}
    COMMENT "Generating L1 classes for ${ns}"
    VERBATIM)
  add_library(cdk_l1_${ns} STATIC EXCLUDE_FROM_ALL ${_dir}/cfn_${ns}.cpp ${_dir}/cfn_${ns}.hpp)
  target_include_directories(cdk_l1_${ns} PUBLIC $<BUILD_INTERFACE:${CDK_GENERATED_DIR}>)
  target_link_libraries(cdk_l1_${ns} PUBLIC cdk_cfn)
  cdk_set_warnings(cdk_l1_${ns})
  # Generated code is large and never stepped through: no debug info keeps compile time and size down.
  target_compile_options(cdk_l1_${ns} PRIVATE -g0)
  add_library(cdkpp::l1_${ns} ALIAS cdk_l1_${ns})
endforeach()

# Every namespace's sources in one folder, for the install (cmake/cdk_install.cmake: the namespaces no
# installed library links are installed as sources, compiled on demand in the user's build). One run of
# the generator for all of them (~1 s of CPU), again only when the generator changes.
set(CDK_L1_ALL_DIR ${CMAKE_BINARY_DIR}/generated/l1-all)
add_custom_command(
  OUTPUT ${CDK_L1_ALL_DIR}/stamp
  COMMAND ${Python3_EXECUTABLE} ${CDK_CFN_CODEGEN} --all --out ${CDK_L1_ALL_DIR}
  COMMAND ${CMAKE_COMMAND} -E touch ${CDK_L1_ALL_DIR}/stamp
  DEPENDS ${CDK_CFN_CODEGEN}
  COMMENT "Generating the L1 sources of every namespace (for the install)"
  VERBATIM)
add_custom_target(cdk_l1_sources ALL DEPENDS ${CDK_L1_ALL_DIR}/stamp)

# Installing cdkpp: `cmake --install build --prefix P` (and cpack, cmake/cdk_package.cmake) puts
#   P/bin/{cdkpp,localcloud}                        the programs
#   P/include/cdkpp/<module>/...hpp                 the construct library's headers, same paths as in-tree
#   P/lib/libcdk_*.a                                its static libraries, prebuilt L1 libraries included
#   P/share/cdkpp/l1/<ns>/cfn_<ns>.cpp              the sources of every other L1 library (built on demand)
#   P/lib/cmake/cdkpp/                              the CMake package: cdkpp::<module> targets, cdk_app()
# Decisions and sizes: docs/packaging.md.
#
# Which libraries: the construct library (what an app links), i.e. every cdk_add_library() target whose
# folder is under one of CDK_INSTALLED_MODULE_ROOTS; a new module there (src/lib/<svc>, src/pipelines)
# is installed and exported without an edit here. The toolkit, AWS client and localcloud libraries are
# the programs' internals and are not installed. The L1 libraries those modules link are installed
# prebuilt; every other namespace is installed as generated sources.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(CDK_INSTALLED_MODULE_ROOTS core tokens constructs cfn synth assembly lib pipelines)
set(CDK_INSTALL_INCLUDEDIR ${CMAKE_INSTALL_INCLUDEDIR}/cdkpp)
set(CDK_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/cdkpp)
set(CDK_INSTALL_L1_SOURCEDIR ${CMAKE_INSTALL_DATADIR}/cdkpp/l1)
option(CDK_INSTALL_DEBUG_INFO "Keep debug information in the installed programs and static libraries" OFF)

# cdk_install_name(target out): the exported name of a library: cdk_lib_lambda -> lambda, cdk_core -> core,
# cdk_l1_s3 -> l1_s3, cdk_s3_assets -> s3_assets. Users write cdkpp::<name>.
function(cdk_install_name target out)
  string(REGEX REPLACE "^cdk_(lib_)?" "" name "${target}")
  set(${out} ${name} PARENT_SCOPE)
endfunction()

# cdk_register_install(target): called by cdk_add_library() for every module library. Libraries of the
# construct library are recorded for installation and get their cdkpp::<name> alias in the build tree too,
# so an in-tree example and an installed-package app link the same names.
function(cdk_register_install target)
  file(RELATIVE_PATH rel ${PROJECT_SOURCE_DIR}/src ${CMAKE_CURRENT_SOURCE_DIR})
  string(REGEX MATCH "^[^/]+" root "${rel}")
  if(NOT root IN_LIST CDK_INSTALLED_MODULE_ROOTS)
    return()
  endif()
  cdk_install_name(${target} name)
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${name} CDK_MODULE_DIR ${rel})
  add_library(cdkpp::${name} ALIAS ${target})
  set_property(GLOBAL APPEND PROPERTY CDK_INSTALLED_LIBRARIES ${target})
endfunction()

# The L1 libraries a target links, directly or through other cdk_ libraries.
function(_cdk_l1_closure target out)
  set(seen "")
  set(todo ${target})
  set(l1 "")
  while(todo)
    list(POP_FRONT todo t)
    if(t IN_LIST seen OR NOT TARGET ${t})
      continue()
    endif()
    list(APPEND seen ${t})
    if(t MATCHES "^cdk_l1_")
      list(APPEND l1 ${t})
    endif()
    get_target_property(deps ${t} LINK_LIBRARIES)
    foreach(d IN LISTS deps)
      if(d MATCHES "^cdk_")
        list(APPEND todo ${d})
      endif()
    endforeach()
  endwhile()
  set(${out} ${l1} PARENT_SCOPE)
endfunction()

# cdk_install_package(): the install rules, called once at the end of the top-level CMakeLists.txt (when
# every module has registered).
function(cdk_install_package)
  get_property(libraries GLOBAL PROPERTY CDK_INSTALLED_LIBRARIES)
  # What an installed module links must be installed too (or be a package the config finds): say which
  # edge breaks that, rather than CMake's "not in any export set" at generate time.
  foreach(lib IN LISTS libraries)
    get_target_property(deps ${lib} LINK_LIBRARIES)
    foreach(d IN LISTS deps)
      if(d MATCHES "^cdk_" AND NOT d MATCHES "^cdk_l1_" AND NOT d IN_LIST libraries)
        message(FATAL_ERROR "${lib} is installed (a construct-library module) but links ${d}, which is not: "
                            "the construct library may not link the toolkit, AWS client or localcloud "
                            "(docs/architecture.md); move ${d} under src/{${CDK_INSTALLED_MODULE_ROOTS}} or drop the link")
      endif()
    endforeach()
  endforeach()
  set(prebuilt_l1 "")
  foreach(lib IN LISTS libraries)
    _cdk_l1_closure(${lib} l1)
    list(APPEND prebuilt_l1 ${l1})
  endforeach()
  list(REMOVE_DUPLICATES prebuilt_l1)
  list(SORT prebuilt_l1)
  set(prebuilt_ns "")
  foreach(lib IN LISTS prebuilt_l1)
    string(REGEX REPLACE "^cdk_l1_" "" ns ${lib})
    list(APPEND prebuilt_ns ${ns})
    # Built with `all` so that `cmake --install` finds it; exported as cdkpp::l1_<ns>, the name the on-demand
    # ones have too (a user links cdkpp::l1_<ns> whether a module links it or not).
    set_target_properties(${lib} PROPERTIES EXCLUDE_FROM_ALL OFF EXPORT_NAME l1_${ns})
  endforeach()
  set(on_demand_ns ${CDK_L1_SERVICES})
  list(REMOVE_ITEM on_demand_ns ${prebuilt_ns})

  # What the install copies, to build just that: `cmake --build build --target cdk_installed`.
  add_custom_target(cdk_installed DEPENDS cdkpp localcloud cdk_l1_sources ${libraries} ${prebuilt_l1})

  # Programs.
  install(TARGETS cdkpp localcloud RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)

  # Libraries and their headers (each module's folder, *.hpp only, detail/ included: public headers use it).
  install(TARGETS ${libraries} ${prebuilt_l1} EXPORT cdkpp-targets
          ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT development
          INCLUDES DESTINATION ${CDK_INSTALL_INCLUDEDIR})
  foreach(lib IN LISTS libraries)
    get_target_property(rel ${lib} CDK_MODULE_DIR)
    install(DIRECTORY ${PROJECT_SOURCE_DIR}/src/${rel}/ DESTINATION ${CDK_INSTALL_INCLUDEDIR}/${rel}
            COMPONENT development FILES_MATCHING PATTERN "*.hpp")
  endforeach()

  # Every L1 header, and the sources of the namespaces not prebuilt (generated by cdk_l1_sources).
  install(DIRECTORY ${CDK_L1_ALL_DIR}/lib/ DESTINATION ${CDK_INSTALL_INCLUDEDIR}/lib
          COMPONENT development FILES_MATCHING PATTERN "*.hpp")
  foreach(ns IN LISTS on_demand_ns)
    install(FILES ${CDK_L1_ALL_DIR}/lib/${ns}/generated/cfn_${ns}.cpp
            DESTINATION ${CDK_INSTALL_L1_SOURCEDIR}/${ns} COMPONENT development)
  endforeach()

  # The CMake package.
  install(EXPORT cdkpp-targets NAMESPACE cdkpp:: DESTINATION ${CDK_INSTALL_CMAKEDIR} COMPONENT development)
  set(CDK_L1_ON_DEMAND ${on_demand_ns})
  configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/cdkpp-config.cmake.in
    ${CMAKE_BINARY_DIR}/package/cdkpp-config.cmake
    INSTALL_DESTINATION ${CDK_INSTALL_CMAKEDIR}
    PATH_VARS CDK_INSTALL_L1_SOURCEDIR)
  write_basic_package_version_file(${CMAKE_BINARY_DIR}/package/cdkpp-config-version.cmake
    VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
  install(FILES
    ${CMAKE_BINARY_DIR}/package/cdkpp-config.cmake
    ${CMAKE_BINARY_DIR}/package/cdkpp-config-version.cmake
    ${PROJECT_SOURCE_DIR}/cmake/cdk_app.cmake
    ${PROJECT_SOURCE_DIR}/cmake/cdk_static_runtime.cmake
    ${PROJECT_SOURCE_DIR}/src/core/mimalloc_options.cpp
    DESTINATION ${CDK_INSTALL_CMAKEDIR} COMPONENT development)

  # Debug information out of what was installed (RelWithDebInfo objects are ~90% DWARF), unless
  # -DCDK_INSTALL_DEBUG_INFO=ON. Symbols stay (static libraries need them; programs keep backtraces);
  # `cmake --install --strip` also strips the programs' symbols.
  if(NOT CDK_INSTALL_DEBUG_INFO AND CMAKE_STRIP)
    set(stripped "")
    foreach(t IN LISTS libraries prebuilt_l1)
      list(APPEND stripped "${CMAKE_INSTALL_LIBDIR}/$<TARGET_FILE_NAME:${t}>")
    endforeach()
    foreach(t cdkpp localcloud)
      list(APPEND stripped "${CMAKE_INSTALL_BINDIR}/$<TARGET_FILE_NAME:${t}>")
    endforeach()
    install(CODE "
      foreach(f ${stripped})
        set(p \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/\${f}\")
        if(NOT EXISTS \"\${p}\")
          continue() # not in the component being installed (--component runtime|development)
        endif()
        execute_process(COMMAND \"${CMAKE_STRIP}\" --strip-debug \"\${p}\" RESULT_VARIABLE rc)
        if(NOT rc EQUAL 0)
          message(FATAL_ERROR \"cdkpp install: strip --strip-debug \${p} failed\")
        endif()
      endforeach()" ALL_COMPONENTS)
  endif()
endfunction()

# Third-party dependencies, all from Debian packages (scripts/setup installs them).
find_package(Threads REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(fmt REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(ZLIB REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(CURL REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(GTest REQUIRED)
find_package(benchmark REQUIRED)
# mimalloc (Debian libmimalloc-dev): the allocator of the C++ apps set up with cdk_app() (cmake/cdk_app.cmake).
find_package(mimalloc CONFIG QUIET)

# The C and C++ libraries the modules link, as cdk_dep_<name> targets: shared for every target, static
# (the Debian .a) for a program that calls cdk_static_runtime() (cmake/cdk_static_runtime.cmake), so
# its start maps and relocates fewer shared objects (docs/performance.md, "Start-up").
option(CDK_STATIC_RUNTIME "Link the programs (cdkpp, localcloud) with static libstdc++, OpenSSL libcrypto, \
zlib, SQLite and yaml-cpp; OFF links them against the shared libraries" ON)
function(cdk_dependency name shared static_name)
  add_library(cdk_dep_${name} INTERFACE)
  find_library(CDK_${name}_STATIC_LIBRARY NAMES ${static_name} NO_CACHE)
  if(CDK_STATIC_RUNTIME AND CDK_${name}_STATIC_LIBRARY)
    get_target_property(includes ${shared} INTERFACE_INCLUDE_DIRECTORIES)
    target_include_directories(cdk_dep_${name} INTERFACE ${includes})
    target_link_libraries(cdk_dep_${name} INTERFACE
      "$<IF:$<BOOL:$<TARGET_PROPERTY:CDK_STATIC_RUNTIME>>,${CDK_${name}_STATIC_LIBRARY},${shared}>")
  else()
    target_link_libraries(cdk_dep_${name} INTERFACE ${shared})
  endif()
endfunction()
cdk_dependency(crypto OpenSSL::Crypto libcrypto.a)
cdk_dependency(zlib ZLIB::ZLIB libz.a)
cdk_dependency(sqlite3 SQLite::SQLite3 libsqlite3.a)
cdk_dependency(yaml_cpp yaml-cpp libyaml-cpp.a)

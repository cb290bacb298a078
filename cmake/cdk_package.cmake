# The Debian package: `cd build && cpack -G DEB` writes cdkpp_<version>_amd64.deb from the install rules
# (cmake/cdk_install.cmake) under /usr. docs/packaging.md has what it holds and what it takes.
set(CPACK_PACKAGE_NAME cdkpp)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR cdkpp)
set(CPACK_PACKAGE_CONTACT "cdkpp maintainers <cdkpp@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "AWS CDK v2 multi-account workflow in C++: construct library, cdkpp CLI, localcloud")
set(CPACK_PACKAGE_DESCRIPTION
    "cdkpp writes CDK apps in C++: the construct library (static libraries, headers and a CMake package, \
find_package(cdkpp)), the cdkpp command-line toolkit (init, synth, bootstrap, deploy, diff, destroy) and \
localcloud, a local multi-account AWS-compatible cloud.")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# The programs lose their symbols too (the install step already took every file's debug information).
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE amd64)
# What the programs link (libc, libm): dpkg-shlibdeps. libcurl4 is loaded with dlopen() on the first AWS
# request (src/aws/http/curl_api.hpp), so no tool sees it: named here. The CMake package's
# find_dependency(nlohmann_json) needs its config file, which only the -dev package has.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libcurl4, nlohmann-json3-dev (>= 3.11)")
# Building an app against the package; cdk_app() uses mimalloc when it is there; `cdkpp init` runs git.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "cmake (>= 3.25), g++ (>= 4:12), make | ninja-build, libmimalloc-dev, git")
# Lambda functions run by localcloud: Node.js and Python handlers.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "nodejs, python3")
include(CPack)

# cdk_static_runtime(target): links a program with static libstdc++/libgcc and the static builds of the
# cdk_dep_<name> libraries (cmake/deps.cmake), leaving libc, libm and what is dlopen()ed (libcurl) shared.
# For the project's programs only: they load no other C++ shared object, so one libstdc++ and one libcrypto
# copy is all the process has until libcurl loads its own (which nothing else shares state with).
# Measured in docs/performance.md ("Start-up"); -DCDK_STATIC_RUNTIME=OFF turns it off.
function(cdk_static_runtime target)
  if(CDK_STATIC_RUNTIME AND NOT CDK_SANITIZE)
    set_target_properties(${target} PROPERTIES CDK_STATIC_RUNTIME ON)
    target_link_options(${target} PRIVATE -static-libstdc++ -static-libgcc)
    # A position-dependent executable: the loader applies none of the ~27,000 relative relocations of
    # a PIE of this size, and their pages are not copied on write (cdkpp --version: 266 -> 151 page
    # faults, 3.7 -> 2.4 ms; docs/performance.md, "Start-up"). The price is a fixed load address for
    # the program itself (shared libraries, stack and heap stay randomized), as with Go's binaries.
    target_link_options(${target} PRIVATE -no-pie)
  endif()
endfunction()

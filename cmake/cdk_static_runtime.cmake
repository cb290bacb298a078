# cdk_static_runtime(target): links a program with static libstdc++/libgcc and the static builds of the
# cdk_dep_<name> libraries (cmake/deps.cmake), leaving libc, libm and what is dlopen()ed (libcurl) shared.
# For the project's programs only: they load no other C++ shared object, so one libstdc++ and one libcrypto
# copy is all the process has until libcurl loads its own (which nothing else shares state with).
# Measured in docs/performance.md ("Start-up"); -DCDK_STATIC_RUNTIME=OFF turns it off.
function(cdk_static_runtime target)
  if(CDK_STATIC_RUNTIME AND NOT CDK_SANITIZE)
    set_target_properties(${target} PROPERTIES CDK_STATIC_RUNTIME ON)
    target_link_options(${target} PRIVATE -static-libstdc++ -static-libgcc)
  endif()
endfunction()

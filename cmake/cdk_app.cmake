# cdk_app(target): the recommended set-up of a C++ cdkpp app (examples/ and bench/ use it; so do apps built
# against the installed package, whose cdkpp-config.cmake includes this file):
#  - the static runtime of the programs (cdk_static_runtime: static libstdc++, libgcc, libcrypto), so the
#    app starts without relocating shared C++ and OpenSSL libraries;
#  - mimalloc as the process's allocator, when Debian's libmimalloc-dev is installed: synthesis allocates
#    and frees a JSON node per value (nlohmann::json), and mimalloc does it in about a third of glibc's
#    instructions (bench/synth apps: 26% fewer instructions in all; docs/performance.md, "Synthesis"),
#    with large OS pages by default (a tenth of the page faults);
#  - a position-dependent executable (-no-pie): no relative relocations to apply at start and no copied
#    .data.rel.ro pages (~100 fewer page faults per run). An app neither holds credentials nor parses
#    network input, so its fixed load address costs nothing; cdkpp and localcloud stay PIE
#    (docs/performance.md, "Start-up", Decisions);
# Only for apps that load no other C++ or OpenSSL shared library of their own (a second copy of either
# would not share state with ours). -DCDK_APP_MIMALLOC=OFF keeps glibc's malloc; sanitizer builds do too.
option(CDK_APP_MIMALLOC "Link the C++ apps set up with cdk_app() with mimalloc" ON)
function(cdk_app target)
  cdk_static_runtime(${target})
  if(CDK_STATIC_RUNTIME AND NOT CDK_SANITIZE)
    target_link_options(${target} PRIVATE -no-pie)
  endif()
  if(CDK_APP_MIMALLOC AND TARGET mimalloc AND NOT CDK_SANITIZE)
    # The linker resolves malloc/free/new to the first library defining them: mimalloc, before libc.
    target_link_libraries(${target} PRIVATE mimalloc)
    # Large OS pages by default (src/core/mimalloc_options.cpp says why).
    target_sources(${target} PRIVATE ${CDK_MIMALLOC_OPTIONS_SOURCE})
  endif()
endfunction()

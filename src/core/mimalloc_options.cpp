// Compiled into the apps that cdk_app() links with mimalloc (cmake/cdk_app.cmake), not into cdk_core.
//
// Synthesis touches a few MB of fresh heap once; with 4 KiB pages that is ~2,300 page faults (~15% of
// the bench apps' time). Large OS pages (2 MiB, transparent huge pages through madvise) take it to ~230.
// Set as a default, so MIMALLOC_LARGE_OS_PAGES=0 in the environment still turns it off.
#include <mimalloc.h>

namespace {

const bool kLargeOsPages = [] {
    mi_option_set_enabled_default(mi_option_large_os_pages, true);
    return true;
}();

} // namespace

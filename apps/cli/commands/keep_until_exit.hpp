#pragma once

#include <cstdlib>
#include <cstring>
#include <type_traits>
#include <utility>

namespace cdk::cli {

/// Whether a command may leave what it read (the assembly, its manifests and stacks) to the process exit
/// instead of destroying it: freeing thousands of strings and JSON nodes one by one only delays the exit,
/// and the kernel takes the memory back at once (as App does after a toolkit synth, see
/// docs/performance.md). Never in sanitizer builds (LeakSanitizer must see a clean exit), nor with
/// `CDKPP_FREE_TREE=1`.
inline bool release_at_exit() {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    return false;
#else
    const char* free_tree = std::getenv("CDKPP_FREE_TREE");
    return free_tree == nullptr || std::strcmp(free_tree, "1") != 0;
#endif
}

/// Moves `value` somewhere it is never destroyed when release_at_exit(); otherwise leaves it to its
/// owner. Only for what a command holds until it returns its exit code.
template <typename T> void keep_until_exit(T& value) {
    if (release_at_exit()) {
        // Deliberately never deleted: the process is about to exit.
        static_cast<void>(new std::remove_cvref_t<T>(std::move(value)));
    }
}

} // namespace cdk::cli

#pragma once

#include <cstddef>
#include <functional>
#include <vector>

/// The threads synthesis uses (docs/performance.md, "Synthesis"): what runs in parallel is independent
/// once the app is prepared, and errors are reported as a sequential run would report them.
namespace cdk::detail {

/// From this many constructs in an app, its tree.json, its stacks and the elements of a big stack are
/// worth threads of their own (below, a second thread costs more than it brings: glibc's malloc takes its
/// arena locks on every call once a process has had two threads).
inline constexpr std::size_t kParallelConstructsFrom = 2000;

/// From this many template elements (in a stack, or in an app for the references pass), they are resolved
/// in chunks on several threads.
inline constexpr std::size_t kParallelElementsFrom = 1000;

/// The size of the chunks `n` elements are cut into for `threads` threads: about eight chunks per thread
/// (at least 32 elements each), taken in turn, so a thread that meets slower elements or page faults does
/// not leave the others idle at the end, as one chunk per thread did.
[[nodiscard]] inline std::size_t chunk_size(std::size_t n, std::size_t threads) {
    if (threads <= 1) {
        return n == 0 ? 1 : n;
    }
    const std::size_t chunks = threads * 8;
    const std::size_t size = (n + chunks - 1) / chunks;
    return size < 32 ? 32 : size;
}

/// CDKPP_SYNTH_THREADS if set (1 turns threading off), else one more than the number of cores (cores capped
/// at 8; one core: 1).
[[nodiscard]] unsigned synth_threads();

/// Runs every job on up to `threads` threads (the caller's among them). When jobs fail, the exception of
/// the first failing job in order is rethrown, as running them one after the other would have (jobs after
/// a failure are not started).
void run_jobs(const std::vector<std::function<void()>>& jobs, unsigned threads);

} // namespace cdk::detail

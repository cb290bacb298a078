#include "synth/detail/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <exception>
#include <thread>

namespace cdk::detail {

unsigned synth_threads() {
    if (const char* v = std::getenv("CDKPP_SYNTH_THREADS"); v != nullptr && *v != '\0') {
        char* end = nullptr;
        const unsigned long n = std::strtoul(v, &end, 10);
        if (end != nullptr && *end == '\0' && n >= 1) {
            return static_cast<unsigned>(std::min<unsigned long>(n, 64));
        }
    }
    // hardware_concurrency() reads /sys/devices/system/cpu/online on every call: once per process.
    static const unsigned cores = std::clamp(std::thread::hardware_concurrency(), 1U, 8U);
    return cores;
}

void run_jobs(const std::vector<std::function<void()>>& jobs, unsigned threads) {
    if (threads <= 1 || jobs.size() <= 1) {
        for (const auto& job : jobs) {
            job();
        }
        return;
    }
    std::vector<std::exception_ptr> errors(jobs.size());
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    // Jobs are taken in order, so when one fails every job before it has started and is let finish.
    const auto work = [&] {
        for (std::size_t i = next++; i < jobs.size() && !failed; i = next++) {
            try {
                jobs[i]();
            } catch (...) {
                errors[i] = std::current_exception();
                failed = true;
            }
        }
    };
    std::vector<std::thread> pool;
    const auto extra = std::min<std::size_t>(threads, jobs.size()) - 1;
    for (std::size_t t = 0; t < extra; ++t) {
        pool.emplace_back(work);
    }
    work();
    for (auto& t : pool) {
        t.join();
    }
    for (const auto& e : errors) {
        if (e) {
            std::rethrow_exception(e);
        }
    }
}

} // namespace cdk::detail

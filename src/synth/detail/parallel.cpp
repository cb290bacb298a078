#include "synth/detail/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <thread>

namespace cdk::detail {
namespace {

/// The threads run_jobs lends work to, started on first use and kept for the life of the process.
///
/// A synthesis calls run_jobs several times (the references pass, then the assemblies, then a big stack's
/// elements). Starting threads for each call cost ~0.2 ms of clone() on the caller's path every time, and
/// each new thread began with a fresh allocator heap (fresh pages to fault in). The pool's workers are
/// started once and reused; their heaps stay warm.
///
/// One batch at a time: a run_jobs called while a batch is running (from a job, or from another thread)
/// gets no help from the pool and starts threads of its own, as before.
class WorkerPool {
public:
    static WorkerPool& instance() {
        // Never destroyed: workers may still be parked in wait() when static destructors run, and the
        // process exits under them (as it does under any thread it did not join).
        static auto* pool = new WorkerPool();
        return *pool;
    }

    /// Runs `work` on the caller and on up to `helpers` workers; returns when all are done. False, without
    /// running anything, when the pool is busy with another batch.
    bool run(const std::function<void()>& work, std::size_t helpers) {
        std::unique_lock lock(mutex_);
        if (busy_) {
            return false;
        }
        busy_ = true;
        while (workers_.size() < helpers) {
            workers_.emplace_back([this] { serve(); });
        }
        work_ = &work;
        wanted_ = helpers;
        running_ = 0;
        ++generation_;
        lock.unlock();
        wake_.notify_all();
        work();
        lock.lock();
        // Workers that had not taken a share yet do not start one: the work is drained.
        wanted_ = 0;
        done_.wait(lock, [this] { return running_ == 0; });
        work_ = nullptr;
        busy_ = false;
        return true;
    }

private:
    WorkerPool() = default;

    void serve() {
        std::uint64_t seen = 0;
        std::unique_lock lock(mutex_);
        for (;;) {
            wake_.wait(lock, [&] { return generation_ != seen && wanted_ > 0; });
            seen = generation_;
            --wanted_;
            ++running_;
            const std::function<void()>* work = work_;
            lock.unlock();
            (*work)();
            lock.lock();
            if (--running_ == 0) {
                done_.notify_all();
            }
        }
    }

    std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable done_;
    std::vector<std::thread> workers_;
    const std::function<void()>* work_ = nullptr;
    std::uint64_t generation_ = 0;
    std::size_t wanted_ = 0;
    std::size_t running_ = 0;
    bool busy_ = false;
};

} // namespace

unsigned synth_threads() {
    if (const char* v = std::getenv("CDKPP_SYNTH_THREADS"); v != nullptr && *v != '\0') {
        char* end = nullptr;
        const unsigned long n = std::strtoul(v, &end, 10);
        if (end != nullptr && *end == '\0' && n >= 1) {
            return static_cast<unsigned>(std::min<unsigned long>(n, 64));
        }
    }
    // hardware_concurrency() reads /sys/devices/system/cpu/online on every call: once per process.
    // One thread more than cores: writing an assembly sleeps in the kernel (creating the nested
    // directories locks their common parent; page faults and mmap take the address space's lock), and a
    // spare thread runs while one sleeps. On 2 cores, 3 threads took stages200 from 29.6 to 26.0 ms and
    // resources2000 from 23.8 to 21.5 ms (medians of 21 interleaved runs; docs/performance.md).
    static const unsigned threads = [] {
        const unsigned cores = std::clamp(std::thread::hardware_concurrency(), 1U, 8U);
        return cores == 1 ? 1U : cores + 1;
    }();
    return threads;
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
    const std::function<void()> work = [&] {
        for (std::size_t i = next++; i < jobs.size() && !failed; i = next++) {
            try {
                jobs[i]();
            } catch (...) {
                errors[i] = std::current_exception();
                failed = true;
            }
        }
    };
    const auto extra = std::min<std::size_t>(threads, jobs.size()) - 1;
    if (!WorkerPool::instance().run(work, extra)) {
        std::vector<std::thread> pool;
        for (std::size_t t = 0; t < extra; ++t) {
            pool.emplace_back(work);
        }
        work();
        for (auto& t : pool) {
            t.join();
        }
    }
    for (const auto& e : errors) {
        if (e) {
            std::rethrow_exception(e);
        }
    }
}

} // namespace cdk::detail

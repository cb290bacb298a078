#pragma once

#include <cstdlib>

namespace cdk::test_support {

/// Sets CDKPP_SYNTH_THREADS for the scope of a test.
class ThreadsEnv {
public:
    explicit ThreadsEnv(const char* value) { ::setenv("CDKPP_SYNTH_THREADS", value, 1); }
    ~ThreadsEnv() { ::unsetenv("CDKPP_SYNTH_THREADS"); }
    ThreadsEnv(const ThreadsEnv&) = delete;
    ThreadsEnv& operator=(const ThreadsEnv&) = delete;
};

} // namespace cdk::test_support

#pragma once

#include <string>
#include <sys/types.h>

namespace cdk::aws::testing {

/// A `moto_server` process on a free loopback port, started on first use and stopped when the test
/// program exits. Tests reach it at http://localhost:PORT. Skips (GTEST_SKIP) are not used: if moto_server
/// cannot start, `url()` is empty and the test fails with the reason.
class MotoServer {
public:
    /// The shared instance (starts it on first call).
    static MotoServer& instance();
    ~MotoServer();

    [[nodiscard]] const std::string& url() const { return url_; }
    [[nodiscard]] const std::string& failure() const { return failure_; }

private:
    MotoServer();

    pid_t pid_ = -1;
    std::string url_;
    std::string failure_;
};

} // namespace cdk::aws::testing

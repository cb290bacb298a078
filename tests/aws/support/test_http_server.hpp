#pragma once

#include "aws/sigv4/http_message.hpp"

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>

namespace cdk::aws::testing {

/// What the test server does with one request.
struct Reply {
    int status = 200;
    Headers headers;
    std::string body;
    bool reset = false;                 ///< close the connection with a TCP reset instead of answering
    std::chrono::milliseconds delay{0}; ///< wait this long before answering
};

/// A loopback HTTP/1.1 server for tests: one connection at a time, `Connection: close`, a handler decides
/// each reply (answer, delay, or reset), so tests can inject faults.
class TestHttpServer {
public:
    explicit TestHttpServer(std::function<Reply(const ClientRequest&)> handler);
    ~TestHttpServer();
    TestHttpServer(const TestHttpServer&) = delete;
    TestHttpServer& operator=(const TestHttpServer&) = delete;

    [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    [[nodiscard]] int request_count() const { return count_; }

private:
    void run();
    void serve(int fd);

    std::function<Reply(const ClientRequest&)> handler_;
    int listen_fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    std::atomic<int> count_{0};
    std::thread thread_;
};

/// A free TCP port on loopback (bound and released).
[[nodiscard]] int free_port();

} // namespace cdk::aws::testing

#pragma once

#include "core/result.hpp"
#include "localcloud/server/http_message.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>

namespace cdk::localcloud {

/// A small HTTP/1.1 server on a loopback address: one thread per connection (bounded), keep-alive,
/// `Expect: 100-continue`, Content-Length and chunked bodies, large bodies spooled to disk while their
/// SHA-256 is computed, file-backed responses streamed. `stop()` may be called from any thread; it stops
/// accepting, lets in-flight requests finish, and returns from `serve()`.
class HttpServer {
public:
    using Handler = std::function<HttpResponse(HttpRequest&)>;

    struct Options {
        std::string host = "127.0.0.1";
        int port = 4566;
        /// Bodies larger than this are written to a file in `spool_dir` instead of memory.
        std::uint64_t spool_threshold = 1024 * 1024;
        std::filesystem::path spool_dir;
        int max_connections = 512;
    };

    HttpServer(Options options, Handler handler);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /// Binds and listens; with port 0 the kernel picks one (see `port()`).
    [[nodiscard]] Result<void> listen();
    /// The bound port (after `listen()`).
    [[nodiscard]] int port() const { return port_; }
    /// Accepts connections until `stop()`; returns after in-flight connections have ended.
    void serve();
    /// Asks the server to stop; async-signal-safe.
    void stop();

private:
    void handle_connection(int fd);

    Options options_;
    Handler handler_;
    int listen_fd_ = -1;
    int wake_pipe_[2] = {-1, -1};
    int port_ = 0;
    std::atomic<bool> stopping_{false};
    std::atomic<std::uint64_t> spool_counter_{0};
    std::mutex mutex_;
    std::condition_variable idle_;
    int active_ = 0;
};

} // namespace cdk::localcloud

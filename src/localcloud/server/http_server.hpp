#pragma once

#include "core/result.hpp"
#include "localcloud/server/http_message.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace cdk::localcloud {

/// What the server does with a request whose head is in, before it reads the body (see `Options::admit`).
struct Admission {
    /// When set, the server answers this and closes the connection without reading the body.
    std::optional<ServerResponse> reject;
    /// The largest body read for this request; a longer one is answered with `too_large`.
    std::uint64_t max_body = 0;
    ServerResponse too_large;
    /// Whether the request's signature was verified from its head. A large body of a request that is not
    /// authenticated yet is read only within `Options::unauthenticated_readers`.
    bool authenticated = false;
};

/// A small HTTP/1.1 server on a loopback address, built to survive hostile clients.
///
/// One event-loop thread owns every connection that is idle or still sending its head (and a small body):
/// those cost a file descriptor and a buffer, not a thread. A request whose head is complete goes to a fixed
/// pool of worker threads, which read the body (spooled to disk above `spool_threshold`, SHA-256 computed on
/// the way), call the handler and write the response; the connection then returns to the loop. Limits:
/// open connections (beyond them the oldest connection still in the loop is closed, else 503), head line,
/// count and size (`HeadLimits`: 414/431/400), a deadline for the whole head from its first byte (408), a
/// floor on the body and response rate, and per-request body limits from `admit`. `stop()` may be called
/// from any thread or a signal handler: the loop closes every connection it owns at once, requests in the
/// workers are answered or cut within `stop_grace`, and `serve()` returns.
class HttpServer {
public:
    using Handler = std::function<ServerResponse(ServerRequest&)>;
    /// Called on a worker after the head is parsed. `large_body` is true when the body is still on the wire
    /// (chunked, or longer than `buffered_body`): the place to authenticate before reading it.
    using Admit = std::function<Admission(ServerRequest&, bool large_body)>;

    struct Options {
        std::string host = "127.0.0.1";
        int port = 4566;
        /// Bodies larger than this are written to a file in `spool_dir` instead of memory.
        std::uint64_t spool_threshold = 1024 * 1024;
        std::filesystem::path spool_dir;
        /// Open connections, all states; capped further by RLIMIT_NOFILE.
        int max_connections = 2048;
        int workers = 48;
        /// Requests reading a large body before authentication, at most (the rest are answered 503).
        int unauthenticated_readers = 8;
        HeadLimits head_limits;
        /// Bodies up to this size (Content-Length) are read by the event loop with the head.
        std::uint64_t buffered_body = 64 * 1024;
        /// Bytes the loop may hold for all its connections; beyond it, the connection holding most is closed.
        std::uint64_t loop_budget = 64 * 1024 * 1024;
        /// From the first byte of a request to the end of its head (and buffered body).
        std::chrono::milliseconds head_timeout{10000};
        /// A keep-alive connection with no request for this long is closed.
        std::chrono::milliseconds idle_timeout{60000};
        /// A body or a response gets `transfer_grace` plus one second per `min_rate` bytes.
        std::chrono::milliseconds transfer_grace{30000};
        std::uint64_t min_rate = 64 * 1024;
        /// After `stop()`, how long a request in a worker may still take to be answered.
        std::chrono::milliseconds stop_grace{500};
        /// Without an `admit`, every request may have a body this large.
        std::uint64_t max_body = 5ULL * 1024 * 1024 * 1024;
        Admit admit;
    };

    HttpServer(Options options, Handler handler);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /// Binds and listens; with port 0 the kernel picks one (see `port()`).
    [[nodiscard]] Result<void> listen();
    /// The bound port (after `listen()`).
    [[nodiscard]] int port() const { return port_; }
    /// Serves until `stop()`; returns after the workers have ended.
    void serve();
    /// Asks the server to stop; async-signal-safe.
    void stop();

    /// A connection, with the bytes read from it and not yet consumed.
    struct Conn {
        int fd = -1;
        std::string buffer;
        /// When the current request's first byte arrived, or when the connection became idle.
        std::chrono::steady_clock::time_point since;
        bool started = false;
        /// Answered and to be closed gracefully by the loop.
        bool linger = false;
        /// Given back by a worker that put it into the loop's epoll set itself (nothing buffered): the loop
        /// adopts it when it next wakes, without being woken for it.
        bool watched = false;
    };

private:
    struct Job {
        Conn conn;
        ServerRequest request;
        RequestHead head;
    };

    enum class Outcome { Close, Linger, KeepAlive };

    /// One worker thread, waiting for a job handed to it (`job`) while it is on the idle stack.
    struct Worker {
        std::condition_variable wake;
        std::optional<Job> job;
    };

    void loop();
    void work(Worker& self);
    Outcome handle(Job& job);
    void give_back(Conn conn);

    Options options_;
    Handler handler_;
    int listen_fd_ = -1;
    int wake_pipe_[2] = {-1, -1};
    int port_ = 0;
    int connection_cap_ = 0;
    std::atomic<bool> stopping_{false};
    std::atomic<std::int64_t> stop_at_ms_{0};
    std::atomic<std::uint64_t> spool_counter_{0};
    std::atomic<int> open_{0};
    std::atomic<int> unauthenticated_{0};
    /// The loop's epoll descriptor (-1 when it is not running); workers add kept-alive connections to it.
    std::atomic<int> epoll_fd_{-1};
    std::mutex mutex_;
    /// Jobs no idle worker took (every worker busy), oldest first.
    std::deque<Job> jobs_;
    /// Idle workers, the one that went idle last on top: it gets the next job, its stack and heap still in
    /// the cache (a FIFO hand-off spreads consecutive requests over every thread of the pool).
    std::vector<Worker*> idle_;
    std::vector<std::unique_ptr<Worker>> worker_slots_;
    std::vector<Conn> returned_;
    std::vector<std::thread> workers_;
};

} // namespace cdk::localcloud

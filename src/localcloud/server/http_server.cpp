#include "localcloud/server/http_server.hpp"

#include "core/assert.hpp"
#include "core/strings.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

namespace cdk::localcloud {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr int kPollSliceMs = 100;
constexpr std::size_t kMaxChunkLine = 4096;

std::int64_t now_ms() {
    return std::chrono::duration_cast<milliseconds>(Clock::now().time_since_epoch()).count();
}

const char* reason_phrase(int status) {
    switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 416: return "Range Not Satisfiable";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Status";
    }
}

ServerResponse plain_error(int status, std::string_view message) {
    ServerResponse r;
    r.status = status;
    r.body = std::string(message) + "\n";
    r.set_header("Content-Type", "text/plain");
    return r;
}

std::string response_head(const ServerResponse& response, bool keep_alive) {
    std::string head = fmt::format("HTTP/1.1 {} {}\r\n", response.status, reason_phrase(response.status));
    bool has_length = false;
    for (const auto& [k, v] : response.headers) {
        if (strings::to_lower(k) == "content-length") has_length = true;
        head += response_header_value(k) + ": " + response_header_value(v) + "\r\n";
    }
    const std::uint64_t length = response.body_file.empty() ? response.body.size() : response.file_length;
    if (!has_length) head += fmt::format("Content-Length: {}\r\n", length);
    head += keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
    return head;
}

/// Best effort, never blocks: for the short answers the event loop gives before it closes a connection.
void send_now(int fd, std::string_view data) {
    [[maybe_unused]] const ssize_t n = ::send(fd, data.data(), data.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
}

void answer_and_close(int fd, int status, std::string_view message) {
    send_now(fd, response_head(plain_error(status, message), false) + std::string(message) + "\n");
    ::close(fd);
}

/// Why a read or write on a worker's connection stopped.
enum class Io { Ok, Closed, Timeout, Stopped, Malformed, TooLarge };

/// A worker's side of a connection: bytes the loop already read come first; every wait is bounded by a
/// deadline and by the server stopping.
class Wire {
public:
    Wire(HttpServer::Conn& conn, const std::atomic<bool>& stopping, const std::atomic<std::int64_t>& stop_at,
         milliseconds stop_grace)
        : conn_(conn), stopping_(stopping), stop_at_(stop_at), stop_grace_(stop_grace) {}

    Io fill(Clock::time_point deadline) {
        while (true) {
            if (stopping_.load()) return Io::Stopped;
            const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
            if (left <= 0) return Io::Timeout;
            pollfd p{conn_.fd, POLLIN, 0};
            const int r = ::poll(&p, 1, static_cast<int>(std::min<std::int64_t>(left, kPollSliceMs)));
            if (r < 0 && errno == EINTR) continue;
            if (r < 0) return Io::Closed;
            if (r == 0) continue;
            char chunk[65536];
            const ssize_t n = ::recv(conn_.fd, chunk, sizeof chunk, MSG_DONTWAIT);
            if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) continue;
            if (n <= 0) return Io::Closed;
            compact();
            conn_.buffer.append(chunk, static_cast<std::size_t>(n));
            return Io::Ok;
        }
    }

    /// One CRLF-terminated line of at most `max` bytes.
    Io read_line(std::string& line, std::size_t max, Clock::time_point deadline) {
        std::size_t from = pos_;
        while (true) {
            const std::size_t eol = conn_.buffer.find("\r\n", from);
            if (eol != std::string::npos) {
                if (eol - pos_ > max) return Io::Malformed;
                line.assign(conn_.buffer, pos_, eol - pos_);
                pos_ = eol + 2;
                return Io::Ok;
            }
            if (conn_.buffer.size() - pos_ > max) return Io::Malformed;
            from = std::max(pos_, conn_.buffer.size() == 0 ? 0 : conn_.buffer.size() - 1);
            const std::size_t before = pos_;
            if (const Io r = fill(deadline); r != Io::Ok) return r;
            from -= before - pos_; // fill may have compacted the buffer
        }
    }

    Io read_some(char* out, std::size_t max, std::size_t& n, Clock::time_point deadline) {
        if (pos_ == conn_.buffer.size()) {
            conn_.buffer.clear();
            pos_ = 0;
            if (const Io r = fill(deadline); r != Io::Ok) return r;
        }
        n = std::min(max, conn_.buffer.size() - pos_);
        std::memcpy(out, conn_.buffer.data() + pos_, n);
        pos_ += n;
        return Io::Ok;
    }

    /// Writes everything by `deadline`; after `stop()` only within the stop grace.
    bool write_all(std::string_view data, Clock::time_point deadline) {
        while (!data.empty()) {
            if (stopping_.load() && now_ms() > stop_at_.load() + stop_grace_.count()) return false;
            const ssize_t n = ::send(conn_.fd, data.data(), data.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
            if (n > 0) {
                data.remove_prefix(static_cast<std::size_t>(n));
                continue;
            }
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return false;
            if (Clock::now() >= deadline) return false;
            pollfd p{conn_.fd, POLLOUT, 0};
            if (::poll(&p, 1, kPollSliceMs) < 0 && errno != EINTR) return false;
        }
        return true;
    }

    /// The bytes after what was consumed (a pipelined next request), for the event loop.
    void hand_back() {
        conn_.buffer.erase(0, pos_);
        pos_ = 0;
    }

private:
    void compact() {
        if (pos_ > 65536) {
            conn_.buffer.erase(0, pos_);
            pos_ = 0;
        }
    }

    HttpServer::Conn& conn_;
    const std::atomic<bool>& stopping_;
    const std::atomic<std::int64_t>& stop_at_;
    milliseconds stop_grace_;
    std::size_t pos_ = 0;
};

/// Receives body bytes into memory or a spool file, hashing them as they pass.
class BodySink {
public:
    BodySink(ServerRequest& request, std::uint64_t threshold, std::filesystem::path spool_path)
        : request_(request), threshold_(threshold), spool_path_(std::move(spool_path)),
          ctx_(EVP_MD_CTX_new()) {
        EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr);
    }
    ~BodySink() {
        if (file_ != nullptr) std::fclose(file_);
        EVP_MD_CTX_free(ctx_);
    }
    BodySink(const BodySink&) = delete;
    BodySink& operator=(const BodySink&) = delete;

    bool append(const char* data, std::size_t n) {
        EVP_DigestUpdate(ctx_, data, n);
        request_.body_size += n;
        if (file_ == nullptr && request_.body.size() + n > threshold_) {
            file_ = std::fopen(spool_path_.c_str(), "wb");
            if (file_ == nullptr) return false;
            request_.body_file = spool_path_;
            if (!request_.body.empty() &&
                std::fwrite(request_.body.data(), 1, request_.body.size(), file_) != request_.body.size()) {
                return false;
            }
            request_.body.clear();
            request_.body.shrink_to_fit();
        }
        if (file_ != nullptr) return std::fwrite(data, 1, n, file_) == n;
        request_.body.append(data, n);
        return true;
    }

    bool finish() {
        unsigned char digest[32];
        unsigned int len = 0;
        EVP_DigestFinal_ex(ctx_, digest, &len);
        request_.body_sha256 = strings::to_hex(std::string_view(reinterpret_cast<const char*>(digest), len));
        if (file_ != nullptr) {
            const bool ok = std::fflush(file_) == 0;
            std::fclose(file_);
            file_ = nullptr;
            return ok;
        }
        return true;
    }

private:
    ServerRequest& request_;
    std::uint64_t threshold_;
    std::filesystem::path spool_path_;
    EVP_MD_CTX* ctx_;
    std::FILE* file_ = nullptr;
};

Io read_fixed_body(Wire& wire, BodySink& sink, std::uint64_t length, Clock::time_point deadline) {
    char chunk[65536];
    while (length > 0) {
        const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(length, sizeof chunk));
        std::size_t n = 0;
        if (const Io r = wire.read_some(chunk, want, n, deadline); r != Io::Ok) return r;
        if (!sink.append(chunk, n)) return Io::Closed;
        length -= n;
    }
    return Io::Ok;
}

/// Chunked transfer coding. The deadline moves with the bytes received, at the minimum rate only.
Io read_chunked_body(Wire& wire, BodySink& sink, std::uint64_t max_body, Clock::time_point start,
                     milliseconds grace, std::uint64_t min_rate) {
    std::string line;
    std::uint64_t total = 0;
    const auto deadline = [&] {
        return start + grace + milliseconds(total * 1000 / std::max<std::uint64_t>(min_rate, 1));
    };
    while (true) {
        if (const Io r = wire.read_line(line, kMaxChunkLine, deadline()); r != Io::Ok) return r;
        const auto size = parse_chunk_size(line);
        if (!size) return Io::Malformed;
        if (*size == 0) {
            std::size_t trailers = 0;
            while (true) {
                if (const Io r = wire.read_line(line, kMaxChunkLine, deadline()); r != Io::Ok) return r;
                if (line.empty()) return Io::Ok;
                if (++trailers > 64) return Io::Malformed;
            }
        }
        if (*size > max_body - total) return Io::TooLarge;
        if (const Io r = read_fixed_body(
                wire, sink, *size,
                start + grace + milliseconds((total + *size) * 1000 / std::max<std::uint64_t>(min_rate, 1)));
            r != Io::Ok) {
            return r;
        }
        total += *size;
        if (const Io r = wire.read_line(line, kMaxChunkLine, deadline()); r != Io::Ok) return r;
        if (!line.empty()) return Io::Malformed;
    }
}

/// Releases a slot of the unauthenticated large-body readers when it goes out of scope.
class Slot {
public:
    explicit Slot(std::atomic<int>* counter) : counter_(counter) {}
    ~Slot() {
        if (counter_ != nullptr) counter_->fetch_sub(1);
    }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;

private:
    std::atomic<int>* counter_;
};

} // namespace

HttpServer::HttpServer(Options options, Handler handler)
    : options_(std::move(options)), handler_(std::move(handler)) {}

HttpServer::~HttpServer() {
    if (listen_fd_ >= 0) ::close(listen_fd_);
    if (wake_pipe_[0] >= 0) ::close(wake_pipe_[0]);
    if (wake_pipe_[1] >= 0) ::close(wake_pipe_[1]);
}

Result<void> HttpServer::listen() {
    if (::pipe2(wake_pipe_, O_CLOEXEC | O_NONBLOCK) != 0) {
        return make_error("ServerStartFailed", "cannot create the wake pipe");
    }
    // Every connection is a descriptor: take what the hard limit allows, and stay below it.
    rlimit files{};
    if (::getrlimit(RLIMIT_NOFILE, &files) == 0) {
        files.rlim_cur = files.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &files);
        ::getrlimit(RLIMIT_NOFILE, &files);
    }
    const auto spare = static_cast<rlim_t>(128 + options_.workers);
    const int by_files =
        files.rlim_cur > spare * 2 ? static_cast<int>(std::min<rlim_t>(files.rlim_cur - spare, 1 << 20)) : 64;
    connection_cap_ = std::max(std::min(options_.max_connections, by_files), options_.workers + 16);
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (listen_fd_ < 0)
        return make_error("ServerStartFailed", std::string("socket: ") + std::strerror(errno));
    const int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(options_.port));
    if (::inet_pton(AF_INET, options_.host.c_str(), &addr.sin_addr) != 1) {
        return make_error("ServerStartFailed",
                          "invalid listen address '" + options_.host + "'; use an IPv4 address");
    }
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        return make_error("ServerStartFailed",
                          fmt::format("cannot bind {}:{}: {}; pick another port with --port", options_.host,
                                      options_.port, std::strerror(errno)));
    }
    if (::listen(listen_fd_, 1024) != 0) {
        return make_error("ServerStartFailed", std::string("listen: ") + std::strerror(errno));
    }
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    return ok();
}

void HttpServer::stop() {
    stop_at_ms_.store(now_ms());
    stopping_.store(true);
    if (wake_pipe_[1] >= 0) {
        const char c = 'x';
        [[maybe_unused]] const ssize_t n = ::write(wake_pipe_[1], &c, 1);
    }
}

void HttpServer::serve() {
    for (int i = 0; i < options_.workers; ++i) {
        worker_slots_.push_back(std::make_unique<Worker>());
        Worker* slot = worker_slots_.back().get();
        workers_.emplace_back([this, slot] { work(*slot); });
    }
    loop();
    {
        std::lock_guard lock(mutex_);
        if (stop_at_ms_.load() == 0) stop_at_ms_.store(now_ms());
        stopping_.store(true);
    }
    for (auto& slot : worker_slots_)
        slot->wake.notify_one();
    for (auto& t : workers_)
        t.join();
    workers_.clear();
    for (auto& slot : worker_slots_) {
        if (slot->job) ::close(slot->job->conn.fd);
    }
    worker_slots_.clear();
    idle_.clear();
    for (auto& job : jobs_)
        ::close(job.conn.fd);
    jobs_.clear();
    for (auto& conn : returned_)
        ::close(conn.fd);
    returned_.clear();
    if (listen_fd_ >= 0) ::close(listen_fd_);
    listen_fd_ = -1;
}

void HttpServer::give_back(Conn conn) {
    // A kept-alive connection with nothing buffered goes back into the loop's epoll set from here: the loop
    // adopts it from `returned_` when its next request arrives (or at its next wake-up), so the hand-back
    // costs no wake-up of the loop. Pipelined bytes or a graceful close need the loop now: the pipe wakes it.
    const int fd = conn.fd;
    const bool quiet = !conn.linger && conn.buffer.empty();
    conn.watched = false;
    {
        std::lock_guard lock(mutex_);
        const int ep = epoll_fd_.load();
        if (quiet && ep >= 0) {
            epoll_event e{};
            e.events = EPOLLIN;
            e.data.u64 = static_cast<std::uint64_t>(fd);
            // In `returned_` before it can have an event: the loop looks there for a descriptor it does not
            // know.
            conn.watched = ::epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e) == 0;
        }
        returned_.push_back(std::move(conn));
        if (returned_.back().watched) return;
    }
    const char c = 'r';
    [[maybe_unused]] const ssize_t n = ::write(wake_pipe_[1], &c, 1);
}

void HttpServer::loop() {
    // Connections the loop owns, and for each where the search for the end of its head resumes and how many
    // bytes (head and buffered body) its request needs in all once the head is known (0 before).
    struct Scan {
        std::size_t from = 0;
        std::size_t need = 0;
        bool continued = false;
    };
    struct Linger {
        int fd;
        Clock::time_point until;
        std::size_t discarded = 0;
    };
    // The loop waits with epoll, so that a wake-up costs the connections that have something to say and not
    // all of them (with 600 idle or 512 slowloris connections open, poll() walked every one for each
    // request); deadlines and the memory budget are looked at once per slice.
    const int ep = ::epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0) return;
    epoll_fd_.store(ep);
    constexpr std::uint64_t kListenTag = ~std::uint64_t{0};
    constexpr std::uint64_t kWakeTag = kListenTag - 1;
    const auto watch = [ep](int fd, std::uint64_t tag) {
        epoll_event e{};
        e.events = EPOLLIN;
        e.data.u64 = tag;
        ::epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e);
    };
    watch(listen_fd_, kListenTag);
    watch(wake_pipe_[0], kWakeTag);

    std::vector<Conn> conns;
    std::vector<Scan> scans;
    // Answered connections closing gracefully: the write side is shut, what the client still sends is read
    // and dropped (for a second, up to 1 MiB), so that the answer is not lost to a reset.
    std::vector<Linger> lingering;
    // Where each watched descriptor is: k >= 0 is conns[k], -(k + 2) is lingering[k], -1 neither.
    std::vector<std::int64_t> where;
    const auto place = [&where](int fd, std::int64_t at) {
        const auto i = static_cast<std::size_t>(fd);
        if (i >= where.size()) where.resize(std::max<std::size_t>(i + 1, where.size() * 2), -1);
        where[i] = at;
    };
    const auto locate = [&where](int fd) -> std::int64_t {
        const auto i = static_cast<std::size_t>(fd);
        return i < where.size() ? where[i] : -1;
    };
    // The bytes the loop holds over all its connections (the memory budget).
    std::uint64_t held = 0;
    const auto add_conn = [&](Conn c) {
        held += c.buffer.size();
        place(c.fd, static_cast<std::int64_t>(conns.size()));
        if (!c.watched) watch(c.fd, static_cast<std::uint64_t>(c.fd));
        c.watched = false;
        conns.push_back(std::move(c));
        scans.emplace_back();
    };
    // Forgets conns[i] (its bytes no longer counted); its descriptor is left as it is.
    const auto remove_at = [&](std::size_t i) {
        held -= conns[i].buffer.size();
        place(conns[i].fd, -1);
        if (i + 1 != conns.size()) {
            conns[i] = std::move(conns.back());
            scans[i] = scans.back();
            place(conns[i].fd, static_cast<std::int64_t>(i));
        }
        conns.pop_back();
        scans.pop_back();
    };
    const auto close_at = [&](std::size_t i) {
        const int fd = conns[i].fd;
        remove_at(i);
        ::close(fd);
        open_.fetch_sub(1);
    };
    const auto linger = [&](int fd, Clock::time_point now, bool watched) {
        ::shutdown(fd, SHUT_WR);
        if (!watched) watch(fd, static_cast<std::uint64_t>(fd));
        place(fd, -static_cast<std::int64_t>(lingering.size()) - 2);
        lingering.push_back({fd, now + std::chrono::seconds(1)});
    };
    const auto end_linger = [&](std::size_t k) {
        ::close(lingering[k].fd);
        open_.fetch_sub(1);
        place(lingering[k].fd, -1);
        if (k + 1 != lingering.size()) {
            lingering[k] = lingering.back();
            place(lingering[k].fd, -static_cast<std::int64_t>(k) - 2);
        }
        lingering.pop_back();
    };
    const auto answer_at = [&](std::size_t i, int status, std::string_view message, Clock::time_point now) {
        const int fd = conns[i].fd;
        send_now(fd, response_head(plain_error(status, message), false) + std::string(message) + "\n");
        remove_at(i);
        linger(fd, now, true);
    };
    // Looks at the bytes of connection i: answers it (and removes it) when its head is refused, hands it to a
    // worker (and removes it) when its request is ready. True when it was removed.
    const auto examine = [&](std::size_t i, Clock::time_point now) -> bool {
        Conn& c = conns[i];
        Scan& s = scans[i];
        if (!c.started) {
            std::size_t skip = 0;
            while (skip + 1 < c.buffer.size() && c.buffer[skip] == '\r' && c.buffer[skip + 1] == '\n')
                skip += 2;
            c.buffer.erase(0, skip);
            held -= skip;
            if (c.buffer.empty()) return false;
            c.started = true;
            c.since = now;
            s = {};
        }
        if (s.need == 0) {
            const std::size_t end = c.buffer.find("\r\n\r\n", s.from);
            if (end == std::string::npos) {
                if (c.buffer.size() > options_.head_limits.max_bytes) {
                    answer_at(i, 431, "request head too large", now);
                    return true;
                }
                s.from = c.buffer.size() < 3 ? 0 : c.buffer.size() - 3;
                return false;
            }
            ServerRequest probe;
            auto head =
                parse_request_head(std::string_view(c.buffer).substr(0, end), options_.head_limits, probe);
            if (!head) {
                answer_at(i, head.error().http_status, head.error().message, now);
                return true;
            }
            const bool buffered = !head->chunked && head->content_length <= options_.buffered_body;
            s.need = end + 4 + (buffered ? head->content_length : 0);
            if (buffered && head->expect_continue && c.buffer.size() < s.need) {
                send_now(c.fd, "HTTP/1.1 100 Continue\r\n\r\n");
                s.continued = true;
            }
        }
        if (c.buffer.size() < s.need) return false;
        // From here the worker reads the connection: the loop stops watching it.
        ::epoll_ctl(ep, EPOLL_CTL_DEL, c.fd, nullptr);
        Job job;
        const std::size_t end = c.buffer.find("\r\n\r\n");
        auto head =
            parse_request_head(std::string_view(c.buffer).substr(0, end), options_.head_limits, job.request);
        job.head = *head;
        if (s.continued) job.head.expect_continue = false;
        held -= c.buffer.size();
        c.buffer.erase(0, end + 4);
        job.conn = std::move(c);
        conns[i].buffer.clear();
        remove_at(i);
        Worker* worker = nullptr;
        {
            std::lock_guard lock(mutex_);
            if (idle_.empty()) {
                jobs_.push_back(std::move(job));
            } else {
                worker = idle_.back();
                idle_.pop_back();
                worker->job.emplace(std::move(job));
            }
        }
        if (worker != nullptr) worker->wake.notify_one();
        return true;
    };
    const auto read_from = [&](std::size_t k, Clock::time_point now) {
        Conn& c = conns[k];
        while (true) {
            char chunk[65536];
            const ssize_t n = ::recv(c.fd, chunk, sizeof chunk, MSG_DONTWAIT);
            if (n > 0) {
                c.buffer.append(chunk, static_cast<std::size_t>(n));
                held += static_cast<std::uint64_t>(n);
                if (static_cast<std::size_t>(n) < sizeof chunk) break;
                if (c.buffer.size() > options_.head_limits.max_bytes + options_.buffered_body) break;
                continue;
            }
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
            close_at(k);
            return;
        }
        examine(k, now);
    };
    const auto drain_linger = [&](std::size_t k) {
        Linger& l = lingering[k];
        char scratch[65536];
        const ssize_t n = ::recv(l.fd, scratch, sizeof scratch, MSG_DONTWAIT);
        if (n > 0) l.discarded += static_cast<std::size_t>(n);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR) || l.discarded > 1024 * 1024)
            end_linger(k);
    };

    constexpr int kMaxEvents = 256;
    epoll_event events[kMaxEvents];
    auto last_sweep = Clock::now();
    // Takes over the connections workers gave back.
    const auto adopt = [&](Clock::time_point now) {
        std::vector<Conn> back;
        {
            std::lock_guard lock(mutex_);
            back.swap(returned_);
        }
        for (auto& c : back) {
            if (c.linger) {
                linger(c.fd, now, false);
                continue;
            }
            c.started = false;
            c.since = now;
            add_conn(std::move(c));
            examine(conns.size() - 1, now);
        }
    };
    while (!stopping_.load()) {
        adopt(Clock::now());
        const int r = ::epoll_wait(ep, events, kMaxEvents, kPollSliceMs);
        if (r < 0 && errno != EINTR) break;
        if (stopping_.load()) break;
        const auto after = Clock::now();
        bool accept_ready = false;
        for (int e = 0; e < r; ++e) {
            const std::uint64_t tag = events[e].data.u64;
            if (tag == kListenTag) {
                accept_ready = true;
                continue;
            }
            if (tag == kWakeTag) {
                char drain[256];
                while (::read(wake_pipe_[0], drain, sizeof drain) > 0) {
                }
                continue;
            }
            // An event may name a descriptor an earlier event of this batch closed or handed to a worker, or
            // one a worker gave back and put into the set itself (adopted here first).
            std::int64_t at = locate(static_cast<int>(tag));
            if (at == -1) {
                adopt(after);
                at = locate(static_cast<int>(tag));
            }
            if (at >= 0)
                read_from(static_cast<std::size_t>(at), after);
            else if (at <= -2)
                drain_linger(static_cast<std::size_t>(-at - 2));
        }
        if (after - last_sweep >= milliseconds(kPollSliceMs)) {
            last_sweep = after;
            // Lingering connections close after their second.
            for (std::size_t k = lingering.size(); k-- > 0;) {
                if (after >= lingering[k].until) end_linger(k);
            }
            // Deadlines: the whole head (and buffered body) from its first byte; idle keep-alive connections.
            for (std::size_t k = conns.size(); k-- > 0;) {
                const auto age = after - conns[k].since;
                if (conns[k].started && age > options_.head_timeout) {
                    answer_at(k, 408, "request not received in time", after);
                } else if (!conns[k].started && age > options_.idle_timeout) {
                    close_at(k);
                }
            }
        }
        // Memory: the loop holds at most its budget; the connection holding most gives way.
        while (held > options_.loop_budget && !conns.empty()) {
            std::size_t worst = 0;
            for (std::size_t k = 1; k < conns.size(); ++k) {
                if (conns[k].buffer.size() > conns[worst].buffer.size()) worst = k;
            }
            close_at(worst);
        }
        // New connections. At the cap, the connection that has waited longest in the loop (idle, or slowest
        // to send its request) makes room; with none in the loop, the newcomer is told 503.
        if (accept_ready) {
            for (int accepted = 0; accepted < 256; ++accepted) {
                const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
                if (fd < 0) break;
                if (open_.load() >= connection_cap_) {
                    if (!lingering.empty()) {
                        end_linger(lingering.size() - 1);
                    } else if (!conns.empty()) {
                        std::size_t oldest = 0;
                        for (std::size_t k = 1; k < conns.size(); ++k) {
                            if (conns[k].since < conns[oldest].since) oldest = k;
                        }
                        close_at(oldest);
                    } else {
                        answer_and_close(fd, 503, "localcloud is at its connection limit; retry");
                        continue;
                    }
                }
                const int one = 1;
                ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                open_.fetch_add(1);
                Conn c;
                c.fd = fd;
                c.since = after;
                add_conn(std::move(c));
            }
        }
    }
    {
        std::lock_guard lock(mutex_);
        epoll_fd_.store(-1);
    }
    for (auto& c : conns)
        ::close(c.fd);
    for (auto& l : lingering)
        ::close(l.fd);
    ::close(ep);
    ::close(listen_fd_);
    listen_fd_ = -1;
}

void HttpServer::work(Worker& self) {
    while (true) {
        std::optional<Job> job;
        {
            std::unique_lock lock(mutex_);
            if (stopping_.load()) return;
            if (!jobs_.empty()) {
                job.emplace(std::move(jobs_.front()));
                jobs_.pop_front();
            } else {
                idle_.push_back(&self);
                self.wake.wait(lock, [&] { return stopping_.load() || self.job.has_value(); });
                if (stopping_.load()) return; // a job handed over meanwhile is closed by serve()
                job.emplace(std::move(*self.job));
                self.job.reset();
            }
        }
        const int fd = job->conn.fd;
        switch (handle(*job)) {
        case Outcome::Close:
            ::close(fd);
            open_.fetch_sub(1);
            break;
        case Outcome::Linger:
            job->conn.linger = true;
            give_back(std::move(job->conn));
            break;
        case Outcome::KeepAlive: give_back(std::move(job->conn)); break;
        }
    }
}

HttpServer::Outcome HttpServer::handle(Job& job) {
    ServerRequest& request = job.request;
    const RequestHead& head = job.head;
    Conn& conn = job.conn;
    Wire wire(conn, stopping_, stop_at_ms_, options_.stop_grace);
    const auto start = Clock::now();
    const auto rate_ms = [&](std::uint64_t bytes) {
        return milliseconds(bytes * 1000 / std::max<std::uint64_t>(options_.min_rate, 1));
    };
    // Answers and ends the connection.
    const auto finish = [&](const ServerResponse& response) {
        if (!wire.write_all(response_head(response, false) +
                                (response.head_only ? std::string{} : response.body),
                            Clock::now() + options_.transfer_grace)) {
            return Outcome::Close;
        }
        return Outcome::Linger;
    };
    const bool large = head.chunked || head.content_length > options_.buffered_body;
    Admission admission;
    if (options_.admit) {
        admission = options_.admit(request, large);
    } else {
        admission.max_body = options_.max_body;
        admission.too_large = plain_error(413, "request body too large");
    }
    if (admission.reject) return finish(*admission.reject);
    if (!head.chunked && head.content_length > admission.max_body) return finish(admission.too_large);
    std::atomic<int>* slot_counter = nullptr;
    if (large && !admission.authenticated) {
        if (unauthenticated_.fetch_add(1) >= options_.unauthenticated_readers) {
            unauthenticated_.fetch_sub(1);
            return finish(plain_error(503, "too many large unauthenticated requests at once; retry"));
        }
        slot_counter = &unauthenticated_;
    }
    const Slot slot(slot_counter);
    if (head.expect_continue &&
        !wire.write_all("HTTP/1.1 100 Continue\r\n\r\n", Clock::now() + options_.transfer_grace)) {
        return Outcome::Close;
    }
    const auto spool =
        options_.spool_dir / fmt::format("body-{}-{}.tmp", ::getpid(), spool_counter_.fetch_add(1));
    Io body = Io::Ok;
    {
        BodySink sink(request, options_.spool_threshold, spool);
        if (head.chunked) {
            body = read_chunked_body(wire, sink, admission.max_body, start, options_.transfer_grace,
                                     options_.min_rate);
        } else if (head.content_length > 0) {
            body = read_fixed_body(wire, sink, head.content_length,
                                   start + options_.transfer_grace + rate_ms(head.content_length));
        }
        if (!sink.finish() && body == Io::Ok) body = Io::Closed;
    }
    if (body != Io::Ok) {
        std::error_code ec;
        std::filesystem::remove(spool, ec);
        switch (body) {
        case Io::Malformed: return finish(plain_error(400, "malformed chunked body"));
        case Io::TooLarge: return finish(admission.too_large);
        case Io::Timeout: return finish(plain_error(408, "request body not received in time"));
        default: return Outcome::Close;
        }
    }
    ServerResponse response = handler_(request);
    if (request.method == "HEAD") response.head_only = true;
    if (!request.body_file.empty()) {
        std::error_code ec;
        std::filesystem::remove(request.body_file, ec);
    }
    const bool keep_alive = head.keep_alive && !stopping_.load();
    const std::uint64_t length = response.body_file.empty() ? response.body.size() : response.file_length;
    const auto deadline = Clock::now() + options_.transfer_grace + rate_ms(length);
    std::string out = response_head(response, keep_alive);
    bool written = false;
    if (response.head_only) {
        written = wire.write_all(out, deadline);
    } else if (response.body_file.empty()) {
        out += response.body;
        written = wire.write_all(out, deadline);
    } else {
        // A file body is sent from the file its handler opened while the row naming it was current (a
        // concurrent PUT cannot swap it), never by opening body_file again.
        CDK_ASSERT(response.open_file != nullptr && "a file body comes with the file its handler opened");
        written = response.open_file != nullptr && wire.write_all(out, deadline);
        std::uint64_t offset = response.file_offset;
        const std::uint64_t end = offset + response.file_length;
        char chunk[65536];
        while (written && offset < end) {
            const long n = response.open_file->read_at(
                chunk, static_cast<std::size_t>(std::min<std::uint64_t>(end - offset, sizeof chunk)), offset);
            written = n > 0 && wire.write_all(std::string_view(chunk, static_cast<std::size_t>(n)), deadline);
            offset += static_cast<std::uint64_t>(std::max<long>(n, 0));
        }
    }
    if (!written) return Outcome::Close;
    if (!keep_alive) return Outcome::Linger;
    wire.hand_back();
    return Outcome::KeepAlive;
}

} // namespace cdk::localcloud

#include "localcloud/server/http_server.hpp"

#include "core/strings.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/evp.h>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace cdk::localcloud {

namespace {

constexpr std::size_t kMaxHeaderBytes = 64 * 1024;
constexpr int kIdleTimeoutMs = 30000;
constexpr int kPollSliceMs = 200;

/// Buffered reader over a socket that gives up when the server stops or the peer idles too long.
class Connection {
public:
    Connection(int fd, const std::atomic<bool>& stopping) : fd_(fd), stopping_(stopping) {}

    /// Reads more bytes into the buffer; false on EOF, error, stop or idle timeout.
    bool fill(bool idle_wait) {
        int waited = 0;
        while (true) {
            pollfd p{fd_, POLLIN, 0};
            const int r = ::poll(&p, 1, kPollSliceMs);
            if (r < 0 && errno == EINTR) continue;
            if (r < 0) return false;
            if (r == 0) {
                waited += kPollSliceMs;
                if ((idle_wait && stopping_.load()) || waited >= kIdleTimeoutMs) return false;
                continue;
            }
            char chunk[65536];
            const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return false;
            buffer_.append(chunk, static_cast<std::size_t>(n));
            return true;
        }
    }

    /// Reads one CRLF-terminated line (without the CRLF).
    bool read_line(std::string& line, bool idle_wait = false) {
        while (true) {
            const std::size_t eol = buffer_.find("\r\n", pos_);
            if (eol != std::string::npos) {
                line.assign(buffer_, pos_, eol - pos_);
                pos_ = eol + 2;
                compact();
                return true;
            }
            if (buffer_.size() - pos_ > kMaxHeaderBytes) return false;
            if (!fill(idle_wait)) return false;
        }
    }

    /// Reads up to `max` bytes of body; returns the number read (0 on failure).
    std::size_t read_some(char* out, std::size_t max) {
        if (pos_ == buffer_.size()) {
            buffer_.clear();
            pos_ = 0;
            if (!fill(false)) return 0;
        }
        const std::size_t n = std::min(max, buffer_.size() - pos_);
        std::memcpy(out, buffer_.data() + pos_, n);
        pos_ += n;
        return n;
    }

    bool write_all(std::string_view data) {
        while (!data.empty()) {
            const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return false;
            data.remove_prefix(static_cast<std::size_t>(n));
        }
        return true;
    }

private:
    void compact() {
        if (pos_ > 65536) {
            buffer_.erase(0, pos_);
            pos_ = 0;
        }
    }

    int fd_;
    const std::atomic<bool>& stopping_;
    std::string buffer_;
    std::size_t pos_ = 0;
};

/// Receives body bytes into memory or a spool file, hashing them as they pass.
class BodySink {
public:
    BodySink(HttpRequest& request, std::uint64_t threshold, std::filesystem::path spool_path)
        : request_(request), threshold_(threshold), spool_path_(std::move(spool_path)), ctx_(EVP_MD_CTX_new()) {
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
            if (!request_.body.empty() && std::fwrite(request_.body.data(), 1, request_.body.size(), file_) !=
                                              request_.body.size()) {
                return false;
            }
            request_.body.clear();
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
    HttpRequest& request_;
    std::uint64_t threshold_;
    std::filesystem::path spool_path_;
    EVP_MD_CTX* ctx_;
    std::FILE* file_ = nullptr;
};

bool read_fixed_body(Connection& conn, BodySink& sink, std::uint64_t length) {
    char chunk[65536];
    while (length > 0) {
        const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(length, sizeof chunk));
        const std::size_t n = conn.read_some(chunk, want);
        if (n == 0) return false;
        if (!sink.append(chunk, n)) return false;
        length -= n;
    }
    return true;
}

bool read_chunked_body(Connection& conn, BodySink& sink) {
    std::string line;
    while (true) {
        if (!conn.read_line(line)) return false;
        const std::size_t semi = line.find(';');
        const std::string size_text{strings::trim(line.substr(0, semi))};
        if (size_text.empty()) return false;
        const std::uint64_t size = std::stoull(size_text, nullptr, 16);
        if (size == 0) {
            while (conn.read_line(line) && !line.empty()) {
            }
            return true;
        }
        if (!read_fixed_body(conn, sink, size)) return false;
        if (!conn.read_line(line) || !line.empty()) return false;
    }
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
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Payload Too Large";
    case 416: return "Range Not Satisfiable";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

bool write_response(Connection& conn, const HttpResponse& response, bool keep_alive) {
    std::string head = fmt::format("HTTP/1.1 {} {}\r\n", response.status, reason_phrase(response.status));
    bool has_length = false;
    for (const auto& [k, v] : response.headers) {
        if (strings::to_lower(k) == "content-length") has_length = true;
        head += k + ": " + v + "\r\n";
    }
    const std::uint64_t length = response.body_file.empty() ? response.body.size() : response.file_length;
    if (!has_length) head += fmt::format("Content-Length: {}\r\n", length);
    head += keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
    if (response.head_only) return conn.write_all(head);
    if (response.body_file.empty()) {
        head += response.body;
        return conn.write_all(head);
    }
    if (!conn.write_all(head)) return false;
    if (response.open_file) {
        std::uint64_t offset = response.file_offset;
        const std::uint64_t end = offset + response.file_length;
        char chunk[65536];
        while (offset < end) {
            const long n = response.open_file->read_at(
                chunk, static_cast<std::size_t>(std::min<std::uint64_t>(end - offset, sizeof chunk)), offset);
            if (n <= 0 || !conn.write_all(std::string_view(chunk, static_cast<std::size_t>(n)))) return false;
            offset += static_cast<std::uint64_t>(n);
        }
        return true;
    }
    std::FILE* file = std::fopen(response.body_file.c_str(), "rb");
    if (file == nullptr) return false;
    bool ok = std::fseek(file, static_cast<long>(response.file_offset), SEEK_SET) == 0;
    std::uint64_t left = response.file_length;
    char chunk[65536];
    while (ok && left > 0) {
        const std::size_t n = std::fread(chunk, 1, static_cast<std::size_t>(std::min<std::uint64_t>(left, sizeof chunk)), file);
        if (n == 0) {
            ok = false;
            break;
        }
        ok = conn.write_all(std::string_view(chunk, n));
        left -= n;
    }
    std::fclose(file);
    return ok;
}

HttpResponse plain_error(int status, std::string_view message) {
    HttpResponse r;
    r.status = status;
    r.body = std::string(message);
    r.set_header("Content-Type", "text/plain");
    return r;
}

} // namespace

HttpServer::HttpServer(Options options, Handler handler) : options_(std::move(options)), handler_(std::move(handler)) {}

HttpServer::~HttpServer() {
    if (listen_fd_ >= 0) ::close(listen_fd_);
    if (wake_pipe_[0] >= 0) ::close(wake_pipe_[0]);
    if (wake_pipe_[1] >= 0) ::close(wake_pipe_[1]);
}

Result<void> HttpServer::listen() {
    if (::pipe(wake_pipe_) != 0) return make_error("ServerStartFailed", "cannot create the wake pipe");
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listen_fd_ < 0) return make_error("ServerStartFailed", std::string("socket: ") + std::strerror(errno));
    const int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(options_.port));
    if (::inet_pton(AF_INET, options_.host.c_str(), &addr.sin_addr) != 1) {
        return make_error("ServerStartFailed", "invalid listen address '" + options_.host + "'; use an IPv4 address");
    }
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        return make_error("ServerStartFailed", fmt::format("cannot bind {}:{}: {}; pick another port with --port",
                                                           options_.host, options_.port, std::strerror(errno)));
    }
    if (::listen(listen_fd_, 256) != 0) {
        return make_error("ServerStartFailed", std::string("listen: ") + std::strerror(errno));
    }
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    return ok();
}

void HttpServer::stop() {
    stopping_.store(true);
    if (wake_pipe_[1] >= 0) {
        const char c = 'x';
        [[maybe_unused]] const ssize_t n = ::write(wake_pipe_[1], &c, 1);
    }
}

void HttpServer::serve() {
    while (!stopping_.load()) {
        pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_pipe_[0], POLLIN, 0}};
        const int r = ::poll(fds, 2, 1000);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) continue;
        if ((fds[1].revents & POLLIN) != 0) break;
        if ((fds[0].revents & POLLIN) == 0) continue;
        const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) continue;
        const int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        {
            std::unique_lock lock(mutex_);
            if (active_ >= options_.max_connections) {
                lock.unlock();
                ::close(fd);
                continue;
            }
            ++active_;
        }
        std::thread([this, fd] {
            handle_connection(fd);
            ::close(fd);
            std::lock_guard lock(mutex_);
            --active_;
            idle_.notify_all();
        }).detach();
    }
    stopping_.store(true);
    ::close(listen_fd_);
    listen_fd_ = -1;
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [this] { return active_ == 0; });
}

void HttpServer::handle_connection(int fd) {
    Connection conn(fd, stopping_);
    while (!stopping_.load()) {
        std::string line;
        if (!conn.read_line(line, true)) return;
        if (line.empty()) continue;
        HttpRequest request;
        const auto parts = strings::split(line, " ");
        if (parts.size() != 3 || !strings::starts_with(parts[2], "HTTP/1.")) {
            write_response(conn, plain_error(400, "malformed request line"), false);
            return;
        }
        request.method = parts[0];
        request.target = parts[1];
        const std::size_t q = request.target.find('?');
        request.path = request.target.substr(0, q);
        if (q != std::string::npos) request.query = request.target.substr(q + 1);
        bool keep_alive = parts[2] == "HTTP/1.1";
        while (true) {
            if (!conn.read_line(line)) return;
            if (line.empty()) break;
            const std::size_t colon = line.find(':');
            if (colon == std::string::npos) continue;
            request.headers.emplace_back(strings::to_lower(strings::trim(line.substr(0, colon))),
                                         std::string(strings::trim(line.substr(colon + 1))));
        }
        const std::string connection = strings::to_lower(request.header("connection"));
        if (connection == "close") keep_alive = false;
        if (connection == "keep-alive") keep_alive = true;
        if (strings::to_lower(request.header("expect")) == "100-continue") {
            if (!conn.write_all("HTTP/1.1 100 Continue\r\n\r\n")) return;
        }
        const auto spool = options_.spool_dir /
                           fmt::format("body-{}-{}.tmp", ::getpid(), spool_counter_.fetch_add(1));
        bool body_ok = true;
        {
            BodySink sink(request, options_.spool_threshold, spool);
            if (strings::to_lower(request.header("transfer-encoding")).find("chunked") != std::string::npos) {
                body_ok = read_chunked_body(conn, sink);
            } else if (request.has_header("content-length")) {
                std::uint64_t length = 0;
                try {
                    length = std::stoull(request.header("content-length"));
                } catch (const std::exception&) {
                    body_ok = false;
                }
                body_ok = body_ok && read_fixed_body(conn, sink, length);
            }
            body_ok = sink.finish() && body_ok;
        }
        if (!body_ok) {
            std::error_code ec;
            std::filesystem::remove(spool, ec);
            return;
        }
        HttpResponse response = handler_(request);
        if (request.method == "HEAD") response.head_only = true;
        if (!request.body_file.empty()) {
            std::error_code ec;
            std::filesystem::remove(request.body_file, ec);
        }
        if (stopping_.load()) keep_alive = false;
        if (!write_response(conn, response, keep_alive) || !keep_alive) return;
    }
}

} // namespace cdk::localcloud

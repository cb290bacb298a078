// bench_http_load: the client side of bench/http/http_layers.py. N threads, each with one keep-alive
// connection over a plain socket (no HTTP library: the client must cost little and be the same for every
// server), send the same signed-looking AWS JSON request (a ~700-byte head as botocore writes it, a 256-byte
// body) in a loop for a fixed time and time each exchange. Optionally, at the same time, hostile connections:
//
//   bench_http_load --port P --clients N --seconds S [--slow K] [--idle K]
//
//   --slow K   K slowloris connections: each sends a request line, then one header byte a second, never
//   ending
//   --idle K   K connections that connect and send nothing
//
// A request that fails (connect refused, reset, a 5 s timeout, a status other than 200) counts as an error
// and its connection is opened again. Prints one JSON object: {clients, requests, errors, first_error,
// seconds, rps, p50_ms, p99_ms, max_ms, slow, idle, slow_open}.
#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

int connect_to(int port, int timeout_s) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    timeval tv{timeout_s, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in at{};
    at.sin_family = AF_INET;
    at.sin_port = htons(static_cast<std::uint16_t>(port));
    at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&at), sizeof at) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

std::string make_request() {
    const std::string body(256, 'b');
    std::string r =
        "POST / HTTP/1.1\r\n"
        "Host: 127.0.0.1\r\n"
        "Accept-Encoding: identity\r\n"
        "X-Amz-Target: AmazonSSM.GetParameter\r\n"
        "Content-Type: application/x-amz-json-1.1\r\n"
        "User-Agent: Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux#6.1.0 md/arch#x86_64 "
        "lang/python#3.11.7 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.0\r\n"
        "X-Amz-Date: 20261207T210000Z\r\n"
        "X-Amz-Content-SHA256: 0d2b2c6a3f4e5d6c7b8a9f0e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9d0c\r\n"
        "Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261207/ap-southeast-2/ssm/"
        "aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target, "
        "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7\r\n"
        "Content-Length: " +
        std::to_string(body.size()) + "\r\n\r\n";
    return r + body;
}

bool send_all(int fd, const std::string& data) {
    std::size_t sent = 0;
    while (sent < data.size()) {
        const ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) return false;
        sent += static_cast<std::size_t>(n);
    }
    return true;
}

/// Reads one response (head, then Content-Length bytes); returns its status, or an error text.
int read_response(int fd, std::string& buffer, std::string& error) {
    std::size_t head_end;
    char chunk[8192];
    while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos) {
        const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) {
            error = n == 0 ? "connection closed" : std::string("recv: ") + std::strerror(errno);
            return -1;
        }
        buffer.append(chunk, static_cast<std::size_t>(n));
    }
    const int status = std::atoi(buffer.c_str() + buffer.find(' ') + 1);
    std::size_t length = 0;
    for (std::size_t at = 0; at < head_end;) {
        const std::size_t eol = buffer.find("\r\n", at);
        if (eol - at > 15 && strncasecmp(buffer.c_str() + at, "content-length:", 15) == 0)
            length = std::strtoull(buffer.c_str() + at + 15, nullptr, 10);
        at = eol + 2;
    }
    const std::size_t total = head_end + 4 + length;
    while (buffer.size() < total) {
        const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) {
            error = "body cut";
            return -1;
        }
        buffer.append(chunk, static_cast<std::size_t>(n));
    }
    buffer.erase(0, total);
    return status;
}

struct Totals {
    std::mutex mutex;
    std::vector<double> ms;
    long long errors = 0;
    std::string first_error;
};

void client(int port, Clock::time_point until, Totals& totals) {
    const std::string request = make_request();
    std::vector<double> ms;
    long long errors = 0;
    std::string first_error;
    int fd = -1;
    std::string buffer;
    while (Clock::now() < until) {
        const auto start = Clock::now();
        std::string error;
        if (fd < 0) {
            fd = connect_to(port, 5);
            buffer.clear();
            if (fd < 0) error = std::string("connect: ") + std::strerror(errno);
        }
        int status = -1;
        if (fd >= 0) {
            if (!send_all(fd, request))
                error = "send failed";
            else
                status = read_response(fd, buffer, error);
        }
        if (status == 200) {
            ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
            continue;
        }
        ++errors;
        if (first_error.empty()) first_error = error.empty() ? "status " + std::to_string(status) : error;
        if (fd >= 0) ::close(fd);
        fd = -1;
        if (status < 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (fd >= 0) ::close(fd);
    std::lock_guard lock(totals.mutex);
    totals.ms.insert(totals.ms.end(), ms.begin(), ms.end());
    totals.errors += errors;
    if (totals.first_error.empty()) totals.first_error = first_error;
}

/// K slowloris connections from one thread: a request line, then a header byte per connection per second.
void slowloris(int port, int count, Clock::time_point until, std::atomic<int>& open) {
    std::vector<int> fds;
    for (int i = 0; i < count; ++i) {
        const int fd = connect_to(port, 1);
        if (fd < 0) continue;
        if (!send_all(fd, "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")) {
            ::close(fd);
            continue;
        }
        fds.push_back(fd);
    }
    while (Clock::now() < until) {
        std::this_thread::sleep_for(std::chrono::seconds(1));
        int alive = 0;
        for (int& fd : fds) {
            if (fd < 0) continue;
            if (::send(fd, "a", 1, MSG_NOSIGNAL) == 1) {
                ++alive;
            } else { // cut by the server: the attacker reconnects, as a slowloris tool does
                ::close(fd);
                fd = connect_to(port, 1);
                if (fd >= 0 && send_all(fd, "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")) ++alive;
            }
        }
        open = alive;
    }
    for (int fd : fds)
        if (fd >= 0) ::close(fd);
}

double percentile(std::vector<double>& v, double p) {
    if (v.empty()) return 0;
    const auto k = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
    std::nth_element(v.begin(), v.begin() + static_cast<long>(k), v.end());
    return v[k];
}

std::string json_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (static_cast<unsigned char>(c) >= 0x20) out += c;
    }
    return out;
}

} // namespace

int main(int argc, char** argv) {
    int port = 0, clients = 8, slow = 0, idle = 0;
    double seconds = 4;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--port")
            port = std::atoi(argv[i + 1]);
        else if (flag == "--clients")
            clients = std::atoi(argv[i + 1]);
        else if (flag == "--seconds")
            seconds = std::atof(argv[i + 1]);
        else if (flag == "--slow")
            slow = std::atoi(argv[i + 1]);
        else if (flag == "--idle")
            idle = std::atoi(argv[i + 1]);
        else {
            std::fprintf(stderr, "bench_http_load: unknown flag %s\n", flag.c_str());
            return 2;
        }
    }
    if (port <= 0 || clients < 1 || seconds <= 0) {
        std::fprintf(stderr,
                     "usage: bench_http_load --port P --clients N --seconds S [--slow K] [--idle K]\n");
        return 2;
    }
    std::vector<int> idle_fds;
    for (int i = 0; i < idle; ++i)
        if (const int fd = connect_to(port, 1); fd >= 0) idle_fds.push_back(fd);
    std::atomic<int> slow_open{0};
    // The hostile connections get a second's head start, so the valid clients meet them in place.
    const Clock::time_point hostile_until = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                                               std::chrono::duration<double>(seconds + 1.5));
    std::thread attacker;
    if (slow > 0) attacker = std::thread(slowloris, port, slow, hostile_until, std::ref(slow_open));
    if (slow > 0 || idle > 0) std::this_thread::sleep_for(std::chrono::seconds(1));

    Totals totals;
    const auto start = Clock::now();
    const Clock::time_point until =
        start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    std::vector<std::thread> threads;
    for (int i = 0; i < clients; ++i)
        threads.emplace_back(client, port, until, std::ref(totals));
    for (auto& t : threads)
        t.join();
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    if (attacker.joinable()) attacker.join();
    for (int fd : idle_fds)
        ::close(fd);

    const auto n = static_cast<long long>(totals.ms.size());
    double max_ms = 0;
    for (double v : totals.ms)
        max_ms = std::max(max_ms, v);
    const double p50 = percentile(totals.ms, 0.50);
    const double p99 = percentile(totals.ms, 0.99);
    std::printf(
        "{\"clients\": %d, \"requests\": %lld, \"errors\": %lld, \"first_error\": \"%s\", \"seconds\": %.3f, "
        "\"rps\": %.1f, \"p50_ms\": %.3f, \"p99_ms\": %.3f, \"max_ms\": %.3f, \"slow\": %d, \"idle\": %zu, "
        "\"slow_open\": %d}\n",
        clients, n, totals.errors, json_escape(totals.first_error).c_str(), elapsed,
        static_cast<double>(n) / elapsed, p50, p99, max_ms, slow, idle_fds.size(), slow_open.load());
    return 0;
}

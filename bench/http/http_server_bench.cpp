// bench_http_server: one HTTP/1.1 server, by choice of implementation, answering the same trivial request the
// same way, so that bench/http/http_layers.py can compare the HTTP layers alone (issue 21: "either a
// well-kept library or ours with a recorded decision — measure both"):
//
//   bench_http_server --impl ours|httplib|beast --port P [--threads N]
//
// Every implementation does the work localcloud's HTTP layer does for a request before the dispatcher: read
// the head and the body, the body's SHA-256 (the SigV4 verifier needs it), and write a ~600-byte answer with
// the headers an AWS JSON service sends. `ours` is localcloud's `HttpServer` with localcloud's options (48
// workers behind one event loop); `httplib` is cpp-httplib 0.11 (Debian) with a pool of N threads, keep-alive
// not capped at its default of 5 requests per connection, its read timeout 10 s; `beast` is Boost.Beast 1.74
// (Debian) in the asynchronous style of its "advanced server" example: N threads on one io_context, a parser
// with header and body limits, a deadline on each message.
#include "core/hash.hpp"
#include "localcloud/server/http_server.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <httplib.h>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

/// The answer every implementation gives: the body's length and SHA-256, padded to the size of a typical
/// AWS JSON response.
std::string answer_body(std::size_t length, const std::string& sha256_hex) {
    std::string out =
        "{\"length\":" + std::to_string(length) + ",\"sha256\":\"" + sha256_hex + "\",\"pad\":\"";
    out.append(480, 'x');
    out += "\"}";
    return out;
}

constexpr const char* kRequestId = "3f5a6c3e-0d1b-4a52-9c1e-6a7f0b2d9e41";

int run_ours(int port, int threads) {
    static cdk::localcloud::HttpServer* server = nullptr;
    cdk::localcloud::HttpServer::Options options;
    options.port = port;
    if (threads > 0) options.workers = threads;
    options.spool_dir = std::filesystem::temp_directory_path();
    cdk::localcloud::HttpServer s(options, [](cdk::localcloud::ServerRequest& request) {
        cdk::localcloud::ServerResponse r;
        r.status = 200;
        r.body = answer_body(request.body_size, request.body_sha256);
        r.set_header("Content-Type", "application/x-amz-json-1.1");
        r.set_header("x-amzn-RequestId", kRequestId);
        return r;
    });
    if (auto l = s.listen(); !l) {
        std::fprintf(stderr, "bench_http_server: %s\n", l.error().message.c_str());
        return 1;
    }
    server = &s;
    std::signal(SIGTERM, [](int) { server->stop(); });
    s.serve();
    return 0;
}

int run_httplib(int port, int threads) {
    static httplib::Server* server = nullptr;
    httplib::Server s;
    const int n = threads > 0 ? threads : 48;
    s.new_task_queue = [n] { return new httplib::ThreadPool(static_cast<std::size_t>(n)); };
    s.set_tcp_nodelay(true);
    s.set_keep_alive_max_count(1000000);
    s.set_keep_alive_timeout(60);
    s.set_read_timeout(10, 0);
    s.set_payload_max_length(8 * 1024 * 1024);
    s.Post("/.*", [](const httplib::Request& request, httplib::Response& response) {
        response.status = 200;
        response.set_header("x-amzn-RequestId", kRequestId);
        response.set_content(answer_body(request.body.size(), cdk::hash::sha256_hex(request.body)),
                             "application/x-amz-json-1.1");
    });
    server = &s;
    std::signal(SIGTERM, [](int) { server->stop(); });
    return s.listen("127.0.0.1", port) ? 0 : 1;
}

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

/// One connection: read a request (limits and a deadline), answer, repeat while keep-alive.
class BeastSession : public std::enable_shared_from_this<BeastSession> {
public:
    explicit BeastSession(tcp::socket&& socket) : stream_(std::move(socket)) {}
    void start() {
        net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read(); });
    }

private:
    void read() {
        parser_.emplace();
        parser_->header_limit(64 * 1024);
        parser_->body_limit(8 * 1024 * 1024);
        stream_.expires_after(std::chrono::seconds(10));
        http::async_read(
            stream_, buffer_, *parser_,
            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
    }
    void on_read(beast::error_code ec) {
        if (ec) {
            beast::error_code ignored;
            stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
            return;
        }
        auto request = parser_->release();
        response_ = {};
        response_.version(request.version());
        response_.result(http::status::ok);
        response_.set(http::field::content_type, "application/x-amz-json-1.1");
        response_.set("x-amzn-RequestId", kRequestId);
        response_.keep_alive(request.keep_alive());
        response_.body() = answer_body(request.body().size(), cdk::hash::sha256_hex(request.body()));
        response_.prepare_payload();
        stream_.expires_after(std::chrono::seconds(30));
        http::async_write(stream_, response_,
                          [self = shared_from_this()](beast::error_code wec, std::size_t) {
                              if (wec || !self->response_.keep_alive()) return;
                              self->read();
                          });
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    http::response<http::string_body> response_;
};

class BeastListener : public std::enable_shared_from_this<BeastListener> {
public:
    BeastListener(net::io_context& io, int port) : io_(io), acceptor_(net::make_strand(io)) {
        tcp::endpoint at(net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port));
        acceptor_.open(at.protocol());
        acceptor_.set_option(net::socket_base::reuse_address(true));
        acceptor_.bind(at);
        acceptor_.listen(net::socket_base::max_listen_connections);
    }
    void accept() {
        acceptor_.async_accept(net::make_strand(io_),
                               [self = shared_from_this()](beast::error_code ec, tcp::socket s) {
                                   if (!ec) std::make_shared<BeastSession>(std::move(s))->start();
                                   self->accept();
                               });
    }

private:
    net::io_context& io_;
    tcp::acceptor acceptor_;
};

int run_beast(int port, int threads) {
    const int n = threads > 0 ? threads : static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
    net::io_context io(n);
    std::make_shared<BeastListener>(io, port)->accept();
    net::signal_set signals(io, SIGTERM, SIGINT);
    signals.async_wait([&io](beast::error_code, int) { io.stop(); });
    std::vector<std::thread> pool;
    for (int i = 1; i < n; ++i)
        pool.emplace_back([&io] { io.run(); });
    io.run();
    for (auto& t : pool)
        t.join();
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    std::string impl;
    int port = 0;
    int threads = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--impl")
            impl = argv[i + 1];
        else if (flag == "--port")
            port = std::atoi(argv[i + 1]);
        else if (flag == "--threads")
            threads = std::atoi(argv[i + 1]);
        else {
            std::fprintf(stderr, "bench_http_server: unknown flag %s\n", flag.c_str());
            return 2;
        }
    }
    if (port <= 0 || (impl != "ours" && impl != "httplib" && impl != "beast")) {
        std::fprintf(stderr, "usage: bench_http_server --impl ours|httplib|beast --port P [--threads N]\n");
        return 2;
    }
    std::signal(SIGPIPE, SIG_IGN);
    if (impl == "ours") return run_ours(port, threads);
    if (impl == "httplib") return run_httplib(port, threads);
    return run_beast(port, threads);
}

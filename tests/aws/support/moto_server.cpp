#include "aws/support/moto_server.hpp"

#include "aws/http/curl_http_client.hpp"
#include "aws/support/test_http_server.hpp"

#include <csignal>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>

extern char** environ;

namespace cdk::aws::testing {

MotoServer& MotoServer::instance() {
    static MotoServer server;
    return server;
}

MotoServer::MotoServer() {
    const int port = free_port();
    const std::string port_text = std::to_string(port);
    const char* argv[] = {"moto_server", "-p", port_text.c_str(), nullptr};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    const int rc = posix_spawnp(&pid_, "moto_server", &actions, nullptr, const_cast<char**>(argv), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        failure_ = "could not start moto_server (is it on PATH?)";
        pid_ = -1;
        return;
    }
    const std::string url = "http://localhost:" + port_text;
    http::CurlHttpClient client;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
        ClientRequest probe;
        probe.endpoint = url;
        probe.path = "/moto-api/";
        auto r = client.send(probe, {std::chrono::milliseconds(500), std::chrono::milliseconds(2000)});
        if (r && r->status > 0) {
            url_ = url;
            // Lambda invocations without Docker.
            ClientRequest config;
            config.method = "POST";
            config.endpoint = url;
            config.path = "/moto-api/config";
            config.headers = {{"Content-Type", "application/json"}};
            config.body = R"({"lambda": {"use_docker": false}, "batch": {"use_docker": false}})";
            (void)client.send(config, {});
            return;
        }
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            failure_ = "moto_server exited while starting";
            pid_ = -1;
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    failure_ = "moto_server did not answer within 60 s";
}

MotoServer::~MotoServer() {
    if (pid_ > 0) {
        ::kill(pid_, SIGTERM);
        int status = 0;
        for (int i = 0; i < 50; ++i) {
            if (waitpid(pid_, &status, WNOHANG) == pid_) return;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        ::kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
    }
}

} // namespace cdk::aws::testing

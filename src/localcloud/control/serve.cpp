// control::serve, in a file of its own: only the localcloud program links it (and with it the server,
// every service and OpenSSL). cdkpp's `local` commands use the rest of control and start the server by
// running the localcloud program.
#include "core/fs.hpp"
#include "core/json.hpp"
#include "localcloud/control/control.hpp"
#include "localcloud/server/local_cloud.hpp"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace cdk::localcloud::control {

namespace {

std::atomic<LocalCloud*> g_running{nullptr};

extern "C" void on_stop_signal(int /*signal*/) {
    if (LocalCloud* cloud = g_running.load()) cloud->stop();
}

} // namespace

Result<void> serve(const ControlOptions& options) {
    ServerOptions server;
    server.port = options.port;
    server.data_dir = options.data_dir.empty() ? default_data_dir() : options.data_dir;
    server.accounts_file = options.accounts_file;
    auto cloud = LocalCloud::create(server);
    if (!cloud) return cloud.error();
    if (auto r = (*cloud)->listen(); !r) return r;
    g_running.store(cloud->get());
    struct sigaction sa {};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    ::sigaction(SIGTERM, &sa, nullptr);
    ::sigaction(SIGINT, &sa, nullptr);
    ::signal(SIGPIPE, SIG_IGN);
    const Json info{{"pid", ::getpid()}, {"port", (*cloud)->port()}, {"dataDir", server.data_dir.string()}};
    if (auto w = fs::write_file_atomic(server_file(server.data_dir), info.dump()); !w) return w;
    std::fprintf(stderr, "localcloud: listening on http://127.0.0.1:%d (data dir %s)\n", (*cloud)->port(),
                 server.data_dir.c_str());
    (*cloud)->serve();
    g_running.store(nullptr);
    std::error_code ec;
    std::filesystem::remove(server_file(server.data_dir), ec);
    std::fprintf(stderr, "localcloud: stopped\n");
    return ok();
}

} // namespace cdk::localcloud::control

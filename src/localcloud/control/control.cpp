#include "localcloud/control/control.hpp"

#include "core/fs.hpp"
#include "core/json.hpp"
#include "core/strings.hpp"
#include "localcloud/accounts/accounts.hpp"
#include "localcloud/server/local_cloud.hpp"
#include "localcloud/state/store.hpp"

#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <map>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace cdk::localcloud::control {

namespace {

std::filesystem::path data_dir_of(const ControlOptions& options) {
    return options.data_dir.empty() ? default_data_dir() : options.data_dir;
}

std::filesystem::path server_file(const std::filesystem::path& dir) { return dir / "server.json"; }

/// True when GET /_localcloud/health on the port answers 200.
bool healthy(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    timeval tv{2, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    bool ok = false;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
        const std::string req = "GET /_localcloud/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
        if (::send(fd, req.data(), req.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(req.size())) {
            char buf[256];
            const ssize_t n = ::recv(fd, buf, sizeof buf - 1, 0);
            ok = n > 12 && std::string_view(buf, static_cast<std::size_t>(n)).substr(0, 12) == "HTTP/1.1 200";
        }
    }
    ::close(fd);
    return ok;
}

std::atomic<LocalCloud*> g_running{nullptr};

extern "C" void on_stop_signal(int /*signal*/) {
    if (LocalCloud* cloud = g_running.load()) cloud->stop();
}

/// Replaces or appends `[header]` sections in an INI text.
std::string merge_ini(const std::string& existing, const std::map<std::string, std::string>& sections) {
    std::string out;
    std::string current;
    bool skipping = false;
    for (const auto& line : strings::split(existing, "\n")) {
        const auto t = strings::trim(line);
        if (!t.empty() && t.front() == '[' && t.back() == ']') {
            current = std::string(t.substr(1, t.size() - 2));
            skipping = sections.count(current) != 0;
        }
        if (!skipping) out += line + "\n";
    }
    while (strings::ends_with(out, "\n\n")) out.pop_back();
    for (const auto& [header, body] : sections) out += "\n[" + header + "]\n" + body;
    return std::string(strings::trim(out)) + "\n";
}

std::filesystem::path home() {
    const char* h = std::getenv("HOME");
    return h != nullptr ? std::filesystem::path(h) : std::filesystem::path("/tmp");
}

} // namespace

std::filesystem::path default_data_dir() {
    if (const char* env = std::getenv("CDKPP_LOCALCLOUD_HOME"); env != nullptr && *env != '\0') return env;
    return home() / ".cdkpp" / "localcloud";
}

std::string Status::to_string() const {
    if (!running) return fmt::format("localcloud: stopped (data dir {})", data_dir.string());
    return fmt::format("localcloud: running, pid {}, port {}, endpoint http://127.0.0.1:{}, data dir {}", pid, port,
                       port, data_dir.string());
}

Result<void> serve(const ControlOptions& options) {
    ServerOptions server;
    server.port = options.port;
    server.data_dir = data_dir_of(options);
    server.accounts_file = options.accounts_file;
    auto cloud = LocalCloud::create(server);
    if (!cloud) return cloud.error();
    if (auto r = (*cloud)->listen(); !r) return r;
    g_running.store(cloud->get());
    struct sigaction sa{};
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

Status status(const ControlOptions& options) {
    Status s;
    s.data_dir = data_dir_of(options);
    auto text = fs::read_file(server_file(s.data_dir));
    if (!text) return s;
    try {
        const Json info = Json::parse(*text);
        s.pid = info.value("pid", 0);
        s.port = info.value("port", 0);
    } catch (const std::exception&) {
        return s;
    }
    s.running = s.pid > 0 && ::kill(s.pid, 0) == 0 && healthy(s.port);
    return s;
}

Result<Status> start(const ControlOptions& options) {
    const auto dir = data_dir_of(options);
    if (auto s = status(options); s.running) return s;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    std::filesystem::remove(server_file(dir), ec);
    const pid_t child = ::fork();
    if (child < 0) return make_error("StartFailed", std::string("fork: ") + std::strerror(errno));
    if (child == 0) {
        ::setsid();
        // Double fork: the server is not our child, so it outlives us and never becomes a zombie of the CLI.
        if (::fork() != 0) ::_exit(0);
        const int log = ::open((dir / "localcloud.log").c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        const int null = ::open("/dev/null", O_RDONLY);
        if (null >= 0) ::dup2(null, 0);
        if (log >= 0) {
            ::dup2(log, 1);
            ::dup2(log, 2);
        }
        ControlOptions child_options = options;
        child_options.data_dir = dir;
        auto r = serve(child_options);
        if (!r) std::fprintf(stderr, "localcloud: %s\n", r.error().to_string().c_str());
        ::_exit(r ? 0 : 1);
    }
    int wstatus = 0;
    ::waitpid(child, &wstatus, 0);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
        if (auto s = status(options); s.running) return s;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    auto log = fs::read_file(dir / "localcloud.log");
    std::string tail = log ? *log : "";
    if (tail.size() > 600) tail = tail.substr(tail.size() - 600);
    return make_error("StartFailed", "localcloud did not answer within 20 s; its log " +
                                         (dir / "localcloud.log").string() + " ends with:\n" + tail);
}

Result<Status> stop(const ControlOptions& options) {
    Status s = status(options);
    if (s.pid <= 0 || ::kill(s.pid, 0) != 0) {
        s.running = false;
        return s;
    }
    ::kill(s.pid, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (::kill(s.pid, 0) == 0 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (::kill(s.pid, 0) == 0) ::kill(s.pid, SIGKILL);
    s.running = false;
    return s;
}

Result<void> reset(const ControlOptions& options) {
    const auto dir = data_dir_of(options);
    if (auto s = stop(options); !s) return s.error();
    std::error_code ec;
    for (const char* name : {"state.db", "state.db-wal", "state.db-shm", "server.json"}) {
        std::filesystem::remove(dir / name, ec);
    }
    std::filesystem::remove_all(dir / "objects", ec);
    std::filesystem::remove_all(dir / "tmp", ec);
    if (ec) return make_error("ResetFailed", "cannot wipe " + dir.string() + ": " + ec.message());
    return ok();
}

Result<Profiles> profiles(const ControlOptions& options) {
    const auto dir = data_dir_of(options);
    if (!std::filesystem::exists(dir / "state.db")) {
        return make_error("NoLocalcloudState", "no localcloud state in " + dir.string() +
                                                   "; run `localcloud start` first (it creates the accounts)");
    }
    auto store = Store::open(dir / "state.db");
    if (!store) return store.error();
    auto accounts = read_account_credentials(**store);
    if (!accounts) return accounts.error();
    const Status s = status(options);
    const int port = s.running ? s.port : options.port;
    Profiles out;
    for (const auto& a : *accounts) {
        out.config += fmt::format("[profile {}]\nregion = {}\nendpoint_url = http://127.0.0.1:{}\noutput = json\n\n",
                                  a.account.name, options.region, port);
        out.credentials += fmt::format("[{}]\naws_access_key_id = {}\naws_secret_access_key = {}\n\n", a.account.name,
                                       a.access_key_id, a.secret_access_key);
    }
    return out;
}

Result<std::string> write_profiles(const ControlOptions& options) {
    auto p = profiles(options);
    if (!p) return p.error();
    const char* cfg_env = std::getenv("AWS_CONFIG_FILE");
    const char* cred_env = std::getenv("AWS_SHARED_CREDENTIALS_FILE");
    const std::filesystem::path config = cfg_env ? cfg_env : (home() / ".aws" / "config");
    const std::filesystem::path credentials = cred_env ? cred_env : (home() / ".aws" / "credentials");
    auto sections = [](const std::string& text, bool config_file) {
        std::map<std::string, std::string> out;
        for (const auto& block : strings::split(text, "\n\n")) {
            if (block.empty()) continue;
            const std::size_t nl = block.find('\n');
            std::string header = block.substr(1, block.find(']') - 1);
            (void)config_file;
            out[header] = block.substr(nl + 1) + "\n";
        }
        return out;
    };
    for (const auto& [file, text, is_config] :
         {std::tuple{config, p->config, true}, std::tuple{credentials, p->credentials, false}}) {
        auto old = fs::read_file(file);
        const std::string merged = merge_ini(old ? *old : std::string{}, sections(text, is_config));
        if (auto w = fs::write_file_atomic(file, merged); !w) return w.error();
        if (!is_config) ::chmod(file.c_str(), 0600);
    }
    return "wrote profiles to " + config.string() + " and " + credentials.string();
}

} // namespace cdk::localcloud::control

#include "localcloud/control/control.hpp"

#include "core/fs.hpp"
#include "core/json.hpp"
#include "core/strings.hpp"
#include "localcloud/accounts/accounts.hpp"
#include "localcloud/state/store.hpp"

#include <fmt/format.h>

#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace cdk::localcloud::control {

namespace {

std::filesystem::path data_dir_of(const ControlOptions& options) {
    return options.data_dir.empty() ? default_data_dir() : options.data_dir;
}

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
        const std::string req =
            "GET /_localcloud/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
        if (::send(fd, req.data(), req.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(req.size())) {
            char buf[256];
            const ssize_t n = ::recv(fd, buf, sizeof buf - 1, 0);
            ok = n > 12 && std::string_view(buf, static_cast<std::size_t>(n)).substr(0, 12) == "HTTP/1.1 200";
        }
    }
    ::close(fd);
    return ok;
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
    while (strings::ends_with(out, "\n\n"))
        out.pop_back();
    for (const auto& [header, body] : sections)
        out += "\n[" + header + "]\n" + body;
    return std::string(strings::trim(out)) + "\n";
}

std::filesystem::path home() {
    const char* h = std::getenv("HOME");
    return h != nullptr ? std::filesystem::path(h) : std::filesystem::path("/tmp");
}

/// The localcloud program: `$CDKPP_LOCALCLOUD`, else `localcloud` next to the running program.
Result<std::filesystem::path> localcloud_program() {
    std::filesystem::path program;
    if (const char* env = std::getenv("CDKPP_LOCALCLOUD"); env != nullptr && *env != '\0') {
        program = env;
    } else {
        std::error_code ec;
        const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
        if (ec) {
            return make_error("LocalcloudNotFound",
                              "cannot tell where this program is (/proc/self/exe: " + ec.message() +
                                  "); set CDKPP_LOCALCLOUD to the localcloud program");
        }
        program = self.parent_path() / "localcloud";
    }
    if (::access(program.c_str(), X_OK) != 0) {
        return make_error("LocalcloudNotFound",
                          "cannot run the localcloud program '" + program.string() + "' (" +
                              std::strerror(errno) +
                              "); it is built next to cdkpp (scripts/build puts both in build/bin), or set "
                              "CDKPP_LOCALCLOUD to its path");
    }
    return program;
}

} // namespace

std::filesystem::path server_file(const std::filesystem::path& data_dir) {
    return data_dir / "server.json";
}

std::filesystem::path default_data_dir() {
    if (const char* env = std::getenv("CDKPP_LOCALCLOUD_HOME"); env != nullptr && *env != '\0') return env;
    return home() / ".cdkpp" / "localcloud";
}

std::string Status::to_string() const {
    if (!running) return fmt::format("localcloud: stopped (data dir {})", data_dir.string());
    return fmt::format("localcloud: running, pid {}, port {}, endpoint http://127.0.0.1:{}, data dir {}", pid,
                       port, port, data_dir.string());
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
    // The server is the localcloud program (`localcloud serve`), run in a detached process: cdkpp itself
    // does not carry the server, its services and OpenSSL (docs/localcloud.md).
    auto program = localcloud_program();
    if (!program) return program.error();
    std::vector<std::string> args{program->string(), "serve",     "--port", std::to_string(options.port),
                                  "--data-dir",      dir.string()};
    if (options.accounts_file) {
        args.insert(args.end(), {"--accounts", options.accounts_file->string()});
    }
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    std::filesystem::remove(server_file(dir), ec);
    const std::string log_path = (dir / "localcloud.log").string();
    const pid_t child = ::fork();
    if (child < 0) return make_error("StartFailed", std::string("fork: ") + std::strerror(errno));
    if (child == 0) {
        ::setsid();
        // Double fork: the server is not our child, so it outlives us and never becomes a zombie of the CLI.
        if (::fork() != 0) ::_exit(0);
        const int log = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        const int null = ::open("/dev/null", O_RDONLY);
        if (null >= 0) ::dup2(null, 0);
        if (log >= 0) {
            ::dup2(log, 1);
            ::dup2(log, 2);
        }
        ::execv(argv[0], argv.data());
        std::fprintf(stderr, "localcloud: cannot run %s: %s\n", argv[0], std::strerror(errno));
        ::_exit(127);
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
        return make_error("NoLocalcloudState",
                          "no localcloud state in " + dir.string() +
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
        out.config +=
            fmt::format("[profile {}]\nregion = {}\nendpoint_url = http://127.0.0.1:{}\noutput = json\n\n",
                        a.account.name, options.region, port);
        out.credentials += fmt::format("[{}]\naws_access_key_id = {}\naws_secret_access_key = {}\n\n",
                                       a.account.name, a.access_key_id, a.secret_access_key);
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

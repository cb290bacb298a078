#include "localcloud/repos/git.hpp"

#include "core/strings.hpp"

#include <fmt/format.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace cdk::localcloud::repos {

namespace {

constexpr std::size_t kMaxStderr = 64u << 10;

/// A pipe whose ends close with it.
struct Pipe {
    std::array<int, 2> fd{-1, -1};
    Pipe() = default;
    Pipe(const Pipe&) = delete;
    Pipe& operator=(const Pipe&) = delete;
    ~Pipe() {
        for (int f : fd)
            if (f >= 0) ::close(f);
    }
    bool open() { return ::pipe2(fd.data(), O_CLOEXEC) == 0; }
    void close_end(int i) {
        if (fd[i] >= 0) ::close(fd[i]);
        fd[i] = -1;
    }
};

std::vector<std::string> git_environment(const std::map<std::string, std::string>& extra) {
    std::vector<std::string> env;
    for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
        const std::string_view entry(*e);
        if (strings::starts_with(entry, "GIT_") || strings::starts_with(entry, "LC_ALL=")) continue;
        env.emplace_back(entry);
    }
    env.emplace_back("GIT_TERMINAL_PROMPT=0");
    env.emplace_back("GIT_OPTIONAL_LOCKS=0");
    env.emplace_back("LC_ALL=C");
    for (const auto& [k, v] : extra)
        env.push_back(k + "=" + v);
    return env;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
    std::vector<char*> out;
    out.reserve(strings.size() + 1);
    for (auto& s : strings)
        out.push_back(s.data());
    out.push_back(nullptr);
    return out;
}

int wait_for(pid_t pid) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

} // namespace

Result<GitRun> run_git(const std::vector<std::string>& args, const GitRunOptions& options) {
    std::vector<std::string> argv{"git"};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<std::string> env = git_environment(options.extra_env);
    auto cargv = c_strings(argv);
    auto cenv = c_strings(env);

    Pipe out, err;
    if (!out.open() || !err.open())
        return make_error("GitFailed", std::string("cannot create a pipe: ") + std::strerror(errno));
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out.fd[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err.fd[1], 2);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    posix_spawnattr_setpgroup(&attr, 0);
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &all);
    pid_t pid = 0;
    const int spawned = ::posix_spawnp(&pid, "git", &actions, &attr, cargv.data(), cenv.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (spawned != 0)
        return make_error("GitNotFound", std::string("cannot run git: ") + std::strerror(spawned));
    out.close_end(1);
    err.close_end(1);

    GitRun run;
    const auto deadline = std::chrono::steady_clock::now() + options.timeout;
    std::array<pollfd, 2> fds{pollfd{out.fd[0], POLLIN, 0}, pollfd{err.fd[0], POLLIN, 0}};
    std::array<char, 65536> buffer{};
    std::optional<Error> failure;
    while ((fds[0].fd >= 0 || fds[1].fd >= 0) && !failure) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            failure =
                make_error("GitTimeout", fmt::format("git {} ran longer than {} ms",
                                                     args.empty() ? "" : args[0], options.timeout.count()));
            break;
        }
        const int ready =
            ::poll(fds.data(), fds.size(), static_cast<int>(std::min<long long>(left.count(), 1000)));
        if (ready < 0 && errno != EINTR) {
            failure = make_error("GitFailed", std::string("poll: ") + std::strerror(errno));
            break;
        }
        for (std::size_t i = 0; i < fds.size(); ++i) {
            if (fds[i].fd < 0 || (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
            const ssize_t n = ::read(fds[i].fd, buffer.data(), buffer.size());
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                fds[i].fd = -1;
                continue;
            }
            std::string& sink = i == 0 ? run.out : run.err;
            sink.append(buffer.data(), static_cast<std::size_t>(n));
            if (i == 0 && run.out.size() > options.max_output) {
                failure = make_error("GitOutputTooLarge",
                                     fmt::format("git {} wrote more than {} bytes",
                                                 args.empty() ? "" : args[0], options.max_output));
                break;
            }
            if (i == 1 && run.err.size() > kMaxStderr) run.err.erase(0, run.err.size() - kMaxStderr);
        }
    }
    if (failure) ::kill(-pid, SIGKILL);
    run.exit_code = wait_for(pid);
    if (failure) return *failure;
    return run;
}

bool is_full_object_id(std::string_view text) {
    if (text.size() != 40 && text.size() != 64) return false;
    for (char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

bool is_hex_prefix(std::string_view text) {
    if (text.size() < 4 || text.size() > 64) return false;
    for (char c : text)
        if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
    return true;
}

bool is_safe_ref_name(std::string_view ref) {
    if (ref.empty() || ref.size() > 255 || ref.front() == '-' || ref.front() == '/' || ref.back() == '/' ||
        ref.back() == '.' || ref == "@") {
        return false;
    }
    for (char c : ref) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f || std::strchr("~^:?*[\\", c) != nullptr) return false;
    }
    if (ref.find("..") != std::string_view::npos || ref.find("@{") != std::string_view::npos ||
        ref.find("//") != std::string_view::npos) {
        return false;
    }
    for (const std::string& part : strings::split(ref, "/")) {
        if (part.empty() || part.front() == '.' || part.front() == '-' || strings::ends_with(part, ".lock")) {
            return false;
        }
    }
    return true;
}

} // namespace cdk::localcloud::repos

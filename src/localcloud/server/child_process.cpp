#include "localcloud/server/child_process.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace cdk::localcloud {

namespace {

/// Longest line handed on whole; a longer one is split (the log stays bounded per event, as in CloudWatch
/// Logs).
constexpr std::size_t kMaxLine = 64 * 1024;

} // namespace

Result<ChildOutcome> run_child(const std::vector<std::string>& argv,
                               const std::map<std::string, std::string>& env,
                               const std::filesystem::path& cwd, ChildControl control,
                               const std::function<void(const std::string&)>& line) {
    std::vector<std::string> env_strings;
    env_strings.reserve(env.size());
    for (const auto& [k, v] : env)
        env_strings.push_back(k + "=" + v);
    std::vector<char*> cargv;
    for (const auto& a : argv)
        cargv.push_back(const_cast<char*>(a.c_str()));
    cargv.push_back(nullptr);
    std::vector<char*> cenv;
    for (auto& e : env_strings)
        cenv.push_back(e.data());
    cenv.push_back(nullptr);
    const std::string cwd_path = cwd.string();
    const std::string path_env = env.count("PATH") != 0 ? env.at("PATH") : "/usr/local/bin:/usr/bin:/bin";
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        return make_error("InternalFailure", std::string("cannot create a pipe: ") + std::strerror(errno),
                          500);
    }
    const pid_t pid = ::fork();
    if (pid < 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        return make_error("InternalFailure", std::string("cannot start a process: ") + std::strerror(errno),
                          500);
    }
    if (pid == 0) {
        ::setpgid(0, 0);
        ::dup2(fds[1], 1);
        ::dup2(fds[1], 2);
        const int null_in = ::open("/dev/null", O_RDONLY);
        if (null_in >= 0) ::dup2(null_in, 0);
        // Signals the server ignores or blocks must not stay so in the build.
        ::signal(SIGPIPE, SIG_DFL);
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        if (::chdir(cwd_path.c_str()) != 0) ::_exit(126);
        ::setenv("PATH", path_env.c_str(), 1); // where execvpe looks argv[0] up
        ::execvpe(cargv[0], cargv.data(), cenv.data());
        ::_exit(127);
    }
    ::setpgid(pid, pid); // also here: the group exists before anyone signals it
    control.process_group = pid;
    ::close(fds[1]);
    ChildOutcome outcome;
    std::string pending;
    char buf[8192];
    auto kill_group = [&] { ::kill(-pid, SIGKILL); };
    int status = 0;
    bool exited = false;
    // After the command exits, what it left in the background is killed; a process that left the group
    // (setsid) could hold the pipe open for ever, so the rest of the output is read for at most a second.
    std::chrono::steady_clock::time_point drain_until{};
    while (true) {
        if (!exited) {
            const pid_t r = ::waitpid(pid, &status, WNOHANG);
            if (r == pid) {
                exited = true;
                kill_group();
                drain_until = std::chrono::steady_clock::now() + std::chrono::seconds(1);
            } else if (control.stop) {
                outcome.stopped = true;
                kill_group();
            } else if (std::chrono::steady_clock::now() >= control.deadline) {
                outcome.timed_out = true;
                kill_group();
            }
        } else if (std::chrono::steady_clock::now() >= drain_until) {
            break;
        }
        pollfd p{fds[0], POLLIN, 0};
        const int ready = ::poll(&p, 1, 20);
        if (ready < 0 && errno != EINTR) break;
        if (ready <= 0) continue;
        const ssize_t n = ::read(fds[0], buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break; // every writer is gone
        pending.append(buf, static_cast<std::size_t>(n));
        std::size_t start = 0;
        for (std::size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1) {
            line(pending.substr(start, nl - start));
        }
        pending.erase(0, start);
        while (pending.size() > kMaxLine) {
            line(pending.substr(0, kMaxLine));
            pending.erase(0, kMaxLine);
        }
    }
    if (!pending.empty()) line(pending);
    ::close(fds[0]);
    if (!exited) {
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
    }
    kill_group();
    control.process_group = 0;
    if (WIFEXITED(status))
        outcome.exit_code = WEXITSTATUS(status);
    else if (WIFSIGNALED(status))
        outcome.exit_code = 128 + WTERMSIG(status);
    return outcome;
}

bool run_tool(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
              std::chrono::minutes limit, std::string& output, std::atomic<pid_t>* process_group) {
    std::atomic<bool> never{false};
    std::atomic<pid_t> own_group{0};
    auto ran = run_child(
        argv, {{"PATH", "/usr/bin:/bin"}}, cwd,
        {never, std::chrono::steady_clock::now() + limit, process_group ? *process_group : own_group},
        [&](const std::string& l) { output += l + "\n"; });
    return ran && ran->exit_code == 0;
}

} // namespace cdk::localcloud

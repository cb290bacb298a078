#include "toolkit/detail/process.hpp"

#include <cerrno>
#include <cstring>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace cdk::toolkit::detail {

std::map<std::string, std::string> current_environment() {
    std::map<std::string, std::string> out;
    for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
        const std::string entry(*e);
        const auto eq = entry.find('=');
        if (eq == std::string::npos) continue;
        out.emplace(entry.substr(0, eq), entry.substr(eq + 1));
    }
    return out;
}

Result<ProcessExit> run_shell(const std::string& command, const std::filesystem::path& cwd,
                              const std::map<std::string, std::string>& environment) {
    // Everything the child needs is prepared before fork: after it, only async-signal-safe calls.
    std::vector<std::string> env_strings;
    env_strings.reserve(environment.size());
    for (const auto& [k, v] : environment)
        env_strings.push_back(k + "=" + v);
    std::vector<char*> envp;
    for (auto& s : env_strings)
        envp.push_back(s.data());
    envp.push_back(nullptr);
    std::string sh = "/bin/sh";
    std::string dash_c = "-c";
    std::string cmd = command;
    char* argv[] = {sh.data(), dash_c.data(), cmd.data(), nullptr};
    const std::string dir = cwd.string();

    const pid_t pid = ::fork();
    if (pid < 0) {
        return make_error("AppSpawnFailed", "cannot start '" + command + "': " + std::strerror(errno));
    }
    if (pid == 0) {
        if (!dir.empty() && ::chdir(dir.c_str()) != 0) ::_exit(126);
        ::dup2(STDERR_FILENO, STDOUT_FILENO);
        ::execve(sh.c_str(), argv, envp.data());
        ::_exit(127);
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            return make_error("AppSpawnFailed", "cannot wait for '" + command + "': " + std::strerror(errno));
        }
    }
    ProcessExit exit;
    if (WIFSIGNALED(status)) {
        exit.signal = WTERMSIG(status);
    } else {
        exit.exit_code = WEXITSTATUS(status);
    }
    return exit;
}

} // namespace cdk::toolkit::detail

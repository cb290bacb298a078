#include "toolkit/detail/process.hpp"

#include <cerrno>
#include <cstring>
#include <optional>
#include <spawn.h>
#include <string_view>
#include <sys/wait.h>
#include <system_error>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace cdk::toolkit::detail {

namespace {

// The words of a command that /bin/sh would run as one program with literal arguments: the first word is
// a path (it has a '/', so there is no PATH lookup, builtin or assignment), and every character is one the
// shell gives no meaning to. Anything else (quotes, $, globs, ~, redirections, ;, &&, |, tabs, newlines)
// returns nothing and goes through /bin/sh -c.
std::optional<std::vector<std::string>> plain_command(const std::string& command) {
    constexpr std::string_view kPlain = "_/.,:=+-@%";
    std::vector<std::string> words;
    std::string word;
    for (const char c : command) {
        if (c == ' ') {
            if (!word.empty()) words.push_back(std::move(word));
            word.clear();
            continue;
        }
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && kPlain.find(c) == std::string_view::npos) return std::nullopt;
        word += c;
    }
    if (!word.empty()) words.push_back(std::move(word));
    if (words.empty() || words.front().find('/') == std::string::npos ||
        words.front().find('=') != std::string::npos) {
        return std::nullopt;
    }
    return words;
}

// What sh does to an exported PWD before it runs a command: it names the directory the command runs in.
void update_pwd(std::map<std::string, std::string>& environment, const std::filesystem::path& cwd) {
    const auto pwd = environment.find("PWD");
    if (pwd == environment.end()) return;
    std::error_code ec;
    const std::filesystem::path dir = cwd.empty() ? std::filesystem::current_path(ec) : cwd;
    if (ec || dir.empty()) return;
    if (std::filesystem::equivalent(pwd->second, dir, ec) && !ec) return;
    const auto canonical = std::filesystem::canonical(dir, ec);
    if (!ec) pwd->second = canonical.string();
}

} // namespace

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
    // A plain command is exec'ed directly: no /bin/sh start, and no fork inside it (dash forks even for
    // the last command of -c), about 1 ms less per app run (docs/performance.md, "Start-up").
    auto words = plain_command(command);
    std::map<std::string, std::string> env_map = environment;
    if (words) update_pwd(env_map, cwd);
    std::vector<char*> direct_argv;
    if (words) {
        for (auto& w : *words)
            direct_argv.push_back(w.data());
        direct_argv.push_back(nullptr);
    }
    std::vector<std::string> env_strings;
    env_strings.reserve(env_map.size());
    for (const auto& [k, v] : env_map)
        env_strings.push_back(k + "=" + v);
    std::vector<char*> envp;
    for (auto& s : env_strings)
        envp.push_back(s.data());
    envp.push_back(nullptr);
    std::string sh = "/bin/sh";
    std::string dash_c = "-c";
    std::string cmd = command;
    char* sh_argv[] = {sh.data(), dash_c.data(), cmd.data(), nullptr};
    const std::string dir = cwd.string();

    // posix_spawn (a vfork: no copy of this process's page tables) with the child's set-up as file
    // actions: its working directory, and its stdout joined to our stderr.
    posix_spawn_file_actions_t actions;
    ::posix_spawn_file_actions_init(&actions);
    if (!dir.empty()) ::posix_spawn_file_actions_addchdir_np(&actions, dir.c_str());
    ::posix_spawn_file_actions_adddup2(&actions, STDERR_FILENO, STDOUT_FILENO);
    pid_t pid = -1;
    int rc = -1;
    if (!direct_argv.empty())
        rc = ::posix_spawn(&pid, direct_argv[0], &actions, nullptr, direct_argv.data(), envp.data());
    // If the direct exec fails (missing, not executable, a script without #!), sh runs the command and
    // reports it exactly as before (exit 127 or 126 with its message).
    if (rc != 0) rc = ::posix_spawn(&pid, sh.c_str(), &actions, nullptr, sh_argv, envp.data());
    ::posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        return make_error("AppSpawnFailed", "cannot start '" + command + "'" +
                                                (dir.empty() ? "" : " in '" + dir + "'") + ": " +
                                                std::strerror(rc));
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

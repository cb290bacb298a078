#include "apps/cli/init/git_repository.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <vector>

extern char** environ;

namespace cdk::cli::init {
namespace {

/// Runs `argv` (found on PATH) in `dir` with stdout and stderr sent to /dev/null; its exit code, or -1
/// when it could not be started.
int run_quietly(const std::filesystem::path& dir, std::vector<std::string> argv) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addchdir_np(&actions, dir.c_str());
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    std::vector<char*> args;
    for (auto& a : argv)
        args.push_back(a.data());
    args.push_back(nullptr);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) return -1;
    int status = 0;
    if (waitpid(pid, &status, 0) < 0) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

} // namespace

bool inside_git_work_tree(const std::filesystem::path& dir) {
    return run_quietly(dir, {"git", "rev-parse", "--is-inside-work-tree"}) == 0;
}

Result<void> initialize_git_repository(const std::filesystem::path& dir) {
    const std::vector<std::vector<std::string>> steps = {
        {"git", "init"}, {"git", "add", "."}, {"git", "commit", "--message=Initial commit", "--no-gpg-sign"}};
    for (const auto& step : steps) {
        const int rc = run_quietly(dir, step);
        if (rc != 0) {
            std::string command;
            for (const auto& a : step)
                command += (command.empty() ? "" : " ") + a;
            return make_error("GitFailed", "`" + command + "` " +
                                               (rc < 0 ? std::string("could not run (is git installed?)")
                                                       : "exited with " + std::to_string(rc)));
        }
    }
    return ok();
}

} // namespace cdk::cli::init

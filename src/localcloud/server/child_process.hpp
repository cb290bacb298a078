#pragma once

#include "core/result.hpp"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <sys/types.h>
#include <vector>

namespace cdk::localcloud {

/// How a child process ended.
struct ChildOutcome {
    int exit_code = -1;
    bool stopped = false;   ///< `stop` was set while it ran
    bool timed_out = false; ///< the deadline passed
};

/// What a running child may be interrupted by: a stop request and a deadline, polled while it runs.
struct ChildControl {
    std::atomic<bool>& stop;
    std::chrono::steady_clock::time_point deadline;
    /// The child's process group while it runs (0 otherwise), so that another thread can see it.
    std::atomic<pid_t>& process_group;
};

/// Runs `argv` (argv[0] looked up on env's PATH) in its own process group, in `cwd`, with exactly `env`,
/// stdin /dev/null, and its stdout and stderr (interleaved, as one pipe) handed to `line` one line at a time
/// as they come (without the newline). On a stop or at the deadline the whole process group is killed
/// (SIGKILL). Background processes the child leaves behind are killed with its group when it ends. Lambda's
/// handlers and CodeBuild's commands run through it.
[[nodiscard]] Result<ChildOutcome> run_child(const std::vector<std::string>& argv,
                                             const std::map<std::string, std::string>& env,
                                             const std::filesystem::path& cwd, ChildControl control,
                                             const std::function<void(const std::string&)>& line);

/// Runs one of the host's tools (zip, unzip, tar: argv[0] an absolute path) with PATH=/usr/bin:/bin in `cwd`,
/// killed with its group after `limit`; its output is appended to `output`. True when it exits 0.
/// `process_group` (optional) lets another thread kill it, as a build's StopBuild does.
[[nodiscard]] bool run_tool(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                            std::chrono::minutes limit, std::string& output,
                            std::atomic<pid_t>* process_group = nullptr);

} // namespace cdk::localcloud

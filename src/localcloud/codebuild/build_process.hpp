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

namespace cdk::localcloud::codebuild {

/// How a build's command process ended.
struct CommandOutcome {
    int exit_code = -1;
    bool stopped = false;    ///< the build was stopped (StopBuild, or localcloud stopping)
    bool timed_out = false;  ///< the build's deadline passed
};

/// What a running command may be interrupted by: a stop request and a deadline, polled while it runs.
struct CommandControl {
    std::atomic<bool>& stop;
    std::chrono::steady_clock::time_point deadline;
    /// The command's process group while it runs (0 otherwise), so a stop from another thread can kill it.
    std::atomic<pid_t>& process_group;
};

/// Runs `argv` in its own process group, in `cwd`, with exactly `env`, stdin /dev/null, and its stdout and
/// stderr (interleaved, as one pipe) handed to `line` one line at a time as they come. On a stop or at the
/// deadline the whole process group is killed (SIGKILL). Background processes the command leaves behind are
/// killed with the group when it ends, as CodeBuild's container would end them.
[[nodiscard]] Result<CommandOutcome> run_command(const std::vector<std::string>& argv,
                                                 const std::map<std::string, std::string>& env,
                                                 const std::filesystem::path& cwd, CommandControl control,
                                                 const std::function<void(const std::string&)>& line);

} // namespace cdk::localcloud::codebuild

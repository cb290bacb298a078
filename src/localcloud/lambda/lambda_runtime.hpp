#pragma once

#include "core/result.hpp"

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace cdk::localcloud::lambda {

/// How a child process ended.
struct ProcessResult {
    int exit_code = -1;
    bool timed_out = false;
    std::string output;  ///< stdout and stderr, interleaved
};

/// Runs `argv` (argv[0] looked up on PATH) in `cwd` with exactly `env`, killing its process group after
/// `timeout` (server/child_process), and returns its whole output.
[[nodiscard]] Result<ProcessResult> run_process(const std::vector<std::string>& argv,
                                                const std::map<std::string, std::string>& env,
                                                const std::filesystem::path& cwd, std::chrono::milliseconds timeout);

/// One handler invocation.
struct RuntimeRequest {
    std::string runtime;   ///< nodejs20.x, python3.12, …
    std::string handler;   ///< file.function
    std::filesystem::path code_dir;
    std::filesystem::path scratch_dir;  ///< where the shim and per-invocation files live
    std::string event;     ///< JSON text
    std::map<std::string, std::string> env;
    int timeout_seconds = 3;
    std::string request_id;
};

/// What the handler did: `result` JSON text, or `error` as AWS reports it ({errorMessage, errorType,
/// stackTrace}); the log has START/END/REPORT lines around the function's output.
struct RuntimeResult {
    bool failed = false;
    std::string payload;
    std::string log;
};

/// Whether the machine's interpreters run `runtime` (nodejs* with `node`, python3.* with `python3`).
[[nodiscard]] bool supported_runtime(const std::string& runtime);

/// Runs the handler in a child process through a small shim (node or python) that passes event and context
/// (functionName, awsRequestId, invokedFunctionArn, memoryLimitInMB, getRemainingTimeInMillis …).
[[nodiscard]] Result<RuntimeResult> run_handler(const RuntimeRequest& request);

} // namespace cdk::localcloud::lambda

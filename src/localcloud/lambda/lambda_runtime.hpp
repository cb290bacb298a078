#pragma once

#include "core/result.hpp"

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace cdk::localcloud::lambda {

/// How a child process ended.
struct ProcessResult {
    int exit_code = -1;
    bool timed_out = false;
    std::string output; ///< stdout and stderr, interleaved
};

/// Runs `argv` (argv[0] looked up on PATH) in `cwd` with exactly `env`, killing its process group after
/// `timeout` (server/child_process), and returns its whole output.
[[nodiscard]] Result<ProcessResult> run_process(const std::vector<std::string>& argv,
                                                const std::map<std::string, std::string>& env,
                                                const std::filesystem::path& cwd,
                                                std::chrono::milliseconds timeout);

/// One handler invocation.
struct RuntimeRequest {
    std::string runtime; ///< nodejs20.x, python3.12, …
    std::string handler; ///< file.function
    std::filesystem::path code_dir;
    std::filesystem::path scratch_dir; ///< where the shim and per-invocation files live
    std::string event;                 ///< JSON text
    std::map<std::string, std::string> env;
    int timeout_seconds = 3;
    std::string request_id;
    /// AWS_LAMBDA_LOG_STREAM_NAME of a new process (a warm process keeps the stream it was started with).
    std::string log_stream;
    /// Warm processes are reused for requests of the same key only (function, version, code, role session).
    std::string pool_key;
};

/// What the handler did: `result` JSON text, or `error` as AWS reports it ({errorMessage, errorType,
/// stackTrace}); the log has START/END/REPORT lines around the function's output.
struct RuntimeResult {
    bool failed = false;
    std::string payload;
    std::string log;
    std::string log_stream; ///< the stream the process writes (the request's, or a warm process's own)
    bool cold = true;       ///< a new process ran it
    long long init_ms = -1; ///< a new warm process: until its handler module was loaded
    long long duration_ms = 0;
};

/// Warm handler processes, as Lambda keeps execution environments between invocations: a process loads the
/// handler module once and then serves one invocation at a time, each a line on its stdin (the shim's `serve`
/// mode). A process that times out or exits is discarded (its process group killed); an idle one is kept for
/// ten minutes, at most 32 in all. `CDKPP_LOCALCLOUD_LAMBDA_WARM=0` turns them off (a process per
/// invocation).
class WarmPool {
public:
    struct Worker;
    WarmPool();
    ~WarmPool();
    WarmPool(const WarmPool&) = delete;
    WarmPool& operator=(const WarmPool&) = delete;

    /// An idle process of `key`, or null.
    [[nodiscard]] std::unique_ptr<Worker> take(const std::string& key);
    void give_back(const std::string& key, std::unique_ptr<Worker> worker);
    /// Ends the idle processes whose key starts with `prefix` (a function updated or deleted).
    void retire(const std::string& prefix);
    [[nodiscard]] std::size_t idle_count();

private:
    std::mutex mutex_;
    std::multimap<std::string, std::unique_ptr<Worker>> idle_;
};

/// Whether warm processes are on (`CDKPP_LOCALCLOUD_LAMBDA_WARM`, default on).
[[nodiscard]] bool warm_enabled();

/// Where the AWS SDK for JavaScript v3 that Node.js handlers get (NODE_PATH) is: `CDKPP_LOCALCLOUD_NODE_SDK`,
/// else the source tree's third_party/npm-runtime/node_modules (installed by scripts/setup) when it exists,
/// else "".
[[nodiscard]] std::string node_sdk_path();

/// The interpreter of `runtime`: `CDKPP_LOCALCLOUD_NODE` / `CDKPP_LOCALCLOUD_PYTHON`, else the first `node` /
/// the first `python3` that can import boto3 (the Python runtime provides it) on localcloud's PATH and then
/// /usr/local/bin:/usr/bin:/bin. Looked up once.
[[nodiscard]] std::string interpreter(const std::string& runtime);

/// Whether the machine's interpreters run `runtime` (nodejs* with `node`, python3.* with `python3`).
[[nodiscard]] bool supported_runtime(const std::string& runtime);

/// Runs the handler through a small shim (node or python) that passes event and context (functionName,
/// awsRequestId, invokedFunctionArn, memoryLimitInMB, getRemainingTimeInMillis …): in a warm process of
/// `pool` (reused, or started), or with `pool` null in a process of its own. The timeout kills the process
/// group.
[[nodiscard]] Result<RuntimeResult> run_handler(const RuntimeRequest& request, WarmPool* pool = nullptr);

} // namespace cdk::localcloud::lambda

#pragma once

#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/lambda/lambda_runtime.hpp"
#include "localcloud/server/cloud_context.hpp"
#include "localcloud/server/service.hpp"
#include "localcloud/sts/role_sessions.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace cdk::localcloud::lambda {

/// What every LambdaBackend of one cloud shares while functions run: the execution roles' sessions (assumed
/// as lambda.amazonaws.com, one per function and role, renewed before expiry), the count of running
/// invocations per function (reserved concurrency), the service registry destinations are delivered through,
/// and the warm handler processes (lambda_runtime's WarmPool). One per CloudContext, made on first use.
class Executor {
public:
    explicit Executor(CloudContext& cloud) : sessions(cloud, "lambda.amazonaws.com") {}

    /// The executor of `cloud`.
    [[nodiscard]] static std::shared_ptr<Executor> of(CloudContext& cloud);

    sts::RoleSessions sessions;
    /// Warm handler processes (when warm_enabled()).
    WarmPool pool;
    /// Set by register_lambda: SQS, SNS and Lambda destinations are called through it as the function's role.
    ServiceRegistry* services = nullptr;

    /// Takes one of the function's `reserved` concurrent executions (unlimited when `reserved` < 0); false
    /// when all are taken (the invocation is throttled).
    [[nodiscard]] bool acquire(const std::string& function_arn, long long reserved);
    void release(const std::string& function_arn);

    /// Code directories in use: an invocation holds its function's directories from the read transaction that
    /// found them (so an UpdateFunctionCode or DeleteFunction that commits after that read returns only after
    /// the hold is taken: the store's writes wait for the reads that began before them) until it ends. A
    /// directory discarded while held is removed by its last holder; one not held, at once.
    class CodeHold {
    public:
        CodeHold(Executor& executor, std::vector<std::string> dirs);
        ~CodeHold();
        CodeHold(const CodeHold&) = delete;
        CodeHold& operator=(const CodeHold&) = delete;

    private:
        Executor& executor_;
        std::vector<std::string> dirs_;
    };
    void discard_code(const std::string& dir);

private:
    std::mutex mutex_;
    std::map<std::string, long long> running_;
    std::map<std::string, int> code_holders_;
    std::set<std::string> discarded_;
};

} // namespace cdk::localcloud::lambda

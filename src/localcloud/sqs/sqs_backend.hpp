#pragma once

#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/auth/caller.hpp"
#include "localcloud/iam/policy_evaluator.hpp"
#include "localcloud/server/cloud_context.hpp"

#include <string>
#include <vector>

namespace cdk::localcloud::sqs {

/// Who asks, where, with which condition keys.
struct SqsCall {
    Caller caller;
    std::string region;
    iam::Context context;
};

/// SQS queues (no messages yet): name, URL, ARN, attributes (as SQS reports them: strings), tags and the queue
/// policy, which is evaluated as a resource policy. Every method authorizes `sqs:<Action>` on the queue ARN.
class SqsBackend {
public:
    explicit SqsBackend(CloudContext& cloud) : cloud_(cloud) {}

    /// Creates the queue; creating an existing queue with the same attributes returns it (as SQS does).
    [[nodiscard]] Result<Json> create_queue(const SqsCall& call, const std::string& name, const Json& attributes,
                                            const Json& tags);
    /// The queue a URL (or name in the caller's account) points at, authorized for `action`.
    [[nodiscard]] Result<Json> get_queue(const SqsCall& call, const std::string& url_or_name, const std::string& action);
    [[nodiscard]] Result<Json> set_attributes(const SqsCall& call, const std::string& url, const Json& attributes);
    [[nodiscard]] Result<void> delete_queue(const SqsCall& call, const std::string& url);
    [[nodiscard]] Result<std::vector<Json>> list_queues(const SqsCall& call, const std::string& prefix);

    [[nodiscard]] static std::string url(const std::string& region, const std::string& account, const std::string& name);

private:
    CloudContext& cloud_;
};

} // namespace cdk::localcloud::sqs

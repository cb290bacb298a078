#pragma once

#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/auth/caller.hpp"
#include "localcloud/iam/policy_evaluator.hpp"
#include "localcloud/server/cloud_context.hpp"
#include "localcloud/state/store.hpp"

#include <optional>
#include <string>
#include <vector>

namespace cdk::localcloud::logs {

/// One event to append: milliseconds since the epoch and the message text (UTF-8).
struct LogEvent {
    long long timestamp_ms = 0;
    std::string message;
};

/// One stored event as it reads back.
struct StoredEvent {
    long long timestamp_ms = 0;
    long long ingestion_ms = 0;
    std::string message;
    std::string stream;
    /// Unique within the log group; sorts as (timestamp, order of arrival).
    std::string event_id;
};

/// Who calls the API, from where: the caller, the request's region and its global condition keys.
struct LogsCall {
    Caller caller;
    std::string region;
    iam::Context context;
};

/// CloudWatch Logs: log groups, log streams and their events, in the store.
///
/// State: a group is entity `logs:group` named by the group name; a stream `logs:stream` named
/// `<group>:<stream>`; events `logs:events` in chunks (one per append) named `<group>:<stream>:<chunk>`
/// (`:` is in neither name's character set, so the prefixes never overlap).
///
/// ### Internal API (for other services of localcloud: CodeBuild writes its builds' logs here)
/// `append` and `read_events` do no authorization: the caller is localcloud itself writing as the service
/// (as CodeBuild writes to CloudWatch Logs with the project's role, the role's permission being checked by
/// the caller where it matters). Each comes in two forms:
///  * with a `Tx&`: joins the caller's open store transaction (call it from inside `Store::write`/`read`);
///    nothing is committed until that transaction commits;
///  * without one: opens its own transaction. Never call that form from inside a store callback (the
///    store's mutex is not recursive: it would deadlock).
/// `append` creates the group and the stream when missing (as CodeBuild creates `/aws/codebuild/<project>`),
/// appends in the given order, and never rejects an event for its age (AWS's 14-day and 2-hour windows
/// apply to PutLogEvents only); a message that is not UTF-8 is stored with its invalid bytes replaced (as
/// `strings::to_valid_utf8` does), a negative timestamp as 0. It is safe from many threads at once (the store
/// serializes writes). Names are checked as CreateLogGroup/CreateLogStream check them
/// (InvalidParameterException). The own-transaction form commits (fsyncs) once per call, about 4 ms: append
/// output in batches (every few hundred milliseconds or lines), not one call per line; every call adds one
/// chunk.
class LogsBackend {
public:
    explicit LogsBackend(CloudContext& cloud) : cloud_(cloud) {}

    [[nodiscard]] Result<void> append(Tx& tx, const Scope& scope, const std::string& group,
                                      const std::string& stream, const std::vector<LogEvent>& events);
    [[nodiscard]] Result<void> append(const Scope& scope, const std::string& group, const std::string& stream,
                                      const std::vector<LogEvent>& events);
    /// The stream's events by (timestamp, arrival), or ResourceNotFoundException for a missing group/stream.
    [[nodiscard]] Result<std::vector<StoredEvent>>
    read_events(Tx& tx, const Scope& scope, const std::string& group, const std::string& stream);
    [[nodiscard]] Result<std::vector<StoredEvent>> read_events(const Scope& scope, const std::string& group,
                                                               const std::string& stream);

    // ---- the API, authorized as `call.caller` (`logs:<Action>`) in the caller's account ----
    // Inputs and outputs are the operations' shapes in the CloudWatch Logs model (member names).

    [[nodiscard]] Result<Json> create_log_group(Tx& tx, const LogsCall& call, const Json& in);
    [[nodiscard]] Result<Json> delete_log_group(Tx& tx, const LogsCall& call, const Json& in);
    [[nodiscard]] Result<Json> describe_log_groups(Tx& tx, const LogsCall& call, const Json& in);
    [[nodiscard]] Result<Json> put_retention_policy(Tx& tx, const LogsCall& call, const Json& in);
    [[nodiscard]] Result<Json> delete_retention_policy(Tx& tx, const LogsCall& call, const Json& in);
    [[nodiscard]] Result<Json> create_log_stream(Tx& tx, const LogsCall& call, const Json& in);
    [[nodiscard]] Result<Json> delete_log_stream(Tx& tx, const LogsCall& call, const Json& in);
    [[nodiscard]] Result<Json> describe_log_streams(Tx& tx, const LogsCall& call, const Json& in);
    [[nodiscard]] Result<Json> put_log_events(Tx& tx, const LogsCall& call, const Json& in);
    [[nodiscard]] Result<Json> get_log_events(Tx& tx, const LogsCall& call, const Json& in);
    [[nodiscard]] Result<Json> filter_log_events(Tx& tx, const LogsCall& call, const Json& in);
    // Metric and subscription filters (logs_filters.cpp), stored on their log group's record.
    [[nodiscard]] Result<Json> put_metric_filter(Tx& tx, const LogsCall& call, const Json& in);
    [[nodiscard]] Result<Json> delete_metric_filter(Tx& tx, const LogsCall& call, const Json& in);
    /// One group's filters (logGroupName), or every group's of the account (none given).
    [[nodiscard]] Result<Json> describe_metric_filters(Tx& tx, const LogsCall& call, const Json& in);
    /// At most two per log group, as CloudWatch Logs allows.
    [[nodiscard]] Result<Json> put_subscription_filter(Tx& tx, const LogsCall& call, const Json& in);
    [[nodiscard]] Result<Json> delete_subscription_filter(Tx& tx, const LogsCall& call, const Json& in);
    [[nodiscard]] Result<Json> describe_subscription_filters(Tx& tx, const LogsCall& call, const Json& in);
    /// TagResource / UntagResource / ListTagsForResource (by ARN) and the older TagLogGroup /
    /// UntagLogGroup / ListTagsLogGroup (by name): `op` is the operation's name.
    [[nodiscard]] Result<Json> tags(Tx& tx, const LogsCall& call, const std::string& op, const Json& in);

    /// The group's record (API shape of DescribeLogGroups) or ResourceNotFoundException.
    [[nodiscard]] Result<Json> get_group(Tx& tx, const Scope& scope, const std::string& group);

    /// `arn:aws:logs:<region>:<account>:log-group:<group>` (the Arn attribute and DescribeLogGroups' `arn`
    /// add `:*`).
    [[nodiscard]] static std::string group_arn(const Scope& scope, const std::string& group);
    /// Whether `days` is one of the retention periods CloudWatch Logs accepts.
    [[nodiscard]] static bool valid_retention(long long days);

private:
    /// The group and stream an operation names (logGroupName or logGroupIdentifier, logStreamName), checked
    /// and authorized for `action` on the stream's ARN.
    struct StreamRef {
        Scope scope;
        std::string group;
        std::string stream;
    };
    Result<StreamRef> authorized_stream(Tx& tx, const LogsCall& call, const Json& in,
                                        const std::string& action);
    Result<Json> save_group(Tx& tx, const LogsCall& call, const Json& group);
    Result<void> authorize(Tx& tx, const LogsCall& call, const std::string& action,
                           const std::string& resource);
    Result<Json> authorized_group(Tx& tx, const LogsCall& call, const Json& in, const std::string& action);
    Result<std::vector<StoredEvent>> stream_events(Tx& tx, const Scope& scope, const std::string& group,
                                                   const std::string& stream, long long now_ms);
    Result<Json> append_events(Tx& tx, const Scope& scope, Json group, const std::string& stream,
                               const std::vector<LogEvent>& events, long long now_ms);

    CloudContext& cloud_;
};

} // namespace cdk::localcloud::logs

#include "localcloud/logs/cfn_filter_providers.hpp"
#include "localcloud/logs/cfn_log_group_provider.hpp"
#include "localcloud/logs/logs_backend.hpp"
#include "localcloud/logs/logs_routes.hpp"
#include "localcloud/protocol/model_service.hpp"

namespace cdk::localcloud::logs {

namespace {

using Operations = ModelOperations<LogsBackend, LogsCall>;

/// A tagging operation: LogsBackend::tags with the operation's name.
ModelOperation<LogsBackend, LogsCall> tagging(const char* op, bool reads) {
    return {[op](LogsBackend& b, Tx& tx, const LogsCall& c, const Json& in) { return b.tags(tx, c, op, in); },
            reads};
}

const Operations& operations() {
    static const Operations kOperations = {
        {"CreateLogGroup", {&LogsBackend::create_log_group}},
        {"DeleteLogGroup", {&LogsBackend::delete_log_group}},
        {"DescribeLogGroups", {&LogsBackend::describe_log_groups, true}},
        {"PutRetentionPolicy", {&LogsBackend::put_retention_policy}},
        {"DeleteRetentionPolicy", {&LogsBackend::delete_retention_policy}},
        {"CreateLogStream", {&LogsBackend::create_log_stream}},
        {"DeleteLogStream", {&LogsBackend::delete_log_stream}},
        {"DescribeLogStreams", {&LogsBackend::describe_log_streams, true}},
        {"PutLogEvents", {&LogsBackend::put_log_events}},
        {"GetLogEvents", {&LogsBackend::get_log_events, true}},
        {"FilterLogEvents", {&LogsBackend::filter_log_events, true}},
        {"PutMetricFilter", {&LogsBackend::put_metric_filter}},
        {"DeleteMetricFilter", {&LogsBackend::delete_metric_filter}},
        {"DescribeMetricFilters", {&LogsBackend::describe_metric_filters, true}},
        {"PutSubscriptionFilter", {&LogsBackend::put_subscription_filter}},
        {"DeleteSubscriptionFilter", {&LogsBackend::delete_subscription_filter}},
        {"DescribeSubscriptionFilters", {&LogsBackend::describe_subscription_filters, true}},
        {"TagResource", tagging("TagResource", false)},
        {"UntagResource", tagging("UntagResource", false)},
        {"ListTagsForResource", tagging("ListTagsForResource", true)},
        {"TagLogGroup", tagging("TagLogGroup", false)},
        {"UntagLogGroup", tagging("UntagLogGroup", false)},
        {"ListTagsLogGroup", tagging("ListTagsLogGroup", true)},
    };
    return kOperations;
}

/// CloudWatch Logs over JSON 1.1 (`X-Amz-Target: Logs_20140328.<Op>`), decoded and encoded by the
/// model-driven codec (src/aws/models/logs.json); one store transaction per request.
class LogsService final : public Service {
public:
    explicit LogsService(CloudContext& cloud) : cloud_(cloud), backend_(cloud) {}

    [[nodiscard]] std::string_view name() const override { return "logs"; }
    [[nodiscard]] Protocol protocol() const override { return Protocol::Json11; }

    Result<ServerResponse> handle(RequestContext& ctx) override {
        const LogsCall call{ctx.caller, ctx.region, ctx.condition_context};
        return serve_model_request("logs", ctx, [&](const std::string& op, const Json& in) {
            return run_model_operation(cloud_.store, backend_, call, operations(), "CloudWatch Logs", op, in);
        });
    }

private:
    CloudContext& cloud_;
    LogsBackend backend_;
};

} // namespace

void register_logs(CloudContext& cloud, ServiceRegistry& services,
                   cloudformation::ProviderRegistry& providers) {
    add_service<LogsService, CfnLogGroupProvider, CfnMetricFilterProvider, CfnSubscriptionFilterProvider,
                CfnLogStreamProvider>(cloud, services, providers);
}

} // namespace cdk::localcloud::logs

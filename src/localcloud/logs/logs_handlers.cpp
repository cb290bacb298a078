#include "core/strings.hpp"
#include "localcloud/logs/cfn_log_group_provider.hpp"
#include "localcloud/logs/logs_backend.hpp"
#include "localcloud/logs/logs_routes.hpp"
#include "localcloud/protocol/model_service.hpp"

#include <map>

namespace cdk::localcloud::logs {

namespace {

/// CloudWatch Logs over JSON 1.1 (`X-Amz-Target: Logs_20140328.<Op>`), decoded and encoded by the
/// model-driven codec (src/aws/models/logs.json). Each request is one store transaction: reads in a read
/// transaction, the rest in a write transaction.
class LogsService final : public Service {
public:
    explicit LogsService(CloudContext& cloud) : cloud_(cloud), backend_(cloud) {}

    [[nodiscard]] std::string_view name() const override { return "logs"; }
    [[nodiscard]] Protocol protocol() const override { return Protocol::Json11; }

    Result<HttpResponse> handle(RequestContext& ctx) override {
        const LogsCall call{ctx.caller, ctx.region, ctx.condition_context};
        return serve_model_request("logs", ctx, [&](const std::string& op, const Json& in) -> Result<Json> {
            using Method = Result<Json> (LogsBackend::*)(Tx&, const LogsCall&, const Json&);
            static const std::map<std::string, Method> kMethods = {
                {"CreateLogGroup", &LogsBackend::create_log_group},
                {"DeleteLogGroup", &LogsBackend::delete_log_group},
                {"DescribeLogGroups", &LogsBackend::describe_log_groups},
                {"PutRetentionPolicy", &LogsBackend::put_retention_policy},
                {"DeleteRetentionPolicy", &LogsBackend::delete_retention_policy},
                {"CreateLogStream", &LogsBackend::create_log_stream},
                {"DeleteLogStream", &LogsBackend::delete_log_stream},
                {"DescribeLogStreams", &LogsBackend::describe_log_streams},
                {"PutLogEvents", &LogsBackend::put_log_events},
                {"GetLogEvents", &LogsBackend::get_log_events},
                {"FilterLogEvents", &LogsBackend::filter_log_events},
            };
            const auto it = kMethods.find(op);
            const bool tagging = strings::starts_with(op, "Tag") || strings::starts_with(op, "Untag") ||
                                 strings::starts_with(op, "ListTags");
            if (it == kMethods.end() && !tagging) {
                return make_error("UnknownOperationException",
                                  "CloudWatch Logs operation " + op + " is not implemented by localcloud",
                                  400);
            }
            auto run = [&](Tx& tx) -> Result<Json> {
                if (tagging) return backend_.tags(tx, call, op, in);
                return (backend_.*(it->second))(tx, call, in);
            };
            const bool reads = strings::starts_with(op, "Describe") || strings::starts_with(op, "Get") ||
                               strings::starts_with(op, "List") || op == "FilterLogEvents";
            return reads ? cloud_.store.read<Json>(run) : cloud_.store.write<Json>(run);
        });
    }

private:
    CloudContext& cloud_;
    LogsBackend backend_;
};

} // namespace

void register_logs(CloudContext& cloud, ServiceRegistry& services,
                   cloudformation::ProviderRegistry& providers) {
    services.add(std::make_unique<LogsService>(cloud));
    providers.add(std::make_unique<CfnLogGroupProvider>(cloud));
}

} // namespace cdk::localcloud::logs

#include "localcloud/cloudwatch/cfn_alarm_provider.hpp"
#include "localcloud/cloudwatch/cloudwatch_backend.hpp"
#include "localcloud/cloudwatch/cloudwatch_routes.hpp"
#include "localcloud/protocol/model_service.hpp"

namespace cdk::localcloud::cloudwatch {

namespace {

using Operations = ModelOperations<CloudWatchBackend, CloudWatchCall>;

const Operations& operations() {
    static const Operations kOperations = {
        {"PutMetricAlarm", {&CloudWatchBackend::put_metric_alarm}},
        {"DescribeAlarms", {&CloudWatchBackend::describe_alarms, true}},
        {"DeleteAlarms", {&CloudWatchBackend::delete_alarms}},
        {"SetAlarmState", {&CloudWatchBackend::set_alarm_state}},
    };
    return kOperations;
}

/// CloudWatch over JSON 1.0 (`X-Amz-Target: GraniteServiceVersion20100801.<Op>`: botocore's CloudWatch model
/// lists smithy-rpc-v2-cbor, json and query, and current botocore, so boto3, picks json; see
/// tools/aws_models/extract.py) and over Query (what the AWS CLI v2.9 of this machine sends: its botocore
/// knows only that), each by its model (src/aws/models/cloudwatch.json, cloudwatch-query.json); one store
/// transaction per request. The error codes are the Query protocol's (ResourceNotFound, MissingParameter,
/// ...); a JSON client gets them in `x-amzn-query-error` too, as AWS's awsQueryCompatible services send them.
class CloudWatchService final : public Service {
public:
    explicit CloudWatchService(CloudContext& cloud) : cloud_(cloud), backend_(cloud) {}

    [[nodiscard]] std::string_view name() const override { return "monitoring"; }
    [[nodiscard]] Protocol protocol() const override { return Protocol::Json10; }

    Result<ServerResponse> handle(RequestContext& ctx) override {
        const CloudWatchCall call{ctx.caller, ctx.region, ctx.condition_context};
        const auto dispatch = [&](const std::string& op, const Json& in) {
            return run_model_operation(cloud_.store, backend_, call, operations(), "CloudWatch", op, in);
        };
        if (ctx.http.has_header("x-amz-target")) {
            auto response = serve_model_request("cloudwatch", ctx, dispatch);
            if (response) return response;
            const Error& e = response.error();
            ServerResponse r = render_error(Protocol::Json10, e, ctx.request_id);
            r.set_header("x-amzn-query-error", e.code + (e.http_status >= 500 ? ";Receiver" : ";Sender"));
            return r;
        }
        auto response = serve_model_request("cloudwatch-query", ctx, dispatch);
        if (response) return response;
        return render_error(Protocol::Query, response.error(), ctx.request_id,
                            "http://monitoring.amazonaws.com/doc/2010-08-01/");
    }

private:
    CloudContext& cloud_;
    CloudWatchBackend backend_;
};

} // namespace

void register_cloudwatch(CloudContext& cloud, ServiceRegistry& services,
                         cloudformation::ProviderRegistry& providers) {
    add_service<CloudWatchService, CfnAlarmProvider>(cloud, services, providers);
}

} // namespace cdk::localcloud::cloudwatch

#include "core/strings.hpp"
#include "localcloud/protocol/model_service.hpp"
#include "localcloud/sqs/cfn_queue_provider.hpp"
#include "localcloud/sqs/sqs_backend.hpp"
#include "localcloud/sqs/sqs_errors.hpp"
#include "localcloud/sqs/sqs_routes.hpp"

namespace cdk::localcloud::sqs {

namespace {

/// SQS over the JSON protocol (`X-Amz-Target: AmazonSQS.<Operation>`, what current SDKs send), decoded,
/// validated and encoded by the SQS model; its validation errors are the Query-compatible ones
/// (MissingParameter, InvalidParameterValue).
class SqsService final : public ModelService {
public:
    explicit SqsService(CloudContext& cloud) : ModelService("sqs"), backend_(cloud) {}

protected:
    Result<Json> call(RequestContext& ctx, const std::string& op, const Json& in) override {
        return dispatch(SqsCall{ctx.caller, ctx.region, ctx.condition_context}, op, in);
    }

private:
    Result<Json> dispatch(const SqsCall& call, const std::string& op, const Json& in) {
        const std::string url = in.value("QueueUrl", "");
        if (op == "CreateQueue") {
            auto q = backend_.create_queue(call, in.value("QueueName", ""), in.value("Attributes", Json::object()),
                                           in.value("tags", Json::object()));
            if (!q) return q.error();
            return Json{{"QueueUrl", (*q)["QueueUrl"]}};
        }
        if (op == "GetQueueUrl") {
            std::string ref = in.value("QueueName", "");
            if (in.contains("QueueOwnerAWSAccountId")) {
                ref = SqsBackend::url(call.region, in["QueueOwnerAWSAccountId"].get<std::string>(), ref);
            }
            auto q = backend_.get_queue(call, ref, "sqs:GetQueueUrl");
            if (!q) return q.error();
            return Json{{"QueueUrl", (*q)["QueueUrl"]}};
        }
        if (op == "GetQueueAttributes") {
            auto q = backend_.get_queue(call, url, "sqs:GetQueueAttributes");
            if (!q) return q.error();
            const Json names = in.value("AttributeNames", Json::array({"All"}));
            Json out = Json::object();
            for (const auto& [k, v] : (*q)["Attributes"].items()) {
                if (std::find(names.begin(), names.end(), "All") != names.end() ||
                    std::find(names.begin(), names.end(), k) != names.end()) {
                    out[k] = v;
                }
            }
            return Json{{"Attributes", out}};
        }
        if (op == "SetQueueAttributes") {
            auto q = backend_.set_attributes(call, url, in.value("Attributes", Json::object()));
            if (!q) return q.error();
            return Json::object();
        }
        if (op == "DeleteQueue") {
            if (auto d = backend_.delete_queue(call, url); !d) return d.error();
            return Json::object();
        }
        if (op == "ListQueues") {
            auto all = backend_.list_queues(call, in.value("QueueNamePrefix", ""));
            if (!all) return all.error();
            Json urls = Json::array();
            for (const auto& q : *all) urls.push_back(q["QueueUrl"]);
            return Json{{"QueueUrls", urls}};
        }
        if (op == "ListQueueTags") {
            auto q = backend_.get_queue(call, url, "sqs:ListQueueTags");
            if (!q) return q.error();
            return Json{{"Tags", (*q).value("Tags", Json::object())}};
        }
        return not_implemented(op);
    }

    SqsBackend backend_;
};

} // namespace

void register_sqs(CloudContext& cloud, ServiceRegistry& services, cloudformation::ProviderRegistry& providers) {
    services.add(std::make_unique<SqsService>(cloud));
    providers.add(std::make_unique<CfnQueueProvider>(cloud));
    providers.add(std::make_unique<CfnQueuePolicyProvider>(cloud));
}

} // namespace cdk::localcloud::sqs

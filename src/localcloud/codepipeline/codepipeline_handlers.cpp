#include "localcloud/codepipeline/cfn_pipeline_provider.hpp"
#include "localcloud/codepipeline/cfn_webhook_provider.hpp"
#include "localcloud/codepipeline/codepipeline_backend.hpp"
#include "localcloud/codepipeline/codepipeline_routes.hpp"
#include "localcloud/codepipeline/pipeline_structure.hpp"
#include "localcloud/codepipeline/pipeline_webhooks.hpp"
#include "localcloud/protocol/model_service.hpp"

namespace cdk::localcloud::codepipeline {

namespace {

/// CodePipeline over JSON 1.1, decoded and encoded by the model-driven codec
/// (src/aws/models/codepipeline.json).
class CodePipelineService final : public Service {
public:
    CodePipelineService(CloudContext& cloud, std::shared_ptr<CodePipelineBackend> backend)
        : cloud_(cloud), backend_(std::move(backend)) {}
    ~CodePipelineService() override { backend_->shutdown(); }
    CodePipelineService(const CodePipelineService&) = delete;
    CodePipelineService& operator=(const CodePipelineService&) = delete;

    [[nodiscard]] std::string_view name() const override { return "codepipeline"; }
    [[nodiscard]] Protocol protocol() const override { return Protocol::Json11; }

    Result<ServerResponse> handle(RequestContext& ctx) override {
        const PipelineCall call{ctx.caller, ctx.region, ctx.condition_context};
        return serve_model_request("codepipeline", ctx, [&](const std::string& op, const Json& in) {
            return dispatch(call, op, in);
        });
    }

private:
    Result<Json> dispatch(const PipelineCall& call, const std::string& op, const Json& in) {
        auto empty = [](Result<void> r) -> Result<Json> {
            if (!r) return r.error();
            return Json::object();
        };
        CodePipelineBackend& b = *backend_;
        if (op == "CreatePipeline") return b.create_pipeline(call, in);
        if (op == "UpdatePipeline") return b.update_pipeline(call, in);
        if (op == "DeletePipeline") return empty(b.delete_pipeline(call, str(in, "name")));
        if (op == "GetPipeline") return b.get_pipeline(call, in);
        if (op == "ListPipelines") return b.list_pipelines(call, in);
        if (op == "GetPipelineState") return b.get_pipeline_state(call, str(in, "name"));
        if (op == "StartPipelineExecution") return b.start_pipeline_execution(call, in);
        if (op == "StopPipelineExecution") return b.stop_pipeline_execution(call, in);
        if (op == "GetPipelineExecution") return b.get_pipeline_execution(call, in);
        if (op == "ListPipelineExecutions") return b.list_pipeline_executions(call, in);
        if (op == "ListActionExecutions") return b.list_action_executions(call, in);
        if (op == "PutApprovalResult") return b.put_approval_result(call, in);
        if (op == "RetryStageExecution") return b.retry_stage_execution(call, in);
        if (op == "EnableStageTransition") return empty(b.set_stage_transition(call, in, true));
        if (op == "DisableStageTransition") return empty(b.set_stage_transition(call, in, false));
        if (op == "TagResource") return empty(b.tag_resource(call, in));
        if (op == "UntagResource") return empty(b.untag_resource(call, in));
        if (op == "ListTagsForResource") return b.list_tags_for_resource(call, in);
        if (op == "PutWebhook") {
            auto item = webhooks::put_webhook(cloud_, call, in.value("webhook", Json::object()),
                                              in.value("tags", Json::array()));
            if (!item) return item.error();
            return Json{{"webhook", webhooks::redacted(*item)}};
        }
        if (op == "ListWebhooks") return webhooks::list_webhooks(cloud_, call, in);
        if (op == "DeleteWebhook") return empty(webhooks::delete_webhook(cloud_, call, str(in, "name")));
        if (op == "RegisterWebhookWithThirdParty") {
            return empty(webhooks::set_registered(cloud_, call, str(in, "webhookName"), true));
        }
        if (op == "DeregisterWebhookWithThirdParty") {
            return empty(webhooks::set_registered(cloud_, call, str(in, "webhookName"), false));
        }
        return make_error("UnknownOperationException",
                          "CodePipeline operation " + op + " is not implemented by localcloud", 400);
    }

    CloudContext& cloud_;
    std::shared_ptr<CodePipelineBackend> backend_;
};

} // namespace

void register_codepipeline(CloudContext& cloud, ServiceRegistry& services,
                           cloudformation::ProviderRegistry& providers,
                           std::shared_ptr<codebuild::CodeBuildBackend> codebuild) {
    auto backend = std::make_shared<CodePipelineBackend>(cloud, services, std::move(codebuild));
    services.add(std::make_unique<CodePipelineService>(cloud, backend));
    providers.add(std::make_unique<CfnPipelineProvider>(backend));
    add_providers<CfnWebhookProvider>(cloud, providers);
}

} // namespace cdk::localcloud::codepipeline

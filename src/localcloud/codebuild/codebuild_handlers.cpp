#include "localcloud/codebuild/cfn_project_provider.hpp"
#include "localcloud/codebuild/codebuild_backend.hpp"
#include "localcloud/codebuild/codebuild_errors.hpp"
#include "localcloud/codebuild/codebuild_routes.hpp"
#include "localcloud/protocol/model_service.hpp"

namespace cdk::localcloud::codebuild {

namespace {

/// CodeBuild over JSON 1.1, decoded and encoded by the model-driven codec (src/aws/models/codebuild.json).
class CodeBuildService final : public Service {
public:
    explicit CodeBuildService(std::shared_ptr<CodeBuildBackend> backend) : backend_(std::move(backend)) {}
    ~CodeBuildService() override { backend_->shutdown(); }
    CodeBuildService(const CodeBuildService&) = delete;
    CodeBuildService& operator=(const CodeBuildService&) = delete;

    [[nodiscard]] std::string_view name() const override { return "codebuild"; }
    [[nodiscard]] Protocol protocol() const override { return Protocol::Json11; }

    Result<ServerResponse> handle(RequestContext& ctx) override {
        const CodeBuildCall call{ctx.caller, ctx.region, ctx.condition_context};
        return serve_model_request(
            "codebuild", ctx, [&](const std::string& op, const Json& in) { return dispatch(call, op, in); });
    }

private:
    Result<Json> dispatch(const CodeBuildCall& call, const std::string& op, const Json& in) {
        auto wrap = [](const char* key, Result<Json> r) -> Result<Json> {
            if (!r) return r.error();
            return Json{{key, std::move(*r)}};
        };
        if (op == "CreateProject") return wrap("project", backend_->create_project(call, in));
        if (op == "UpdateProject") return wrap("project", backend_->update_project(call, in));
        if (op == "DeleteProject") {
            if (auto d = backend_->delete_project(call, in.value("name", "")); !d) return d.error();
            return Json::object();
        }
        if (op == "BatchGetProjects")
            return backend_->batch_get_projects(call, in.value("names", Json::array()));
        if (op == "ListProjects") return backend_->list_projects(call, in);
        if (op == "StartBuild") {
            StartBuildRequest request;
            request.call = call;
            request.input = in;
            return wrap("build", backend_->start_build(request));
        }
        if (op == "BatchGetBuilds") return backend_->batch_get_builds(call, in.value("ids", Json::array()));
        if (op == "StopBuild") return wrap("build", backend_->stop_build(call, in.value("id", "")));
        if (op == "ListBuildsForProject") return backend_->list_builds_for_project(call, in);
        if (op == "RetryBuild") return wrap("build", backend_->retry_build(call, in.value("id", "")));
        return invalid_input("CodeBuild operation " + op + " is not implemented by localcloud");
    }

    std::shared_ptr<CodeBuildBackend> backend_;
};

} // namespace

std::shared_ptr<CodeBuildBackend> register_codebuild(CloudContext& cloud, ServiceRegistry& services,
                                                     cloudformation::ProviderRegistry& providers) {
    auto backend = std::make_shared<CodeBuildBackend>(cloud, services);
    services.add(std::make_unique<CodeBuildService>(backend));
    providers.add(std::make_unique<CfnProjectProvider>(backend));
    return backend;
}

} // namespace cdk::localcloud::codebuild

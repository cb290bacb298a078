#pragma once

#include "localcloud/cloudformation/provider_registry.hpp"
#include "localcloud/codepipeline/codepipeline_backend.hpp"

#include <memory>

namespace cdk::localcloud::codepipeline {

/// AWS::CodePipeline::Pipeline: CreatePipeline / UpdatePipeline / DeletePipeline as the stack's role (which
/// must be allowed iam:PassRole on the pipeline role). The properties (PascalCase) become the API's
/// declaration, the action configurations kept as they are. Ref = pipeline name; attribute Version.
class CfnPipelineProvider final : public cloudformation::ResourceProvider {
public:
    explicit CfnPipelineProvider(std::shared_ptr<CodePipelineBackend> backend)
        : backend_(std::move(backend)) {}
    [[nodiscard]] std::string type_name() const override { return "AWS::CodePipeline::Pipeline"; }
    [[nodiscard]] Result<cloudformation::ResourceResponse>
    create(const cloudformation::ResourceRequest& r) override;
    [[nodiscard]] Result<cloudformation::ResourceResponse>
    update(const cloudformation::ResourceRequest& r) override;
    [[nodiscard]] Result<void> remove(const cloudformation::ResourceRequest& r) override;

    /// The CreatePipeline input for a template's properties (exposed for tests).
    [[nodiscard]] static Result<Json> pipeline_input(const Json& properties, const std::string& name);

private:
    std::shared_ptr<CodePipelineBackend> backend_;
};

} // namespace cdk::localcloud::codepipeline

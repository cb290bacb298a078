#pragma once

#include "localcloud/cloudformation/provider_registry.hpp"
#include "localcloud/codebuild/codebuild_backend.hpp"

#include <memory>

namespace cdk::localcloud::codebuild {

/// AWS::CodeBuild::Project: codebuild:CreateProject / UpdateProject / DeleteProject and iam:PassRole on the
/// service role (which must trust codebuild.amazonaws.com), as the stack's role. The properties are
/// CloudFormation's (PascalCase) turned into the API's members. Ref = project name; attribute Arn.
class CfnProjectProvider final : public cloudformation::ResourceProvider {
public:
    explicit CfnProjectProvider(std::shared_ptr<CodeBuildBackend> backend) : backend_(std::move(backend)) {}
    [[nodiscard]] std::string type_name() const override { return "AWS::CodeBuild::Project"; }
    [[nodiscard]] Result<cloudformation::ResourceResponse>
    create(const cloudformation::ResourceRequest& r) override;
    [[nodiscard]] Result<cloudformation::ResourceResponse>
    update(const cloudformation::ResourceRequest& r) override;
    [[nodiscard]] Result<void> remove(const cloudformation::ResourceRequest& r) override;

    /// The CreateProject input for a template's properties (exposed for tests).
    [[nodiscard]] static Result<Json> project_input(const Json& properties);

private:
    std::shared_ptr<CodeBuildBackend> backend_;
};

} // namespace cdk::localcloud::codebuild

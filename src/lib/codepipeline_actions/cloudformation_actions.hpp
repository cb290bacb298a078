#pragma once

#include "lib/codepipeline/action.hpp"

#include <string>
#include <vector>

namespace cdk::codepipeline_actions {

/// What every CloudFormation action has (CDK: CloudFormationActionProps).
struct CloudFormationActionProps {
    std::string action_name;
    std::string stack_name;
    /// The role the pipeline assumes for the action (e.g. the target's bootstrap deploy role).
    iam::IRole* role = nullptr;
    int run_order = 1;
    std::string variables_namespace;
};

/// Props of the actions that deploy a template (CDK: CloudFormationDeployActionProps).
struct CloudFormationDeployActionProps {
    CloudFormationActionProps base;
    codepipeline::ArtifactPath template_path;
    /// The artifacts the template and configuration come from.
    std::vector<codepipeline::Artifact> inputs;
    /// The role CloudFormation runs as (`RoleArn`); a role `Role` trusting CloudFormation when null.
    iam::IRole* deployment_role = nullptr;
    /// Gives a created deployment role `*` on `*`; the capabilities default to CAPABILITY_NAMED_IAM.
    bool admin_permissions = false;
    /// E.g. `CAPABILITY_NAMED_IAM`, `CAPABILITY_AUTO_EXPAND` (rendered comma-separated).
    std::vector<std::string> capabilities;
    std::optional<codepipeline::ArtifactPath> template_configuration;
};

/// Props of CloudFormationCreateReplaceChangeSetAction.
struct CloudFormationCreateReplaceChangeSetActionProps {
    CloudFormationDeployActionProps deploy;
    std::string change_set_name;
};

/// Props of CloudFormationExecuteChangeSetAction.
struct CloudFormationExecuteChangeSetActionProps {
    CloudFormationActionProps base;
    std::string change_set_name;
};

/// Props of CloudFormationCreateUpdateStackAction.
struct CloudFormationCreateUpdateStackActionProps {
    CloudFormationDeployActionProps deploy;
    bool replace_on_failure = false;
};

/// Props of CloudFormationDeleteStackAction (CDK: CloudFormationDeleteStackActionProps).
struct CloudFormationDeleteStackActionProps {
    CloudFormationActionProps base;
    /// The role CloudFormation runs as (`RoleArn`); a role `Role` trusting CloudFormation when null.
    iam::IRole* deployment_role = nullptr;
    /// Gives a created deployment role `*` on `*`; the capabilities default to CAPABILITY_NAMED_IAM.
    bool admin_permissions = false;
    std::vector<std::string> capabilities;
    /// Artifacts the action reads (the artifact bucket's read grant then goes to the action role).
    std::vector<codepipeline::Artifact> extra_inputs;
};

/// The base of the CloudFormation actions (CDK: CloudFormationAction / CloudFormationDeployAction).
class CloudFormationAction : public codepipeline::Action {
public:
    CloudFormationAction(const CloudFormationActionProps& props, std::vector<codepipeline::Artifact> inputs);
    codepipeline::ActionConfig bind(Construct& scope, codepipeline::Stage& stage,
                                    const codepipeline::ActionBindOptions& options) override;

protected:
    /// CDK SingletonPolicy: `actions` (sorted) on the stack, to the action role.
    static void grant_on_stack(iam::IRole& role, std::vector<std::string> actions,
                               const std::string& stack_arn, const Json& conditions = Json::object());
    [[nodiscard]] std::string stack_arn(const Construct& scope) const;
    /// The deploy actions' part: the deployment role, PassRole, `Capabilities`, `RoleArn`, `TemplatePath`.
    void bind_deploy(Construct& scope, codepipeline::Stage& stage,
                     const codepipeline::ActionBindOptions& options,
                     const CloudFormationDeployActionProps& props, codepipeline::ActionConfig& config,
                     bool render_template_path = true);

    CloudFormationActionProps base_;
};

/// Creates or replaces a change set (CDK: CloudFormationCreateReplaceChangeSetAction).
class CloudFormationCreateReplaceChangeSetAction : public CloudFormationAction {
public:
    explicit CloudFormationCreateReplaceChangeSetAction(
        const CloudFormationCreateReplaceChangeSetActionProps& props);
    codepipeline::ActionConfig bind(Construct& scope, codepipeline::Stage& stage,
                                    const codepipeline::ActionBindOptions& options) override;

private:
    CloudFormationCreateReplaceChangeSetActionProps props_;
};

/// Executes a change set (CDK: CloudFormationExecuteChangeSetAction).
class CloudFormationExecuteChangeSetAction : public CloudFormationAction {
public:
    explicit CloudFormationExecuteChangeSetAction(const CloudFormationExecuteChangeSetActionProps& props);
    codepipeline::ActionConfig bind(Construct& scope, codepipeline::Stage& stage,
                                    const codepipeline::ActionBindOptions& options) override;

private:
    CloudFormationExecuteChangeSetActionProps props_;
};

/// Creates or updates a stack directly (CDK: CloudFormationCreateUpdateStackAction).
class CloudFormationCreateUpdateStackAction : public CloudFormationAction {
public:
    explicit CloudFormationCreateUpdateStackAction(const CloudFormationCreateUpdateStackActionProps& props);
    codepipeline::ActionConfig bind(Construct& scope, codepipeline::Stage& stage,
                                    const codepipeline::ActionBindOptions& options) override;

private:
    CloudFormationCreateUpdateStackActionProps props_;
};

/// Deletes a stack (CDK: CloudFormationDeleteStackAction): `ActionMode: DELETE_ONLY`, with the deployment
/// role and PassRole of the deploy actions, and `cloudformation:DescribeStack*`, `cloudformation:DeleteStack`
/// on the stack for the action role.
class CloudFormationDeleteStackAction : public CloudFormationAction {
public:
    explicit CloudFormationDeleteStackAction(const CloudFormationDeleteStackActionProps& props);
    codepipeline::ActionConfig bind(Construct& scope, codepipeline::Stage& stage,
                                    const codepipeline::ActionBindOptions& options) override;

private:
    CloudFormationDeployActionProps props_;
};

} // namespace cdk::codepipeline_actions

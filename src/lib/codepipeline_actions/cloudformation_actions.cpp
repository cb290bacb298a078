#include "lib/codepipeline_actions/cloudformation_actions.hpp"

#include "constructs/stack.hpp"
#include "core/strings.hpp"
#include "lib/codepipeline/pipeline.hpp"
#include "lib/iam/feature_flags.hpp"
#include "tokens/aws.hpp"
#include "tokens/errors.hpp"

#include <algorithm>

namespace cdk::codepipeline_actions {

CloudFormationAction::CloudFormationAction(const CloudFormationActionProps& props,
                                           std::vector<codepipeline::Artifact> inputs)
    : codepipeline::Action({.action_name = props.action_name,
                            .category = codepipeline::ActionCategory::Deploy,
                            .provider = "CloudFormation",
                            .run_order = props.run_order,
                            .inputs = std::move(inputs),
                            .role = props.role,
                            .variables_namespace = props.variables_namespace}),
      base_(props) {
    if (props.stack_name.empty())
        throw ValidationError("CloudFormation action '" + props.action_name + "' needs a stack_name");
}

std::string CloudFormationAction::stack_arn(const Construct& scope) const {
    const Stack& stack = Stack::of(scope);
    return "arn:" + iam::detail::stack_partition(stack) + ":cloudformation:" + stack.region() + ":" +
           stack.account() + ":stack/" + base_.stack_name + "/*";
}

void CloudFormationAction::grant_on_stack(iam::IRole& role, std::vector<std::string> actions,
                                          const std::string& stack_arn, const Json& conditions) {
    std::sort(actions.begin(), actions.end());
    role.add_to_policy(
        iam::PolicyStatement({.actions = actions, .resources = {stack_arn}, .conditions = conditions}));
}

codepipeline::ActionConfig CloudFormationAction::bind(Construct& /*scope*/, codepipeline::Stage& /*stage*/,
                                                      const codepipeline::ActionBindOptions& options) {
    if (!properties_.outputs.empty()) {
        options.bucket.grant_read_write(options.role);
    } else if (!properties_.inputs.empty()) {
        options.bucket.grant_read(options.role);
    }
    return {.configuration = {{"StackName", base_.stack_name}}};
}

void CloudFormationAction::bind_deploy(Construct& scope, codepipeline::Stage& stage,
                                       const codepipeline::ActionBindOptions& options,
                                       const CloudFormationDeployActionProps& props,
                                       codepipeline::ActionConfig& config, bool render_template_path) {
    iam::IRole* deployment = props.deployment_role;
    if (deployment == nullptr) {
        if (options.role.principal_account() &&
            !iam::detail::same_account(*options.role.principal_account(), Stack::of(scope).account())) {
            throw ValidationError("action '" + base_.action_name + "' in stage '" + stage.stage_name() +
                                      "' needs a deployment_role: its role is in another account",
                                  scope.node().path());
        }
        auto& created = make<iam::Role>(
            scope, "Role",
            iam::RoleProps{.assumed_by = iam::ServicePrincipal("cloudformation.amazonaws.com")});
        options.bucket.grant_read(created);
        if (props.admin_permissions) {
            created.add_to_policy(iam::PolicyStatement({.actions = {"*"}, .resources = {"*"}}));
        }
        deployment = &created;
    }
    options.role.add_to_policy(
        iam::PolicyStatement({.actions = {"iam:PassRole"}, .resources = {deployment->role_arn()}}));
    std::vector<std::string> capabilities = props.capabilities;
    if (capabilities.empty() && props.admin_permissions) capabilities = {"CAPABILITY_NAMED_IAM"};
    if (!capabilities.empty()) config.configuration["Capabilities"] = strings::join(capabilities, ",");
    config.configuration["RoleArn"] = deployment->role_arn();
    if (props.template_configuration) {
        config.configuration["TemplateConfiguration"] = props.template_configuration->location();
    }
    if (render_template_path) config.configuration["TemplatePath"] = props.template_path.location();
}

CloudFormationCreateReplaceChangeSetAction::CloudFormationCreateReplaceChangeSetAction(
    const CloudFormationCreateReplaceChangeSetActionProps& props)
    : CloudFormationAction(props.deploy.base, props.deploy.inputs), props_(props) {
    if (props.change_set_name.empty())
        throw ValidationError("action '" + props.deploy.base.action_name + "' needs a change_set_name");
}

codepipeline::ActionConfig
CloudFormationCreateReplaceChangeSetAction::bind(Construct& scope, codepipeline::Stage& stage,
                                                 const codepipeline::ActionBindOptions& options) {
    codepipeline::ActionConfig config = CloudFormationAction::bind(scope, stage, options);
    bind_deploy(scope, stage, options, props_.deploy, config);
    grant_on_stack(options.role,
                   {"cloudformation:CreateChangeSet", "cloudformation:DeleteChangeSet",
                    "cloudformation:DescribeChangeSet", "cloudformation:DescribeStacks"},
                   stack_arn(scope),
                   {{"StringEqualsIfExists", {{"cloudformation:ChangeSetName", props_.change_set_name}}}});
    config.configuration["ActionMode"] = "CHANGE_SET_REPLACE";
    config.configuration["ChangeSetName"] = props_.change_set_name;
    return config;
}

CloudFormationExecuteChangeSetAction::CloudFormationExecuteChangeSetAction(
    const CloudFormationExecuteChangeSetActionProps& props)
    : CloudFormationAction(props.base, {}), props_(props) {
    if (props.change_set_name.empty())
        throw ValidationError("action '" + props.base.action_name + "' needs a change_set_name");
}

codepipeline::ActionConfig
CloudFormationExecuteChangeSetAction::bind(Construct& scope, codepipeline::Stage& stage,
                                           const codepipeline::ActionBindOptions& options) {
    grant_on_stack(options.role,
                   {"cloudformation:DescribeStacks", "cloudformation:DescribeStackEvents",
                    "cloudformation:DescribeChangeSet", "cloudformation:ExecuteChangeSet"},
                   stack_arn(scope),
                   {{"StringEqualsIfExists", {{"cloudformation:ChangeSetName", props_.change_set_name}}}});
    codepipeline::ActionConfig config = CloudFormationAction::bind(scope, stage, options);
    config.configuration["ActionMode"] = "CHANGE_SET_EXECUTE";
    config.configuration["ChangeSetName"] = props_.change_set_name;
    return config;
}

CloudFormationCreateUpdateStackAction::CloudFormationCreateUpdateStackAction(
    const CloudFormationCreateUpdateStackActionProps& props)
    : CloudFormationAction(props.deploy.base, props.deploy.inputs), props_(props) {}

codepipeline::ActionConfig
CloudFormationCreateUpdateStackAction::bind(Construct& scope, codepipeline::Stage& stage,
                                            const codepipeline::ActionBindOptions& options) {
    codepipeline::ActionConfig config = CloudFormationAction::bind(scope, stage, options);
    bind_deploy(scope, stage, options, props_.deploy, config);
    grant_on_stack(options.role,
                   {"cloudformation:DescribeStack*", "cloudformation:CreateStack",
                    "cloudformation:UpdateStack", "cloudformation:GetTemplate*",
                    "cloudformation:ValidateTemplate", "cloudformation:GetStackPolicy",
                    "cloudformation:SetStackPolicy", "cloudformation:DeleteStack"},
                   stack_arn(scope));
    config.configuration["ActionMode"] = props_.replace_on_failure ? "REPLACE_ON_FAILURE" : "CREATE_UPDATE";
    return config;
}

namespace {

CloudFormationDeployActionProps deploy_props(const CloudFormationDeleteStackActionProps& props) {
    return {.base = props.base,
            .inputs = props.extra_inputs,
            .deployment_role = props.deployment_role,
            .admin_permissions = props.admin_permissions,
            .capabilities = props.capabilities};
}

} // namespace

CloudFormationDeleteStackAction::CloudFormationDeleteStackAction(
    const CloudFormationDeleteStackActionProps& props)
    : CloudFormationAction(props.base, props.extra_inputs), props_(deploy_props(props)) {}

codepipeline::ActionConfig
CloudFormationDeleteStackAction::bind(Construct& scope, codepipeline::Stage& stage,
                                      const codepipeline::ActionBindOptions& options) {
    codepipeline::ActionConfig config = CloudFormationAction::bind(scope, stage, options);
    bind_deploy(scope, stage, options, props_, config, false);
    grant_on_stack(options.role, {"cloudformation:DescribeStack*", "cloudformation:DeleteStack"},
                   stack_arn(scope));
    config.configuration["ActionMode"] = "DELETE_ONLY";
    return config;
}

} // namespace cdk::codepipeline_actions

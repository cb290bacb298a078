#pragma once

#include "core/json.hpp"
#include "lib/codepipeline/artifact.hpp"
#include "lib/iam/role.hpp"
#include "lib/s3/bucket.hpp"

#include <optional>
#include <string>
#include <vector>

namespace cdk {
class Construct;
}

namespace cdk::codepipeline {

class Pipeline;
class Stage;

/// The kind of an action (CDK: ActionCategory).
enum class ActionCategory { Source, Build, Test, Approval, Deploy, Invoke };

/// `Source`, `Build`, ... as CodePipeline names the category.
[[nodiscard]] const char* to_string(ActionCategory category);

/// What an action is (CDK: ActionProperties).
struct ActionProperties {
    std::string action_name;
    ActionCategory category = ActionCategory::Build;
    std::string provider;
    /// `AWS`, `ThirdParty` or `Custom`.
    std::string owner = "AWS";
    std::string version = "1";
    /// Defaults to 1.
    int run_order = 1;
    std::vector<Artifact> inputs;
    std::vector<Artifact> outputs;
    /// The role the pipeline assumes to run the action; for AWS-owned actions without one the pipeline
    /// creates `CodePipelineActionRole`. A role of another account makes the action cross-account.
    iam::IRole* role = nullptr;
    /// The account the action runs in, when it has no role (cross-account support is not written yet).
    std::string account;
    std::string variables_namespace;
};

/// What binding an action to a pipeline gives it (CDK: ActionBindOptions).
struct ActionBindOptions {
    /// The action's role (or the pipeline's when the action has none).
    iam::IRole& role;
    /// The artifact bucket of the action's region.
    s3::IBucket& bucket;
};

/// What an action renders (CDK: ActionConfig).
struct ActionConfig {
    Json configuration = Json::object();
};

/// An action of a pipeline stage (CDK: IAction).
class IAction {
public:
    virtual ~IAction() = default;
    [[nodiscard]] virtual const ActionProperties& action_properties() const = 0;
    /// Called once when the action is added to `stage`; `scope` is the action's construct
    /// (`<pipeline>/<stage>/<action name>`).
    virtual ActionConfig bind(Construct& scope, Stage& stage, const ActionBindOptions& options) = 0;
};

/// The base of the actions in codepipeline_actions (CDK: Action).
class Action : public IAction {
public:
    explicit Action(ActionProperties properties) : properties_(std::move(properties)) {}
    [[nodiscard]] const ActionProperties& action_properties() const override { return properties_; }

protected:
    ActionProperties properties_;
};

} // namespace cdk::codepipeline

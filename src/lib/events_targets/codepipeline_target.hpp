#pragma once

#include "lib/codepipeline/pipeline.hpp"
#include "lib/events/rule.hpp"
#include "lib/events/target.hpp"

namespace cdk::events_targets {

/// Options of the CodePipeline target (CDK: CodePipelineTargetOptions).
struct CodePipelineTargetOptions {
    events::TargetBaseProps base;
    /// The role EventBridge assumes to start the pipeline; the pipeline's `EventsRole` (one per pipeline,
    /// assumed by `events.amazonaws.com`) when null.
    iam::IRole* event_role = nullptr;
};

/// Starts a pipeline (CDK: targets.CodePipeline): the target role may `codepipeline:StartPipelineExecution`
/// on the pipeline.
class CodePipeline : public events::IRuleTarget {
public:
    explicit CodePipeline(codepipeline::Pipeline& pipeline, CodePipelineTargetOptions options = {});
    events::RuleTargetConfig bind(events::IRule& rule, const std::string& id) override;

private:
    codepipeline::Pipeline* pipeline_;
    CodePipelineTargetOptions options_;
};

/// The role `EventsRole` under `scope`, assumed by `events.amazonaws.com`, created on first use (CDK:
/// singletonEventRole).
[[nodiscard]] iam::IRole& singleton_event_role(Construct& scope);

} // namespace cdk::events_targets

#include "lib/events_targets/codepipeline_target.hpp"

namespace cdk::events_targets {

iam::IRole& singleton_event_role(Construct& scope) {
    if (Construct* existing = scope.node().try_find_child("EventsRole")) {
        if (auto* role = dynamic_cast<iam::IRole*>(existing)) return *role;
    }
    return make<iam::Role>(scope, "EventsRole",
                           iam::RoleProps{.assumed_by = iam::ServicePrincipal("events.amazonaws.com")});
}

CodePipeline::CodePipeline(codepipeline::Pipeline& pipeline, CodePipelineTargetOptions options)
    : pipeline_(&pipeline), options_(options) {}

events::RuleTargetConfig CodePipeline::bind(events::IRule& /*rule*/, const std::string& /*id*/) {
    iam::IRole& role =
        options_.event_role != nullptr ? *options_.event_role : singleton_event_role(*pipeline_);
    const std::string arn = pipeline_->pipeline_arn();
    role.add_to_policy(
        iam::PolicyStatement({.actions = {"codepipeline:StartPipelineExecution"}, .resources = {arn}}));
    events::RuleTargetConfig config{.arn = arn, .role = &role, .target_resource = pipeline_};
    events::bind_base_target_config(options_.base, config);
    return config;
}

} // namespace cdk::events_targets

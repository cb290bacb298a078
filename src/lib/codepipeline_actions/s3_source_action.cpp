#include "lib/codepipeline_actions/s3_source_action.hpp"

#include "lib/codepipeline/pipeline.hpp"
#include "lib/codepipeline_actions/detail/action_util.hpp"
#include "lib/events/rule.hpp"
#include "lib/events_targets/codepipeline_target.hpp"
#include "tokens/errors.hpp"
#include "tokens/token.hpp"

namespace cdk::codepipeline_actions {

S3SourceAction::S3SourceAction(const S3SourceActionProps& props)
    : codepipeline::Action({.action_name = props.action_name,
                            .category = codepipeline::ActionCategory::Source,
                            .provider = "S3",
                            .run_order = props.run_order,
                            .outputs = {props.output},
                            .role = props.role,
                            .variables_namespace = props.variables_namespace}),
      props_(props) {
    if (props.bucket == nullptr)
        throw ValidationError("S3SourceAction '" + props.action_name + "' needs a bucket");
    if (props.bucket_key.empty()) throw ValidationError("Property bucketKey cannot be an empty string");
}

S3SourceVariables S3SourceAction::variables() const {
    return {.version_id = detail::variable_expression(properties_, "VersionId"),
            .e_tag = detail::variable_expression(properties_, "ETag")};
}

codepipeline::ActionConfig S3SourceAction::bind(Construct& /*scope*/, codepipeline::Stage& stage,
                                                const codepipeline::ActionBindOptions& options) {
    s3::IBucket& bucket = *props_.bucket;
    codepipeline::Pipeline& pipeline = stage.pipeline();
    if (props_.trigger == S3Trigger::Events) {
        // CDK generateEventId.
        Construct& bucket_scope = bucket.bucket_construct();
        const std::string base = detail::node_unique_id(pipeline) + "SourceEventRule";
        std::string id;
        if (Token::is_unresolved(props_.bucket_key)) {
            id = base;
            for (int counter = 1; bucket_scope.node().try_find_child(id) != nullptr; ++counter)
                id = base + std::to_string(counter);
        } else {
            id = base + props_.bucket_key;
            std::string child = id;
            for (size_t at = child.find('/'); at != std::string::npos; at = child.find('/', at + 2))
                child.replace(at, 1, "--");
            if (bucket_scope.node().try_find_child(child) != nullptr) {
                throw ValidationError("S3 source action with path '" + props_.bucket_key +
                                      "' is already present in the pipeline for this source bucket");
            }
        }
        // CDK Bucket.onCloudTrailWriteObject with the key as the only path.
        auto& rule = make<events::Rule>(bucket_scope, id, events::RuleProps{.cross_stack_scope = &pipeline});
        rule.add_target(std::make_shared<events_targets::CodePipeline>(pipeline));
        rule.add_event_pattern(events::EventPattern{
            .detail_type = {"AWS API Call via CloudTrail"},
            .source = {"aws.s3"},
            .detail = Json::object(
                {{"resources",
                  Json::object({{"ARN", Json::array({bucket.bucket_arn() + "/" + props_.bucket_key})}})}})});
        rule.add_event_pattern(events::EventPattern{
            .detail = Json::object(
                {{"eventName", Json::array({"CompleteMultipartUpload", "CopyObject", "PutObject"})},
                 {"requestParameters", Json::object({{"bucketName", Json::array({bucket.bucket_name()})},
                                                     {"key", Json::array({props_.bucket_key})}})}})});
    }
    bucket.grant_read(options.role, props_.bucket_key);
    options.bucket.grant_write(options.role);
    codepipeline::ActionConfig config{
        .configuration = {{"S3Bucket", bucket.bucket_name()}, {"S3ObjectKey", props_.bucket_key}}};
    if (props_.trigger) config.configuration["PollForSourceChanges"] = *props_.trigger == S3Trigger::Poll;
    return config;
}

} // namespace cdk::codepipeline_actions

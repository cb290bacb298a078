#pragma once

#include "lib/codepipeline/action.hpp"
#include "lib/s3/bucket.hpp"

#include <optional>
#include <string>

namespace cdk::codepipeline_actions {

/// How an S3 source action notices a new object version (CDK: S3Trigger).
enum class S3Trigger { None, Poll, Events };

/// Props of an S3SourceAction (CDK: S3SourceActionProps).
struct S3SourceActionProps {
    std::string action_name;
    codepipeline::Artifact output;
    /// The (versioned) bucket the source object is in (required).
    s3::IBucket* bucket = nullptr;
    /// The object's key (required, not empty).
    std::string bucket_key;
    /// Unset: `PollForSourceChanges` is not rendered (the service polls). Events: a rule on the bucket
    /// (`<pipeline unique id>SourceEventRule<key>`) matching the CloudTrail events that write the object; it
    /// needs a trail logging the bucket's data events, which is not created.
    std::optional<S3Trigger> trigger;
    iam::IRole* role = nullptr;
    int run_order = 1;
    std::string variables_namespace;
};

/// The variables an S3 source action emits (CDK: S3SourceVariables).
struct S3SourceVariables {
    std::string version_id;
    std::string e_tag;
};

/// A source from an object of an S3 bucket (CDK: S3SourceAction).
class S3SourceAction : public codepipeline::Action {
public:
    explicit S3SourceAction(const S3SourceActionProps& props);
    codepipeline::ActionConfig bind(Construct& scope, codepipeline::Stage& stage,
                                    const codepipeline::ActionBindOptions& options) override;
    /// `#{<namespace>.VersionId}` and `#{<namespace>.ETag}`; throws without a variables_namespace.
    [[nodiscard]] S3SourceVariables variables() const;

private:
    S3SourceActionProps props_;
};

} // namespace cdk::codepipeline_actions

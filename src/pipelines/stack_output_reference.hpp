#pragma once

#include <string>

namespace cdk {
class CfnOutput;
}

namespace cdk::pipelines {

/// An output of a stack the pipeline deploys, read by a later step as an environment variable
/// (CDK: StackOutputReference). The deploy action of the stack then gets a variables namespace (the stack's
/// artifact id) and the step's action the variable `#{<namespace>.<output logical id>}`.
struct StackOutputReference {
    /// The producing stack's construct path.
    std::string stack_path;
    std::string stack_artifact_id;
    /// The output's logical id.
    std::string output_name;

    /// The reference to `output` (CDK: StackOutputReference.fromCfnOutput).
    [[nodiscard]] static StackOutputReference from_cfn_output(const CfnOutput& output);
};

} // namespace cdk::pipelines

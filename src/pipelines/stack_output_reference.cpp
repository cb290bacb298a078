#include "pipelines/stack_output_reference.hpp"

#include "cfn/cfn_output.hpp"
#include "constructs/stack.hpp"

namespace cdk::pipelines {

StackOutputReference StackOutputReference::from_cfn_output(const CfnOutput& output) {
    const Stack& stack = Stack::of(output);
    return {.stack_path = stack.node().path(),
            .stack_artifact_id = stack.artifact_id(),
            .output_name = output.logical_id()};
}

} // namespace cdk::pipelines

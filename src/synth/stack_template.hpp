#pragma once

#include "assembly/manifest.hpp"
#include "core/json.hpp"

namespace cdk {

class Stack;

/// Renders a stack's CloudFormation template (CDK: Stack._toCloudFormation): every CfnElement of the
/// stack contributes its fragment, resolved in the stack's context; sections are merged and a key
/// defined twice is an error naming the element.
[[nodiscard]] Json render_stack_template(Stack& stack);

/// The manifest metadata of a stack: `aws:cdk:logicalId` of each element, stack tags, and every
/// construct's own entries (annotations), keyed by `/<construct path>`.
[[nodiscard]] assembly::MetadataMap collect_stack_metadata(Stack& stack);

} // namespace cdk

#pragma once

#include <string>

namespace cdk {

class Construct;
class Stack;

/// Options of export_value.
struct ExportValueOptions {
    /// Export name; when empty the CDK's generated `<stack>:ExportsOutput...` name is used.
    std::string name;
    std::string description;
};

/// Exports a value from `stack` and returns the `Fn::ImportValue` token (CDK: Stack.exportValue). Use it
/// to keep an export alive while consumers move away. Without a name, `value` must be a resource
/// attribute or Ref (e.g. `queue.get_att("Arn")`); otherwise ValidationError.
[[nodiscard]] std::string export_value(Stack& stack, const std::string& value,
                                       const ExportValueOptions& options = {});

/// Makes references between stacks work (CDK: resolveReferences in private/refs.ts). For every
/// Ref/GetAtt consumed in a stack other than its producer's:
/// - same environment and assembly: the producer gets an Output with Export
///   `<producer stack name>:ExportsOutput<...>` (named as the CDK names it), the consumer an
///   `Fn::ImportValue`, and the consumer stack a dependency on the producer;
/// - otherwise: ValidationError naming both construct paths.
void resolve_references(Construct& root);

/// Turns construct-level dependencies (`node().add_dependency`) into DependsOn between the
/// CfnResources below them, or stack dependencies across stacks (CDK: prepareApp).
void apply_construct_dependencies(Construct& root);

} // namespace cdk

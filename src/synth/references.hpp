#pragma once

namespace cdk {

class Construct;

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

#pragma once

#include "tokens/resolvable.hpp"

#include <map>
#include <string>

namespace cdk {

class CfnElement;
class Stack;

/// A `Ref` or `Fn::GetAtt` to a template element (CDK: CfnReference). When consumed from another
/// stack, the synthesizer assigns a per-stack replacement (an `Fn::ImportValue`).
class CfnReference : public IResolvable {
public:
    /// `attribute` is "Ref" for a Ref, otherwise the GetAtt attribute name.
    CfnReference(const CfnElement& target, std::string attribute);

    [[nodiscard]] Json resolve(ResolveContext& context) const override;
    [[nodiscard]] std::string display_hint() const override;
    /// Stable: the value for a consumer in another stack is assigned between the passes, which the
    /// synthesis checks itself (an element that consumes a reference of another stack resolves again).
    [[nodiscard]] bool stable_across_passes() const override { return true; }

    [[nodiscard]] const CfnElement& target() const { return *target_; }
    [[nodiscard]] const std::string& attribute() const { return attribute_; }
    /// The reference as written in the producing stack.
    [[nodiscard]] Json native_value() const;
    /// Makes the reference resolve to `value` when consumed in `consumer`.
    /// Const because references are shared through the token map; the table is per-consumer state.
    void assign_value_for_stack(const Stack& consumer, Json value) const;
    [[nodiscard]] bool has_value_for_stack(const Stack& consumer) const;

private:
    const CfnElement* target_;
    std::string attribute_;
    mutable std::map<const Stack*, Json> replacements_;
};

} // namespace cdk

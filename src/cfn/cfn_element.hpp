#pragma once

#include "constructs/construct.hpp"
#include "tokens/resolvable.hpp"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace cdk {

class Stack;
class CfnReference;

/// An element of a CloudFormation template: resource, parameter, output, condition, mapping or rule
/// (CDK: CfnElement). Its logical id comes from its path below the stack (see make_unique_id) unless
/// overridden.
class CfnElement : public Construct {
public:
    CfnElement(Construct& scope, std::string_view id);
    ~CfnElement() override;

    /// The logical id in the template (computed from the path, or the override).
    [[nodiscard]] std::string logical_id() const;
    /// Sets the logical id explicitly (CDK: overrideLogicalId). Throws once it has been locked.
    void override_logical_id(const std::string& new_logical_id);
    /// Freezes the logical id (done when it is exported to another stack).
    void lock_logical_id() { logical_id_locked_ = true; }
    [[nodiscard]] Stack& stack() const { return *stack_; }

    /// This element's contribution to the template, e.g. `{"Resources": {"Id": {...}}}`. It may
    /// contain tokens; the stack resolves it.
    [[nodiscard]] virtual Json to_cloudformation() const = 0;
    /// This element's contribution resolved in its stack: what `stack().resolve(to_cloudformation())`
    /// returns.
    [[nodiscard]] Json resolved_fragment() const;
    /// The same with explicit options (the stack's resolve_options(), perhaps with `on_token` set): what
    /// `resolve(to_cloudformation(), options)` returns (the default). Elements may compute it more directly.
    [[nodiscard]] virtual Json resolved_fragment(const ResolveOptions& options) const;
    /// Calls `visit` with the unresolved values whose tokens resolving this element would meet (for
    /// finding references); the default visits to_cloudformation().
    virtual void visit_unresolved(const std::function<void(const Json&)>& visit) const;

    /// The reference token for `Ref` (attribute "Ref") or `Fn::GetAtt` of this element, shared per attribute.
    [[nodiscard]] std::shared_ptr<CfnReference> reference_for(const std::string& attribute) const;

private:
    Stack* stack_;
    std::optional<std::string> logical_id_override_;
    bool logical_id_locked_ = false;
    /// The id the stack allocated (a pure function of the construct path), computed on first use.
    mutable std::optional<std::string> allocated_logical_id_;
    mutable std::map<std::string, std::shared_ptr<CfnReference>> references_;
};

/// A CfnElement that can be referenced with `Ref` (CDK: CfnRefElement).
class CfnRefElement : public CfnElement {
public:
    using CfnElement::CfnElement;
    /// `{"Ref": logicalId}` as a string token.
    [[nodiscard]] std::string ref() const;
};

} // namespace cdk

#pragma once

#include "cfn/cfn_element.hpp"

#include <optional>
#include <string>
#include <vector>

namespace cdk {

class CfnCondition;

/// Props of a raw CfnResource.
struct CfnResourceProps {
    /// CloudFormation type, e.g. `AWS::SQS::Queue`.
    std::string type;
    /// Properties, in CloudFormation casing; values may contain tokens.
    Json properties = Json::object();
};

/// What happens to a resource when it leaves the stack (CDK: RemovalPolicy).
enum class RemovalPolicy { Destroy, Retain, Snapshot, RetainOnUpdateOrDelete };

/// Options of apply_removal_policy.
struct RemovalPolicyOptions {
    /// Also set UpdateReplacePolicy (default true).
    bool apply_to_update_replace_policy = true;
};

/// CloudFormation resource attributes besides the properties (CDK: ICfnResourceOptions).
struct CfnResourceOptions {
    const CfnCondition* condition = nullptr;
    std::string deletion_policy;       ///< Delete | Retain | Snapshot | RetainExceptOnCreate
    std::string update_replace_policy; ///< Delete | Retain | Snapshot
    Json creation_policy = Json(Json::value_t::discarded); ///< unset when discarded
    Json update_policy = Json(Json::value_t::discarded);   ///< unset when discarded
    std::string version;
    std::string description;
    Json metadata = Json::object();
};

/// A CloudFormation resource (CDK: CfnResource). Use it raw with a type and Json properties, or derive
/// a typed L1 class from it:
///
///   class CfnQueue : public CfnResource {
///   public:
///       CfnQueue(Construct& scope, std::string_view id, const CfnQueueProps& props)
///           : CfnResource(scope, id, {.type = "AWS::SQS::Queue"}), props_(props) {}
///   protected:
///       Json cfn_properties() const override { return {{"QueueName", props_.queue_name}}; }
///   };
///
/// `cfn_properties()` renders the typed fields (tokens allowed) before resolution;
/// `render_properties()` may post-process the resolved properties. Overrides added with
/// `add_override`/`add_property_override` are merged last, after resolution, as in the CDK.
class CfnResource : public CfnRefElement {
public:
    CfnResource(Construct& scope, std::string_view id, CfnResourceProps props);

    [[nodiscard]] const std::string& cfn_resource_type() const { return type_; }
    [[nodiscard]] CfnResourceOptions& cfn_options() { return options_; }
    [[nodiscard]] const CfnResourceOptions& cfn_options() const { return options_; }

    /// `Fn::GetAtt` of this resource as a string token.
    [[nodiscard]] std::string get_att(const std::string& attribute) const;
    /// Adds a `DependsOn` on `target` (same stack), or a stack dependency when it is in another stack.
    void add_dependency(CfnResource& target);
    /// Removes a `DependsOn` added before.
    void remove_dependency(CfnResource& target);
    [[nodiscard]] std::vector<CfnResource*> depends_on() const { return depends_on_; }

    /// Sets DeletionPolicy (and UpdateReplacePolicy) from a removal policy.
    void apply_removal_policy(RemovalPolicy policy, const RemovalPolicyOptions& options = {});
    /// Sets a raw override at a dotted path of the resource definition, e.g. `Metadata.Note` or
    /// `Properties.Tags.0.Key`; `\.` escapes a dot.
    void add_override(const std::string& path, Json value);
    /// Removes a value at a dotted path from the rendered resource.
    void add_deletion_override(const std::string& path);
    void add_property_override(const std::string& property_path, Json value);
    void add_property_deletion_override(const std::string& property_path);
    /// Sets one entry of the resource's Metadata.
    void add_metadata(const std::string& key, Json value);
    [[nodiscard]] Json get_metadata(const std::string& key) const;
    /// Sets one raw property (CDK: addPropertyOverride without the override semantics for raw resources).
    void set_property(const std::string& name, Json value) { properties_[name] = std::move(value); }

    /// Final: subclasses shape the resource through cfn_properties/render_properties and overrides.
    [[nodiscard]] Json to_cloudformation() const final;
    using CfnElement::resolved_fragment;
    /// The same as resolving to_cloudformation() with `options`, without wrapping the definition in a token.
    [[nodiscard]] Json resolved_fragment(const ResolveOptions& options) const final;
    /// The definition and the overrides (what resolving the resource meets), without building the fragment.
    void visit_unresolved(const std::function<void(const Json&)>& visit) const final;

    /// Post-resolution processing of the whole resource definition (used by the renderer; public for it).
    [[nodiscard]] Json finish_definition(Json definition, const Json& resolved_overrides) const;
    /// The raw overrides (with deletion markers), for resolution.
    [[nodiscard]] const Json& raw_overrides() const { return raw_overrides_; }

protected:
    /// The properties before resolution. Typed subclasses override this to render their fields.
    [[nodiscard]] virtual Json cfn_properties() const { return properties_; }
    /// The resolved properties, before overrides are merged; the default returns them unchanged. They
    /// are handed over by value: a subclass changes and returns them without a copy.
    [[nodiscard]] virtual Json render_properties(Json resolved) const { return resolved; }

private:
    /// The unresolved definition (Type, Properties, DependsOn, policies...), before render_properties.
    [[nodiscard]] Json definition() const;

    std::string type_;
    Json properties_;
    CfnResourceOptions options_;
    std::vector<CfnResource*> depends_on_;
    Json raw_overrides_ = Json::object();
};

namespace detail {
/// The string that stands for "delete this key" inside raw overrides.
[[nodiscard]] const std::string& deletion_marker();
/// CDK's deepMerge: objects merge recursively, deletion markers delete, empty objects left behind vanish.
void deep_merge(Json& target, const Json& source);
} // namespace detail

} // namespace cdk

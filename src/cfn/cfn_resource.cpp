#include "cfn/cfn_resource.hpp"

#include "cfn/cfn_condition.hpp"
#include "cfn/cfn_reference.hpp"
#include "constructs/stack.hpp"
#include "tokens/errors.hpp"
#include "tokens/resolve.hpp"
#include "tokens/token.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace cdk {
namespace {

std::vector<std::string> split_override_path(const std::string& path) {
    std::vector<std::string> parts;
    std::string current;
    for (std::size_t i = 0; i < path.size(); ++i) {
        if (path[i] == '\\' && i + 1 < path.size() && path[i + 1] == '.') {
            current += '.';
            ++i;
        } else if (path[i] == '.') {
            parts.push_back(current);
            current.clear();
        } else {
            current += path[i];
        }
    }
    parts.push_back(current);
    return parts;
}

bool is_empty_container(const Json& v) {
    return (v.is_object() || v.is_array()) && v.empty();
}

/// Renders a resource and, after resolution, applies render_properties and the overrides
/// (CDK: the PostResolveToken in CfnResource._toCloudFormation).
class ResourceDefinition : public IResolvable {
public:
    ResourceDefinition(const CfnResource& resource, Json definition)
        : resource_(&resource), definition_(std::move(definition)) {}

    Json resolve(ResolveContext& /*context*/) const override { return definition_; }
    Json post_process(Json resolved, ResolveContext& context) const override {
        Json overrides = context.resolve(resource_->raw_overrides());
        return resource_->finish_definition(std::move(resolved), overrides);
    }
    std::string display_hint() const override { return "CfnResource"; }

private:
    const CfnResource* resource_;
    Json definition_;
};

} // namespace

namespace detail {

const std::string& deletion_marker() {
    static const std::string marker = "\x01"
                                      "cdkpp:delete"
                                      "\x01";
    return marker;
}

void deep_merge(Json& target, const Json& source) {
    for (const auto& [key, value] : source.items()) {
        if (value.is_object()) {
            if (!target.contains(key) || !target[key].is_object()) {
                target[key] = Json::object();
            }
            deep_merge(target[key], value);
            if (target[key].is_object() && target[key].empty()) {
                target.erase(key);
            }
        } else if (value.is_string() && value.get_ref<const std::string&>() == deletion_marker()) {
            target.erase(key);
        } else {
            target[key] = value;
        }
    }
}

} // namespace detail

CfnResource::CfnResource(Construct& scope, std::string_view id, CfnResourceProps props)
    : CfnRefElement(scope, id), type_(std::move(props.type)),
      properties_(props.properties.is_null() ? Json::object() : std::move(props.properties)) {
    if (type_.empty()) {
        throw ValidationError("the `type` property of a CfnResource is required, e.g. \"AWS::SQS::Queue\"",
                              node().path());
    }
    if (!properties_.is_object()) {
        throw ValidationError("the properties of a CfnResource must be a JSON object", node().path(),
                              properties_.dump());
    }
    const Json path_metadata = node().try_get_context("aws:cdk:enable-path-metadata");
    if (path_metadata == true || path_metadata == "true") {
        add_metadata("aws:cdk:path", node().path());
    }
}

std::string CfnResource::get_att(const std::string& attribute) const {
    return Token::as_string(reference_for(attribute));
}

void CfnResource::add_dependency(CfnResource& target) {
    if (&target == this) {
        return;
    }
    Stack& mine = stack();
    Stack& theirs = target.stack();
    if (&mine != &theirs) {
        mine.add_dependency(theirs, "\"" + node().path() + "\" depends on \"" + target.node().path() + "\"");
        return;
    }
    if (std::find(depends_on_.begin(), depends_on_.end(), &target) == depends_on_.end()) {
        depends_on_.push_back(&target);
    }
}

void CfnResource::remove_dependency(CfnResource& target) {
    depends_on_.erase(std::remove(depends_on_.begin(), depends_on_.end(), &target), depends_on_.end());
}

void CfnResource::apply_removal_policy(RemovalPolicy policy, const RemovalPolicyOptions& options) {
    std::string deletion;
    std::string update_replace;
    switch (policy) {
    case RemovalPolicy::Destroy: deletion = update_replace = "Delete"; break;
    case RemovalPolicy::Retain: deletion = update_replace = "Retain"; break;
    case RemovalPolicy::Snapshot: deletion = update_replace = "Snapshot"; break;
    case RemovalPolicy::RetainOnUpdateOrDelete:
        deletion = "RetainExceptOnCreate";
        update_replace = "Retain";
        break;
    }
    options_.deletion_policy = deletion;
    if (options.apply_to_update_replace_policy) {
        options_.update_replace_policy = update_replace;
    }
}

void CfnResource::add_override(const std::string& path, Json value) {
    const auto parts = split_override_path(path);
    Json* cur = &raw_overrides_;
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
        Json& next = (*cur)[parts[i]];
        if (!next.is_object()) {
            next = Json::object();
        }
        cur = &next;
    }
    (*cur)[parts.back()] = value.is_discarded() ? Json(detail::deletion_marker()) : std::move(value);
}

void CfnResource::add_deletion_override(const std::string& path) {
    add_override(path, Token::undefined());
}

void CfnResource::add_property_override(const std::string& property_path, Json value) {
    add_override("Properties." + property_path, std::move(value));
}

void CfnResource::add_property_deletion_override(const std::string& property_path) {
    add_deletion_override("Properties." + property_path);
}

void CfnResource::add_metadata(const std::string& key, Json value) {
    options_.metadata[key] = std::move(value);
}

Json CfnResource::get_metadata(const std::string& key) const {
    auto it = options_.metadata.find(key);
    return it == options_.metadata.end() ? Json() : *it;
}

Json CfnResource::definition() const {
    Json def = Json::object();
    def["Type"] = type_;
    Json props = cfn_properties();
    if (!props.is_discarded() && !props.is_null()) {
        def["Properties"] = std::move(props);
    }
    if (!depends_on_.empty()) {
        // Sorted by construct path as the CDK does (localeCompare: case-insensitive first, then lower before
        // upper).
        std::vector<const CfnResource*> sorted(depends_on_.begin(), depends_on_.end());
        const auto locale_less = [](const std::string& a, const std::string& b) {
            const auto fold = [](unsigned char c) { return static_cast<char>(std::tolower(c)); };
            const bool less_folded = std::lexicographical_compare(
                a.begin(), a.end(), b.begin(), b.end(),
                [&](unsigned char x, unsigned char y) { return fold(x) < fold(y); });
            const bool greater_folded = std::lexicographical_compare(
                b.begin(), b.end(), a.begin(), a.end(),
                [&](unsigned char x, unsigned char y) { return fold(x) < fold(y); });
            if (less_folded || greater_folded) return less_folded;
            return a > b; // equal ignoring case: lower case first
        };
        std::stable_sort(sorted.begin(), sorted.end(), [&](const CfnResource* x, const CfnResource* y) {
            return locale_less(x->node().path(), y->node().path());
        });
        std::vector<std::string> ids;
        ids.reserve(sorted.size());
        for (const CfnResource* r : sorted) {
            ids.push_back(r->logical_id());
        }
        def["DependsOn"] = ids;
    }
    if (!options_.creation_policy.is_discarded()) {
        def["CreationPolicy"] = options_.creation_policy;
    }
    if (!options_.update_policy.is_discarded()) {
        def["UpdatePolicy"] = options_.update_policy;
    }
    if (!options_.update_replace_policy.empty()) {
        def["UpdateReplacePolicy"] = options_.update_replace_policy;
    }
    if (!options_.deletion_policy.empty()) {
        def["DeletionPolicy"] = options_.deletion_policy;
    }
    if (!options_.version.empty()) {
        def["Version"] = options_.version;
    }
    if (!options_.description.empty()) {
        def["Description"] = options_.description;
    }
    if (options_.metadata.is_object() && !options_.metadata.empty()) {
        def["Metadata"] = options_.metadata;
    }
    if (options_.condition != nullptr) {
        def["Condition"] = options_.condition->logical_id();
    }
    return def;
}

namespace {
/// `{"Resources": {id: value}}`.
Json resources_fragment(std::string id, Json value) {
    Json resources = Json::object();
    resources.get_ref<Json::object_t&>().emplace(std::move(id), std::move(value));
    Json out = Json::object();
    out.get_ref<Json::object_t&>().emplace("Resources", std::move(resources));
    return out;
}
} // namespace

Json CfnResource::to_cloudformation() const {
    auto token = std::make_shared<ResourceDefinition>(*this, definition());
    return resources_fragment(logical_id(), Token::as_any(token));
}

void CfnResource::visit_unresolved(const std::function<void(const Json&)>& visit) const {
    visit(definition());
    visit(raw_overrides_);
}

Json CfnResource::resolved_fragment(const ResolveOptions& options) const {
    // What resolving to_cloudformation() does (ResourceDefinition: the definition resolved, then the
    // overrides resolved and merged by finish_definition), without the token's copy of the definition.
    Json resolved = cdk::resolve(definition(), options);
    Json overrides = cdk::resolve(raw_overrides_, options);
    return resources_fragment(logical_id(), finish_definition(std::move(resolved), overrides));
}

Json CfnResource::finish_definition(Json definition, const Json& resolved_overrides) const {
    if (!definition.is_object()) {
        return definition;
    }
    auto& members = definition.get_ref<Json::object_t&>();
    for (const char* key : {"Properties", "DependsOn", "Metadata"}) {
        if (const auto it = members.find(key); it != members.end() && is_empty_container(it->second)) {
            members.erase(it);
        }
    }
    if (const auto it = members.find("Properties"); it != members.end()) {
        Json rendered = render_properties(std::move(it->second));
        if (rendered.is_null() || rendered.is_discarded() || is_empty_container(rendered)) {
            members.erase(it);
        } else {
            it->second = std::move(rendered);
        }
    }
    if (!resolved_overrides.is_object() || !resolved_overrides.empty()) {
        detail::deep_merge(definition, resolved_overrides);
    }
    return definition;
}

} // namespace cdk

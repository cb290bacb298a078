#pragma once

#include "constructs/construct.hpp"

#include <map>
#include <string>
#include <vector>

namespace cdk {

/// How a resource type renders its tags (CDK: TagType).
enum class TagType {
    Standard,         ///< `[{"Key": k, "Value": v}]`
    AutoScalingGroup, ///< `[{"Key": k, "Value": v, "PropagateAtLaunch": b}]`
    Map,              ///< `{k: v}`
    KeyValue,         ///< `[{"Key": k, "Value": v}]` (stack tags)
    NotTaggable,
};

/// The tags of one taggable resource, with priorities (CDK: TagManager). A tag set with a lower
/// priority than the existing one is ignored; `Tags::of(...).add` uses priority 100.
class TagManager {
public:
    explicit TagManager(TagType type, std::map<std::string, std::string> initial_tags = {});

    void set_tag(const std::string& key, const std::string& value, int priority = 0,
                 bool apply_to_launched_instances = true);
    void remove_tag(const std::string& key, int priority = 0);
    /// The tags in the resource type's format, sorted by key; discarded (undefined) when there are none.
    [[nodiscard]] Json render_tags() const;
    [[nodiscard]] std::map<std::string, std::string> tag_values() const;
    [[nodiscard]] bool has_tags() const;
    [[nodiscard]] TagType type() const { return type_; }

private:
    struct Entry {
        std::string value;
        int priority = 0;
        bool apply_to_launched_instances = true;
        bool removed = false;
    };
    TagType type_;
    std::map<std::string, Entry> tags_;
};

/// Implemented by constructs that carry tags (typed L1 resources of taggable types).
class ITaggable {
public:
    virtual ~ITaggable() = default;
    [[nodiscard]] virtual TagManager& tag_manager() = 0;
    /// The CloudFormation type, used by include/exclude filters.
    [[nodiscard]] virtual std::string tagged_resource_type() const = 0;
};

/// Options of Tags::add/remove (CDK: TagProps).
struct TagProps {
    bool apply_to_launched_instances = true;
    std::vector<std::string> include_resource_types;
    std::vector<std::string> exclude_resource_types;
    /// Default 100 for add, 200 for remove.
    int priority = -1;
};

/// Tags every taggable construct in a scope, stacks included (CDK: Tags.of(scope)).
class Tags {
public:
    [[nodiscard]] static Tags of(Construct& scope) { return Tags(scope); }
    void add(const std::string& key, const std::string& value, const TagProps& props = {});
    void remove(const std::string& key, const TagProps& props = {});

private:
    explicit Tags(Construct& scope) : scope_(&scope) {}
    Construct* scope_;
};

} // namespace cdk

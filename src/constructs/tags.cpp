#include "constructs/tags.hpp"

#include "constructs/aspects.hpp"
#include "constructs/stack.hpp"
#include "tokens/errors.hpp"

#include <algorithm>

namespace cdk {
namespace {

constexpr int kAddPriority = 100;
constexpr int kRemovePriority = 200;

/// The aspect behind Tags::add and Tags::remove (CDK: Tag, RemoveTag).
class TagAspect : public IAspect {
public:
    TagAspect(std::string key, std::string value, TagProps props, bool remove)
        : key_(std::move(key)), value_(std::move(value)), props_(std::move(props)), remove_(remove) {
        if (props_.priority < 0) {
            props_.priority = remove_ ? kRemovePriority : kAddPriority;
        }
    }

    void visit(Construct& node) override {
        if (auto* stack = dynamic_cast<Stack*>(&node)) {
            if (!remove_) {
                stack->add_tag(key_, value_);
            }
        }
        auto* taggable = dynamic_cast<ITaggable*>(&node);
        if (taggable == nullptr || !applies_to(taggable->tagged_resource_type())) {
            return;
        }
        if (remove_) {
            taggable->tag_manager().remove_tag(key_, props_.priority);
        } else {
            taggable->tag_manager().set_tag(key_, value_, props_.priority,
                                            props_.apply_to_launched_instances);
        }
    }

private:
    bool applies_to(const std::string& type) const {
        const auto& inc = props_.include_resource_types;
        const auto& exc = props_.exclude_resource_types;
        if (std::find(exc.begin(), exc.end(), type) != exc.end()) {
            return false;
        }
        return inc.empty() || std::find(inc.begin(), inc.end(), type) != inc.end();
    }

    std::string key_;
    std::string value_;
    TagProps props_;
    bool remove_;
};

void check_key(const std::string& key, const Construct& scope) {
    if (key.empty() || key.size() > 128) {
        throw ValidationError("a tag key must be 1 to 128 characters", scope.node().path(), key);
    }
}

} // namespace

TagManager::TagManager(TagType type, std::map<std::string, std::string> initial_tags) : type_(type) {
    for (auto& [k, v] : initial_tags) {
        set_tag(k, v);
    }
}

void TagManager::set_tag(const std::string& key, const std::string& value, int priority,
                         bool apply_to_launched_instances) {
    auto it = tags_.find(key);
    if (it != tags_.end() && it->second.priority > priority) {
        return;
    }
    tags_[key] = Entry{value, priority, apply_to_launched_instances, false};
}

void TagManager::remove_tag(const std::string& key, int priority) {
    auto it = tags_.find(key);
    if (it != tags_.end() && it->second.priority > priority) {
        return;
    }
    tags_[key] = Entry{"", priority, true, true};
}

std::map<std::string, std::string> TagManager::tag_values() const {
    std::map<std::string, std::string> out;
    for (const auto& [k, e] : tags_) {
        if (!e.removed) {
            out[k] = e.value;
        }
    }
    return out;
}

bool TagManager::has_tags() const {
    return !tag_values().empty();
}

Json TagManager::render_tags() const {
    if (type_ == TagType::NotTaggable || !has_tags()) {
        return Json(Json::value_t::discarded);
    }
    if (type_ == TagType::Map) {
        return Json(tag_values());
    }
    Json list = Json::array();
    for (const auto& [k, e] : tags_) {
        if (e.removed) {
            continue;
        }
        Json tag{{"Key", k}, {"Value", e.value}};
        if (type_ == TagType::AutoScalingGroup) {
            tag["PropagateAtLaunch"] = e.apply_to_launched_instances;
        }
        list.push_back(std::move(tag));
    }
    return list;
}

void Tags::add(const std::string& key, const std::string& value, const TagProps& props) {
    check_key(key, *scope_);
    Aspects::of(*scope_).add(std::make_shared<TagAspect>(key, value, props, false));
}

void Tags::remove(const std::string& key, const TagProps& props) {
    check_key(key, *scope_);
    Aspects::of(*scope_).add(std::make_shared<TagAspect>(key, "", props, true));
}

} // namespace cdk

#include "synth/stack_template.hpp"

#include "cfn/cfn_element.hpp"
#include "constructs/stack.hpp"
#include "tokens/errors.hpp"

namespace cdk {
namespace {

/// The constructs of a stack, not descending into other stacks.
std::vector<Construct*> stack_constructs(Stack& stack) {
    std::vector<Construct*> out;
    std::vector<Construct*> todo{&stack};
    while (!todo.empty()) {
        Construct* c = todo.back();
        todo.pop_back();
        out.push_back(c);
        const auto& kids = c->node().children();
        for (auto it = kids.rbegin(); it != kids.rend(); ++it) {
            if (dynamic_cast<Stack*>(*it) == nullptr) {
                todo.push_back(*it);
            }
        }
    }
    return out;
}

} // namespace

Json render_stack_template(Stack& stack) {
    Json tmpl = Json::object();
    for (Construct* c : stack_constructs(stack)) {
        const auto* element = dynamic_cast<const CfnElement*>(c);
        if (element == nullptr) {
            continue;
        }
        Json fragment = element->resolved_fragment();
        if (!fragment.is_object()) {
            continue;
        }
        for (auto& [section, entries] : fragment.get_ref<Json::object_t&>()) {
            if (!entries.is_object()) {
                tmpl[section] = std::move(entries);
                continue;
            }
            Json& target = tmpl[section];
            if (target.is_null()) {
                target = Json::object();
            }
            auto& into = target.get_ref<Json::object_t&>();
            for (auto& [key, value] : entries.get_ref<Json::object_t&>()) {
                if (!into.try_emplace(key, std::move(value)).second) {
                    throw ValidationError("section '" + section + "' already contains '" + key +
                                              "'; give the element another id or logical id",
                                          element->node().path(), key);
                }
            }
        }
    }
    if (!stack.description().empty()) {
        tmpl["Description"] = stack.description();
    }
    if (!stack.transforms().empty()) {
        tmpl["Transform"] = stack.transforms().size() == 1 ? Json(stack.transforms()[0]) : Json(stack.transforms());
    }
    if (!stack.template_metadata().empty()) {
        tmpl["Metadata"] = stack.resolve(stack.template_metadata());
    }
    return tmpl;
}

assembly::MetadataMap collect_stack_metadata(Stack& stack) {
    assembly::MetadataMap out;
    if (!stack.tags().empty()) {
        Json tags = Json::array();
        for (const auto& [k, v] : stack.tags()) {
            tags.push_back(Json{{"key", k}, {"value", v}});
        }
        out["/" + stack.node().path()].push_back({std::string(assembly::metadata_type::kStackTags), tags, {}});
    }
    for (Construct* c : stack_constructs(stack)) {
        auto& entries = out["/" + c->node().path()];
        if (const auto* element = dynamic_cast<const CfnElement*>(c)) {
            entries.push_back({std::string(assembly::metadata_type::kLogicalId), element->logical_id(), {}});
        }
        for (const auto& m : c->node().metadata()) {
            entries.push_back({m.type, stack.resolve(m.data), {}});
        }
        if (entries.empty()) {
            out.erase("/" + c->node().path());
        }
    }
    return out;
}

} // namespace cdk

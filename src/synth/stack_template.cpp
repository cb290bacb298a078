#include "synth/stack_template.hpp"

#include "cfn/cfn_element.hpp"
#include "constructs/stack.hpp"
#include "synth/detail/parallel.hpp"
#include "synth/detail/prepared_fragments.hpp"
#include "tokens/errors.hpp"

#include <algorithm>
#include <functional>
#include <vector>

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

Json render_stack_template(Stack& stack) { return detail::render_stack_template(stack, nullptr); }

Json detail::render_stack_template(Stack& stack, PreparedFragments* prepared) {
    std::vector<const CfnElement*> elements;
    for (Construct* c : stack_constructs(stack)) {
        if (const auto* element = dynamic_cast<const CfnElement*>(c)) {
            elements.push_back(element);
        }
    }
    // Each element resolves on its own (or its fragment comes from the references pass); a big stack
    // resolves its elements in chunks on several threads, then the fragments are merged in order (so the
    // first duplicate is reported as before).
    std::vector<Json> fragments(elements.size());
    const std::size_t threads =
        elements.size() >= kParallelElementsFrom ? std::min<std::size_t>(synth_threads(), 8) : 1;
    std::vector<std::function<void()>> jobs;
    const std::size_t chunk = (elements.size() + threads - 1) / std::max<std::size_t>(threads, 1);
    for (std::size_t begin = 0; begin < elements.size(); begin += chunk) {
        const std::size_t end = std::min(elements.size(), begin + chunk);
        jobs.emplace_back([&, begin, end] {
            for (std::size_t i = begin; i < end; ++i) {
                if (prepared != nullptr) {
                    if (auto fragment = prepared->take(*elements[i])) {
                        fragments[i] = std::move(*fragment);
                        continue;
                    }
                }
                fragments[i] = elements[i]->resolved_fragment();
            }
        });
    }
    run_jobs(jobs, static_cast<unsigned>(threads));

    Json tmpl = Json::object();
    for (std::size_t i = 0; i < elements.size(); ++i) {
        const CfnElement* element = elements[i];
        Json& fragment = fragments[i];
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

#include "synth/stack_template.hpp"

#include "cfn/cfn_element.hpp"
#include "constructs/stack.hpp"
#include "core/json_writer.hpp"
#include "synth/detail/parallel.hpp"
#include "synth/detail/prepared_fragments.hpp"
#include "tokens/errors.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <string_view>
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
            if ((*it)->kind() != Construct::Kind::Stack) {
                todo.push_back(*it);
            }
        }
    }
    return out;
}

/// The elements of a stack in tree order.
std::vector<const CfnElement*> stack_elements(Stack& stack) {
    std::vector<const CfnElement*> elements;
    for (Construct* c : stack_constructs(stack)) {
        if (c->kind() == Construct::Kind::CfnElement) {
            elements.push_back(static_cast<const CfnElement*>(c));
        }
    }
    return elements;
}

/// Runs `resolve(i)` for i in [0, n): from kParallelElementsFrom on, in chunks on several threads (the
/// first error in order is rethrown).
void resolve_in_chunks(std::size_t n, const std::function<void(std::size_t)>& resolve) {
    const std::size_t threads =
        n >= detail::kParallelElementsFrom ? std::min<std::size_t>(detail::synth_threads(), 8) : 1;
    std::vector<std::function<void()>> jobs;
    const std::size_t chunk = detail::chunk_size(n, threads);
    for (std::size_t begin = 0; begin < n; begin += chunk) {
        const std::size_t end = std::min(n, begin + chunk);
        jobs.emplace_back([&, begin, end] {
            for (std::size_t i = begin; i < end; ++i) {
                resolve(i);
            }
        });
    }
    detail::run_jobs(jobs, static_cast<unsigned>(threads));
}

ValidationError duplicate_error(const CfnElement& element, const std::string& section,
                                const std::string& key) {
    return ValidationError("section '" + section + "' already contains '" + key +
                               "'; give the element another id or logical id",
                           element.node().path(), key);
}

Json transform_value(const Stack& stack) {
    return stack.transforms().size() == 1 ? Json(stack.transforms()[0]) : Json(stack.transforms());
}

} // namespace

Json render_stack_template(Stack& stack) {
    const std::vector<const CfnElement*> elements = stack_elements(stack);
    // Each element resolves on its own; a big stack resolves its elements in chunks on several threads,
    // then the fragments are merged in order (so the first duplicate is reported as before).
    std::vector<Json> fragments(elements.size());
    resolve_in_chunks(elements.size(),
                      [&](std::size_t i) { fragments[i] = elements[i]->resolved_fragment(); });

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
                    throw duplicate_error(*element, section, key);
                }
            }
        }
    }
    if (!stack.description().empty()) {
        tmpl["Description"] = stack.description();
    }
    if (!stack.transforms().empty()) {
        tmpl["Transform"] = transform_value(stack);
    }
    if (!stack.template_metadata().empty()) {
        tmpl["Metadata"] = stack.resolve(stack.template_metadata());
    }
    return tmpl;
}

namespace {

/// A template section while fragments are joined: what render_stack_template's merge holds for it.
struct SectionText {
    /// True once an object (entries below); false while the section holds `value` (null when new).
    bool is_object = false;
    std::map<std::string_view, const std::string*> entries;
    Json value;

    void set_value(Json v) {
        is_object = false;
        entries.clear();
        value = std::move(v);
    }
};

} // namespace

std::string detail::render_stack_template_text(Stack& stack, PreparedFragments* prepared) {
    const std::vector<const CfnElement*> elements = stack_elements(stack);
    std::vector<FragmentText> texts(elements.size());
    std::vector<std::size_t> missing;
    for (std::size_t i = 0; i < elements.size(); ++i) {
        auto text = prepared != nullptr ? prepared->take(*elements[i]) : std::nullopt;
        if (text) {
            texts[i] = std::move(*text);
        } else {
            missing.push_back(i);
        }
    }
    // The elements the references pass could not prepare are resolved and written now.
    resolve_in_chunks(missing.size(), [&](std::size_t m) {
        const std::size_t i = missing[m];
        texts[i] = fragment_text(elements[i]->resolved_fragment());
    });

    // Join the sections as render_stack_template merges them (same errors, in the same order).
    std::map<std::string, SectionText, std::less<>> sections;
    for (std::size_t i = 0; i < elements.size(); ++i) {
        for (auto& fragment_section : texts[i].sections) {
            SectionText& section = sections[fragment_section.name];
            if (fragment_section.value) {
                section.set_value(std::move(*fragment_section.value));
                continue;
            }
            if (!section.is_object) {
                if (!section.value.is_null()) {
                    (void)section.value.get_ref<Json::object_t&>(); // throws the merge's type error
                }
                section.is_object = true;
            }
            for (const auto& [key, text] : fragment_section.entries) {
                if (!section.entries.try_emplace(key, &text).second) {
                    throw duplicate_error(*elements[i], fragment_section.name, key);
                }
            }
        }
    }
    if (!stack.description().empty()) {
        sections["Description"].set_value(stack.description());
    }
    if (!stack.transforms().empty()) {
        sections["Transform"].set_value(transform_value(stack));
    }
    if (!stack.template_metadata().empty()) {
        sections["Metadata"].set_value(stack.resolve(stack.template_metadata()));
    }

    // The bytes json::dump(render_stack_template(stack), 1) writes.
    if (sections.empty()) {
        return "{}";
    }
    std::size_t size = 4;
    for (const auto& [name, section] : sections) {
        size += name.size() + 16;
        for (const auto& [key, text] : section.entries) {
            size += text->size() + 4;
        }
    }
    std::string out;
    out.reserve(size);
    out.push_back('{');
    bool first_section = true;
    for (const auto& [name, section] : sections) {
        out.append(first_section ? "\n " : ",\n ");
        first_section = false;
        json::append_string(out, name);
        out.append(": ", 2);
        if (!section.is_object) {
            json::dump_to(out, section.value, 1, 1); // indent 1: depth 1 is 1 space
            continue;
        }
        if (section.entries.empty()) {
            out.append("{}", 2);
            continue;
        }
        out.push_back('{');
        bool first_entry = true;
        for (const auto& [key, text] : section.entries) {
            out.append(first_entry ? "\n  " : ",\n  ");
            first_entry = false;
            out.append(*text);
        }
        out.append("\n }", 3);
    }
    out.append("\n}", 2);
    return out;
}

assembly::MetadataMap collect_stack_metadata(Stack& stack) {
    assembly::MetadataMap out;
    if (!stack.tags().empty()) {
        Json tags = Json::array();
        for (const auto& [k, v] : stack.tags()) {
            tags.push_back(Json{{"key", k}, {"value", v}});
        }
        out["/" + stack.node().path()].push_back(
            {std::string(assembly::metadata_type::kStackTags), tags, {}});
    }
    // Only constructs with entries get a key, each built once; a key greater than the last one (common:
    // siblings added in order) goes in at the end without a search.
    std::string key;
    for (Construct* c : stack_constructs(stack)) {
        const auto* element =
            c->kind() == Construct::Kind::CfnElement ? static_cast<const CfnElement*>(c) : nullptr;
        const auto& metadata = c->node().metadata();
        if (element == nullptr && metadata.empty()) {
            continue;
        }
        key.assign(1, '/');
        key += c->node().path();
        auto& entries = out.try_emplace(out.end(), key)->second;
        if (element != nullptr) {
            entries.push_back({std::string(assembly::metadata_type::kLogicalId), element->logical_id(), {}});
        }
        for (const auto& m : metadata) {
            entries.push_back({m.type, stack.resolve(m.data), {}});
        }
    }
    return out;
}

} // namespace cdk

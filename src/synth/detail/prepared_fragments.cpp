#include "synth/detail/prepared_fragments.hpp"

#include "core/json_writer.hpp"

namespace cdk::detail {

FragmentText fragment_text(const Json& fragment) {
    FragmentText out;
    if (!fragment.is_object()) {
        return out;
    }
    const auto& sections = fragment.get_ref<const Json::object_t&>();
    out.sections.reserve(sections.size());
    for (const auto& [name, entries] : sections) {
        auto& section = out.sections.emplace_back();
        section.name = name;
        if (!entries.is_object()) {
            section.value = entries;
            continue;
        }
        const auto& members = entries.get_ref<const Json::object_t&>();
        section.entries.reserve(members.size());
        for (const auto& [key, value] : members) {
            std::string text;
            json::append_string(text, key);
            text.append(": ", 2);
            json::dump_to(text, value, 1, 2); // indent 1: depth 2 is 2 spaces
            section.entries.emplace_back(key, std::move(text));
        }
    }
    return out;
}

void PreparedFragments::add(const CfnElement& element, FragmentText fragment) {
    fragments_.insert_or_assign(&element, std::optional<FragmentText>(std::move(fragment)));
}

std::optional<FragmentText> PreparedFragments::take(const CfnElement& element) {
    // find() does not modify the table, so takers on several threads do not race; each one modifies only
    // the slot of its own element.
    const auto it = fragments_.find(&element);
    if (it == fragments_.end() || !it->second) {
        return std::nullopt;
    }
    std::optional<FragmentText> out = std::move(it->second);
    it->second.reset();
    return out;
}

} // namespace cdk::detail

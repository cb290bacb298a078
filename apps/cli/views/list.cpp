#include "apps/cli/views/list.hpp"

#include "toolkit/serialize.hpp"

namespace cdk::cli {
namespace {

using OJson = nlohmann::ordered_json;

OJson long_entry(const toolkit::ListedStack& s, const ListView& view) {
    OJson j = OJson::object();
    j["id"] = s.id;
    if (view.long_format || view.json) {
        j["name"] = s.name;
        j["environment"] = OJson{{"account", s.environment.account},
                                 {"region", s.environment.region},
                                 {"name", s.environment.to_string()}};
    }
    if (view.show_dependencies) j["dependencies"] = s.dependencies;
    return j;
}

} // namespace

void render_list(std::ostream& out, const std::vector<toolkit::ListedStack>& stacks, const ListView& view) {
    if (!view.json && !view.long_format && !view.show_dependencies) {
        for (const auto& s : stacks)
            out << s.id << "\n";
        return;
    }
    OJson list = OJson::array();
    for (const auto& s : stacks)
        list.push_back(long_entry(s, view));
    // Like the stock CLI: YAML is followed by an empty line.
    out << (view.json ? toolkit::to_json_text(list) : toolkit::to_yaml(list) + "\n");
}

} // namespace cdk::cli

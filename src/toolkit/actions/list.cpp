#include "toolkit/actions/list.hpp"

#include "assembly/stack_selection.hpp"

#include <map>

namespace cdk::toolkit {

Result<std::vector<ListedStack>> list_stacks(const assembly::CloudAssembly& assembly,
                                             const std::vector<std::string>& patterns) {
    assembly::StackSelector selector;
    selector.patterns = patterns;
    selector.default_selection = assembly::DefaultSelection::AllStacks;
    selector.extend = assembly::ExtendSelection::Upstream;
    selector.fail_on_unmatched = false;
    auto stacks = assembly::select_stacks(assembly, selector);
    if (!stacks) return stacks.error();

    std::map<std::string, std::string> id_by_key; // assembly dir + artifact id -> listed id
    std::vector<ListedStack> out;
    for (const auto* s : *stacks) {
        ListedStack l;
        l.hierarchical_id = s->hierarchical_id;
        l.id = s->hierarchical_id == s->stack_name ? s->hierarchical_id
                                                   : s->hierarchical_id + " (" + s->stack_name + ")";
        l.name = s->stack_name;
        l.environment = s->environment;
        id_by_key[s->assembly_dir.string() + '\n' + s->id] = l.id;
        for (const auto& dep : s->dependencies) {
            const auto it = id_by_key.find(s->assembly_dir.string() + '\n' + dep);
            if (it != id_by_key.end()) l.dependencies.push_back(it->second);
        }
        out.push_back(std::move(l));
    }
    return out;
}

} // namespace cdk::toolkit

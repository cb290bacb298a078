#include "localcloud/cloudformation/support_table.hpp"

#include "localcloud/cloudformation/create_only_properties.hpp"
#include "localcloud/cloudformation/stack_engine.hpp"

namespace cdk::localcloud::cloudformation {

std::string render_support_table(const ProviderRegistry& providers) {
    std::string out = "| CloudFormation API operation |\n|---|\n";
    for (const auto& op : StackEngine::operations())
        out += "| `" + op + "` |\n";
    out += "\n| resource type | create-only properties (replacement) |\n|---|---|\n";
    for (const auto& type : providers.types()) {
        auto names = providers.find(type)->create_only_properties();
        if (names.empty()) names = schema_create_only_properties(type).value_or(std::vector<std::string>{});
        std::string create_only;
        for (const auto& p : names)
            create_only += (create_only.empty() ? "" : ", ") + p;
        out += "| `" + type + "` | " + (create_only.empty() ? std::string("none") : create_only) + " |\n";
    }
    return out;
}

} // namespace cdk::localcloud::cloudformation

// The engine's lifetime, its API table and crash recovery; the operations are in api_*.cpp by group.
#include "localcloud/cloudformation/stack_internal.hpp"

namespace cdk::localcloud::cloudformation {

namespace {
/// What the API takes as a TemplateBody (a larger template comes by TemplateURL, up to kMaxTemplateBytes).
constexpr std::size_t kMaxTemplateBodyBytes = 51'200;
} // namespace

StackEngine::StackEngine(CloudContext& cloud, ProviderRegistry& providers, ServiceRegistry& services)
    : cloud_(cloud), providers_(providers), services_(services), commits_(cloud.store), pool_(16) {}

StackEngine::~StackEngine() {
    stopping_ = true;
    std::vector<std::thread> drivers;
    {
        std::lock_guard lock(drivers_mutex_);
        drivers.swap(drivers_);
    }
    for (auto& d : drivers)
        d.join();
}

const std::vector<std::pair<std::string, StackEngine::Handler>>& StackEngine::table() {
    static const std::vector<std::pair<std::string, Handler>> kTable{
        // stacks (api_stacks.cpp)
        {"CreateStack", &StackEngine::create_stack},
        {"UpdateStack", &StackEngine::update_stack},
        {"DeleteStack", &StackEngine::delete_stack},
        {"DescribeStacks", &StackEngine::describe_stacks},
        {"ListStacks", &StackEngine::list_stacks},
        {"UpdateTerminationProtection", &StackEngine::update_termination_protection},
        {"ContinueUpdateRollback", &StackEngine::continue_update_rollback},
        {"RollbackStack", &StackEngine::rollback_stack},
        // change sets (api_change_sets.cpp)
        {"CreateChangeSet", &StackEngine::create_change_set},
        {"DescribeChangeSet", &StackEngine::describe_change_set},
        {"ExecuteChangeSet", &StackEngine::execute_change_set},
        {"DeleteChangeSet", &StackEngine::delete_change_set},
        {"ListChangeSets", &StackEngine::list_change_sets},
        // resources and events (api_resources.cpp)
        {"DescribeStackEvents", &StackEngine::describe_stack_events},
        {"DescribeStackResource", &StackEngine::describe_stack_resource},
        {"DescribeStackResources", &StackEngine::describe_stack_resources},
        {"ListStackResources", &StackEngine::list_stack_resources},
        // templates and exports (api_templates.cpp)
        {"GetTemplate", &StackEngine::get_template},
        {"GetTemplateSummary", &StackEngine::get_template_summary},
        {"ValidateTemplate", &StackEngine::validate_template},
        {"ListExports", &StackEngine::list_exports},
        {"ListImports", &StackEngine::list_imports}};
    return kTable;
}

const std::vector<std::string>& StackEngine::operations() {
    static const std::vector<std::string> kNames = [] {
        std::vector<std::string> names;
        for (const auto& [name, handler] : table())
            names.push_back(name);
        return names;
    }();
    return kNames;
}

Result<Json> StackEngine::call(const std::string& operation, const Json& in, ApiCall& c) {
    // The API's limit of a TemplateBody (what the execute path passes internally is not checked again).
    if (in.contains("TemplateBody") && in["TemplateBody"].is_string() &&
        in["TemplateBody"].get_ref<const std::string&>().size() > kMaxTemplateBodyBytes) {
        return validation_error(
            "1 validation error detected: Value at 'templateBody' failed to satisfy constraint: "
            "Member must have length less than or equal to 51200 (a larger template must be "
            "uploaded to S3 and passed as TemplateURL)");
    }
    for (const auto& [name, handler] : table()) {
        if (name == operation) return (this->*handler)(in, c);
    }
    return make_error("InvalidAction",
                      "CloudFormation action " + operation + " is not implemented by localcloud", 400);
}

void StackEngine::recover() {
    auto index = cloud_.store.read<std::vector<std::pair<std::string, Json>>>([&](Tx& tx) {
        return tx.list(Scope{"", ""}, kIndexKind);
    });
    if (!index) return;
    static const std::map<std::string, std::string> failed{
        {"CREATE_IN_PROGRESS", "CREATE_FAILED"},
        {"ROLLBACK_IN_PROGRESS", "ROLLBACK_FAILED"},
        {"DELETE_IN_PROGRESS", "DELETE_FAILED"},
        {"UPDATE_IN_PROGRESS", "UPDATE_FAILED"},
        {"UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "UPDATE_COMPLETE"},
        {"UPDATE_ROLLBACK_IN_PROGRESS", "UPDATE_ROLLBACK_FAILED"},
        {"UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", "UPDATE_ROLLBACK_COMPLETE"}};
    for (const auto& [stack_id, where] : *index) {
        Operation op;
        op.scope = Scope{where.value("Account", ""), where.value("Region", "")};
        op.stack_id = stack_id;
        auto stack = cloud_.store.read<std::optional<Stack>>(
            [&](Tx& tx) { return records::get_stack(tx, op.scope, stack_id); });
        if (!stack || !*stack) continue;
        Stack doc = std::move(**stack);
        const std::string status = doc.status;
        const auto it = failed.find(status);
        if (it == failed.end()) continue;
        set_stack_status(op, doc, it->second,
                         "localcloud stopped while the stack was " + status +
                             "; the operation was interrupted");
    }
}

} // namespace cdk::localcloud::cloudformation

// The stack operations: CreateStack, UpdateStack, DeleteStack, DescribeStacks, ListStacks,
// UpdateTerminationProtection, ContinueUpdateRollback, RollbackStack.
#include "localcloud/cloudformation/stack_internal.hpp"
#include "localcloud/state/ids.hpp"

namespace cdk::localcloud::cloudformation {

Result<Json> StackEngine::create_stack(const Json& in, ApiCall& c) {
    const std::string name = input_string(in, "StackName");
    if (!valid_name(name))
        return name_error(name, "stackName", "[a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*");
    const Scope scope{c.account(), c.region()};
    auto exists = cloud_.store.read<std::optional<std::string>>(
        [&](Tx& tx) { return records::live_stack_id(tx, scope, name); });
    if (!exists) return exists.error();
    if (*exists) return already_exists("Stack [" + name + "] already exists");
    const std::string stack_id = new_stack_id(c, name);
    auto caller = acting_caller(input_string(in, "RoleARN"), c);
    if (!caller) return caller.error();
    auto prepared = prepare(in, c, nullptr, name, stack_id);
    if (!prepared) return prepared.error();
    Stack stack = new_stack(in, stack_id, name, iso_millis_now());
    apply_prepared(stack, in, prepared->body, prepared->template_doc, prepared->parameters);
    stack.status = "CREATE_IN_PROGRESS";
    auto written = cloud_.store.write<void>([&](Tx& tx) -> Result<void> {
        auto again = records::live_stack_id(tx, scope, name);
        if (!again) return again.error();
        if (*again) return already_exists("Stack [" + name + "] already exists");
        return records::add_stack(tx, scope, stack);
    });
    if (!written) return written.error();
    launch(Operation{Operation::Kind::Create, scope, stack_id, *caller, random_uuid()});
    return Json{{"StackId", stack_id}};
}

Result<Json> StackEngine::update_stack(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    auto found = cloud_.store.read<Stack>(
        [&](Tx& tx) { return find_stack(tx, scope, input_string(in, "StackName"), false); });
    if (!found) return found.error();
    Stack stack = std::move(*found);
    if (!updatable(stack.status)) return not_updatable(stack);
    auto caller = acting_caller(role_arn(in, stack), c);
    if (!caller) return caller.error();
    auto prepared = prepare(in, c, &stack, stack.name, stack.id);
    if (!prepared) return prepared.error();
    auto changes = plan_changes(scope, stack, *prepared);
    if (!changes) return changes.error();
    if (no_changes(stack, *changes, prepared->body, prepared->parameters.raw, in)) {
        return validation_error("No updates are to be performed.");
    }
    auto written = cloud_.store.write<void>([&](Tx& tx) -> Result<void> {
        auto again = find_stack(tx, scope, stack.id, false);
        if (!again) return again.error();
        if (!updatable(again->status)) return not_updatable(*again);
        return start_update(tx, scope, stack, *prepared, in);
    });
    if (!written) return written.error();
    launch(Operation{Operation::Kind::Update, scope, stack.id, *caller, random_uuid()});
    return Json{{"StackId", stack.id}};
}

Result<Json> StackEngine::delete_stack(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    auto found = cloud_.store.read<Stack>(
        [&](Tx& tx) { return find_stack(tx, scope, input_string(in, "StackName"), true); });
    if (!found) {
        if (found.error().code == "ValidationError")
            return Json::object(); // deleting a missing stack succeeds
        return found.error();
    }
    Stack stack = std::move(*found);
    const std::string status = stack.status;
    if (status == "DELETE_COMPLETE" || status == "DELETE_IN_PROGRESS") return Json::object();
    if (stack.termination_protection) {
        return validation_error("Stack [" + stack.name +
                                "] cannot be deleted while TerminationProtection is enabled");
    }
    if (status.find("_IN_PROGRESS") != std::string::npos && status != "REVIEW_IN_PROGRESS") {
        return validation_error("Stack [" + stack.name + "] is in " + status +
                                " state and can not be deleted.");
    }
    auto caller = acting_caller(role_arn(in, stack), c);
    if (!caller) return caller.error();
    stack.status = "DELETE_IN_PROGRESS";
    auto written = cloud_.store.write<void>([&](Tx& tx) { return records::put_stack(tx, scope, stack); });
    if (!written) return written.error();
    launch(Operation{Operation::Kind::Delete, scope, stack.id, *caller, random_uuid()});
    return Json::object();
}

Result<Json> StackEngine::describe_stacks(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    const std::string name = input_string(in, "StackName");
    auto found = cloud_.store.read<std::vector<Stack>>([&](Tx& tx) -> Result<std::vector<Stack>> {
        if (name.empty()) return records::live_stacks(tx, scope);
        auto s = find_stack(tx, scope, name, is_arn(name));
        if (!s) return s.error();
        return std::vector<Stack>{std::move(*s)};
    });
    if (!found) return found.error();
    Json stacks = Json::array();
    for (const auto& s : *found)
        stacks.push_back(s.description_json());
    return Json{{"Stacks", stacks}};
}

Result<Json> StackEngine::list_stacks(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    const std::vector<std::string> statuses = input_strings(in, "StackStatusFilter");
    const std::set<std::string> filter(statuses.begin(), statuses.end());
    auto all = cloud_.store.read<std::vector<Stack>>([&](Tx& tx) { return records::stacks(tx, scope); });
    if (!all) return all.error();
    Json out = Json::array();
    for (const auto& s : *all) {
        if (filter.empty() || filter.count(s.status) != 0) out.push_back(s.summary_json());
    }
    return Json{{"StackSummaries", out}};
}

Result<Json> StackEngine::update_termination_protection(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    auto updated = cloud_.store.write<std::string>([&](Tx& tx) -> Result<std::string> {
        auto s = find_stack(tx, scope, input_string(in, "StackName"), false);
        if (!s) return s.error();
        s->termination_protection = in.value("EnableTerminationProtection", false);
        if (auto p = records::put_stack(tx, scope, *s); !p) return p.error();
        return s->id;
    });
    if (!updated) return updated.error();
    return Json{{"StackId", *updated}};
}

Result<std::string> StackEngine::start_rollback(const Json& in, ApiCall& c, Stack stack,
                                                const std::string& status, OperationKind kind) {
    const Scope scope{c.account(), c.region()};
    auto caller = acting_caller(role_arn(in, stack), c);
    if (!caller) return caller.error();
    stack.status = status;
    auto w = cloud_.store.write<void>([&](Tx& tx) { return records::put_stack(tx, scope, stack); });
    if (!w) return w.error();
    launch(Operation{kind, scope, stack.id, *caller, random_uuid()});
    return stack.id;
}

Result<Json> StackEngine::continue_update_rollback(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    auto s = cloud_.store.read<Stack>(
        [&](Tx& tx) { return find_stack(tx, scope, input_string(in, "StackName"), false); });
    if (!s) return s.error();
    if (s->status != "UPDATE_ROLLBACK_FAILED") {
        return validation_error(
            "Stack " + s->name + " is in " + s->status +
            " state and can not be rolled back: ContinueUpdateRollback needs UPDATE_ROLLBACK_FAILED");
    }
    auto started = start_rollback(in, c, std::move(*s), "UPDATE_ROLLBACK_IN_PROGRESS",
                                  Operation::Kind::ContinueRollback);
    if (!started) return started.error();
    return Json::object();
}

Result<Json> StackEngine::rollback_stack(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    auto s = cloud_.store.read<Stack>(
        [&](Tx& tx) { return find_stack(tx, scope, input_string(in, "StackName"), false); });
    if (!s) return s.error();
    const std::string status = s->status;
    if (status != "CREATE_FAILED" && status != "UPDATE_FAILED" && status != "ROLLBACK_FAILED") {
        return validation_error("Stack " + s->name + " is in " + status +
                                " state and can not be rolled back");
    }
    auto started =
        start_rollback(in, c, std::move(*s),
                       status == "UPDATE_FAILED" ? "UPDATE_ROLLBACK_IN_PROGRESS" : "ROLLBACK_IN_PROGRESS",
                       Operation::Kind::RollbackStack);
    if (!started) return started.error();
    return Json{{"StackId", *started}};
}

} // namespace cdk::localcloud::cloudformation

// The change set operations: CreateChangeSet, DescribeChangeSet, ExecuteChangeSet, DeleteChangeSet,
// ListChangeSets.
#include "localcloud/cloudformation/stack_internal.hpp"
#include "localcloud/state/ids.hpp"

#include <regex>

namespace cdk::localcloud::cloudformation {

namespace {

Result<ChangeSet> find_change_set(Tx& tx, const Scope& scope, const std::string& name,
                                  const std::string& stack_name) {
    auto sets = records::change_sets(tx, scope);
    if (!sets) return sets.error();
    for (auto& cs : *sets) {
        if (cs.id == name) return std::move(cs);
        if (cs.name == name &&
            (stack_name.empty() || cs.stack_name == stack_name || cs.stack_id == stack_name)) {
            return std::move(cs);
        }
    }
    return change_set_not_found(name);
}

} // namespace

Result<Json> StackEngine::create_change_set(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    const std::string name = input_string(in, "StackName");
    const std::string cs_name = input_string(in, "ChangeSetName");
    const std::string type =
        in.contains("ChangeSetType") ? input_string(in, "ChangeSetType") : std::string("UPDATE");
    static const std::regex kName("[a-zA-Z][-a-zA-Z0-9]{0,127}");
    if (!std::regex_match(cs_name, kName)) {
        return validation_error(
            "1 validation error detected: Value '" + cs_name +
            "' at 'changeSetName' failed to satisfy constraint: Member must satisfy regular "
            "expression pattern: [a-zA-Z][-a-zA-Z0-9]*");
    }
    if (type != "CREATE" && type != "UPDATE") {
        return validation_error("ChangeSetType " + type +
                                " is not supported by localcloud (CREATE or UPDATE)");
    }
    auto found = cloud_.store.read<Stack>([&](Tx& tx) { return find_stack(tx, scope, name, false); });
    Stack stack;
    bool is_new = false;
    if (type == "CREATE") {
        if (found && found->status != "REVIEW_IN_PROGRESS") {
            return already_exists("Stack [" + name +
                                  "] already exists and cannot be created again with the changeSet [" +
                                  cs_name + "].");
        }
        if (found) {
            stack = std::move(*found);
        } else {
            if (!std::regex_match(name, kName))
                return validation_error("Stack name " + name + " is not valid");
            is_new = true;
            stack = new_stack(in,
                              "arn:aws:cloudformation:" + c.region() + ":" + c.account() + ":stack/" + name +
                                  "/" + random_uuid(),
                              name, iso_millis_now());
        }
    } else {
        if (!found) return validation_error("Stack [" + name + "] does not exist");
        stack = std::move(*found);
    }
    if (in.contains("RoleARN") && !input_string(in, "RoleARN").empty()) {
        auto caller = acting_caller(input_string(in, "RoleARN"), c);
        if (!caller) return caller.error();
    }
    auto prepared = prepare(in, c, type == "UPDATE" ? &stack : nullptr, name, stack.id);
    if (!prepared) return prepared.error();
    auto changes = plan_changes(scope, stack, *prepared);
    if (!changes) return changes.error();
    ChangeSet cs;
    cs.id = "arn:aws:cloudformation:" + c.region() + ":" + c.account() + ":changeSet/" + cs_name + "/" +
            random_uuid();
    cs.name = cs_name;
    cs.stack_id = stack.id;
    cs.stack_name = stack.name;
    cs.type = type;
    cs.creation_time = iso_millis_now();
    cs.changes = *changes;
    cs.input = in;
    cs.template_body = prepared->body;
    cs.template_doc = prepared->template_doc;
    cs.parameters = prepared->parameters.described;
    cs.capabilities = input_array(in, "Capabilities");
    cs.tags = in.contains("Tags") ? in["Tags"] : stack.tags;
    cs.notification_arns = input_array(in, "NotificationARNs");
    if (in.contains("Description")) cs.description = in["Description"];
    if (type == "UPDATE" && no_changes(stack, *changes, prepared->body, prepared->parameters.raw, in)) {
        cs.status = "FAILED";
        cs.execution_status = "UNAVAILABLE";
        cs.status_reason =
            "The submitted information didn't contain changes. Submit different information to create "
            "a change set.";
    } else {
        cs.status = "CREATE_COMPLETE";
        cs.execution_status = "AVAILABLE";
    }
    auto written = cloud_.store.write<void>([&](Tx& tx) -> Result<void> {
        auto sets = records::change_sets(tx, scope);
        if (!sets) return sets.error();
        for (const auto& other : *sets) {
            if (other.stack_id == stack.id && other.name == cs_name) {
                return already_exists("ChangeSet " + cs_name + " already exists");
            }
        }
        if (is_new) {
            auto again = records::live_stack_id(tx, scope, name);
            if (!again) return again.error();
            if (*again) return already_exists("Stack [" + name + "] already exists");
            if (auto p = records::add_stack(tx, scope, stack); !p) return p;
            // AWS writes the REVIEW_IN_PROGRESS event when a CREATE change set brings the stack into being.
            const StackEvent event =
                StackEvent::of(stack, name, stack.id, "AWS::CloudFormation::Stack", "REVIEW_IN_PROGRESS",
                               "User Initiated", stack.creation_time);
            if (auto p = tx.put(scope, kEventKind, stack.id + "|00000000000000000-000000", event.to_json());
                !p)
                return p;
        }
        return records::put_change_set(tx, scope, cs);
    });
    if (!written) return written.error();
    return Json{{"Id", cs.id}, {"StackId", stack.id}};
}

Result<Json> StackEngine::describe_change_set(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    auto cs = cloud_.store.read<ChangeSet>([&](Tx& tx) {
        return find_change_set(tx, scope, input_string(in, "ChangeSetName"), input_string(in, "StackName"));
    });
    if (!cs) return cs.error();
    return cs->description_json();
}

Result<Json> StackEngine::execute_change_set(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    auto cs = cloud_.store.read<ChangeSet>([&](Tx& tx) {
        return find_change_set(tx, scope, input_string(in, "ChangeSetName"), input_string(in, "StackName"));
    });
    if (!cs) return cs.error();
    if (cs->execution_status != "AVAILABLE") {
        return make_error("InvalidChangeSetStatus",
                          "ChangeSet [" + cs->id + "] cannot be executed in its current status of [" +
                              cs->status + "]",
                          400);
    }
    const std::string stack_id = cs->stack_id;
    Json input = cs->input;
    if (in.contains("DisableRollback")) input["DisableRollback"] = in["DisableRollback"];
    auto caller = acting_caller(input_string(input, "RoleARN"), c);
    if (!caller) return caller.error();
    const bool create = cs->type == "CREATE";
    const Operation::Kind kind = create ? Operation::Kind::Create : Operation::Kind::Update;
    auto s = cloud_.store.read<Stack>([&](Tx& tx) { return find_stack(tx, scope, stack_id, false); });
    if (!s) return s.error();
    Stack stack = std::move(*s);
    // Parameters are resolved again from the change set's input against the template it recorded.
    input.erase("TemplateURL");
    input.erase("UsePreviousTemplate");
    input["TemplateBody"] = cs->template_body;
    auto prepared = prepare(input, c, create ? nullptr : &stack, stack.name, stack_id);
    if (!prepared) return prepared.error();
    auto written = cloud_.store.write<void>([&](Tx& tx) -> Result<void> {
        auto current = find_stack(tx, scope, stack_id, false);
        if (!current) return current.error();
        stack = std::move(*current);
        if (create ? stack.status != "REVIEW_IN_PROGRESS" : !updatable(stack.status)) {
            return validation_error("Stack:" + stack_id + " is in " + stack.status +
                                    " state and can not be updated.");
        }
        stack.change_set_id = cs->id;
        if (create) {
            apply_prepared(stack, input, prepared->body, prepared->template_doc, prepared->parameters);
            stack.disable_rollback = input.value("DisableRollback", false);
            stack.status = "CREATE_IN_PROGRESS";
            if (auto p = records::put_stack(tx, scope, stack); !p) return p;
        } else {
            if (auto u = start_update(tx, scope, stack, *prepared, input); !u) return u;
        }
        return records::erase_change_sets(tx, scope, stack_id);
    });
    if (!written) return written.error();
    launch(Operation{kind, scope, stack_id, *caller, random_uuid()});
    return Json::object();
}

Result<Json> StackEngine::delete_change_set(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    return cloud_.store.write<Json>([&](Tx& tx) -> Result<Json> {
        auto cs =
            find_change_set(tx, scope, input_string(in, "ChangeSetName"), input_string(in, "StackName"));
        // A change set that is not there is success, as on AWS: the stock CLI deletes its change set after a
        // deploy it skipped (no changes), when none was created.
        if (!cs && cs.error().code == "ChangeSetNotFound") return Json::object();
        if (!cs) return cs.error();
        if (auto e = tx.erase(scope, kChangeSetKind, cs->id); !e) return e.error();
        return Json::object();
    });
}

Result<Json> StackEngine::list_change_sets(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    return cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
        auto s = find_stack(tx, scope, input_string(in, "StackName"), false);
        if (!s) return s.error();
        auto sets = records::change_sets(tx, scope);
        if (!sets) return sets.error();
        Json out = Json::array();
        for (const auto& cs : *sets) {
            if (cs.stack_id == s->id) out.push_back(cs.summary_json());
        }
        return Json{{"Summaries", out}};
    });
}

} // namespace cdk::localcloud::cloudformation

// The change set operations: CreateChangeSet, DescribeChangeSet, ExecuteChangeSet, DeleteChangeSet,
// ListChangeSets.
#include "localcloud/cloudformation/stack_internal.hpp"
#include "localcloud/state/ids.hpp"

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

namespace {

/// ChangeSetName and ChangeSetType as the API checks them.
Result<void> check_change_set_input(const std::string& name, const std::string& type) {
    if (!valid_name(name)) return name_error(name, "changeSetName", "[a-zA-Z][-a-zA-Z0-9]*");
    if (type != "CREATE" && type != "UPDATE") {
        return validation_error("ChangeSetType " + type +
                                " is not supported by localcloud (CREATE or UPDATE)");
    }
    return ok();
}

/// The change set of `stack` that CreateChangeSet records: the plan, and what ExecuteChangeSet replays.
ChangeSet new_change_set(const ApiCall& c, const Json& in, const std::string& name, const std::string& type,
                         const Stack& stack, std::vector<ResourceChange> changes) {
    ChangeSet cs;
    cs.id = "arn:aws:cloudformation:" + c.region() + ":" + c.account() + ":changeSet/" + name + "/" +
            random_uuid();
    cs.name = name;
    cs.stack_id = stack.id;
    cs.stack_name = stack.name;
    cs.type = type;
    cs.creation_time = iso_millis_now();
    cs.changes = std::move(changes);
    cs.input = in;
    cs.capabilities = input_strings(in, "Capabilities");
    cs.tags = in.contains("Tags") ? tags_from_json(input_array(in, "Tags")) : stack.tags;
    cs.notification_arns = input_strings(in, "NotificationARNs");
    if (const auto description = in.find("Description"); description != in.end())
        cs.description = *description;
    return cs;
}

/// An UPDATE change set that would change nothing FAILED, as on AWS; any other can be executed.
void set_availability(ChangeSet& cs, bool nothing_to_do) {
    if (nothing_to_do) {
        cs.status = "FAILED";
        cs.execution_status = "UNAVAILABLE";
        cs.status_reason =
            "The submitted information didn't contain changes. Submit different information to "
            "create a change set.";
    } else {
        cs.status = "CREATE_COMPLETE";
        cs.execution_status = "AVAILABLE";
    }
}

} // namespace

Result<StackEngine::ChangeSetStack> StackEngine::change_set_stack(const Json& in, ApiCall& c,
                                                                  const std::string& type) {
    const Scope scope{c.account(), c.region()};
    const std::string name = input_string(in, "StackName");
    auto found = cloud_.store.read<Stack>([&](Tx& tx) { return find_stack(tx, scope, name, false); });
    if (type == "UPDATE") {
        if (!found) return validation_error("Stack [" + name + "] does not exist");
        return ChangeSetStack{std::move(*found), false};
    }
    if (found && found->status != "REVIEW_IN_PROGRESS") {
        return already_exists("Stack [" + name +
                              "] already exists and cannot be created again with the changeSet [" +
                              input_string(in, "ChangeSetName") + "].");
    }
    if (found) return ChangeSetStack{std::move(*found), false};
    if (!valid_name(name)) return validation_error("Stack name " + name + " is not valid");
    return ChangeSetStack{new_stack(in, new_stack_id(c, name), name, iso_millis_now()), true};
}

Result<void> StackEngine::record_change_set(const Scope& scope, const ChangeSet& cs,
                                            const ChangeSetStack& target) {
    const Stack& stack = target.stack;
    return cloud_.store.write<void>([&](Tx& tx) -> Result<void> {
        auto sets = records::change_sets(tx, scope);
        if (!sets) return sets.error();
        for (const auto& other : *sets) {
            if (other.stack_id == stack.id && other.name == cs.name) {
                return already_exists("ChangeSet " + cs.name + " already exists");
            }
        }
        if (target.is_new) {
            auto again = records::live_stack_id(tx, scope, stack.name);
            if (!again) return again.error();
            if (*again) return already_exists("Stack [" + stack.name + "] already exists");
            if (auto p = records::add_stack(tx, scope, stack); !p) return p;
            // AWS writes the REVIEW_IN_PROGRESS event when a CREATE change set brings the stack into being.
            const StackEvent event =
                StackEvent::of(stack, stack.name, stack.id, "AWS::CloudFormation::Stack",
                               "REVIEW_IN_PROGRESS", "User Initiated", stack.creation_time);
            if (auto p = records::put_event(tx, scope, "00000000000000000-000000", event); !p) return p;
        }
        return records::put_change_set(tx, scope, cs);
    });
}

Result<Json> StackEngine::create_change_set(const Json& in, ApiCall& c) {
    const Scope scope{c.account(), c.region()};
    const std::string cs_name = input_string(in, "ChangeSetName");
    const std::string type =
        in.contains("ChangeSetType") ? input_string(in, "ChangeSetType") : std::string("UPDATE");
    if (auto checked = check_change_set_input(cs_name, type); !checked) return checked.error();
    auto target = change_set_stack(in, c, type);
    if (!target) return target.error();
    const Stack& stack = target->stack;
    if (in.contains("RoleARN") && !input_string(in, "RoleARN").empty()) {
        auto caller = acting_caller(input_string(in, "RoleARN"), c);
        if (!caller) return caller.error();
    }
    auto prepared =
        prepare(in, c, type == "UPDATE" ? &stack : nullptr, input_string(in, "StackName"), stack.id);
    if (!prepared) return prepared.error();
    auto changes = plan_changes(scope, stack, *prepared);
    if (!changes) return changes.error();
    const bool nothing_to_do =
        type == "UPDATE" && no_changes(stack, *changes, prepared->body, prepared->parameters.raw, in);
    ChangeSet cs = new_change_set(c, in, cs_name, type, stack, std::move(*changes));
    cs.template_body = prepared->body;
    cs.template_doc = prepared->template_doc;
    cs.parameters = prepared->parameters.described;
    set_availability(cs, nothing_to_do);
    if (auto written = record_change_set(scope, cs, *target); !written) return written.error();
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
        if (create ? stack.status != "REVIEW_IN_PROGRESS" : !updatable(stack.status))
            return not_updatable(stack);
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

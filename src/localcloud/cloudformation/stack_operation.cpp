// The asynchronous half of the engine: stack operations run on a driver thread each, resources on the pool.
#include "core/strings.hpp"
#include "localcloud/cloudformation/intrinsics.hpp"
#include "localcloud/cloudformation/stack_internal.hpp"
#include "localcloud/state/ids.hpp"

#include <algorithm>

namespace cdk::localcloud::cloudformation {

namespace {

bool not_found(const Error& e) {
    return e.code.find("NotFound") != std::string::npos || e.code.find("NoSuch") != std::string::npos;
}

/// What deleting `doomed` must wait for: each resource after those that depend on it.
std::map<std::string, std::set<std::string>>
reverse_dependencies(const std::map<std::string, ResourceState>& current,
                     const std::set<std::string>& doomed) {
    std::map<std::string, std::set<std::string>> reverse;
    for (const auto& id : doomed) {
        for (const auto& d : current.at(id).depends_on) {
            if (doomed.count(d) != 0) reverse[d].insert(id);
        }
    }
    return reverse;
}

} // namespace

void StackEngine::launch(Operation op) {
    std::lock_guard lock(drivers_mutex_);
    ++running_;
    drivers_.emplace_back([this, op = std::move(op)] {
        try {
            run(op);
        } catch (const std::exception&) {
            // a bug in an operation must not take the server down; the stack stays *_IN_PROGRESS until
            // restart
        }
        std::lock_guard inner(drivers_mutex_);
        --running_;
        drivers_cv_.notify_all();
    });
}

void StackEngine::wait_idle() {
    std::unique_lock lock(drivers_mutex_);
    drivers_cv_.wait(lock, [this] { return running_ == 0; });
}

void StackEngine::run(const Operation& op) {
    auto stored = cloud_.store.read<std::optional<Stack>>(
        [&](Tx& tx) { return records::get_stack(tx, op.scope, op.stack_id); });
    if (!stored || !*stored) return;
    Stack stack = std::move(**stored);
    switch (op.kind) {
    case Operation::Kind::Create: run_create(op, std::move(stack)); break;
    case Operation::Kind::Update: run_update(op, std::move(stack)); break;
    case Operation::Kind::Delete: run_delete(op, std::move(stack)); break;
    case Operation::Kind::RollbackStack:
        if (stack.status == "ROLLBACK_IN_PROGRESS") {
            set_stack_status(op, stack, "ROLLBACK_IN_PROGRESS", "Rollback requested by user.");
            auto c = cleanup(op, stack, {});
            set_stack_status(op, stack, c ? "ROLLBACK_COMPLETE" : "ROLLBACK_FAILED",
                             c ? "" : c.error().message);
        } else {
            run_update_rollback(op, std::move(stack), "Rollback requested by user.");
        }
        break;
    case Operation::Kind::ContinueRollback:
        run_update_rollback(op, std::move(stack), "Continue rollback requested by user.");
        break;
    }
}

Result<std::vector<StackOutput>> StackEngine::deploy(const Operation& op, const Stack& stack, bool rollback,
                                                     std::set<std::string>& targets, bool& converged) {
    std::set<std::string> imports;
    auto resources = converge(op, stack, rollback, imports, targets);
    converged = static_cast<bool>(resources);
    if (!resources) return resources.error();
    if (stopping_) return make_error("Stopping", "localcloud is stopping", 500);
    auto outputs = compute_outputs(op, stack, imports);
    if (!outputs) return outputs.error();
    if (auto e = commit_exports(op, stack, *outputs, imports); !e) return e.error();
    return outputs;
}

void StackEngine::run_create(const Operation& op, Stack stack) {
    set_stack_status(op, stack, "CREATE_IN_PROGRESS", "User Initiated");
    std::set<std::string> targets;
    bool converged = false;
    auto outputs = deploy(op, stack, false, targets, converged);
    if (stopping_) return; // left *_IN_PROGRESS: recover() marks it failed on the next start
    if (outputs) {
        stack.outputs = std::move(*outputs);
        set_stack_status(op, stack, "CREATE_COMPLETE", "");
        return;
    }
    const std::string reason = outputs.error().message;
    if (stack.disable_rollback) {
        set_stack_status(op, stack, "CREATE_FAILED", reason);
        return;
    }
    set_stack_status(op, stack, "ROLLBACK_IN_PROGRESS",
                     reason + (converged ? "" : " Rollback requested by user."));
    auto c = cleanup(op, stack, {});
    if (stopping_) return;
    set_stack_status(op, stack, c ? "ROLLBACK_COMPLETE" : "ROLLBACK_FAILED", c ? "" : c.error().message);
}

void StackEngine::run_update(const Operation& op, Stack stack) {
    set_stack_status(op, stack, "UPDATE_IN_PROGRESS", "User Initiated");
    std::set<std::string> targets;
    bool converged = false;
    auto outputs = deploy(op, stack, false, targets, converged);
    if (stopping_) return; // left *_IN_PROGRESS: recover() marks it failed on the next start
    if (!outputs) {
        if (stack.disable_rollback) {
            set_stack_status(op, stack, "UPDATE_FAILED", outputs.error().message);
        } else {
            run_update_rollback(op, std::move(stack), outputs.error().message);
        }
        return;
    }
    finish_update(op, std::move(stack), std::move(*outputs), targets, "UPDATE_COMPLETE");
}

void StackEngine::run_update_rollback(const Operation& op, Stack stack, const std::string& reason) {
    set_stack_status(op, stack, "UPDATE_ROLLBACK_IN_PROGRESS", reason);
    if (stack.previous) stack.deployed = *stack.previous;
    std::set<std::string> targets;
    bool converged = false;
    auto outputs = deploy(op, stack, true, targets, converged);
    if (stopping_) return;
    if (!outputs) {
        set_stack_status(op, stack, "UPDATE_ROLLBACK_FAILED", outputs.error().message);
        return;
    }
    finish_update(op, std::move(stack), std::move(*outputs), targets, "UPDATE_ROLLBACK_COMPLETE");
}

void StackEngine::finish_update(const Operation& op, Stack stack, std::vector<StackOutput> outputs,
                                const std::set<std::string>& targets, const std::string& complete) {
    stack.outputs = std::move(outputs);
    set_stack_status(op, stack, complete + "_CLEANUP_IN_PROGRESS", "");
    (void)cleanup(op, stack, targets);
    if (stopping_) return;
    set_stack_status(op, stack, complete, "");
}

void StackEngine::run_delete(const Operation& op, Stack stack) {
    set_stack_status(op, stack, "DELETE_IN_PROGRESS", "User Initiated");
    if (auto e = commit_exports(op, stack, {}, {}); !e) {
        set_stack_status(op, stack, "DELETE_FAILED", e.error().message);
        return;
    }
    if (auto c = cleanup(op, stack, {}); !c || stopping_) {
        if (stopping_) return;
        set_stack_status(op, stack, "DELETE_FAILED", c.error().message);
        return;
    }
    commit_or_report(
        [&](Tx& tx) -> Result<bool> {
            if (auto e = records::erase_change_sets(tx, op.scope, stack.id); !e) return e.error();
            return true;
        },
        "the removal of the stack's change sets");
    stack.outputs.clear();
    set_stack_status(op, stack, "DELETE_COMPLETE", "");
}

void StackEngine::erase_record(const Operation& op, const Stack& stack, const ResourceState& r,
                               bool replaced) {
    commit_or_report(
        [&](Tx& tx) -> Result<bool> {
            auto erased = replaced ? records::erase_cleanup(tx, op.scope, stack.id, r)
                                   : records::erase_resource(tx, op.scope, stack.id, r.logical_id);
            if (!erased) return erased.error();
            return true;
        },
        "the removal of a deleted resource's record");
}

bool StackEngine::remove_resource(const Operation& op, const Stack& stack, const ResourceState& r,
                                  bool replaced, const std::string& policy) {
    if (r.physical_id.empty()) {
        erase_record(op, stack, r, replaced);
        return true;
    }
    // RetainExceptOnCreate deletes what the rolled-back operation itself created.
    const std::string& phase = stack.status;
    const bool rolling_back =
        phase == "ROLLBACK_IN_PROGRESS" || phase == "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS";
    if (policy == "Retain" || (policy == "RetainExceptOnCreate" && !rolling_back)) {
        write_resource_event(op, stack, r, "DELETE_SKIPPED", "", false, !replaced);
        if (replaced) erase_record(op, stack, r, true);
        return true;
    }
    write_resource_event(op, stack, r, "DELETE_IN_PROGRESS", "", false, false);
    if (ResourceProvider* provider = providers_.find(r.type)) {
        ResourceRequest request = provider_request(op, stack, r);
        request.properties = r.properties;
        auto removed = provider->remove(request);
        if (!removed && !not_found(removed.error())) {
            write_resource_event(op, stack, r, "DELETE_FAILED",
                                 handler_message(removed.error(), request.request_token), !replaced, false);
            return false;
        }
    }
    write_resource_event(op, stack, r, "DELETE_COMPLETE", "", false, !replaced);
    if (replaced) erase_record(op, stack, r, true);
    return true;
}

Result<void> StackEngine::cleanup(const Operation& op, const Stack& stack,
                                  const std::set<std::string>& keep) {
    auto current = load_resources(op.scope, stack.id);
    auto replaced = load_cleanup(op.scope, stack.id);
    std::vector<std::string> failed_names;
    std::mutex m;
    auto remove = [&](const ResourceState& r, bool is_cleanup, const std::string& policy) {
        if (remove_resource(op, stack, r, is_cleanup, policy.empty() ? "Delete" : policy)) return true;
        std::lock_guard lock(m);
        failed_names.push_back(r.logical_id);
        return false;
    };
    // replaced physical resources first (their policy is UpdateReplacePolicy), then removed resources in
    // reverse dependency order (DeletionPolicy).
    std::map<std::string, ResourceState> cleanup_by_node;
    std::set<std::string> cleanup_nodes;
    for (const auto& r : replaced) {
        const std::string node = r.logical_id + "|" + r.physical_id;
        cleanup_nodes.insert(node);
        cleanup_by_node[node] = r;
    }
    (void)run_graph(
        pool_, cleanup_nodes, {},
        [&](const std::string& node) {
            const auto& r = cleanup_by_node[node];
            return remove(r, true, r.update_replace_policy);
        },
        stopping_);
    std::set<std::string> doomed;
    for (const auto& [id, r] : current) {
        if (keep.count(id) == 0) doomed.insert(id);
    }
    (void)run_graph(
        pool_, doomed, reverse_dependencies(current, doomed),
        [&](const std::string& id) {
            const auto& r = current[id];
            return remove(r, false, r.deletion_policy);
        },
        stopping_);
    if (failed_names.empty()) return ok();
    std::sort(failed_names.begin(), failed_names.end());
    return validation_error("The following resource(s) failed to delete: [" +
                            strings::join(failed_names, ", ") + "]. ");
}

Result<std::string> StackEngine::import_value(const Scope& scope, const std::string& name) {
    auto e = cloud_.store.read<std::optional<Export>>(
        [&](Tx& tx) { return records::find_export(tx, scope, name); });
    if (!e) return e.error();
    if (!*e) return validation_error("No export named " + name + " found.");
    return (*e)->value;
}

namespace {

/// Ref and Fn::GetAtt of the provisioned resources, for the outputs.
ResourceLookup outputs_lookup(const std::map<std::string, ResourceState>& current) {
    ResourceLookup lookup;
    lookup.ref = [&current](const std::string& id) -> std::optional<Json> {
        const auto it = current.find(id);
        if (it == current.end()) return std::nullopt;
        return Json(it->second.physical_id);
    };
    lookup.get_att = [&current](const std::string& id, const std::string& attribute) -> Result<Json> {
        const auto it = current.find(id);
        if (it == current.end() || !it->second.attributes.contains(attribute)) {
            return validation_error("Template error: resource " + id + " does not support attribute type " +
                                    attribute + " in Fn::GetAtt");
        }
        return it->second.attributes.at(attribute);
    };
    return lookup;
}

/// One entry of the template's Outputs (a template fragment), evaluated: a list value is joined with commas.
Result<StackOutput> evaluate_output(const Evaluator& evaluator, const std::string& key, const Json& output) {
    auto value = evaluator.resolve(output.value("Value", Json("")));
    if (!value) return value.error();
    StackOutput o;
    o.key = key;
    if (value->is_array()) {
        std::vector<std::string> parts;
        for (const auto& v : *value)
            parts.push_back(scalar_string(v));
        o.value = strings::join(parts, ",");
    } else {
        o.value = scalar_string(*value);
    }
    if (const auto description = output.find("Description"); description != output.end())
        o.description = scalar_string(*description);
    if (const auto exported = output.find("Export"); exported != output.end() && exported->contains("Name")) {
        auto name = evaluator.resolve(exported->at("Name"));
        if (!name) return name.error();
        o.export_name = scalar_string(*name);
    }
    return o;
}

} // namespace

Result<std::vector<StackOutput>> StackEngine::compute_outputs(const Operation& op, const Stack& stack,
                                                              std::set<std::string>& imports) {
    const Json& template_doc = stack.deployed.doc;
    const auto outputs = template_doc.find("Outputs");
    if (outputs == template_doc.end() || !outputs->is_object()) return std::vector<StackOutput>{};
    const auto current = load_resources(op.scope, stack.id);
    ResourceLookup lookup = outputs_lookup(current);
    lookup.import_value = [&](const std::string& name) -> Result<Json> {
        auto e = import_value(op.scope, name);
        if (!e) return e.error();
        imports.insert(name);
        return Json(*e);
    };
    Evaluator evaluator(template_doc, stack.deployed.values, stack.pseudo(op.scope), lookup);
    if (auto c = evaluator.evaluate_conditions(); !c) return c.error();
    std::vector<StackOutput> out;
    for (const auto& [key, output] : outputs->items()) {
        if (!evaluator.included(output)) continue;
        auto o = evaluate_output(evaluator, key, output);
        if (!o) return o.error();
        out.push_back(std::move(*o));
    }
    return out;
}

namespace {

/// The names of the stacks other than `stack_id` that import `name`.
Result<std::vector<std::string>> importers(Tx& tx, const Scope& scope, const std::string& name,
                                           const std::string& stack_id) {
    auto uses = records::imports(tx, scope, name + "|");
    if (!uses) return uses.error();
    std::vector<std::string> names;
    for (const auto& use : *uses) {
        if (use.stack_id != stack_id) names.push_back(use.stack_name);
    }
    return names;
}

/// Checks the stack's exports against `wanted` (name → value): another stack's name is taken; one of its
/// own that changes or goes must not be in use. Removes those that go.
Result<void> retire_exports(Tx& tx, const Scope& scope, const Stack& stack,
                            const std::map<std::string, std::string>& wanted) {
    auto all = records::exports(tx, scope);
    if (!all) return all.error();
    for (const auto& exported : *all) {
        const std::string& name = exported.name;
        if (exported.stack_id != stack.id) {
            if (wanted.count(name) != 0) {
                return validation_error("Export with name " + name + " is already exported by stack " +
                                        exported.stack_name);
            }
            continue;
        }
        const auto it = wanted.find(name);
        if (it != wanted.end() && it->second == exported.value) continue;
        auto users = importers(tx, scope, name, stack.id);
        if (!users) return users.error();
        if (!users->empty()) {
            return validation_error(
                std::string(it == wanted.end() ? "Cannot delete export " : "Cannot update export ") + name +
                " as it is in use by " + strings::join(*users, ", "));
        }
        if (it == wanted.end()) {
            if (auto e = records::erase_export(tx, scope, name); !e) return e;
        }
    }
    return ok();
}

/// The stack's imports become `imports`.
Result<void> record_imports(Tx& tx, const Scope& scope, const Stack& stack,
                            const std::set<std::string>& imports) {
    auto existing = records::imports(tx, scope, "");
    if (!existing) return existing.error();
    for (const auto& use : *existing) {
        if (use.stack_id == stack.id && imports.count(use.export_name) == 0) {
            if (auto e = records::erase_import(tx, scope, use); !e) return e;
        }
    }
    for (const auto& name : imports) {
        if (auto p = records::put_import(tx, scope, Import{name, stack.id, stack.name}); !p) return p;
    }
    return ok();
}

} // namespace

Result<void> StackEngine::commit_exports(const Operation& op, const Stack& stack,
                                         const std::vector<StackOutput>& outputs,
                                         const std::set<std::string>& imports) {
    std::map<std::string, std::string> wanted;
    for (const auto& o : outputs) {
        if (o.export_name) wanted[*o.export_name] = o.value;
    }
    return cloud_.store.write<void>([&](Tx& tx) -> Result<void> {
        if (auto retired = retire_exports(tx, op.scope, stack, wanted); !retired) return retired;
        for (const auto& [name, value] : wanted) {
            if (auto p = records::put_export(tx, op.scope, Export{name, value, stack.id, stack.name}); !p)
                return p;
        }
        return record_imports(tx, op.scope, stack, imports);
    });
}

} // namespace cdk::localcloud::cloudformation

// The asynchronous half of the engine: stack operations run on a driver thread each, resources on the pool.
#include "localcloud/cloudformation/create_only_properties.hpp"
#include "localcloud/cloudformation/intrinsics.hpp"
#include "localcloud/cloudformation/stack_internal.hpp"

#include "core/strings.hpp"
#include "localcloud/state/ids.hpp"

#include <algorithm>

namespace cdk::localcloud::cloudformation {

namespace {

/// Runs `work` for every node once all its dependencies succeeded, at most one pool task per node;
/// stops scheduling at the first failure and waits for the tasks in flight. Returns the failed nodes
/// (and, when a dependency cycle left nodes unscheduled, those too).
std::vector<std::string> run_graph(WorkerPool& pool, const std::set<std::string>& nodes,
                                   const std::map<std::string, std::set<std::string>>& deps,
                                   const std::function<bool(const std::string&)>& work,
                                   const std::atomic<bool>& stopping) {
    std::mutex m;
    std::condition_variable cv;
    std::map<std::string, std::size_t> waiting;
    std::map<std::string, std::vector<std::string>> dependents;
    std::vector<std::string> ready;
    std::vector<std::string> failed;
    std::size_t inflight = 0;
    std::size_t done = 0;
    for (const auto& n : nodes) {
        std::size_t count = 0;
        if (const auto it = deps.find(n); it != deps.end()) {
            for (const auto& d : it->second) {
                if (nodes.count(d) != 0 && d != n) {
                    ++count;
                    dependents[d].push_back(n);
                }
            }
        }
        waiting[n] = count;
        if (count == 0) ready.push_back(n);
    }
    std::unique_lock lock(m);
    for (;;) {
        while (!ready.empty() && failed.empty() && !stopping) {
            const std::string node = ready.back();
            ready.pop_back();
            ++inflight;
            pool.submit([&, node] {
                // The top of a pool thread: an exception escaping here would terminate the whole server. A
                // bug in one resource's step fails that resource, and the operation rolls back as for any
                // failure.
                bool success = false;
                try {
                    success = work(node);
                } catch (const std::exception&) {
                    success = false;
                }
                std::lock_guard inner(m);
                --inflight;
                ++done;
                if (!success) {
                    failed.push_back(node);
                } else {
                    for (const auto& d : dependents[node]) {
                        if (--waiting[d] == 0) ready.push_back(d);
                    }
                }
                cv.notify_all();
            });
        }
        if (inflight == 0 && (ready.empty() || !failed.empty() || stopping)) break;
        cv.wait(lock);
    }
    if (failed.empty() && done < nodes.size() && !stopping) {
        for (const auto& [n, count] : waiting) {
            if (count > 0) failed.push_back(n);
        }
    }
    std::sort(failed.begin(), failed.end());
    return failed;
}

bool not_found(const Error& e) {
    return e.code.find("NotFound") != std::string::npos || e.code.find("NoSuch") != std::string::npos;
}

std::set<std::string> string_set(const Json& value) {
    std::set<std::string> out;
    if (value.is_string()) out.insert(value.get<std::string>());
    if (value.is_array()) {
        for (const auto& v : value) {
            if (v.is_string()) out.insert(v.get<std::string>());
        }
    }
    return out;
}

} // namespace

void StackEngine::launch(Operation op) {
    std::lock_guard lock(drivers_mutex_);
    ++running_;
    drivers_.emplace_back([this, op = std::move(op)] {
        try {
            run(op);
        } catch (const std::exception&) {
            // a bug in an operation must not take the server down; the stack stays *_IN_PROGRESS until restart
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
            set_stack_status(op, stack, c ? "ROLLBACK_COMPLETE" : "ROLLBACK_FAILED", c ? "" : c.error().message);
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
    if (stopping_) return;  // left *_IN_PROGRESS: recover() marks it failed on the next start
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
    set_stack_status(op, stack, "ROLLBACK_IN_PROGRESS", reason + (converged ? "" : " Rollback requested by user."));
    auto c = cleanup(op, stack, {});
    if (stopping_) return;
    set_stack_status(op, stack, c ? "ROLLBACK_COMPLETE" : "ROLLBACK_FAILED", c ? "" : c.error().message);
}

void StackEngine::run_update(const Operation& op, Stack stack) {
    set_stack_status(op, stack, "UPDATE_IN_PROGRESS", "User Initiated");
    std::set<std::string> targets;
    bool converged = false;
    auto outputs = deploy(op, stack, false, targets, converged);
    if (stopping_) return;  // left *_IN_PROGRESS: recover() marks it failed on the next start
    if (!outputs) {
        if (stack.disable_rollback) {
            set_stack_status(op, stack, "UPDATE_FAILED", outputs.error().message);
        } else {
            run_update_rollback(op, std::move(stack), outputs.error().message);
        }
        return;
    }
    stack.outputs = std::move(*outputs);
    set_stack_status(op, stack, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "");
    (void)cleanup(op, stack, targets);
    if (stopping_) return;
    set_stack_status(op, stack, "UPDATE_COMPLETE", "");
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
    stack.outputs = std::move(*outputs);
    set_stack_status(op, stack, "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", "");
    (void)cleanup(op, stack, targets);
    if (stopping_) return;
    set_stack_status(op, stack, "UPDATE_ROLLBACK_COMPLETE", "");
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
    commit_or_report([&](Tx& tx) -> Result<bool> {
        if (auto e = records::erase_change_sets(tx, op.scope, stack.id); !e) return e.error();
        return true;
    }, "the removal of the stack's change sets");
    stack.outputs.clear();
    set_stack_status(op, stack, "DELETE_COMPLETE", "");
}

Result<void> StackEngine::converge(const Operation& op, const Stack& stack, bool rollback,
                                   std::set<std::string>& imports, std::set<std::string>& target_ids) {
    const std::string& stack_id = stack.id;
    const Json& template_doc = stack.deployed.doc;
    std::map<std::string, ResourceState> current = load_resources(op.scope, stack_id);
    std::vector<ResourceState> replaced = load_cleanup(op.scope, stack_id);
    std::mutex m;
    const std::map<std::string, Json>& params = stack.deployed.values;
    PseudoParameters pseudo = stack.pseudo(op.scope);
    ResourceLookup lookup;
    lookup.ref = [&](const std::string& id) -> std::optional<Json> {
        std::lock_guard lock(m);
        const auto it = current.find(id);
        if (it == current.end() || it->second.physical_id.empty()) return std::nullopt;
        return Json(it->second.physical_id);
    };
    lookup.get_att = [&](const std::string& id, const std::string& attribute) -> Result<Json> {
        std::lock_guard lock(m);
        const auto it = current.find(id);
        if (it == current.end()) return validation_error("Template error: resource " + id + " is not provisioned");
        if (!it->second.attributes.contains(attribute)) {
            return validation_error("Template error: resource " + id + " does not support attribute type " + attribute +
                                    " in Fn::GetAtt");
        }
        return it->second.attributes[attribute];
    };
    lookup.import_value = [&](const std::string& name) -> Result<Json> {
        auto e = import_value(op.scope, name);
        if (!e) return e.error();
        std::lock_guard lock(m);
        imports.insert(name);
        return *e;
    };
    Evaluator evaluator(template_doc, params, pseudo, lookup);
    if (auto c = evaluator.evaluate_conditions(); !c) return c.error();
    const Json& resources = template_doc["Resources"];
    for (const auto& [id, res] : resources.items()) {
        if (evaluator.included(res)) target_ids.insert(id);
    }
    std::map<std::string, std::set<std::string>> deps;
    for (const auto& id : target_ids) {
        const Json& res = resources[id];
        for (const auto& name : references(res)) {
            if (resources.contains(name) && name != id && target_ids.count(name) != 0) deps[id].insert(name);
        }
        if (res.contains("DependsOn")) {
            for (const auto& name : string_set(res["DependsOn"])) {
                if (target_ids.count(name) != 0) deps[id].insert(name);
            }
        }
    }
    const bool creating = op.kind == Operation::Kind::Create;
    std::map<std::string, std::string> failures;

    auto work = [&](const std::string& id) -> bool {
        const Json& res = resources[id];
        ResourceState target;
        target.logical_id = id;
        target.type = res["Type"];
        target.deletion_policy = res.value("DeletionPolicy", "");
        target.update_replace_policy = res.value("UpdateReplacePolicy", "");
        if (const auto d = deps.find(id); d != deps.end()) {
            target.depends_on.assign(d->second.begin(), d->second.end());
        }
        std::optional<ResourceState> existing;
        {
            std::lock_guard lock(m);
            if (const auto it = current.find(id); it != current.end()) existing = it->second;
        }
        auto props = evaluator.resolve(res.value("Properties", Json::object()));
        ResourceProvider* provider = providers_.find(target.type);
        auto fail = [&](const ResourceState& shown, const std::string& status, const std::string& reason, bool keep) {
            write_resource_event(op, stack, shown, status, reason, keep, false);
            std::lock_guard lock(m);
            failures[id] = reason;
            return false;
        };
        ResourceRequest request;
        request.account = op.scope.account;
        request.region = op.scope.region;
        request.logical_id = id;
        request.caller = op.caller;
        request.type = target.type;
        request.stack_name = stack.name;
        request.stack_id = stack_id;
        request.request_token = random_uuid();
        if (!existing) {
            write_resource_event(op, stack, target, "CREATE_IN_PROGRESS", "", false, false);
            if (!props) return fail(target, "CREATE_FAILED", props.error().message, false);
            target.properties = *props;
            if (provider == nullptr) {
                return fail(target, "CREATE_FAILED",
                            "Resource type " + target.type + " is not supported by localcloud", false);
            }
            request.properties = *props;
            auto created = provider->create(request);
            if (!created) return fail(target, "CREATE_FAILED", handler_message(created.error(), request.request_token), false);
            target.physical_id = created->physical_id;
            target.attributes = created->attributes;
            {
                std::lock_guard lock(m);
                current[id] = target;
            }
            write_resource_event(op, stack, target, "CREATE_COMPLETE", "", true, false);
            return true;
        }
        const ResourceState old = *existing;
        if (!props) return fail(old, "UPDATE_FAILED", props.error().message, true);
        target.properties = *props;
        if (old.type == target.type && old.properties == target.properties && !old.physical_id.empty()) {
            if (old.deletion_policy != target.deletion_policy || old.update_replace_policy != target.update_replace_policy ||
                old.depends_on != target.depends_on || old.status.find("FAILED") != std::string::npos) {
                target.physical_id = old.physical_id;
                target.attributes = old.attributes;
                target.status = old.status.find("FAILED") != std::string::npos ? "UPDATE_COMPLETE" : old.status;
                commit_or_report([&](Tx& tx) -> Result<bool> {
                    if (auto p = tx.put(op.scope, kResourceKind, resource_key(stack_id, id), target.to_json()); !p) {
                        return p.error();
                    }
                    return true;
                }, "a resource's new policies");
                std::lock_guard lock(m);
                current[id] = target;
            }
            return true;
        }
        bool replace = old.type != target.type || old.physical_id.empty();
        if (!replace) {
            std::vector<std::string> create_only;
            if (provider != nullptr) create_only = provider->create_only_properties();
            if (create_only.empty()) create_only = schema_create_only_properties(target.type).value_or(std::vector<std::string>{});
            for (const auto& p : create_only) {
                const Json a = old.properties.value(p, Json());
                const Json b = target.properties.value(p, Json());
                if (a != b) replace = true;
            }
        }
        request.physical_id = old.physical_id;
        request.previous_properties = old.properties;
        request.properties = target.properties;
        if (replace) {
            if (rollback) {
                const auto it = std::find_if(replaced.begin(), replaced.end(), [&](const ResourceState& r) {
                    return r.logical_id == id && r.type == target.type && r.properties == target.properties;
                });
                if (it != replaced.end()) {
                    ResourceState restored = *it;
                    restored.deletion_policy = target.deletion_policy;
                    restored.update_replace_policy = target.update_replace_policy;
                    restored.depends_on = target.depends_on;
                    write_resource_event(op, stack, restored, "UPDATE_IN_PROGRESS", "", false, false);
                    commit_or_report([&](Tx& tx) -> Result<bool> {
                        if (auto e = tx.erase(op.scope, kCleanupKind, stack_id + "|" + id + "|" + restored.physical_id); !e) {
                            return e.error();
                        }
                        if (!old.physical_id.empty()) {
                            if (auto p = tx.put(op.scope, kCleanupKind, stack_id + "|" + id + "|" + old.physical_id,
                                                old.to_json());
                                !p) {
                                return p.error();
                            }
                        }
                        return true;
                    }, "a replaced resource's cleanup record");
                    {
                        std::lock_guard lock(m);
                        current[id] = restored;
                    }
                    write_resource_event(op, stack, restored, "UPDATE_COMPLETE", "", true, false);
                    return true;
                }
            }
            write_resource_event(op, stack, target, "UPDATE_IN_PROGRESS",
                                 "Requested update requires the creation of a new physical resource; hence creating one.",
                                 false, false);
            if (provider == nullptr) {
                return fail(old, "UPDATE_FAILED", "Resource type " + target.type + " is not supported by localcloud", true);
            }
            request.physical_id.clear();
            auto created = provider->create(request);
            if (!created) return fail(old, "UPDATE_FAILED", handler_message(created.error(), request.request_token), true);
            target.physical_id = created->physical_id;
            target.attributes = created->attributes;
            commit_or_report([&](Tx& tx) -> Result<bool> {
                if (!old.physical_id.empty()) {
                    if (auto p = tx.put(op.scope, kCleanupKind, stack_id + "|" + id + "|" + old.physical_id, old.to_json()); !p) {
                        return p.error();
                    }
                }
                return true;
            }, "a replaced resource's cleanup record");
            {
                std::lock_guard lock(m);
                current[id] = target;
            }
            write_resource_event(op, stack, target, "UPDATE_COMPLETE", "", true, false);
            return true;
        }
        write_resource_event(op, stack, old, "UPDATE_IN_PROGRESS", "", false, false);
        if (provider == nullptr) {
            return fail(old, "UPDATE_FAILED", "Resource type " + target.type + " is not supported by localcloud", true);
        }
        auto updated = provider->update(request);
        if (!updated) return fail(old, "UPDATE_FAILED", handler_message(updated.error(), request.request_token), true);
        target.physical_id = updated->physical_id.empty() ? old.physical_id : updated->physical_id;
        target.attributes = old.attributes;
        for (const auto& [k, v] : updated->attributes.items()) target.attributes[k] = v;
        {
            std::lock_guard lock(m);
            current[id] = target;
        }
        write_resource_event(op, stack, target, "UPDATE_COMPLETE", "", true, false);
        return true;
    };
    const auto failed = run_graph(pool_, target_ids, deps, work, stopping_);
    if (stopping_) return make_error("Stopping", "localcloud is stopping", 500);
    if (failed.empty()) return ok();
    std::vector<std::string> names;
    for (const auto& f : failed) names.push_back(f);
    const bool any_create = std::any_of(failed.begin(), failed.end(), [&](const std::string& f) {
        std::lock_guard lock(m);
        return current.count(f) == 0;
    });
    if (failures.empty()) {
        return validation_error("Circular dependency between resources: [" + strings::join(names, ", ") + "]");
    }
    const std::string verb = creating || any_create ? "create" : "update";
    return validation_error("The following resource(s) failed to " + verb + ": [" + strings::join(names, ", ") + "].");
}

Result<void> StackEngine::cleanup(const Operation& op, const Stack& stack, const std::set<std::string>& keep) {
    const std::string& stack_id = stack.id;
    auto current = load_resources(op.scope, stack_id);
    auto replaced = load_cleanup(op.scope, stack_id);
    std::vector<std::string> failed_names;
    std::mutex m;
    auto remove = [&](const ResourceState& r, bool is_cleanup, const std::string& policy) -> bool {
        auto erase_record = [&]() {
            commit_or_report([&](Tx& tx) -> Result<bool> {
                auto x = is_cleanup ? tx.erase(op.scope, kCleanupKind, stack_id + "|" + r.logical_id + "|" + r.physical_id)
                                    : tx.erase(op.scope, kResourceKind, resource_key(stack_id, r.logical_id));
                if (!x) return x.error();
                return true;
            }, "the removal of a deleted resource's record");
        };
        if (r.physical_id.empty()) {
            erase_record();
            return true;
        }
        // RetainExceptOnCreate deletes what the rolled-back operation itself created.
        const std::string& phase = stack.status;
        const bool rolling_back = phase == "ROLLBACK_IN_PROGRESS" || phase == "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS";
        if (policy == "Retain" || (policy == "RetainExceptOnCreate" && !rolling_back)) {
            write_resource_event(op, stack, r, "DELETE_SKIPPED", "", false, !is_cleanup);
            if (is_cleanup) erase_record();
            return true;
        }
        write_resource_event(op, stack, r, "DELETE_IN_PROGRESS", "", false, false);
        ResourceProvider* provider = providers_.find(r.type);
        if (provider != nullptr) {
            ResourceRequest request;
            request.account = op.scope.account;
            request.region = op.scope.region;
            request.logical_id = r.logical_id;
            request.physical_id = r.physical_id;
            request.properties = r.properties;
            request.caller = op.caller;
            request.type = r.type;
            request.stack_name = stack.name;
            request.stack_id = stack_id;
            request.request_token = random_uuid();
            auto removed = provider->remove(request);
            if (!removed && !not_found(removed.error())) {
                write_resource_event(op, stack, r, "DELETE_FAILED", handler_message(removed.error(), request.request_token),
                                     !is_cleanup, false);
                std::lock_guard lock(m);
                failed_names.push_back(r.logical_id);
                return false;
            }
        }
        write_resource_event(op, stack, r, "DELETE_COMPLETE", "", false, !is_cleanup);
        if (is_cleanup) erase_record();
        return true;
    };
    // replaced physical resources first (their policy is UpdateReplacePolicy), then removed resources in
    // reverse dependency order (DeletionPolicy).
    std::set<std::string> cleanup_nodes;
    std::map<std::string, ResourceState> cleanup_by_node;
    for (const auto& r : replaced) {
        const std::string node = r.logical_id + "|" + r.physical_id;
        cleanup_nodes.insert(node);
        cleanup_by_node[node] = r;
    }
    (void)run_graph(pool_, cleanup_nodes, {}, [&](const std::string& node) {
        const auto& r = cleanup_by_node[node];
        return remove(r, true, r.update_replace_policy.empty() ? "Delete" : r.update_replace_policy);
    }, stopping_);
    std::set<std::string> doomed;
    for (const auto& [id, r] : current) {
        if (keep.count(id) == 0) doomed.insert(id);
    }
    std::map<std::string, std::set<std::string>> reverse;
    for (const auto& id : doomed) {
        for (const auto& d : current[id].depends_on) {
            if (doomed.count(d) != 0) reverse[d].insert(id);
        }
    }
    (void)run_graph(pool_, doomed, reverse, [&](const std::string& id) {
        const auto& r = current[id];
        return remove(r, false, r.deletion_policy.empty() ? "Delete" : r.deletion_policy);
    }, stopping_);
    if (!failed_names.empty()) {
        std::sort(failed_names.begin(), failed_names.end());
        return validation_error("The following resource(s) failed to delete: [" + strings::join(failed_names, ", ") +
                                "]. ");
    }
    return ok();
}

Result<Json> StackEngine::import_value(const Scope& scope, const std::string& name) {
    auto e = cloud_.store.read<std::optional<Export>>([&](Tx& tx) { return records::find_export(tx, scope, name); });
    if (!e) return e.error();
    if (!*e) return validation_error("No export named " + name + " found.");
    return Json((*e)->value);
}

Result<std::vector<StackOutput>> StackEngine::compute_outputs(const Operation& op, const Stack& stack,
                                                              std::set<std::string>& imports) {
    const Json& template_doc = stack.deployed.doc;
    if (!template_doc.contains("Outputs") || !template_doc["Outputs"].is_object()) return std::vector<StackOutput>{};
    auto current = load_resources(op.scope, stack.id);
    ResourceLookup lookup;
    lookup.ref = [&](const std::string& id) -> std::optional<Json> {
        const auto it = current.find(id);
        if (it == current.end()) return std::nullopt;
        return Json(it->second.physical_id);
    };
    lookup.get_att = [&](const std::string& id, const std::string& attribute) -> Result<Json> {
        const auto it = current.find(id);
        if (it == current.end() || !it->second.attributes.contains(attribute)) {
            return validation_error("Template error: resource " + id + " does not support attribute type " + attribute +
                                    " in Fn::GetAtt");
        }
        return it->second.attributes[attribute];
    };
    lookup.import_value = [&](const std::string& name) -> Result<Json> {
        auto e = import_value(op.scope, name);
        if (e) imports.insert(name);
        return e;
    };
    Evaluator evaluator(template_doc, stack.deployed.values, stack.pseudo(op.scope), lookup);
    if (auto c = evaluator.evaluate_conditions(); !c) return c.error();
    std::vector<StackOutput> out;
    for (const auto& [key, output] : template_doc["Outputs"].items()) {
        if (!evaluator.included(output)) continue;
        auto value = evaluator.resolve(output.value("Value", Json("")));
        if (!value) return value.error();
        StackOutput o;
        o.key = key;
        if (value->is_array()) {
            std::vector<std::string> parts;
            for (const auto& v : *value) parts.push_back(scalar_string(v));
            o.value = strings::join(parts, ",");
        } else {
            o.value = scalar_string(*value);
        }
        if (output.contains("Description")) o.description = scalar_string(output["Description"]);
        if (output.contains("Export") && output["Export"].contains("Name")) {
            auto name = evaluator.resolve(output["Export"]["Name"]);
            if (!name) return name.error();
            o.export_name = scalar_string(*name);
        }
        out.push_back(std::move(o));
    }
    return out;
}

Result<void> StackEngine::commit_exports(const Operation& op, const Stack& stack,
                                         const std::vector<StackOutput>& outputs,
                                         const std::set<std::string>& imports) {
    const std::string& stack_id = stack.id;
    std::map<std::string, std::string> wanted;
    for (const auto& o : outputs) {
        if (o.export_name) wanted[*o.export_name] = o.value;
    }
    return cloud_.store.write<void>([&](Tx& tx) -> Result<void> {
        auto all = tx.list(op.scope, kExportKind);
        if (!all) return all.error();
        auto importers_of = [&](const std::string& name) -> Result<std::vector<std::string>> {
            auto rows = tx.list(op.scope, kImportKind, name + "|");
            if (!rows) return rows.error();
            std::vector<std::string> names;
            for (const auto& [key, doc] : *rows) {
                const Import use = Import::from_json(doc);
                if (use.stack_id != stack_id) names.push_back(use.stack_name);
            }
            return names;
        };
        for (const auto& [name, doc] : *all) {
            const Export exported = Export::from_json(doc);
            if (exported.stack_id != stack_id) {
                if (wanted.count(name) != 0) {
                    return validation_error("Export with name " + name + " is already exported by stack " +
                                            exported.stack_name);
                }
                continue;
            }
            const auto it = wanted.find(name);
            if (it != wanted.end() && it->second == exported.value) continue;
            auto users = importers_of(name);
            if (!users) return users.error();
            if (!users->empty()) {
                return validation_error(std::string(it == wanted.end() ? "Cannot delete export " : "Cannot update export ") +
                                        name + " as it is in use by " + strings::join(*users, ", "));
            }
            if (it == wanted.end()) {
                if (auto e = tx.erase(op.scope, kExportKind, name); !e) return e.error();
            }
        }
        for (const auto& [name, value] : wanted) {
            if (auto p = tx.put(op.scope, kExportKind, name, Export{name, value, stack_id, stack.name}.to_json()); !p) {
                return p.error();
            }
        }
        auto existing_imports = tx.list(op.scope, kImportKind);
        if (!existing_imports) return existing_imports.error();
        for (const auto& [key, doc] : *existing_imports) {
            const Import use = Import::from_json(doc);
            if (use.stack_id == stack_id && imports.count(use.export_name) == 0) {
                if (auto e = tx.erase(op.scope, kImportKind, key); !e) return e.error();
            }
        }
        for (const auto& name : imports) {
            if (auto p = tx.put(op.scope, kImportKind, name + "|" + stack_id, Import{name, stack_id, stack.name}.to_json());
                !p) {
                return p.error();
            }
        }
        return ok();
    });
}

} // namespace cdk::localcloud::cloudformation

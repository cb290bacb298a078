// Converging a stack's resources to its deployed template, in named steps: select the targets (conditions),
// plan their dependencies, provision each once its dependencies are done (create, keep, update in place,
// replace, or — in a rollback — restore the replaced resource), then say what failed.
#include "core/strings.hpp"
#include "localcloud/cloudformation/dynamic_references.hpp"
#include "localcloud/cloudformation/stack_internal.hpp"
#include "localcloud/state/ids.hpp"

#include <algorithm>

namespace cdk::localcloud::cloudformation {

namespace {

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

bool failed_status(const std::string& status) {
    return status.find("FAILED") != std::string::npos;
}

} // namespace

ResourceRequest StackEngine::provider_request(const Operation& op, const Stack& stack,
                                              const ResourceState& resource) {
    ResourceRequest request;
    request.account = op.scope.account;
    request.region = op.scope.region;
    request.logical_id = resource.logical_id;
    request.physical_id = resource.physical_id;
    request.caller = op.caller;
    request.type = resource.type;
    request.stack_name = stack.name;
    request.stack_id = stack.id;
    request.request_token = random_uuid();
    return request;
}

namespace {

/// What run_graph schedules from: each node's count of dependencies not yet done, the nodes waiting on
/// each, and those ready to run.
struct Schedule {
    std::map<std::string, std::size_t> waiting;
    std::map<std::string, std::vector<std::string>> dependents;
    std::vector<std::string> ready;
};

Schedule initial_schedule(const std::set<std::string>& nodes,
                          const std::map<std::string, std::set<std::string>>& deps) {
    Schedule schedule;
    for (const auto& n : nodes) {
        std::size_t count = 0;
        if (const auto it = deps.find(n); it != deps.end()) {
            for (const auto& d : it->second) {
                if (nodes.count(d) != 0 && d != n) {
                    ++count;
                    schedule.dependents[d].push_back(n);
                }
            }
        }
        schedule.waiting[n] = count;
        if (count == 0) schedule.ready.push_back(n);
    }
    return schedule;
}

} // namespace

std::vector<std::string> run_graph(WorkerPool& pool, const std::set<std::string>& nodes,
                                   const std::map<std::string, std::set<std::string>>& deps,
                                   const std::function<bool(const std::string&)>& work,
                                   const std::atomic<bool>& stopping) {
    std::mutex m;
    std::condition_variable cv;
    Schedule schedule = initial_schedule(nodes, deps);
    auto& waiting = schedule.waiting;
    auto& dependents = schedule.dependents;
    auto& ready = schedule.ready;
    std::vector<std::string> failed;
    std::size_t inflight = 0;
    std::size_t done = 0;
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

/// One convergence of a stack's resources. `provision` runs on pool threads, one per resource at a time; what
/// they share (`current`, `failures`) is guarded by `m`.
struct StackEngine::Converge {
    Converge(StackEngine& owner, const Operation& operation, const Stack& converged, bool rolling_back,
             std::set<std::string>& used_exports)
        : engine(owner), op(operation), stack(converged), rollback(rolling_back), imports(used_exports),
          resources(converged.deployed.doc.at("Resources")),
          current(owner.load_resources(operation.scope, converged.id)),
          replaced(owner.load_cleanup(operation.scope, converged.id)),
          evaluator(converged.deployed.doc, converged.deployed.values, converged.pseudo(operation.scope),
                    lookup()) {}

    StackEngine& engine;
    const Operation& op;
    const Stack& stack;
    const bool rollback;
    std::set<std::string>& imports;
    const Json& resources;
    std::mutex m;
    std::map<std::string, ResourceState> current; ///< what is provisioned, as the steps change it
    const std::vector<ResourceState> replaced;    ///< physical resources awaiting cleanup after a replacement
    Evaluator evaluator;
    std::set<std::string> targets;                     ///< the resources the template includes
    std::map<std::string, std::set<std::string>> deps; ///< target → the targets it needs first
    std::map<std::string, std::string> failures;       ///< resource → its failure's reason

    /// Ref, Fn::GetAtt and Fn::ImportValue as the resources are provisioned.
    ResourceLookup lookup() {
        ResourceLookup l;
        l.ref = [this](const std::string& id) -> std::optional<Json> {
            std::lock_guard lock(m);
            const auto it = current.find(id);
            if (it == current.end() || it->second.physical_id.empty()) return std::nullopt;
            return Json(it->second.physical_id);
        };
        l.get_att = [this](const std::string& id, const std::string& attribute) -> Result<Json> {
            std::lock_guard lock(m);
            const auto it = current.find(id);
            if (it == current.end())
                return validation_error("Template error: resource " + id + " is not provisioned");
            if (!it->second.attributes.contains(attribute)) {
                return validation_error("Template error: resource " + id +
                                        " does not support attribute type " + attribute + " in Fn::GetAtt");
            }
            return it->second.attributes.at(attribute);
        };
        l.import_value = [this](const std::string& name) -> Result<Json> {
            auto e = engine.import_value(op.scope, name);
            if (!e) return e.error();
            std::lock_guard lock(m);
            imports.insert(name);
            return Json(*e);
        };
        return l;
    }

    /// Step 1: the conditions, then the resources they include.
    Result<void> select_targets() {
        if (auto c = evaluator.evaluate_conditions(); !c) return c.error();
        for (const auto& [id, res] : resources.items()) {
            if (evaluator.included(res)) targets.insert(id);
        }
        return ok();
    }

    /// Step 2: each target's dependencies among the targets (references and DependsOn).
    void plan_dependencies() {
        for (const auto& id : targets) {
            const Json& res = resources.at(id);
            for (const auto& name : references(res)) {
                if (resources.contains(name) && name != id && targets.count(name) != 0) deps[id].insert(name);
            }
            for (const auto& name : string_set(res.value("DependsOn", Json()))) {
                if (targets.count(name) != 0) deps[id].insert(name);
            }
        }
    }

    /// The resource as the template declares it (no physical id yet).
    ResourceState declared(const std::string& id) const {
        const Json& res = resources.at(id);
        ResourceState target;
        target.logical_id = id;
        target.type = res.value("Type", "");
        target.deletion_policy = res.value("DeletionPolicy", "");
        target.update_replace_policy = res.value("UpdateReplacePolicy", "");
        if (const auto d = deps.find(id); d != deps.end())
            target.depends_on.assign(d->second.begin(), d->second.end());
        return target;
    }

    /// The one place a resource's properties are resolved before a provider sees them.
    Result<Json> resolve_properties(const std::string& id) const {
        return evaluator.resolve(resources.at(id).value("Properties", Json::object()));
    }

    /// What a provider is given: the resolved properties with their dynamic references ({{resolve:...}})
    /// replaced, as the stack's role. Only the provider sees them; `target.properties` (stored, compared,
    /// shown) keeps them as written.
    Result<Json> provider_properties(const ResourceState& target) const {
        return resolve_dynamic_references(engine.cloud_, op.caller, op.scope, target.properties);
    }

    /// Step 3, for one resource once its dependencies are done: create it, or bring the provisioned one to
    /// the template. Returns false on failure (recorded in `failures` and in the resource's event).
    bool provision(const std::string& id) {
        ResourceState target = declared(id);
        std::optional<ResourceState> existing;
        {
            std::lock_guard lock(m);
            if (const auto it = current.find(id); it != current.end()) existing = it->second;
        }
        auto props = resolve_properties(id);
        if (!existing) return create(std::move(target), props);
        const ResourceState old = std::move(*existing);
        if (!props) return fail(id, old, "UPDATE_FAILED", props.error().message, true);
        target.properties = std::move(*props);
        if (old.type == target.type && old.properties == target.properties && !old.physical_id.empty()) {
            return keep(old, std::move(target));
        }
        ResourceProvider* provider = engine.providers_.find(target.type);
        if (!needs_replacement(old, target, provider))
            return update_in_place(old, std::move(target), provider);
        if (rollback) {
            if (auto restored = restore_replaced(old, target)) return *restored;
        }
        return replace(old, std::move(target), provider);
    }

    /// A new resource: the provider's create.
    bool create(ResourceState target, const Result<Json>& props) {
        const std::string id = target.logical_id;
        event(target, "CREATE_IN_PROGRESS", "");
        if (!props) return fail(id, target, "CREATE_FAILED", props.error().message, false);
        target.properties = *props;
        ResourceProvider* provider = engine.providers_.find(target.type);
        if (provider == nullptr) return fail(id, target, "CREATE_FAILED", unsupported(target.type), false);
        const Result<Json> resolved = provider_properties(target);
        if (!resolved) return fail(id, target, "CREATE_FAILED", resolved.error().message, false);
        ResourceRequest request = provider_request(op, stack, target);
        request.properties = *resolved;
        auto created = provider->create(request);
        if (!created) {
            return fail(id, target, "CREATE_FAILED", handler_message(created.error(), request.request_token),
                        false);
        }
        target.physical_id = created->physical_id;
        target.attributes = created->attributes;
        return provisioned(std::move(target), "CREATE_COMPLETE");
    }

    /// Unchanged properties: nothing for the provider; a new DeletionPolicy, UpdateReplacePolicy or DependsOn
    /// (or a resource a failed update left FAILED) is recorded without an event.
    bool keep(const ResourceState& old, ResourceState target) {
        if (old.deletion_policy == target.deletion_policy &&
            old.update_replace_policy == target.update_replace_policy &&
            old.depends_on == target.depends_on && !failed_status(old.status)) {
            return true;
        }
        target.physical_id = old.physical_id;
        target.attributes = old.attributes;
        target.status = failed_status(old.status) ? "UPDATE_COMPLETE" : old.status;
        engine.commit_or_report(
            [&](Tx& tx) -> Result<bool> {
                if (auto p = records::put_resource(tx, op.scope, stack.id, target); !p) return p.error();
                return true;
            },
            "a resource's new policies");
        std::lock_guard lock(m);
        current[target.logical_id] = std::move(target);
        return true;
    }

    /// A change of type, a resource that never got a physical id, or a changed create-only property.
    static bool needs_replacement(const ResourceState& old, const ResourceState& target,
                                  ResourceProvider* provider) {
        if (old.type != target.type || old.physical_id.empty()) return true;
        const std::vector<std::string> create_only = create_only_of(provider, target.type);
        return std::any_of(create_only.begin(), create_only.end(), [&](const std::string& p) {
            return old.properties.value(p, Json()) != target.properties.value(p, Json());
        });
    }

    /// In a rollback, a replacement whose old physical resource still awaits cleanup with the same properties
    /// gets that resource back (no provider call); the newer one goes to cleanup instead. nullopt: none.
    std::optional<bool> restore_replaced(const ResourceState& old, const ResourceState& target) {
        const auto it = std::find_if(replaced.begin(), replaced.end(), [&](const ResourceState& r) {
            return r.logical_id == target.logical_id && r.type == target.type &&
                   r.properties == target.properties;
        });
        if (it == replaced.end()) return std::nullopt;
        ResourceState restored = *it;
        restored.deletion_policy = target.deletion_policy;
        restored.update_replace_policy = target.update_replace_policy;
        restored.depends_on = target.depends_on;
        event(restored, "UPDATE_IN_PROGRESS", "");
        engine.commit_or_report(
            [&](Tx& tx) -> Result<bool> {
                if (auto e = records::erase_cleanup(tx, op.scope, stack.id, restored); !e) return e.error();
                return put_cleanup(tx, old);
            },
            "a replaced resource's cleanup record");
        return provisioned(std::move(restored), "UPDATE_COMPLETE");
    }

    /// A provider call for `target` as `shown` (the record its request names), with the properties the
    /// provider is given and the recorded ones; nullopt after recording the failure (UPDATE_FAILED of `old`).
    std::optional<ResourceRequest> update_request(const ResourceState& old, const ResourceState& shown,
                                                  const ResourceState& target, ResourceProvider* provider) {
        if (provider == nullptr) {
            fail(target.logical_id, old, "UPDATE_FAILED", unsupported(target.type), true);
            return std::nullopt;
        }
        const Result<Json> resolved = provider_properties(target);
        if (!resolved) {
            fail(target.logical_id, old, "UPDATE_FAILED", resolved.error().message, true);
            return std::nullopt;
        }
        ResourceRequest request = provider_request(op, stack, shown);
        request.properties = *resolved;
        request.previous_properties = old.properties;
        return request;
    }

    /// Replacement: the new physical resource first; the old one is recorded for cleanup.
    bool replace(const ResourceState& old, ResourceState target, ResourceProvider* provider) {
        event(target, "UPDATE_IN_PROGRESS",
              "Requested update requires the creation of a new physical resource; hence creating one.");
        auto request = update_request(old, target, target, provider);
        if (!request) return false;
        auto created = provider->create(*request);
        if (!created) {
            return fail(target.logical_id, old, "UPDATE_FAILED",
                        handler_message(created.error(), request->request_token), true);
        }
        target.physical_id = created->physical_id;
        target.attributes = created->attributes;
        engine.commit_or_report([&](Tx& tx) { return put_cleanup(tx, old); },
                                "a replaced resource's cleanup record");
        return provisioned(std::move(target), "UPDATE_COMPLETE");
    }

    /// The provider's update of the same physical resource; attributes it does not return are kept.
    bool update_in_place(const ResourceState& old, ResourceState target, ResourceProvider* provider) {
        event(old, "UPDATE_IN_PROGRESS", "");
        auto request = update_request(old, old, target, provider);
        if (!request) return false;
        auto updated = provider->update(*request);
        if (!updated) {
            return fail(target.logical_id, old, "UPDATE_FAILED",
                        handler_message(updated.error(), request->request_token), true);
        }
        target.physical_id = updated->physical_id.empty() ? old.physical_id : updated->physical_id;
        target.attributes = old.attributes;
        for (const auto& [k, v] : updated->attributes.items())
            target.attributes[k] = v;
        return provisioned(std::move(target), "UPDATE_COMPLETE");
    }

    /// Step 4: the operation's outcome, with CloudFormation's message for what failed.
    Result<void> outcome(const std::vector<std::string>& failed) {
        if (engine.stopping_) return make_error("Stopping", "localcloud is stopping", 500);
        if (failed.empty()) return ok();
        std::lock_guard lock(m);
        if (failures.empty()) {
            return validation_error("Circular dependency between resources: [" + strings::join(failed, ", ") +
                                    "]");
        }
        const bool any_create = std::any_of(failed.begin(), failed.end(),
                                            [&](const std::string& f) { return current.count(f) == 0; });
        const std::string verb = op.kind == Operation::Kind::Create || any_create ? "create" : "update";
        return validation_error("The following resource(s) failed to " + verb + ": [" +
                                strings::join(failed, ", ") + "].");
    }

    // the steps' records

    void event(const ResourceState& shown, const std::string& status, const std::string& reason) {
        engine.write_resource_event(op, stack, shown, status, reason, false, false);
    }

    /// The resource is provisioned as `state`: recorded with its COMPLETE event.
    bool provisioned(ResourceState state, const std::string& status) {
        {
            std::lock_guard lock(m);
            current[state.logical_id] = state;
        }
        engine.write_resource_event(op, stack, state, status, "", true, false);
        return true;
    }

    /// The resource failed with `reason`: its event shows `shown` (whose record is kept when `keep`).
    bool fail(const std::string& id, const ResourceState& shown, const std::string& status,
              const std::string& reason, bool keep_record) {
        engine.write_resource_event(op, stack, shown, status, reason, keep_record, false);
        std::lock_guard lock(m);
        failures[id] = reason;
        return false;
    }

    /// Records a physical resource that a replacement superseded, for the cleanup phase to delete.
    Result<bool> put_cleanup(Tx& tx, const ResourceState& old) const {
        if (old.physical_id.empty()) return true;
        if (auto p = records::put_cleanup(tx, op.scope, stack.id, old); !p) return p.error();
        return true;
    }

    static std::string unsupported(const std::string& type) {
        return "Resource type " + type + " is not supported by localcloud";
    }
};

Result<void> StackEngine::converge(const Operation& op, const Stack& stack, bool rollback,
                                   std::set<std::string>& imports, std::set<std::string>& target_ids) {
    Converge run(*this, op, stack, rollback, imports);
    if (auto selected = run.select_targets(); !selected) return selected.error();
    target_ids = run.targets;
    run.plan_dependencies();
    const auto failed = run_graph(
        pool_, run.targets, run.deps, [&](const std::string& id) { return run.provision(id); }, stopping_);
    return run.outcome(failed);
}

} // namespace cdk::localcloud::cloudformation

#pragma once

#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/auth/caller.hpp"
#include "localcloud/cloudformation/provider_registry.hpp"
#include "localcloud/cloudformation/stack_model.hpp"
#include "localcloud/server/cloud_context.hpp"
#include "localcloud/server/service.hpp"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace cdk::localcloud::cloudformation {

/// A bounded pool of worker threads that provision resources for every stack operation.
class WorkerPool {
public:
    explicit WorkerPool(std::size_t threads);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;
    void submit(std::function<void()> task);

private:
    std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<std::function<void()>> queue_;
    std::vector<std::thread> threads_;
    bool stopping_ = false;
};

/// Group commit: stack steps running concurrently hand their writes to one committer thread, which
/// applies every queued write in one transaction (one fsync) and then wakes the writers. A step returns
/// only once its write is durable.
class GroupCommitter {
public:
    explicit GroupCommitter(Store& store);
    ~GroupCommitter();
    GroupCommitter(const GroupCommitter&) = delete;
    GroupCommitter& operator=(const GroupCommitter&) = delete;
    [[nodiscard]] Result<void> write(const std::function<Result<bool>(Tx&)>& fn);

private:
    struct Item {
        const std::function<Result<bool>(Tx&)>* fn;
        std::optional<Result<void>> result;
    };
    void loop();
    Store& store_;
    std::mutex mutex_;
    std::condition_variable cv_;
    std::condition_variable done_cv_;
    std::vector<Item*> queue_;
    bool stopping_ = false;
    std::thread thread_;
};

/// Who calls the API: identity, region, and the request's condition keys (for iam:PassRole, S3, SSM).
struct ApiCall {
    RequestContext& ctx;
    [[nodiscard]] const std::string& account() const { return ctx.caller.account(); }
    [[nodiscard]] const std::string& region() const { return ctx.region; }
};

/// The kinds of asynchronous stack operation.
enum class OperationKind { Create, Update, Delete, RollbackStack, ContinueRollback };

/// The CloudFormation engine: validates and records API calls synchronously, then runs stack operations
/// (create, update, delete, rollbacks) on a driver thread each, provisioning independent resources
/// concurrently on a bounded pool through the registered resource providers. All state lives in the Store
/// (one transaction per step); `recover()` marks operations a crash interrupted as failed.
class StackEngine {
public:
    StackEngine(CloudContext& cloud, ProviderRegistry& providers, ServiceRegistry& services);
    ~StackEngine();
    StackEngine(const StackEngine&) = delete;
    StackEngine& operator=(const StackEngine&) = delete;

    /// Moves stacks a crash left *_IN_PROGRESS to the matching FAILED state with a reason.
    void recover();

    /// The API operations: input and output in the shapes of the CloudFormation model (cloudformation.json).
    [[nodiscard]] Result<Json> call(const std::string& operation, const Json& input, ApiCall& call);
    /// The operations `call` implements.
    [[nodiscard]] static const std::vector<std::string>& operations();

    /// Waits until no stack operation is running (tests and shutdown).
    void wait_idle();

private:
    struct Operation;
    struct Converge;

    using Handler = Result<Json> (StackEngine::*)(const Json& in, ApiCall& call);
    /// Every API operation's name and member, in one table (`call` and `operations` read it).
    static const std::vector<std::pair<std::string, Handler>>& table();

    // the API by operation group: api_stacks.cpp, api_change_sets.cpp, api_resources.cpp, api_templates.cpp
    Result<Json> create_stack(const Json& in, ApiCall& call);
    Result<Json> update_stack(const Json& in, ApiCall& call);
    Result<Json> delete_stack(const Json& in, ApiCall& call);
    Result<Json> describe_stacks(const Json& in, ApiCall& call);
    Result<Json> list_stacks(const Json& in, ApiCall& call);
    Result<Json> describe_stack_events(const Json& in, ApiCall& call);
    Result<Json> describe_stack_resource(const Json& in, ApiCall& call);
    Result<Json> describe_stack_resources(const Json& in, ApiCall& call);
    Result<Json> list_stack_resources(const Json& in, ApiCall& call);
    Result<Json> get_template(const Json& in, ApiCall& call);
    Result<Json> get_template_summary(const Json& in, ApiCall& call);
    Result<Json> validate_template(const Json& in, ApiCall& call);
    Result<Json> create_change_set(const Json& in, ApiCall& call);
    Result<Json> describe_change_set(const Json& in, ApiCall& call);
    Result<Json> execute_change_set(const Json& in, ApiCall& call);
    Result<Json> delete_change_set(const Json& in, ApiCall& call);
    Result<Json> list_change_sets(const Json& in, ApiCall& call);
    Result<Json> list_exports(const Json& in, ApiCall& call);
    Result<Json> list_imports(const Json& in, ApiCall& call);
    Result<Json> update_termination_protection(const Json& in, ApiCall& call);
    Result<Json> continue_update_rollback(const Json& in, ApiCall& call);
    Result<Json> rollback_stack(const Json& in, ApiCall& call);

    // CreateChangeSet's steps (api_change_sets.cpp)
    struct ChangeSetStack;
    /// The stack a change set is for: the existing one, or (CREATE) a new one in REVIEW_IN_PROGRESS.
    Result<ChangeSetStack> change_set_stack(const Json& in, ApiCall& call, const std::string& type);
    /// Records the change set (and a new stack with its REVIEW_IN_PROGRESS event) in one transaction.
    Result<void> record_change_set(const Scope& scope, const ChangeSet& cs, const ChangeSetStack& target);

    // what the groups share (api_support.cpp)
    struct Prepared;
    Result<Prepared> prepare(const Json& in, ApiCall& call, const Stack* existing,
                             const std::string& stack_name, const std::string& stack_id);
    Result<std::string> template_body(const Json& in, ApiCall& call);
    Result<Stack> find_stack(Tx& tx, const Scope& scope, const std::string& name_or_id, bool include_deleted);
    Result<Caller> acting_caller(const std::string& role_arn, ApiCall& call);
    Result<std::vector<ResourceChange>> plan_changes(const Scope& scope, const Stack& stack,
                                                     const Prepared& prepared);
    Result<void> start_update(Tx& tx, const Scope& scope, Stack& stack, const Prepared& prepared,
                              const Json& in);
    Result<std::string> ssm_value(ApiCall& call, const std::string& name);
    /// Records the stack in a rollback's *_IN_PROGRESS `status` and launches the rollback as the stack's
    /// role; returns the stack's id.
    Result<std::string> start_rollback(const Json& in, ApiCall& call, Stack stack, const std::string& status,
                                       OperationKind kind);

    // async operations (stack_operation.cpp)
    void launch(Operation op);
    void run(const Operation& op);
    void run_create(const Operation& op, Stack stack);
    void run_update(const Operation& op, Stack stack);
    void run_delete(const Operation& op, Stack stack);
    void run_update_rollback(const Operation& op, Stack stack, const std::string& reason);
    /// An update or update rollback that converged: its outputs, the cleanup phase, then `complete`.
    void finish_update(const Operation& op, Stack stack, std::vector<StackOutput> outputs,
                       const std::set<std::string>& targets, const std::string& complete);
    /// Converges the stack's resources to its deployed template, then computes and commits its outputs and
    /// exports; `converged` says whether the resources got there (a failure after is an output's or
    /// export's).
    Result<std::vector<StackOutput>> deploy(const Operation& op, const Stack& stack, bool rollback,
                                            std::set<std::string>& targets, bool& converged);
    Result<void> converge(const Operation& op, const Stack& stack, bool rollback,
                          std::set<std::string>& imports, std::set<std::string>& target_ids);
    /// A provider call's request for `resource` of `stack`, as the operation's caller, with a fresh token.
    static ResourceRequest provider_request(const Operation& op, const Stack& stack,
                                            const ResourceState& resource);
    /// Deletes the replaced physical resources, then the resources not in `keep` (reverse dependency order).
    Result<void> cleanup(const Operation& op, const Stack& stack, const std::set<std::string>& keep);
    /// Deletes one resource (or, `replaced`, one replaced physical resource) unless `policy` retains it;
    /// false when the provider failed.
    bool remove_resource(const Operation& op, const Stack& stack, const ResourceState& r, bool replaced,
                         const std::string& policy);
    void erase_record(const Operation& op, const Stack& stack, const ResourceState& r, bool replaced);
    Result<std::vector<StackOutput>> compute_outputs(const Operation& op, const Stack& stack,
                                                     std::set<std::string>& imports);
    /// Fn::ImportValue: the export's value, or "No export named X found.".
    Result<std::string> import_value(const Scope& scope, const std::string& name);
    Result<void> commit_exports(const Operation& op, const Stack& stack,
                                const std::vector<StackOutput>& outputs,
                                const std::set<std::string>& imports);

    // records (stack_records.cpp)
    void set_stack_status(const Operation& op, Stack& stack, const std::string& status,
                          const std::string& reason);
    void write_resource_event(const Operation& op, const Stack& stack, const ResourceState& r,
                              const std::string& status, const std::string& reason, bool persist, bool erase);
    std::map<std::string, ResourceState> load_resources(const Scope& scope, const std::string& stack_id);
    std::vector<ResourceState> load_cleanup(const Scope& scope, const std::string& stack_id);

    /// Durable write of one step (through the group committer).
    Result<void> commit(const std::function<Result<bool>(Tx&)>& fn) { return commits_.write(fn); }
    /// A durable write after the provider has acted, whose failure can no longer change the operation's
    /// course (an event, a status, a record): a failure is reported on stderr (the server log), never
    /// dropped.
    void commit_or_report(const std::function<Result<bool>(Tx&)>& fn, std::string_view what);

    CloudContext& cloud_;
    ProviderRegistry& providers_;
    ServiceRegistry& services_;
    GroupCommitter commits_;
    WorkerPool pool_;
    std::mutex drivers_mutex_;
    std::condition_variable drivers_cv_;
    std::vector<std::thread> drivers_;
    std::size_t running_ = 0;
    std::atomic<bool> stopping_{false};
};

/// ISO-8601 UTC with milliseconds, as CloudFormation writes timestamps.
[[nodiscard]] std::string iso_millis_now();

} // namespace cdk::localcloud::cloudformation

#pragma once

#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/auth/caller.hpp"
#include "localcloud/iam/policy_evaluator.hpp"
#include "localcloud/server/cloud_context.hpp"
#include "localcloud/server/service.hpp"

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace cdk::localcloud::codebuild {
class CodeBuildBackend;
}
namespace cdk::localcloud::cloudformation {
class WorkerPool;
}
namespace cdk::localcloud::repos {
class RepoWatcher;
class RepoRegistry;
} // namespace cdk::localcloud::repos

namespace cdk::localcloud::codepipeline {

/// Who asks, where, and with which condition keys.
struct PipelineCall {
    Caller caller;
    std::string region;
    iam::Context context;
};

/// One action an advance decided to start: run on the worker pool after the decision committed. `notify` is
/// the SNS notification of a manual approval that has started waiting (its `NotificationArn`), not a run.
struct ActionLaunch {
    std::string account, region, pipeline, execution_id, stage, action, action_execution_id;
    bool notify = false;
};

/// CodePipeline of one localcloud: pipelines (store kind `codepipeline:pipeline`, by name), executions
/// (`codepipeline:execution`, named `<pipeline>/<execution id>`) and the global index `codepipeline:active`
/// of pipelines with executions in progress. The API (codepipeline_backend.cpp) authorizes
/// `codepipeline:<Action>` as the caller; the engine (pipeline_engine.cpp) advances executions, one pipeline
/// at a time in one store transaction, and runs actions (pipeline_actions.cpp) on a bounded worker pool as
/// the pipeline's role or the action's role. See docs/localcloud-codepipeline.md.
class CodePipelineBackend {
public:
    CodePipelineBackend(CloudContext& cloud, ServiceRegistry& services,
                        std::shared_ptr<codebuild::CodeBuildBackend> codebuild);
    ~CodePipelineBackend();
    CodePipelineBackend(const CodePipelineBackend&) = delete;
    CodePipelineBackend& operator=(const CodePipelineBackend&) = delete;

    /// Stops the driver, the watcher and the pool (before the other services go away).
    void shutdown();

    [[nodiscard]] Result<Json> create_pipeline(const PipelineCall& call, const Json& input);
    [[nodiscard]] Result<Json> update_pipeline(const PipelineCall& call, const Json& input);
    [[nodiscard]] Result<void> delete_pipeline(const PipelineCall& call, const std::string& name);
    [[nodiscard]] Result<Json> get_pipeline(const PipelineCall& call, const Json& input);
    [[nodiscard]] Result<Json> list_pipelines(const PipelineCall& call, const Json& input);
    [[nodiscard]] Result<Json> get_pipeline_state(const PipelineCall& call, const std::string& name);
    [[nodiscard]] Result<Json> start_pipeline_execution(const PipelineCall& call, const Json& input);
    [[nodiscard]] Result<Json> stop_pipeline_execution(const PipelineCall& call, const Json& input);
    [[nodiscard]] Result<Json> get_pipeline_execution(const PipelineCall& call, const Json& input);
    [[nodiscard]] Result<Json> list_pipeline_executions(const PipelineCall& call, const Json& input);
    [[nodiscard]] Result<Json> list_action_executions(const PipelineCall& call, const Json& input);
    [[nodiscard]] Result<Json> put_approval_result(const PipelineCall& call, const Json& input);
    [[nodiscard]] Result<Json> retry_stage_execution(const PipelineCall& call, const Json& input);
    [[nodiscard]] Result<void> set_stage_transition(const PipelineCall& call, const Json& input,
                                                    bool enabled);
    [[nodiscard]] Result<void> tag_resource(const PipelineCall& call, const Json& input);
    [[nodiscard]] Result<void> untag_resource(const PipelineCall& call, const Json& input);
    [[nodiscard]] Result<Json> list_tags_for_resource(const PipelineCall& call, const Json& input);

    [[nodiscard]] static std::string pipeline_arn(const std::string& region, const std::string& account,
                                                  const std::string& name);

    /// Starts an execution of a stored pipeline (creation, a source change, the API): recorded InProgress and
    /// advanced by the driver. Returns the execution id.
    [[nodiscard]] Result<std::string> start_execution(const std::string& account, const std::string& region,
                                                      const std::string& pipeline, const Json& trigger);

private:
    friend class ActionRunner;

    Result<void> authorize(Tx& tx, const PipelineCall& call, const std::string& action,
                           const std::string& resource);
    /// The pipeline `name` of the caller's account and region, once `action` on `resource` (empty: the
    /// pipeline's ARN) is authorized; PipelineNotFoundException when there is none.
    Result<Json> authorized_pipeline(Tx& tx, const PipelineCall& call, const std::string& action,
                                     const std::string& name, const std::string& resource = {});
    /// The execution `id` of the pipeline `name`; PipelineExecutionNotFoundException when there is none.
    Result<Json> load_execution(Tx& tx, const std::string& account, const std::string& region,
                                const std::string& name, const std::string& id);
    /// The pipeline a tagging call names by ARN, authorized; ResourceNotFoundException when there is none.
    Result<Json> tagged_pipeline(Tx& tx, const PipelineCall& call, const std::string& action,
                                 const std::string& name, const std::string& arn);
    /// TagResource and UntagResource: in one write transaction, the tags of the pipeline `input` names by
    /// ARN, authorized as `action`, changed by `change` and stored.
    Result<void> change_tags(const PipelineCall& call, const Json& input, const std::string& action,
                             const std::function<Result<void>(Json& tags)>& change);
    Result<Json> load_pipeline(Tx& tx, const std::string& account, const std::string& region,
                               const std::string& name);

    // Engine (pipeline_engine.cpp).
    /// Queues an advance of the pipeline's executions on the driver thread.
    void schedule(const std::string& account, const std::string& region, const std::string& pipeline);
    /// Decides every execution's next steps in one transaction; returns the actions to start.
    Result<std::vector<ActionLaunch>> advance(const std::string& account, const std::string& region,
                                              const std::string& pipeline);
    void drive();
    /// After a restart: actions that were running are failed (an approval keeps waiting), pipelines advanced.
    void recover();
    /// Subscribes the pipeline's source actions to the repository watcher (replacing earlier subscriptions).
    void watch_sources(const std::string& account, const std::string& region, const Json& pipeline_record);
    void unwatch(const std::string& key);
    /// Records an action's end (status Succeeded/Failed with summary, error, output variables and artifacts)
    /// if it is still the running execution of that action, then schedules an advance.
    void complete_action(const ActionLaunch& launch, const Json& result);
    void launch(const ActionLaunch& launch);
    /// Records how the approval notification of `launch` went: `outcome` {messageId} when SNS took it, or
    /// {errorDetails} when it refused (the approval, if still waiting, then fails, as on AWS).
    void complete_notification(const ActionLaunch& launch, const Json& outcome);
    /// PollForSourceChanges of the S3 source actions (pipeline_actions.cpp): HeadObject of each watched
    /// object as the pipeline's role; a new version (or ETag, in an unversioned bucket) starts an execution.
    void poll_s3_sources();
    /// The pipeline role's session, assumed as codepipeline.amazonaws.com (kept until 10 minutes before it
    /// expires, for the poller).
    Result<Caller> pipeline_session(const std::string& account, const std::string& pipeline,
                                    const std::string& role_arn);
    /// Runs `task` on the worker pool unless shutting down.
    void pool_submit(std::function<void()> task);

    CloudContext& cloud_;
    ServiceRegistry& services_;
    std::shared_ptr<codebuild::CodeBuildBackend> codebuild_;
    std::unique_ptr<repos::RepoRegistry> registry_;
    std::unique_ptr<repos::RepoWatcher> watcher_;
    std::unique_ptr<cloudformation::WorkerPool> pool_;

    std::mutex mutex_;
    std::condition_variable wake_;
    std::set<std::string> pending_; ///< `<account>/<region>/<pipeline>` to advance
    std::map<std::string, std::vector<std::uint64_t>> subscriptions_; ///< same key → watcher subscriptions
    std::map<std::string, std::pair<Caller, std::chrono::system_clock::time_point>> sessions_; ///< poller's
    /// Approval notifications recorded Pending before a restart: sent again by the driver once every service
    /// is registered (at-least-once: one cut between SNS's answer and its record is sent twice).
    std::vector<ActionLaunch> recovered_notifications_;
    bool stopping_ = false;
    std::thread driver_;
};

} // namespace cdk::localcloud::codepipeline

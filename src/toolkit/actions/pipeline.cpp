#include "toolkit/actions/pipeline.hpp"

#include "assembly/cloud_assembly.hpp"
#include "aws/codebuild/codebuild_client.hpp"
#include "aws/codepipeline/codepipeline_client.hpp"

#include <set>

namespace cdk::toolkit {
namespace {

using aws::codepipeline::CodePipelineClient;

Result<CodePipelineClient> client(SessionPool& sessions) {
    auto session = sessions.for_region("");
    if (!session) return session.error();
    return CodePipelineClient::create(*session);
}

std::string where(SessionPool& sessions) {
    auto session = sessions.for_region("");
    auto account = sessions.caller_account();
    return "aws://" + (account ? *account : std::string("?")) + "/" +
           (session ? session->region() : std::string("?"));
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items)
        out += (out.empty() ? "" : ", ") + i;
    return out;
}

Result<std::vector<std::string>> pipeline_names(const CodePipelineClient& cp) {
    auto all = cp.list_pipelines();
    if (!all) return explain_credentials_error(all.error());
    std::vector<std::string> names;
    for (const auto& p : *all)
        names.push_back(p.value("name", ""));
    return names;
}

/// Where the latest execution is: `execution X is InProgress at Build (Synth InProgress)`.
std::string activity(const pipeline::PipelineStatus& status) {
    if (!status.execution) return "the pipeline has not run yet";
    const auto& e = *status.execution;
    std::string out = "the latest execution " + e.id + " is " + e.status;
    for (const auto& s : status.stages) {
        if (s.execution_id != e.id || s.status != "InProgress") continue;
        std::vector<std::string> running;
        for (const auto& a : s.actions) {
            if (a.status == "InProgress")
                running.push_back(a.name + (a.waiting_for_approval() ? " waiting for approval" : " running"));
        }
        out += " at stage " + s.name + (running.empty() ? "" : " (" + join(running) + ")");
    }
    if (!e.summary.empty()) out += ": " + e.summary;
    return out;
}

} // namespace

Error explain_pipeline_error(SessionPool& sessions, const Error& error, const std::string& pipeline,
                             const std::string& operation) {
    Error e = explain_credentials_error(error);
    if (e.code == "PipelineNotFoundException") {
        std::string there;
        if (auto cp = client(sessions)) {
            if (auto names = pipeline_names(*cp))
                there = names->empty() ? "there are none" : "there are: " + join(*names);
        }
        return make_error("PipelineNotFound", "no pipeline " + pipeline + " in " + where(sessions) +
                                                  (there.empty() ? "" : "; " + there) +
                                                  " (another account or region? pass --profile/--region)");
    }
    if (e.code == "AccessDeniedException" || e.code == "AccessDenied") {
        auto arn = sessions.caller_arn();
        return make_error("AccessDenied", (arn ? *arn : std::string("the caller")) +
                                              " may not call codepipeline:" + operation + " on pipeline " +
                                              pipeline + ": " + e.message);
    }
    return e;
}

Result<std::vector<pipeline::PipelineSummary>> list_pipelines(SessionPool& sessions) {
    auto cp = client(sessions);
    if (!cp) return cp.error();
    auto all = cp->list_pipelines();
    if (!all) return explain_credentials_error(all.error());
    const std::string now = pipeline::now_iso8601();
    std::vector<pipeline::PipelineSummary> out;
    for (const auto& p : *all) {
        pipeline::PipelineSummary s;
        s.name = p.value("name", "");
        s.version = p.value("version", 0);
        auto executions = cp->list_pipeline_executions(s.name, 1);
        if (!executions)
            return explain_pipeline_error(sessions, executions.error(), s.name, "ListPipelineExecutions");
        if (!executions->empty()) s.last_execution = pipeline::execution_from((*executions)[0], now);
        auto state = cp->get_pipeline_state(s.name);
        if (!state) return explain_pipeline_error(sessions, state.error(), s.name, "GetPipelineState");
        for (const auto& st : state->value("stageStates", Json::array())) {
            for (const auto& a : st.value("actionStates", Json::array())) {
                const Json le = a.value("latestExecution", Json::object());
                if (le.value("status", "") == "InProgress" && !le.value("token", "").empty()) {
                    s.waiting_stages.push_back(st.value("stageName", ""));
                    break;
                }
            }
        }
        out.push_back(std::move(s));
    }
    return out;
}

Result<std::string> resolve_pipeline(SessionPool& sessions, const std::string& name) {
    auto cp = client(sessions);
    if (!cp) return cp.error();
    auto names = pipeline_names(*cp);
    if (!names) return names.error();
    if (name.empty()) {
        if (names->size() == 1) return names->front();
        if (names->empty())
            return make_error("PipelineNotFound",
                              "there is no pipeline in " + where(sessions) +
                                  " (another account or region? pass --profile/--region)");
        return make_error("PipelineNameRequired", "there are " + std::to_string(names->size()) +
                                                      " pipelines in " + where(sessions) +
                                                      ", name one: " + join(*names));
    }
    for (const auto& n : *names) {
        if (n == name) return name;
    }
    return make_error("PipelineNotFound",
                      "no pipeline " + name + " in " + where(sessions) + "; " +
                          (names->empty() ? "there are none" : "there are: " + join(*names)) +
                          " (another account or region? pass --profile/--region)");
}

Result<std::vector<std::string>> pipelines_in_assembly(const std::filesystem::path& directory) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(directory / "manifest.json", ec)) return std::vector<std::string>{};
    auto assembly = assembly::read_assembly(directory);
    if (!assembly) return assembly.error();
    std::set<std::string> names;
    for (const auto& stack : assembly->stacks()) {
        auto tmpl = stack.read_template();
        if (!tmpl) return tmpl.error();
        const auto resources = tmpl->find("Resources");
        if (resources == tmpl->end() || !resources->is_object()) continue;
        for (const auto& [logical, resource] : resources->items()) {
            if (!resource.is_object() || resource.value("Type", "") != "AWS::CodePipeline::Pipeline")
                continue;
            const auto properties = resource.find("Properties");
            if (properties == resource.end() || !properties->is_object()) continue;
            const auto name = properties->find("Name");
            if (name != properties->end() && name->is_string() && !name->get<std::string>().empty()) {
                names.insert(name->get<std::string>());
            }
        }
    }
    return std::vector<std::string>(names.begin(), names.end());
}

Result<pipeline::PipelineStatus> pipeline_status(SessionPool& sessions, const std::string& name) {
    auto cp = client(sessions);
    if (!cp) return cp.error();
    auto declaration = cp->get_pipeline(name);
    if (!declaration) return explain_pipeline_error(sessions, declaration.error(), name, "GetPipeline");
    auto state = cp->get_pipeline_state(name);
    if (!state) return explain_pipeline_error(sessions, state.error(), name, "GetPipelineState");
    auto executions = cp->list_pipeline_executions(name, 1);
    if (!executions)
        return explain_pipeline_error(sessions, executions.error(), name, "ListPipelineExecutions");
    Json execution = executions->empty() ? Json(nullptr) : (*executions)[0];
    std::set<std::string> shown;
    if (execution.is_object()) {
        shown.insert(execution.value("pipelineExecutionId", ""));
        if (execution.value("sourceRevisions", Json::array()).empty()) {
            if (auto full = cp->get_pipeline_execution(name, execution.value("pipelineExecutionId", ""))) {
                execution["artifactRevisions"] = full->value("artifactRevisions", Json::array());
            }
        }
    }
    for (const auto& s : state->value("stageStates", Json::array())) {
        if (s.contains("latestExecution"))
            shown.insert(s["latestExecution"].value("pipelineExecutionId", ""));
    }
    Json details = Json::array();
    for (const auto& id : shown) {
        if (id.empty()) continue;
        auto listed = cp->list_action_executions(name, id);
        if (!listed) return explain_pipeline_error(sessions, listed.error(), name, "ListActionExecutions");
        for (auto& d : *listed)
            details.push_back(std::move(d));
    }
    return pipeline::status_from((*declaration)["pipeline"], *state, execution, details,
                                 pipeline::now_iso8601());
}

Result<std::vector<pipeline::ExecutionSummary>> pipeline_history(SessionPool& sessions,
                                                                 const std::string& name, int max) {
    auto cp = client(sessions);
    if (!cp) return cp.error();
    auto executions = cp->list_pipeline_executions(name, max);
    if (!executions)
        return explain_pipeline_error(sessions, executions.error(), name, "ListPipelineExecutions");
    const std::string now = pipeline::now_iso8601();
    std::vector<pipeline::ExecutionSummary> out;
    for (const auto& e : *executions)
        out.push_back(pipeline::execution_from(e, now));
    return out;
}

Result<std::string> start_pipeline(SessionPool& sessions, const std::string& name) {
    auto cp = client(sessions);
    if (!cp) return cp.error();
    auto id = cp->start_pipeline_execution(name);
    if (!id) return explain_pipeline_error(sessions, id.error(), name, "StartPipelineExecution");
    return *id;
}

Result<std::string> stop_pipeline(SessionPool& sessions, const std::string& name, bool abandon,
                                  const std::string& reason) {
    auto cp = client(sessions);
    if (!cp) return cp.error();
    auto executions = cp->list_pipeline_executions(name, 20);
    if (!executions)
        return explain_pipeline_error(sessions, executions.error(), name, "ListPipelineExecutions");
    for (const auto& e : *executions) {
        const std::string status = e.value("status", "");
        if (status != "InProgress" && status != "Stopping") continue;
        const std::string id = e.value("pipelineExecutionId", "");
        if (status == "Stopping" && !abandon) {
            return make_error("AlreadyStopping",
                              "execution " + id + " of " + name +
                                  " is already stopping (waiting for its running actions): pass "
                                  "--abandon to end them now");
        }
        auto stopped = cp->stop_pipeline_execution(name, id, abandon, reason);
        if (!stopped) return explain_pipeline_error(sessions, stopped.error(), name, "StopPipelineExecution");
        return id;
    }
    std::string last = executions->empty()
                           ? "it has not run yet"
                           : "its latest execution " + (*executions)[0].value("pipelineExecutionId", "") +
                                 " is " + (*executions)[0].value("status", "");
    return make_error("NothingToStop", "no execution of " + name + " is in progress: " + last);
}

Result<std::string> retry_stage(SessionPool& sessions, const std::string& name, const std::string& stage,
                                bool all_actions) {
    auto status = pipeline_status(sessions, name);
    if (!status) return status.error();
    const auto* s = status->stage(stage);
    if (s == nullptr) {
        std::vector<std::string> names;
        for (const auto& x : status->stages)
            names.push_back(x.name);
        return make_error("StageNotFound",
                          "pipeline " + name + " has no stage " + stage + "; its stages: " + join(names));
    }
    if (s->status != "Failed") {
        return make_error("StageNotFailed",
                          "stage " + stage + " of " + name + " has nothing to retry: it is " +
                              (s->status.empty() ? std::string("not entered yet") : s->status) +
                              (s->execution_id.empty() ? "" : " in execution " + s->execution_id) + "; " +
                              activity(*status));
    }
    auto cp = client(sessions);
    if (!cp) return cp.error();
    auto id = cp->retry_stage_execution(name, stage, s->execution_id,
                                        all_actions ? "ALL_ACTIONS" : "FAILED_ACTIONS");
    if (!id) return explain_pipeline_error(sessions, id.error(), name, "RetryStageExecution");
    return *id;
}

Result<WaitingApproval> find_waiting_approval(const pipeline::PipelineStatus& status,
                                              const std::string& stage, const std::string& action) {
    const auto* s = status.stage(stage);
    if (s == nullptr) {
        std::vector<std::string> names;
        for (const auto& x : status.stages)
            names.push_back(x.name);
        return make_error("StageNotFound", "pipeline " + status.name + " has no stage " + stage +
                                               "; its stages: " + join(names));
    }
    std::vector<const pipeline::ActionState*> approvals;
    for (const auto& a : s->actions) {
        if (a.category == "Approval" && (action.empty() || a.name == action)) approvals.push_back(&a);
    }
    if (approvals.empty()) {
        if (!action.empty()) {
            std::vector<std::string> names;
            for (const auto& a : s->actions) {
                if (a.category == "Approval") names.push_back(a.name);
            }
            return make_error("ActionNotFound", "stage " + stage + " has no approval action " + action +
                                                    (names.empty() ? "" : "; its approvals: " + join(names)));
        }
        return make_error("NoApprovalAction",
                          "stage " + stage + " of " + status.name + " has no manual approval action");
    }
    std::vector<const pipeline::ActionState*> waiting;
    for (const auto* a : approvals) {
        if (a->waiting_for_approval()) waiting.push_back(a);
    }
    if (waiting.size() > 1) {
        std::vector<std::string> names;
        for (const auto* a : waiting)
            names.push_back(a->name);
        return make_error("ApprovalActionRequired", "stage " + stage +
                                                        " has several approvals waiting, choose one with "
                                                        "--action: " +
                                                        join(names));
    }
    if (waiting.empty()) {
        const auto* a = approvals.front();
        std::string what =
            "stage " + stage + " is " + (s->status.empty() ? std::string("not entered yet") : s->status);
        if (!s->execution_id.empty()) what += " (execution " + s->execution_id + ")";
        if (!a->status.empty()) what += ", approval " + a->name + " is " + a->status;
        if (!s->inbound_execution_id.empty())
            what += ", execution " + s->inbound_execution_id + " waits to enter it";
        return make_error("NothingWaiting", "nothing waits for approval at stage " + stage + " of " +
                                                status.name + ": " + what + "; " + activity(status));
    }
    return WaitingApproval{status.name, stage, waiting.front()->name, waiting.front()->token,
                           s->execution_id};
}

Result<ApprovalReview> review_approval(SessionPool& sessions, const std::string& name,
                                       const std::string& stage, const std::string& action) {
    auto status = pipeline_status(sessions, name);
    if (!status) return status.error();
    auto approval = find_waiting_approval(*status, stage, action);
    if (!approval) return approval.error();
    auto cp = client(sessions);
    if (!cp) return cp.error();
    // The declaration the execution runs (an update since it started does not change it).
    auto execution = cp->get_pipeline_execution(name, approval->execution_id);
    if (!execution) return explain_pipeline_error(sessions, execution.error(), name, "GetPipelineExecution");
    auto declaration = cp->get_pipeline(name, execution->value("pipelineVersion", status->version));
    if (!declaration) return explain_pipeline_error(sessions, declaration.error(), name, "GetPipeline");
    Json stage_declaration = Json::object();
    for (const auto& s : (*declaration)["pipeline"].value("stages", Json::array())) {
        if (s.value("name", "") == stage) stage_declaration = s;
    }
    const auto deployments = pipeline::stack_deployments(stage_declaration);
    return ApprovalReview{*approval,
                          pipeline::stage_changes(sessions, name, approval->execution_id, deployments)};
}

Result<void> put_approval(SessionPool& sessions, const WaitingApproval& approval, bool approve,
                          const std::string& summary) {
    auto cp = client(sessions);
    if (!cp) return cp.error();
    auto put = cp->put_approval_result(approval.pipeline, approval.stage, approval.action, approval.token,
                                       approve ? "Approved" : "Rejected", summary);
    if (put) return ok();
    Error e = explain_credentials_error(put.error());
    if (e.code == "AccessDeniedException" || e.code == "AccessDenied") {
        auto arn = sessions.caller_arn();
        auto session = sessions.for_region("");
        auto account = sessions.caller_account();
        const std::string resource =
            "arn:aws:codepipeline:" + (session ? session->region() : std::string("REGION")) + ":" +
            (account ? *account : std::string("ACCOUNT")) + ":" + approval.pipeline + "/" + approval.stage +
            "/" + approval.action;
        return make_error("ApproverNotAllowed",
                          (arn ? *arn : std::string("the caller")) +
                              " may not approve or reject: it lacks codepipeline:PutApprovalResult on " +
                              resource + " (grant it to the approver, or use a profile that has it)");
    }
    if (e.code == "ApprovalAlreadyCompletedException" || e.code == "InvalidApprovalTokenException") {
        return make_error("ApprovalNoLongerWaiting",
                          "approval " + approval.action + " at stage " + approval.stage +
                              " no longer waits (someone else approved or rejected it, or the "
                              "execution moved on): " +
                              e.message);
    }
    return explain_pipeline_error(sessions, e, approval.pipeline, "PutApprovalResult");
}

Result<BuildLogLocation> find_build_log(SessionPool& sessions, const std::string& name,
                                        const std::string& action) {
    auto status = pipeline_status(sessions, name);
    if (!status) return status.error();
    const pipeline::ActionState* found = nullptr;
    std::vector<std::string> builds;
    for (const auto& s : status->stages) {
        for (const auto& a : s.actions) {
            if (a.provider == "CodeBuild") builds.push_back(a.name);
            if (a.name == action || s.name + "/" + a.name == action) found = &a;
        }
    }
    if (found == nullptr) {
        return make_error("ActionNotFound",
                          "pipeline " + name + " has no action " + action +
                              "; its builds: " + (builds.empty() ? std::string("none") : join(builds)));
    }
    if (found->provider != "CodeBuild") {
        return make_error("NotABuildAction", "action " + action + " is a " + found->provider +
                                                 " action, which has no "
                                                 "build log; the builds: " +
                                                 (builds.empty() ? std::string("none") : join(builds)));
    }
    if (found->external_id.empty()) {
        return make_error("NoBuildYet",
                          "action " + action + " has not started a build yet; " + activity(*status));
    }
    auto session = sessions.for_region("");
    if (!session) return session.error();
    auto cb = aws::codebuild::CodeBuildClient::create(*session);
    if (!cb) return cb.error();
    auto build = cb->get_build(found->external_id);
    if (!build) return explain_credentials_error(build.error());
    if (!*build)
        return make_error("BuildNotFound",
                          "CodeBuild does not know build " + found->external_id + " of action " + action);
    const Json logs = (*build)->value("logs", Json::object());
    BuildLogLocation out{action, found->external_id, (*build)->value("buildStatus", ""),
                         logs.value("groupName", ""), logs.value("streamName", "")};
    if (out.group.empty() || out.stream.empty()) {
        return make_error("NoBuildLog", "build " + out.build_id +
                                            " has no CloudWatch Logs stream (its project sends "
                                            "logs elsewhere or nowhere)");
    }
    return out;
}

Result<std::string> build_status(SessionPool& sessions, const std::string& build_id) {
    auto session = sessions.for_region("");
    if (!session) return session.error();
    auto cb = aws::codebuild::CodeBuildClient::create(*session);
    if (!cb) return cb.error();
    auto build = cb->get_build(build_id);
    if (!build) return explain_credentials_error(build.error());
    if (!*build) return make_error("BuildNotFound", "CodeBuild does not know build " + build_id);
    return (*build)->value("buildStatus", "");
}

Result<aws::logs::LogPage> read_build_log(SessionPool& sessions, const BuildLogLocation& log,
                                          const std::string& token) {
    auto session = sessions.for_region("");
    if (!session) return session.error();
    auto logs = aws::logs::LogsClient::create(*session);
    if (!logs) return logs.error();
    auto page = logs->get_log_events(log.group, log.stream, token);
    if (!page) {
        Error e = explain_credentials_error(page.error());
        if (e.code == "ResourceNotFoundException" && token.empty())
            return aws::logs::LogPage{}; // nothing written yet
        e.message = "cannot read the log of build " + log.build_id + " (" + log.group + " " + log.stream +
                    "): " + e.message;
        return e;
    }
    return *page;
}

Result<pipeline::ExecutionSummary> pipeline_execution(SessionPool& sessions, const std::string& name,
                                                      const std::string& execution_id) {
    auto cp = client(sessions);
    if (!cp) return cp.error();
    auto e = cp->get_pipeline_execution(name, execution_id);
    if (!e) return explain_pipeline_error(sessions, e.error(), name, "GetPipelineExecution");
    return pipeline::execution_from(*e, pipeline::now_iso8601());
}

} // namespace cdk::toolkit

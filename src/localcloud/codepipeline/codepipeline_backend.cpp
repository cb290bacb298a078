#include "localcloud/codepipeline/codepipeline_backend.hpp"

#include "core/strings.hpp"
#include "localcloud/cloudformation/stack_engine.hpp"
#include "localcloud/codebuild/codebuild_backend.hpp"
#include "localcloud/codepipeline/codepipeline_errors.hpp"
#include "localcloud/codepipeline/pipeline_records.hpp"
#include "localcloud/codepipeline/pipeline_structure.hpp"
#include "localcloud/repos/watcher.hpp"
#include "localcloud/state/ids.hpp"

#include <algorithm>

namespace cdk::localcloud::codepipeline {

using namespace records;

namespace records {

std::string now_iso() {
    const auto now = std::chrono::system_clock::now();
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::string t = iso8601(now); // 2026-01-02T03:04:05Z
    char frac[8];
    std::snprintf(frac, sizeof frac, ".%03d", static_cast<int>(ms));
    return t.substr(0, 19) + frac + "Z";
}

bool is_terminal(const std::string& status) {
    return status == "Succeeded" || status == "Failed" || status == "Stopped" || status == "Superseded" ||
           status == "Cancelled";
}

Json* find_stage(Json& exec, const std::string& stage) {
    for (auto& s : exec["stages"]) {
        if (s.value("name", "") == stage) return &s;
    }
    return nullptr;
}

} // namespace records

std::string CodePipelineBackend::pipeline_arn(const std::string& region, const std::string& account,
                                              const std::string& name) {
    return "arn:aws:codepipeline:" + region + ":" + account + ":" + name;
}

CodePipelineBackend::CodePipelineBackend(CloudContext& cloud, ServiceRegistry& services,
                                         std::shared_ptr<codebuild::CodeBuildBackend> codebuild)
    : cloud_(cloud), services_(services), codebuild_(std::move(codebuild)),
      registry_(std::make_unique<repos::RepoRegistry>(cloud.store)),
      watcher_(std::make_unique<repos::RepoWatcher>(*registry_)),
      pool_(std::make_unique<cloudformation::WorkerPool>(4)) {
    recover();
    // The source watcher again, from the last revision each source action handled.
    auto pipelines = cloud_.store.read<std::vector<std::pair<std::string, Json>>>(
        [&](Tx& tx) -> Result<std::vector<std::pair<std::string, Json>>> {
            auto index = tx.list(Scope{"", ""}, kIndexKind);
            if (!index) return index.error();
            std::vector<std::pair<std::string, Json>> out;
            for (const auto& [key, where] : *index) {
                auto record = tx.get(scope(where.value("account", ""), where.value("region", "")),
                                     kPipelineKind, where.value("pipeline", ""));
                if (record && record->has_value())
                    out.emplace_back(key, Json{{"where", where}, {"record", **record}});
            }
            return out;
        });
    if (pipelines) {
        for (const auto& [key, p] : *pipelines) {
            watch_sources(p["where"].value("account", ""), p["where"].value("region", ""), p["record"]);
        }
    }
    driver_ = std::thread([this] { drive(); });
    watcher_->start();
}

CodePipelineBackend::~CodePipelineBackend() {
    shutdown();
}

void CodePipelineBackend::shutdown() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        stopping_ = true;
    }
    wake_.notify_all();
    if (watcher_) watcher_->stop();
    if (driver_.joinable()) driver_.join();
    pool_.reset();
}

Result<void> CodePipelineBackend::authorize(Tx& tx, const PipelineCall& call, const std::string& action,
                                            const std::string& resource) {
    return cloud_.iam.authorize(tx, call.caller, action, resource, call.caller.account(), std::nullopt,
                                iam::ResourcePolicyMode::None, call.context, "AccessDeniedException");
}

Result<Json> CodePipelineBackend::load_pipeline(Tx& tx, const std::string& account, const std::string& region,
                                                const std::string& name) {
    auto found = tx.get(scope(account, region), kPipelineKind, name);
    if (!found) return found.error();
    if (!found->has_value()) return pipeline_not_found(name);
    return std::move(**found);
}

namespace {

Json tags_of(const Json& input) {
    Json tags = Json::array();
    for (const auto& t : input.value("tags", Json::array()))
        tags.push_back(t);
    return tags;
}

/// iam:PassRole for the pipeline's service role, which must trust codepipeline.amazonaws.com.
Result<void> check_pipeline_role(CloudContext& cloud, Tx& tx, const PipelineCall& call,
                                 const std::string& role) {
    if (auto p = cloud.iam.authorize_pass_role(tx, call.caller, role, call.context); !p) {
        return make_error("AccessDeniedException", p.error().message, 400);
    }
    auto trusted = cloud.iam.trusts_service(tx, role, "codepipeline.amazonaws.com", call.context);
    if (!trusted) return trusted.error();
    if (!*trusted) {
        return invalid_structure("CodePipeline is not authorized to perform AssumeRole on role " + role);
    }
    return ok();
}

/// An action role in the pipeline's account must be passable too (cross-account roles are assumed, not
/// passed).
Result<void> check_action_roles(CloudContext& cloud, Tx& tx, const PipelineCall& call,
                                const Json& declaration) {
    for (const auto& stage : declaration["stages"]) {
        for (const auto& action : stage["actions"]) {
            const std::string role = str(action, "roleArn");
            if (role.empty() || role.find(":" + call.caller.account() + ":") == std::string::npos) continue;
            if (auto p = cloud.iam.authorize_pass_role(tx, call.caller, role, call.context); !p) {
                return make_error("AccessDeniedException", p.error().message, 400);
            }
        }
    }
    return ok();
}

/// Puts the pipeline into a global index (active, or every pipeline).
Result<void> mark(Tx& tx, const char* kind, const std::string& account, const std::string& region,
                  const std::string& name) {
    return tx.put(Scope{"", ""}, kind, pipeline_key(account, region, name),
                  Json{{"account", account}, {"region", region}, {"pipeline", name}});
}

/// An UpdatePipeline that changes the stages: each execution running actions (other than an approval) in a
/// stage, such as the one whose self-mutation made the update, ends Failed when that stage's actions are done
/// (the engine reads `outdatedBy`). Executions waiting at a boundary or at an approval go on with the version
/// they started with.
Result<void> mark_outdated(Tx& tx, const std::string& account, const std::string& region,
                           const std::string& name, long long version) {
    auto rows = tx.list(scope(account, region), kExecutionKind, name + "/");
    if (!rows) return rows.error();
    for (auto& [key, e] : *rows) {
        if (e.value("status", "") != "InProgress" || e.value("waiting", false)) continue;
        const long long index = e.value("stage", -1LL);
        if (index < 0 || index >= static_cast<long long>(e["stages"].size())) continue;
        bool running = false;
        const Json actions = e["stages"][index].value("actions", Json::object());
        for (const auto& [aname, a] : actions.items()) {
            running = running || (a.value("status", "") == "InProgress" && !a.contains("token"));
        }
        if (!running) continue;
        e["outdatedBy"] = version;
        if (auto p = tx.put(scope(account, region), kExecutionKind, key, e); !p) return p.error();
    }
    return ok();
}

Json new_execution(const std::string& id, const Json& record, const Json& trigger, long long seq) {
    const Json& decl = record["declaration"];
    Json exec = Json::object();
    exec["pipelineExecutionId"] = id;
    exec["pipelineName"] = decl["name"];
    exec["pipelineVersion"] = decl["version"];
    exec["status"] = "InProgress";
    exec["startTime"] = now_iso();
    exec["lastUpdateTime"] = exec["startTime"];
    exec["trigger"] = trigger;
    exec["executionMode"] = decl["executionMode"];
    exec["seq"] = seq;
    exec["stage"] = -1; // not yet in a stage
    exec["waiting"] = false;
    exec["declaration"] = decl; // the structure this execution runs (an update does not change it)
    exec["stages"] = Json::array();
    for (const auto& s : decl["stages"])
        exec["stages"].push_back(Json{{"name", s["name"]}, {"status", ""}, {"actions", Json::object()}});
    exec["artifacts"] = Json::object();
    exec["variables"] = Json::object();
    exec["sourceRevisions"] = Json::array();
    return exec;
}

Result<long long> next_seq(Json& record) {
    const long long seq = record.value("_nextSeq", 1LL);
    record["_nextSeq"] = seq + 1;
    return seq;
}

} // namespace

Result<Json> CodePipelineBackend::create_pipeline(const PipelineCall& call, const Json& input) {
    auto decl = normalize_pipeline(input.value("pipeline", Json()));
    if (!decl) return decl.error();
    (*decl)["version"] = 1;
    const std::string account = call.caller.account();
    const std::string name = str(*decl, "name");
    const std::string arn = pipeline_arn(call.region, account, name);
    const std::string id = random_uuid();
    auto created = cloud_.store.write<Json>([&](Tx& tx) -> Result<Json> {
        if (auto a = authorize(tx, call, "codepipeline:CreatePipeline", arn); !a) return a.error();
        if (auto r = check_pipeline_role(cloud_, tx, call, str(*decl, "roleArn")); !r) return r.error();
        if (auto r = check_action_roles(cloud_, tx, call, *decl); !r) return r.error();
        auto existing = tx.get(scope(account, call.region), kPipelineKind, name);
        if (!existing) return existing.error();
        if (existing->has_value()) {
            return cp_error("PipelineNameInUseException", "A pipeline with the name '" + name +
                                                              "' already exists in the account '" + account +
                                                              "'");
        }
        const std::string t = now_iso();
        Json record{{"declaration", *decl},
                    {"metadata", {{"pipelineArn", arn}, {"created", t}, {"updated", t}}},
                    {"tags", tags_of(input)},
                    {"transitions", Json::object()},
                    {"sourceHeads", Json::object()},
                    {"_nextSeq", 1}};
        auto seq = next_seq(record);
        if (!seq) return seq.error();
        // Creating a pipeline starts an execution, as on AWS.
        Json exec = new_execution(
            id, record, Json{{"triggerType", "CreatePipeline"}, {"triggerDetail", call.caller.arn()}}, *seq);
        if (auto p = tx.put(scope(account, call.region), kPipelineKind, name, record); !p) return p.error();
        if (auto p = mark(tx, kIndexKind, account, call.region, name); !p) return p.error();
        if (auto p = tx.put(scope(account, call.region), kExecutionKind, execution_key(name, id), exec); !p)
            return p.error();
        if (auto p = mark(tx, kActiveKind, account, call.region, name); !p) return p.error();
        return record;
    });
    if (!created) return created.error();
    watch_sources(account, call.region, *created);
    schedule(account, call.region, name);
    return Json{{"pipeline", (*created)["declaration"]}, {"tags", (*created)["tags"]}};
}

Result<Json> CodePipelineBackend::update_pipeline(const PipelineCall& call, const Json& input) {
    auto decl = normalize_pipeline(input.value("pipeline", Json()));
    if (!decl) return decl.error();
    const std::string account = call.caller.account();
    const std::string name = str(*decl, "name");
    const std::string arn = pipeline_arn(call.region, account, name);
    auto updated = cloud_.store.write<Json>([&](Tx& tx) -> Result<Json> {
        auto record = authorized_pipeline(tx, call, "codepipeline:UpdatePipeline", name, arn);
        if (!record) return record.error();
        const long long version = (*record)["declaration"].value("version", 1LL);
        if (decl->contains("version") && (*decl)["version"].is_number_integer() &&
            (*decl)["version"].get<long long>() != version) {
            return cp_error("InvalidStructureException", "The pipeline version " + (*decl)["version"].dump() +
                                                             " does not match the current version " +
                                                             std::to_string(version));
        }
        if (auto r = check_pipeline_role(cloud_, tx, call, str(*decl, "roleArn")); !r) return r.error();
        if (auto r = check_action_roles(cloud_, tx, call, *decl); !r) return r.error();
        (*decl)["version"] = version + 1;
        if ((*record)["declaration"].value("stages", Json::array()) != (*decl)["stages"]) {
            if (auto m = mark_outdated(tx, account, call.region, name, version + 1); !m) return m.error();
        }
        (*record)["declaration"] = *decl;
        (*record)["metadata"]["updated"] = now_iso();
        if (auto p = tx.put(scope(account, call.region), kPipelineKind, name, *record); !p) return p.error();
        return *record;
    });
    if (!updated) return updated.error();
    watch_sources(account, call.region, *updated);
    return Json{{"pipeline", (*updated)["declaration"]}};
}

Result<void> CodePipelineBackend::delete_pipeline(const PipelineCall& call, const std::string& name) {
    const std::string account = call.caller.account();
    auto r = cloud_.store.write<bool>([&](Tx& tx) -> Result<bool> {
        if (auto a =
                authorize(tx, call, "codepipeline:DeletePipeline", pipeline_arn(call.region, account, name));
            !a) {
            return a.error();
        }
        // Deleting a pipeline that does not exist succeeds, as on AWS.
        auto erased = tx.erase(scope(account, call.region), kPipelineKind, name);
        if (!erased) return erased.error();
        if (auto e = tx.erase_prefix(scope(account, call.region), kExecutionKind, name + "/"); !e)
            return e.error();
        if (auto e = tx.erase(Scope{"", ""}, kActiveKind, pipeline_key(account, call.region, name)); !e)
            return e.error();
        if (auto e = tx.erase(Scope{"", ""}, kIndexKind, pipeline_key(account, call.region, name)); !e)
            return e.error();
        return *erased;
    });
    if (!r) return r.error();
    unwatch(pipeline_key(account, call.region, name));
    return ok();
}

Result<Json> CodePipelineBackend::get_pipeline(const PipelineCall& call, const Json& input) {
    const std::string name = str(input, "name");
    return cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
        auto record = authorized_pipeline(tx, call, "codepipeline:GetPipeline", name);
        if (!record) return record.error();
        Json decl = (*record)["declaration"];
        if (input.contains("version") && input["version"].get<long long>() != decl.value("version", 1LL)) {
            return cp_error("PipelineVersionNotFoundException", "Pipeline version " +
                                                                    input["version"].dump() + " of '" + name +
                                                                    "' is not available");
        }
        return Json{{"pipeline", decl}, {"metadata", (*record)["metadata"]}};
    });
}

Result<Json> CodePipelineBackend::list_pipelines(const PipelineCall& call, const Json& input) {
    const std::string account = call.caller.account();
    const std::size_t max = input.contains("maxResults")
                                ? std::clamp<long long>(input["maxResults"].get<long long>(), 1, 1000)
                                : 1000;
    return cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
        if (auto a = authorize(tx, call, "codepipeline:ListPipelines", "*"); !a) return a.error();
        auto rows = tx.list(scope(account, call.region), kPipelineKind, "", str(input, "nextToken"), max + 1);
        if (!rows) return rows.error();
        Json out = Json::array();
        Json result = Json::object();
        for (std::size_t i = 0; i < rows->size(); ++i) {
            if (i == max) {
                result["nextToken"] = (*rows)[i - 1].first;
                break;
            }
            const Json& r = (*rows)[i].second;
            out.push_back(Json{{"name", r["declaration"]["name"]},
                               {"version", r["declaration"]["version"]},
                               {"pipelineType", r["declaration"]["pipelineType"]},
                               {"executionMode", r["declaration"]["executionMode"]},
                               {"created", r["metadata"]["created"]},
                               {"updated", r["metadata"]["updated"]}});
        }
        result["pipelines"] = out;
        return result;
    });
}

namespace {

/// The executions of a pipeline, oldest first.
Result<std::vector<Json>> executions_of(Tx& tx, const Scope& sc, const std::string& pipeline) {
    auto rows = tx.list(sc, kExecutionKind, pipeline + "/");
    if (!rows) return rows.error();
    std::vector<Json> out;
    for (auto& [k, v] : *rows)
        out.push_back(std::move(v));
    std::sort(out.begin(), out.end(),
              [](const Json& a, const Json& b) { return a.value("seq", 0LL) < b.value("seq", 0LL); });
    return out;
}

Json public_action_execution(const Json& a) {
    Json out = Json::object();
    for (const char* k :
         {"actionExecutionId", "status", "summary", "lastStatusChange", "token", "lastUpdatedBy",
          "externalExecutionId", "externalExecutionUrl", "errorDetails", "percentComplete"}) {
        if (a.contains(k) && !a[k].is_null()) out[k] = a[k];
    }
    return out;
}

Json summary_of(const Json& e) {
    Json out{{"pipelineExecutionId", e["pipelineExecutionId"]},
             {"status", e["status"]},
             {"startTime", e["startTime"]},
             {"lastUpdateTime", e["lastUpdateTime"]},
             {"sourceRevisions", e["sourceRevisions"]},
             {"trigger", e["trigger"]},
             {"executionMode", e["executionMode"]}};
    if (e.contains("statusSummary")) out["statusSummary"] = e["statusSummary"];
    if (e.contains("stopTrigger")) out["stopTrigger"] = e["stopTrigger"];
    return out;
}

} // namespace

Result<Json> CodePipelineBackend::get_pipeline_state(const PipelineCall& call, const std::string& name) {
    const std::string account = call.caller.account();
    return cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
        auto record = authorized_pipeline(tx, call, "codepipeline:GetPipelineState", name);
        if (!record) return record.error();
        auto execs = executions_of(tx, scope(account, call.region), name);
        if (!execs) return execs.error();
        const Json& decl = (*record)["declaration"];
        Json stages = Json::array();
        for (std::size_t si = 0; si < decl["stages"].size(); ++si) {
            const Json& sdecl = decl["stages"][si];
            const std::string sname = str(sdecl, "name");
            Json state{{"stageName", sname}, {"actionStates", Json::array()}};
            const Json transition = (*record)["transitions"].value(sname, Json::object());
            if (si > 0) {
                state["inboundTransitionState"] = Json{{"enabled", transition.value("enabled", true)}};
                for (const char* k : {"lastChangedBy", "lastChangedAt", "disabledReason"}) {
                    if (transition.contains(k)) state["inboundTransitionState"][k] = transition[k];
                }
            }
            // The latest execution that entered the stage, and one waiting to enter it.
            const Json* latest = nullptr;
            for (auto it = execs->rbegin(); it != execs->rend(); ++it) {
                Json& e = *it;
                const Json* s = find_stage(e, sname);
                if (latest == nullptr && s != nullptr && !s->value("status", "").empty()) latest = &e;
                if (!state.contains("inboundExecution") && e.value("status", "") == "InProgress" &&
                    e.value("waiting", false) && e.value("stage", -1LL) == static_cast<long long>(si)) {
                    state["inboundExecution"] =
                        Json{{"pipelineExecutionId", e["pipelineExecutionId"]}, {"status", "InProgress"}};
                }
            }
            Json* stage_record = latest != nullptr ? find_stage(const_cast<Json&>(*latest), sname) : nullptr;
            if (stage_record != nullptr) {
                state["latestExecution"] = Json{{"pipelineExecutionId", (*latest)["pipelineExecutionId"]},
                                                {"status", (*stage_record)["status"]}};
            }
            for (const auto& adecl : sdecl["actions"]) {
                const std::string aname = str(adecl, "name");
                Json astate{{"actionName", aname}};
                if (stage_record != nullptr && (*stage_record)["actions"].contains(aname)) {
                    const Json& a = (*stage_record)["actions"][aname];
                    astate["latestExecution"] = public_action_execution(a);
                    if (a.contains("currentRevision")) astate["currentRevision"] = a["currentRevision"];
                }
                state["actionStates"].push_back(astate);
            }
            stages.push_back(state);
        }
        return Json{{"pipelineName", name},
                    {"pipelineVersion", decl["version"]},
                    {"stageStates", stages},
                    {"created", (*record)["metadata"]["created"]},
                    {"updated", (*record)["metadata"]["updated"]}};
    });
}

Result<std::string> CodePipelineBackend::start_execution(const std::string& account,
                                                         const std::string& region,
                                                         const std::string& pipeline, const Json& trigger) {
    const std::string id = random_uuid();
    auto r = cloud_.store.write<bool>([&](Tx& tx) -> Result<bool> {
        auto record = load_pipeline(tx, account, region, pipeline);
        if (!record) return record.error();
        auto seq = next_seq(*record);
        if (!seq) return seq.error();
        if (auto p = tx.put(scope(account, region), kPipelineKind, pipeline, *record); !p) return p.error();
        const Json exec = new_execution(id, *record, trigger, *seq);
        if (auto p = tx.put(scope(account, region), kExecutionKind, execution_key(pipeline, id), exec); !p)
            return p.error();
        if (auto p = mark(tx, kActiveKind, account, region, pipeline); !p) return p.error();
        return true;
    });
    if (!r) return r.error();
    schedule(account, region, pipeline);
    return id;
}

Result<Json> CodePipelineBackend::start_pipeline_execution(const PipelineCall& call, const Json& input) {
    const std::string account = call.caller.account();
    const std::string name = str(input, "name");
    auto allowed = cloud_.store.read<bool>([&](Tx& tx) -> Result<bool> {
        auto record = authorized_pipeline(tx, call, "codepipeline:StartPipelineExecution", name);
        if (!record) return record.error();
        return true;
    });
    if (!allowed) return allowed.error();
    auto id = start_execution(
        account, call.region, name,
        Json{{"triggerType", "StartPipelineExecution"}, {"triggerDetail", call.caller.arn()}});
    if (!id) return id.error();
    return Json{{"pipelineExecutionId", *id}};
}

Result<Json> CodePipelineBackend::stop_pipeline_execution(const PipelineCall& call, const Json& input) {
    const std::string account = call.caller.account();
    const std::string name = str(input, "pipelineName");
    const std::string id = str(input, "pipelineExecutionId");
    auto r = cloud_.store.write<bool>([&](Tx& tx) -> Result<bool> {
        if (auto record = authorized_pipeline(tx, call, "codepipeline:StopPipelineExecution", name); !record)
            return record.error();
        auto found = load_execution(tx, account, call.region, name, id);
        if (!found) return found.error();
        Json exec = std::move(*found);
        const std::string status = exec.value("status", "");
        if (status == "Stopping" && exec.contains("stop")) {
            if (!input.value("abandon", false) || exec["stop"].value("abandon", false)) {
                return cp_error("DuplicatedStopRequestException",
                                "Execution " + id +
                                    " is already being stopped; only an abandon can follow a stop");
            }
        } else if (status != "InProgress") {
            return cp_error("PipelineExecutionNotStoppableException",
                            "Unable to stop pipeline execution " + id + " as it is in " + status + " status");
        }
        exec["stop"] = Json{{"abandon", input.value("abandon", false)}, {"reason", str(input, "reason")}};
        exec["status"] = "Stopping";
        exec["stopTrigger"] = Json{{"reason", str(input, "reason")}};
        exec["lastUpdateTime"] = now_iso();
        if (auto p = tx.put(scope(account, call.region), kExecutionKind, execution_key(name, id), exec); !p)
            return p.error();
        return true;
    });
    if (!r) return r.error();
    schedule(account, call.region, name);
    return Json{{"pipelineExecutionId", id}};
}

Result<Json> CodePipelineBackend::get_pipeline_execution(const PipelineCall& call, const Json& input) {
    const std::string account = call.caller.account();
    const std::string name = str(input, "pipelineName");
    const std::string id = str(input, "pipelineExecutionId");
    return cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
        if (auto record = authorized_pipeline(tx, call, "codepipeline:GetPipelineExecution", name); !record)
            return record.error();
        auto found = load_execution(tx, account, call.region, name, id);
        if (!found) return found.error();
        const Json& e = *found;
        Json out{{"pipelineName", name},
                 {"pipelineVersion", e["pipelineVersion"]},
                 {"pipelineExecutionId", id},
                 {"status", e["status"]},
                 {"trigger", e["trigger"]},
                 {"executionMode", e["executionMode"]},
                 {"executionType", "STANDARD"},
                 {"artifactRevisions", e.value("artifactRevisions", Json::array())}};
        if (e.contains("statusSummary")) out["statusSummary"] = e["statusSummary"];
        return Json{{"pipelineExecution", out}};
    });
}

Result<Json> CodePipelineBackend::list_pipeline_executions(const PipelineCall& call, const Json& input) {
    const std::string account = call.caller.account();
    const std::string name = str(input, "pipelineName");
    const long long max = input.contains("maxResults")
                              ? std::clamp<long long>(input["maxResults"].get<long long>(), 1, 100)
                              : 100;
    const long long start = input.contains("nextToken") ? std::atoll(str(input, "nextToken").c_str()) : 0;
    return cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
        if (auto record = authorized_pipeline(tx, call, "codepipeline:ListPipelineExecutions", name); !record)
            return record.error();
        auto execs = executions_of(tx, scope(account, call.region), name);
        if (!execs) return execs.error();
        Json out = Json::array();
        Json result = Json::object();
        long long i = 0;
        for (auto it = execs->rbegin(); it != execs->rend(); ++it, ++i) {
            if (i < start) continue;
            if (i >= start + max) {
                result["nextToken"] = std::to_string(i);
                break;
            }
            out.push_back(summary_of(*it));
        }
        result["pipelineExecutionSummaries"] = out;
        return result;
    });
}

Result<Json> CodePipelineBackend::list_action_executions(const PipelineCall& call, const Json& input) {
    const std::string account = call.caller.account();
    const std::string name = str(input, "pipelineName");
    const std::string only = str(input.value("filter", Json::object()), "pipelineExecutionId");
    return cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
        if (auto record = authorized_pipeline(tx, call, "codepipeline:ListActionExecutions", name); !record)
            return record.error();
        auto execs = executions_of(tx, scope(account, call.region), name);
        if (!execs) return execs.error();
        if (!only.empty() && std::none_of(execs->begin(), execs->end(), [&](const Json& e) {
                return e.value("pipelineExecutionId", "") == only;
            })) {
            return execution_not_found(name, only);
        }
        Json out = Json::array();
        for (auto it = execs->rbegin(); it != execs->rend(); ++it) {
            const Json& e = *it;
            if (!only.empty() && e.value("pipelineExecutionId", "") != only) continue;
            for (const auto& s : e["stages"]) {
                for (const auto& [aname, a] : s["actions"].items()) {
                    Json d{{"pipelineExecutionId", e["pipelineExecutionId"]},
                           {"actionExecutionId", a["actionExecutionId"]},
                           {"pipelineVersion", e["pipelineVersion"]},
                           {"stageName", s["name"]},
                           {"actionName", aname},
                           {"status", a["status"]},
                           {"startTime", a.value("startTime", Json())},
                           {"lastUpdateTime", a.value("lastStatusChange", Json())},
                           {"input", a.value("input", Json::object())},
                           {"output", a.value("output", Json::object())}};
                    if (a.contains("lastUpdatedBy")) d["updatedBy"] = a["lastUpdatedBy"];
                    out.push_back(d);
                }
            }
        }
        return Json{{"actionExecutionDetails", out}};
    });
}

Result<Json> CodePipelineBackend::put_approval_result(const PipelineCall& call, const Json& input) {
    const std::string account = call.caller.account();
    const std::string name = str(input, "pipelineName");
    const std::string stage = str(input, "stageName");
    const std::string action = str(input, "actionName");
    const std::string token = str(input, "token");
    const Json result = input.value("result", Json::object());
    const std::string status = str(result, "status");
    if (status != "Approved" && status != "Rejected") {
        return validation(
            constraint_message("result.status", status, "satisfy enum value set: [Approved, Rejected]"));
    }
    const std::string resource = pipeline_arn(call.region, account, name) + "/" + stage + "/" + action;
    auto r = cloud_.store.write<Json>([&](Tx& tx) -> Result<Json> {
        auto record = authorized_pipeline(tx, call, "codepipeline:PutApprovalResult", name, resource);
        if (!record) return record.error();
        bool stage_found = false, action_found = false;
        for (const auto& s : (*record)["declaration"]["stages"]) {
            if (str(s, "name") != stage) continue;
            stage_found = true;
            for (const auto& a : s["actions"])
                action_found = action_found || str(a, "name") == action;
        }
        if (!stage_found) return stage_not_found(stage, name);
        if (!action_found)
            return cp_error("ActionNotFoundException",
                            "Action '" + action + "' not found in stage '" + stage + "'");
        auto execs = executions_of(tx, scope(account, call.region), name);
        if (!execs) return execs.error();
        for (Json& e : *execs) {
            Json* s = find_stage(e, stage);
            if (s == nullptr || !(*s)["actions"].contains(action)) continue;
            Json& a = (*s)["actions"][action];
            if (a.value("token", "") != token) continue;
            if (a.value("status", "") != "InProgress" || e.value("status", "") != "InProgress") {
                return cp_error("ApprovalAlreadyCompletedException",
                                "The approval action '" + action + "' has already completed");
            }
            const std::string t = now_iso();
            a["status"] = status == "Approved" ? "Succeeded" : "Failed";
            a["summary"] = str(result, "summary");
            a["lastStatusChange"] = t;
            a["lastUpdatedBy"] = call.caller.arn();
            a["output"] = Json{{"executionResult", {{"externalExecutionSummary", str(result, "summary")}}}};
            if (status == "Rejected") {
                a["errorDetails"] =
                    Json{{"code", "Rejected"}, {"message", "Rejected: " + str(result, "summary")}};
            }
            e["lastUpdateTime"] = t;
            if (auto p = tx.put(scope(account, call.region), kExecutionKind,
                                execution_key(name, e["pipelineExecutionId"].get<std::string>()), e);
                !p) {
                return p.error();
            }
            return Json{{"approvedAt", t}};
        }
        return cp_error("InvalidApprovalTokenException", "The approval token is not valid for action '" +
                                                             action + "' in stage '" + stage + "'");
    });
    if (!r) return r.error();
    schedule(account, call.region, name);
    return r;
}

Result<Json> CodePipelineBackend::retry_stage_execution(const PipelineCall& call, const Json& input) {
    const std::string account = call.caller.account();
    const std::string name = str(input, "pipelineName");
    const std::string stage = str(input, "stageName");
    const std::string id = str(input, "pipelineExecutionId");
    const std::string mode = str(input, "retryMode");
    if (mode != "FAILED_ACTIONS" && mode != "ALL_ACTIONS") {
        return validation(
            constraint_message("retryMode", mode, "satisfy enum value set: [FAILED_ACTIONS, ALL_ACTIONS]"));
    }
    auto r = cloud_.store.write<bool>([&](Tx& tx) -> Result<bool> {
        if (auto record = authorized_pipeline(tx, call, "codepipeline:RetryStageExecution", name); !record)
            return record.error();
        auto execs = executions_of(tx, scope(account, call.region), name);
        if (!execs) return execs.error();
        Json* target = nullptr;
        for (Json& e : *execs) {
            if (e.value("pipelineExecutionId", "") == id) target = &e;
        }
        if (target == nullptr) return execution_not_found(name, id);
        Json* s = find_stage(*target, stage);
        if (s == nullptr) return stage_not_found(stage, name);
        if (s->value("status", "") != "Failed" || target->value("status", "") != "Failed") {
            return cp_error("StageNotRetryableException",
                            "Stage '" + stage + "' of execution " + id + " has not failed");
        }
        for (auto it = execs->rbegin(); it != execs->rend(); ++it) {
            const Json* other = find_stage(*it, stage);
            if (other != nullptr && !other->value("status", "").empty()) {
                if ((*it).value("pipelineExecutionId", "") != id) {
                    return cp_error("NotLatestPipelineExecutionException",
                                    "Execution " + id + " is not the latest execution of stage '" + stage +
                                        "'");
                }
                break;
            }
        }
        Json kept = Json::object();
        for (const auto& [aname, a] : (*s)["actions"].items()) {
            if (mode == "FAILED_ACTIONS" && a.value("status", "") == "Succeeded") kept[aname] = a;
        }
        (*s)["actions"] = kept;
        (*s)["status"] = "InProgress";
        target->erase("statusSummary");
        (*target)["status"] = "InProgress";
        (*target)["lastUpdateTime"] = now_iso();
        if (auto p = tx.put(scope(account, call.region), kExecutionKind, execution_key(name, id), *target);
            !p)
            return p.error();
        if (auto p = mark(tx, kActiveKind, account, call.region, name); !p) return p.error();
        return true;
    });
    if (!r) return r.error();
    schedule(account, call.region, name);
    return Json{{"pipelineExecutionId", id}};
}

Result<void> CodePipelineBackend::set_stage_transition(const PipelineCall& call, const Json& input,
                                                       bool enabled) {
    const std::string account = call.caller.account();
    const std::string name = str(input, "pipelineName");
    const std::string stage = str(input, "stageName");
    const std::string type = str(input, "transitionType");
    if (type != "Inbound" && type != "Outbound") {
        return validation(
            constraint_message("transitionType", type, "satisfy enum value set: [Inbound, Outbound]"));
    }
    auto r = cloud_.store.write<bool>([&](Tx& tx) -> Result<bool> {
        auto record = authorized_pipeline(
            tx, call, enabled ? "codepipeline:EnableStageTransition" : "codepipeline:DisableStageTransition",
            name, pipeline_arn(call.region, account, name) + "/" + stage);
        if (!record) return record.error();
        const Json& stages = (*record)["declaration"]["stages"];
        std::size_t index = stages.size();
        for (std::size_t i = 0; i < stages.size(); ++i) {
            if (str(stages[i], "name") == stage) index = i;
        }
        if (index == stages.size()) return stage_not_found(stage, name);
        // An outbound transition of a stage is the inbound transition of the next one.
        if (type == "Outbound") {
            if (index + 1 == stages.size())
                return validation("The last stage '" + stage + "' has no outbound transition");
            ++index;
        }
        if (index == 0) return validation("The first stage '" + stage + "' has no inbound transition");
        Json t{{"enabled", enabled}, {"lastChangedBy", call.caller.arn()}, {"lastChangedAt", now_iso()}};
        if (!enabled) t["disabledReason"] = str(input, "reason");
        (*record)["transitions"][str(stages[index], "name")] = t;
        if (auto p = tx.put(scope(account, call.region), kPipelineKind, name, *record); !p) return p.error();
        return true;
    });
    if (!r) return r.error();
    schedule(account, call.region, name);
    return ok();
}

namespace {

/// The pipeline name of a pipeline ARN in this account and region; ResourceNotFoundException otherwise.
Result<std::string> pipeline_of_arn(const std::string& arn, const std::string& region,
                                    const std::string& account) {
    const std::string prefix = CodePipelineBackend::pipeline_arn(region, account, "");
    if (!strings::starts_with(arn, prefix) || arn.size() == prefix.size()) {
        return cp_error("ResourceNotFoundException",
                        "The resource with the ARN '" + arn + "' does not exist");
    }
    return arn.substr(prefix.size());
}

} // namespace

Result<Json> CodePipelineBackend::authorized_pipeline(Tx& tx, const PipelineCall& call,
                                                      const std::string& action, const std::string& name,
                                                      const std::string& resource) {
    const std::string account = call.caller.account();
    if (auto a = authorize(tx, call, action,
                           resource.empty() ? pipeline_arn(call.region, account, name) : resource);
        !a) {
        return a.error();
    }
    return load_pipeline(tx, account, call.region, name);
}

Result<Json> CodePipelineBackend::load_execution(Tx& tx, const std::string& account,
                                                 const std::string& region, const std::string& name,
                                                 const std::string& id) {
    auto found = tx.get(scope(account, region), kExecutionKind, execution_key(name, id));
    if (!found) return found.error();
    if (!found->has_value()) return execution_not_found(name, id);
    return std::move(**found);
}

Result<Json> CodePipelineBackend::tagged_pipeline(Tx& tx, const PipelineCall& call, const std::string& action,
                                                  const std::string& name, const std::string& arn) {
    if (auto a = authorize(tx, call, action, arn); !a) return a.error();
    auto record = load_pipeline(tx, call.caller.account(), call.region, name);
    if (!record)
        return cp_error("ResourceNotFoundException",
                        "The resource with the ARN '" + arn + "' does not exist");
    return record;
}

Result<void> CodePipelineBackend::change_tags(const PipelineCall& call, const Json& input,
                                              const std::string& action,
                                              const std::function<Result<void>(Json& tags)>& change) {
    const std::string account = call.caller.account();
    auto name = pipeline_of_arn(str(input, "resourceArn"), call.region, account);
    if (!name) return name.error();
    auto r = cloud_.store.write<bool>([&](Tx& tx) -> Result<bool> {
        auto record = tagged_pipeline(tx, call, action, *name, str(input, "resourceArn"));
        if (!record) return record.error();
        if (auto c = change((*record)["tags"]); !c) return c.error();
        if (auto p = tx.put(scope(account, call.region), kPipelineKind, *name, *record); !p) return p.error();
        return true;
    });
    if (!r) return r.error();
    return ok();
}

Result<void> CodePipelineBackend::tag_resource(const PipelineCall& call, const Json& input) {
    return change_tags(call, input, "codepipeline:TagResource", [&](Json& tags) -> Result<void> {
        for (const auto& t : input.value("tags", Json::array())) {
            if (strings::starts_with(str(t, "key"), "aws:"))
                return cp_error("InvalidTagsException", "Tag keys cannot start with 'aws:'");
            bool replaced = false;
            for (auto& existing : tags) {
                if (str(existing, "key") == str(t, "key")) {
                    existing = t;
                    replaced = true;
                }
            }
            if (!replaced) tags.push_back(t);
        }
        if (tags.size() > 50) return cp_error("TooManyTagsException", "A resource can have at most 50 tags");
        return ok();
    });
}

Result<void> CodePipelineBackend::untag_resource(const PipelineCall& call, const Json& input) {
    return change_tags(call, input, "codepipeline:UntagResource", [&](Json& tags) -> Result<void> {
        Json kept = Json::array();
        for (const auto& t : tags) {
            bool drop = false;
            for (const auto& k : input.value("tagKeys", Json::array()))
                drop = drop || (k.is_string() && k.get<std::string>() == str(t, "key"));
            if (!drop) kept.push_back(t);
        }
        tags = kept;
        return ok();
    });
}

Result<Json> CodePipelineBackend::list_tags_for_resource(const PipelineCall& call, const Json& input) {
    const std::string account = call.caller.account();
    auto name = pipeline_of_arn(str(input, "resourceArn"), call.region, account);
    if (!name) return name.error();
    return cloud_.store.read<Json>([&](Tx& tx) -> Result<Json> {
        auto record =
            tagged_pipeline(tx, call, "codepipeline:ListTagsForResource", *name, str(input, "resourceArn"));
        if (!record) return record.error();
        return Json{{"tags", (*record)["tags"]}};
    });
}

} // namespace cdk::localcloud::codepipeline

#include "aws/protocol/values.hpp"
#include "localcloud/cloudformation/stack_engine.hpp"
#include "localcloud/codepipeline/codepipeline_backend.hpp"
#include "localcloud/codepipeline/pipeline_records.hpp"
#include "localcloud/codepipeline/pipeline_structure.hpp"
#include "localcloud/codepipeline/pipeline_webhooks.hpp"
#include "localcloud/repos/watcher.hpp"
#include "localcloud/state/ids.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace cdk::localcloud::codepipeline {

using namespace records;

namespace {

/// A positive integer from the environment, `fallback` when unset or not one.
long env_int(const char* name, long fallback) {
    const char* text = std::getenv(name);
    if (text == nullptr) return fallback;
    char* end = nullptr;
    const long v = std::strtol(text, &end, 10);
    return end != text && *end == '\0' && v > 0 ? v : fallback;
}

/// `$CDKPP_LOCALCLOUD_CODEPIPELINE_TIMEOUT_SCALE`: every action timeout (and the sweep that enforces them)
/// times this factor, so a test can see an 8-hour build limit in seconds; 1 when unset or not a positive
/// number.
double timeout_scale() {
    static const double scale = [] {
        const char* text = std::getenv("CDKPP_LOCALCLOUD_CODEPIPELINE_TIMEOUT_SCALE");
        if (text == nullptr) return 1.0;
        char* end = nullptr;
        const double v = std::strtod(text, &end);
        return end != text && *end == '\0' && v > 0 ? v : 1.0;
    }();
    return scale;
}

/// "7 days", "8 hours", "90 minutes".
std::string duration_text(long long seconds) {
    auto unit = [](long long n, const char* one) {
        return std::to_string(n) + " " + one + (n == 1 ? "" : "s");
    };
    if (seconds % 86400 == 0) return unit(seconds / 86400, "day");
    if (seconds % 3600 == 0) return unit(seconds / 3600, "hour");
    return unit(seconds / 60, "minute");
}

/// How long an action may stay InProgress before it fails, as CodePipeline's quotas give it ("Length of time
/// before an action times out"): a manual approval 7 days or its declaration's timeoutInMinutes, a
/// CloudFormation deploy action 3 days, a CodeBuild build or test action 8 hours, every other action (the
/// sources) 1 hour.
long long timeout_seconds(const Json& action) {
    auto kind = action_kind(action);
    if (!kind) return 3600;
    switch (*kind) {
    case ActionKind::ManualApproval:
        return action.contains("timeoutInMinutes") && action["timeoutInMinutes"].is_number_integer()
                   ? action["timeoutInMinutes"].get<long long>() * 60
                   : 7 * 86400;
    case ActionKind::CloudFormation: return 3 * 86400;
    case ActionKind::CodeBuild: return 8 * 3600;
    default: return 3600;
    }
}

/// The timeout of `action` as the engine enforces it (scaled).
std::chrono::milliseconds scaled_timeout(const Json& action) {
    return std::chrono::milliseconds(
        static_cast<long long>(static_cast<double>(timeout_seconds(action)) * 1000.0 * timeout_scale()));
}

/// A record's ISO-8601 time (to the millisecond); now when it is missing or malformed (nothing times out on
/// it).
std::chrono::system_clock::time_point parse_time(const std::string& iso) {
    const auto seconds = aws::protocol::parse_timestamp(iso);
    if (!seconds) return std::chrono::system_clock::now();
    return std::chrono::system_clock::time_point(
        std::chrono::milliseconds(static_cast<long long>(std::llround(*seconds * 1000))));
}

bool is_approval(const Json& action) {
    auto kind = action_kind(action);
    return kind && *kind == ActionKind::ManualApproval;
}

/// Ends an execution: its status, a summary, the stage it stopped in.
void finish(Json& exec, const std::string& status, const std::string& summary) {
    exec["status"] = status;
    if (!summary.empty()) exec["statusSummary"] = summary;
    exec["waiting"] = false;
    exec["lastUpdateTime"] = now_iso();
}

/// One pass over the executions of a pipeline, oldest first: the decisions of the engine's state machine
/// (docs/localcloud-codepipeline.md).
class Advance {
public:
    Advance(const Json& record, std::vector<Json>& execs, const std::string& account,
            const std::string& region)
        : record_(record), execs_(execs), account_(account), region_(region) {}

    std::vector<ActionLaunch> run() {
        for (std::size_t i = 0; i < execs_.size(); ++i) {
            Json& e = execs_[i];
            if (is_terminal(e.value("status", ""))) continue;
            step(i);
        }
        supersede_waiting();
        return std::move(launches_);
    }

private:
    const std::string mode() const { return record_["declaration"].value("executionMode", "SUPERSEDED"); }

    /// The execution (other than `self`) that occupies stage `index` (in it, not waiting to enter).
    bool occupied(std::size_t self, long long index) const {
        for (std::size_t j = 0; j < execs_.size(); ++j) {
            const Json& o = execs_[j];
            if (j == self || is_terminal(o.value("status", ""))) continue;
            if (o.value("stage", -1LL) == index && !o.value("waiting", false)) return true;
        }
        return false;
    }

    void step(std::size_t i) {
        Json& e = execs_[i];
        const Json& decl = e["declaration"];
        if (e.contains("stop")) {
            stop(e);
            return;
        }
        for (int guard = 0; guard < 200; ++guard) {
            long long index = e.value("stage", -1LL);
            if (index < 0 || e.value("waiting", false) ||
                e["stages"][index].value("status", "") == "Succeeded") {
                const long long next = index < 0 ? 0 : (e.value("waiting", false) ? index : index + 1);
                if (next >= static_cast<long long>(decl["stages"].size())) {
                    finish(e, "Succeeded", "");
                    return;
                }
                const std::string sname = decl["stages"][next].value("name", "");
                const Json transition = record_["transitions"].value(sname, Json::object());
                const bool held = next > 0 && !transition.value("enabled", true);
                const bool busy = mode() != "PARALLEL" && occupied(i, next);
                e["stage"] = next;
                if (held || busy) {
                    if (!e.value("waiting", false)) e["lastUpdateTime"] = now_iso();
                    e["waiting"] = true;
                    return;
                }
                e["waiting"] = false;
                Json& s = e["stages"][next];
                s["status"] = "InProgress";
                s["actions"] = Json::object();
                e["lastUpdateTime"] = now_iso();
                index = next;
            }
            Json& s = e["stages"][index];
            if (s.value("status", "") != "InProgress") return;
            if (!run_stage(e, decl["stages"][index], s)) return;
            // The pipeline was updated while this stage ran (its own self-mutation): the stage ends Failed
            // once its actions are done and the execution goes no further; the new version runs in a new
            // execution (RestartExecutionOnUpdate), as on AWS.
            if (e.contains("outdatedBy")) {
                s["status"] = "Failed";
                finish(e, "Failed",
                       "The pipeline was updated to version " + e["outdatedBy"].dump() + " while stage " +
                           s.value("name", "") + " ran; this execution of version " +
                           e.value("pipelineVersion", Json(1)).dump() + " stops here");
                return;
            }
        }
    }

    /// Starts or checks the actions of a stage; returns true when the stage has just succeeded.
    bool run_stage(Json& e, const Json& sdecl, Json& s) {
        // Run orders in ascending order; the lowest with an action not yet succeeded is the current one.
        std::vector<int> orders;
        for (const auto& a : sdecl["actions"])
            orders.push_back(run_order(a));
        std::sort(orders.begin(), orders.end());
        orders.erase(std::unique(orders.begin(), orders.end()), orders.end());
        for (const auto& [aname, a] : s["actions"].items()) {
            if (a.value("status", "") == "Failed") {
                s["status"] = "Failed";
                finish(
                    e, "Failed",
                    a.value("errorDetails", Json::object()).value("message", "Action " + aname + " failed"));
                return false;
            }
        }
        for (int order : orders) {
            bool all_done = true;
            for (const auto& adecl : sdecl["actions"]) {
                if (run_order(adecl) != order) continue;
                const std::string aname = adecl.value("name", "");
                if (!s["actions"].contains(aname)) {
                    start_action(e, s, adecl);
                    all_done = false;
                    continue;
                }
                Json& a = s["actions"][aname];
                if (a.value("status", "") == "InProgress" &&
                    std::chrono::system_clock::now() - parse_time(a.value("startTime", "")) >
                        scaled_timeout(adecl)) {
                    // What is still running goes on, but its end is not recorded (the action is no longer
                    // InProgress).
                    const std::string limit = duration_text(timeout_seconds(adecl));
                    a["status"] = "Failed";
                    a["lastStatusChange"] = now_iso();
                    a["errorDetails"] =
                        Json{{"code", "TimeoutError"},
                             {"message", is_approval(adecl)
                                             ? "The approval was not given within " + limit
                                             : "The action did not complete within " + limit +
                                                   ", CodePipeline's timeout for this action type"}};
                    s["status"] = "Failed";
                    finish(e, "Failed",
                           (is_approval(adecl) ? "Approval " : "Action ") + aname + " timed out");
                    return false;
                }
                if (a.value("status", "") != "Succeeded") all_done = false;
            }
            if (!all_done) return false;
        }
        s["status"] = "Succeeded";
        return true;
    }

    void start_action(Json& e, Json& s, const Json& adecl) {
        const std::string aname = adecl.value("name", "");
        const std::string t = now_iso();
        Json a{{"actionExecutionId", random_uuid()},
               {"status", "InProgress"},
               {"startTime", t},
               {"lastStatusChange", t}};
        a["input"] = Json{{"actionTypeId", adecl["actionTypeId"]},
                          {"configuration", adecl.value("configuration", Json::object())},
                          {"inputArtifacts", Json::array()}};
        if (adecl.contains("roleArn")) a["input"]["roleArn"] = adecl["roleArn"];
        if (adecl.contains("namespace")) a["input"]["namespace"] = adecl["namespace"];
        a["input"]["region"] = adecl.value("region", region_);
        for (const auto& in : adecl["inputArtifacts"]) {
            const std::string n = in.value("name", "");
            Json detail{{"name", n}};
            if (e["artifacts"].contains(n)) detail["s3location"] = e["artifacts"][n];
            a["input"]["inputArtifacts"].push_back(detail);
        }
        if (is_approval(adecl)) {
            a["token"] = random_uuid(); // waits for PutApprovalResult
            // NotificationArn: the message goes out after this transaction commits (SNS writes the store
            // itself); recorded Pending first, so a restart before it is sent sends it then.
            const std::string topic = str(adecl.value("configuration", Json::object()), "NotificationArn");
            if (!topic.empty()) {
                a["notification"] = Json{{"status", "Pending"}, {"topic", topic}};
                ActionLaunch n{account_,
                               region_,
                               e["pipelineName"].get<std::string>(),
                               e["pipelineExecutionId"].get<std::string>(),
                               s["name"].get<std::string>(),
                               aname,
                               a["actionExecutionId"].get<std::string>()};
                n.notify = true;
                launches_.push_back(std::move(n));
            }
        } else {
            launches_.push_back(ActionLaunch{account_, region_, e["pipelineName"].get<std::string>(),
                                             e["pipelineExecutionId"].get<std::string>(),
                                             s["name"].get<std::string>(), aname,
                                             a["actionExecutionId"].get<std::string>()});
        }
        s["actions"][aname] = a;
        e["lastUpdateTime"] = t;
    }

    /// StopPipelineExecution: a stop lets running actions finish (Stopping) and starts nothing new; an
    /// abandon ends them Abandoned at once.
    static void stop(Json& e) {
        const bool abandon = e["stop"].value("abandon", false);
        bool running = false;
        for (auto& s : e["stages"]) {
            for (auto& [aname, a] : s["actions"].items()) {
                if (a.value("status", "") != "InProgress") continue;
                if (abandon || a.contains("token")) {
                    a["status"] = "Abandoned";
                    a["lastStatusChange"] = now_iso();
                } else {
                    running = true;
                }
            }
        }
        if (running) {
            e["status"] = "Stopping";
            return;
        }
        for (auto& s : e["stages"]) {
            if (s.value("status", "") == "InProgress") s["status"] = "Stopped";
        }
        finish(e, "Stopped", e["stop"].value("reason", ""));
    }

    /// V1 SUPERSEDED: of the executions waiting to enter a stage, only the newest goes on; the older ones end
    /// Superseded (QUEUED keeps them in order, PARALLEL never waits for an occupied stage).
    void supersede_waiting() {
        if (mode() != "SUPERSEDED") return;
        std::map<long long, std::size_t> newest;
        for (std::size_t i = 0; i < execs_.size(); ++i) {
            const Json& e = execs_[i];
            if (e.value("status", "") != "InProgress" || !e.value("waiting", false)) continue;
            const long long stage = e.value("stage", -1LL);
            const auto it = newest.find(stage);
            if (it == newest.end()) {
                newest[stage] = i;
                continue;
            }
            std::size_t older = it->second;
            if (execs_[older].value("seq", 0LL) > e.value("seq", 0LL))
                older = i;
            else
                it->second = i;
            finish(execs_[older], "Superseded",
                   "Superseded by a newer execution waiting to enter the same stage");
        }
    }

    const Json& record_;
    std::vector<Json>& execs_;
    const std::string& account_;
    const std::string& region_;
    std::vector<ActionLaunch> launches_;
};

/// In one write transaction: the execution record of a launched action and that action's state, handed to
/// `change` only while the action is still this launch (not a retry's); stored again when `change` returns
/// true.
template <typename Change> void update_launched_action(Store& store, const ActionLaunch& l, Change&& change) {
    (void)store.write<bool>([&](Tx& tx) -> Result<bool> {
        const std::string key = execution_key(l.pipeline, l.execution_id);
        auto found = tx.get(scope(l.account, l.region), kExecutionKind, key);
        if (!found) return found.error();
        if (!found->has_value()) return false;
        Json e = std::move(**found);
        Json* s = find_stage(e, l.stage);
        if (s == nullptr || !(*s)["actions"].contains(l.action)) return false;
        Json& a = (*s)["actions"][l.action];
        if (a.value("actionExecutionId", "") != l.action_execution_id) return false; // a retry's launch
        auto changed = change(tx, e, a);
        if (!changed || !*changed) return changed;
        if (auto p = tx.put(scope(l.account, l.region), kExecutionKind, key, e); !p) return p.error();
        return true;
    });
}

} // namespace

void CodePipelineBackend::schedule(const std::string& account, const std::string& region,
                                   const std::string& pipeline) {
    {
        std::lock_guard lock(mutex_);
        pending_.insert(pipeline_key(account, region, pipeline));
    }
    wake_.notify_all();
}

Result<std::vector<ActionLaunch>> CodePipelineBackend::advance(const std::string& account,
                                                               const std::string& region,
                                                               const std::string& pipeline) {
    return cloud_.store.write<std::vector<ActionLaunch>>([&](Tx& tx) -> Result<std::vector<ActionLaunch>> {
        auto record = tx.get(scope(account, region), kPipelineKind, pipeline);
        if (!record) return record.error();
        if (!record->has_value()) {
            if (auto e = tx.erase(Scope{"", ""}, kActiveKind, pipeline_key(account, region, pipeline)); !e)
                return e.error();
            return std::vector<ActionLaunch>{};
        }
        auto rows = tx.list(scope(account, region), kExecutionKind, pipeline + "/");
        if (!rows) return rows.error();
        std::vector<Json> execs;
        std::vector<std::string> before;
        for (auto& [k, v] : *rows) {
            if (is_terminal(v.value("status", ""))) continue;
            before.push_back(v.dump());
            execs.push_back(std::move(v));
        }
        std::sort(execs.begin(), execs.end(),
                  [](const Json& a, const Json& b) { return a.value("seq", 0LL) < b.value("seq", 0LL); });
        auto launches = Advance(**record, execs, account, region).run();
        bool active = false;
        for (const Json& e : execs) {
            active = active || !is_terminal(e.value("status", ""));
            if (std::find(before.begin(), before.end(), e.dump()) != before.end()) continue;
            if (auto p = tx.put(scope(account, region), kExecutionKind,
                                execution_key(pipeline, e["pipelineExecutionId"].get<std::string>()), e);
                !p) {
                return p.error();
            }
        }
        if (!active) {
            if (auto e = tx.erase(Scope{"", ""}, kActiveKind, pipeline_key(account, region, pipeline)); !e)
                return e.error();
        }
        return launches;
    });
}

void CodePipelineBackend::drive() {
    auto last_sweep = std::chrono::steady_clock::now();
    auto last_poll = last_sweep;
    const auto poll_every = std::chrono::milliseconds(env_int("CDKPP_LOCALCLOUD_S3_POLL_MS", 1000));
    const auto sweep_every = std::chrono::milliseconds(
        std::clamp(static_cast<long long>(60'000 * timeout_scale()), 100LL, 60'000LL));
    while (true) {
        std::set<std::string> work;
        {
            std::unique_lock lock(mutex_);
            wake_.wait_for(
                lock, std::min<std::chrono::milliseconds>({poll_every, sweep_every, std::chrono::seconds(1)}),
                [&] { return stopping_ || !pending_.empty(); });
            if (stopping_) return;
            work.swap(pending_);
        }
        // Every minute (scaled with the timeouts), every pipeline with executions in progress (action
        // timeouts).
        if (std::chrono::steady_clock::now() - last_sweep > sweep_every) {
            last_sweep = std::chrono::steady_clock::now();
            auto active = cloud_.store.read<std::vector<std::pair<std::string, Json>>>([&](Tx& tx) {
                return tx.list(Scope{"", ""}, kActiveKind);
            });
            if (active) {
                for (const auto& [k, v] : *active)
                    work.insert(k);
            }
        }
        if (std::chrono::steady_clock::now() - last_poll >= poll_every) {
            last_poll = std::chrono::steady_clock::now();
            poll_s3_sources();
            // Not at once: the services registered after CodePipeline (CloudFormation) are in place by now.
            std::vector<ActionLaunch> recovered;
            {
                std::lock_guard lock(mutex_);
                recovered.swap(recovered_notifications_);
            }
            for (const ActionLaunch& l : recovered) {
                pool_submit([this, l] { launch(l); });
            }
        }
        for (const std::string& key : work) {
            const auto a = key.find('/');
            const auto b = key.find('/', a + 1);
            if (a == std::string::npos || b == std::string::npos) continue;
            auto launches = advance(key.substr(0, a), key.substr(a + 1, b - a - 1), key.substr(b + 1));
            if (!launches) continue;
            for (const ActionLaunch& l : *launches) {
                pool_submit([this, l] { launch(l); });
            }
        }
    }
}

void CodePipelineBackend::recover() {
    auto active = cloud_.store.read<std::vector<std::pair<std::string, Json>>>([&](Tx& tx) {
        return tx.list(Scope{"", ""}, kActiveKind);
    });
    if (!active) return;
    for (const auto& [key, index] : *active) {
        const std::string account = index.value("account", "");
        const std::string region = index.value("region", "");
        const std::string pipeline = index.value("pipeline", "");
        (void)cloud_.store.write<bool>([&](Tx& tx) -> Result<bool> {
            auto rows = tx.list(scope(account, region), kExecutionKind, pipeline + "/");
            if (!rows) return rows.error();
            for (auto& [k, e] : *rows) {
                if (is_terminal(e.value("status", ""))) continue;
                bool changed = false;
                for (auto& s : e["stages"]) {
                    for (auto& [aname, a] : s["actions"].items()) {
                        if (a.value("status", "") == "InProgress" && a.contains("token") &&
                            a.value("notification", Json::object()).value("status", "") == "Pending") {
                            ActionLaunch n{account,
                                           region,
                                           pipeline,
                                           e.value("pipelineExecutionId", ""),
                                           s.value("name", ""),
                                           aname,
                                           a.value("actionExecutionId", "")};
                            n.notify = true;
                            recovered_notifications_.push_back(std::move(n));
                        }
                        if (a.value("status", "") != "InProgress" || a.contains("token")) continue;
                        a["status"] = "Failed";
                        a["lastStatusChange"] = now_iso();
                        a["errorDetails"] =
                            Json{{"code", "JobFailed"},
                                 {"message", "localcloud stopped while the action was running; "
                                             "retry the stage (RetryStageExecution) or start the "
                                             "pipeline again"}};
                        changed = true;
                    }
                }
                if (changed) {
                    if (auto p = tx.put(scope(account, region), kExecutionKind, k, e); !p) return p.error();
                }
            }
            return true;
        });
        pending_.insert(key);
    }
}

void CodePipelineBackend::unwatch(const std::string& key) {
    std::vector<std::uint64_t> ids;
    {
        std::lock_guard lock(mutex_);
        const auto it = subscriptions_.find(key);
        if (it == subscriptions_.end()) return;
        ids = std::move(it->second);
        subscriptions_.erase(it);
    }
    for (auto id : ids)
        watcher_->unsubscribe(id);
}

void CodePipelineBackend::watch_sources(const std::string& account, const std::string& region,
                                        const Json& record) {
    const Json& decl = record["declaration"];
    const std::string pipeline = decl.value("name", "");
    const std::string key = pipeline_key(account, region, pipeline);
    unwatch(key);
    std::vector<std::uint64_t> ids;
    for (const auto& action : decl["stages"][0]["actions"]) {
        auto kind = action_kind(action);
        if (!kind) continue;
        const Json config = action.value("configuration", Json::object());
        std::string repo, branch;
        if (*kind == ActionKind::GitHubSource) {
            repo = str(config, "Owner") + "/" + str(config, "Repo");
            branch = str(config, "Branch");
        } else if (*kind == ActionKind::ConnectionSource && str(config, "DetectChanges") != "false") {
            repo = str(config, "FullRepositoryId");
            branch = str(config, "BranchName");
        } else {
            continue;
        }
        const std::string aname = action.value("name", "");
        std::optional<std::string> since;
        if (record["sourceHeads"].contains(aname)) since = record["sourceHeads"][aname].get<std::string>();
        const bool github = *kind == ActionKind::GitHubSource;
        auto id = watcher_->subscribe(
            repo, branch,
            [this, account, region, pipeline, github, repo, branch, aname,
             config](const std::string& commit) {
                // One new head, one execution: a GitHub source's webhook (AWS::CodePipeline::Webhook) is
                // named as the trigger when its filters admit the push; the watcher is what sees the push
                // either way.
                Json trigger{{"triggerType", github ? "Webhook" : "CloudWatchEvent"},
                             {"triggerDetail", repo + "@" + commit}};
                if (github) {
                    if (auto hook =
                            webhooks::matching_webhook(cloud_, account, region, pipeline, aname, config,
                                                       webhooks::push_event(repo, branch, commit))) {
                        trigger["triggerDetail"] = (*hook)["arn"];
                    }
                }
                (void)start_execution(account, region, pipeline, trigger);
            },
            since);
        if (id) ids.push_back(*id);
    }
    std::lock_guard lock(mutex_);
    subscriptions_[key] = std::move(ids);
}

void CodePipelineBackend::complete_action(const ActionLaunch& l, const Json& result) {
    update_launched_action(cloud_.store, l, [&](Tx& tx, Json& e, Json& a) -> Result<bool> {
        if (a.value("status", "") != "InProgress") return false; // abandoned
        const std::string t = now_iso();
        a["status"] = result.value("status", "Failed");
        a["lastStatusChange"] = t;
        for (const char* k :
             {"summary", "errorDetails", "externalExecutionId", "externalExecutionUrl", "currentRevision"}) {
            if (result.contains(k)) a[k] = result[k];
        }
        if (result.contains("resolvedConfiguration"))
            a["input"]["resolvedConfiguration"] = result["resolvedConfiguration"];
        Json output = Json::object();
        output["outputArtifacts"] = Json::array();
        const Json produced = result.contains("artifacts") ? result["artifacts"] : Json::object();
        for (const auto& [name, loc] : produced.items()) {
            e["artifacts"][name] = loc;
            output["outputArtifacts"].push_back(Json{{"name", name}, {"s3location", loc}});
        }
        if (result.contains("variables")) {
            output["outputVariables"] = result["variables"];
            const std::string ns = a["input"].value("namespace", "");
            if (!ns.empty()) e["variables"][ns] = result["variables"];
        }
        output["executionResult"] = Json{{"externalExecutionSummary", result.value("summary", "")}};
        if (result.contains("externalExecutionId"))
            output["executionResult"]["externalExecutionId"] = result["externalExecutionId"];
        a["output"] = output;
        if (result.contains("sourceRevision")) e["sourceRevisions"].push_back(result["sourceRevision"]);
        if (result.contains("artifactRevision")) {
            if (!e.contains("artifactRevisions")) e["artifactRevisions"] = Json::array();
            e["artifactRevisions"].push_back(result["artifactRevision"]);
        }
        e["lastUpdateTime"] = t;
        // The source head a pipeline has handled: where its watcher resumes after a restart.
        if (result.contains("sourceHead")) {
            auto record = tx.get(scope(l.account, l.region), kPipelineKind, l.pipeline);
            if (record && record->has_value()) {
                Json r = std::move(**record);
                r["sourceHeads"][l.action] = result["sourceHead"];
                if (auto p = tx.put(scope(l.account, l.region), kPipelineKind, l.pipeline, r); !p)
                    return p.error();
            }
        }
        return true;
    });
    schedule(l.account, l.region, l.pipeline);
}

void CodePipelineBackend::complete_notification(const ActionLaunch& l, const Json& outcome) {
    update_launched_action(cloud_.store, l, [&](Tx&, Json& e, Json& a) -> Result<bool> {
        const std::string t = now_iso();
        Json& n = a["notification"];
        n["lastUpdate"] = t;
        if (outcome.contains("errorDetails")) {
            n["status"] = "Failed";
            n["error"] = outcome["errorDetails"];
            // The approval cannot be announced: it fails (the execution with it), unless it already ended.
            if (a.value("status", "") == "InProgress" && !is_terminal(e.value("status", ""))) {
                a["status"] = "Failed";
                a["lastStatusChange"] = t;
                a["errorDetails"] = outcome["errorDetails"];
                e["lastUpdateTime"] = t;
            }
        } else {
            n["status"] = "Sent";
            n["messageId"] = outcome.value("messageId", "");
        }
        return true;
    });
    schedule(l.account, l.region, l.pipeline);
}

} // namespace cdk::localcloud::codepipeline

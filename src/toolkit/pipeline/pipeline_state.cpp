#include "toolkit/pipeline/pipeline_state.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>

namespace cdk::toolkit::pipeline {
namespace {

std::string text(const Json& j, const char* key) {
    if (!j.is_object()) return "";
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

} // namespace

std::optional<double> parse_timestamp(const std::string& iso) {
    int y = 0;
    int mo = 0;
    int d = 0;
    int h = 0;
    int mi = 0;
    double s = 0;
    int consumed = 0;
    if (std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d:%lf%n", &y, &mo, &d, &h, &mi, &s, &consumed) != 6) {
        return std::nullopt;
    }
    std::tm tm{};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    double epoch = static_cast<double>(timegm(&tm)) + s;
    const std::string zone = iso.substr(static_cast<std::size_t>(consumed));
    int zh = 0;
    int zm = 0;
    if (zone.size() >= 6 && (zone[0] == '+' || zone[0] == '-') &&
        std::sscanf(zone.c_str() + 1, "%2d:%2d", &zh, &zm) == 2) {
        const double offset = zh * 3600.0 + zm * 60.0;
        epoch += zone[0] == '+' ? -offset : offset;
    }
    return epoch;
}

double seconds_between(const std::string& from, const std::string& to) {
    const auto a = parse_timestamp(from);
    const auto b = parse_timestamp(to);
    if (!a || !b || *b < *a) return -1;
    return *b - *a;
}

std::string now_iso8601() {
    const auto now = std::chrono::system_clock::now();
    const auto secs = std::chrono::system_clock::to_time_t(now);
    const auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(millis));
    return buf;
}

const StageState* PipelineStatus::stage(const std::string& stage_name) const {
    for (const auto& s : stages) {
        if (s.name == stage_name) return &s;
    }
    return nullptr;
}

std::vector<std::string> PipelineStatus::waiting_stages() const {
    std::vector<std::string> out;
    for (const auto& s : stages) {
        for (const auto& a : s.actions) {
            if (a.waiting_for_approval()) {
                out.push_back(s.name);
                break;
            }
        }
    }
    return out;
}

ExecutionSummary execution_from(const Json& summary, const std::string& now) {
    ExecutionSummary e;
    e.id = text(summary, "pipelineExecutionId");
    e.status = text(summary, "status");
    e.summary = text(summary, "statusSummary");
    if (summary.contains("trigger")) e.trigger = text(summary["trigger"], "triggerType");
    e.start_time = text(summary, "startTime");
    e.last_update = text(summary, "lastUpdateTime");
    const bool running = e.status == "InProgress" || e.status == "Stopping";
    e.seconds = seconds_between(e.start_time, running ? now : e.last_update);
    // ListPipelineExecutions: sourceRevisions; GetPipelineExecution: artifactRevisions.
    for (const auto& r : summary.value("sourceRevisions", Json::array())) {
        e.revisions.push_back({text(r, "actionName"), text(r, "revisionId"), text(r, "revisionSummary"),
                               text(r, "revisionUrl")});
    }
    if (e.revisions.empty()) {
        for (const auto& r : summary.value("artifactRevisions", Json::array())) {
            e.revisions.push_back(
                {text(r, "name"), text(r, "revisionId"), text(r, "revisionSummary"), text(r, "revisionUrl")});
        }
    }
    return e;
}

PipelineStatus status_from(const Json& declaration, const Json& state, const Json& execution,
                           const Json& action_executions, const std::string& now) {
    PipelineStatus out;
    out.name = text(state, "pipelineName");
    if (out.name.empty()) out.name = text(declaration, "name");
    out.version = state.value("pipelineVersion", declaration.value("version", 0));
    if (execution.is_object() && !execution.empty()) out.execution = execution_from(execution, now);

    // Durations by action execution id.
    std::map<std::string, const Json*> details;
    for (const auto& d : action_executions)
        details[text(d, "actionExecutionId")] = &d;

    // Pointers into `state` itself (never into copies made by value()).
    static const Json kEmpty = Json::array();
    const Json& stage_list = state.contains("stageStates") ? state["stageStates"] : kEmpty;
    std::map<std::string, const Json*> stage_states;
    for (const auto& s : stage_list)
        stage_states[text(s, "stageName")] = &s;

    for (const auto& sd : declaration.value("stages", Json::array())) {
        StageState stage;
        stage.name = text(sd, "name");
        const Json* st = stage_states.count(stage.name) != 0 ? stage_states[stage.name] : nullptr;
        std::map<std::string, const Json*> action_states;
        if (st != nullptr) {
            if (st->contains("latestExecution")) {
                stage.status = text((*st)["latestExecution"], "status");
                stage.execution_id = text((*st)["latestExecution"], "pipelineExecutionId");
            }
            if (st->contains("inboundTransitionState")) {
                stage.inbound_enabled = (*st)["inboundTransitionState"].value("enabled", true);
                stage.disabled_reason = text((*st)["inboundTransitionState"], "disabledReason");
            }
            if (st->contains("inboundExecution")) {
                stage.inbound_execution_id = text((*st)["inboundExecution"], "pipelineExecutionId");
            }
            if (st->contains("actionStates")) {
                for (const auto& a : (*st)["actionStates"])
                    action_states[text(a, "actionName")] = &a;
            }
        }
        for (const auto& ad : sd.value("actions", Json::array())) {
            ActionState a;
            a.name = text(ad, "name");
            a.category = text(ad.value("actionTypeId", Json::object()), "category");
            a.provider = text(ad.value("actionTypeId", Json::object()), "provider");
            a.run_order = ad.value("runOrder", 1);
            if (action_states.count(a.name) != 0 && action_states[a.name]->contains("latestExecution")) {
                const Json& le = (*action_states[a.name])["latestExecution"];
                a.status = text(le, "status");
                a.summary = text(le, "summary");
                a.external_id = text(le, "externalExecutionId");
                a.token = text(le, "token");
                a.last_change = text(le, "lastStatusChange");
                if (le.contains("errorDetails")) {
                    a.error_code = text(le["errorDetails"], "code");
                    a.error_message = text(le["errorDetails"], "message");
                }
                const std::string id = text(le, "actionExecutionId");
                if (details.count(id) != 0) {
                    const Json& d = *details[id];
                    a.seconds = seconds_between(text(d, "startTime"),
                                                a.status == "InProgress" ? now : text(d, "lastUpdateTime"));
                }
            }
            stage.actions.push_back(std::move(a));
        }
        out.stages.push_back(std::move(stage));
    }
    return out;
}

Json execution_to_json(const ExecutionSummary& e) {
    Json revisions = Json::array();
    for (const auto& r : e.revisions) {
        revisions.push_back({{"actionName", r.action},
                             {"revisionId", r.revision_id},
                             {"revisionSummary", r.summary},
                             {"revisionUrl", r.url}});
    }
    Json j{{"pipelineExecutionId", e.id},
           {"status", e.status},
           {"trigger", e.trigger},
           {"startTime", e.start_time},
           {"lastUpdateTime", e.last_update},
           {"sourceRevisions", revisions}};
    if (!e.summary.empty()) j["statusSummary"] = e.summary;
    if (e.seconds >= 0) j["durationSeconds"] = e.seconds;
    return j;
}

Json status_to_json(const PipelineStatus& status) {
    Json stages = Json::array();
    for (const auto& s : status.stages) {
        Json actions = Json::array();
        for (const auto& a : s.actions) {
            Json j{{"actionName", a.name},
                   {"category", a.category},
                   {"provider", a.provider},
                   {"runOrder", a.run_order}};
            if (!a.status.empty()) j["status"] = a.status;
            if (!a.summary.empty()) j["summary"] = a.summary;
            if (!a.external_id.empty()) j["externalExecutionId"] = a.external_id;
            if (!a.last_change.empty()) j["lastStatusChange"] = a.last_change;
            if (a.seconds >= 0) j["durationSeconds"] = a.seconds;
            if (!a.error_code.empty() || !a.error_message.empty()) {
                j["errorDetails"] = {{"code", a.error_code}, {"message", a.error_message}};
            }
            j["waitingForApproval"] = a.waiting_for_approval();
            actions.push_back(j);
        }
        Json j{{"stageName", s.name}, {"actions", actions}, {"inboundTransitionEnabled", s.inbound_enabled}};
        if (!s.status.empty()) j["status"] = s.status;
        if (!s.execution_id.empty()) j["pipelineExecutionId"] = s.execution_id;
        if (!s.inbound_execution_id.empty()) j["inboundExecutionId"] = s.inbound_execution_id;
        stages.push_back(j);
    }
    Json j{{"pipelineName", status.name}, {"pipelineVersion", status.version}, {"stages", stages}};
    j["latestExecution"] = status.execution ? execution_to_json(*status.execution) : Json(nullptr);
    Json waiting = Json::array();
    for (const auto& w : status.waiting_stages())
        waiting.push_back(w);
    j["waitingForApproval"] = waiting;
    return j;
}

} // namespace cdk::toolkit::pipeline

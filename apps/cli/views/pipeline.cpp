#include "apps/cli/views/pipeline.hpp"

#include "core/json.hpp"

#include <cstdio>
#include <iomanip>
#include <map>
#include <sstream>

namespace cdk::cli {
namespace {

using toolkit::pipeline::ActionState;
using toolkit::pipeline::ExecutionSummary;
using toolkit::pipeline::PipelineStatus;

const char* symbol(const ActionState& a) {
    if (a.waiting_for_approval()) return "⏸";
    if (a.status == "Succeeded") return "✔";
    if (a.status == "Failed") return "✘";
    if (a.status == "InProgress") return "⟳";
    if (a.status == "Abandoned") return "⊘";
    return "·";
}

std::string short_revision(const std::string& id) {
    return id.size() > 12 ? id.substr(0, 12) : id;
}

std::string first_line(const std::string& text) {
    const auto nl = text.find('\n');
    return nl == std::string::npos ? text : text.substr(0, nl);
}

std::string pad(const std::string& s, std::size_t width) {
    // Column widths in code points, so that names with multi-byte characters still line up.
    std::size_t chars = 0;
    for (const char c : s)
        chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    return chars >= width ? s + " " : s + std::string(width - chars, ' ');
}

void render_execution(std::ostream& out, const ExecutionSummary& e) {
    out << "Execution " << e.id << "  " << e.status;
    if (!e.trigger.empty()) out << "  (" << e.trigger << ")";
    if (!e.start_time.empty()) out << "  started " << e.start_time;
    if (const auto d = format_duration(e.seconds); !d.empty()) out << ", " << d;
    out << "\n";
    if (!e.summary.empty()) out << "  " << e.summary << "\n";
    for (const auto& r : e.revisions) {
        out << "  source " << r.action << ": " << short_revision(r.revision_id);
        if (!r.summary.empty()) out << " \"" << first_line(r.summary) << "\"";
        out << "\n";
    }
}

} // namespace

std::string format_duration(double seconds) {
    if (seconds < 0) return "";
    char buf[32];
    if (seconds < 60) {
        std::snprintf(buf, sizeof buf, "%.1fs", seconds);
    } else if (seconds < 3600) {
        const int s = static_cast<int>(seconds);
        std::snprintf(buf, sizeof buf, "%dm%02ds", s / 60, s % 60);
    } else {
        const int m = static_cast<int>(seconds / 60);
        std::snprintf(buf, sizeof buf, "%dh%02dm", m / 60, m % 60);
    }
    return buf;
}

void render_pipeline_list(std::ostream& out, const std::vector<toolkit::pipeline::PipelineSummary>& pipelines,
                          bool json) {
    if (json) {
        Json all = Json::array();
        for (const auto& p : pipelines) {
            Json waiting = Json::array();
            for (const auto& w : p.waiting_stages)
                waiting.push_back(w);
            all.push_back(
                {{"pipelineName", p.name},
                 {"pipelineVersion", p.version},
                 {"latestExecution",
                  p.last_execution ? toolkit::pipeline::execution_to_json(*p.last_execution) : Json(nullptr)},
                 {"waitingForApproval", waiting}});
        }
        out << Json{{"pipelines", all}}.dump(2) << "\n";
        return;
    }
    if (pipelines.empty()) {
        out << "no pipelines\n";
        return;
    }
    std::size_t width = 8;
    for (const auto& p : pipelines)
        width = std::max(width, p.name.size() + 2);
    for (const auto& p : pipelines) {
        out << pad(p.name, width);
        if (!p.last_execution) {
            out << "never run";
        } else {
            out << pad(p.last_execution->status, 12) << p.last_execution->id;
            if (!p.last_execution->last_update.empty()) out << "  " << p.last_execution->last_update;
        }
        if (!p.waiting_stages.empty()) {
            out << "  waiting for approval:";
            for (const auto& w : p.waiting_stages)
                out << " " << w;
        }
        out << "\n";
    }
}

void render_pipeline_status(std::ostream& out, const PipelineStatus& status, bool json) {
    if (json) {
        out << toolkit::pipeline::status_to_json(status).dump(2) << "\n";
        return;
    }
    out << "Pipeline " << status.name << " (version " << status.version << ")\n";
    if (status.execution) {
        render_execution(out, *status.execution);
    } else {
        out << "never run\n";
    }
    std::size_t width = 10;
    for (const auto& s : status.stages) {
        for (const auto& a : s.actions)
            width = std::max(width, a.name.size() + 2);
    }
    for (const auto& s : status.stages) {
        out << "\n" << pad(s.name, width + 4) << (s.status.empty() ? std::string("not entered") : s.status);
        if (!s.execution_id.empty() && (!status.execution || s.execution_id != status.execution->id)) {
            out << "  (execution " << s.execution_id << ")";
        }
        if (!s.inbound_enabled) {
            out << "  [transition disabled" << (s.disabled_reason.empty() ? "" : ": " + s.disabled_reason)
                << "]";
        }
        if (!s.inbound_execution_id.empty())
            out << "  [execution " << s.inbound_execution_id << " waiting to enter]";
        out << "\n";
        for (const auto& a : s.actions) {
            std::ostringstream line;
            line << "  " << symbol(a) << " " << pad(a.name, width + 1);
            if (a.waiting_for_approval()) {
                line << "waiting for approval";
                if (const auto d = format_duration(a.seconds); !d.empty()) line << " for " << d;
                out << line.str() << ": cdkpp pipeline approve " << status.name << " " << s.name << "\n";
                continue;
            }
            line << pad(a.status, 11);
            if (const auto d = format_duration(a.seconds); !d.empty()) line << pad(d, 8);
            if (a.category == "Source" && !a.external_id.empty())
                line << short_revision(a.external_id) << " ";
            if (!a.summary.empty() && a.status != "Failed") line << first_line(a.summary);
            std::string text = line.str();
            while (!text.empty() && text.back() == ' ')
                text.pop_back();
            out << text << "\n";
            if (a.status == "Failed" && (!a.error_code.empty() || !a.error_message.empty())) {
                out << "      error: " << (a.error_code.empty() ? "" : a.error_code + ": ") << a.error_message
                    << "\n";
            }
        }
        if (s.status == "Failed") {
            out << "  once fixed, run its failed actions again: cdkpp pipeline retry " << status.name << " "
                << s.name << "\n";
        }
    }
}

void render_pipeline_history(std::ostream& out, const std::string& pipeline,
                             const std::vector<ExecutionSummary>& executions, bool json) {
    if (json) {
        Json all = Json::array();
        for (const auto& e : executions)
            all.push_back(toolkit::pipeline::execution_to_json(e));
        out << Json{{"pipelineName", pipeline}, {"executions", all}}.dump(2) << "\n";
        return;
    }
    if (executions.empty()) {
        out << pipeline << " has not run yet\n";
        return;
    }
    for (const auto& e : executions) {
        out << pad(e.id, 38) << pad(e.status, 12) << pad(e.start_time, 26)
            << pad(format_duration(e.seconds), 9) << pad(e.trigger, 24);
        for (const auto& r : e.revisions) {
            out << short_revision(r.revision_id);
            if (!r.summary.empty()) out << " \"" << first_line(r.summary) << "\"";
            out << " ";
        }
        out << "\n";
        if (!e.summary.empty() && e.status == "Failed") out << "    " << first_line(e.summary) << "\n";
    }
}

void render_stack_changes(std::ostream& out, const toolkit::ApprovalReview& review) {
    const auto& a = review.approval;
    out << "Stage " << a.stage << " of " << a.pipeline << " (execution " << a.execution_id << ") waits at "
        << a.action << ".\n";
    if (review.changes.empty()) {
        out << "It deploys no CloudFormation stack.\n";
        return;
    }
    out << "Approving deploys " << review.changes.size()
        << (review.changes.size() == 1 ? " stack" : " stacks") << ":\n";
    for (const auto& c : review.changes) {
        out << "\n"
            << c.deployment.stack_name << " (aws://" << (c.account.empty() ? "?" : c.account) << "/"
            << (c.region.empty() ? "?" : c.region) << ", action " << c.deployment.action << ", "
            << c.deployment.artifact << "::" << c.deployment.template_path << ")\n";
        if (c.error) {
            out << "  the diff cannot be computed: " << c.error->message << " [" << c.error->code << "]\n";
            continue;
        }
        if (c.diff.empty()) {
            out << "There were no differences\n";
            continue;
        }
        out << toolkit::diff::format_diff(c.deployment.stack_name, c.diff);
        if (c.diff.permissions_broadened())
            out << "\n⚠ this stack broadens IAM permissions or security group rules\n";
    }
}

Json review_to_json(const toolkit::ApprovalReview& review, const std::string& outcome,
                    const std::string& reason) {
    Json stacks = Json::array();
    for (const auto& c : review.changes) {
        Json j{{"stackName", c.deployment.stack_name},
               {"action", c.deployment.action},
               {"templatePath", c.deployment.artifact + "::" + c.deployment.template_path},
               {"account", c.account},
               {"region", c.region}};
        if (c.error) {
            j["error"] = {{"code", c.error->code}, {"message", c.error->message}};
        } else {
            j["diff"] = toolkit::diff::diff_to_json(c.diff);
            j["changed"] = !c.diff.empty();
            j["broadening"] = c.diff.permissions_broadened();
        }
        stacks.push_back(j);
    }
    Json j{{"pipelineName", review.approval.pipeline},
           {"stageName", review.approval.stage},
           {"actionName", review.approval.action},
           {"pipelineExecutionId", review.approval.execution_id},
           {"stacks", stacks},
           {"outcome", outcome}};
    if (!reason.empty()) j["reason"] = reason;
    return j;
}

std::vector<std::string> status_changes(const PipelineStatus* before, const PipelineStatus& after,
                                        const std::string& execution_id) {
    std::vector<std::string> lines;
    std::map<std::string, std::string> old;
    if (before != nullptr) {
        for (const auto& s : before->stages) {
            if (s.execution_id != execution_id) continue;
            old[s.name] = s.status;
            for (const auto& a : s.actions)
                old[s.name + "/" + a.name] = a.status + (a.waiting_for_approval() ? "+wait" : "");
        }
    }
    for (const auto& s : after.stages) {
        if (s.execution_id != execution_id) continue;
        if (old.count(s.name) == 0 && !s.status.empty()) lines.push_back(s.name + ": entered");
        for (const auto& a : s.actions) {
            const std::string key = s.name + "/" + a.name;
            const std::string now = a.status + (a.waiting_for_approval() ? "+wait" : "");
            if (a.status.empty() || (old.count(key) != 0 && old[key] == now)) continue;
            std::string line = key + ": ";
            if (a.waiting_for_approval()) {
                line += "waiting for approval: cdkpp pipeline approve " + after.name + " " + s.name;
            } else {
                line += a.status;
                if (a.status != "InProgress") {
                    if (const auto d = format_duration(a.seconds); !d.empty()) line += " (" + d + ")";
                }
                if (a.status == "Failed") {
                    line += ": " + (a.error_code.empty() ? "" : a.error_code + ": ") + a.error_message;
                }
            }
            lines.push_back(line);
        }
    }
    return lines;
}

} // namespace cdk::cli

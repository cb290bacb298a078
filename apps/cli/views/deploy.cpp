#include "apps/cli/views/deploy.hpp"

#include "core/json.hpp"

namespace cdk::cli {
namespace {

Json outcome_json(const toolkit::StackOutcome& o) {
    Json j{{"stack", o.id},       {"stackName", o.stack_name}, {"environment", o.environment},
           {"noOp", o.no_op},     {"skipped", o.skipped},      {"status", o.status},
           {"outputs", o.outputs}};
    if (o.error) j["error"] = {{"code", o.error->code}, {"message", o.error->message}};
    return j;
}

} // namespace

Json outputs_json(const std::vector<toolkit::StackOutcome>& outcomes) {
    Json out = Json::object();
    for (const auto& o : outcomes) {
        if (!o.error && !o.skipped) out[o.stack_name] = o.outputs;
    }
    return out;
}

void render_deploy(std::ostream& out, std::ostream& err, const std::vector<toolkit::StackOutcome>& outcomes,
                   bool json) {
    if (json) {
        Json all = Json::array();
        for (const auto& o : outcomes)
            all.push_back(outcome_json(o));
        out << Json{{"stacks", all}}.dump(2) << "\n";
        for (const auto& o : outcomes) {
            if (o.error)
                err << "error: " << o.id << ": " << o.error->message << " [" << o.error->code << "]\n";
        }
        return;
    }
    for (const auto& o : outcomes) {
        if (o.error) {
            err << "error: " << o.id << " (" << o.environment << "): " << o.error->message << " ["
                << o.error->code << "]\n";
            continue;
        }
        if (o.skipped) {
            out << " ⏭  " << o.id << ": not deployed (an earlier stack failed)\n";
            continue;
        }
        out << "\n ✅  " << o.id << " (" << o.stack_name << ", " << o.environment << ")"
            << (o.no_op ? " (no changes)" : "") << "\n";
        if (!o.outputs.empty()) {
            out << "\nOutputs:\n";
            for (const auto& [k, v] : o.outputs)
                out << o.stack_name << "." << k << " = " << v << "\n";
        }
    }
}

void render_diff(std::ostream& out, std::ostream& err, const std::vector<toolkit::StackDiff>& diffs,
                 bool json, bool security_only) {
    if (json) {
        Json all = Json::array();
        for (const auto& d : diffs) {
            Json j{{"stack", d.id}, {"stackName", d.stack_name}};
            if (d.error) {
                j["error"] = {{"code", d.error->code}, {"message", d.error->message}};
            } else {
                j["diff"] = toolkit::diff::diff_to_json(d.diff, security_only);
            }
            all.push_back(j);
        }
        out << Json{{"stacks", all}}.dump(2) << "\n";
        return;
    }
    for (const auto& d : diffs) {
        if (d.error) {
            err << "error: " << d.id << ": " << d.error->message << " [" << d.error->code << "]\n";
            continue;
        }
        if (!security_only) {
            out << toolkit::diff::format_diff(d.id, d.diff) << "\n";
        } else if (d.diff.permissions_broadened()) {
            out << "This deployment will make potentially sensitive changes according to your current "
                   "security "
                   "approval level.\nPlease confirm you intend to make the following modifications:\n\n"
                << toolkit::diff::format_security_diff(d.id, d.diff) << "\n";
        } else {
            out << "Stack " << d.id << "\nNo changes that broaden permissions\n\n";
        }
    }
}

void render_destroy(std::ostream& out, std::ostream& err, const std::vector<toolkit::StackOutcome>& outcomes,
                    bool json) {
    if (json) {
        Json all = Json::array();
        for (const auto& o : outcomes)
            all.push_back(outcome_json(o));
        out << Json{{"stacks", all}}.dump(2) << "\n";
    }
    for (const auto& o : outcomes) {
        if (o.error) {
            err << "error: " << o.id << ": " << o.error->message << " [" << o.error->code << "]\n";
        } else if (!json) {
            out << " ✅  " << o.id << " (" << o.stack_name << "): destroyed\n";
        }
    }
}

} // namespace cdk::cli

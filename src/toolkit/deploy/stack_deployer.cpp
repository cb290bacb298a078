#include "toolkit/deploy/stack_deployer.hpp"

#include "toolkit/deploy/stack_monitor.hpp"

#include <thread>

namespace cdk::toolkit::deploy {
namespace {

using aws::cloudformation::CloudFormationClient;
using aws::cloudformation::Stack;

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

void message(const StackDeployRequest& request, const std::string& text) {
    if (request.on_message) request.on_message(text);
}

/// Waits until the stack is not in progress; nullopt when it is gone.
Result<std::optional<Stack>> wait_for_stable(const CloudFormationClient& cfn, const std::string& name,
                                             std::chrono::milliseconds poll) {
    for (;;) {
        auto stack = cfn.describe_stack(name);
        if (!stack) return stack.error();
        if (!*stack || !is_in_progress((*stack)->status)) return stack;
        std::this_thread::sleep_for(poll);
    }
}

Json parameters_json(const std::vector<ParameterSetting>& settings) {
    Json out = Json::array();
    for (const auto& p : settings) {
        if (p.value) {
            out.push_back({{"ParameterKey", p.key}, {"ParameterValue", *p.value}});
        } else {
            out.push_back({{"ParameterKey", p.key}, {"UsePreviousValue", true}});
        }
    }
    return out;
}

bool no_changes_reason(const std::string& reason) {
    return reason.find("didn't contain changes") != std::string::npos ||
           reason.find("No updates are to be performed") != std::string::npos ||
           reason.find("no changes") != std::string::npos;
}

/// A parameter value as a comparable string: moto renders list values as Python lists ("['a', 'b']").
std::string comparable(const std::string& value) {
    if (value.size() < 2 || value.front() != '[' || value.back() != ']') return value;
    std::string out;
    for (const char c : value.substr(1, value.size() - 2)) {
        if (c != '\'' && c != '"' && c != ' ') out += c;
    }
    return out;
}

/// Whether the parameters we send would change what the stack has.
bool parameters_change(const std::vector<ParameterSetting>& settings, const Stack& stack) {
    for (const auto& p : settings) {
        if (!p.value) continue;
        const auto it = stack.parameters.find(p.key);
        if (it == stack.parameters.end() || comparable(it->second) != comparable(*p.value)) return true;
    }
    return false;
}

std::string failure_list(const std::vector<FailedResource>& failures) {
    std::string out;
    for (const auto& f : failures) {
        out += "\n  " + f.logical_id + " (" + f.resource_type + ") " + f.status + ": " +
               (f.reason.empty() ? "(no reason given)" : f.reason);
    }
    return out;
}

} // namespace

bool is_in_progress(const std::string& status) {
    return ends_with(status, "_IN_PROGRESS") && status != "REVIEW_IN_PROGRESS";
}

bool is_creation_failure(const std::string& status) {
    return status == "ROLLBACK_COMPLETE" || status == "ROLLBACK_FAILED" || status == "CREATE_FAILED";
}

bool is_failure(const std::string& status) {
    return ends_with(status, "_FAILED") || status == "ROLLBACK_COMPLETE" ||
           status == "UPDATE_ROLLBACK_COMPLETE";
}

Result<std::vector<ParameterSetting>>
compute_parameters(const Json& template_parameters, const std::map<std::string, std::string>& given,
                   const std::optional<std::map<std::string, std::string>>& previous) {
    std::vector<ParameterSetting> out;
    std::string missing;
    for (const auto& [key, formal] : template_parameters.items()) {
        if (const auto it = given.find(key); it != given.end()) {
            out.push_back({key, it->second});
            continue;
        }
        const bool has_default = formal.contains("Default");
        if (previous && previous->count(key) != 0) {
            const std::string type = formal.value("Type", "");
            const bool ssm_typed = type.rfind("AWS::SSM::Parameter::Value<", 0) == 0;
            if (ssm_typed && has_default && formal["Default"].is_string() &&
                formal["Default"].get<std::string>() == previous->at(key)) {
                continue;
            }
            out.push_back({key, std::nullopt});
            continue;
        }
        if (has_default) continue;
        missing += (missing.empty() ? "" : ", ") + key;
    }
    if (!missing.empty()) {
        return make_error("MissingParameters", "these stack parameters have no value: " + missing +
                                                   "; pass them with --parameters STACK:NAME=VALUE");
    }
    // As the CDK CLI: values for parameters the template does not declare are dropped when empty and
    // passed on otherwise (CloudFormation then names the parameter).
    for (const auto& [key, value] : given) {
        if (!template_parameters.contains(key) && !value.empty()) out.push_back({key, value});
    }
    return out;
}

Result<StackDeployResult> deploy_stack(const CloudFormationClient& cfn, const StackDeployRequest& request) {
    const std::string& name = request.stack_name;
    auto current = cfn.describe_stack(name);
    if (!current) return current.error();

    // A previous run may have been interrupted: let CloudFormation finish first.
    if (*current && is_in_progress((*current)->status)) {
        message(request, "stack " + name + " is " + (*current)->status + "; waiting for it to finish");
        current = wait_for_stable(cfn, name, request.poll_interval);
        if (!current) return current.error();
    }
    if (*current && (*current)->status == "UPDATE_ROLLBACK_FAILED") {
        message(request, "stack " + name + " is UPDATE_ROLLBACK_FAILED; continuing the rollback");
        if (auto r = cfn.continue_update_rollback(name, request.role_arn); !r) return r.error();
        current = wait_for_stable(cfn, name, request.poll_interval);
        if (!current) return current.error();
    }
    if (*current && is_creation_failure((*current)->status)) {
        message(request, "stack " + name + " is " + (*current)->status +
                             " (its creation failed); deleting it before creating it again");
        if (auto r =
                destroy_stack(cfn, (*current)->id, request.role_arn, request.poll_interval, request.on_event);
            !r) {
            return r.error();
        }
        current = std::optional<Stack>();
    }
    const bool exists =
        *current && (*current)->status != "REVIEW_IN_PROGRESS" && (*current)->status != "DELETE_COMPLETE";

    std::optional<std::map<std::string, std::string>> previous;
    if (exists && request.use_previous_parameters) previous = (*current)->parameters;
    auto settings = compute_parameters(request.template_parameters, request.parameters, previous);
    if (!settings) return settings.error();

    // The CLI reuses one change set name per stack: remove a leftover one (a missing one is fine).
    if (exists) (void)cfn.delete_change_set(name, request.change_set_name);

    Json input{{"StackName", name},
               {"ChangeSetName", request.change_set_name},
               {"ChangeSetType", exists ? "UPDATE" : "CREATE"},
               {"Capabilities", {"CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"}},
               {"Parameters", parameters_json(*settings)},
               {"Description", "CDK Changeset for execution " + request.change_set_name}};
    if (request.template_url) {
        input["TemplateURL"] = *request.template_url;
    } else {
        input["TemplateBody"] = request.template_body.value_or("{}");
    }
    if (!request.role_arn.empty()) input["RoleARN"] = request.role_arn;
    if (!request.notification_arns.empty()) input["NotificationARNs"] = request.notification_arns;
    if (request.import_existing_resources) input["ImportExistingResources"] = true;
    Json tags = Json::array();
    for (const auto& [k, v] : request.tags)
        tags.push_back({{"Key", k}, {"Value", v}});
    input["Tags"] = tags;

    auto change_set_id = cfn.create_change_set(input);
    if (!change_set_id) return change_set_id.error();

    Json description;
    for (;;) {
        auto d = cfn.describe_change_set(name, *change_set_id);
        if (!d) return d.error();
        const std::string status = d->value("Status", "");
        if (status != "CREATE_PENDING" && status != "CREATE_IN_PROGRESS") {
            description = std::move(*d);
            break;
        }
        std::this_thread::sleep_for(request.poll_interval);
    }

    StackDeployResult result;
    const std::string cs_status = description.value("Status", "");
    const std::string cs_reason = description.value("StatusReason", "");
    const bool empty = description.value("Changes", Json::array()).empty();
    if (cs_status == "FAILED" && !no_changes_reason(cs_reason)) {
        return make_error("ChangeSetFailed",
                          "CloudFormation refused the change set for stack " + name + ": " + cs_reason);
    }
    if (exists && (cs_status == "FAILED" || (empty && !parameters_change(*settings, **current))) &&
        !request.force) {
        (void)cfn.delete_change_set(name, *change_set_id);
        result.no_op = true;
        result.stack_id = (*current)->id;
        result.status = (*current)->status;
        for (const auto& o : (*current)->outputs)
            result.outputs[o.key] = o.value;
        if (request.termination_protection &&
            *request.termination_protection != (*current)->termination_protection) {
            if (auto r = cfn.update_termination_protection(name, *request.termination_protection); !r)
                return r.error();
        }
        return result;
    }
    if (!request.execute) {
        result.no_op = true;
        result.change_set_id = *change_set_id;
        result.stack_id = description.value("StackId", "");
        return result;
    }

    StackMonitor monitor(cfn, name, request.on_event);
    if (auto r = monitor.mark_existing(); !r) return r.error();
    Json execute{{"StackName", name}, {"ChangeSetName", *change_set_id}};
    if (!request.rollback) execute["DisableRollback"] = true;
    if (auto r = cfn.raw().call("ExecuteChangeSet", execute); !r) return r.error();
    result.executed = true;

    auto final_stack = monitor.wait_until_settled(request.poll_interval);
    if (!final_stack) return final_stack.error();
    result.stack_id = final_stack->id;
    result.status = final_stack->status;
    for (const auto& o : final_stack->outputs)
        result.outputs[o.key] = o.value;
    result.failures = monitor.failures();
    if (is_failure(result.status)) {
        return make_error(
            "StackDeployFailed",
            "stack " + name + " failed to deploy: " + result.status +
                (final_stack->status_reason.empty() ? "" : " (" + final_stack->status_reason + ")") +
                failure_list(result.failures));
    }
    if (request.termination_protection &&
        *request.termination_protection != final_stack->termination_protection) {
        if (auto r = cfn.update_termination_protection(name, *request.termination_protection); !r)
            return r.error();
    }
    return result;
}

Result<void> destroy_stack(const CloudFormationClient& cfn, const std::string& stack_name,
                           const std::string& role_arn, std::chrono::milliseconds poll_interval,
                           const std::function<void(const aws::cloudformation::StackEvent&)>& on_event) {
    auto current = cfn.describe_stack(stack_name);
    if (!current) return current.error();
    if (!*current || (*current)->status == "DELETE_COMPLETE") return ok();
    StackMonitor monitor(cfn, (*current)->id, on_event);
    if (auto r = monitor.mark_existing(); !r) return r.error();
    if (auto r = cfn.delete_stack((*current)->id, role_arn); !r) return r.error();
    auto final_stack = monitor.wait_until_settled(poll_interval);
    if (!final_stack) {
        // Deleted stacks addressed by name vanish from DescribeStacks.
        if (final_stack.error().code == "StackGone") return ok();
        return final_stack.error();
    }
    if (final_stack->status != "DELETE_COMPLETE") {
        return make_error("StackDestroyFailed", "stack " + stack_name + " could not be deleted: " +
                                                    final_stack->status + failure_list(monitor.failures()));
    }
    return ok();
}

} // namespace cdk::toolkit::deploy

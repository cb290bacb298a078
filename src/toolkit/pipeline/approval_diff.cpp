#include "toolkit/pipeline/approval_diff.hpp"

#include "aws/cloudformation/cloudformation_client.hpp"
#include "aws/codepipeline/codepipeline_client.hpp"
#include "aws/s3/s3_client.hpp"
#include "toolkit/deploy/target_access.hpp"
#include "toolkit/deploy/zip.hpp"
#include "toolkit/template_reader.hpp"

#include <algorithm>
#include <map>
#include <regex>

namespace cdk::toolkit::pipeline {
namespace {

std::string text(const Json& j, const char* key) {
    if (!j.is_object()) return "";
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

/// The artifact's location written by the execution's action that produced it (the latest success).
Result<Json> artifact_location(const Json& action_executions, const std::string& artifact,
                               const std::string& execution_id) {
    std::optional<Json> best;
    std::string best_time;
    for (const auto& d : action_executions) {
        if (text(d, "status") != "Succeeded") continue;
        for (const auto& out : d.value("output", Json::object()).value("outputArtifacts", Json::array())) {
            if (text(out, "name") != artifact || !out.contains("s3location")) continue;
            const std::string t = text(d, "lastUpdateTime");
            if (!best || t > best_time) {
                best = out["s3location"];
                best_time = t;
            }
        }
    }
    if (!best) {
        return make_error("ArtifactNotFound",
                          "execution " + execution_id + " has no artifact " + artifact +
                              " (no action of it produced one): the stage cannot deploy it either");
    }
    return *best;
}

Result<Json> deployed(const aws::auth::Session& session, const std::string& stack) {
    auto cfn = aws::cloudformation::CloudFormationClient::create(session);
    if (!cfn) return cfn.error();
    auto current = cfn->describe_stack(stack);
    if (!current) return explain_credentials_error(current.error());
    if (!*current || (*current)->status == "REVIEW_IN_PROGRESS" || (*current)->status == "DELETE_COMPLETE") {
        return Json::object();
    }
    auto body = cfn->get_template(stack);
    if (!body) return body.error();
    return parse_template(*body, "the deployed template of " + stack);
}

} // namespace

std::vector<StackDeployment> stack_deployments(const Json& stage_declaration) {
    std::vector<std::pair<int, StackDeployment>> found;
    for (const auto& a : stage_declaration.value("actions", Json::array())) {
        const Json type = a.value("actionTypeId", Json::object());
        if (text(type, "category") != "Deploy" || text(type, "provider") != "CloudFormation") continue;
        const Json config = a.value("configuration", Json::object());
        const std::string mode = text(config, "ActionMode");
        if (mode != "CHANGE_SET_REPLACE" && mode != "CREATE_UPDATE" && mode != "REPLACE_ON_FAILURE") continue;
        const std::string path = text(config, "TemplatePath");
        const auto sep = path.find("::");
        if (sep == std::string::npos) continue;
        StackDeployment d{text(a, "name"),      text(config, "StackName"), path.substr(0, sep),
                          path.substr(sep + 2), text(a, "roleArn"),        text(a, "region")};
        found.emplace_back(a.value("runOrder", 1), std::move(d));
    }
    std::stable_sort(found.begin(), found.end(),
                     [](const auto& x, const auto& y) { return x.first < y.first; });
    std::vector<StackDeployment> out;
    for (auto& [order, d] : found)
        out.push_back(std::move(d));
    return out;
}

std::optional<BootstrapRole> parse_bootstrap_role(const std::string& arn) {
    static const std::regex re(
        R"(arn:([a-z-]+):iam::(\d{12}):role/cdk-(.+)-(deploy|lookup|file-publishing|image-publishing|cfn-exec)-role-(\d{12})-([a-z0-9-]+))");
    std::smatch m;
    if (!std::regex_match(arn, m, re) || m[2] != m[5]) return std::nullopt;
    return BootstrapRole{m[1], m[2], m[3], m[4], m[6]};
}

std::string lookup_role_arn(const BootstrapRole& role) {
    return "arn:" + role.partition + ":iam::" + role.account + ":role/cdk-" + role.qualifier +
           "-lookup-role-" + role.account + "-" + role.region;
}

std::vector<StackChange> stage_changes(SessionPool& sessions, const std::string& pipeline,
                                       const std::string& execution_id,
                                       const std::vector<StackDeployment>& deployments) {
    std::vector<StackChange> out;
    if (deployments.empty()) return out;
    auto home = sessions.for_region("");
    std::optional<Error> shared;
    Json details = Json::array();
    if (!home) {
        shared = home.error();
    } else if (auto cp = aws::codepipeline::CodePipelineClient::create(*home); !cp) {
        shared = cp.error();
    } else if (auto listed = cp->list_action_executions(pipeline, execution_id); !listed) {
        shared = explain_credentials_error(listed.error());
    } else {
        details = std::move(*listed);
    }
    std::map<std::string, std::string> archives; // bucket/key -> zip
    for (const auto& d : deployments) {
        StackChange change{d};
        change.region = d.region.empty() && home ? home->region() : d.region;
        auto fail = [&](Error e) {
            change.error = std::move(e);
            out.push_back(change);
        };
        if (shared) {
            fail(*shared);
            continue;
        }
        // The new template: the artifact of this execution, as the caller reads it.
        auto location = artifact_location(details, d.artifact, execution_id);
        if (!location) {
            fail(location.error());
            continue;
        }
        const std::string bucket = text(*location, "bucket");
        const std::string key = text(*location, "key");
        const std::string where = "s3://" + bucket + "/" + key;
        if (archives.count(where) == 0) {
            auto s3 = aws::s3::S3Client::create(*home);
            if (!s3) {
                fail(s3.error());
                continue;
            }
            auto object = s3->get_object(bucket, key);
            if (!object) {
                Error e = explain_credentials_error(object.error());
                e.message = "cannot read artifact " + d.artifact + " (" + where + ") of execution " +
                            execution_id + ": " + e.message;
                fail(e);
                continue;
            }
            archives[where] = std::move(object->body);
        }
        auto entry = deploy::read_zip_entry(archives[where], d.template_path);
        if (!entry) {
            fail(entry.error());
            continue;
        }
        if (!*entry) {
            fail(make_error("TemplateNotInArtifact", "artifact " + d.artifact + " (" + where +
                                                         ") has no file " + d.template_path +
                                                         ", which action " + d.action + " deploys"));
            continue;
        }
        auto new_template = parse_template(**entry, d.artifact + "::" + d.template_path);
        if (!new_template) {
            fail(new_template.error());
            continue;
        }
        // What is deployed: through the target's lookup role.
        ResolvedEnvironment env;
        env.region = change.region;
        const auto role = parse_bootstrap_role(d.role_arn);
        std::optional<std::string> lookup;
        std::string qualifier;
        if (role) {
            env.account = role->account;
            env.partition = role->partition;
            if (env.region.empty()) env.region = role->region;
            lookup = lookup_role_arn(*role);
            qualifier = role->qualifier;
        } else {
            auto caller = sessions.caller_account();
            if (!caller) {
                fail(caller.error());
                continue;
            }
            env.account = *caller;
            env.partition = partition_of(env.region);
        }
        change.account = env.account;
        change.region = env.region;
        auto access = deploy::access_target(sessions, env, {lookup, "lookup", qualifier});
        if (!access) {
            Error e = access.error();
            if (e.code == "TargetNotTrusted") {
                auto caller = sessions.caller_account();
                const std::string me = caller ? *caller : std::string("your account");
                e = make_error("LookupRoleNotTrusted",
                               "the diff of " + d.stack_name + " cannot be computed: account " + env.account +
                                   " does not let " + me + " assume its lookup role " + *lookup +
                                   " (read-only): re-bootstrap it with --trust-for-lookup " + me +
                                   " (or --trust " + me +
                                   "): " + deploy::bootstrap_command(env, qualifier, "") +
                                   " --trust-for-lookup " + me + "; to approve without the diff, pass --yes");
            }
            fail(e);
            continue;
        }
        auto old_template = deployed(access->session, d.stack_name);
        if (!old_template) {
            Error e = old_template.error();
            e.message = "cannot read the deployed stack " + d.stack_name + " in " + env.to_string() +
                        (lookup ? " with the lookup role " + *lookup : std::string()) + ": " + e.message;
            fail(e);
            continue;
        }
        change.diff = diff::diff_templates(*old_template, *new_template);
        out.push_back(std::move(change));
    }
    return out;
}

ApprovalDecision decide_approval(const std::vector<StackChange>& changes, const ApprovalPolicy& policy) {
    bool changed = false;
    bool broadening = false;
    std::string unknown;
    for (const auto& c : changes) {
        if (c.error) {
            unknown += (unknown.empty() ? "" : ", ") + c.deployment.stack_name;
            continue;
        }
        changed = changed || !c.diff.empty();
        broadening = broadening || c.diff.permissions_broadened();
    }
    using Kind = ApprovalDecision::Kind;
    if (policy.if_no_changes) {
        if (!unknown.empty())
            return {Kind::Refuse, "the diff of " + unknown + " could not be computed (--if-no-changes)"};
        if (changed)
            return {Kind::Refuse,
                    "the stage changes its stacks (--if-no-changes approves only when nothing changes)"};
    }
    if (policy.unless_broadening) {
        if (!unknown.empty()) {
            return {Kind::Refuse, "the diff of " + unknown +
                                      " could not be computed, so broadening cannot be ruled out "
                                      "(--unless-broadening)"};
        }
        if (broadening)
            return {Kind::Refuse,
                    "the stage broadens IAM permissions or security group rules (--unless-broadening)"};
    }
    if (policy.yes || (policy.if_no_changes && !changed)) return {Kind::Approve, ""};
    return {Kind::Ask, ""};
}

} // namespace cdk::toolkit::pipeline

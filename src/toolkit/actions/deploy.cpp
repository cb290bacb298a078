#include "toolkit/actions/deploy.hpp"

#include "assembly/stack_selection.hpp"
#include "aws/cloudformation/cloudformation_client.hpp"
#include "toolkit/deploy/asset_publishing.hpp"
#include "toolkit/deploy/stack_deployer.hpp"
#include "toolkit/deploy/target_access.hpp"
#include "toolkit/template_reader.hpp"

#include <future>
#include <set>

namespace cdk::toolkit {
namespace {

/// Templates up to this size go inline (CloudFormation's TemplateBody limit).
constexpr std::size_t kTemplateBodyLimit = 51200;

std::string key_of(const assembly::StackArtifact& s) {
    return s.assembly_dir.string() + '\n' + s.id;
}

std::string qualifier_of(const assembly::StackArtifact& s) {
    const auto& p = s.properties().bootstrap_stack_version_ssm_parameter;
    return p ? deploy::qualifier_of_parameter(*p) : std::string();
}

struct Target {
    ResolvedEnvironment env;
    deploy::TargetAccess access;
    std::string caller;
};

Result<Target> reach(SessionPool& sessions, const assembly::StackArtifact& stack) {
    auto env = sessions.resolve(stack.environment);
    if (!env) return env.error();
    auto caller = sessions.caller_account();
    if (!caller) return caller.error();
    auto access = deploy::access_target(sessions, *env,
                                        {stack.properties().assume_role_arn, "deploy", qualifier_of(stack)});
    if (!access) return access.error();
    return Target{*env, *access, *caller};
}

Result<Json> old_template(const aws::cloudformation::CloudFormationClient& cfn, const std::string& name) {
    auto current = cfn.describe_stack(name);
    if (!current) return explain_credentials_error(current.error());
    if (!*current || (*current)->status == "REVIEW_IN_PROGRESS" || (*current)->status == "DELETE_COMPLETE") {
        return Json::object();
    }
    auto body = cfn.get_template(name);
    if (!body) return body.error();
    return parse_template(*body, "the deployed template of " + name);
}

StackOutcome deploy_one(const assembly::StackArtifact& stack, const std::string& label,
                        const DeployOptions& options, SessionPool& sessions, const ProgressSink& progress) {
    StackOutcome out{stack.hierarchical_id, stack.stack_name, stack.environment.to_string()};
    auto fail = [&](Error e) {
        out.error = std::move(e);
        return out;
    };
    auto message = [&](const std::string& m) {
        if (progress.on_message) progress.on_message(label, m);
    };
    auto target = reach(sessions, stack);
    if (!target) return fail(target.error());
    out.environment = target->env.to_string();
    if (target->access.fell_back) message("could not assume the deploy role; using the current credentials");

    const auto& props = stack.properties();
    if (props.requires_bootstrap_stack_version && props.bootstrap_stack_version_ssm_parameter) {
        auto version = deploy::check_bootstrap_version(
            target->access.session, target->env, *props.bootstrap_stack_version_ssm_parameter,
            *props.requires_bootstrap_stack_version, target->caller);
        if (!version) return fail(version.error());
    }
    for (const auto& manifest : stack.asset_manifests) {
        auto published =
            deploy::publish_assets(sessions, target->env, manifest, qualifier_of(stack), message);
        if (!published) return fail(published.error());
    }

    auto tmpl = stack.read_template();
    if (!tmpl) return fail(tmpl.error());
    const Json new_template = Json::parse(tmpl->dump());
    auto cfn = aws::cloudformation::CloudFormationClient::create(target->access.session);
    if (!cfn) return fail(cfn.error());

    if (options.require_approval != deploy::RequireApproval::Never) {
        auto previous = old_template(*cfn, stack.stack_name);
        if (!previous) return fail(previous.error());
        const auto d = diff::diff_templates(*previous, new_template);
        if (deploy::needs_approval(options.require_approval, d)) {
            if (!options.approve) {
                return fail(make_error("ApprovalRequired",
                                       "stack " + stack.hierarchical_id +
                                           " needs approval (--require-approval " +
                                           deploy::to_string(options.require_approval) +
                                           ") but there is no terminal to ask on: run in a terminal, or pass "
                                           "--require-approval never"));
            }
            if (!options.approve(label, d)) {
                out.skipped = true;
                return fail(make_error("ApprovalRefused",
                                       "deployment of " + stack.hierarchical_id + " was not approved"));
            }
        }
    }

    deploy::StackDeployRequest request;
    request.stack_name = stack.stack_name;
    if (props.stack_template_asset_object_url) {
        request.template_url = deploy::template_url(
            substitute_placeholders(*props.stack_template_asset_object_url, target->env), target->env);
    } else {
        request.template_body = tmpl->dump();
        if (request.template_body->size() > kTemplateBodyLimit) {
            return fail(
                make_error("TemplateTooLarge", "the template of " + stack.hierarchical_id + " is " +
                                                   std::to_string(request.template_body->size()) +
                                                   " bytes, over CloudFormation's inline limit of 51,200, "
                                                   "and the app does not publish it as an asset"));
        }
    }
    request.template_parameters = new_template.value("Parameters", Json::object());
    for (const char* scope : {"*", stack.stack_name.c_str(), stack.hierarchical_id.c_str()}) {
        const auto it = options.parameters.find(scope);
        if (it == options.parameters.end()) continue;
        for (const auto& [k, v] : it->second) {
            if (std::string(scope) == "*" && !request.template_parameters.contains(k)) continue;
            request.parameters[k] = v;
        }
    }
    for (const auto& [k, v] : props.parameters)
        request.parameters.emplace(k, v);
    request.tags = props.tags;
    for (const auto& [k, v] : options.tags)
        request.tags[k] = v;
    if (props.cloud_formation_execution_role_arn) {
        request.role_arn = substitute_placeholders(*props.cloud_formation_execution_role_arn, target->env);
    }
    if (props.notification_arns) request.notification_arns = *props.notification_arns;
    request.termination_protection = props.termination_protection;
    request.execute = options.execute;
    request.rollback = options.rollback;
    request.force = options.force;
    request.poll_interval = options.poll_interval;
    if (progress.on_event)
        request.on_event = [&progress, label](const auto& e) { progress.on_event(label, e); };
    request.on_message = message;
    auto result = deploy::deploy_stack(*cfn, request);
    if (!result) return fail(explain_credentials_error(result.error()));
    out.no_op = result->no_op;
    out.status = result->status;
    out.outputs = result->outputs;
    return out;
}

} // namespace

Result<std::vector<const assembly::StackArtifact*>>
select_for_deploy(const assembly::CloudAssembly& assembly, const std::vector<std::string>& patterns, bool all,
                  bool exclusively) {
    assembly::StackSelector selector;
    selector.patterns = patterns;
    selector.all = all;
    selector.default_selection = assembly::DefaultSelection::OnlySingle;
    selector.extend = exclusively ? assembly::ExtendSelection::None : assembly::ExtendSelection::Upstream;
    auto stacks = assembly::select_stacks(assembly, selector);
    if (stacks && stacks->empty()) {
        return make_error("NoStacks",
                          "no stack found in the main cloud assembly; stacks inside stages are selected "
                          "with patterns such as 'Dev/*' or '**' (`cdkpp list` prints them)");
    }
    return stacks;
}

std::vector<StackOutcome> deploy_stacks(const std::vector<const assembly::StackArtifact*>& stacks,
                                        const DeployOptions& options, SessionPool& sessions,
                                        const ProgressSink& progress) {
    const std::size_t total = stacks.size();
    std::vector<std::optional<StackOutcome>> outcomes(total);
    std::set<std::string> selected, done;
    for (const auto* s : stacks)
        selected.insert(key_of(*s));
    bool failed = false;
    const std::size_t limit = static_cast<std::size_t>(std::max(1, options.concurrency));
    while (true) {
        std::vector<std::size_t> wave;
        for (std::size_t i = 0; i < total && wave.size() < limit; ++i) {
            if (outcomes[i]) continue;
            bool ready = true;
            for (const auto& dep : stacks[i]->dependencies) {
                const std::string k = stacks[i]->assembly_dir.string() + '\n' + dep;
                if (selected.count(k) != 0 && done.count(k) == 0) ready = false;
            }
            if (ready) wave.push_back(i);
        }
        if (wave.empty() || failed) break;
        std::vector<std::future<StackOutcome>> running;
        for (const auto i : wave) {
            const std::string label =
                "[" + std::to_string(i + 1) + "/" + std::to_string(total) + "] " + stacks[i]->hierarchical_id;
            running.push_back(std::async(std::launch::async, [&, i, label] {
                return deploy_one(*stacks[i], label, options, sessions, progress);
            }));
        }
        for (std::size_t w = 0; w < wave.size(); ++w) {
            outcomes[wave[w]] = running[w].get();
            if (outcomes[wave[w]]->error) {
                failed = true;
            } else {
                done.insert(key_of(*stacks[wave[w]]));
            }
        }
    }
    std::vector<StackOutcome> out;
    for (std::size_t i = 0; i < total; ++i) {
        if (outcomes[i]) {
            out.push_back(std::move(*outcomes[i]));
        } else {
            StackOutcome skipped{stacks[i]->hierarchical_id, stacks[i]->stack_name,
                                 stacks[i]->environment.to_string()};
            skipped.skipped = true;
            out.push_back(std::move(skipped));
        }
    }
    return out;
}

Result<Json> deployed_template(SessionPool& sessions, const assembly::StackArtifact& stack) {
    auto target = reach(sessions, stack);
    if (!target) return target.error();
    auto cfn = aws::cloudformation::CloudFormationClient::create(target->access.session);
    if (!cfn) return cfn.error();
    return old_template(*cfn, stack.stack_name);
}

std::vector<StackDiff> diff_stacks(const std::vector<const assembly::StackArtifact*>& stacks,
                                   SessionPool& sessions) {
    std::vector<StackDiff> out;
    for (const auto* s : stacks) {
        StackDiff d{s->hierarchical_id, s->stack_name, {}, std::nullopt};
        auto tmpl = s->read_template();
        auto old = deployed_template(sessions, *s);
        if (!tmpl) {
            d.error = tmpl.error();
        } else if (!old) {
            d.error = old.error();
        } else {
            d.diff = diff::diff_templates(*old, Json::parse(tmpl->dump()));
        }
        out.push_back(std::move(d));
    }
    return out;
}

std::vector<StackOutcome> destroy_stacks(const std::vector<const assembly::StackArtifact*>& stacks,
                                         SessionPool& sessions, const ProgressSink& progress,
                                         std::chrono::milliseconds poll_interval) {
    std::vector<StackOutcome> out;
    const std::size_t total = stacks.size();
    for (std::size_t n = 0; n < total; ++n) {
        const auto& stack = *stacks[total - 1 - n];
        StackOutcome o{stack.hierarchical_id, stack.stack_name, stack.environment.to_string()};
        const std::string label =
            "[" + std::to_string(n + 1) + "/" + std::to_string(total) + "] " + stack.hierarchical_id;
        auto target = reach(sessions, stack);
        if (!target) {
            o.error = target.error();
            out.push_back(std::move(o));
            break;
        }
        auto cfn = aws::cloudformation::CloudFormationClient::create(target->access.session);
        if (!cfn) {
            o.error = cfn.error();
            out.push_back(std::move(o));
            break;
        }
        std::string role;
        if (stack.properties().cloud_formation_execution_role_arn) {
            role =
                substitute_placeholders(*stack.properties().cloud_formation_execution_role_arn, target->env);
        }
        auto on_event = [&progress, label](const aws::cloudformation::StackEvent& e) {
            if (progress.on_event) progress.on_event(label, e);
        };
        auto r = deploy::destroy_stack(*cfn, stack.stack_name, role, poll_interval, on_event);
        if (!r) {
            o.error = explain_credentials_error(r.error());
            out.push_back(std::move(o));
            break;
        }
        o.status = "DELETE_COMPLETE";
        out.push_back(std::move(o));
    }
    return out;
}

} // namespace cdk::toolkit

#include "toolkit/actions/bootstrap.hpp"

#include "aws/cloudformation/cloudformation_client.hpp"
#include "aws/ssm/ssm_client.hpp"
#include "core/parse_int.hpp"
#include "toolkit/bootstrap/bootstrap_template.hpp"
#include "toolkit/deploy/stack_deployer.hpp"
#include "toolkit/template_reader.hpp"

#include <future>
#include <random>

namespace cdk::toolkit {
namespace {

std::string random_suffix() {
    std::random_device rd;
    std::mt19937_64 gen(rd());
    static const char* kHex = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < 16; ++i)
        out += kHex[gen() % 16];
    return out;
}

int to_version(const std::string& text) {
    return parse_int<int>(text).value_or(0);
}

/// The deployed version: the stack's BootstrapVersion output, else (some implementations drop outputs of
/// stacks made by change sets) the version parameter of the stack's qualifier.
int current_version(const aws::cloudformation::Stack& stack, const aws::auth::Session& session) {
    for (const auto& o : stack.outputs) {
        if (o.key == "BootstrapVersion") return to_version(o.value);
    }
    const auto q = stack.parameters.find("Qualifier");
    auto ssm = aws::ssm::SsmClient::create(session);
    if (q == stack.parameters.end() || !ssm) return 0;
    auto parameter = ssm->get_parameter("/cdk-bootstrap/" + q->second + "/version");
    return parameter && *parameter ? to_version((*parameter)->value) : 0;
}

BootstrapResult bootstrap_one(const std::string& env_text, const BootstrapOptions& options, const Json& tmpl,
                              SessionPool& sessions, const ProgressSink& progress) {
    BootstrapResult result;
    result.environment = env_text;
    result.stack_name =
        options.toolkit_stack_name.empty() ? bootstrap::kDefaultToolkitStackName : options.toolkit_stack_name;
    auto fail = [&](Error e) {
        result.error = std::move(e);
        return result;
    };
    auto parsed = assembly::parse_environment(env_text);
    if (!parsed) return fail(parsed.error());
    auto env = sessions.resolve(*parsed);
    if (!env) return fail(env.error());
    result.environment = env->to_string();
    auto caller = sessions.caller_account();
    if (!caller) return fail(caller.error());
    if (*caller != env->account) {
        return fail(make_error("WrongAccount", "the credentials in use belong to account " + *caller +
                                                   ", not " + env->account + ": bootstrap " +
                                                   env->to_string() +
                                                   " with credentials of that account (--profile)"));
    }
    auto session = sessions.for_region(env->region);
    if (!session) return fail(session.error());
    auto cfn = aws::cloudformation::CloudFormationClient::create(*session);
    if (!cfn) return fail(cfn.error());
    auto current = cfn->describe_stack(result.stack_name);
    if (!current) return fail(explain_credentials_error(current.error()));
    const bool exists = *current && (*current)->status != "REVIEW_IN_PROGRESS";

    const int new_version = bootstrap::bootstrap_version_of(tmpl);
    result.version = new_version;
    if (exists && !options.force) {
        const std::string current_variant = (*current)->parameters.count("BootstrapVariant") != 0
                                                ? (*current)->parameters.at("BootstrapVariant")
                                                : bootstrap::kBootstrapVariant;
        const std::string new_variant = bootstrap::bootstrap_variant_of(tmpl);
        if (current_variant != new_variant) {
            return fail(make_error("BootstrapVariantDiffers",
                                   "bootstrap stack " + result.stack_name + " in " + result.environment +
                                       " contains '" + current_variant +
                                       "'; not overwriting it with a template containing '" + new_variant +
                                       "' (use --force if you intend to overwrite)"));
        }
        const int deployed = current_version(**current, *session);
        if (new_version < deployed) {
            return fail(make_error("BootstrapDowngrade",
                                   "bootstrap stack " + result.stack_name + " in " + result.environment +
                                       " is already at version " + std::to_string(deployed) +
                                       "; not downgrading it to version " + std::to_string(new_version) +
                                       " (use --force if you intend to downgrade)"));
        }
    }

    std::optional<std::map<std::string, std::string>> current_parameters;
    if (exists) current_parameters = (*current)->parameters;
    auto values =
        bootstrap::compute_bootstrap_parameters(options.parameters, current_parameters, env->partition);
    if (!values) return fail(values.error());
    result.notes = values->notes;
    for (const auto& note : values->notes) {
        if (progress.on_message) progress.on_message(result.environment, note);
    }

    deploy::StackDeployRequest request;
    request.stack_name = result.stack_name;
    request.template_body = tmpl.dump();
    request.template_parameters = tmpl.value("Parameters", Json::object());
    request.parameters = values->values;
    request.tags = options.tags;
    request.termination_protection =
        options.termination_protection
            ? options.termination_protection
            : (exists ? std::optional<bool>((*current)->termination_protection) : std::nullopt);
    request.execute = options.execute;
    request.force = options.force;
    request.import_existing_resources = true;
    request.change_set_name =
        options.execute ? "cdk-bootstrap-change-set-" + random_suffix() : "cdk-bootstrap-change-set";
    request.poll_interval = options.poll_interval;
    const std::string label = result.environment;
    if (progress.on_event)
        request.on_event = [&progress, label](const auto& e) { progress.on_event(label, e); };
    if (progress.on_message)
        request.on_message = [&progress, label](const auto& m) { progress.on_message(label, m); };
    auto deployed = deploy::deploy_stack(*cfn, request);
    if (!deployed) return fail(deployed.error());
    result.no_op = deployed->no_op;
    result.executed = deployed->executed;
    result.status = deployed->status;
    result.outputs = deployed->outputs;
    return result;
}

} // namespace

Result<Json> load_bootstrap_template(const std::optional<std::filesystem::path>& file) {
    if (!file) return bootstrap::bootstrap_template();
    return read_template_file(*file);
}

std::vector<BootstrapResult> bootstrap_environments(const BootstrapOptions& options, SessionPool& sessions,
                                                    const ProgressSink& progress) {
    std::vector<BootstrapResult> results;
    auto tmpl = load_bootstrap_template(options.template_file);
    if (!tmpl) {
        for (const auto& e : options.environments)
            results.push_back({.environment = e, .error = tmpl.error()});
        return results;
    }
    std::vector<std::future<BootstrapResult>> running;
    for (const auto& env : options.environments) {
        running.push_back(std::async(
            std::launch::async, [&, env] { return bootstrap_one(env, options, *tmpl, sessions, progress); }));
    }
    for (auto& f : running)
        results.push_back(f.get());
    return results;
}

} // namespace cdk::toolkit

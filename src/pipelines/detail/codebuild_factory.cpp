#include "pipelines/detail/codebuild_factory.hpp"

#include "core/fs.hpp"
#include "core/hash.hpp"
#include "lib/codepipeline_actions/codebuild_action.hpp"
#include "pipelines/detail/asset_publishing.hpp"
#include "tokens/errors.hpp"

#include <algorithm>
#include <filesystem>

namespace cdk::pipelines::detail {

CodeBuildOptions merge_code_build_options(const std::vector<const CodeBuildOptions*>& options) {
    CodeBuildOptions out;
    for (const CodeBuildOptions* o : options) {
        if (o == nullptr) continue;
        if (o->build_environment) {
            if (!out.build_environment) {
                out.build_environment = o->build_environment;
            } else {
                codebuild::BuildEnvironment& a = *out.build_environment;
                const codebuild::BuildEnvironment& b = *o->build_environment;
                if (b.build_image) a.build_image = b.build_image;
                if (!b.compute_type.empty()) a.compute_type = b.compute_type;
                if (b.privileged) a.privileged = b.privileged;
                for (const auto& [name, value] : b.environment_variables) {
                    auto it = std::find_if(a.environment_variables.begin(), a.environment_variables.end(),
                                           [&](const auto& e) { return e.first == name; });
                    if (it != a.environment_variables.end()) {
                        it->second = value;
                    } else {
                        a.environment_variables.emplace_back(name, value);
                    }
                }
            }
        }
        out.role_policy.insert(out.role_policy.end(), o->role_policy.begin(), o->role_policy.end());
        if (o->timeout) out.timeout = o->timeout;
        if (o->cache) out.cache = o->cache;
        merge_build_spec(out.partial_build_spec, o->partial_build_spec);
    }
    return out;
}

void merge_build_spec(codebuild::BuildSpecObject& base, const codebuild::BuildSpecObject& extra) {
    if (!extra.is_object() || !base.is_object()) {
        base = extra;
        return;
    }
    for (const auto& [key, value] : extra.items()) {
        if (!base.contains(key)) {
            base[key] = value;
        } else if (base[key].is_object() && value.is_object()) {
            merge_build_spec(base[key], value);
        } else if (base[key].is_array() && value.is_array()) {
            for (const auto& v : value)
                base[key].push_back(v);
        } else {
            base[key] = value;
        }
    }
}

std::string project_config_hash(const codebuild::BuildEnvironment& environment,
                                const std::string& build_spec) {
    // JSON.stringify({environment: serializeBuildEnvironment(env), buildSpecString}) in aws-cdk-lib's key
    // order; undefined members are left out.
    nlohmann::ordered_json env = nlohmann::ordered_json::object();
    if (environment.privileged) env["privileged"] = *environment.privileged;
    nlohmann::ordered_json variables = nlohmann::ordered_json::object();
    for (const auto& [name, variable] : environment.environment_variables) {
        nlohmann::ordered_json v = {{"value", variable.value}};
        if (variable.type != codebuild::BuildEnvironmentVariableType::Plaintext) {
            v["type"] = variable.type == codebuild::BuildEnvironmentVariableType::ParameterStore
                            ? "PARAMETER_STORE"
                            : "SECRETS_MANAGER";
        }
        variables[name] = std::move(v);
    }
    env["environmentVariables"] = std::move(variables);
    if (environment.build_image) {
        env["type"] = environment.build_image->type;
        env["imageId"] = environment.build_image->image_id;
    }
    if (!environment.compute_type.empty()) env["computeType"] = environment.compute_type;
    if (environment.build_image)
        env["imagePullPrincipalType"] = environment.build_image->image_pull_principal_type;
    const nlohmann::ordered_json input = {{"environment", env}, {"buildSpecString", build_spec}};
    return hash::sha256_hex(input.dump());
}

codebuild::PipelineProject& produce_code_build_action(codepipeline::Stage& stage,
                                                      Construct& action_role_scope,
                                                      const CodeBuildActionSpec& spec) {
    codebuild::BuildSpecObject phases = codebuild::BuildSpecObject::object();
    if (!spec.install_commands.empty()) phases["install"] = {{"commands", spec.install_commands}};
    if (!spec.commands.empty()) phases["build"] = {{"commands", spec.commands}};
    codebuild::BuildSpecObject object = {{"version", "0.2"}, {"phases", phases}};
    if (!spec.output_directory.empty()) {
        object["artifacts"] = {{"base-directory", spec.output_directory}, {"files", "**/*"}};
    }
    merge_build_spec(object, spec.options.partial_build_spec);
    codebuild::BuildSpec build_spec = codebuild::BuildSpec::from_object(object);

    codebuild::BuildEnvironment environment =
        spec.options.build_environment.value_or(codebuild::BuildEnvironment{});
    // CDK: variables holding a pipeline variable (`#{...}`) go to the action, the others to the project.
    std::vector<std::pair<std::string, std::string>> pipeline_variables;
    for (const auto& [name, value] : spec.env) {
        const auto open = value.find("#{");
        const auto close = open == std::string::npos ? std::string::npos : value.find('}', open + 2);
        if (close != std::string::npos && close > open + 2) {
            pipeline_variables.emplace_back(name, value);
            continue;
        }
        environment.environment_variables.emplace_back(name,
                                                       codebuild::BuildEnvironmentVariable{.value = value});
    }
    const std::string hash = project_config_hash(environment, build_spec.to_build_spec());
    if (!spec.build_spec_directory.empty()) {
        const std::string file =
            "buildspec-" + construct_address(*spec.project_scope) + "-" + spec.project_id + ".yaml";
        const std::filesystem::path path = std::filesystem::path(spec.build_spec_directory) / file;
        std::error_code ec;
        std::filesystem::create_directories(path.parent_path(), ec);
        if (auto written = fs::write_file_atomic(path, build_spec.to_build_spec()); !written) {
            throw ValidationError("cannot write the buildspec " + path.string() + ": " +
                                      written.error().to_string(),
                                  spec.project_scope->node().path());
        }
        build_spec = codebuild::BuildSpec::from_source_filename(file);
    }

    auto& project = make<codebuild::PipelineProject>(
        *spec.project_scope, spec.project_id,
        codebuild::ProjectProps{.description = spec.description.substr(0, 255),
                                .project_name = spec.project_name,
                                .build_spec = build_spec,
                                .environment = environment,
                                .role = spec.role,
                                .timeout = spec.options.timeout,
                                .cache = spec.options.cache});
    for (const auto& statement : spec.options.role_policy)
        project.add_to_role_policy(statement);

    iam::IRole* action_role = nullptr;
    if (Construct* existing = action_role_scope.node().try_find_child("CodeBuildActionRole")) {
        action_role = dynamic_cast<iam::Role*>(existing);
    }
    if (action_role == nullptr) {
        action_role = &make<iam::Role>(action_role_scope, "CodeBuildActionRole",
                                       iam::RoleProps{.assumed_by = iam::Principal(stage.pipeline().role())});
    }
    codebuild::EnvironmentVariables action_env;
    if (spec.before_self_mutation) {
        action_env.emplace_back("_PROJECT_CONFIG_HASH", codebuild::BuildEnvironmentVariable{.value = hash});
    }
    for (const auto& [name, value] : pipeline_variables) {
        action_env.emplace_back(name, codebuild::BuildEnvironmentVariable{.value = value});
    }
    for (const auto& [name, value] : spec.action_env) {
        action_env.emplace_back(name, codebuild::BuildEnvironmentVariable{.value = value});
    }
    std::vector<codepipeline::Artifact> outputs;
    if (spec.output) outputs.push_back(*spec.output);
    stage.add_action(std::make_shared<codepipeline_actions::CodeBuildAction>(
        codepipeline_actions::CodeBuildActionProps{.action_name = spec.action_name,
                                                   .input = spec.input,
                                                   .outputs = outputs,
                                                   .project = &project,
                                                   .environment_variables = action_env,
                                                   .role = action_role,
                                                   .run_order = spec.run_order}));
    return project;
}

} // namespace cdk::pipelines::detail

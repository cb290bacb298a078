#pragma once

#include "lib/codebuild/project.hpp"
#include "lib/iam/policy_statement.hpp"
#include "pipelines/stack_output_reference.hpp"
#include "pipelines/step.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cdk::pipelines {

/// Props of a ShellStep (CDK: ShellStepProps).
struct ShellStepProps {
    /// The step whose primary output is the working directory (a source or another step); when empty, the
    /// first source's output (aws-cdk-lib's fallback artifact).
    StepPtr input;
    /// Commands of the build phase.
    std::vector<std::string> commands;
    /// Commands of the install phase.
    std::vector<std::string> install_commands;
    /// Environment variables of the project, in this order.
    std::vector<std::pair<std::string, std::string>> env;
    /// Environment variables of the action from outputs of stacks deployed before the step (CDK:
    /// envFromCfnOutputs).
    std::vector<std::pair<std::string, StackOutputReference>> env_from_cfn_outputs;
    /// A directory (relative to the working directory) published as the step's primary output. The
    /// pipeline's synth step gets `cdk.out` when it has none.
    std::string primary_output_directory;
};

/// Options of a CodeBuild step beyond a shell step's (CDK: CodeBuildStepProps).
struct CodeBuildStepOptions {
    std::string project_name;
    std::optional<codebuild::BuildEnvironment> build_environment;
    std::vector<iam::PolicyStatement> role_policy_statements;
    std::optional<Duration> timeout;
};

/// A shell script run in CodeBuild (CDK: ShellStep).
class ShellStep : public Step {
public:
    ShellStep(std::string id, ShellStepProps props);

    [[nodiscard]] const ShellStepProps& props() const { return props_; }
    [[nodiscard]] bool has_primary_output() const override {
        return !props_.primary_output_directory.empty();
    }
    [[nodiscard]] const std::string& primary_output_directory() const {
        return props_.primary_output_directory;
    }
    /// Sets the directory of the primary output (CDK: primaryOutputDirectory); only once.
    void set_primary_output_directory(const std::string& directory);
    /// The CodeBuild options of a CodeBuildStep; empty for a plain shell step.
    [[nodiscard]] virtual const CodeBuildStepOptions* code_build_options() const { return nullptr; }

private:
    ShellStepProps props_;
};

/// A shell step with control over its CodeBuild project (CDK: CodeBuildStep).
class CodeBuildStep : public ShellStep {
public:
    CodeBuildStep(std::string id, ShellStepProps props, CodeBuildStepOptions options);
    [[nodiscard]] const CodeBuildStepOptions* code_build_options() const override { return &options_; }

private:
    CodeBuildStepOptions options_;
};

} // namespace cdk::pipelines

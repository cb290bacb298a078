#include "pipelines/shell_step.hpp"

#include "tokens/errors.hpp"

namespace cdk::pipelines {

ShellStep::ShellStep(std::string id, ShellStepProps props) : Step(std::move(id)), props_(std::move(props)) {
    if (props_.input && !props_.input->has_primary_output()) {
        throw ValidationError("ShellStep '" + this->id() + "': its input '" + props_.input->id() +
                              "' does not produce an output");
    }
}

void ShellStep::set_primary_output_directory(const std::string& directory) {
    if (!props_.primary_output_directory.empty() && props_.primary_output_directory != directory) {
        throw ValidationError("ShellStep '" + id() + "' already has a primary output directory '" +
                              props_.primary_output_directory + "'");
    }
    props_.primary_output_directory = directory;
}

CodeBuildStep::CodeBuildStep(std::string id, ShellStepProps props, CodeBuildStepOptions options)
    : ShellStep(std::move(id), std::move(props)), options_(std::move(options)) {}

} // namespace cdk::pipelines

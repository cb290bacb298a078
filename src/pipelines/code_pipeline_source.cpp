#include "pipelines/code_pipeline_source.hpp"

#include "tokens/errors.hpp"

namespace cdk::pipelines {
namespace {

/// CDK GitHubSource.
class GitHubSource : public CodePipelineSource {
public:
    GitHubSource(const std::string& repo_string, std::string branch, const GitHubSourceOptions& options)
        : CodePipelineSource(repo_string), branch_(std::move(branch)), options_(options) {
        const auto slash = repo_string.find('/');
        if (slash == std::string::npos || slash == 0 || slash + 1 == repo_string.size() ||
            repo_string.find('/', slash + 1) != std::string::npos) {
            throw ValidationError(
                "GitHub repository name should be a resolved string like '<owner>/<repo>', got '" +
                repo_string + "'");
        }
        owner_ = repo_string.substr(0, slash);
        repo_ = repo_string.substr(slash + 1);
    }

    void produce_action(codepipeline::Stage& stage, const std::string& action_name,
                        const codepipeline::Artifact& output, int run_order) const override {
        stage.add_action(std::make_shared<codepipeline_actions::GitHubSourceAction>(
            codepipeline_actions::GitHubSourceActionProps{
                .action_name = action_name,
                .output = output,
                .owner = owner_,
                .repo = repo_,
                .branch = branch_,
                .oauth_token = options_.authentication.value_or(SecretValue::secrets_manager("github-token")),
                .trigger = options_.trigger,
                .run_order = run_order}));
    }

private:
    std::string owner_;
    std::string repo_;
    std::string branch_;
    GitHubSourceOptions options_;
};

} // namespace

std::shared_ptr<CodePipelineSource> CodePipelineSource::git_hub(const std::string& repo_string,
                                                                const std::string& branch,
                                                                const GitHubSourceOptions& options) {
    return std::make_shared<GitHubSource>(repo_string, branch, options);
}

} // namespace cdk::pipelines

#include "pipelines/code_pipeline_source.hpp"

#include "pipelines/detail/asset_publishing.hpp"
#include "tokens/errors.hpp"
#include "tokens/token.hpp"

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

/// CDK CodeStarConnectionSource.
class ConnectionSource : public CodePipelineSource {
public:
    ConnectionSource(const std::string& repo_string, std::string branch, ConnectionSourceOptions options)
        : CodePipelineSource(repo_string), branch_(std::move(branch)), options_(std::move(options)) {
        size_t parts = 1;
        bool empty_part = repo_string.empty() || repo_string.front() == '/' || repo_string.back() == '/' ||
                          repo_string.find("//") != std::string::npos;
        for (char c : repo_string)
            parts += c == '/' ? 1 : 0;
        if (Token::is_unresolved(repo_string) || parts < 2 || parts > 23 || empty_part) {
            throw ValidationError(
                "CodeStar repository name should be a resolved string like '<owner>/<repo>' or "
                "'<owner>/<group1>/<group2>/.../<repo>', got '" +
                repo_string + "'");
        }
        if (options_.connection_arn.empty()) {
            throw ValidationError("CodePipelineSource::connection('" + repo_string +
                                  "') needs a connection_arn");
        }
        const auto slash = repo_string.find('/');
        owner_ = repo_string.substr(0, slash);
        repo_ = repo_string.substr(slash + 1);
    }

    void produce_action(codepipeline::Stage& stage, const std::string& action_name,
                        const codepipeline::Artifact& output, int run_order) const override {
        stage.add_action(std::make_shared<codepipeline_actions::CodeStarConnectionsSourceAction>(
            codepipeline_actions::CodeStarConnectionsSourceActionProps{
                .action_name = options_.action_name.empty() ? action_name : options_.action_name,
                .output = output,
                .connection_arn = options_.connection_arn,
                .owner = owner_,
                .repo = repo_,
                .branch = branch_,
                .trigger_on_push = options_.trigger_on_push,
                .code_build_clone_output = options_.code_build_clone_output,
                .run_order = run_order}));
    }

private:
    std::string owner_;
    std::string repo_;
    std::string branch_;
    ConnectionSourceOptions options_;
};

/// CDK CodeCommitSource.
class CodeCommitSource : public CodePipelineSource {
public:
    CodeCommitSource(codecommit::IRepository& repository, std::string branch, CodeCommitSourceOptions options)
        : CodePipelineSource(Token::is_unresolved(repository.repository_name())
                                 ? detail::construct_address(repository.repository_construct())
                                 : repository.repository_name()),
          repository_(&repository), branch_(std::move(branch)), options_(std::move(options)) {
        if (branch_.empty()) throw ValidationError("'branch' parameter cannot be an empty string");
    }

    void produce_action(codepipeline::Stage& stage, const std::string& /*action_name*/,
                        const codepipeline::Artifact& output, int run_order) const override {
        stage.add_action(std::make_shared<codepipeline_actions::CodeCommitSourceAction>(
            codepipeline_actions::CodeCommitSourceActionProps{
                .action_name =
                    options_.action_name.empty() ? repository_->repository_name() : options_.action_name,
                .output = output,
                .repository = repository_,
                .branch = branch_,
                .trigger = options_.trigger,
                .event_role = options_.event_role,
                .code_build_clone_output = options_.code_build_clone_output,
                .run_order = run_order}));
    }

private:
    codecommit::IRepository* repository_;
    std::string branch_;
    CodeCommitSourceOptions options_;
};

/// CDK S3Source.
class S3Source : public CodePipelineSource {
public:
    S3Source(s3::IBucket& bucket, std::string object_key, S3SourceOptions options)
        : CodePipelineSource(detail::construct_address(bucket.bucket_construct())), bucket_(&bucket),
          object_key_(std::move(object_key)), options_(std::move(options)) {
        if (object_key_.empty()) throw ValidationError("Property bucketKey cannot be an empty string");
    }

    void produce_action(codepipeline::Stage& stage, const std::string& /*action_name*/,
                        const codepipeline::Artifact& output, int run_order) const override {
        stage.add_action(
            std::make_shared<codepipeline_actions::S3SourceAction>(codepipeline_actions::S3SourceActionProps{
                .action_name = options_.action_name.empty() ? bucket_->bucket_name() : options_.action_name,
                .output = output,
                .bucket = bucket_,
                .bucket_key = object_key_,
                .trigger = options_.trigger,
                .role = options_.role,
                .run_order = run_order}));
    }

private:
    s3::IBucket* bucket_;
    std::string object_key_;
    S3SourceOptions options_;
};

} // namespace

std::shared_ptr<CodePipelineSource> CodePipelineSource::code_commit(codecommit::IRepository& repository,
                                                                    const std::string& branch,
                                                                    const CodeCommitSourceOptions& options) {
    return std::make_shared<CodeCommitSource>(repository, branch, options);
}

std::shared_ptr<CodePipelineSource> CodePipelineSource::s3(s3::IBucket& bucket, const std::string& object_key,
                                                           const S3SourceOptions& options) {
    return std::make_shared<S3Source>(bucket, object_key, options);
}

std::shared_ptr<CodePipelineSource> CodePipelineSource::connection(const std::string& repo_string,
                                                                   const std::string& branch,
                                                                   const ConnectionSourceOptions& options) {
    return std::make_shared<ConnectionSource>(repo_string, branch, options);
}

std::shared_ptr<CodePipelineSource> CodePipelineSource::git_hub(const std::string& repo_string,
                                                                const std::string& branch,
                                                                const GitHubSourceOptions& options) {
    return std::make_shared<GitHubSource>(repo_string, branch, options);
}

} // namespace cdk::pipelines

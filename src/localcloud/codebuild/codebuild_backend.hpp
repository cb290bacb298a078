#pragma once

#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/auth/caller.hpp"
#include "localcloud/iam/policy_evaluator.hpp"
#include "localcloud/server/cloud_context.hpp"
#include "localcloud/server/service.hpp"

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace cdk::localcloud::codebuild {

class BuildRunner;

/// Who asks, where, and with which condition keys: one CodeBuild operation's authorization input.
struct CodeBuildCall {
    Caller caller;
    std::string region;
    iam::Context context;
};

/// A source handed to a build as a directory prepared by the caller (CodePipeline's input artifacts): the
/// first is the primary source (CODEBUILD_SRC_DIR), the others secondary sources named by `name`
/// (CODEBUILD_SRC_DIR_<name>). The directory is copied, never changed.
struct InputArtifact {
    std::string name;
    std::filesystem::path dir;
};

/// Where a CODEPIPELINE artifact of the build goes: the zip of the primary artifact (the first) or of the
/// secondary artifact whose identifier is `name` is written to `zip_file`.
struct OutputArtifact {
    std::string name;
    std::filesystem::path zip_file;
};

/// StartBuild, as the API takes it (`input`: projectName and the *Override members, sourceVersion …) plus
/// what only an in-process caller gives: CodePipeline's input and output artifacts, its initiator
/// ("codepipeline/<pipeline>"), and a callback run with the final build record when the build has ended.
struct StartBuildRequest {
    CodeBuildCall call;
    Json input = Json::object();
    std::vector<InputArtifact> input_artifacts;
    std::vector<OutputArtifact> output_artifacts;
    std::string initiator; ///< "" = from the caller (user name, or role/session)
    std::function<void(const Json& build)> on_complete;
    /// The action authorized on the project (RetryBuild starts builds as codebuild:RetryBuild).
    std::string action = "codebuild:StartBuild";
};

/// CodeBuild projects and builds of one localcloud. Projects and builds are store entities (kinds
/// `codebuild:project`, `codebuild:build` keyed by the build id `<project>:<uuid>`, and the global index
/// `codebuild:running` of builds not yet ended); builds run on the BuildRunner's worker pool. Every method
/// authorizes `codebuild:<Action>` on the project's ARN as the call's caller.
class CodeBuildBackend {
public:
    CodeBuildBackend(CloudContext& cloud, ServiceRegistry& services);
    ~CodeBuildBackend();
    CodeBuildBackend(const CodeBuildBackend&) = delete;
    CodeBuildBackend& operator=(const CodeBuildBackend&) = delete;

    /// Stops every build and the worker pool (the service calls it before the other services go away); the
    /// project API keeps working for the CloudFormation provider.
    void shutdown();

    [[nodiscard]] Result<Json> create_project(const CodeBuildCall& call, const Json& input);
    [[nodiscard]] Result<Json> update_project(const CodeBuildCall& call, const Json& input);
    [[nodiscard]] Result<void> delete_project(const CodeBuildCall& call, const std::string& name);
    /// {projects, projectsNotFound}
    [[nodiscard]] Result<Json> batch_get_projects(const CodeBuildCall& call, const Json& names);
    [[nodiscard]] Result<Json> list_projects(const CodeBuildCall& call, const Json& input);

    /// Records the build (SUBMITTED, QUEUED) and queues it; returns the build as StartBuild does. The entry
    /// point CodePipeline calls with its artifacts.
    [[nodiscard]] Result<Json> start_build(const StartBuildRequest& request);
    /// {builds, buildsNotFound}
    [[nodiscard]] Result<Json> batch_get_builds(const CodeBuildCall& call, const Json& ids);
    /// Stops the build (its process group is killed) and returns it once it has ended (or after 5 s).
    [[nodiscard]] Result<Json> stop_build(const CodeBuildCall& call, const std::string& id);
    [[nodiscard]] Result<Json> list_builds_for_project(const CodeBuildCall& call, const Json& input);
    /// Starts a new build of the project with the settings of build `id`.
    [[nodiscard]] Result<Json> retry_build(const CodeBuildCall& call, const std::string& id);

    /// The stored build record without authorization (for the runner and in-process callers).
    [[nodiscard]] Result<Json> load_build(const std::string& account, const std::string& region,
                                          const std::string& id);

    /// The stored project without authorization (CodePipeline's CodeBuild action reads its service role, as
    /// CodeBuild itself does to fetch a CODEPIPELINE source).
    [[nodiscard]] Result<Json> load_project(const std::string& account, const std::string& region,
                                            const std::string& name);

    [[nodiscard]] static std::string project_arn(const std::string& region, const std::string& account,
                                                 const std::string& name);
    /// The API shape of a stored record: members starting with '_' (runner bookkeeping) removed.
    [[nodiscard]] static Json public_view(const Json& record);

private:
    Result<void> authorize(Tx& tx, const CodeBuildCall& call, const std::string& action,
                           const std::string& resource, const std::string& account);
    /// Builds that were queued or running when localcloud last stopped end FAILED (their processes, if any
    /// survived a kill -9 of the server, are killed).
    void recover();

    CloudContext& cloud_;
    ServiceRegistry& services_;
    std::unique_ptr<BuildRunner> runner_;
};

} // namespace cdk::localcloud::codebuild

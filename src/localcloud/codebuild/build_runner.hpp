#pragma once

#include "core/json.hpp"
#include "localcloud/codebuild/codebuild_backend.hpp"
#include "localcloud/codebuild/container_credentials.hpp"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <sys/types.h>
#include <thread>
#include <vector>

namespace cdk::localcloud::codebuild {

/// One queued build: where its record is, and what an in-process caller gave StartBuild beyond the API.
struct BuildJob {
    std::string account;
    std::string region;
    std::string id;
    std::vector<InputArtifact> input_artifacts;
    std::vector<OutputArtifact> output_artifacts;
    std::function<void(const Json& build)> on_complete;
};

/// The worker pool that runs builds (at most `workers` at once, `$CDKPP_LOCALCLOUD_CODEBUILD_WORKERS`,
/// default 8; the rest wait QUEUED). Each build runs in its own directory under `<data
/// dir>/codebuild/builds/<uuid>/` as its own process groups, with the project's service role assumed as
/// codebuild.amazonaws.com and served to it through the container-credentials endpoint. See
/// docs/localcloud-codebuild.md.
class BuildRunner {
public:
    BuildRunner(CloudContext& cloud, ServiceRegistry& services, CodeBuildBackend& backend);
    /// Stops every build (their records end FAILED: localcloud stopped) and joins the workers.
    ~BuildRunner();
    BuildRunner(const BuildRunner&) = delete;
    BuildRunner& operator=(const BuildRunner&) = delete;

    void submit(BuildJob job);
    /// Asks the build to stop; false when it is neither queued nor running here.
    bool stop(const std::string& build_id);
    /// Whether the build is queued or running here.
    [[nodiscard]] bool active(const std::string& build_id);

private:
    struct Running {
        std::atomic<bool> stop{false};
        std::atomic<pid_t> process_group{0};
    };
    void work();
    void run(BuildJob& job, Running& control);

    CloudContext& cloud_;
    ServiceRegistry& services_;
    CodeBuildBackend& backend_;
    ContainerCredentials credentials_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<BuildJob> queue_;
    std::map<std::string, std::shared_ptr<Running>> controls_; ///< queued and running builds, by id
    bool shutting_down_ = false;
    std::vector<std::thread> workers_;
};

} // namespace cdk::localcloud::codebuild

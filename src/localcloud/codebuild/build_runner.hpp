#pragma once

#include "core/json.hpp"
#include "localcloud/codebuild/codebuild_backend.hpp"
#include "localcloud/codebuild/container_credentials.hpp"
#include "localcloud/codebuild/sandbox.hpp"

#include <atomic>
#include <chrono>
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
    /// The build's queuedTimeoutInMinutes: it ends TIMED_OUT in QUEUED when no worker took it by then.
    int queued_timeout_minutes = 480;
    std::chrono::steady_clock::time_point queued_deadline{}; ///< set by submit
};

/// `$CDKPP_LOCALCLOUD_CODEBUILD_TIMEOUT_SCALE`: a build's timeoutInMinutes and queuedTimeoutInMinutes are
/// taken times this factor, so that a test sees a 5-minute timeout in seconds; 1 when unset or not a positive
/// number.
[[nodiscard]] double timeout_scale();

/// The worker pool that runs builds (at most `workers` at once, `$CDKPP_LOCALCLOUD_CODEBUILD_WORKERS`,
/// default 8; the rest wait QUEUED, each until its queuedTimeoutInMinutes). Each build runs in its own
/// directory under `<data dir>/codebuild/builds/<uuid>/` as its own process groups, with the project's
/// service role assumed as codebuild.amazonaws.com and served to it through the container-credentials
/// endpoint, each command under bubblewrap when the sandbox setting allows it (sandbox.hpp). See
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
    /// Ends the queued builds whose queuedTimeoutInMinutes passed (a thread of its own: the workers may all
    /// be busy).
    void watch_queue();
    /// Records a build that timed out in the queue: QUEUED TIMED_OUT, then COMPLETED.
    void time_out_queued(BuildJob& job);
    void run(BuildJob& job, Running& control);

    CloudContext& cloud_;
    ServiceRegistry& services_;
    CodeBuildBackend& backend_;
    ContainerCredentials credentials_;
    Sandbox sandbox_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable queue_changed_; ///< wakes watch_queue
    std::deque<BuildJob> queue_;
    std::map<std::string, std::shared_ptr<Running>> controls_; ///< queued and running builds, by id
    bool shutting_down_ = false;
    std::vector<std::thread> workers_;
};

} // namespace cdk::localcloud::codebuild

#pragma once

#include "localcloud/server/cloud_context.hpp"
#include "localcloud/server/service.hpp"
#include "localcloud/state/store.hpp"

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace cdk::localcloud::codebuild {

/// Where a build's output goes, one line (one log event) at a time, as CodeBuild writes it to CloudWatch Logs
/// group `/aws/codebuild/<project>`, stream `<build uuid>`. Lines are the [Container] phase lines of the
/// runner and the commands' own output.
class BuildLogSink {
public:
    virtual ~BuildLogSink() = default;
    virtual void write(std::chrono::system_clock::time_point time, std::string_view line) = 0;
    /// Makes what was written visible to readers; with `tx`, inside that open store transaction (the runner
    /// flushes in the transaction that saves each phase transition: one commit for both).
    virtual void flush(Tx* tx) { (void)tx; }
};

/// The log as a file in the build's directory (`build.log`), always written: BatchGetBuilds' `logs.deepLink`
/// names it, and it is what a reader without CloudWatch Logs has.
class FileLogSink final : public BuildLogSink {
public:
    explicit FileLogSink(std::filesystem::path file);
    ~FileLogSink() override;
    FileLogSink(const FileLogSink&) = delete;
    FileLogSink& operator=(const FileLogSink&) = delete;
    void write(std::chrono::system_clock::time_point time, std::string_view line) override;

private:
    std::mutex mutex_;
    std::FILE* file_ = nullptr;
};

/// Opens the sink of one build: `build.log` in its directory and, when localcloud serves CloudWatch Logs, the
/// stream `stream` of `group` in the build's account and region (created when missing, as CodeBuild creates
/// them). Lines are batched into one append per flush, at most `kMaxBatch` lines or one second apart.
[[nodiscard]] std::unique_ptr<BuildLogSink>
open_build_log(CloudContext& cloud, const ServiceRegistry& services, const Scope& scope,
               const std::filesystem::path& file, const std::string& group, const std::string& stream);

} // namespace cdk::localcloud::codebuild

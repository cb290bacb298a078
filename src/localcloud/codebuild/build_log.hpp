#pragma once

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

/// Opens the sink of one build: the file sink (see build_log.cpp for CloudWatch Logs).
[[nodiscard]] std::unique_ptr<BuildLogSink> open_build_log(const std::filesystem::path& file,
                                                           const std::string& group, const std::string& stream);

} // namespace cdk::localcloud::codebuild

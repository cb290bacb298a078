#include "localcloud/codebuild/build_log.hpp"

#include "core/strings.hpp"
#include "localcloud/logs/logs_backend.hpp"

#include <cstdio>
#include <vector>

namespace cdk::localcloud::codebuild {

FileLogSink::FileLogSink(std::filesystem::path file) : file_(std::fopen(file.c_str(), "ab")) {}

FileLogSink::~FileLogSink() {
    if (file_ != nullptr) std::fclose(file_);
}

void FileLogSink::write(std::chrono::system_clock::time_point, std::string_view line) {
    std::lock_guard lock(mutex_);
    if (file_ == nullptr) return;
    std::fwrite(line.data(), 1, line.size(), file_);
    std::fputc('\n', file_);
    std::fflush(file_);
}

namespace {

/// Lines written between two appends to CloudWatch Logs, at most.
constexpr std::size_t kMaxBatch = 500;

/// The file and CloudWatch Logs: each line to the file at once, to the log stream in batches.
class CloudWatchLogSink final : public BuildLogSink {
public:
    CloudWatchLogSink(CloudContext& cloud, Scope scope, const std::filesystem::path& file, std::string group,
                      std::string stream)
        : file_(file), logs_(cloud), scope_(std::move(scope)), group_(std::move(group)),
          stream_(std::move(stream)) {}
    ~CloudWatchLogSink() override { flush(nullptr); }
    CloudWatchLogSink(const CloudWatchLogSink&) = delete;
    CloudWatchLogSink& operator=(const CloudWatchLogSink&) = delete;

    void write(std::chrono::system_clock::time_point time, std::string_view line) override {
        file_.write(time, line);
        bool full = false;
        {
            std::lock_guard lock(mutex_);
            const long long ms =
                std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
            // CloudWatch Logs holds UTF-8 text; a command may print any bytes.
            pending_.push_back(logs::LogEvent{ms, strings::to_valid_utf8(line)});
            if (pending_.size() == 1) first_ = std::chrono::steady_clock::now();
            full = pending_.size() >= kMaxBatch ||
                   std::chrono::steady_clock::now() - first_ > std::chrono::seconds(1);
        }
        if (full) flush(nullptr);
    }

    void flush(Tx* tx) override {
        std::vector<logs::LogEvent> batch;
        {
            std::lock_guard lock(mutex_);
            batch.swap(pending_);
        }
        if (batch.empty()) return;
        if (tx != nullptr)
            (void)logs_.append(*tx, scope_, group_, stream_, batch);
        else
            (void)logs_.append(scope_, group_, stream_, batch);
    }

private:
    FileLogSink file_;
    logs::LogsBackend logs_;
    Scope scope_;
    std::string group_;
    std::string stream_;
    std::mutex mutex_;
    std::vector<logs::LogEvent> pending_;
    std::chrono::steady_clock::time_point first_;
};

} // namespace

std::unique_ptr<BuildLogSink> open_build_log(CloudContext& cloud, const ServiceRegistry& services,
                                             const Scope& scope, const std::filesystem::path& file,
                                             const std::string& group, const std::string& stream) {
    if (services.find("logs") == nullptr) return std::make_unique<FileLogSink>(file);
    return std::make_unique<CloudWatchLogSink>(cloud, scope, file, group, stream);
}

} // namespace cdk::localcloud::codebuild

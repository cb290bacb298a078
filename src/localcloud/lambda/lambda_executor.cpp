#include "localcloud/lambda/lambda_executor.hpp"

#include <filesystem>
#include <utility>

namespace cdk::localcloud::lambda {

std::shared_ptr<Executor> Executor::of(CloudContext& cloud) {
    // Keyed by the context's address and data directory: one cloud per server, a few in tests (a context made
    // later at the address of a destroyed one, with another store, must not find the old sessions). Never
    // released: the functions' async invocations may outlive any backend object.
    static std::mutex mutex;
    static std::map<std::pair<const CloudContext*, std::string>, std::shared_ptr<Executor>> executors;
    std::lock_guard lock(mutex);
    auto& e = executors[{&cloud, cloud.data_dir.string()}];
    if (!e) e = std::make_shared<Executor>(cloud);
    return e;
}

bool Executor::acquire(const std::string& function_arn, long long reserved) {
    std::lock_guard lock(mutex_);
    long long& n = running_[function_arn];
    if (reserved >= 0 && n >= reserved) return false;
    ++n;
    return true;
}

void Executor::release(const std::string& function_arn) {
    std::lock_guard lock(mutex_);
    auto it = running_.find(function_arn);
    if (it == running_.end()) return;
    if (--it->second <= 0) running_.erase(it);
}

Executor::CodeHold::CodeHold(Executor& executor, std::vector<std::string> dirs)
    : executor_(executor), dirs_(std::move(dirs)) {
    std::lock_guard lock(executor_.mutex_);
    for (const auto& d : dirs_)
        ++executor_.code_holders_[d];
}

Executor::CodeHold::~CodeHold() {
    std::vector<std::string> remove;
    {
        std::lock_guard lock(executor_.mutex_);
        for (const auto& d : dirs_) {
            auto it = executor_.code_holders_.find(d);
            if (it == executor_.code_holders_.end() || --it->second > 0) continue;
            executor_.code_holders_.erase(it);
            if (executor_.discarded_.erase(d) > 0) remove.push_back(d);
        }
    }
    std::error_code ec;
    for (const auto& d : remove)
        std::filesystem::remove_all(d, ec);
}

void Executor::discard_code(const std::string& dir) {
    if (dir.empty()) return;
    {
        std::lock_guard lock(mutex_);
        if (code_holders_.contains(dir)) {
            discarded_.insert(dir);
            return;
        }
    }
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
}

} // namespace cdk::localcloud::lambda

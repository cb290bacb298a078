#include "localcloud/lambda/lambda_executor.hpp"

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

} // namespace cdk::localcloud::lambda

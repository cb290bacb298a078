#include "localcloud/lambda/lambda_executor.hpp"

namespace cdk::localcloud::lambda {

std::shared_ptr<Executor> Executor::of(CloudContext& cloud) {
    // Keyed by the context's address: one cloud per server, a few in tests; never released (the functions' async
    // invocations may outlive any backend object).
    static std::mutex mutex;
    static std::map<const CloudContext*, std::shared_ptr<Executor>> executors;
    std::lock_guard lock(mutex);
    auto& e = executors[&cloud];
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

#include "tokens/lazy.hpp"

#include "tokens/token.hpp"

#include <memory>
#include <mutex>
#include <optional>

namespace cdk {
namespace {

class LazyValue : public IResolvable {
public:
    LazyValue(Lazy::Producer producer, bool cached) : producer_(std::move(producer)), cached_(cached) {}

    Json resolve(ResolveContext& context) const override {
        if (!cached_) {
            return producer_(context);
        }
        {
            std::lock_guard lock(mutex_);
            if (cache_) {
                return *cache_;
            }
        }
        // The producer runs unlocked (it may resolve other lazies); if two threads race, the first result
        // stays.
        Json value = producer_(context);
        std::lock_guard lock(mutex_);
        if (!cache_) {
            cache_ = std::move(value);
        }
        return *cache_;
    }
    std::string display_hint() const override { return "Lazy"; }
    /// A cached lazy returns its first value ever after; an uncached one runs its producer every time.
    bool stable_across_passes() const override { return cached_; }

private:
    Lazy::Producer producer_;
    bool cached_;
    mutable std::mutex mutex_; // stacks of different stages may resolve the same lazy at once
    mutable std::optional<Json> cache_;
};

ResolvablePtr make_lazy(Lazy::Producer producer, bool cached) {
    return std::make_shared<LazyValue>(std::move(producer), cached);
}

} // namespace

std::string Lazy::string(std::function<std::string()> producer) {
    return Token::as_string(
        make_lazy([p = std::move(producer)](ResolveContext&) { return Json(p()); }, true));
}

std::vector<std::string> Lazy::list(std::function<std::vector<std::string>()> producer) {
    return Token::as_list(make_lazy([p = std::move(producer)](ResolveContext&) { return Json(p()); }, true));
}

double Lazy::number(std::function<double()> producer) {
    return Token::as_number(
        make_lazy([p = std::move(producer)](ResolveContext&) { return Json(p()); }, true));
}

Json Lazy::any(Producer producer) {
    return Token::as_any(make_lazy(std::move(producer), true));
}

std::string Lazy::uncached_string(std::function<std::string()> producer) {
    return Token::as_string(
        make_lazy([p = std::move(producer)](ResolveContext&) { return Json(p()); }, false));
}

Json Lazy::uncached_any(Producer producer) {
    return Token::as_any(make_lazy(std::move(producer), false));
}

} // namespace cdk

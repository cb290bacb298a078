#include "synth/detail/prepared_fragments.hpp"

namespace cdk::detail {

void PreparedFragments::add(const CfnElement& element, Json fragment) {
    fragments_.insert_or_assign(&element, std::optional<Json>(std::move(fragment)));
}

std::optional<Json> PreparedFragments::take(const CfnElement& element) {
    // find() does not modify the table, so takers on several threads do not race; each one modifies only
    // the slot of its own element.
    const auto it = fragments_.find(&element);
    if (it == fragments_.end() || !it->second) {
        return std::nullopt;
    }
    std::optional<Json> out = std::move(it->second);
    it->second.reset();
    return out;
}

} // namespace cdk::detail

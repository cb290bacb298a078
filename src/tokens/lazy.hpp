#pragma once

#include "core/json.hpp"
#include "tokens/resolvable.hpp"

#include <functional>
#include <string>
#include <vector>

namespace cdk {

/// Values computed when the app synthesizes (CDK: Lazy). The producer runs at the first resolution and
/// its result is cached, unless `uncached_*` is used. A producer may return `Token::undefined()`.
class Lazy {
public:
    using Producer = std::function<Json(ResolveContext&)>;

    [[nodiscard]] static std::string string(std::function<std::string()> producer);
    [[nodiscard]] static std::vector<std::string> list(std::function<std::vector<std::string>()> producer);
    [[nodiscard]] static double number(std::function<double()> producer);
    /// Any value; the result is a Json marker that resolves to what the producer returns.
    [[nodiscard]] static Json any(Producer producer);
    [[nodiscard]] static std::string uncached_string(std::function<std::string()> producer);
    [[nodiscard]] static Json uncached_any(Producer producer);
};

} // namespace cdk

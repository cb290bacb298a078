#pragma once

#include "constructs/construct.hpp"

#include <typeinfo>
#include <utility>
#include <vector>

namespace cdk::detail {

/// `dynamic_cast<T*>` over the constructs of a tree, remembering per dynamic type when the cast fails.
/// A failing dynamic_cast walks the class hierarchy (~300 instructions for a Stack); a big tree has
/// thousands of constructs of a handful of types, most of which are not `T`. One cache per traversal
/// (not thread-safe; types are keyed by their type_info's address, so a type seen under two addresses
/// is merely looked up twice).
template <typename T> class KindCache {
public:
    [[nodiscard]] T* cast(Construct* c) {
        const std::type_info* type = &typeid(*c);
        for (const auto& [seen, is_t] : seen_) {
            if (seen == type) {
                return is_t ? dynamic_cast<T*>(c) : nullptr;
            }
        }
        T* out = dynamic_cast<T*>(c);
        seen_.emplace_back(type, out != nullptr);
        return out;
    }
    [[nodiscard]] const T* cast(const Construct* c) { return cast(const_cast<Construct*>(c)); }

private:
    std::vector<std::pair<const std::type_info*, bool>> seen_;
};

} // namespace cdk::detail

#include "tokens/intrinsic.hpp"

namespace cdk {

Json Intrinsic::resolve(ResolveContext& /*context*/) const {
    return value_;
}

} // namespace cdk

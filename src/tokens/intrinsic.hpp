#pragma once

#include "core/json.hpp"
#include "tokens/resolvable.hpp"

#include <memory>
#include <string>

namespace cdk {

/// A token that resolves to a fixed CloudFormation value, e.g. `{"Ref": "X"}` (CDK: Intrinsic).
/// The value may itself contain tokens.
class Intrinsic : public IResolvable {
public:
    explicit Intrinsic(Json value, std::string display_hint = "TOKEN")
        : value_(std::move(value)), hint_(std::move(display_hint)) {}

    [[nodiscard]] Json resolve(ResolveContext& context) const override;
    [[nodiscard]] std::string display_hint() const override { return hint_; }
    [[nodiscard]] bool stable_across_passes() const override { return true; }
    /// The raw value this intrinsic stands for.
    [[nodiscard]] const Json& value() const { return value_; }

    /// Makes a shared intrinsic (tokens are always held by shared pointers).
    [[nodiscard]] static std::shared_ptr<Intrinsic> make(Json value, std::string display_hint = "TOKEN") {
        return std::make_shared<Intrinsic>(std::move(value), std::move(display_hint));
    }

private:
    Json value_;
    std::string hint_;
};

} // namespace cdk

#pragma once

#include "cfn/cfn_element.hpp"

namespace cdk {

/// Props of a template condition.
struct CfnConditionProps {
    /// The expression, e.g. `Fn::condition_equals(...)`.
    Json expression = Json(Json::value_t::discarded);
};

/// A template condition (CDK: CfnCondition). Use `expression()` inside other condition functions
/// and `cfn_options().condition` of resources and outputs.
class CfnCondition : public CfnElement {
public:
    CfnCondition(Construct& scope, std::string_view id, const CfnConditionProps& props = {});

    /// A token resolving to `{"Condition": <logical id>}`.
    [[nodiscard]] Json expression() const;
    void set_expression(Json expression) { expression_ = std::move(expression); }
    [[nodiscard]] Json to_cloudformation() const override;

private:
    Json expression_;
};

} // namespace cdk

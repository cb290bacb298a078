#pragma once

#include "cfn/cfn_element.hpp"

#include <string>
#include <vector>

namespace cdk {

/// One assertion of a rule.
struct CfnRuleAssertion {
    Json assert_expression;
    std::string assert_description;
};

/// Props of a template rule (CDK: CfnRuleProps).
struct CfnRuleProps {
    /// When the rule applies; always when unset.
    Json rule_condition = Json(Json::value_t::discarded);
    std::vector<CfnRuleAssertion> assertions;
};

/// A template rule that validates parameters before deployment (CDK: CfnRule).
class CfnRule : public CfnRefElement {
public:
    CfnRule(Construct& scope, std::string_view id, const CfnRuleProps& props = {});

    void add_assertion(Json condition, const std::string& description);
    [[nodiscard]] Json to_cloudformation() const override;

private:
    CfnRuleProps props_;
};

} // namespace cdk

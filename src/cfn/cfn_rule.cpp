#include "cfn/cfn_rule.hpp"

namespace cdk {

CfnRule::CfnRule(Construct& scope, std::string_view id, const CfnRuleProps& props)
    : CfnRefElement(scope, id), props_(props) {}

void CfnRule::add_assertion(Json condition, const std::string& description) {
    props_.assertions.push_back({std::move(condition), description});
}

Json CfnRule::to_cloudformation() const {
    Json rule = Json::object();
    if (!props_.rule_condition.is_discarded()) {
        rule["RuleCondition"] = props_.rule_condition;
    }
    if (!props_.assertions.empty()) {
        Json list = Json::array();
        for (const auto& a : props_.assertions) {
            list.push_back(
                Json{{"Assert", a.assert_expression}, {"AssertDescription", a.assert_description}});
        }
        rule["Assertions"] = list;
    }
    return Json{{"Rules", {{logical_id(), rule}}}};
}

} // namespace cdk

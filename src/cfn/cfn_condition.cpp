#include "cfn/cfn_condition.hpp"

#include "tokens/token.hpp"

#include <memory>

namespace cdk {
namespace {

class ConditionRef : public IResolvable {
public:
    explicit ConditionRef(const CfnCondition& condition) : condition_(&condition) {}
    Json resolve(ResolveContext& /*context*/) const override {
        return Json{{"Condition", condition_->logical_id()}};
    }
    std::string display_hint() const override { return "Condition"; }
    bool stable_across_passes() const override { return true; }

private:
    const CfnCondition* condition_;
};

} // namespace

CfnCondition::CfnCondition(Construct& scope, std::string_view id, const CfnConditionProps& props)
    : CfnElement(scope, id), expression_(props.expression) {}

Json CfnCondition::expression() const {
    return Token::as_any(std::make_shared<ConditionRef>(*this));
}

Json CfnCondition::to_cloudformation() const {
    if (expression_.is_discarded()) {
        return Json::object();
    }
    return Json{{"Conditions", {{logical_id(), expression_}}}};
}

} // namespace cdk

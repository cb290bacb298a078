#include "cfn/cfn_output.hpp"

#include "cfn/cfn_condition.hpp"
#include "tokens/errors.hpp"
#include "tokens/fn.hpp"

namespace cdk {

CfnOutput::CfnOutput(Construct& scope, std::string_view id, const CfnOutputProps& props)
    : CfnElement(scope, id), props_(props) {
    if (props_.value.is_discarded() || props_.value.is_null()) {
        throw ValidationError("CfnOutput value is required; give it a value", node().path());
    }
}

std::string CfnOutput::import_value() const {
    if (props_.export_name.empty()) {
        throw ValidationError("cannot import an output without an export name; set export_name",
                              node().path());
    }
    return Fn::import_value(props_.export_name);
}

Json CfnOutput::to_cloudformation() const {
    Json o = Json::object();
    if (!props_.description.empty()) {
        o["Description"] = props_.description;
    }
    o["Value"] = props_.value;
    if (!props_.export_name.empty()) {
        o["Export"] = Json{{"Name", props_.export_name}};
    }
    if (props_.condition != nullptr) {
        o["Condition"] = props_.condition->logical_id();
    }
    return Json{{"Outputs", {{logical_id(), o}}}};
}

} // namespace cdk

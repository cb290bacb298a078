#include "cfn/cfn_parameter.hpp"

#include "cfn/cfn_reference.hpp"
#include "tokens/errors.hpp"
#include "tokens/token.hpp"

namespace cdk {
namespace {

Json number_json(double d) {
    if (d == static_cast<double>(static_cast<long long>(d))) {
        return static_cast<long long>(d);
    }
    return d;
}

} // namespace

CfnParameter::CfnParameter(Construct& scope, std::string_view id, const CfnParameterProps& props)
    : CfnElement(scope, id), props_(props) {
    if (props_.type.empty()) {
        throw ValidationError("a parameter needs a type, e.g. String or Number", node().path());
    }
}

std::string CfnParameter::value_as_string() const {
    return Token::as_string(reference_for("Ref"));
}

double CfnParameter::value_as_number() const {
    if (props_.type != "Number") {
        throw ValidationError("parameter type (" + props_.type + ") is not a number type", node().path(),
                              props_.type);
    }
    return Token::as_number(reference_for("Ref"));
}

std::vector<std::string> CfnParameter::value_as_list() const {
    const bool list = props_.type.find("List<") != std::string::npos || props_.type == "CommaDelimitedList";
    if (!list) {
        throw ValidationError("parameter type (" + props_.type + ") is not a list type", node().path(),
                              props_.type);
    }
    return Token::as_list(reference_for("Ref"));
}

Json CfnParameter::to_cloudformation() const {
    Json p = Json::object();
    p["Type"] = props_.type;
    if (!props_.default_value.is_discarded()) {
        p["Default"] = props_.default_value;
    }
    if (!props_.allowed_pattern.empty()) {
        p["AllowedPattern"] = props_.allowed_pattern;
    }
    if (!props_.allowed_values.empty()) {
        p["AllowedValues"] = props_.allowed_values;
    }
    if (!props_.constraint_description.empty()) {
        p["ConstraintDescription"] = props_.constraint_description;
    }
    if (!props_.description.empty()) {
        p["Description"] = props_.description;
    }
    if (props_.max_length) {
        p["MaxLength"] = number_json(*props_.max_length);
    }
    if (props_.max_value) {
        p["MaxValue"] = number_json(*props_.max_value);
    }
    if (props_.min_length) {
        p["MinLength"] = number_json(*props_.min_length);
    }
    if (props_.min_value) {
        p["MinValue"] = number_json(*props_.min_value);
    }
    if (props_.no_echo) {
        p["NoEcho"] = true;
    }
    return Json{{"Parameters", {{logical_id(), p}}}};
}

} // namespace cdk

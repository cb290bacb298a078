#pragma once

#include "cfn/cfn_element.hpp"

#include <optional>
#include <string>
#include <vector>

namespace cdk {

/// Props of a template parameter (CDK: CfnParameterProps).
struct CfnParameterProps {
    std::string type = "String";
    /// Default value (string or number); unset when discarded.
    Json default_value = Json(Json::value_t::discarded);
    std::string allowed_pattern;
    std::vector<std::string> allowed_values;
    std::string constraint_description;
    std::string description;
    std::optional<double> max_length;
    std::optional<double> max_value;
    std::optional<double> min_length;
    std::optional<double> min_value;
    bool no_echo = false;
};

/// A template parameter (CDK: CfnParameter).
class CfnParameter : public CfnElement {
public:
    CfnParameter(Construct& scope, std::string_view id, const CfnParameterProps& props = {});

    /// `{"Ref": <param>}` as a string token (CDK: valueAsString).
    [[nodiscard]] std::string value_as_string() const;
    /// As a number token; throws unless the type is Number.
    [[nodiscard]] double value_as_number() const;
    /// As a list token; throws unless the type is a list type.
    [[nodiscard]] std::vector<std::string> value_as_list() const;
    [[nodiscard]] const std::string& type() const { return props_.type; }
    [[nodiscard]] Json to_cloudformation() const override;

private:
    CfnParameterProps props_;
};

} // namespace cdk

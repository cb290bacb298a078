#pragma once

#include "core/json.hpp"
#include "core/result.hpp"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cdk::localcloud::cloudformation {

/// One `Parameters.member.N` of CreateStack/UpdateStack/CreateChangeSet.
struct ParameterInput {
    std::string key;
    std::optional<std::string> value;
    bool use_previous = false;
};

/// A parameter as the template declares it (its entry in Parameters). Constraint values keep the text the
/// template gave (a number is written as CloudFormation writes it), for the messages that quote them.
struct ParameterDeclaration {
    std::string key;
    std::string type = "String";
    std::optional<std::string> default_value;
    std::optional<std::string> description;
    bool no_echo = false;
    std::optional<std::vector<std::string>> allowed_values; ///< only when AllowedValues is a list
    std::optional<std::string> allowed_pattern;
    std::optional<std::string> min_length;
    std::optional<std::string> max_length;
    std::optional<std::string> min_value;
    std::optional<std::string> max_value;
    /// GetTemplateSummary's ParameterDeclaration.
    [[nodiscard]] Json summary_json() const;
    /// ValidateTemplate's TemplateParameter.
    [[nodiscard]] Json template_parameter_json() const;
};

/// The template's Parameters section, in its order ([] when there is none or it is not a mapping). A
/// declaration is JSON (a template fragment) until this reads it.
[[nodiscard]] std::vector<ParameterDeclaration> declared_parameters(const Json& template_doc);

/// One of DescribeStacks' (and DescribeChangeSet's) Parameters.
struct StackParameter {
    std::string key;
    std::string value;                         ///< "****" for NoEcho
    std::optional<std::string> resolved_value; ///< an SSM parameter type's value
    [[nodiscard]] Json to_json() const;
    [[nodiscard]] static StackParameter from_json(const Json& doc);
    bool operator==(const StackParameter&) const = default;
};

/// Parameters after defaults, UsePreviousValue, validation and SSM resolution.
struct ResolvedParameters {
    /// Values for the evaluator: strings, or arrays of strings for list types.
    std::map<std::string, Json> values;
    /// The values as given (before SSM resolution), kept for UsePreviousValue.
    std::map<std::string, std::string> raw;
    /// DescribeStacks' Parameters.
    std::vector<StackParameter> described;
};

/// Reads an SSM parameter's value in the stack's account and region (for AWS::SSM::Parameter::Value<…>).
using SsmLookup = std::function<Result<std::string>(const std::string& name)>;

/// Applies defaults and UsePreviousValue (`previous`: the stack's raw values), validates types and
/// constraints with CloudFormation's messages, and resolves SSM parameter types.
[[nodiscard]] Result<ResolvedParameters>
resolve_parameters(const Json& template_doc, const std::vector<ParameterInput>& given,
                   const std::map<std::string, std::string>& previous, const SsmLookup& ssm);

} // namespace cdk::localcloud::cloudformation

#pragma once

#include "core/json.hpp"
#include "core/result.hpp"

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>

namespace cdk::localcloud::cloudformation {

/// The pseudo parameters of one stack (AWS::AccountId, AWS::Region, …).
struct PseudoParameters {
    std::string account;
    std::string region;
    std::string stack_name;
    std::string stack_id;
    Json notification_arns = Json::array();
    [[nodiscard]] std::string partition() const;
    [[nodiscard]] std::string url_suffix() const;
};

/// What the evaluator asks the engine about resources and exports while resolving.
struct ResourceLookup {
    /// Ref of a resource: its physical id (nullopt: the resource does not exist yet).
    std::function<std::optional<Json>(const std::string& logical_id)> ref;
    /// Fn::GetAtt; an error (ValidationError) when the attribute is unknown or the resource not provisioned.
    std::function<Result<Json>(const std::string& logical_id, const std::string& attribute)> get_att;
    /// Fn::ImportValue: the export's value; ValidationError "No export named X found." when absent.
    std::function<Result<Json>(const std::string& export_name)> import_value;
};

/// The value a property resolves to when it references `AWS::NoValue`: removed from its object or list.
[[nodiscard]] bool is_no_value(const Json& value);

/// Evaluates a template's intrinsic functions, conditions and rules for one stack. Parameters are the
/// resolved values (strings, or arrays of strings for list types).
class Evaluator {
public:
    Evaluator(const Json& template_doc, std::map<std::string, Json> parameters, PseudoParameters pseudo,
              ResourceLookup lookup);

    /// Evaluates every entry of Conditions (memoised; references between conditions allowed).
    [[nodiscard]] Result<void> evaluate_conditions();
    /// The value of a condition (after evaluate_conditions); unknown names are false.
    [[nodiscard]] bool condition(const std::string& name) const;
    /// Whether a resource or output with this `Condition` attribute (possibly absent) is included.
    [[nodiscard]] bool included(const Json& entity) const;

    /// Resolves every intrinsic in `value`; AWS::NoValue members are removed from objects and lists.
    [[nodiscard]] Result<Json> resolve(const Json& value) const;

    /// Evaluates the Rules section; the first failing assertion is a ValidationError with its
    /// AssertDescription.
    [[nodiscard]] Result<void> check_rules() const;

    [[nodiscard]] const std::map<std::string, Json>& parameters() const { return parameters_; }
    [[nodiscard]] const PseudoParameters& pseudo() const { return pseudo_; }

private:
    Json eval(const Json& value) const;
    Json eval_function(const std::string& name, const Json& arg) const;
    Json ref(const std::string& name) const;
    Json get_att(const Json& arg) const;
    Json sub(const Json& arg) const;
    Json find_in_map(const Json& arg) const;
    bool eval_condition_value(const Json& value) const;
    bool condition_named(const std::string& name) const;

    const Json& template_;
    std::map<std::string, Json> parameters_;
    PseudoParameters pseudo_;
    ResourceLookup lookup_;
    mutable std::map<std::string, bool> conditions_;
    mutable std::set<std::string> evaluating_;
};

/// The names a value references (Ref, Fn::GetAtt, and ${…} in Fn::Sub), including parameters and pseudo
/// parameters; the engine keeps those that are resources.
[[nodiscard]] std::set<std::string> references(const Json& value);

/// A scalar as CloudFormation turns it into a string (numbers without trailing zeros, booleans lower case).
[[nodiscard]] std::string scalar_string(const Json& value);

} // namespace cdk::localcloud::cloudformation

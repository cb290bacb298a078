#include "lib/ssm/string_list_parameter.hpp"

#include "lib/ssm/string_parameter.hpp"
#include "tokens/errors.hpp"
#include "tokens/fn.hpp"
#include "tokens/intrinsic.hpp"
#include "tokens/token.hpp"

#include <regex>

namespace cdk::ssm {
namespace {

class ImportedStringListParameter : public Construct, public IStringListParameter {
public:
    ImportedStringListParameter(Construct& scope, std::string_view id, std::string name)
        : Construct(scope, id), name_(std::move(name)) {}
    std::string parameter_name() const override { return name_; }
    std::string parameter_arn() const override { return detail::arn_for_parameter_name(*this, name_, ""); }
    std::vector<std::string> string_list_value() const override {
        // aws-cdk-lib: Fn.split(",", new CfnDynamicReference(SSM, name)).
        return Fn::split(",", Token::as_string(Intrinsic::make(Json("{{resolve:ssm:" + name_ + "}}"))));
    }

private:
    std::string name_;
};

} // namespace

iam::Grant IStringListParameter::grant_read(const iam::IGrantable& grantee) const {
    return iam::Grant::add_to_principal({.grantee = grantee,
                                         .actions = {"ssm:DescribeParameters", "ssm:GetParameters",
                                                     "ssm:GetParameter", "ssm:GetParameterHistory"},
                                         .resource_arns = {parameter_arn()}});
}

iam::Grant IStringListParameter::grant_write(const iam::IGrantable& grantee) const {
    return iam::Grant::add_to_principal(
        {.grantee = grantee, .actions = {"ssm:PutParameter"}, .resource_arns = {parameter_arn()}});
}

StringListParameter::StringListParameter(Construct& scope, std::string_view id,
                                         const StringListParameterProps& props)
    : Construct(scope, id), physical_name_(props.parameter_name) {
    for (const auto& v : props.string_list_value) {
        if (!Token::is_unresolved(v) && v.find(',') != std::string::npos) {
            throw ValidationError(
                "values of a StringList SSM parameter cannot contain the ',' character, got '" + v +
                    "'; use a string parameter instead",
                node().path());
        }
    }
    if (!props.allowed_pattern.empty() && !Token::is_unresolved(props.allowed_pattern)) {
        const std::regex pattern(props.allowed_pattern, std::regex::ECMAScript);
        for (const auto& v : props.string_list_value) {
            if (!Token::is_unresolved(v) && !std::regex_search(v, pattern)) {
                throw ValidationError("the supplied value (" + v +
                                          ") does not match the specified allowed_pattern (" +
                                          props.allowed_pattern + ")",
                                      node().path());
            }
        }
    }
    detail::check_parameter_name(props.parameter_name, *this);
    if (props.description.size() > 1024) {
        throw ValidationError("description cannot be longer than 1024 characters", node().path());
    }
    CfnParameterProps cfn{.type = "StringList", .value = Fn::join(",", props.string_list_value)};
    if (!props.allowed_pattern.empty()) cfn.allowed_pattern = props.allowed_pattern;
    if (!props.description.empty()) cfn.description = props.description;
    if (!props.parameter_name.empty()) cfn.name = props.parameter_name;
    if (!props.tier.empty()) cfn.tier = props.tier;
    resource_ = &make<CfnParameter>(*this, "Resource", cfn);
}

IStringListParameter& StringListParameter::from_string_list_parameter_name(Construct& scope,
                                                                           std::string_view id,
                                                                           const std::string& name) {
    if (name.empty()) throw ValidationError("parameter name cannot be an empty string", scope.node().path());
    return make<ImportedStringListParameter>(scope, id, name);
}

std::string StringListParameter::parameter_arn() const {
    return detail::arn_for_parameter_name(*this, parameter_name(), physical_name_);
}

std::vector<std::string> StringListParameter::string_list_value() const {
    return Fn::split(",", resource_->get_att("Value"));
}

} // namespace cdk::ssm

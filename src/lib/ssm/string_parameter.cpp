#include "lib/ssm/string_parameter.hpp"

#include "cfn/cfn_parameter.hpp"
#include "constructs/stack.hpp"
#include "lib/iam/feature_flags.hpp"
#include "tokens/aws.hpp"
#include "tokens/errors.hpp"
#include "tokens/token.hpp"

namespace cdk::ssm {
namespace {

class ImportedStringParameter : public Construct, public IStringParameter {
public:
    ImportedStringParameter(Construct& scope, std::string_view id, std::string name)
        : Construct(scope, id), scope_(&scope), id_(id), name_(std::move(name)) {}
    std::string parameter_name() const override { return name_; }
    std::string parameter_arn() const override { return detail::arn_for_parameter_name(*this, name_, ""); }
    std::string string_value() override {
        if (value_ == nullptr) {
            value_ = &make<cdk::CfnParameter>(
                *scope_, id_ + ".Parameter",
                cdk::CfnParameterProps{.type = "AWS::SSM::Parameter::Value<String>", .default_value = name_});
        }
        return value_->value_as_string();
    }

private:
    Construct* scope_;
    std::string id_;
    std::string name_;
    cdk::CfnParameter* value_ = nullptr;
};

} // namespace

namespace detail {

void check_parameter_name(const std::string& name, const Construct& scope) {
    if (name.empty() || Token::is_unresolved(name)) return;
    if (name.find('/') != std::string::npos && name.front() != '/') {
        throw ValidationError(
            "parameter names must be fully qualified (if they include \"/\" they must also begin with "
            "a \"/\"): " +
                name,
            scope.node().path());
    }
}

} // namespace detail

iam::Grant IStringParameter::grant_read(const iam::IGrantable& grantee) const {
    if (kms::IKey* key = encryption_key()) key->grant_decrypt(grantee);
    return iam::Grant::add_to_principal({.grantee = grantee,
                                         .actions = {"ssm:DescribeParameters", "ssm:GetParameters",
                                                     "ssm:GetParameter", "ssm:GetParameterHistory"},
                                         .resource_arns = {parameter_arn()}});
}

iam::Grant IStringParameter::grant_write(const iam::IGrantable& grantee) const {
    if (kms::IKey* key = encryption_key()) key->grant_encrypt(grantee);
    return iam::Grant::add_to_principal(
        {.grantee = grantee, .actions = {"ssm:PutParameter"}, .resource_arns = {parameter_arn()}});
}

StringParameter::StringParameter(Construct& scope, std::string_view id, const StringParameterProps& props)
    : Construct(scope, id), physical_name_(props.parameter_name) {
    detail::check_parameter_name(props.parameter_name, *this);
    if (props.string_value.empty()) {
        throw ValidationError("string parameter '" + node().id() +
                                  "' needs a string_value (it cannot be empty)",
                              node().path());
    }
    CfnParameterProps cfn{.type = "String", .value = props.string_value};
    if (!props.allowed_pattern.empty()) cfn.allowed_pattern = props.allowed_pattern;
    if (!props.data_type.empty()) cfn.data_type = props.data_type;
    if (!props.description.empty()) cfn.description = props.description;
    if (!props.parameter_name.empty()) cfn.name = props.parameter_name;
    if (!props.tier.empty()) cfn.tier = props.tier;
    resource_ = &make<CfnParameter>(*this, "Resource", cfn);
}

IStringParameter& StringParameter::from_string_parameter_name(Construct& scope, std::string_view id,
                                                              const std::string& name) {
    if (name.empty()) throw ValidationError("parameter name cannot be an empty string", scope.node().path());
    return make<ImportedStringParameter>(scope, id, name);
}

std::string StringParameter::parameter_arn() const {
    return detail::arn_for_parameter_name(*this, parameter_name(), physical_name_);
}

namespace detail {

std::string arn_for_parameter_name(const Construct& scope, const std::string& name,
                                   const std::string& physical_name) {
    const std::string concrete = Token::is_unresolved(name) ? physical_name : name;
    const bool simple = concrete.empty() || Token::is_unresolved(concrete) || concrete.front() != '/';
    const Stack& stack = Stack::of(scope);
    return "arn:" + iam::detail::stack_partition(stack) + ":ssm:" + stack.region() + ":" + stack.account() +
           ":parameter" + (simple ? "/" : "") + name;
}

} // namespace detail
} // namespace cdk::ssm

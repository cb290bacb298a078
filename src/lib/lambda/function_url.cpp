#include "lib/lambda/function_url.hpp"

#include "lib/lambda/alias.hpp"
#include "lib/lambda/version.hpp"
#include "tokens/errors.hpp"

namespace cdk::lambda::detail {

std::string add_function_url(Construct& scope, IFunction& target, const FunctionUrlOptions& options) {
    if (dynamic_cast<IVersion*>(&target) != nullptr) {
        throw ValidationError("FunctionUrl cannot be used with a Version", scope.node().path());
    }
    const std::string auth = options.auth_type == FunctionUrlAuthType::AwsIam ? "AWS_IAM" : "NONE";
    auto* alias = dynamic_cast<Alias*>(&target);
    CfnUrlProps props{.auth_type = auth,
                      .target_function_arn = alias != nullptr ? alias->version().lambda().function_arn()
                                                              : target.function_arn()};
    if (alias != nullptr) props.qualifier = alias->alias_name();
    Construct& url = make<Construct>(scope, "FunctionUrl");
    auto& cfn = make<CfnUrl>(url, "Resource", props);
    if (alias != nullptr) cfn.node().add_dependency(alias->resource());
    if (options.auth_type == FunctionUrlAuthType::None) {
        target.add_permission("invoke-function-url", {.principal = iam::AnyPrincipal(),
                                                      .action = "lambda:InvokeFunctionUrl",
                                                      .function_url_auth_type = auth});
        target.add_permission("invoke-function", {.principal = iam::AnyPrincipal(),
                                                  .action = "lambda:InvokeFunction",
                                                  .invoked_via_function_url = true});
    }
    return cfn.attr_function_url();
}

} // namespace cdk::lambda::detail

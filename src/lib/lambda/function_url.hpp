#pragma once

#include "lib/lambda/function.hpp"

namespace cdk::lambda::detail {

/// An `AWS::Lambda::Url` child `FunctionUrl` of `target` (a Function, or an Alias: the URL then names the
/// alias's function with the alias as `Qualifier` and depends on the alias), as aws-cdk-lib's FunctionUrl;
/// with auth NONE, `target` gets the two public permissions (`lambda:InvokeFunctionUrl` and
/// `lambda:InvokeFunction` with `InvokedViaFunctionUrl`). Returns the URL (a token). A version is refused.
std::string add_function_url(Construct& scope, IFunction& target, const FunctionUrlOptions& options);

} // namespace cdk::lambda::detail

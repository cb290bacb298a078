#pragma once
// aws-cdk's TestFunction (aws-lambda-event-sources/test/test-function.ts), shared by the integ_lambda_*
// golden cases as the integ tests share it, with its inline code written out.
#include "lib/lambda/function.hpp"

#include <string>

namespace golden {

inline cdk::lambda::Function& test_function(cdk::Construct& scope, const std::string& id) {
    return cdk::make<cdk::lambda::Function>(
        scope, id,
        cdk::lambda::FunctionProps{
            .runtime = cdk::lambda::Runtime::NODEJS_18_X,
            .handler = "index.handler",
            .code = cdk::lambda::Code::from_inline(
                "exports.handler = async function handler(event) {\n    console.log('event:', "
                "JSON.stringify(event, undefined, 2));\n    return { event };\n}")});
}

} // namespace golden

// %name%: a cdkpp app. `cdkpp synth` (or the stock `cdk synth`) builds it and prints the template of
// %name.PascalCased%Stack; `cdkpp deploy` deploys it to the account and region of your credentials.
#include "cfn/cfn_output.hpp"
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "lib/lambda/function.hpp"

#include <exception>
#include <iostream>

namespace {

constexpr const char* kHandler = R"(exports.handler = async () => ({ message: 'hello from %name%' });
)";

/// The app's one stack: a Node.js function (the L2 Function adds its execution role).
class %name.PascalCased%Stack : public cdk::Stack {
public:
    %name.PascalCased%Stack(cdk::Construct& scope, std::string_view id, const cdk::StackProps& props = {})
        : cdk::Stack(scope, id, props),
          function_(*this, "Function",
                    {.runtime = cdk::lambda::Runtime::NODEJS_22_X,
                     .handler = "index.handler",
                     .code = cdk::lambda::Code::from_inline(kHandler)}),
          name_(*this, "FunctionName", {.value = function_.function_name(), .description = "invoke this function"}) {}

private:
    cdk::lambda::Function function_;
    cdk::CfnOutput name_;
};

} // namespace

int main() {
    try {
        cdk::App app;
        %name.PascalCased%Stack stack(app, "%name.PascalCased%Stack");
        app.synth();
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "%name%: " << e.what() << "\n";
        return 1;
    }
}

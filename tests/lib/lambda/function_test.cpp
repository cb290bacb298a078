// lambda::Function behaviour that the golden case does not pin down.
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "lib/lambda/function.hpp"
#include "tokens/errors.hpp"

#include <gtest/gtest.h>

namespace iam = cdk::iam;
namespace lambda = cdk::lambda;

TEST(Function, CreatesServiceRoleUnlessGiven) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    lambda::Function f(stack, "F",
                       {.runtime = lambda::Runtime::NODEJS_22_X,
                        .handler = "index.handler",
                        .code = lambda::Code::from_inline("exports.handler = async () => 1;")});
    ASSERT_NE(f.role(), nullptr);
    EXPECT_EQ(f.role()->role_construct().node().path(), "S/F/ServiceRole");
    EXPECT_EQ(&f.grant_principal(), static_cast<const iam::IPrincipal*>(f.role()));
}

TEST(Function, InlineCodeNeedsAnInterpretedRuntime) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    EXPECT_THROW(lambda::Function(stack, "F",
                                  {.runtime = lambda::Runtime::JAVA_21,
                                   .handler = "a.B::handle",
                                   .code = lambda::Code::from_inline("class B {}")}),
                 cdk::ValidationError);
}

TEST(Function, GrantInvokeToAServiceIsAPermissionOncePerPrincipal) {
    cdk::App app;
    cdk::Stack stack(app, "S");
    lambda::Function f(stack, "F",
                       {.runtime = lambda::Runtime::PYTHON_3_12,
                        .handler = "main.handler",
                        .code = lambda::Code::from_inline("def handler(e, c): return 1")});
    f.grant_invoke(iam::ServicePrincipal("events.amazonaws.com"));
    f.grant_invoke(iam::ServicePrincipal("events.amazonaws.com"));
    int permissions = 0;
    for (const cdk::Construct* child : f.node().children()) {
        if (child->node().id().rfind("Invoke", 0) == 0) ++permissions;
    }
    EXPECT_EQ(permissions, 1);
    // The id the CDK gives it (aws-cdk-lib 2.276, see the l2_lambda golden case).
    EXPECT_NE(f.node().try_find_child("Invoke1f--BIBwkGKTIwSRmFV8O1yjU9AK+dA1Znl7HToNrxfA="), nullptr);
}

TEST(Function, ImportedFromAnotherAccountCannotTakePermissions) {
    cdk::App app;
    cdk::Stack stack(app, "S",
                     {.env = cdk::Environment{.account = "111111111111", .region = "ap-southeast-2"}});
    lambda::IFunction& same = lambda::Function::from_function_arn(
        stack, "Same", "arn:aws:lambda:ap-southeast-2:111111111111:function:a");
    EXPECT_EQ(same.function_name(), "a");
    same.grant_invoke(iam::ServicePrincipal("events.amazonaws.com"));
    lambda::IFunction& other = lambda::Function::from_function_arn(
        stack, "Other", "arn:aws:lambda:ap-southeast-2:222222222222:function:b");
    EXPECT_THROW(other.grant_invoke(iam::ServicePrincipal("events.amazonaws.com")), cdk::ValidationError);
    EXPECT_THROW((void)lambda::Function::from_function_arn(stack, "Bad", "not-an-arn"), cdk::ValidationError);
}

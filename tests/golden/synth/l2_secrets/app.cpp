// Golden case l2_secrets (see ../README.md).
#include "constructs/app.hpp"

#include "cfn/cfn_output.hpp"
#include "constructs/stack.hpp"
#include "lib/iam/role.hpp"
#include "lib/secretsmanager/secret.hpp"

namespace secretsmanager = cdk::secretsmanager;

int main() {
    cdk::App app;
    cdk::Stack stack(app, "SecretStack");
    secretsmanager::Secret defaults(stack, "Default");
    secretsmanager::Secret named(
        stack, "Named",
        {.description = "database credentials",
         .secret_name = "app/db",
         .generate_secret_string =
             secretsmanager::SecretStringGenerator{.secret_string_template = R"({"user":"app"})",
                                                   .generate_string_key = "password",
                                                   .exclude_punctuation = true,
                                                   .password_length = 32},
         .removal_policy = cdk::RemovalPolicy::Retain});
    cdk::iam::Role reader(stack, "Reader",
                          {.assumed_by = cdk::iam::ServicePrincipal("lambda.amazonaws.com")});
    named.grant_read(reader);
    named.grant_write(reader);
    secretsmanager::Secret::from_secret_name_v2(stack, "Imported", "app/other").grant_read(reader);
    cdk::CfnOutput arn(stack, "SecretArn", {.value = named.secret_arn()});
    cdk::CfnOutput name(stack, "SecretName", {.value = named.secret_name()});
    app.synth();
    return 0;
}

// Golden case l2_kms (see ../README.md): the C++ twin of ts/app.ts.
#include "constructs/app.hpp"

#include "cfn/cfn_output.hpp"
#include "constructs/stack.hpp"
#include "lib/iam/role.hpp"
#include "lib/kms/key.hpp"

namespace iam = cdk::iam;
namespace kms = cdk::kms;

int main() {
    cdk::App app;
    cdk::Stack stack(app, "KeyStack");
    kms::Key key(stack, "AppKey",
                 {.description = "application key",
                  .alias = "alias/app",
                  .enable_key_rotation = true,
                  .removal_policy = cdk::RemovalPolicy::Destroy});
    kms::Key plain(stack, "Plain");
    kms::Alias extra(stack, "ExtraAlias", {.alias_name = "alias/app-extra", .target_key = &key});
    iam::Role user(stack, "User", {.assumed_by = iam::ServicePrincipal("lambda.amazonaws.com")});
    key.grant_encrypt_decrypt(user);
    iam::Role auditor(stack, "Auditor", {.assumed_by = iam::AccountRootPrincipal()});
    key.grant_decrypt(auditor);
    key.grant_encrypt(iam::AccountPrincipal("222222222222"));
    kms::IKey& imported = kms::Key::from_key_arn(
        stack, "Imported",
        "arn:aws:kms:ap-southeast-2:111111111111:key/11111111-2222-3333-4444-555555555555");
    imported.grant_decrypt(auditor);
    cdk::CfnOutput key_arn(stack, "KeyArn", {.value = key.key_arn()});
    cdk::CfnOutput imported_key_id(stack, "ImportedKeyId", {.value = imported.key_id()});
    app.synth();
    return 0;
}

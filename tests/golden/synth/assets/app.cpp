// Golden case assets (see ../README.md): the C++ twin of ts/app.ts. Asset paths are relative to this
// case's directory; the golden test runs the app from there.
#include "constructs/app.hpp"

#include "cfn/cfn_resource.hpp"
#include "constructs/stack.hpp"
#include "lib/s3_assets/asset.hpp"

int main() {
    cdk::App app;
    cdk::Stack stack(app, "AssetStack");
    cdk::s3_assets::Asset file_asset(stack, "FileAsset", {.path = "data/hello.txt"});
    cdk::s3_assets::Asset dir_asset(stack, "DirAsset", {.path = "data/site"});
    cdk::CfnResource param(
        stack, "Param",
        {.type = "AWS::SSM::Parameter",
         .properties = {{"Type", "String"},
                        {"Value", file_asset.s3_object_url()},
                        {"Description", dir_asset.s3_bucket_name() + "/" + dir_asset.s3_object_key()}}});
    app.synth();
    return 0;
}

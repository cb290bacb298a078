// l2_app: a cdkpp app using three L2 libraries (iam, s3, lambda): a KMS-encrypted bucket whose objects a
// Node.js function reads, and a role allowed to invoke the function. It links cdk_lib_lambda and
// cdk_lib_s3 (and through them iam and kms), so only those L1 services are generated and compiled.
//
//   cd examples/l2_app && ../../build/bin/cdkpp synth    (or the stock `cdk synth`)
#include "cfn/cfn_output.hpp"
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "lib/iam/role.hpp"
#include "lib/lambda/function.hpp"
#include "lib/s3/bucket.hpp"

namespace {

/// A bucket, a function reading it, and a role that may invoke the function.
class DataStack : public cdk::Stack {
public:
    DataStack(cdk::Construct& scope, std::string_view id, const cdk::StackProps& props = {})
        : cdk::Stack(scope, id, props),
          bucket_(*this, "Data",
                  {.encryption = cdk::s3::BucketEncryption::Kms, .versioned = true, .enforce_ssl = true}),
          reader_(*this, "Reader",
                  {.runtime = cdk::lambda::Runtime::NODEJS_22_X,
                   .handler = "index.handler",
                   .code = cdk::lambda::Code::from_inline(
                       "exports.handler = async (e) => ({ bucket: process.env.BUCKET, key: e.key });"),
                   .environment = {{"BUCKET", bucket_.bucket_name()}},
                   .timeout = cdk::Duration::seconds(10)}),
          invoker_(*this, "Invoker", {.assumed_by = cdk::iam::AccountRootPrincipal()}),
          bucket_name_(*this, "BucketName", {.value = bucket_.bucket_name()}) {
        bucket_.grant_read(reader_);
        reader_.grant_invoke(invoker_);
    }

private:
    cdk::s3::Bucket bucket_;
    cdk::lambda::Function reader_;
    cdk::iam::Role invoker_;
    cdk::CfnOutput bucket_name_;
};

} // namespace

int main() {
    cdk::App app;
    DataStack stack(app, "DataStack");
    app.synth();
    return 0;
}

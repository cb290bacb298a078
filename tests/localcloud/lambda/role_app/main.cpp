// The stack test_lambda_role.py deploys (synthesized by cdkpp): a KMS key, a bucket encrypted with it and
// three Python functions that read an object of the bucket with boto3 as their execution role: `Reader` is
// granted read (bucket.grant_read: s3:GetObject* and the key's kms:Decrypt), `S3Only` may s3:GetObject but
// not use the key, `NoGrant` may do nothing but write its logs.
#include "cfn/cfn_output.hpp"
#include "constructs/app.hpp"
#include "constructs/stack.hpp"
#include "lib/iam/policy_statement.hpp"
#include "lib/kms/key.hpp"
#include "lib/lambda/function.hpp"
#include "lib/s3/bucket.hpp"

namespace {

constexpr const char* kReader = R"PY(
import json, os, boto3
def handler(event, context):
    s3 = boto3.client("s3")
    try:
        body = s3.get_object(Bucket=os.environ["BUCKET"], Key=event["key"])["Body"].read().decode()
        return {"body": body, "arn": boto3.client("sts").get_caller_identity()["Arn"]}
    except Exception as e:
        return {"error": getattr(e, "response", {}).get("Error", {}).get("Code", type(e).__name__),
                "message": str(e)}
)PY";

cdk::lambda::FunctionProps reader_props(const std::string& bucket) {
    return {.runtime = cdk::lambda::Runtime::PYTHON_3_12,
            .handler = "index.handler",
            .code = cdk::lambda::Code::from_inline(kReader),
            .environment = {{"BUCKET", bucket}},
            .timeout = cdk::Duration::seconds(20)};
}

class RoleStack : public cdk::Stack {
public:
    RoleStack(cdk::Construct& scope, std::string_view id)
        : cdk::Stack(scope, id), key_(*this, "Key", {}), bucket_(*this, "Data", {.encryption_key = &key_}),
          reader_(*this, "Reader", reader_props(bucket_.bucket_name())),
          s3_only_(*this, "S3Only", reader_props(bucket_.bucket_name())),
          no_grant_(*this, "NoGrant", reader_props(bucket_.bucket_name())),
          bucket_name_(*this, "BucketName", {.value = bucket_.bucket_name()}),
          reader_name_(*this, "ReaderName", {.value = reader_.function_name()}),
          s3_only_name_(*this, "S3OnlyName", {.value = s3_only_.function_name()}),
          no_grant_name_(*this, "NoGrantName", {.value = no_grant_.function_name()}) {
        bucket_.grant_read(reader_);
        s3_only_.add_to_role_policy(cdk::iam::PolicyStatement(
            {.actions = {"s3:GetObject"}, .resources = {bucket_.arn_for_objects("*")}}));
    }

private:
    cdk::kms::Key key_;
    cdk::s3::Bucket bucket_;
    cdk::lambda::Function reader_;
    cdk::lambda::Function s3_only_;
    cdk::lambda::Function no_grant_;
    cdk::CfnOutput bucket_name_;
    cdk::CfnOutput reader_name_;
    cdk::CfnOutput s3_only_name_;
    cdk::CfnOutput no_grant_name_;
};

} // namespace

int main() {
    cdk::App app;
    RoleStack stack(app, "LambdaRoleStack");
    app.synth();
    return 0;
}

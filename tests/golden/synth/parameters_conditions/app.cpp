// Golden case parameters_conditions (see ../README.md): the C++ twin of ts/app.ts.
#include "constructs/app.hpp"

#include "cfn/cfn_condition.hpp"
#include "cfn/cfn_mapping.hpp"
#include "cfn/cfn_output.hpp"
#include "cfn/cfn_parameter.hpp"
#include "cfn/cfn_resource.hpp"
#include "cfn/cfn_rule.hpp"
#include "constructs/stack.hpp"
#include "tokens/aws.hpp"
#include "tokens/fn.hpp"

using cdk::Fn;

int main() {
    cdk::App app;
    cdk::Stack stack(app, "ParamsStack");
    cdk::CfnParameter stage(stack, "Stage",
                            {.type = "String",
                             .default_value = "dev",
                             .allowed_values = {"dev", "prod"},
                             .description = "deployment stage"});
    cdk::CfnParameter size(stack, "Size",
                           {.type = "Number", .default_value = 1, .max_value = 10, .min_value = 1});
    cdk::CfnCondition is_prod(stack, "IsProd",
                              {.expression = Fn::condition_equals(stage.value_as_string(), "prod")});
    cdk::CfnMapping region_map(
        stack, "RegionMap",
        {.mapping = {{"ap-southeast-2", {{"Ami", "ami-123"}}}, {"us-east-1", {{"Ami", "ami-456"}}}}});
    cdk::CfnResource bucket(
        stack, "Bucket",
        {.type = "AWS::S3::Bucket",
         .properties = {
             {"BucketName", Fn::sub("${AWS::StackName}-data")},
             {"Tags",
              cdk::Json::array({{{"Key", "Ami"}, {"Value", region_map.find_in_map(cdk::Aws::REGION, "Ami")}},
                                {{"Key", "Size"}, {"Value", size.value_as_string()}}})}}});
    bucket.cfn_options().condition = &is_prod;
    cdk::CfnResource topic(
        stack, "Topic",
        {.type = "AWS::SNS::Topic",
         .properties = {{"DisplayName", Fn::condition_if("IsProd", "prod-topic", cdk::Aws::NO_VALUE)}}});
    cdk::CfnRule rule(stack, "ProdInSydney",
                      {.rule_condition = Fn::condition_equals(stage.value_as_string(), "prod"),
                       .assertions = {{Fn::condition_equals(cdk::Aws::REGION, "ap-southeast-2"),
                                       "prod must be in Sydney"}}});
    cdk::CfnOutput bucket_name(
        stack, "BucketName", {.value = bucket.ref(), .export_name = "params-bucket", .condition = &is_prod});
    cdk::CfnOutput encoded(stack, "Encoded", {.value = Fn::base64("hello")});
    cdk::CfnOutput first_az(stack, "FirstAz", {.value = Fn::select(0, Fn::get_azs())});
    cdk::CfnOutput subnet(stack, "Subnet", {.value = Fn::select(1, Fn::cidr("10.0.0.0/16", 4, "8"))});
    cdk::CfnOutput stage_parts(stack, "StageParts",
                               {.value = Fn::join("+", Fn::split("-", stage.value_as_string()))});
    cdk::CfnOutput either(stack, "Either", {.value = Fn::condition_if("IsProd", "big", "small")});
    cdk::CfnCondition not_prod_and_small(
        stack, "NotProdAndSmall",
        {.expression =
             Fn::condition_and({Fn::condition_not(is_prod.expression()),
                                Fn::condition_or({Fn::condition_equals(size.value_as_string(), "1"),
                                                  Fn::condition_equals(size.value_as_string(), "2")})})});
    app.synth();
    return 0;
}

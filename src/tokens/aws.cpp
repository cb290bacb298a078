#include "tokens/aws.hpp"

#include "tokens/intrinsic.hpp"
#include "tokens/token.hpp"

namespace cdk {
namespace {

std::string pseudo(const std::string& name) {
    return Token::as_string(Intrinsic::make(Json{{"Ref", name}}, "AWS." + name.substr(5)));
}

} // namespace

const std::string Aws::ACCOUNT_ID = pseudo("AWS::AccountId");
const std::string Aws::REGION = pseudo("AWS::Region");
const std::string Aws::PARTITION = pseudo("AWS::Partition");
const std::string Aws::STACK_NAME = pseudo("AWS::StackName");
const std::string Aws::STACK_ID = pseudo("AWS::StackId");
const std::string Aws::URL_SUFFIX = pseudo("AWS::URLSuffix");
const std::string Aws::NO_VALUE = pseudo("AWS::NoValue");
const std::vector<std::string> Aws::NOTIFICATION_ARNS =
    Token::as_list(Intrinsic::make(Json{{"Ref", "AWS::NotificationARNs"}}, "AWS.NotificationARNs"));

} // namespace cdk

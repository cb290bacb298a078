#pragma once

#include "localcloud/server/cfn_provider.hpp"

namespace cdk::localcloud::codepipeline {

/// AWS::CodePipeline::Webhook (a GitHub source's default trigger in the stock CDK): PutWebhook (and, with
/// RegisterWithThirdParty, RegisterWebhookWithThirdParty) as the stack's role, the webhook record kept with
/// its target pipeline and action (pipeline_webhooks.hpp). Ref = the webhook's name; attributes Id (the name)
/// and Url.
CDK_CFN_PROVIDER(CfnWebhookProvider);

} // namespace cdk::localcloud::codepipeline

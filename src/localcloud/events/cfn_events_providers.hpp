#pragma once

#include "localcloud/server/cfn_provider.hpp"
#include "localcloud/server/service.hpp"

namespace cdk::localcloud::events {

/// AWS::Events::Rule: events:PutRule and events:PutTargets in one transaction. Name optional (generated
/// `<stack>-<LogicalId>-<RANDOM>`, 64 characters); EventPattern as an object or its text; update puts the
/// rule again and replaces its targets (removing those whose Id is gone); remove is RemoveTargets and
/// DeleteRule. Ref = the name (`<bus>|<name>` on a custom bus, as CloudFormation gives it); attribute Arn.
CDK_CFN_PROVIDER(CfnRuleProvider);

/// AWS::Events::EventBus: events:CreateEventBus (Name, Description, DeadLetterConfig, KmsKeyIdentifier);
/// update changes nothing but what EventBridge would keep; remove is DeleteEventBus. Ref = the name;
/// attributes Arn and Name.
CDK_CFN_PROVIDER(CfnEventBusProvider);

/// AWS::Events::EventBusPolicy: one statement (StatementId; `Statement`, or the legacy Action, Principal and
/// Condition) of the bus's resource policy (EventBusName, `default` when absent), events:PutPermission /
/// events:RemovePermission as the stack's role; the policy decides other accounts' PutEvents to the bus.
/// Ref = `<bus>|<statement id>` (its primary identifier); update puts the statement again.
CDK_CFN_PROVIDER(CfnEventBusPolicyProvider);

} // namespace cdk::localcloud::events

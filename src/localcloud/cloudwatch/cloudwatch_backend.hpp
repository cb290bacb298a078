#pragma once

#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/auth/caller.hpp"
#include "localcloud/iam/policy_evaluator.hpp"
#include "localcloud/server/cloud_context.hpp"
#include "localcloud/state/store.hpp"

#include <string>

namespace cdk::localcloud::cloudwatch {

/// Who calls the API, from where: the caller, the request's region and its global condition keys.
struct CloudWatchCall {
    Caller caller;
    std::string region;
    iam::Context context;
};

/// CloudWatch metric alarms (PutMetricAlarm, DescribeAlarms, DeleteAlarms, SetAlarmState), in the store:
/// entity `cloudwatch:alarm` named by the alarm name, per account and region. Every call is authorized as
/// `cloudwatch:<Action>` on the alarm's ARN (`arn:aws:cloudwatch:<region>:<account>:alarm:<name>`;
/// DescribeAlarms on `alarm:*`) in the caller's account, so accounts never see each other's alarms. Alarms
/// hold their configuration and state as the API returns them; nothing evaluates metrics (localcloud has no
/// metric data): the state changes only through SetAlarmState, and no action runs. Inputs and outputs are the
/// operations' shapes in the CloudWatch model (member names).
class CloudWatchBackend {
public:
    explicit CloudWatchBackend(CloudContext& cloud) : cloud_(cloud) {}

    /// Creates or replaces the alarm (a new one starts INSUFFICIENT_DATA, a replaced one keeps its state).
    [[nodiscard]] Result<Json> put_metric_alarm(Tx& tx, const CloudWatchCall& call, const Json& in);
    [[nodiscard]] Result<Json> describe_alarms(Tx& tx, const CloudWatchCall& call, const Json& in);
    /// ResourceNotFound (and nothing deleted) when one of the names does not exist.
    [[nodiscard]] Result<Json> delete_alarms(Tx& tx, const CloudWatchCall& call, const Json& in);
    [[nodiscard]] Result<Json> set_alarm_state(Tx& tx, const CloudWatchCall& call, const Json& in);

    /// The alarm as DescribeAlarms shows it, or ResourceNotFound.
    [[nodiscard]] Result<Json> get_alarm(Tx& tx, const Scope& scope, const std::string& name);

    [[nodiscard]] static std::string alarm_arn(const Scope& scope, const std::string& name);

private:
    Result<void> authorize(Tx& tx, const CloudWatchCall& call, const std::string& action,
                           const std::string& resource);

    CloudContext& cloud_;
};

} // namespace cdk::localcloud::cloudwatch

#pragma once

#include "cfn/cfn_resource.hpp"
#include "constructs/construct.hpp"
#include "lib/cloudwatch/metric.hpp"
#include "lib/iam/grant.hpp"
#include "lib/iam/resource_policy.hpp"
#include "lib/iam/role.hpp"
#include "lib/kms/key.hpp"
#include "lib/logs/generated/cfn_logs.hpp"
#include "lib/logs/pattern.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cdk::logs {

/// How long log events are kept (CDK: RetentionDays); the value is the number of days.
enum class RetentionDays : int {
    OneDay = 1,
    ThreeDays = 3,
    FiveDays = 5,
    OneWeek = 7,
    TwoWeeks = 14,
    OneMonth = 30,
    TwoMonths = 60,
    ThreeMonths = 90,
    FourMonths = 120,
    FiveMonths = 150,
    SixMonths = 180,
    OneYear = 365,
    ThirteenMonths = 400,
    EighteenMonths = 545,
    TwoYears = 731,
    ThreeYears = 1096,
    FiveYears = 1827,
    SixYears = 2192,
    SevenYears = 2557,
    EightYears = 2922,
    NineYears = 3288,
    TenYears = 3653,
    /// Kept forever (no `RetentionInDays`).
    Infinite = 9999,
};

/// The class of a log group (CDK: LogGroupClass).
enum class LogGroupClass { Standard, InfrequentAccess, Delivery };
/// `STANDARD`, `INFREQUENT_ACCESS`, `DELIVERY`.
[[nodiscard]] std::string to_string(LogGroupClass log_group_class);

class ILogGroup;
class LogStream;
class MetricFilter;
class SubscriptionFilter;

/// Props of a LogStream (CDK: LogStreamProps without the log group).
struct StreamOptions {
    std::string log_stream_name;
    /// Default RETAIN.
    std::optional<RemovalPolicy> removal_policy;
};

/// Props of a MetricFilter without the log group (CDK: MetricFilterOptions).
struct MetricFilterOptions {
    /// Required.
    const IFilterPattern* filter_pattern = nullptr;
    std::string metric_namespace;
    std::string metric_name;
    /// Default `1`.
    std::string metric_value;
    std::optional<double> default_value;
    /// At most 3: dimension name -> field selector.
    std::map<std::string, std::string> dimensions;
    std::optional<cloudwatch::Unit> unit;
    std::string filter_name;
    std::optional<bool> apply_on_transformed_logs;
};

/// What a subscription destination gives the filter (CDK: LogSubscriptionDestinationConfig).
struct LogSubscriptionDestinationConfig {
    std::string arn;
    /// The role CloudWatch Logs assumes to write to the destination (null: none).
    const iam::IRole* role = nullptr;
};

/// A destination of a subscription filter (CDK: ILogSubscriptionDestination); see logs_destinations.
class ILogSubscriptionDestination {
public:
    virtual ~ILogSubscriptionDestination() = default;
    /// Called with the SubscriptionFilter being created and its log group.
    [[nodiscard]] virtual LogSubscriptionDestinationConfig bind(Construct& scope,
                                                                ILogGroup& log_group) const = 0;
};

/// Props of a SubscriptionFilter without the log group (CDK: SubscriptionFilterOptions).
struct SubscriptionFilterOptions {
    /// Required.
    const ILogSubscriptionDestination* destination = nullptr;
    /// Required.
    const IFilterPattern* filter_pattern = nullptr;
    std::string filter_name;
};

/// A log group, created here or imported (CDK: ILogGroup).
class ILogGroup : public iam::IResourceWithPolicy {
public:
    /// The ARN ending in `:*` (as CloudFormation's `Arn` attribute).
    [[nodiscard]] virtual std::string log_group_arn() const = 0;
    [[nodiscard]] virtual std::string log_group_name() const = 0;
    [[nodiscard]] virtual Construct& log_group_construct() = 0;
    [[nodiscard]] std::string resource_account() const override;

    /// `actions` on the log group (both ARN forms, as aws-cdk-lib's LogGroupGrants).
    iam::Grant grant(const iam::IGrantable& grantee, const std::vector<std::string>& actions);
    /// `logs:CreateLogStream`, `logs:PutLogEvents`.
    iam::Grant grant_write(const iam::IGrantable& grantee);
    /// `logs:FilterLogEvents`, `GetLogEvents`, `GetLogGroupFields`, `DescribeLogGroups`,
    /// `DescribeLogStreams`.
    iam::Grant grant_read(const iam::IGrantable& grantee);

    /// A LogStream child (CDK: addStream).
    LogStream& add_stream(std::string_view id, const StreamOptions& options = {});
    /// A MetricFilter child (CDK: addMetricFilter).
    MetricFilter& add_metric_filter(std::string_view id, const MetricFilterOptions& options);
    /// A SubscriptionFilter child (CDK: addSubscriptionFilter).
    SubscriptionFilter& add_subscription_filter(std::string_view id,
                                                const SubscriptionFilterOptions& options);
    /// A MetricFilter `<namespace>_<name>` counting `json_field` and its metric (CDK: extractMetric).
    cloudwatch::Metric extract_metric(const std::string& json_field, const std::string& metric_namespace,
                                      const std::string& metric_name);

    /// `AWS/Logs` `<name>` (Sum) attached to this log group (CDK: metric).
    [[nodiscard]] cloudwatch::Metric metric(const std::string& metric_name,
                                            const cloudwatch::MetricOptions& options = {}) const;
    [[nodiscard]] cloudwatch::Metric
    metric_incoming_log_events(const cloudwatch::MetricOptions& options = {}) const;
    [[nodiscard]] cloudwatch::Metric
    metric_incoming_bytes(const cloudwatch::MetricOptions& options = {}) const;

protected:
    /// The account and region of the log group's environment (CDK: env), for the grant ARNs.
    [[nodiscard]] virtual std::string env_account() const;
    [[nodiscard]] virtual std::string env_region() const;

private:
    /// aws-cdk-lib's logGroupArnWithoutStreamSuffix.
    [[nodiscard]] std::string arn_without_stream_suffix() const;
};

/// Props of a LogGroup (CDK: LogGroupProps).
struct LogGroupProps {
    std::string log_group_name;
    /// Default TwoYears (731 days), none for the Delivery class; Infinite renders none.
    std::optional<RetentionDays> retention;
    /// A number of days not in RetentionDays (e.g. a token); overrides `retention`.
    std::optional<double> retention_in_days;
    /// Default RETAIN.
    std::optional<RemovalPolicy> removal_policy;
    kms::IKey* encryption_key = nullptr;
    std::optional<LogGroupClass> log_group_class;
    std::optional<bool> deletion_protection_enabled;
};

class ResourcePolicy;

/// A CloudWatch Logs log group (CDK: LogGroup), rendered as `AWS::Logs::LogGroup`.
class LogGroup : public Construct, public ILogGroup {
public:
    LogGroup(Construct& scope, std::string_view id, const LogGroupProps& props = {});

    /// An existing log group by ARN (with or without the `:*` suffix).
    [[nodiscard]] static ILogGroup& from_log_group_arn(Construct& scope, std::string_view id,
                                                       const std::string& arn);
    /// An existing log group of this stack's account and region by name.
    [[nodiscard]] static ILogGroup& from_log_group_name(Construct& scope, std::string_view id,
                                                        const std::string& name);

    [[nodiscard]] std::string log_group_arn() const override { return resource_->attr_arn(); }
    [[nodiscard]] std::string log_group_name() const override { return resource_->ref(); }
    [[nodiscard]] Construct& log_group_construct() override { return *this; }
    /// Adds to the log group's `AWS::Logs::ResourcePolicy` (child `Policy`); ARN principals become account
    /// principals, as aws-cdk-lib does.
    iam::AddToResourcePolicyResult add_to_resource_policy(const iam::PolicyStatement& statement) override;
    [[nodiscard]] CfnLogGroup& resource() { return *resource_; }

private:
    ResourcePolicy* policy_ = nullptr;
    CfnLogGroup* resource_ = nullptr;
};

/// A CloudWatch Logs resource policy (CDK: logs.ResourcePolicy), rendered as `AWS::Logs::ResourcePolicy`
/// (child `ResourcePolicy`) whose document is the JSON text of the statements.
class ResourcePolicy : public iam::ResourcePolicy {
public:
    ResourcePolicy(Construct& scope, std::string_view id, std::string resource_policy_name = "");
};

/// Props of a LogStream (CDK: LogStreamProps).
struct LogStreamProps {
    ILogGroup* log_group = nullptr;
    std::string log_stream_name;
    std::optional<RemovalPolicy> removal_policy;
};

/// A log stream (CDK: LogStream), rendered as `AWS::Logs::LogStream`.
class LogStream : public Construct {
public:
    LogStream(Construct& scope, std::string_view id, const LogStreamProps& props);
    [[nodiscard]] std::string log_stream_name() const { return resource_->ref(); }
    [[nodiscard]] CfnLogStream& resource() { return *resource_; }

private:
    CfnLogStream* resource_ = nullptr;
};

/// Props of a MetricFilter (CDK: MetricFilterProps).
struct MetricFilterProps {
    ILogGroup* log_group = nullptr;
    const IFilterPattern* filter_pattern = nullptr;
    std::string metric_namespace;
    std::string metric_name;
    std::string metric_value;
    std::optional<double> default_value;
    std::map<std::string, std::string> dimensions;
    std::optional<cloudwatch::Unit> unit;
    std::string filter_name;
    std::optional<bool> apply_on_transformed_logs;

    [[nodiscard]] static MetricFilterProps from(ILogGroup& log_group, const MetricFilterOptions& options);
};

/// A metric filter (CDK: MetricFilter), rendered as `AWS::Logs::MetricFilter`.
class MetricFilter : public Construct {
public:
    MetricFilter(Construct& scope, std::string_view id, const MetricFilterProps& props);
    /// The filter's metric, Average by default, attached to this filter (CDK: metric).
    [[nodiscard]] cloudwatch::Metric metric(const cloudwatch::MetricOptions& options = {}) const;
    [[nodiscard]] CfnMetricFilter& resource() { return *resource_; }

private:
    std::string metric_namespace_;
    std::string metric_name_;
    CfnMetricFilter* resource_ = nullptr;
};

/// Props of a SubscriptionFilter (CDK: SubscriptionFilterProps).
struct SubscriptionFilterProps {
    ILogGroup* log_group = nullptr;
    const ILogSubscriptionDestination* destination = nullptr;
    const IFilterPattern* filter_pattern = nullptr;
    std::string filter_name;
};

/// A subscription filter (CDK: SubscriptionFilter), rendered as `AWS::Logs::SubscriptionFilter`.
class SubscriptionFilter : public Construct {
public:
    SubscriptionFilter(Construct& scope, std::string_view id, const SubscriptionFilterProps& props);
    [[nodiscard]] CfnSubscriptionFilter& resource() { return *resource_; }

private:
    CfnSubscriptionFilter* resource_ = nullptr;
};

} // namespace cdk::logs

#include "lib/logs/log_group.hpp"

#include "constructs/stack.hpp"
#include "constructs/unique_id.hpp"
#include "lib/iam/feature_flags.hpp"
#include "tokens/arn.hpp"
#include "tokens/aws.hpp"
#include "tokens/errors.hpp"
#include "tokens/lazy.hpp"
#include "tokens/token.hpp"

namespace cdk::logs {

std::string to_string(LogGroupClass log_group_class) {
    switch (log_group_class) {
    case LogGroupClass::Standard: return "STANDARD";
    case LogGroupClass::InfrequentAccess: return "INFREQUENT_ACCESS";
    case LogGroupClass::Delivery: return "DELIVERY";
    }
    return "STANDARD";
}

namespace {

std::string strip_stream_suffix(const std::string& s) {
    if (s.size() >= 2 && s.compare(s.size() - 2, 2, ":*") == 0) return s.substr(0, s.size() - 2);
    return s;
}

/// A log group defined outside the app (CDK: LogGroup.fromLogGroupArn / fromLogGroupName).
class ImportedLogGroup : public Construct, public ILogGroup {
public:
    ImportedLogGroup(Construct& scope, std::string_view id, std::string arn, std::string name,
                     std::string account, std::string region)
        : Construct(scope, id), arn_(std::move(arn)), name_(std::move(name)), account_(std::move(account)),
          region_(std::move(region)) {}
    std::string log_group_arn() const override { return arn_; }
    std::string log_group_name() const override { return name_; }
    Construct& log_group_construct() override { return *this; }
    std::string resource_account() const override { return account_; }
    iam::AddToResourcePolicyResult
    add_to_resource_policy(const iam::PolicyStatement& /*statement*/) override {
        // aws-cdk-lib would create a ResourcePolicy for the imported group too; cdkpp leaves imported
        // resources alone (the grant then goes to the principal or fails, as for the other imports).
        return {};
    }

protected:
    std::string env_account() const override { return account_; }
    std::string env_region() const override { return region_; }

private:
    std::string arn_;
    std::string name_;
    std::string account_;
    std::string region_;
};

/// CDK Names.uniqueId: make_unique_id of the ids from below the app down to the construct.
std::string node_unique_id(const Construct& c) {
    std::vector<std::string> ids;
    const auto scopes = c.node().scopes();
    for (size_t i = 1; i < scopes.size(); ++i)
        ids.push_back(scopes[i]->node().id());
    return make_unique_id(ids);
}

} // namespace

std::string ILogGroup::resource_account() const {
    return env_account();
}

std::string ILogGroup::env_account() const {
    return Stack::of(const_cast<ILogGroup*>(this)->log_group_construct()).account();
}

std::string ILogGroup::env_region() const {
    return Stack::of(const_cast<ILogGroup*>(this)->log_group_construct()).region();
}

std::string ILogGroup::arn_without_stream_suffix() const {
    const std::string arn = log_group_arn();
    if (!Token::is_unresolved(arn)) return strip_stream_suffix(arn);
    return "arn:" + iam::detail::stack_partition(const_cast<ILogGroup*>(this)->log_group_construct()) +
           ":logs:" + env_region() + ":" + env_account() + ":log-group:" + log_group_name();
}

iam::Grant ILogGroup::grant(const iam::IGrantable& grantee, const std::vector<std::string>& actions) {
    return iam::Grant::add_to_principal_or_resource(
        {.grantee = grantee,
         .actions = actions,
         .resource_arns = {arn_without_stream_suffix(), log_group_arn()},
         .resource = *this});
}

iam::Grant ILogGroup::grant_write(const iam::IGrantable& grantee) {
    return iam::Grant::add_to_principal_or_resource({.grantee = grantee,
                                                     .actions = {"logs:CreateLogStream", "logs:PutLogEvents"},
                                                     .resource_arns = {log_group_arn()},
                                                     .resource = *this});
}

iam::Grant ILogGroup::grant_read(const iam::IGrantable& grantee) {
    return grant(grantee, {"logs:FilterLogEvents", "logs:GetLogEvents", "logs:GetLogGroupFields",
                           "logs:DescribeLogGroups", "logs:DescribeLogStreams"});
}

LogStream& ILogGroup::add_stream(std::string_view id, const StreamOptions& options) {
    return make<LogStream>(log_group_construct(), id,
                           LogStreamProps{.log_group = this,
                                          .log_stream_name = options.log_stream_name,
                                          .removal_policy = options.removal_policy});
}

MetricFilter& ILogGroup::add_metric_filter(std::string_view id, const MetricFilterOptions& options) {
    return make<MetricFilter>(log_group_construct(), id, MetricFilterProps::from(*this, options));
}

SubscriptionFilter& ILogGroup::add_subscription_filter(std::string_view id,
                                                       const SubscriptionFilterOptions& options) {
    return make<SubscriptionFilter>(log_group_construct(), id,
                                    SubscriptionFilterProps{.log_group = this,
                                                            .destination = options.destination,
                                                            .filter_pattern = options.filter_pattern,
                                                            .filter_name = options.filter_name});
}

cloudwatch::Metric ILogGroup::extract_metric(const std::string& json_field,
                                             const std::string& metric_namespace,
                                             const std::string& metric_name) {
    // The pattern must outlive the filter's construction only: the filter renders its text at once.
    const JsonPattern pattern = FilterPattern::exists(json_field);
    make<MetricFilter>(log_group_construct(), metric_namespace + "_" + metric_name,
                       MetricFilterProps{.log_group = this,
                                         .filter_pattern = &pattern,
                                         .metric_namespace = metric_namespace,
                                         .metric_name = metric_name,
                                         .metric_value = json_field});
    return cloudwatch::Metric({.namespace_ = metric_namespace, .metric_name = metric_name})
        .attach_to(log_group_construct());
}

cloudwatch::Metric ILogGroup::metric(const std::string& metric_name,
                                     const cloudwatch::MetricOptions& options) const {
    cloudwatch::Metric base({.namespace_ = "AWS/Logs", .metric_name = metric_name, .statistic = "Sum"});
    return base.with(options).attach_to(const_cast<ILogGroup*>(this)->log_group_construct());
}

cloudwatch::Metric ILogGroup::metric_incoming_log_events(const cloudwatch::MetricOptions& options) const {
    return metric("IncomingLogs", options);
}

cloudwatch::Metric ILogGroup::metric_incoming_bytes(const cloudwatch::MetricOptions& options) const {
    return metric("IncomingBytes", options);
}

LogGroup::LogGroup(Construct& scope, std::string_view id, const LogGroupProps& props) : Construct(scope, id) {
    const bool delivery = props.log_group_class == LogGroupClass::Delivery;
    const bool retention_given = props.retention.has_value() || props.retention_in_days.has_value();
    if (delivery && retention_given) {
        throw ValidationError(
            "retention is not supported for a log group with logGroupClass DELIVERY; remove "
            "retention or use a different LogGroupClass",
            node().path());
    }
    std::optional<double> days;
    if (props.retention_in_days)
        days = *props.retention_in_days;
    else if (props.retention)
        days = static_cast<double>(static_cast<int>(*props.retention));
    else if (!delivery)
        days = static_cast<double>(static_cast<int>(RetentionDays::TwoYears));
    if (days && *days == static_cast<double>(static_cast<int>(RetentionDays::Infinite))) days.reset();
    if (days && !Token::is_unresolved(*days) && *days <= 0) {
        throw ValidationError("retentionInDays must be positive, got " + detail::js_number(*days),
                              node().path());
    }
    CfnLogGroupProps cfn;
    if (props.encryption_key != nullptr) cfn.kms_key_id = props.encryption_key->key_arn();
    if (props.log_group_class) cfn.log_group_class = to_string(*props.log_group_class);
    if (!props.log_group_name.empty()) cfn.log_group_name = props.log_group_name;
    if (days) cfn.retention_in_days = l1::Integer(*days);
    if (props.deletion_protection_enabled)
        cfn.deletion_protection_enabled = *props.deletion_protection_enabled;
    resource_ = &make<CfnLogGroup>(*this, "Resource", cfn);
    resource_->apply_removal_policy(props.removal_policy.value_or(RemovalPolicy::Retain));
}

ILogGroup& LogGroup::from_log_group_arn(Construct& scope, std::string_view id, const std::string& arn) {
    const std::string base = strip_stream_suffix(arn);
    const ArnComponents parts = Arn::split(base, ArnFormat::ColonResourceName);
    if (!Token::is_unresolved(base) && (parts.service != "logs" || parts.resource != "log-group")) {
        throw ValidationError("log group ARN '" + arn +
                                  "' is not arn:<partition>:logs:<region>:<account>:log-group:<name>",
                              scope.node().path() + "/" + std::string(id));
    }
    return make<ImportedLogGroup>(scope, id, base + ":*", parts.resource_name.value_or(""), parts.account,
                                  parts.region);
}

ILogGroup& LogGroup::from_log_group_name(Construct& scope, std::string_view id, const std::string& name) {
    const std::string base = strip_stream_suffix(name);
    const Stack& stack = Stack::of(scope);
    const std::string arn = "arn:" + iam::detail::stack_partition(stack) + ":logs:" + stack.region() + ":" +
                            stack.account() + ":log-group:" + base + ":*";
    return make<ImportedLogGroup>(scope, id, arn, base, stack.account(), stack.region());
}

iam::AddToResourcePolicyResult LogGroup::add_to_resource_policy(const iam::PolicyStatement& statement) {
    if (policy_ == nullptr) policy_ = &make<ResourcePolicy>(*this, "Policy");
    // aws-cdk-lib's convertArnPrincipalToAccountId: an ARN principal (not `*`) becomes its account.
    iam::PolicyStatement copy = statement;
    const Json& principal = statement.principal_json();
    if (principal.contains("AWS")) {
        const Json aws = principal["AWS"];
        std::vector<iam::Principal> principals;
        bool changed = false;
        for (const Json& p : aws.is_array() ? aws : Json::array({aws})) {
            const std::string arn = p.is_string() ? p.get<std::string>() : "";
            if (!arn.empty() && arn != "*" && !Token::is_unresolved(arn) && arn.rfind("arn:", 0) == 0) {
                const ArnComponents parts = Arn::split(arn, ArnFormat::SlashResourceName);
                if (!parts.account.empty()) {
                    principals.emplace_back(iam::ArnPrincipal(parts.account));
                    changed = true;
                    continue;
                }
            }
            principals.emplace_back(iam::ArnPrincipal(arn));
        }
        if (changed) {
            Json rest = principal;
            rest.erase("AWS");
            if (rest.empty()) {
                iam::PolicyStatementProps p{.sid = statement.sid(),
                                            .effect = statement.effect(),
                                            .actions = statement.actions(),
                                            .principals = principals,
                                            .resources = statement.resources(),
                                            .conditions = statement.conditions()};
                copy = iam::PolicyStatement(p);
            }
        }
    }
    policy_->document().add_statements({copy});
    return {.statement_added = true, .policy_dependable = policy_};
}

ResourcePolicy::ResourcePolicy(Construct& scope, std::string_view id, std::string resource_policy_name)
    : iam::ResourcePolicy(scope, id) {
    const std::string name = resource_policy_name;
    CfnResourcePolicyProps cfn;
    cfn.policy_name =
        Lazy::uncached_string([this, name]() { return name.empty() ? node_unique_id(*this) : name; });
    // aws-cdk-lib: Lazy.string(JSON.stringify(this.document)), the document's text with the tokens inside.
    cfn.policy_document =
        Prop<Json>::raw(Json(Lazy::uncached_string([this]() { return document().render().dump(); })));
    make<CfnResourcePolicy>(*this, "ResourcePolicy", cfn);
}

LogStream::LogStream(Construct& scope, std::string_view id, const LogStreamProps& props)
    : Construct(scope, id) {
    if (props.log_group == nullptr)
        throw ValidationError("log stream '" + node().id() + "' needs a log group", node().path());
    CfnLogStreamProps cfn{.log_group_name = props.log_group->log_group_name()};
    if (!props.log_stream_name.empty()) cfn.log_stream_name = props.log_stream_name;
    resource_ = &make<CfnLogStream>(*this, "Resource", cfn);
    resource_->apply_removal_policy(props.removal_policy.value_or(RemovalPolicy::Retain));
}

MetricFilterProps MetricFilterProps::from(ILogGroup& log_group, const MetricFilterOptions& options) {
    return {.log_group = &log_group,
            .filter_pattern = options.filter_pattern,
            .metric_namespace = options.metric_namespace,
            .metric_name = options.metric_name,
            .metric_value = options.metric_value,
            .default_value = options.default_value,
            .dimensions = options.dimensions,
            .unit = options.unit,
            .filter_name = options.filter_name,
            .apply_on_transformed_logs = options.apply_on_transformed_logs};
}

MetricFilter::MetricFilter(Construct& scope, std::string_view id, const MetricFilterProps& props)
    : Construct(scope, id), metric_namespace_(props.metric_namespace), metric_name_(props.metric_name) {
    if (props.log_group == nullptr)
        throw ValidationError("metric filter '" + node().id() + "' needs a log group", node().path());
    if (props.filter_pattern == nullptr)
        throw ValidationError("metric filter '" + node().id() + "' needs a filter pattern", node().path());
    if (props.dimensions.size() > 3) {
        throw ValidationError("MetricFilter only supports a maximum of 3 dimensions but received " +
                                  std::to_string(props.dimensions.size()) + ".",
                              node().path());
    }
    CfnMetricFilterMetricTransformationProperty transformation{
        .metric_name = props.metric_name,
        .metric_namespace = props.metric_namespace,
        .metric_value = props.metric_value.empty() ? std::string("1") : props.metric_value};
    if (props.default_value) transformation.default_value = *props.default_value;
    if (!props.dimensions.empty()) {
        // aws-cdk-lib: Object.entries(dimensions), in insertion order; cdkpp's map is sorted by name.
        std::vector<CfnMetricFilterDimensionProperty> dims;
        for (const auto& [key, value] : props.dimensions)
            dims.push_back({.key = key, .value = value});
        transformation.dimensions = dims;
    }
    if (props.unit) transformation.unit = cloudwatch::to_string(*props.unit);
    CfnMetricFilterProps cfn{.filter_pattern = props.filter_pattern->log_pattern_string(),
                             .log_group_name = props.log_group->log_group_name(),
                             .metric_transformations = std::vector{transformation}};
    if (!props.filter_name.empty()) cfn.filter_name = props.filter_name;
    if (props.apply_on_transformed_logs) cfn.apply_on_transformed_logs = *props.apply_on_transformed_logs;
    resource_ = &make<CfnMetricFilter>(*this, "Resource", cfn);
}

cloudwatch::Metric MetricFilter::metric(const cloudwatch::MetricOptions& options) const {
    cloudwatch::Metric base(
        {.namespace_ = metric_namespace_, .metric_name = metric_name_, .statistic = "avg"});
    return base.with(options).attach_to(*this);
}

SubscriptionFilter::SubscriptionFilter(Construct& scope, std::string_view id,
                                       const SubscriptionFilterProps& props)
    : Construct(scope, id) {
    if (props.log_group == nullptr || props.destination == nullptr || props.filter_pattern == nullptr) {
        throw ValidationError("subscription filter '" + node().id() +
                                  "' needs a log group, a destination and a filter pattern",
                              node().path());
    }
    const LogSubscriptionDestinationConfig dest = props.destination->bind(*this, *props.log_group);
    CfnSubscriptionFilterProps cfn{.destination_arn = dest.arn,
                                   .filter_pattern = props.filter_pattern->log_pattern_string(),
                                   .log_group_name = props.log_group->log_group_name()};
    if (dest.role != nullptr) cfn.role_arn = dest.role->role_arn();
    if (!props.filter_name.empty()) cfn.filter_name = props.filter_name;
    resource_ = &make<CfnSubscriptionFilter>(*this, "Resource", cfn);
}

} // namespace cdk::logs

// TableV2's Capacity, Billing and TableEncryptionV2, as aws-cdk-lib 2.276's capacity.ts, billing.ts and
// encryption.ts render them.
#include "constructs/stack.hpp"
#include "lib/dynamodb/table_v2.hpp"
#include "tokens/errors.hpp"
#include "tokens/token.hpp"

#include <sstream>

namespace cdk::dynamodb {
namespace {

/// A number as JavaScript's template literals print it (no fraction for whole numbers).
std::string js_number(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
}

} // namespace

Capacity Capacity::fixed(double iops) {
    return Capacity(CapacityMode::Fixed, iops, {});
}

Capacity Capacity::autoscaled(const AutoscaledCapacityOptions& options) {
    if (options.min_capacity.value_or(1) > options.max_capacity) {
        throw ValidationError("`minCapacity` must be less than or equal to `maxCapacity`");
    }
    if (options.target_utilization_percent &&
        (*options.target_utilization_percent < 20 || *options.target_utilization_percent > 90)) {
        throw ValidationError("`targetUtilizationPercent` cannot be less than 20 or greater than 90");
    }
    if (options.seed_capacity && *options.seed_capacity < 1) {
        throw ValidationError("'seedCapacity' cannot be less than 1 - received " +
                              js_number(*options.seed_capacity));
    }
    return Capacity(CapacityMode::Autoscaled, 0, options);
}

CfnGlobalTableCapacityAutoScalingSettingsProperty Capacity::autoscaled_settings() const {
    CfnGlobalTableCapacityAutoScalingSettingsProperty out{
        .max_capacity = options_.max_capacity,
        .min_capacity = options_.min_capacity.value_or(1),
        .target_tracking_scaling_policy_configuration =
            CfnGlobalTableTargetTrackingScalingPolicyConfigurationProperty{
                .target_value = options_.target_utilization_percent.value_or(70)}};
    if (options_.seed_capacity) out.seed_capacity = *options_.seed_capacity;
    return out;
}

CfnGlobalTableReadProvisionedThroughputSettingsProperty Capacity::render_read_capacity() const {
    if (mode_ == CapacityMode::Fixed) return {.read_capacity_units = units_};
    return {.read_capacity_auto_scaling_settings = autoscaled_settings()};
}

CfnGlobalTableWriteProvisionedThroughputSettingsProperty Capacity::render_write_capacity() const {
    if (mode_ == CapacityMode::Fixed) {
        throw ValidationError("You cannot configure 'writeCapacity' with FIXED capacity mode");
    }
    return {.write_capacity_auto_scaling_settings = autoscaled_settings()};
}

Billing Billing::on_demand(const MaxThroughputProps& props) {
    return Billing(BillingMode::PayPerRequest, props, std::nullopt);
}

Billing Billing::provisioned(const ThroughputProps& props) {
    return Billing(BillingMode::Provisioned, {}, props);
}

TableEncryptionV2 TableEncryptionV2::dynamo_owned_key() {
    return TableEncryptionV2(TableEncryption::Default, nullptr, {});
}

TableEncryptionV2 TableEncryptionV2::aws_managed_key() {
    return TableEncryptionV2(TableEncryption::AwsManaged, nullptr, {});
}

TableEncryptionV2
TableEncryptionV2::customer_managed_key(kms::IKey& table_key,
                                        std::map<std::string, std::string> replica_key_arns) {
    return TableEncryptionV2(TableEncryption::CustomerManaged, &table_key, std::move(replica_key_arns));
}

CfnGlobalTableSSESpecificationProperty TableEncryptionV2::render_sse_specification() const {
    if (type_ == TableEncryption::Default) return {.sse_enabled = false};
    return {.sse_enabled = true, .sse_type = std::string("KMS")};
}

std::optional<CfnGlobalTableReplicaSSESpecificationProperty>
TableEncryptionV2::render_replica_sse_specification(const Construct& scope,
                                                    const std::string& replica_region) const {
    if (type_ != TableEncryption::CustomerManaged) return std::nullopt;
    const std::string& stack_region = Stack::of(scope).region();
    if (Token::is_unresolved(stack_region)) {
        throw ValidationError("Replica SSE specification cannot be rendered in a region agnostic stack",
                              scope.node().path());
    }
    if (replica_key_arns_.count(stack_region) != 0) {
        throw ValidationError("KMS key for deployment region " + stack_region +
                                  " cannot be defined in 'replicaKeyArns'",
                              scope.node().path());
    }
    if (replica_region == stack_region) {
        return CfnGlobalTableReplicaSSESpecificationProperty{.kms_master_key_id = table_key_->key_arn()};
    }
    const auto it = replica_key_arns_.find(replica_region);
    if (it == replica_key_arns_.end()) {
        throw ValidationError("KMS key for " + replica_region + " was not found in 'replicaKeyArns'",
                              scope.node().path());
    }
    return CfnGlobalTableReplicaSSESpecificationProperty{.kms_master_key_id = it->second};
}

} // namespace cdk::dynamodb

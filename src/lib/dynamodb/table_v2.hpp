#pragma once

#include "constructs/construct.hpp"
#include "constructs/tags.hpp"
#include "lib/dynamodb/table.hpp"

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace cdk::dynamodb {

/// How a capacity is set (CDK: CapacityMode).
enum class CapacityMode { Fixed, Autoscaled };

/// Options of Capacity::autoscaled (CDK: AutoscaledCapacityOptions).
struct AutoscaledCapacityOptions {
    /// Default 1; not above `max_capacity`.
    std::optional<double> min_capacity;
    double max_capacity = 0;
    /// 20 to 90, default 70.
    std::optional<double> target_utilization_percent;
    /// At least 1.
    std::optional<double> seed_capacity;
};

/// Read or write capacity of a provisioned TableV2 (CDK: Capacity). A fixed capacity is for reads only, as in
/// aws-cdk-lib (AWS::DynamoDB::GlobalTable's write capacity is always auto scaled).
class Capacity {
public:
    [[nodiscard]] static Capacity fixed(double iops);
    /// ValidationError when the options are out of range (aws-cdk-lib's checks and messages).
    [[nodiscard]] static Capacity autoscaled(const AutoscaledCapacityOptions& options);

    [[nodiscard]] CapacityMode mode() const { return mode_; }
    [[nodiscard]] CfnGlobalTableReadProvisionedThroughputSettingsProperty render_read_capacity() const;
    /// ValidationError for a fixed capacity.
    [[nodiscard]] CfnGlobalTableWriteProvisionedThroughputSettingsProperty render_write_capacity() const;

private:
    Capacity(CapacityMode mode, double units, AutoscaledCapacityOptions options)
        : mode_(mode), units_(units), options_(options) {}
    [[nodiscard]] CfnGlobalTableCapacityAutoScalingSettingsProperty autoscaled_settings() const;

    CapacityMode mode_;
    double units_;
    AutoscaledCapacityOptions options_;
};

/// Maximum on-demand throughput (CDK: MaxThroughputProps).
struct MaxThroughputProps {
    std::optional<double> max_read_request_units;
    std::optional<double> max_write_request_units;
};

/// Provisioned throughput (CDK: ThroughputProps).
struct ThroughputProps {
    Capacity read_capacity;
    Capacity write_capacity;
};

/// The billing of a TableV2 (CDK: Billing). Default on demand.
class Billing {
public:
    [[nodiscard]] static Billing on_demand(const MaxThroughputProps& props = {});
    [[nodiscard]] static Billing provisioned(const ThroughputProps& props);

    [[nodiscard]] BillingMode mode() const { return mode_; }
    [[nodiscard]] const MaxThroughputProps& max_throughput() const { return max_; }
    [[nodiscard]] const std::optional<ThroughputProps>& throughput() const { return throughput_; }

private:
    Billing(BillingMode mode, MaxThroughputProps max, std::optional<ThroughputProps> throughput)
        : mode_(mode), max_(max), throughput_(std::move(throughput)) {}
    BillingMode mode_;
    MaxThroughputProps max_;
    std::optional<ThroughputProps> throughput_;
};

/// Server-side encryption of a TableV2 (CDK: TableEncryptionV2).
class TableEncryptionV2 {
public:
    /// `SSEEnabled: false` (the key DynamoDB owns).
    [[nodiscard]] static TableEncryptionV2 dynamo_owned_key();
    /// `SSEEnabled: true, SSEType: KMS` (the AWS managed key).
    [[nodiscard]] static TableEncryptionV2 aws_managed_key();
    /// `table_key` for the replica in the stack's region, `replica_key_arns` (region to key ARN) for the
    /// others.
    [[nodiscard]] static TableEncryptionV2
    customer_managed_key(kms::IKey& table_key, std::map<std::string, std::string> replica_key_arns = {});

    [[nodiscard]] TableEncryption type() const { return type_; }
    [[nodiscard]] kms::IKey* table_key() const { return table_key_; }
    [[nodiscard]] const std::map<std::string, std::string>& replica_key_arns() const {
        return replica_key_arns_;
    }
    [[nodiscard]] CfnGlobalTableSSESpecificationProperty render_sse_specification() const;
    /// The replica's `SSESpecification` (customer managed keys only); ValidationError as aws-cdk-lib.
    [[nodiscard]] std::optional<CfnGlobalTableReplicaSSESpecificationProperty>
    render_replica_sse_specification(const Construct& scope, const std::string& replica_region) const;

private:
    TableEncryptionV2(TableEncryption type, kms::IKey* key, std::map<std::string, std::string> replica_keys)
        : type_(type), table_key_(key), replica_key_arns_(std::move(replica_keys)) {}
    TableEncryption type_;
    kms::IKey* table_key_;
    std::map<std::string, std::string> replica_key_arns_;
};

/// Which contributor insights are captured (CDK: ContributorInsightsMode).
enum class ContributorInsightsMode { AccessedAndThrottledKeys, ThrottledKeys };

/// CDK: ContributorInsightsSpecification.
struct ContributorInsightsSpecification {
    bool enabled = false;
    std::optional<ContributorInsightsMode> mode;
};

/// A tag of a TableV2 or a replica (CDK: CfnTag).
struct TableTag {
    std::string key;
    std::string value;
};

/// A global secondary index of a TableV2 (CDK: GlobalSecondaryIndexPropsV2).
struct GlobalSecondaryIndexPropsV2 {
    std::string index_name;
    Attribute partition_key;
    std::optional<Attribute> sort_key;
    /// Default All.
    std::optional<ProjectionType> projection_type;
    std::vector<std::string> non_key_attributes;
    /// Provisioned billing only; default the table's.
    std::optional<Capacity> read_capacity;
    std::optional<Capacity> write_capacity;
    /// On-demand billing.
    std::optional<double> max_read_request_units;
    std::optional<double> max_write_request_units;
};

/// Per-replica options of a global secondary index (CDK: ReplicaGlobalSecondaryIndexOptions).
struct ReplicaGlobalSecondaryIndexOptions {
    std::optional<bool> contributor_insights;
    std::optional<ContributorInsightsSpecification> contributor_insights_specification;
    std::optional<Capacity> read_capacity;
    std::optional<double> max_read_request_units;
};

/// A replica in another region (CDK: ReplicaTableProps). Unset options are the table's.
struct ReplicaTableProps {
    std::string region;
    std::optional<Capacity> read_capacity;
    std::optional<double> max_read_request_units;
    std::optional<bool> contributor_insights;
    std::optional<ContributorInsightsSpecification> contributor_insights_specification;
    std::optional<bool> deletion_protection;
    std::optional<bool> point_in_time_recovery;
    std::optional<PointInTimeRecoverySpecification> point_in_time_recovery_specification;
    std::optional<TableClass> table_class;
    std::map<std::string, ReplicaGlobalSecondaryIndexOptions> global_secondary_index_options;
    std::vector<TableTag> tags;
    std::optional<iam::PolicyDocument> resource_policy;
};

/// Props of a TableV2 (CDK: TablePropsV2).
struct TablePropsV2 {
    Attribute partition_key;
    std::optional<Attribute> sort_key;
    /// A physical name; CloudFormation generates one when empty.
    std::string table_name;
    /// Default Billing::on_demand().
    std::optional<Billing> billing;
    /// Default none rendered (the key DynamoDB owns).
    std::optional<TableEncryptionV2> encryption;
    /// Default none, or NEW_AND_OLD_IMAGES once the table has replicas in other regions.
    std::optional<StreamViewType> dynamo_stream;
    std::string time_to_live_attribute;
    std::optional<bool> point_in_time_recovery;
    std::optional<PointInTimeRecoverySpecification> point_in_time_recovery_specification;
    std::optional<bool> contributor_insights;
    std::optional<ContributorInsightsSpecification> contributor_insights_specification;
    std::optional<bool> deletion_protection;
    std::optional<TableClass> table_class;
    /// Tags of the replica in the stack's region.
    std::vector<TableTag> tags;
    /// Default RETAIN.
    std::optional<RemovalPolicy> removal_policy;
    std::vector<GlobalSecondaryIndexPropsV2> global_secondary_indexes;
    std::vector<LocalSecondaryIndexProps> local_secondary_indexes;
    std::vector<ReplicaTableProps> replicas;
    std::optional<iam::PolicyDocument> resource_policy;
};

/// What an imported TableV2 is known by (CDK: TableAttributesV2). Exactly one of the ARN and the name.
struct TableAttributesV2 {
    std::string table_arn;
    std::string table_name;
    std::string table_id;
    std::string table_stream_arn;
    kms::IKey* encryption_key = nullptr;
    bool grant_index_permissions = false;
    std::vector<std::string> global_indexes;
    std::vector<std::string> local_indexes;
};

/// The grants of a TableV2, created or imported (CDK: TableBaseV2). They render as aws-cdk-lib's
/// `combinedGrant`: the key's grant first, then the table ARN and `<arn>/index/*` when the table has an index
/// at the time of the grant; `grant_table_list_streams` is on the stream ARN.
class TableBaseV2 : public Construct, public ITable {
public:
    TableBaseV2(Construct& scope, std::string_view id) : Construct(scope, id) {}

    iam::Grant grant(const iam::IGrantable& grantee, const std::vector<std::string>& actions) override;
    iam::Grant grant_read_data(const iam::IGrantable& grantee) override;
    iam::Grant grant_write_data(const iam::IGrantable& grantee) override;
    iam::Grant grant_read_write_data(const iam::IGrantable& grantee) override;
    iam::Grant grant_full_access(const iam::IGrantable& grantee) override;
    iam::Grant grant_stream(const iam::IGrantable& grantee, const std::vector<std::string>& actions) override;
    iam::Grant grant_stream_read(const iam::IGrantable& grantee) override;
    iam::Grant grant_table_list_streams(const iam::IGrantable& grantee) override;
    [[nodiscard]] Construct& table_construct() override { return *this; }
    /// The table's id (`TableId`), when known.
    [[nodiscard]] virtual std::optional<std::string> table_id() const = 0;

protected:
    struct CombinedGrant {
        std::vector<std::string> key_actions;
        std::vector<std::string> table_actions;
        std::vector<std::string> principal_only_actions;
        std::vector<std::string> stream_actions;
    };
    iam::Grant combined_grant(const iam::IGrantable& grantee, const CombinedGrant& options);
    void check_grantee(const iam::IGrantable& grantee) const;
    [[nodiscard]] std::vector<std::string> table_resource_arns() const;
};

/// A DynamoDB global table (CDK: TableV2), rendered as `AWS::DynamoDB::GlobalTable` with one replica in the
/// stack's region (last) after the replicas added in other regions. Taggable through `Tags::of`: the tags
/// go into every replica's `Tags`.
class TableV2 : public TableBaseV2, public ITaggable {
public:
    TableV2(Construct& scope, std::string_view id, const TablePropsV2& props);

    [[nodiscard]] static TableBaseV2& from_table_name(Construct& scope, std::string_view id,
                                                      const std::string& name);
    /// `arn:<partition>:dynamodb:<region>:<account>:table/<name>`; ValidationError without a name or region.
    [[nodiscard]] static TableBaseV2& from_table_arn(Construct& scope, std::string_view id,
                                                     const std::string& arn);
    [[nodiscard]] static TableBaseV2& from_table_attributes(Construct& scope, std::string_view id,
                                                            const TableAttributesV2& attrs);

    void add_replica(const ReplicaTableProps& props);
    void add_global_secondary_index(const GlobalSecondaryIndexPropsV2& props);
    void add_local_secondary_index(const LocalSecondaryIndexProps& props);
    /// This table for the stack's region, an import of the replica's ARN for another (CDK: replica).
    [[nodiscard]] ITable& replica(const std::string& region);
    iam::AddToResourcePolicyResult add_to_resource_policy(const iam::PolicyStatement& statement) override;

    [[nodiscard]] std::string table_arn() const override;
    [[nodiscard]] std::string table_name() const override;
    [[nodiscard]] std::optional<std::string> table_stream_arn() const override;
    [[nodiscard]] std::optional<std::string> table_id() const override;
    [[nodiscard]] kms::IKey* encryption_key() const override;
    [[nodiscard]] bool has_index() const override { return !gsis_.empty() || !lsis_.empty(); }
    [[nodiscard]] BillingMode billing_mode() const { return billing_mode_; }
    [[nodiscard]] CfnGlobalTable& resource() { return *resource_; }
    [[nodiscard]] TagManager& tag_manager() override { return tags_; }
    [[nodiscard]] std::string tagged_resource_type() const override {
        return CfnGlobalTable::kCfnResourceTypeName;
    }

private:
    void add_key(const Attribute& attribute, const std::string& key_type);
    void add_attribute_definition(const Attribute& attribute);
    [[nodiscard]] std::vector<CfnGlobalTableKeySchemaProperty>
    index_key_schema(const Attribute& partition, const std::optional<Attribute>& sort);
    [[nodiscard]] CfnGlobalTableProjectionProperty
    projection(std::optional<ProjectionType> type, const std::vector<std::string>& non_key_attributes);
    void validate_pitr(const TablePropsV2& props) const;
    void validate_index_name(const std::string& name) const;
    [[nodiscard]] std::optional<ContributorInsightsSpecification>
    validate_cci(std::optional<bool> contributor_insights,
                 const std::optional<ContributorInsightsSpecification>& specification) const;
    [[nodiscard]] Json render_replicas() const;
    [[nodiscard]] CfnGlobalTableReplicaSpecificationProperty
    replica_specification(const ReplicaTableProps& props) const;
    [[nodiscard]] std::optional<std::vector<CfnGlobalTableReplicaGlobalSecondaryIndexSpecificationProperty>>
    replica_indexes(const std::map<std::string, ReplicaGlobalSecondaryIndexOptions>& options) const;
    void sync();

    TablePropsV2 options_;
    BillingMode billing_mode_ = BillingMode::PayPerRequest;
    std::optional<CfnGlobalTableReadProvisionedThroughputSettingsProperty> read_provisioning_;
    std::optional<CfnGlobalTableWriteProvisionedThroughputSettingsProperty> write_provisioning_;
    std::optional<double> max_read_request_units_;
    std::optional<double> max_write_request_units_;
    bool has_sort_key_ = false;
    std::vector<CfnGlobalTableKeySchemaProperty> key_schema_;
    std::vector<CfnGlobalTableAttributeDefinitionProperty> attribute_definitions_;
    std::vector<CfnGlobalTableGlobalSecondaryIndexProperty> gsis_;
    std::vector<CfnGlobalTableLocalSecondaryIndexProperty> lsis_;
    std::map<std::string, Capacity> gsi_read_capacities_;
    std::map<std::string, double> gsi_max_read_units_;
    std::set<std::string> non_key_attributes_;
    std::vector<ReplicaTableProps> replicas_;
    std::map<std::string, kms::IKey*> replica_keys_;
    std::unique_ptr<iam::PolicyDocument> resource_policy_;
    TagManager tags_;
    CfnGlobalTable* resource_ = nullptr;
};

} // namespace cdk::dynamodb

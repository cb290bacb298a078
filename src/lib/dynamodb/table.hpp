#pragma once

#include "cfn/cfn_resource.hpp"
#include "constructs/construct.hpp"
#include "constructs/tags.hpp"
#include "lib/dynamodb/attribute.hpp"
#include "lib/dynamodb/generated/cfn_dynamodb.hpp"
#include "lib/iam/grant.hpp"
#include "lib/iam/policy_document.hpp"
#include "lib/kms/key.hpp"

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace cdk::dynamodb {

namespace detail {
/// aws-cdk-lib's isUnsupportedServicePrincipal: a service principal other than the few DynamoDB accepts in a
/// table policy (redshift, glue, DynamoDB replication), which the grants refuse.
[[nodiscard]] bool unsupported_service_principal(const iam::IPrincipal& principal);
} // namespace detail

/// A DynamoDB table, created here or imported (CDK: ITable). The grants render exactly as aws-cdk-lib's
/// TableGrants: the table ARN and, when the table has indexes, `<arn>/index/*`; the key's grants when the
/// table is encrypted with a customer managed key; a statement in the table's resource policy (resource `*`)
/// for a principal of another account or one without a policy. The grants are virtual: a TableV2 renders
/// them as aws-cdk-lib's TableBaseV2.
class ITable : public iam::IResourceWithPolicy {
public:
    [[nodiscard]] virtual std::string table_arn() const = 0;
    [[nodiscard]] virtual std::string table_name() const = 0;
    /// The stream's ARN when the table has a stream.
    [[nodiscard]] virtual std::optional<std::string> table_stream_arn() const = 0;
    /// The customer managed key, when there is one.
    [[nodiscard]] virtual kms::IKey* encryption_key() const { return nullptr; }
    /// Whether grants include `<arn>/index/*` (evaluated at synthesis for a Table).
    [[nodiscard]] virtual bool has_index() const = 0;
    [[nodiscard]] virtual Construct& table_construct() = 0;

    /// `actions` on the table (and its indexes).
    virtual iam::Grant grant(const iam::IGrantable& grantee, const std::vector<std::string>& actions);
    /// BatchGetItem, Query, GetItem, Scan, ConditionCheckItem, DescribeTable (+ GetRecords, GetShardIterator
    /// on the principal; `kms:Decrypt`, `kms:DescribeKey` on the key).
    virtual iam::Grant grant_read_data(const iam::IGrantable& grantee);
    /// BatchWriteItem, PutItem, UpdateItem, DeleteItem, DescribeTable (+ key encrypt and decrypt).
    virtual iam::Grant grant_write_data(const iam::IGrantable& grantee);
    /// Both of the above.
    virtual iam::Grant grant_read_write_data(const iam::IGrantable& grantee);
    /// `dynamodb:*` (+ key encrypt and decrypt).
    virtual iam::Grant grant_full_access(const iam::IGrantable& grantee);
    /// `actions` on the table's stream; ValidationError when the table has none.
    virtual iam::Grant grant_stream(const iam::IGrantable& grantee, const std::vector<std::string>& actions);
    /// ListStreams on `*`, `kms:Decrypt`/`DescribeKey` on the key, DescribeStream/GetRecords/GetShardIterator
    /// on the stream.
    virtual iam::Grant grant_stream_read(const iam::IGrantable& grantee);
    /// `dynamodb:ListStreams` on `*`; ValidationError when the table has no stream.
    virtual iam::Grant grant_table_list_streams(const iam::IGrantable& grantee);
    /// `dynamodb:ListStreams` on `*` (CDK: Table.grantListStreams).
    static iam::Grant grant_list_streams(const iam::IGrantable& grantee);

    [[nodiscard]] std::string resource_account() const override;

private:
    [[nodiscard]] std::vector<std::string> grant_arns();
    void grant_on_key(const iam::IGrantable& grantee, const std::vector<std::string>& actions);
    iam::Grant principal_only_read(const iam::IGrantable& grantee);
};

/// Point-in-time recovery settings (CDK: PointInTimeRecoverySpecification).
struct PointInTimeRecoverySpecification {
    bool point_in_time_recovery_enabled = false;
    /// 1 to 35 days; only with recovery enabled.
    std::optional<double> recovery_period_in_days;
};

/// Props of a Table (CDK: TableProps).
struct TableProps {
    Attribute partition_key;
    std::optional<Attribute> sort_key;
    /// A physical name; CloudFormation generates one when empty.
    std::string table_name;
    /// Default Provisioned (as aws-cdk-lib's Table), with 5 read and 5 write capacity units.
    std::optional<BillingMode> billing_mode;
    std::optional<double> read_capacity;
    std::optional<double> write_capacity;
    /// On-demand throughput limits (PayPerRequest only).
    std::optional<double> max_read_request_units;
    std::optional<double> max_write_request_units;
    std::optional<StreamViewType> stream;
    std::string time_to_live_attribute;
    /// Renders `PointInTimeRecoverySpecification` (also when false).
    std::optional<bool> point_in_time_recovery;
    /// The full form; not together with `point_in_time_recovery`.
    std::optional<PointInTimeRecoverySpecification> point_in_time_recovery_specification;
    /// Default: none rendered (the AWS-owned key), or CustomerManaged when `encryption_key` is given.
    std::optional<TableEncryption> encryption;
    /// The key of CustomerManaged; a key `Key` is created when CustomerManaged has none.
    kms::IKey* encryption_key = nullptr;
    std::optional<TableClass> table_class;
    std::optional<bool> deletion_protection;
    std::optional<bool> contributor_insights_enabled;
    /// The table's resource policy (statements added by grants and `add_to_resource_policy` join it).
    std::optional<iam::PolicyDocument> resource_policy;
    /// Default RETAIN, as aws-cdk-lib.
    std::optional<RemovalPolicy> removal_policy;
};

/// A global secondary index (CDK: GlobalSecondaryIndexProps).
struct GlobalSecondaryIndexProps {
    std::string index_name;
    Attribute partition_key;
    std::optional<Attribute> sort_key;
    /// Default All.
    std::optional<ProjectionType> projection_type;
    /// Only with Include.
    std::vector<std::string> non_key_attributes;
    std::optional<double> read_capacity;
    std::optional<double> write_capacity;
    std::optional<double> max_read_request_units;
    std::optional<double> max_write_request_units;
    std::optional<bool> contributor_insights_enabled;
};

/// A local secondary index: the table's partition key with another sort key (CDK: LocalSecondaryIndexProps).
struct LocalSecondaryIndexProps {
    std::string index_name;
    Attribute sort_key;
    std::optional<ProjectionType> projection_type;
    std::vector<std::string> non_key_attributes;
};

/// What an imported table is known by (CDK: TableAttributes). Exactly one of the ARN and the name.
struct TableAttributes {
    std::string table_arn;
    std::string table_name;
    std::string table_stream_arn;
    kms::IKey* encryption_key = nullptr;
    /// Grants include `<arn>/index/*` (also when index names are given).
    bool grant_index_permissions = false;
    std::vector<std::string> global_indexes;
    std::vector<std::string> local_indexes;
};

/// The table's L1, taggable (CDK: CfnTable with its TagManager): `Tags::of(...)` reaches it.
class TableResource : public CfnTable, public ITaggable {
public:
    TableResource(Construct& scope, std::string_view id, CfnTableProps props);
    [[nodiscard]] TagManager& tag_manager() override { return tags_; }
    [[nodiscard]] std::string tagged_resource_type() const override { return kCfnResourceTypeName; }

private:
    TagManager tags_;
};

/// A DynamoDB table (CDK: Table), rendered as `AWS::DynamoDB::Table` (+ a KMS key `Key` for CustomerManaged
/// without a key). Taggable through `Tags::of`.
class Table : public Construct, public ITable {
public:
    Table(Construct& scope, std::string_view id, const TableProps& props);

    /// An existing table of this stack's account and region by name.
    [[nodiscard]] static ITable& from_table_name(Construct& scope, std::string_view id,
                                                 const std::string& name);
    /// An existing table by ARN (`arn:<partition>:dynamodb:<region>:<account>:table/<name>`).
    [[nodiscard]] static ITable& from_table_arn(Construct& scope, std::string_view id,
                                                const std::string& arn);
    [[nodiscard]] static ITable& from_table_attributes(Construct& scope, std::string_view id,
                                                       const TableAttributes& attrs);

    void add_global_secondary_index(const GlobalSecondaryIndexProps& props);
    void add_local_secondary_index(const LocalSecondaryIndexProps& props);
    iam::AddToResourcePolicyResult add_to_resource_policy(const iam::PolicyStatement& statement) override;

    [[nodiscard]] std::string table_arn() const override;
    [[nodiscard]] std::string table_name() const override;
    [[nodiscard]] std::optional<std::string> table_stream_arn() const override;
    [[nodiscard]] kms::IKey* encryption_key() const override { return key_; }
    [[nodiscard]] bool has_index() const override { return !gsis_.empty() || !lsis_.empty(); }
    [[nodiscard]] Construct& table_construct() override { return *this; }
    [[nodiscard]] BillingMode billing_mode() const { return billing_mode_; }
    [[nodiscard]] TableResource& resource() { return *resource_; }

private:
    void render_encryption(const TableProps& props, CfnTableProps& cfn);
    void render_point_in_time_recovery(const TableProps& props, CfnTableProps& cfn) const;
    void validate_provisioning(std::optional<double> read, std::optional<double> write) const;
    void validate_index_name(const std::string& name) const;
    void add_key(const Attribute& attribute, const std::string& key_type);
    void register_attribute(const Attribute& attribute);
    [[nodiscard]] std::vector<CfnTableKeySchemaProperty>
    index_key_schema(const Attribute& partition, const std::optional<Attribute>& sort);
    [[nodiscard]] CfnTableProjectionProperty projection(std::optional<ProjectionType> type,
                                                        const std::vector<std::string>& non_key_attributes);
    void sync();
    [[nodiscard]] std::vector<std::string> validate_table() const;

    BillingMode billing_mode_ = BillingMode::Provisioned;
    kms::IKey* key_ = nullptr;
    Attribute partition_key_;
    bool has_sort_key_ = false;
    std::vector<CfnTableKeySchemaProperty> key_schema_;
    std::vector<CfnTableAttributeDefinitionProperty> attribute_definitions_;
    std::vector<CfnTableGlobalSecondaryIndexProperty> gsis_;
    std::vector<CfnTableLocalSecondaryIndexProperty> lsis_;
    std::set<std::string> index_names_;
    std::set<std::string> non_key_attributes_;
    std::unique_ptr<iam::PolicyDocument> resource_policy_;
    TableResource* resource_ = nullptr;
};

} // namespace cdk::dynamodb

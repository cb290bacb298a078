#include "lib/dynamodb/table.hpp"

#include "constructs/stack.hpp"
#include "tokens/errors.hpp"
#include "tokens/lazy.hpp"
#include "tokens/token.hpp"

namespace cdk::dynamodb {
namespace {

constexpr const char* kHashKeyType = "HASH";
constexpr const char* kRangeKeyType = "RANGE";
constexpr size_t kMaxLocalSecondaryIndexes = 5;
constexpr size_t kMaxNonKeyAttributes = 100;

/// aws-cdk-lib's `props.readCapacity || 5`.
double capacity_or_default(std::optional<double> value) {
    return value && *value != 0 ? *value : 5;
}

/// Provisioned throughput for a table or a global index, 5/5 where a capacity is not given (aws-cdk-lib's
/// default).
CfnTableProvisionedThroughputProperty provisioned(std::optional<double> read, std::optional<double> write) {
    return {.read_capacity_units = capacity_or_default(read),
            .write_capacity_units = capacity_or_default(write)};
}

/// The on-demand limits of a table or a global index: only the ones given (non-zero), none when neither is,
/// and never on a provisioned table.
std::optional<CfnTableOnDemandThroughputProperty>
on_demand_limits(BillingMode mode, std::optional<double> max_read, std::optional<double> max_write) {
    if (mode == BillingMode::Provisioned || (max_read.value_or(0) == 0 && max_write.value_or(0) == 0)) {
        return std::nullopt;
    }
    CfnTableOnDemandThroughputProperty limits;
    if (max_read.value_or(0) != 0) limits.max_read_request_units = *max_read;
    if (max_write.value_or(0) != 0) limits.max_write_request_units = *max_write;
    return limits;
}

} // namespace

std::string to_string(AttributeType type) {
    switch (type) {
    case AttributeType::Binary: return "B";
    case AttributeType::Number: return "N";
    case AttributeType::String: return "S";
    }
    return "S";
}

std::string to_string(BillingMode mode) {
    return mode == BillingMode::PayPerRequest ? "PAY_PER_REQUEST" : "PROVISIONED";
}

std::string to_string(ProjectionType type) {
    switch (type) {
    case ProjectionType::KeysOnly: return "KEYS_ONLY";
    case ProjectionType::Include: return "INCLUDE";
    case ProjectionType::All: return "ALL";
    }
    return "ALL";
}

std::string to_string(StreamViewType type) {
    switch (type) {
    case StreamViewType::NewImage: return "NEW_IMAGE";
    case StreamViewType::OldImage: return "OLD_IMAGE";
    case StreamViewType::NewAndOldImages: return "NEW_AND_OLD_IMAGES";
    case StreamViewType::KeysOnly: return "KEYS_ONLY";
    }
    return "NEW_AND_OLD_IMAGES";
}

std::string to_string(TableClass table_class) {
    return table_class == TableClass::Standard ? "STANDARD" : "STANDARD_INFREQUENT_ACCESS";
}

TableResource::TableResource(Construct& scope, std::string_view id, CfnTableProps props)
    : CfnTable(scope, id, std::move(props)), tags_(TagType::Standard) {
    // CfnTable renders `Tags: this.tags.renderTags()`; the tag manager is filled by Tags::of aspects.
    this->props().tags = Prop<std::vector<CfnTableTagProperty>>::raw(
        Lazy::uncached_any([this](ResolveContext&) { return tags_.render_tags(); }));
}

Table::Table(Construct& scope, std::string_view id, const TableProps& props) : Construct(scope, id) {
    if (props.partition_key.name.empty()) {
        throw ValidationError("partition_key is required for Table", node().path());
    }
    billing_mode_ = props.billing_mode.value_or(BillingMode::Provisioned);
    validate_provisioning(props.read_capacity, props.write_capacity);
    add_key(props.partition_key, kHashKeyType);
    partition_key_ = props.partition_key;
    if (props.sort_key) {
        add_key(*props.sort_key, kRangeKeyType);
        has_sort_key_ = true;
    }

    CfnTableProps cfn;
    cfn.key_schema = key_schema_;
    cfn.attribute_definitions = attribute_definitions_;
    if (!props.table_name.empty()) cfn.table_name = props.table_name;
    render_point_in_time_recovery(props, cfn);
    if (billing_mode_ == BillingMode::PayPerRequest) {
        cfn.billing_mode = to_string(billing_mode_);
    } else {
        cfn.provisioned_throughput = provisioned(props.read_capacity, props.write_capacity);
    }
    if (auto limits =
            on_demand_limits(billing_mode_, props.max_read_request_units, props.max_write_request_units)) {
        cfn.on_demand_throughput = *limits;
    }
    render_encryption(props, cfn);
    if (props.stream)
        cfn.stream_specification =
            CfnTableStreamSpecificationProperty{.stream_view_type = to_string(*props.stream)};
    if (props.table_class) cfn.table_class = to_string(*props.table_class);
    if (!props.time_to_live_attribute.empty()) {
        cfn.time_to_live_specification = CfnTableTimeToLiveSpecificationProperty{
            .attribute_name = props.time_to_live_attribute, .enabled = true};
    }
    if (props.contributor_insights_enabled) {
        cfn.contributor_insights_specification =
            CfnTableContributorInsightsSpecificationProperty{.enabled = *props.contributor_insights_enabled};
    }
    if (props.deletion_protection) cfn.deletion_protection_enabled = *props.deletion_protection;

    resource_ = &make<TableResource>(*this, "Resource", cfn);
    resource_->apply_removal_policy(props.removal_policy.value_or(RemovalPolicy::Retain));
    if (props.resource_policy) {
        resource_policy_ = std::make_unique<iam::PolicyDocument>(*props.resource_policy);
        resource_->props().resource_policy =
            CfnTableResourcePolicyProperty{.policy_document = Prop<Json>::raw(resource_policy_->to_json())};
    }
    node().add_validation([this] { return validate_table(); });
}

std::string Table::table_arn() const {
    return resource_->attr_arn();
}

std::string Table::table_name() const {
    return resource_->ref();
}

std::optional<std::string> Table::table_stream_arn() const {
    if (!resource_->props().stream_specification) return std::nullopt;
    return resource_->attr_stream_arn();
}

void Table::render_encryption(const TableProps& props, CfnTableProps& cfn) {
    // aws-cdk-lib's parseEncryption.
    std::optional<TableEncryption> encryption = props.encryption;
    if (!encryption && props.encryption_key != nullptr) encryption = TableEncryption::CustomerManaged;
    if (encryption != TableEncryption::CustomerManaged && props.encryption_key != nullptr) {
        throw ValidationError("encryption_key cannot be specified unless encryption is set to "
                              "TableEncryption::CustomerManaged",
                              node().path());
    }
    if (!encryption) return;
    switch (*encryption) {
    case TableEncryption::CustomerManaged:
        key_ = props.encryption_key;
        if (key_ == nullptr) {
            key_ = &make<kms::Key>(
                *this, "Key",
                kms::KeyProps{.description =
                                  "Customer-managed key auto-created for encrypting DynamoDB table at " +
                                  node().path(),
                              .enable_key_rotation = true});
        }
        cfn.sse_specification = CfnTableSSESpecificationProperty{
            .kms_master_key_id = key_->key_arn(), .sse_enabled = true, .sse_type = std::string("KMS")};
        break;
    case TableEncryption::AwsManaged:
        cfn.sse_specification = CfnTableSSESpecificationProperty{.sse_enabled = true};
        break;
    case TableEncryption::Default:
        cfn.sse_specification = CfnTableSSESpecificationProperty{.sse_enabled = false};
        break;
    }
}

void Table::render_point_in_time_recovery(const TableProps& props, CfnTableProps& cfn) const {
    // aws-cdk-lib's validatePitr.
    if (props.point_in_time_recovery && props.point_in_time_recovery_specification) {
        throw ValidationError(
            "`point_in_time_recovery_specification` and `point_in_time_recovery` are set. Use "
            "`point_in_time_recovery_specification` only",
            node().path());
    }
    if (props.point_in_time_recovery_specification) {
        const PointInTimeRecoverySpecification& spec = *props.point_in_time_recovery_specification;
        const std::optional<double> days = spec.recovery_period_in_days;
        if (!spec.point_in_time_recovery_enabled && days && *days != 0) {
            throw ValidationError(
                "cannot set `recovery_period_in_days` while `point_in_time_recovery_enabled` is "
                "set to false",
                node().path());
        }
        if (days && !Token::is_unresolved(*days) && (*days < 1 || *days > 35)) {
            throw ValidationError("`recovery_period_in_days` must be a value between `1` and `35`",
                                  node().path());
        }
        CfnTablePointInTimeRecoverySpecificationProperty out{.point_in_time_recovery_enabled =
                                                                 spec.point_in_time_recovery_enabled};
        if (days) out.recovery_period_in_days = *days;
        cfn.point_in_time_recovery_specification = out;
    } else if (props.point_in_time_recovery) {
        cfn.point_in_time_recovery_specification = CfnTablePointInTimeRecoverySpecificationProperty{
            .point_in_time_recovery_enabled = *props.point_in_time_recovery};
    }
}

void Table::validate_provisioning(std::optional<double> read, std::optional<double> write) const {
    if (billing_mode_ == BillingMode::PayPerRequest && (read || write)) {
        throw ValidationError("you cannot provision read and write capacity for a table with PAY_PER_REQUEST "
                              "billing mode",
                              node().path());
    }
}

void Table::validate_index_name(const std::string& name) const {
    if (index_names_.count(name) != 0) {
        throw ValidationError("a duplicate index name, " + name + ", is not allowed", node().path());
    }
}

void Table::add_key(const Attribute& attribute, const std::string& key_type) {
    for (const auto& k : key_schema_) {
        if (k.key_type.value() == key_type) {
            throw ValidationError("unable to set " + attribute.name + " as a " + key_type + " key, because " +
                                      k.attribute_name.value() + " is a " + key_type + " key",
                                  node().path());
        }
    }
    register_attribute(attribute);
    key_schema_.push_back({.attribute_name = attribute.name, .key_type = key_type});
}

void Table::register_attribute(const Attribute& attribute) {
    const std::string type = to_string(attribute.type);
    for (const auto& def : attribute_definitions_) {
        if (def.attribute_name.value() != attribute.name) continue;
        if (def.attribute_type.value() != type) {
            throw ValidationError("unable to specify " + attribute.name + " as " + type +
                                      " because it was already defined as " + def.attribute_type.value(),
                                  node().path());
        }
        return;
    }
    attribute_definitions_.push_back({.attribute_name = attribute.name, .attribute_type = type});
}

std::vector<CfnTableKeySchemaProperty> Table::index_key_schema(const Attribute& partition,
                                                               const std::optional<Attribute>& sort) {
    register_attribute(partition);
    if (sort) register_attribute(*sort);
    std::vector<CfnTableKeySchemaProperty> out{{.attribute_name = partition.name, .key_type = kHashKeyType}};
    if (sort) out.push_back({.attribute_name = sort->name, .key_type = kRangeKeyType});
    return out;
}

CfnTableProjectionProperty Table::projection(std::optional<ProjectionType> type,
                                             const std::vector<std::string>& non_key_attributes) {
    const bool include = type == ProjectionType::Include;
    if (include && non_key_attributes.empty()) {
        throw ValidationError("non-key attributes should be specified when using INCLUDE projection type",
                              node().path());
    }
    if (!include && !non_key_attributes.empty()) {
        throw ValidationError(
            "non-key attributes should not be specified when not using INCLUDE projection type",
            node().path());
    }
    CfnTableProjectionProperty out{.projection_type = to_string(type.value_or(ProjectionType::All))};
    if (!non_key_attributes.empty()) {
        if (non_key_attributes_.size() + non_key_attributes.size() > kMaxNonKeyAttributes) {
            throw ValidationError(
                "a maximum number of nonKeyAttributes across all of secondary indexes is 100", node().path());
        }
        non_key_attributes_.insert(non_key_attributes.begin(), non_key_attributes.end());
        out.non_key_attributes = non_key_attributes;
    }
    return out;
}

void Table::add_global_secondary_index(const GlobalSecondaryIndexProps& props) {
    validate_provisioning(props.read_capacity, props.write_capacity);
    validate_index_name(props.index_name);
    if (props.partition_key.name.empty()) {
        throw ValidationError("global secondary index '" + props.index_name + "' needs a partition_key",
                              node().path());
    }
    CfnTableGlobalSecondaryIndexProperty gsi{.index_name = props.index_name};
    if (props.contributor_insights_enabled) {
        gsi.contributor_insights_specification =
            CfnTableContributorInsightsSpecificationProperty{.enabled = *props.contributor_insights_enabled};
    }
    gsi.key_schema = index_key_schema(props.partition_key, props.sort_key);
    gsi.projection = projection(props.projection_type, props.non_key_attributes);
    if (billing_mode_ != BillingMode::PayPerRequest) {
        gsi.provisioned_throughput = provisioned(props.read_capacity, props.write_capacity);
    }
    if (auto limits =
            on_demand_limits(billing_mode_, props.max_read_request_units, props.max_write_request_units)) {
        gsi.on_demand_throughput = *limits;
    }
    gsis_.push_back(std::move(gsi));
    index_names_.insert(props.index_name);
    sync();
}

void Table::add_local_secondary_index(const LocalSecondaryIndexProps& props) {
    if (lsis_.size() >= kMaxLocalSecondaryIndexes) {
        throw ValidationError("a maximum number of local secondary index per table is " +
                                  std::to_string(kMaxLocalSecondaryIndexes),
                              node().path());
    }
    if (props.sort_key.name.empty()) {
        throw ValidationError("local secondary index '" + props.index_name + "' needs a sort_key",
                              node().path());
    }
    validate_index_name(props.index_name);
    CfnTableLocalSecondaryIndexProperty lsi{.index_name = props.index_name};
    lsi.key_schema = index_key_schema(partition_key_, props.sort_key);
    lsi.projection = projection(props.projection_type, props.non_key_attributes);
    lsis_.push_back(std::move(lsi));
    index_names_.insert(props.index_name);
    sync();
}

void Table::sync() {
    CfnTableProps& p = resource_->props();
    p.attribute_definitions = attribute_definitions_;
    p.key_schema = key_schema_;
    if (!gsis_.empty()) p.global_secondary_indexes = gsis_;
    if (!lsis_.empty()) p.local_secondary_indexes = lsis_;
}

std::vector<std::string> Table::validate_table() const {
    std::vector<std::string> errors;
    if (!lsis_.empty() && !has_sort_key_) {
        errors.emplace_back("a sort key of the table must be specified to add local secondary indexes");
    }
    return errors;
}

iam::AddToResourcePolicyResult Table::add_to_resource_policy(const iam::PolicyStatement& statement) {
    if (!resource_policy_) {
        resource_policy_ = std::make_unique<iam::PolicyDocument>();
        resource_->props().resource_policy =
            CfnTableResourcePolicyProperty{.policy_document = Prop<Json>::raw(resource_policy_->to_json())};
    }
    resource_policy_->add_statements({statement});
    return {.statement_added = true, .policy_dependable = this};
}

} // namespace cdk::dynamodb

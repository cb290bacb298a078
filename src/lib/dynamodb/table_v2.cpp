// TableV2: AWS::DynamoDB::GlobalTable as aws-cdk-lib 2.276's table-v2.ts renders it.
#include "lib/dynamodb/table_v2.hpp"

#include "constructs/stack.hpp"
#include "lib/iam/feature_flags.hpp"
#include "tokens/aws.hpp"
#include "tokens/errors.hpp"
#include "tokens/lazy.hpp"
#include "tokens/token.hpp"

namespace cdk::dynamodb {
namespace {

constexpr const char* kHashKeyType = "HASH";
constexpr const char* kRangeKeyType = "RANGE";
constexpr size_t kMaxGlobalSecondaryIndexes = 20;
constexpr size_t kMaxLocalSecondaryIndexes = 5;
constexpr size_t kMaxNonKeyAttributes = 100;

std::string to_string(ContributorInsightsMode mode) {
    return mode == ContributorInsightsMode::ThrottledKeys ? "THROTTLED_KEYS" : "ACCESSED_AND_THROTTLED_KEYS";
}

CfnGlobalTableContributorInsightsSpecificationProperty render(const ContributorInsightsSpecification& spec) {
    CfnGlobalTableContributorInsightsSpecificationProperty out{.enabled = spec.enabled};
    if (spec.mode) out.mode = to_string(*spec.mode);
    return out;
}

CfnGlobalTablePointInTimeRecoverySpecificationProperty render(const PointInTimeRecoverySpecification& spec) {
    CfnGlobalTablePointInTimeRecoverySpecificationProperty out{.point_in_time_recovery_enabled =
                                                                   spec.point_in_time_recovery_enabled};
    if (spec.recovery_period_in_days) out.recovery_period_in_days = *spec.recovery_period_in_days;
    return out;
}

/// `arn:<partition>:dynamodb:<region>:<account>:table/<name>` (Stack.formatArn).
std::string table_arn_in(const Stack& stack, const std::string& region, const std::string& name) {
    return "arn:" + iam::detail::stack_partition(stack) + ":dynamodb:" + region + ":" + stack.account() +
           ":table/" + name;
}

} // namespace

TableV2::TableV2(Construct& scope, std::string_view id, const TablePropsV2& props)
    : TableBaseV2(scope, id), options_(props), tags_(TagType::Standard) {
    if (props.partition_key.name.empty()) {
        throw ValidationError("partition_key is required for TableV2", node().path());
    }
    options_.replicas.clear();
    options_.global_secondary_indexes.clear();
    options_.local_secondary_indexes.clear();
    if (props.encryption) {
        for (const auto& [region, arn] : props.encryption->replica_key_arns()) {
            replica_keys_[region] = &kms::Key::from_key_arn(*this, "ReplicaKey" + region, arn);
        }
    }
    add_key(props.partition_key, kHashKeyType);
    if (props.sort_key) {
        add_key(*props.sort_key, kRangeKeyType);
        has_sort_key_ = true;
    }
    validate_pitr(props);
    if (!props.billing || props.billing->mode() == BillingMode::PayPerRequest) {
        if (props.billing) {
            max_read_request_units_ = props.billing->max_throughput().max_read_request_units;
            max_write_request_units_ = props.billing->max_throughput().max_write_request_units;
        }
        billing_mode_ = BillingMode::PayPerRequest;
    } else {
        try {
            read_provisioning_ = props.billing->throughput()->read_capacity.render_read_capacity();
            write_provisioning_ = props.billing->throughput()->write_capacity.render_write_capacity();
        } catch (const ValidationError& e) {
            throw ValidationError(e.what(), node().path());
        }
        billing_mode_ = BillingMode::Provisioned;
    }
    for (const auto& gsi : props.global_secondary_indexes)
        add_global_secondary_index(gsi);
    for (const auto& lsi : props.local_secondary_indexes)
        add_local_secondary_index(lsi);
    if (props.resource_policy)
        resource_policy_ = std::make_unique<iam::PolicyDocument>(*props.resource_policy);

    CfnGlobalTableProps cfn;
    if (!props.table_name.empty()) cfn.table_name = props.table_name;
    cfn.key_schema = key_schema_;
    cfn.attribute_definitions = attribute_definitions_;
    cfn.replicas = Prop<std::vector<CfnGlobalTableReplicaSpecificationProperty>>::raw(
        Lazy::uncached_any([this](ResolveContext&) { return render_replicas(); }));
    cfn.billing_mode = to_string(billing_mode_);
    if (write_provisioning_) cfn.write_provisioned_throughput_settings = *write_provisioning_;
    if (max_write_request_units_.value_or(0) != 0) {
        cfn.write_on_demand_throughput_settings = CfnGlobalTableWriteOnDemandThroughputSettingsProperty{
            .max_write_request_units = *max_write_request_units_};
    }
    // Given, or NEW_AND_OLD_IMAGES once there are replicas in other regions (they need it).
    cfn.stream_specification = Prop<CfnGlobalTableStreamSpecificationProperty>::raw(
        Lazy::uncached_any([this](ResolveContext&) -> Json {
            if (options_.dynamo_stream) return Json{{"StreamViewType", to_string(*options_.dynamo_stream)}};
            if (!replicas_.empty()) return Json{{"StreamViewType", "NEW_AND_OLD_IMAGES"}};
            return Token::undefined();
        }));
    if (props.encryption) cfn.sse_specification = props.encryption->render_sse_specification();
    if (!props.time_to_live_attribute.empty()) {
        cfn.time_to_live_specification = CfnGlobalTableTimeToLiveSpecificationProperty{
            .attribute_name = props.time_to_live_attribute, .enabled = true};
    }
    resource_ = &make<CfnGlobalTable>(*this, "Resource", cfn);
    resource_->apply_removal_policy(props.removal_policy.value_or(RemovalPolicy::Retain));
    sync();
    for (const auto& replica : props.replicas)
        add_replica(replica);
}

std::string TableV2::table_arn() const {
    return resource_->attr_arn();
}

std::string TableV2::table_name() const {
    return resource_->ref();
}

std::optional<std::string> TableV2::table_stream_arn() const {
    return resource_->attr_stream_arn();
}

std::optional<std::string> TableV2::table_id() const {
    return resource_->attr_table_id();
}

kms::IKey* TableV2::encryption_key() const {
    return options_.encryption ? options_.encryption->table_key() : nullptr;
}

iam::AddToResourcePolicyResult TableV2::add_to_resource_policy(const iam::PolicyStatement& statement) {
    if (!resource_policy_) resource_policy_ = std::make_unique<iam::PolicyDocument>();
    resource_policy_->add_statements({statement});
    return {.statement_added = true, .policy_dependable = this};
}

void TableV2::add_replica(const ReplicaTableProps& props) {
    const std::string& stack_region = Stack::of(*this).region();
    if (Token::is_unresolved(stack_region)) {
        throw ValidationError("Replica tables are not supported in a region agnostic stack", node().path());
    }
    if (Token::is_unresolved(props.region)) {
        throw ValidationError("Replica table region must not be a token", node().path());
    }
    if (props.region == stack_region) {
        throw ValidationError("You cannot add a replica table in the same region as the primary table - the "
                              "primary table region is " +
                                  stack_region,
                              node().path());
    }
    for (const auto& existing : replicas_) {
        if (existing.region == props.region) {
            throw ValidationError("Duplicate replica table region, " + props.region + ", is not allowed",
                                  node().path());
        }
    }
    if (billing_mode_ == BillingMode::PayPerRequest && props.read_capacity) {
        throw ValidationError(
            "You cannot provide 'readCapacity' on a replica table when the billing mode is PAY_PER_REQUEST",
            node().path());
    }
    replicas_.push_back(props);
}

ITable& TableV2::replica(const std::string& region) {
    const std::string& stack_region = Stack::of(*this).region();
    if (Token::is_unresolved(stack_region)) {
        throw ValidationError("Replica tables are not supported in a region agnostic stack", node().path());
    }
    if (Token::is_unresolved(region)) {
        throw ValidationError("Provided `region` cannot be a token", node().path());
    }
    if (region == stack_region) return *this;
    bool found = false;
    for (const auto& r : replicas_)
        found = found || r.region == region;
    if (!found) throw ValidationError("No replica table exists in region " + region, node().path());
    const std::string arn = table_arn_in(Stack::of(*this), region, table_name());
    const auto key = replica_keys_.find(region);
    return from_table_attributes(*this, "ReplicaTable" + region,
                                 {.table_arn = arn,
                                  .table_stream_arn = arn + "/stream/*",
                                  .encryption_key = key == replica_keys_.end() ? nullptr : key->second,
                                  .grant_index_permissions = has_index()});
}

void TableV2::add_global_secondary_index(const GlobalSecondaryIndexPropsV2& props) {
    validate_index_name(props.index_name);
    if (props.partition_key.name.empty()) {
        throw ValidationError("Exactly one of 'partitionKey', 'partitionKeys' must be specified",
                              node().path());
    }
    if (gsis_.size() == kMaxGlobalSecondaryIndexes) {
        throw ValidationError("You may not provide more than " + std::to_string(kMaxGlobalSecondaryIndexes) +
                                  " global secondary indexes",
                              node().path());
    }
    if (billing_mode_ == BillingMode::PayPerRequest && (props.read_capacity || props.write_capacity)) {
        throw ValidationError("You cannot configure 'readCapacity' or 'writeCapacity' on a global secondary "
                              "index when the billing mode is PAY_PER_REQUEST",
                              node().path());
    }
    CfnGlobalTableGlobalSecondaryIndexProperty gsi{.index_name = props.index_name};
    gsi.key_schema = index_key_schema(props.partition_key, props.sort_key);
    gsi.projection = projection(props.projection_type, props.non_key_attributes);
    if (props.read_capacity) gsi_read_capacities_.insert_or_assign(props.index_name, *props.read_capacity);
    if (props.write_capacity) {
        try {
            gsi.write_provisioned_throughput_settings = props.write_capacity->render_write_capacity();
        } catch (const ValidationError& e) {
            throw ValidationError(e.what(), node().path());
        }
    } else if (write_provisioning_) {
        gsi.write_provisioned_throughput_settings = *write_provisioning_;
    }
    if (props.max_read_request_units.value_or(0) != 0)
        gsi_max_read_units_[props.index_name] = *props.max_read_request_units;
    if (props.max_write_request_units.value_or(0) != 0) {
        gsi.write_on_demand_throughput_settings = CfnGlobalTableWriteOnDemandThroughputSettingsProperty{
            .max_write_request_units = *props.max_write_request_units};
    }
    gsis_.push_back(std::move(gsi));
    sync();
}

void TableV2::add_local_secondary_index(const LocalSecondaryIndexProps& props) {
    validate_index_name(props.index_name);
    if (!has_sort_key_) {
        throw ValidationError("The table must have a sort key in order to add a local secondary index",
                              node().path());
    }
    if (lsis_.size() == kMaxLocalSecondaryIndexes) {
        throw ValidationError("You may not provide more than " + std::to_string(kMaxLocalSecondaryIndexes) +
                                  " local secondary indexes",
                              node().path());
    }
    CfnGlobalTableLocalSecondaryIndexProperty lsi{.index_name = props.index_name};
    lsi.key_schema = index_key_schema(options_.partition_key, props.sort_key);
    lsi.projection = projection(props.projection_type, props.non_key_attributes);
    lsis_.push_back(std::move(lsi));
    sync();
}

void TableV2::sync() {
    if (resource_ == nullptr) return;
    CfnGlobalTableProps& p = resource_->props();
    p.attribute_definitions = attribute_definitions_;
    p.key_schema = key_schema_;
    if (!gsis_.empty()) p.global_secondary_indexes = gsis_;
    if (!lsis_.empty()) p.local_secondary_indexes = lsis_;
}

void TableV2::add_key(const Attribute& attribute, const std::string& key_type) {
    add_attribute_definition(attribute);
    key_schema_.push_back({.attribute_name = attribute.name, .key_type = key_type});
}

void TableV2::add_attribute_definition(const Attribute& attribute) {
    const std::string type = to_string(attribute.type);
    for (const auto& def : attribute_definitions_) {
        if (def.attribute_name.value() != attribute.name) continue;
        if (def.attribute_type.value() != type) {
            throw ValidationError("Unable to specify " + attribute.name + " as " + type +
                                      " because it was already defined as " + def.attribute_type.value(),
                                  node().path());
        }
        return;
    }
    attribute_definitions_.push_back({.attribute_name = attribute.name, .attribute_type = type});
}

std::vector<CfnGlobalTableKeySchemaProperty> TableV2::index_key_schema(const Attribute& partition,
                                                                       const std::optional<Attribute>& sort) {
    add_attribute_definition(partition);
    if (sort) add_attribute_definition(*sort);
    std::vector<CfnGlobalTableKeySchemaProperty> out{
        {.attribute_name = partition.name, .key_type = kHashKeyType}};
    if (sort) out.push_back({.attribute_name = sort->name, .key_type = kRangeKeyType});
    return out;
}

CfnGlobalTableProjectionProperty TableV2::projection(std::optional<ProjectionType> type,
                                                     const std::vector<std::string>& non_key_attributes) {
    const bool include = type == ProjectionType::Include;
    if (include && non_key_attributes.empty()) {
        throw ValidationError("Non-key attributes should be specified when using INCLUDE projection type",
                              node().path());
    }
    if (!include && !non_key_attributes.empty()) {
        throw ValidationError(
            "Non-key attributes should not be specified when not using INCLUDE projection type",
            node().path());
    }
    non_key_attributes_.insert(non_key_attributes.begin(), non_key_attributes.end());
    if (non_key_attributes_.size() > kMaxNonKeyAttributes) {
        throw ValidationError("The maximum number of 'nonKeyAttributes' across all secondary indexes is " +
                                  std::to_string(kMaxNonKeyAttributes),
                              node().path());
    }
    CfnGlobalTableProjectionProperty out{.projection_type = to_string(type.value_or(ProjectionType::All))};
    if (!non_key_attributes.empty()) out.non_key_attributes = non_key_attributes;
    return out;
}

void TableV2::validate_pitr(const TablePropsV2& props) const {
    const auto& spec = props.point_in_time_recovery_specification;
    const std::optional<double> days = spec ? spec->recovery_period_in_days : std::nullopt;
    if (props.point_in_time_recovery && spec) {
        throw ValidationError("`pointInTimeRecoverySpecification` and `pointInTimeRecovery` are set. Use "
                              "`pointInTimeRecoverySpecification` only.",
                              node().path());
    }
    if (!(spec && spec->point_in_time_recovery_enabled) && days.value_or(0) != 0) {
        throw ValidationError(
            "Cannot set `recoveryPeriodInDays` while `pointInTimeRecoveryEnabled` is set to false.",
            node().path());
    }
    if (days && !Token::is_unresolved(*days) && (*days < 1 || *days > 35)) {
        throw ValidationError("`recoveryPeriodInDays` must be a value between `1` and `35`.", node().path());
    }
}

void TableV2::validate_index_name(const std::string& name) const {
    for (const auto& g : gsis_) {
        if (g.index_name.value() == name)
            throw ValidationError("Duplicate secondary index name, " + name + ", is not allowed",
                                  node().path());
    }
    for (const auto& l : lsis_) {
        if (l.index_name.value() == name)
            throw ValidationError("Duplicate secondary index name, " + name + ", is not allowed",
                                  node().path());
    }
}

std::optional<ContributorInsightsSpecification>
TableV2::validate_cci(std::optional<bool> contributor_insights,
                      const std::optional<ContributorInsightsSpecification>& specification) const {
    // aws-cdk-lib's validateCCI: the given value, else the table's; both forms together are refused.
    const std::optional<bool> ci =
        contributor_insights ? contributor_insights : options_.contributor_insights;
    const std::optional<ContributorInsightsSpecification> spec =
        specification ? specification : options_.contributor_insights_specification;
    if (spec && ci) {
        throw ValidationError("`contributorInsightsSpecification` and `contributorInsights` are set. Use "
                              "`contributorInsightsSpecification` only.",
                              node().path());
    }
    if (spec) return spec;
    if (ci) return ContributorInsightsSpecification{.enabled = *ci};
    return std::nullopt;
}

std::optional<std::vector<CfnGlobalTableReplicaGlobalSecondaryIndexSpecificationProperty>>
TableV2::replica_indexes(const std::map<std::string, ReplicaGlobalSecondaryIndexOptions>& options) const {
    for (const auto& [name, opts] : options) {
        bool known = false;
        for (const auto& g : gsis_)
            known = known || g.index_name.value() == name;
        if (!known) {
            throw ValidationError("Cannot configure replica global secondary index, " + name +
                                      ", because it is not defined on the primary table",
                                  node().path());
        }
        if (billing_mode_ == BillingMode::PayPerRequest && opts.read_capacity) {
            throw ValidationError("Cannot configure 'readCapacity' for replica global secondary index, " +
                                      name + ", because billing mode is PAY_PER_REQUEST",
                                  node().path());
        }
    }
    std::vector<CfnGlobalTableReplicaGlobalSecondaryIndexSpecificationProperty> out;
    for (const auto& gsi : gsis_) {
        const std::string name = gsi.index_name.value();
        std::optional<bool> contributor_insights = options_.contributor_insights;
        std::optional<Capacity> read_capacity;
        if (auto it = gsi_read_capacities_.find(name); it != gsi_read_capacities_.end())
            read_capacity = it->second;
        std::optional<double> max_read;
        if (auto it = gsi_max_read_units_.find(name); it != gsi_max_read_units_.end()) max_read = it->second;
        const ReplicaGlobalSecondaryIndexOptions* index_options = nullptr;
        if (auto it = options.find(name); it != options.end()) {
            index_options = &it->second;
            contributor_insights = index_options->contributor_insights;
            read_capacity = index_options->read_capacity;
            max_read = index_options->max_read_request_units;
        }
        CfnGlobalTableReplicaGlobalSecondaryIndexSpecificationProperty spec{.index_name = name};
        if (read_capacity) {
            spec.read_provisioned_throughput_settings = read_capacity->render_read_capacity();
        } else if (read_provisioning_) {
            spec.read_provisioned_throughput_settings = *read_provisioning_;
        }
        if (max_read.value_or(0) != 0) {
            spec.read_on_demand_throughput_settings =
                CfnGlobalTableReadOnDemandThroughputSettingsProperty{.max_read_request_units = *max_read};
        }
        std::optional<ContributorInsightsSpecification> cci =
            index_options ? validate_cci(index_options->contributor_insights,
                                         index_options->contributor_insights_specification)
                          : validate_cci(std::nullopt, std::nullopt);
        if (!cci && contributor_insights)
            cci = ContributorInsightsSpecification{.enabled = *contributor_insights};
        if (cci) spec.contributor_insights_specification = render(*cci);
        out.push_back(std::move(spec));
    }
    if (out.empty()) return std::nullopt;
    return out;
}

CfnGlobalTableReplicaSpecificationProperty
TableV2::replica_specification(const ReplicaTableProps& props) const {
    CfnGlobalTableReplicaSpecificationProperty out{.region = props.region};
    if (auto indexes = replica_indexes(props.global_secondary_index_options))
        out.global_secondary_indexes = *indexes;
    if (auto v = props.deletion_protection ? props.deletion_protection : options_.deletion_protection)
        out.deletion_protection_enabled = *v;
    if (auto v = props.table_class ? props.table_class : options_.table_class)
        out.table_class = to_string(*v);
    if (options_.encryption) {
        if (auto sse = options_.encryption->render_replica_sse_specification(*this, props.region))
            out.sse_specification = *sse;
    }
    if (auto cci = validate_cci(props.contributor_insights, props.contributor_insights_specification))
        out.contributor_insights_specification = render(*cci);
    const std::optional<bool> pitr =
        props.point_in_time_recovery ? props.point_in_time_recovery : options_.point_in_time_recovery;
    std::optional<PointInTimeRecoverySpecification> pitr_spec =
        props.point_in_time_recovery_specification ? props.point_in_time_recovery_specification
                                                   : options_.point_in_time_recovery_specification;
    if (!pitr_spec && pitr)
        pitr_spec = PointInTimeRecoverySpecification{.point_in_time_recovery_enabled = *pitr};
    if (pitr_spec) out.point_in_time_recovery_specification = render(*pitr_spec);
    if (props.read_capacity) {
        out.read_provisioned_throughput_settings = props.read_capacity->render_read_capacity();
    } else if (read_provisioning_) {
        out.read_provisioned_throughput_settings = *read_provisioning_;
    }
    // The tag manager's tags (Tags::of), then the replica's own (later wins, as aws-cdk-lib's object spread).
    std::vector<std::pair<std::string, std::string>> tags;
    auto put = [&tags](const std::string& key, const std::string& value) {
        for (auto& t : tags) {
            if (t.first == key) {
                t.second = value;
                return;
            }
        }
        tags.emplace_back(key, value);
    };
    for (const auto& [key, value] : tags_.tag_values())
        put(key, value);
    for (const auto& t : props.tags)
        put(t.key, t.value);
    if (!tags.empty()) {
        std::vector<CfnGlobalTableTagProperty> rendered;
        for (const auto& [key, value] : tags)
            rendered.push_back({.key = key, .value = value});
        out.tags = rendered;
    }
    const std::optional<double> max_read = props.max_read_request_units.value_or(0) != 0
                                               ? props.max_read_request_units
                                               : max_read_request_units_;
    if (max_read.value_or(0) != 0) {
        out.read_on_demand_throughput_settings =
            CfnGlobalTableReadOnDemandThroughputSettingsProperty{.max_read_request_units = *max_read};
    }
    // @aws-cdk/aws-dynamodb:resourcePolicyPerReplica: the table's policy only for the stack's region's
    // replica; unset, every replica without its own gets the table's.
    const bool primary = props.region == Stack::of(*this).region();
    const iam::PolicyDocument* policy = nullptr;
    if (iam::detail::flag_enabled(*this, "@aws-cdk/aws-dynamodb:resourcePolicyPerReplica")) {
        policy =
            primary ? resource_policy_.get() : (props.resource_policy ? &*props.resource_policy : nullptr);
    } else {
        policy = props.resource_policy ? &*props.resource_policy : resource_policy_.get();
    }
    if (policy != nullptr)
        out.resource_policy =
            CfnGlobalTableResourcePolicyProperty{.policy_document = Prop<Json>::raw(policy->to_json())};
    return out;
}

Json TableV2::render_replicas() const {
    std::vector<CfnGlobalTableReplicaSpecificationProperty> replicas;
    for (const auto& r : replicas_)
        replicas.push_back(replica_specification(r));
    replicas.push_back(
        replica_specification(ReplicaTableProps{.region = Stack::of(*this).region(), .tags = options_.tags}));
    l1::RenderContext ctx;
    Json out = Json::array();
    for (const auto& r : replicas)
        out.push_back(cdk::dynamodb::render(r, ctx));
    return out;
}

} // namespace cdk::dynamodb

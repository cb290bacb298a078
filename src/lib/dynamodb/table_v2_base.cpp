// TableBaseV2's grants (aws-cdk-lib 2.276's table-v2-base.ts) and TableV2's imports.
#include "constructs/stack.hpp"
#include "lib/dynamodb/perms.hpp"
#include "lib/dynamodb/table_v2.hpp"
#include "lib/iam/feature_flags.hpp"
#include "tokens/arn.hpp"
#include "tokens/aws.hpp"
#include "tokens/errors.hpp"
#include "tokens/token.hpp"

namespace cdk::dynamodb {

using namespace perms;

namespace {

const char* const kServicePrincipalRefused =
    "DynamoDB grant* methods do not support ServicePrincipal grantees. Use table.add_to_resource_policy() "
    "for "
    "an explicit service-specific table policy with required service principal, actions, and conditions";

/// An existing global table (TableV2.fromTableAttributes' Import).
class ImportedTableV2 : public TableBaseV2 {
public:
    ImportedTableV2(Construct& scope, std::string_view id, std::string arn, std::string name,
                    const TableAttributesV2& attrs, std::string account)
        : TableBaseV2(scope, id), arn_(std::move(arn)), name_(std::move(name)), id_(attrs.table_id),
          stream_arn_(attrs.table_stream_arn), key_(attrs.encryption_key), account_(std::move(account)),
          has_index_(attrs.grant_index_permissions || !attrs.global_indexes.empty() ||
                     !attrs.local_indexes.empty()) {}
    std::string table_arn() const override { return arn_; }
    std::string table_name() const override { return name_; }
    std::optional<std::string> table_stream_arn() const override {
        return stream_arn_.empty() ? std::nullopt : std::optional<std::string>(stream_arn_);
    }
    std::optional<std::string> table_id() const override {
        return id_.empty() ? std::nullopt : std::optional<std::string>(id_);
    }
    kms::IKey* encryption_key() const override { return key_; }
    bool has_index() const override { return has_index_; }
    std::string resource_account() const override {
        return account_.empty() ? ITable::resource_account() : account_;
    }
    iam::AddToResourcePolicyResult
    add_to_resource_policy(const iam::PolicyStatement& /*statement*/) override {
        return {.statement_added = false};
    }

private:
    std::string arn_;
    std::string name_;
    std::string id_;
    std::string stream_arn_;
    kms::IKey* key_;
    std::string account_;
    bool has_index_;
};

} // namespace

void TableBaseV2::check_grantee(const iam::IGrantable& grantee) const {
    if (detail::unsupported_service_principal(grantee.grant_principal())) {
        throw ValidationError(kServicePrincipalRefused, node().path());
    }
}

std::vector<std::string> TableBaseV2::table_resource_arns() const {
    std::vector<std::string> arns{table_arn()};
    if (has_index()) arns.push_back(table_arn() + "/index/*");
    return arns;
}

iam::Grant TableBaseV2::grant(const iam::IGrantable& grantee, const std::vector<std::string>& actions) {
    check_grantee(grantee);
    return iam::Grant::add_to_principal_or_resource(
        {.grantee = grantee, .actions = actions, .resource_arns = table_resource_arns(), .resource = *this});
}

iam::Grant TableBaseV2::combined_grant(const iam::IGrantable& grantee, const CombinedGrant& options) {
    check_grantee(grantee);
    if (!options.key_actions.empty()) {
        if (kms::IKey* key = encryption_key()) key->grant(grantee, options.key_actions);
    }
    if (!options.table_actions.empty()) {
        const std::vector<std::string> arns = table_resource_arns();
        iam::Grant result = iam::Grant::add_to_principal_or_resource({.grantee = grantee,
                                                                      .actions = options.table_actions,
                                                                      .resource_arns = arns,
                                                                      .resource = *this,
                                                                      .resource_self_arns = {"*"}});
        if (!options.principal_only_actions.empty()) {
            iam::Grant::add_to_principal(
                {.grantee = grantee, .actions = options.principal_only_actions, .resource_arns = arns});
        }
        return result;
    }
    const std::optional<std::string> stream = table_stream_arn();
    if (!stream) {
        throw ValidationError("No stream ARNs found on the table " + node().path(), node().path());
    }
    return iam::Grant::add_to_principal(
        {.grantee = grantee, .actions = options.stream_actions, .resource_arns = {*stream}});
}

iam::Grant TableBaseV2::grant_read_data(const iam::IGrantable& grantee) {
    return combined_grant(grantee, {.key_actions = kKeyReadActions,
                                    .table_actions = concat({kResourceReadDataActions, {kDescribeTable}}),
                                    .principal_only_actions = kPrincipalOnlyReadDataActions});
}

iam::Grant TableBaseV2::grant_write_data(const iam::IGrantable& grantee) {
    return combined_grant(grantee, {.key_actions = concat({kKeyReadActions, kKeyWriteActions}),
                                    .table_actions = concat({kWriteDataActions, {kDescribeTable}})});
}

iam::Grant TableBaseV2::grant_read_write_data(const iam::IGrantable& grantee) {
    return combined_grant(
        grantee, {.key_actions = concat({kKeyReadActions, kKeyWriteActions}),
                  .table_actions = concat({kResourceReadDataActions, kWriteDataActions, {kDescribeTable}}),
                  .principal_only_actions = kPrincipalOnlyReadDataActions});
}

iam::Grant TableBaseV2::grant_full_access(const iam::IGrantable& grantee) {
    return combined_grant(grantee, {.key_actions = concat({kKeyReadActions, kKeyWriteActions}),
                                    .table_actions = {"dynamodb:*"}});
}

iam::Grant TableBaseV2::grant_stream(const iam::IGrantable& grantee,
                                     const std::vector<std::string>& actions) {
    const std::optional<std::string> stream = table_stream_arn();
    if (!stream) throw ValidationError("No stream ARN found on the table " + node().path(), node().path());
    return iam::Grant::add_to_principal({.grantee = grantee, .actions = actions, .resource_arns = {*stream}});
}

iam::Grant TableBaseV2::grant_table_list_streams(const iam::IGrantable& grantee) {
    const std::optional<std::string> stream = table_stream_arn();
    if (!stream) throw ValidationError("No stream ARN found on the table " + node().path(), node().path());
    return iam::Grant::add_to_principal(
        {.grantee = grantee, .actions = {"dynamodb:ListStreams"}, .resource_arns = {*stream}});
}

iam::Grant TableBaseV2::grant_stream_read(const iam::IGrantable& grantee) {
    grant_table_list_streams(grantee);
    return combined_grant(grantee,
                          {.key_actions = kKeyReadActions, .stream_actions = kReadStreamDataActions});
}

TableBaseV2& TableV2::from_table_name(Construct& scope, std::string_view id, const std::string& name) {
    return from_table_attributes(scope, id, {.table_name = name});
}

TableBaseV2& TableV2::from_table_arn(Construct& scope, std::string_view id, const std::string& arn) {
    return from_table_attributes(scope, id, {.table_arn = arn});
}

TableBaseV2& TableV2::from_table_attributes(Construct& scope, std::string_view id,
                                            const TableAttributesV2& attrs) {
    const Stack& stack = Stack::of(scope);
    const char* const kArnForm =
        "Table ARN must be of the form: arn:<partition>:dynamodb:<region>:<account>:table/<table-name>";
    std::string name;
    std::string arn;
    std::string account;
    if (!attrs.table_arn.empty()) {
        if (!attrs.table_name.empty()) {
            throw ValidationError("Only one of `tableArn` or `tableName` can be provided, but not both",
                                  scope.node().path());
        }
        arn = attrs.table_arn;
        const ArnComponents parts = Arn::split(arn, ArnFormat::SlashResourceName);
        if (!parts.resource_name || parts.resource_name->empty()) {
            throw ValidationError(kArnForm, scope.node().path());
        }
        if (parts.region.empty()) throw ValidationError(kArnForm, scope.node().path());
        name = *parts.resource_name;
        if (!Token::is_unresolved(arn)) account = parts.account;
    } else {
        if (attrs.table_name.empty()) {
            throw ValidationError("At least one of `tableArn` or `tableName` must be provided",
                                  scope.node().path());
        }
        name = attrs.table_name;
        arn = "arn:" + iam::detail::stack_partition(stack) + ":dynamodb:" + stack.region() + ":" +
              stack.account() + ":table/" + name;
    }
    return make<ImportedTableV2>(scope, id, arn, name, attrs, account);
}

} // namespace cdk::dynamodb

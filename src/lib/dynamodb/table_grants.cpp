// ITable's grants, as aws-cdk-lib 2.276's TableGrants and StreamGrants render them, and the imported table.
#include "constructs/stack.hpp"
#include "lib/dynamodb/perms.hpp"
#include "lib/dynamodb/table.hpp"
#include "lib/iam/feature_flags.hpp"
#include "tokens/arn.hpp"
#include "tokens/aws.hpp"
#include "tokens/errors.hpp"
#include "tokens/lazy.hpp"
#include "tokens/token.hpp"

#include <algorithm>
#include <array>

namespace cdk::dynamodb {

using namespace perms;

namespace {

/// The service of a ServicePrincipal, also one wrapped in conditions (aws-cdk-lib's extractServiceName).
std::optional<std::string> service_name(const iam::IPrincipal& principal) {
    if (const auto* service = dynamic_cast<const iam::ServicePrincipal*>(&principal))
        return service->service();
    if (const auto* wrapper = dynamic_cast<const iam::PrincipalWithConditions*>(&principal))
        return service_name(wrapper->wrapped());
    return std::nullopt;
}

class ImportedTable : public Construct, public ITable {
public:
    ImportedTable(Construct& scope, std::string_view id, std::string arn, std::string name,
                  std::string stream_arn, kms::IKey* key, bool has_index)
        : Construct(scope, id), arn_(std::move(arn)), name_(std::move(name)),
          stream_arn_(std::move(stream_arn)), key_(key), has_index_(has_index) {}
    std::string table_arn() const override { return arn_; }
    std::string table_name() const override { return name_; }
    std::optional<std::string> table_stream_arn() const override {
        return stream_arn_.empty() ? std::nullopt : std::optional<std::string>(stream_arn_);
    }
    kms::IKey* encryption_key() const override { return key_; }
    bool has_index() const override { return has_index_; }
    Construct& table_construct() override { return *this; }
    iam::AddToResourcePolicyResult
    add_to_resource_policy(const iam::PolicyStatement& /*statement*/) override {
        return {};
    }

private:
    std::string arn_;
    std::string name_;
    std::string stream_arn_;
    kms::IKey* key_;
    bool has_index_;
};

} // namespace

/// aws-cdk-lib's isUnsupportedServicePrincipal: a service principal other than the few DynamoDB accepts in a
/// table policy.
bool detail::unsupported_service_principal(const iam::IPrincipal& principal) {
    const Json fragment = principal.policy_fragment().principal_json;
    if (!fragment.is_object() || !fragment.contains("Service")) return false;
    static constexpr std::array<const char*, 3> kKnown = {
        "redshift.amazonaws.com", "replication.dynamodb.amazonaws.com", "glue.amazonaws.com"};
    const std::optional<std::string> name = service_name(principal);
    if (!name) return true;
    return std::none_of(kKnown.begin(), kKnown.end(), [&](const char* k) { return *name == k; });
}

std::string ITable::resource_account() const {
    return Stack::of(const_cast<ITable*>(this)->table_construct()).account();
}

std::vector<std::string> ITable::grant_arns() {
    // TableGrants: the table ARN and a lazy `<arn>/index/*` that is dropped (undefined) while the table has
    // no index; the statement keeps both entries, so its Resource stays a list, as in aws-cdk-lib.
    const std::string arn = table_arn();
    ITable* self = this;
    const std::string index_arn = Lazy::uncached_any([self, arn](ResolveContext&) -> Json {
                                      if (!self->has_index()) return Token::undefined();
                                      return Json(arn + "/index/*");
                                  }).get<std::string>();
    return {arn, index_arn};
}

void ITable::grant_on_key(const iam::IGrantable& grantee, const std::vector<std::string>& actions) {
    if (kms::IKey* key = encryption_key()) key->grant(grantee, actions);
}

iam::Grant ITable::grant(const iam::IGrantable& grantee, const std::vector<std::string>& actions) {
    if (detail::unsupported_service_principal(grantee.grant_principal())) {
        throw ValidationError(
            "DynamoDB grant* methods do not support ServicePrincipal grantees. Use "
            "table.add_to_resource_policy() for an explicit service-specific table policy with "
            "required service principal, actions, and conditions",
            table_construct().node().path());
    }
    return iam::Grant::add_to_principal_or_resource({.grantee = grantee,
                                                     .actions = actions,
                                                     .resource_arns = grant_arns(),
                                                     .resource = *this,
                                                     .resource_self_arns = {"*"}});
}

iam::Grant ITable::principal_only_read(const iam::IGrantable& grantee) {
    return iam::Grant::add_to_principal(
        {.grantee = grantee, .actions = kPrincipalOnlyReadDataActions, .resource_arns = grant_arns()});
}

iam::Grant ITable::grant_read_data(const iam::IGrantable& grantee) {
    grant_on_key(grantee, kKeyReadActions);
    iam::Grant result = grant(grantee, concat({kResourceReadDataActions, {kDescribeTable}}));
    principal_only_read(grantee);
    return result;
}

iam::Grant ITable::grant_write_data(const iam::IGrantable& grantee) {
    iam::Grant result = grant(grantee, concat({kWriteDataActions, {kDescribeTable}}));
    grant_on_key(grantee, concat({kKeyReadActions, kKeyWriteActions}));
    return result;
}

iam::Grant ITable::grant_read_write_data(const iam::IGrantable& grantee) {
    iam::Grant result =
        grant(grantee, concat({kResourceReadDataActions, kWriteDataActions, {kDescribeTable}}));
    grant_on_key(grantee, concat({kKeyReadActions, kKeyWriteActions}));
    principal_only_read(grantee);
    return result;
}

iam::Grant ITable::grant_full_access(const iam::IGrantable& grantee) {
    iam::Grant result = grant(grantee, {"dynamodb:*"});
    grant_on_key(grantee, concat({kKeyReadActions, kKeyWriteActions}));
    return result;
}

iam::Grant ITable::grant_stream(const iam::IGrantable& grantee, const std::vector<std::string>& actions) {
    const std::optional<std::string> stream = table_stream_arn();
    if (!stream) {
        throw ValidationError("DynamoDB Streams must be enabled on the table " +
                                  table_construct().node().path(),
                              table_construct().node().path());
    }
    return iam::Grant::add_to_principal({.grantee = grantee, .actions = actions, .resource_arns = {*stream}});
}

iam::Grant ITable::grant_table_list_streams(const iam::IGrantable& grantee) {
    if (!table_stream_arn()) {
        throw ValidationError("DynamoDB Streams must be enabled on the table " +
                                  table_construct().node().path(),
                              table_construct().node().path());
    }
    return grant_list_streams(grantee);
}

iam::Grant ITable::grant_list_streams(const iam::IGrantable& grantee) {
    return iam::Grant::add_to_principal(
        {.grantee = grantee, .actions = {"dynamodb:ListStreams"}, .resource_arns = {"*"}});
}

iam::Grant ITable::grant_stream_read(const iam::IGrantable& grantee) {
    grant_table_list_streams(grantee);
    if (kms::IKey* key = encryption_key()) key->grant(grantee, kKeyReadActions);
    return grant_stream(grantee, kReadStreamDataActions);
}

ITable& Table::from_table_name(Construct& scope, std::string_view id, const std::string& name) {
    return from_table_attributes(scope, id, {.table_name = name});
}

ITable& Table::from_table_arn(Construct& scope, std::string_view id, const std::string& arn) {
    return from_table_attributes(scope, id, {.table_arn = arn});
}

ITable& Table::from_table_attributes(Construct& scope, std::string_view id, const TableAttributes& attrs) {
    const Stack& stack = Stack::of(scope);
    std::string name;
    std::string arn;
    if (!attrs.table_name.empty()) {
        if (!attrs.table_arn.empty()) {
            throw ValidationError("only one of table_arn or table_name can be provided", scope.node().path());
        }
        name = attrs.table_name;
        arn = "arn:" + iam::detail::stack_partition(stack) + ":dynamodb:" + stack.region() + ":" +
              stack.account() + ":table/" + name;
    } else {
        if (attrs.table_arn.empty()) {
            throw ValidationError("one of table_name or table_arn is required", scope.node().path());
        }
        arn = attrs.table_arn;
        const ArnComponents parts = Arn::split(arn, ArnFormat::SlashResourceName);
        if (!parts.resource_name || parts.resource_name->empty()) {
            throw ValidationError(
                "ARN for DynamoDB table must be in the form arn:<partition>:dynamodb:<region>:"
                "<account>:table/<name>, got '" +
                    arn + "'",
                scope.node().path());
        }
        name = *parts.resource_name;
    }
    const bool has_index =
        attrs.grant_index_permissions || !attrs.global_indexes.empty() || !attrs.local_indexes.empty();
    return make<ImportedTable>(scope, id, arn, name, attrs.table_stream_arn, attrs.encryption_key, has_index);
}

} // namespace cdk::dynamodb

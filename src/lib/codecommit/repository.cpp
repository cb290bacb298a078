#include "lib/codecommit/repository.hpp"

#include "constructs/stack.hpp"
#include "lib/iam/feature_flags.hpp"
#include "tokens/aws.hpp"
#include "tokens/errors.hpp"
#include "tokens/token.hpp"

#include <regex>

namespace cdk::codecommit {
namespace {

events::Rule& make_rule(IRepository& repo, std::string_view id, const OnEventOptions& options) {
    auto& rule = make<events::Rule>(repo.repository_construct(), id,
                                    events::RuleProps{.description = options.description,
                                                      .event_pattern = options.event_pattern,
                                                      .rule_name = options.rule_name,
                                                      .cross_stack_scope = options.cross_stack_scope});
    rule.add_event_pattern(
        events::EventPattern{.source = {"aws.codecommit"}, .resources = {repo.repository_arn()}});
    rule.add_target(options.target);
    return rule;
}

/// CDK: a repository imported by name or ARN.
class ImportedRepository : public Construct, public IRepository {
public:
    ImportedRepository(Construct& scope, std::string_view id, std::string name, std::string arn,
                       std::string account)
        : Construct(scope, id), name_(std::move(name)), arn_(std::move(arn)), account_(std::move(account)) {}
    [[nodiscard]] std::string repository_name() const override { return name_; }
    [[nodiscard]] std::string repository_arn() const override { return arn_; }
    [[nodiscard]] std::string account() const override { return account_; }
    [[nodiscard]] Construct& repository_construct() override { return *this; }

private:
    std::string name_;
    std::string arn_;
    std::string account_;
};

} // namespace

std::string IRepository::repository_clone_url_http() const {
    Construct& self = const_cast<IRepository*>(this)->repository_construct();
    return "https://git-codecommit." + Stack::of(self).region() + "." + Stack::url_suffix() + "/v1/repos/" +
           repository_name();
}

events::Rule& IRepository::on_event(std::string_view id, const OnEventOptions& options) {
    return make_rule(*this, id, options);
}

events::Rule& IRepository::on_state_change(std::string_view id, const OnEventOptions& options) {
    events::Rule& rule = on_event(id, options);
    rule.add_event_pattern(events::EventPattern{.detail_type = {"CodeCommit Repository State Change"}});
    return rule;
}

events::Rule& IRepository::on_reference_updated(std::string_view id, const OnEventOptions& options) {
    events::Rule& rule = on_state_change(id, options);
    rule.add_event_pattern(events::EventPattern{
        .detail = Json::object({{"event", Json::array({"referenceCreated", "referenceUpdated"})}})});
    return rule;
}

events::Rule& IRepository::on_commit(std::string_view id, const OnCommitOptions& options) {
    events::Rule& rule = on_reference_updated(id, options.base);
    if (!options.branches.empty()) {
        rule.add_event_pattern(
            events::EventPattern{.detail = Json::object({{"referenceName", options.branches}})});
    }
    return rule;
}

iam::Grant IRepository::grant(const iam::IGrantable& grantee, const std::vector<std::string>& actions) const {
    return iam::Grant::add_to_principal(
        {.grantee = grantee, .actions = actions, .resource_arns = {repository_arn()}});
}

iam::Grant IRepository::grant_pull(const iam::IGrantable& grantee) const {
    return grant(grantee, {"codecommit:GitPull"});
}

iam::Grant IRepository::grant_pull_push(const iam::IGrantable& grantee) const {
    return grant(grantee, {"codecommit:GitPull", "codecommit:GitPush"});
}

Repository::Repository(Construct& scope, std::string_view id, const RepositoryProps& props)
    : Construct(scope, id) {
    const std::string& name = props.repository_name;
    if (name.empty()) throw ValidationError("a repository needs a repository_name", node().path());
    static const std::regex allowed("^[\\w.-]{1,100}$");
    if (!Token::is_unresolved(name) && !std::regex_match(name, allowed)) {
        throw ValidationError(
            "repository name must be 1-100 characters of letters, digits, '_', '.' and '-', got '" + name +
                "'",
            node().path(), name);
    }
    CfnRepositoryProps cfn{.repository_name = name};
    if (!props.description.empty()) cfn.repository_description = props.description;
    resource_ = &make<CfnRepository>(*this, "Resource", cfn);
}

IRepository& Repository::from_repository_name(Construct& scope, std::string_view id,
                                              const std::string& repository_name) {
    if (repository_name.empty())
        throw ValidationError("Repository::from_repository_name needs a name", scope.node().path());
    const Stack& stack = Stack::of(scope);
    return make<ImportedRepository>(scope, id, repository_name,
                                    "arn:" + iam::detail::stack_partition(stack) + ":codecommit:" +
                                        stack.region() + ":" + stack.account() + ":" + repository_name,
                                    stack.account());
}

IRepository& Repository::from_repository_arn(Construct& scope, std::string_view id,
                                             const std::string& repository_arn) {
    // arn:<partition>:codecommit:<region>:<account>:<name>
    std::vector<std::string> parts;
    size_t start = 0;
    for (size_t i = 0; i <= repository_arn.size(); ++i) {
        if (i == repository_arn.size() || repository_arn[i] == ':') {
            parts.push_back(repository_arn.substr(start, i - start));
            start = i + 1;
        }
    }
    if (Token::is_unresolved(repository_arn) || parts.size() != 6 || parts[0] != "arn" ||
        parts[2] != "codecommit" || parts[5].empty()) {
        throw ValidationError(
            "a repository ARN looks like 'arn:<partition>:codecommit:<region>:<account>:<name>', got '" +
                repository_arn + "'",
            scope.node().path(), repository_arn);
    }
    return make<ImportedRepository>(scope, id, parts[5], repository_arn, parts[4]);
}

std::string Repository::repository_name() const {
    return resource_->attr_name();
}

std::string Repository::repository_arn() const {
    return resource_->attr_arn();
}

std::string Repository::account() const {
    return Stack::of(*this).account();
}

} // namespace cdk::codecommit

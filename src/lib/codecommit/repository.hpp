#pragma once

#include "constructs/construct.hpp"
#include "lib/codecommit/generated/cfn_codecommit.hpp"
#include "lib/events/rule.hpp"
#include "lib/iam/grant.hpp"

#include <memory>
#include <string>
#include <vector>

namespace cdk::codecommit {

/// Options of the `on_*` event methods (CDK: OnEventOptions).
struct OnEventOptions {
    std::shared_ptr<events::IRuleTarget> target;
    std::string description;
    std::string rule_name;
    /// Merged into the pattern the method builds.
    std::optional<events::EventPattern> event_pattern;
    /// See events::RuleProps::cross_stack_scope.
    Construct* cross_stack_scope = nullptr;
};

/// Options of on_commit (CDK: OnCommitOptions).
struct OnCommitOptions {
    OnEventOptions base;
    /// The branches that count (`detail.referenceName`); every branch when empty.
    std::vector<std::string> branches;
};

/// A repository, created here or imported (CDK: IRepository).
class IRepository {
public:
    virtual ~IRepository() = default;
    [[nodiscard]] virtual std::string repository_name() const = 0;
    [[nodiscard]] virtual std::string repository_arn() const = 0;
    /// The account the repository is in (its stack's for repositories of this app).
    [[nodiscard]] virtual std::string account() const = 0;
    [[nodiscard]] virtual Construct& repository_construct() = 0;

    /// `https://git-codecommit.<region>.<url suffix>/v1/repos/<name>`.
    [[nodiscard]] std::string repository_clone_url_http() const;

    /// A rule on every event of the repository (`source: aws.codecommit`, `resources: [arn]`) (CDK: onEvent).
    events::Rule& on_event(std::string_view id, const OnEventOptions& options = {});
    /// ... of detail type `CodeCommit Repository State Change` (CDK: onStateChange).
    events::Rule& on_state_change(std::string_view id, const OnEventOptions& options = {});
    /// ... on `referenceCreated` and `referenceUpdated` (CDK: onReferenceUpdated).
    events::Rule& on_reference_updated(std::string_view id, const OnEventOptions& options = {});
    /// ... on a push to `branches` (CDK: onCommit).
    events::Rule& on_commit(std::string_view id, const OnCommitOptions& options = {});

    /// `actions` on the repository (CDK: grant).
    iam::Grant grant(const iam::IGrantable& grantee, const std::vector<std::string>& actions) const;
    /// `codecommit:GitPull` (CDK: grantPull).
    iam::Grant grant_pull(const iam::IGrantable& grantee) const;
    /// `codecommit:GitPull`, `codecommit:GitPush` (CDK: grantPullPush).
    iam::Grant grant_pull_push(const iam::IGrantable& grantee) const;
};

/// Props of a Repository (CDK: RepositoryProps).
struct RepositoryProps {
    /// Required: 1-100 characters of `[\w.-]`.
    std::string repository_name;
    std::string description;
};

/// A CodeCommit repository (CDK: Repository): `AWS::CodeCommit::Repository` (`Resource`).
class Repository : public Construct, public IRepository {
public:
    Repository(Construct& scope, std::string_view id, const RepositoryProps& props);

    /// An existing repository of this stack's account and region, by name.
    [[nodiscard]] static IRepository& from_repository_name(Construct& scope, std::string_view id,
                                                           const std::string& repository_name);
    /// An existing repository by ARN (`arn:<partition>:codecommit:<region>:<account>:<name>`).
    [[nodiscard]] static IRepository& from_repository_arn(Construct& scope, std::string_view id,
                                                          const std::string& repository_arn);

    [[nodiscard]] std::string repository_name() const override;
    [[nodiscard]] std::string repository_arn() const override;
    [[nodiscard]] std::string account() const override;
    [[nodiscard]] Construct& repository_construct() override { return *this; }
    [[nodiscard]] CfnRepository& resource() { return *resource_; }

private:
    CfnRepository* resource_ = nullptr;
};

} // namespace cdk::codecommit

#pragma once

#include "constructs/stack_synthesizer.hpp"
#include "constructs/stage.hpp"
#include "tokens/resolvable.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cdk {

/// Props of a Stack (CDK: StackProps).
struct StackProps {
    /// Target environment; unset fields fall back to the enclosing Stage, then to the pseudo
    /// parameters (environment-agnostic).
    std::optional<Environment> env;
    /// Physical stack name; defaults to the id, prefixed `<stage name>-` inside a Stage.
    std::string stack_name;
    std::string description;
    /// Tags of the CloudFormation stack itself (written to the manifest).
    std::map<std::string, std::string> tags;
    std::optional<bool> termination_protection;
    /// Defaults to a DefaultStackSynthesizer (qualifier from context or `hnb659fds`).
    std::shared_ptr<IStackSynthesizer> synthesizer;
    /// SNS topic ARNs for stack notifications (manifest `notificationArns`).
    std::vector<std::string> notification_arns;
};

/// A dependency of one stack on another, with the reason (for messages).
struct StackDependency {
    Stack* target;
    std::string reason;
};

/// A CloudFormation stack: the unit of deployment (CDK: Stack).
class Stack : public Construct {
public:
    Stack(Construct& scope, std::string_view id, const StackProps& props = {});
    ~Stack() override;

    /// The stack a construct belongs to (itself if it is a stack). Throws if there is none.
    [[nodiscard]] static Stack& of(const Construct& construct);
    /// Like `of` but null when the construct is not inside a stack.
    [[nodiscard]] static Stack* try_of(const Construct& construct);

    /// The account: a literal or the `AWS::AccountId` token when environment-agnostic.
    [[nodiscard]] const std::string& account() const { return account_; }
    [[nodiscard]] const std::string& region() const { return region_; }
    /// `aws://<account>/<region>` with `unknown-account`/`unknown-region` for tokens.
    [[nodiscard]] std::string environment() const;
    [[nodiscard]] bool environment_agnostic() const;
    [[nodiscard]] const std::string& stack_name() const { return stack_name_; }
    /// The artifact id in the assembly manifest (unique within the assembly).
    [[nodiscard]] const std::string& artifact_id() const { return artifact_id_; }
    /// `<artifact id>.template.json`.
    [[nodiscard]] std::string template_file() const { return artifact_id_ + ".template.json"; }
    [[nodiscard]] const std::string& description() const { return description_; }
    [[nodiscard]] const std::map<std::string, std::string>& tags() const { return tags_; }
    void add_tag(const std::string& key, const std::string& value) { tags_[key] = value; }
    [[nodiscard]] std::optional<bool> termination_protection() const { return termination_protection_; }
    void set_termination_protection(bool on) { termination_protection_ = on; }
    [[nodiscard]] const std::vector<std::string>& notification_arns() const { return notification_arns_; }
    /// Partition token (`AWS::Partition`), URL suffix token.
    [[nodiscard]] static const std::string& partition();
    [[nodiscard]] static const std::string& url_suffix();

    /// The synthesizer, or null if none was given (the synthesis pipeline then attaches the default).
    [[nodiscard]] const std::shared_ptr<IStackSynthesizer>& synthesizer() const { return synthesizer_; }
    /// Attaches and binds a synthesizer (once).
    void set_synthesizer(std::shared_ptr<IStackSynthesizer> synthesizer);

    /// Declares that this stack deploys after `target` (manifest `dependencies`).
    /// Throws for a cyclic dependency or a stack in another assembly (Stage).
    void add_dependency(Stack& target, const std::string& reason = "");
    [[nodiscard]] const std::vector<StackDependency>& dependencies() const { return dependencies_; }
    /// True if this stack depends on `other`, directly or transitively.
    [[nodiscard]] bool depends_on(const Stack& other) const;

    /// Resolves tokens in the context of this stack.
    [[nodiscard]] Json resolve(const Json& value) const;
    /// The same for a value the caller gives up (resolved in place, without copying its plain parts).
    [[nodiscard]] Json resolve(Json&& value) const;
    /// The options resolve() uses: this stack as the scope, transforms added to this stack.
    [[nodiscard]] ResolveOptions resolve_options() const;

    /// The logical id the CDK gives an element: make_unique_id of the ids below the stack.
    [[nodiscard]] std::string allocate_logical_id(const Construct& element) const;

    /// Template transforms (e.g. `AWS::Serverless-2016-10-31`), in order, without duplicates.
    void add_transform(const std::string& transform);
    [[nodiscard]] const std::vector<std::string>& transforms() const { return transforms_; }
    /// Template-level Metadata.
    void add_template_metadata(const std::string& key, Json value) {
        template_metadata_[key] = std::move(value);
    }
    [[nodiscard]] const Json& template_metadata() const { return template_metadata_; }

private:
    std::string generate_stack_id(const Construct* container, const std::string& prefix) const;

    std::string account_;
    std::string region_;
    std::string stack_name_;
    std::string artifact_id_;
    std::string description_;
    std::map<std::string, std::string> tags_;
    std::optional<bool> termination_protection_;
    std::vector<std::string> notification_arns_;
    std::shared_ptr<IStackSynthesizer> synthesizer_;
    std::vector<StackDependency> dependencies_;
    std::vector<std::string> transforms_;
    Json template_metadata_ = Json::object();
};

} // namespace cdk

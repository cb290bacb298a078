#include "constructs/stack.hpp"

#include "constructs/unique_id.hpp"
#include "tokens/aws.hpp"
#include "tokens/errors.hpp"
#include "tokens/resolve.hpp"
#include "tokens/token.hpp"

#include <algorithm>
#include <mutex>

namespace cdk {
namespace {

constexpr std::size_t kMaxStackName = 128;
constexpr std::size_t kMaxDescription = 512;

bool valid_stack_name(const std::string& name) {
    if (name.empty() || !((name[0] >= 'a' && name[0] <= 'z') || (name[0] >= 'A' && name[0] <= 'Z'))) {
        return false;
    }
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    });
}

std::vector<Construct*> root_path_to(const Construct& construct, const Construct* ancestor) {
    auto scopes = construct.node().scopes();
    for (std::size_t i = scopes.size() - 1; i-- > 0;) {
        if (scopes[i] == ancestor) {
            return {scopes.begin() + static_cast<std::ptrdiff_t>(i) + 1, scopes.end()};
        }
    }
    return scopes;
}

std::string make_stack_name(const std::vector<std::string>& components, const std::string& prefix) {
    if (components.size() == 1) {
        std::string name = prefix + components[0];
        if (name.size() <= kMaxStackName) {
            return name;
        }
    }
    return make_unique_resource_name(components, kMaxStackName, prefix);
}

} // namespace

Stack::Stack(Construct& scope, std::string_view id, const StackProps& props)
    : Construct(scope, id), description_(props.description), tags_(props.tags),
      termination_protection_(props.termination_protection), notification_arns_(props.notification_arns) {
    set_kind(Kind::Stack);
    const Stage* stage = Stage::of(*this);
    const Environment env = props.env.value_or(Environment{});
    account_ = !env.account.empty()
                   ? env.account
                   : (stage && !stage->account().empty() ? stage->account() : Aws::ACCOUNT_ID);
    region_ = !env.region.empty() ? env.region
                                  : (stage && !stage->region().empty() ? stage->region() : Aws::REGION);

    if (!props.stack_name.empty()) {
        stack_name_ = props.stack_name;
    } else {
        const std::string prefix = stage && !stage->stage_name().empty() ? stage->stage_name() + "-" : "";
        const Json flag = node().try_get_context("@aws-cdk/core:includePrefixInUniqueNameGeneration");
        const bool include_prefix =
            flag.is_boolean() ? flag.get<bool>() : (flag.is_string() && flag == "true");
        stack_name_ =
            include_prefix ? generate_stack_id(stage, prefix) : prefix + generate_stack_id(stage, "");
    }
    if (stack_name_.size() > kMaxStackName) {
        throw ValidationError("stack name must be <= 128 characters; shorten the stack name or the ids",
                              node().path(), stack_name_);
    }
    if (!Token::is_unresolved(stack_name_) && !valid_stack_name(stack_name_)) {
        throw ValidationError(
            "stack name must match the regular expression /^[A-Za-z][A-Za-z0-9-]*$/, got '" + stack_name_ +
                "'",
            node().path(), stack_name_);
    }
    if (description_.size() > kMaxDescription) {
        throw ValidationError("stack description must be <= 512 characters", node().path(), description_);
    }
    artifact_id_ = generate_stack_id(&node().root(), "");
    if (props.synthesizer) {
        set_synthesizer(props.synthesizer);
    }
}

Stack::~Stack() = default;

std::string Stack::generate_stack_id(const Construct* container, const std::string& prefix) const {
    std::vector<std::string> ids;
    for (const Construct* c : root_path_to(*this, container)) {
        ids.push_back(c->node().id());
    }
    if (ids.size() == 1 && ids[0].empty()) {
        throw ValidationError("unexpected: stack id must always be defined", node().path());
    }
    return make_stack_name(ids, prefix);
}

Stack* Stack::try_of(const Construct& construct) {
    for (const Construct* c = &construct; c != nullptr; c = c->node().scope()) {
        if (auto* stack = dynamic_cast<const Stack*>(c)) {
            return const_cast<Stack*>(stack);
        }
    }
    return nullptr;
}

Stack& Stack::of(const Construct& construct) {
    Stack* stack = try_of(construct);
    if (stack == nullptr) {
        throw ValidationError("no stack could be identified for the construct; create it inside a Stack",
                              construct.node().path());
    }
    return *stack;
}

std::string Stack::environment() const {
    return "aws://" + (Token::is_unresolved(account_) ? std::string("unknown-account") : account_) + "/" +
           (Token::is_unresolved(region_) ? std::string("unknown-region") : region_);
}

bool Stack::environment_agnostic() const {
    return Token::is_unresolved(account_) || Token::is_unresolved(region_);
}

const std::string& Stack::partition() {
    return Aws::PARTITION;
}
const std::string& Stack::url_suffix() {
    return Aws::URL_SUFFIX;
}

void Stack::set_synthesizer(std::shared_ptr<IStackSynthesizer> synthesizer) {
    if (synthesizer_) {
        throw ValidationError("a synthesizer is already attached to this stack", node().path());
    }
    synthesizer_ = std::move(synthesizer);
    synthesizer_->bind(*this);
}

bool Stack::depends_on(const Stack& other) const {
    if (this == &other) {
        return true;
    }
    for (const auto& d : dependencies_) {
        if (d.target->depends_on(other)) {
            return true;
        }
    }
    return false;
}

void Stack::add_dependency(Stack& target, const std::string& reason) {
    if (&target == this) {
        return;
    }
    if (Stage::of(target) != Stage::of(*this)) {
        throw ValidationError("stack '" + node().path() + "' cannot depend on stack '" +
                                  target.node().path() + "': they are in different stages (assemblies)",
                              node().path(), target.node().path());
    }
    if (target.depends_on(*this)) {
        throw ValidationError("'" + target.node().path() + "' depends on '" + node().path() +
                                  "'; adding this dependency (" + reason +
                                  ") would create a cyclic reference",
                              node().path(), target.node().path());
    }
    for (const auto& d : dependencies_) {
        if (d.target == &target) {
            return;
        }
    }
    dependencies_.push_back({&target, reason});
}

ResolveOptions Stack::resolve_options() const {
    ResolveOptions options;
    options.scope = this;
    auto* self = const_cast<Stack*>(this);
    options.add_transform = [self](const std::string& t) { self->add_transform(t); };
    return options;
}

Json Stack::resolve(const Json& value) const {
    return cdk::resolve(value, resolve_options());
}

Json Stack::resolve(Json&& value) const {
    return cdk::resolve(std::move(value), resolve_options());
}

std::string Stack::allocate_logical_id(const Construct& element) const {
    // The ids of the scopes below this stack down to the element (all of them from the root, its empty
    // id included, when the element is not inside this stack).
    std::vector<std::string> components;
    const Construct* c = &element;
    for (; c != nullptr && c != this; c = c->node().scope()) {
        components.push_back(c->node().id());
    }
    std::reverse(components.begin(), components.end());
    return make_unique_id(std::move(components));
}

void Stack::add_transform(const std::string& transform) {
    // Called by intrinsics while the stack resolves, which a big stack does on several threads.
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    if (std::find(transforms_.begin(), transforms_.end(), transform) == transforms_.end()) {
        transforms_.push_back(transform);
    }
}

} // namespace cdk

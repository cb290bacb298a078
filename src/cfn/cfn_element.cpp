#include "cfn/cfn_element.hpp"

#include "cfn/cfn_reference.hpp"
#include "constructs/stack.hpp"
#include "tokens/errors.hpp"
#include "tokens/resolve.hpp"
#include "tokens/token.hpp"

#include <mutex>

namespace cdk {

CfnElement::CfnElement(Construct& scope, std::string_view id)
    : Construct(scope, id), stack_(&Stack::of(scope)) {
    set_kind(Kind::CfnElement);
}

CfnElement::~CfnElement() = default;

std::string CfnElement::logical_id() const {
    if (logical_id_override_) {
        return *logical_id_override_;
    }
    if (!allocated_logical_id_) {
        allocated_logical_id_ = stack_->allocate_logical_id(*this);
    }
    return *allocated_logical_id_;
}

void CfnElement::override_logical_id(const std::string& new_logical_id) {
    if (logical_id_locked_) {
        throw ValidationError("the logical id of this element is locked (it was exported to another stack); "
                              "call override_logical_id before using it in another stack",
                              node().path(), new_logical_id);
    }
    if (new_logical_id.empty() || new_logical_id.size() > 255) {
        throw ValidationError("a logical id must be 1 to 255 characters", node().path(), new_logical_id);
    }
    for (const char c : new_logical_id) {
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
            throw ValidationError("a logical id may contain only A-Za-z0-9", node().path(), new_logical_id);
        }
    }
    logical_id_override_ = new_logical_id;
}

Json CfnElement::resolved_fragment() const {
    return resolved_fragment(stack_->resolve_options());
}

Json CfnElement::resolved_fragment(const ResolveOptions& options) const {
    return cdk::resolve(to_cloudformation(), options);
}

void CfnElement::visit_unresolved(const std::function<void(const Json&)>& visit) const {
    visit(to_cloudformation());
}

std::shared_ptr<CfnReference> CfnElement::reference_for(const std::string& attribute) const {
    // Stacks may synthesize on several threads, and a token resolving in one may ask for a reference of an
    // element of another.
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    auto& slot = references_[attribute];
    if (!slot) {
        slot = std::make_shared<CfnReference>(*this, attribute);
    }
    return slot;
}

std::string CfnRefElement::ref() const {
    return Token::as_string(reference_for("Ref"));
}

CfnReference::CfnReference(const CfnElement& target, std::string attribute)
    : target_(&target), attribute_(std::move(attribute)) {}

Json CfnReference::native_value() const {
    // Built member by member: nlohmann's initializer lists copy every element once more.
    Json out = Json::object();
    auto& object = out.get_ref<Json::object_t&>();
    if (attribute_ == "Ref") {
        object.emplace("Ref", target_->logical_id());
        return out;
    }
    Json args = Json::array();
    auto& items = args.get_ref<Json::array_t&>();
    items.reserve(2);
    items.emplace_back(target_->logical_id());
    items.emplace_back(attribute_);
    object.emplace("Fn::GetAtt", std::move(args));
    return out;
}

Json CfnReference::resolve(ResolveContext& context) const {
    if (context.scope() != nullptr && !replacements_.empty()) {
        if (const Stack* consumer = Stack::try_of(*context.scope())) {
            if (auto it = replacements_.find(consumer); it != replacements_.end()) {
                return it->second;
            }
        }
    }
    return native_value();
}

std::string CfnReference::display_hint() const {
    std::string hint = target_->node().id() + "." + attribute_;
    return hint;
}

void CfnReference::assign_value_for_stack(const Stack& consumer, Json value) const {
    replacements_[&consumer] = std::move(value);
}

bool CfnReference::has_value_for_stack(const Stack& consumer) const {
    return replacements_.count(&consumer) > 0;
}

} // namespace cdk

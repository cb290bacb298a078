#include "constructs/construct.hpp"

#include "core/assert.hpp"
#include "tokens/errors.hpp"
#include "tokens/token.hpp"

#include <algorithm>

namespace cdk {
namespace {

/// From this many children on, a node looks its children up by id in a hash index instead of a scan.
constexpr std::size_t kIndexChildrenFrom = 16;

std::string sanitize_id(std::string_view id) {
    std::string out;
    for (const char c : id) {
        if (c == '/' || c == '\n') {
            out += "--";
        } else {
            out += c;
        }
    }
    return out;
}

} // namespace

Node::Node(Construct& host, Construct* scope, std::string_view id)
    : host_(&host), scope_(scope), id_(sanitize_id(id)) {
    if (scope_ == nullptr) {
        return;
    }
    const std::string& parent_path = scope_->node().path();
    if (id_.empty()) {
        throw ValidationError("only root constructs may have an empty id; give the construct an id",
                              parent_path);
    }
    if (Token::is_unresolved(id_)) {
        throw ValidationError("a construct id may not contain a token; use a literal id", parent_path, id_);
    }
    path_ = parent_path.empty() ? id_ : parent_path + kPathSep + id_;
}

std::vector<Construct*> Node::scopes() const {
    std::vector<Construct*> out;
    for (Construct* c = host_; c != nullptr; c = c->node().scope_) {
        out.push_back(c);
    }
    std::reverse(out.begin(), out.end());
    return out;
}

Construct& Node::root() const {
    Construct* c = host_;
    while (c->node().scope_ != nullptr) {
        c = c->node().scope_;
    }
    return *c;
}

Construct* Node::try_find_child(std::string_view id) const {
    const std::string wanted = sanitize_id(id);
    if (!child_index_.empty()) {
        const auto it = child_index_.find(wanted);
        return it == child_index_.end() ? nullptr : it->second;
    }
    for (Construct* child : children_) {
        if (child->node().id_ == wanted) {
            return child;
        }
    }
    return nullptr;
}

Construct& Node::find_child(std::string_view id) const {
    Construct* child = try_find_child(id);
    if (child == nullptr) {
        throw ValidationError("no child with id '" + std::string(id) + "'", path_, std::string(id));
    }
    return *child;
}

std::vector<Construct*> Node::find_all() const {
    std::vector<Construct*> out;
    std::vector<Construct*> stack{host_};
    while (!stack.empty()) {
        Construct* c = stack.back();
        stack.pop_back();
        out.push_back(c);
        const auto& kids = c->node().children_;
        for (auto it = kids.rbegin(); it != kids.rend(); ++it) {
            stack.push_back(*it);
        }
    }
    return out;
}

Construct* Node::default_child() const {
    Construct* resource = try_find_child("Resource");
    Construct* fallback = try_find_child("Default");
    if (resource != nullptr && fallback != nullptr) {
        throw ValidationError(
            "cannot determine the default child: there is both a child with id \"Resource\" and "
            "id \"Default\"",
            path_);
    }
    return resource != nullptr ? resource : fallback;
}

void Node::set_context(const std::string& key, Json value) {
    if (!children_.empty()) {
        std::string names;
        for (Construct* c : children_) {
            names += (names.empty() ? "" : ",") + c->node().id_;
        }
        throw ValidationError("cannot set context after children have been added: " + names, path_, key);
    }
    context_[key] = std::move(value);
}

Json Node::try_get_context(const std::string& key) const {
    for (const Node* n = this; n != nullptr; n = n->scope_ ? &n->scope_->node() : nullptr) {
        if (auto it = n->context_.find(key); it != n->context_.end()) {
            return *it;
        }
    }
    return nullptr;
}

void Node::add_metadata(const std::string& type, Json data) {
    if (data.is_null() || data.is_discarded()) {
        return;
    }
    metadata_.push_back({type, std::move(data)});
}

void Node::add_validation(std::function<std::vector<std::string>()> validation) {
    validations_.push_back(std::move(validation));
}

std::vector<std::string> Node::validate() const {
    std::vector<std::string> errors;
    for (const auto& v : validations_) {
        for (auto& e : v()) {
            errors.push_back(std::move(e));
        }
    }
    return errors;
}

void Node::add_dependency(Construct& other) {
    if (std::find(dependencies_.begin(), dependencies_.end(), &other) == dependencies_.end()) {
        dependencies_.push_back(&other);
    }
}

bool Node::locked() const {
    for (const Node* n = this; n != nullptr; n = n->scope_ ? &n->scope_->node() : nullptr) {
        if (n->locked_) {
            return true;
        }
    }
    return false;
}

void Node::adopt(std::unique_ptr<Construct> child) {
    CDK_ASSERT(child->node().scope_ == host_ && "adopt: the child's scope must be this node");
    owned_.push_back(std::move(child));
}

void Node::release_owned_children() {
    for (auto& child : owned_) {
        (void)child.release();
    }
    owned_.clear();
}

bool Node::mark_aspect_applied(const IAspect* aspect) {
    if (std::find(applied_aspects_.begin(), applied_aspects_.end(), aspect) != applied_aspects_.end()) {
        return false;
    }
    applied_aspects_.push_back(aspect);
    return true;
}

void Node::add_child(Construct& child) {
    if (locked()) {
        throw ValidationError("cannot add children to \"" + path_ + "\" during synthesis", path_,
                              child.node().id_);
    }
    if (try_find_child(child.node().id_) != nullptr) {
        throw ValidationError("there is already a construct with id '" + child.node().id_ + "' in " +
                                  (path_.empty() ? std::string("the app") : "[" + path_ + "]") +
                                  "; construct ids must be unique among siblings",
                              path_, child.node().id_);
    }
    children_.push_back(&child);
    if (!child_index_.empty()) {
        child_index_.emplace(child.node().id_, &child);
    } else if (children_.size() == kIndexChildrenFrom) {
        for (Construct* c : children_) {
            child_index_.emplace(c->node().id_, c);
        }
    }
}

void Node::remove_child(const Construct& child) {
    if (destroying_) {
        return;
    }
    children_.erase(std::remove(children_.begin(), children_.end(), &child), children_.end());
    if (const auto it = child_index_.find(child.node().id_);
        it != child_index_.end() && it->second == &child) {
        child_index_.erase(it);
    }
}

Construct::Construct(Construct& scope, std::string_view id) : node_(*this, &scope, id) {
    scope.node().add_child(*this);
}

Construct::Construct(RootTag /*tag*/) : node_(*this, nullptr, "") {}

Construct::~Construct() {
    node_.destroying_ = true;
    for (Construct* child : node_.children_) {
        child->node_.scope_ = nullptr;
    }
    node_.owned_.clear();
    if (node_.scope_ != nullptr) {
        node_.scope_->node_.remove_child(*this);
    }
}

} // namespace cdk

#pragma once

#include "core/json.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cdk {

class Construct;
class IAspect;

/// One metadata entry of a construct (CDK: MetadataEntry), e.g. type `aws:cdk:logicalId`.
struct MetadataEntry {
    std::string type;
    Json data;
};

/// The tree node of a construct (CDK: constructs.Node): id, path, scope, children, context,
/// metadata, validations and dependencies.
///
/// Ownership: a construct created with `cdk::make<T>(scope, ...)` is owned by its scope; one created
/// as a local variable or a class member is owned by its creator and must outlive synthesis.
class Node {
public:
    static constexpr char kPathSep = '/';

    /// The id, with `/` replaced by `--` as the CDK does. Empty only for the root.
    [[nodiscard]] const std::string& id() const { return id_; }
    /// Ids from the root down to this node joined by `/` (the root's empty id excluded).
    [[nodiscard]] const std::string& path() const { return path_; }
    /// The parent construct, null for the root.
    [[nodiscard]] Construct* scope() const { return scope_; }
    [[nodiscard]] Construct& host() const { return *host_; }
    /// All constructs from the root down to (and including) this one.
    [[nodiscard]] std::vector<Construct*> scopes() const;
    [[nodiscard]] Construct& root() const;
    /// Direct children in creation order.
    [[nodiscard]] const std::vector<Construct*>& children() const { return children_; }
    [[nodiscard]] Construct* try_find_child(std::string_view id) const;
    /// Throws ValidationError if there is no such child.
    [[nodiscard]] Construct& find_child(std::string_view id) const;
    /// This construct and all its descendants, depth-first pre-order.
    [[nodiscard]] std::vector<Construct*> find_all() const;
    /// The child with id `Resource` or `Default`, if any (CDK: defaultChild).
    [[nodiscard]] Construct* default_child() const;

    /// Sets a context value; only allowed before children are added.
    void set_context(const std::string& key, Json value);
    /// The context value for `key` looked up from this node towards the root; null if absent.
    [[nodiscard]] Json try_get_context(const std::string& key) const;

    void add_metadata(const std::string& type, Json data);
    [[nodiscard]] const std::vector<MetadataEntry>& metadata() const { return metadata_; }

    /// A validation run at synthesis; it returns error messages (empty when valid).
    void add_validation(std::function<std::vector<std::string>()> validation);
    /// Runs this node's validations.
    [[nodiscard]] std::vector<std::string> validate() const;

    /// Declares that this construct depends on `other` (ordering between stacks/resources).
    void add_dependency(Construct& other);
    [[nodiscard]] const std::vector<Construct*>& dependencies() const { return dependencies_; }

    /// After locking, adding children throws (set during synthesis).
    void lock() { locked_ = true; }
    void unlock() { locked_ = false; }
    [[nodiscard]] bool locked() const;

    /// Takes ownership of a construct whose scope is this node (used by `cdk::make`).
    void adopt(std::unique_ptr<Construct> child);

    /// Aspects attached here (see constructs/aspects.hpp).
    [[nodiscard]] const std::vector<std::shared_ptr<IAspect>>& aspects() const { return aspects_; }
    void add_aspect(std::shared_ptr<IAspect> aspect) { aspects_.push_back(std::move(aspect)); }
    /// Records that `aspect` ran on this node; false if it already had.
    bool mark_aspect_applied(const IAspect* aspect);

private:
    friend class Construct;
    friend class App;
    Node(Construct& host, Construct* scope, std::string_view id);
    /// Gives up ownership of the children `make` created, without destroying them (see App::~App).
    void release_owned_children();
    void add_child(Construct& child);
    void remove_child(const Construct& child);

    Construct* host_;
    Construct* scope_;
    std::string id_;
    std::string path_;
    std::vector<Construct*> children_;
    /// Children by id, kept once a node has many children (ids point into the children's own nodes).
    std::unordered_map<std::string_view, Construct*> child_index_;
    std::vector<std::unique_ptr<Construct>> owned_;
    Json context_ = Json::object();
    std::vector<MetadataEntry> metadata_;
    std::vector<std::function<std::vector<std::string>()>> validations_;
    std::vector<Construct*> dependencies_;
    std::vector<std::shared_ptr<IAspect>> aspects_;
    std::vector<const IAspect*> applied_aspects_;
    bool locked_ = false;
    bool destroying_ = false;
};

/// The building block of a CDK app (CDK: constructs.Construct).
class Construct {
public:
    /// Creates a construct as child `id` of `scope`. Throws ValidationError for an empty id, an id
    /// holding a token, or an id already used in `scope`.
    Construct(Construct& scope, std::string_view id);
    virtual ~Construct();
    Construct(const Construct&) = delete;
    Construct& operator=(const Construct&) = delete;

    [[nodiscard]] Node& node() { return node_; }
    [[nodiscard]] const Node& node() const { return node_; }

    /// What a construct is, for walks over the whole tree (synthesis): a tag compared instead of a
    /// dynamic_cast per construct. Stage (and App), Stack and CfnElement set theirs when constructed.
    enum class Kind : std::uint8_t { Other, Stage, Stack, CfnElement };
    [[nodiscard]] Kind kind() const { return kind_; }

protected:
    struct RootTag {};
    /// Creates a root construct (an App or a free-standing test root).
    explicit Construct(RootTag /*tag*/);
    void set_kind(Kind kind) { kind_ = kind; }

private:
    Node node_;
    Kind kind_ = Kind::Other;
};

/// A free-standing root construct, e.g. for tests that need a tree without an App.
class RootConstruct : public Construct {
public:
    RootConstruct() : Construct(RootTag{}) {}
};

/// Creates a construct owned by its scope and returns a reference to it:
/// `auto& queue = cdk::make<cdk::CfnResource>(stack, "Queue", props);`
template <typename T, typename... Args> T& make(Construct& scope, Args&&... args) {
    auto owned = std::make_unique<T>(scope, std::forward<Args>(args)...);
    T& ref = *owned;
    scope.node().adopt(std::move(owned));
    return ref;
}

} // namespace cdk

#include "synth/references.hpp"

#include "cfn/cfn_output.hpp"
#include "cfn/cfn_reference.hpp"
#include "cfn/cfn_resource.hpp"
#include "constructs/stack.hpp"
#include "constructs/unique_id.hpp"
#include "synth/detail/parallel.hpp"
#include "synth/detail/prepared_fragments.hpp"
#include "tokens/errors.hpp"
#include "tokens/fn.hpp"
#include "tokens/resolve.hpp"
#include "tokens/token.hpp"

#include <algorithm>
#include <functional>
#include <memory>
#include <set>

namespace cdk {
namespace {

constexpr std::size_t kMaxExportName = 255;

struct Edge {
    const CfnElement* source;
    const CfnReference* reference;
};

/// What the references pass found in a run of elements: the references in order, and the fragments
/// the renderer may reuse.
struct Scan {
    std::vector<Edge> edges;
    std::vector<std::pair<const CfnElement*, detail::FragmentText>> fragments;
};

/// Thrown on a worker thread when a reference points outside the scanned tree: its target's logical id
/// may not be computed yet, and computing it on several threads at once would race. The scan then runs
/// again on one thread.
struct ReferenceOutsideTree {};

bool is_under(const Construct& c, const Construct& root) {
    for (const Construct* x = &c; x != nullptr; x = x->node().scope()) {
        if (x == &root) {
            return true;
        }
    }
    return false;
}

/// The state the token callback of one element sees (one pointer, so the callback is not allocated).
struct ElementScan {
    Scan* out = nullptr;
    const CfnElement* element = nullptr;
    /// Set when references may point outside the tree scanned on several threads.
    const Construct* parallel_root = nullptr;
    bool reusable = true;

    /// Records `token` as an edge if it is a reference, and returns it (or null).
    const CfnReference* record(const IResolvable& token) {
        const auto* ref = dynamic_cast<const CfnReference*>(&token);
        if (ref != nullptr) {
            if (parallel_root != nullptr && !is_under(ref->target(), *parallel_root)) {
                throw ReferenceOutsideTree{};
            }
            out->edges.push_back({element, ref});
        }
        return ref;
    }
    void on_token(const IResolvable& token) {
        if (const auto* ref = record(token)) {
            // resolve_references assigns the value of a reference of another stack for this consumer.
            if (&ref->target().stack() != &element->stack()) {
                reusable = false;
            }
        } else if (!token.stable_across_passes()) {
            reusable = false;
        }
    }
};

/// Finds the references of elements [begin, end). With `keep`, each element is resolved in full as the
/// renderer resolves it (the stack's options), and the fragments it may reuse go to `out.fragments`;
/// otherwise only the tokens are resolved.
void scan_elements(const std::vector<const CfnElement*>& elements, std::size_t begin, std::size_t end,
                   bool keep, const Construct* parallel_root, Scan& out) {
    ElementScan state{.out = &out, .element = nullptr, .parallel_root = parallel_root, .reusable = true};
    ResolveOptions options;
    const Stack* options_stack = nullptr;
    for (std::size_t i = begin; i < end; ++i) {
        const CfnElement* element = elements[i];
        if (&element->stack() != options_stack) {
            options_stack = &element->stack();
            options = options_stack->resolve_options();
        }
        state.element = element;
        state.reusable = true;
        const std::size_t first_edge = out.edges.size();
        if (keep) {
            options.on_token = [s = &state](const IResolvable& token) { s->on_token(token); };
            try {
                Json fragment = element->resolved_fragment(options);
                if (state.reusable) {
                    out.fragments.emplace_back(element, detail::fragment_text(fragment));
                }
                continue;
            } catch (const ReferenceOutsideTree&) {
                throw;
            } catch (...) {
                // Resolving in full failed. Resolving only the tokens, as this pass did before, throws the
                // same error if a token caused it; otherwise the renderer meets the error (the element is
                // resolved again there) and reports it when it did before.
                out.edges.resize(first_edge);
            }
        }
        options.on_token = nullptr;
        const auto collect = [s = &state](const IResolvable& token) { (void)s->record(token); };
        element->visit_unresolved([&](const Json& part) { find_tokens(part, options, collect); });
    }
}

/// The references of every element below `root`, in tree order (each element's in the order resolving it
/// meets them). A big app is scanned in chunks on several threads; the results are merged in order.
std::vector<Edge> find_all_references(Construct& root, detail::PreparedFragments* prepared) {
    std::vector<const CfnElement*> elements;
    for (Construct* c : root.node().find_all()) {
        if (c->kind() == Construct::Kind::CfnElement) {
            elements.push_back(static_cast<const CfnElement*>(c));
        }
    }
    std::size_t threads = elements.size() >= detail::kParallelElementsFrom
                              ? std::min<std::size_t>(detail::synth_threads(), 8)
                              : 1;
    if (threads > 1) {
        // Resolving computes logical ids (cached on first use): compute them all before the threads start.
        // If one fails, the scan runs on one thread so that errors come in their usual order.
        try {
            for (const CfnElement* element : elements) {
                (void)element->logical_id();
            }
        } catch (...) {
            threads = 1;
        }
    }
    const bool keep = prepared != nullptr;
    std::vector<Scan> scans;
    if (threads > 1) {
        const std::size_t chunk = detail::chunk_size(elements.size(), threads);
        scans.resize((elements.size() + chunk - 1) / chunk);
        std::vector<std::function<void()>> jobs;
        for (std::size_t j = 0; j < scans.size(); ++j) {
            jobs.emplace_back([&, j] {
                scan_elements(elements, j * chunk, std::min(elements.size(), (j + 1) * chunk), keep, &root,
                              scans[j]);
            });
        }
        try {
            detail::run_jobs(jobs, static_cast<unsigned>(threads));
        } catch (const ReferenceOutsideTree&) {
            threads = 1;
        }
    }
    if (threads <= 1) {
        scans.assign(1, Scan{});
        scan_elements(elements, 0, elements.size(), keep, nullptr, scans[0]);
    }
    std::vector<Edge> edges;
    if (scans.size() == 1) {
        edges = std::move(scans[0].edges);
    } else {
        for (auto& scan : scans) {
            edges.insert(edges.end(), scan.edges.begin(), scan.edges.end());
        }
    }
    if (keep) {
        prepared->reserve(elements.size());
        for (auto& scan : scans) {
            for (auto& [element, fragment] : scan.fragments) {
                prepared->add(*element, std::move(fragment));
            }
        }
    }
    return edges;
}

Construct& exports_scope(Stack& stack) {
    if (Construct* existing = stack.node().try_find_child("Exports")) {
        return *existing;
    }
    return make<Construct>(stack, "Exports");
}

std::string generate_export_name(const Stack& stack, const Construct& exports, const std::string& id) {
    std::vector<std::string> components;
    const auto scopes = exports.node().scopes();
    const auto stack_depth = stack.node().scopes().size();
    for (std::size_t i = stack_depth; i < scopes.size(); ++i) {
        components.push_back(scopes[i]->node().id());
    }
    components.push_back(id);
    const std::string prefix = stack.stack_name().empty() ? "" : stack.stack_name() + ":";
    const std::string local = make_unique_id(components);
    const std::size_t keep = kMaxExportName - prefix.size();
    return prefix + (local.size() > keep ? local.substr(local.size() - keep) : local);
}

/// Stack.exportValue: an Output with Export in the producer; returns the Fn::ImportValue.
Json export_value(Stack& producer, const CfnReference& reference) {
    const_cast<CfnElement&>(reference.target()).lock_logical_id();
    Construct& exports = exports_scope(producer);
    const Json resolved = producer.resolve(reference.native_value());
    const std::string id = "Output" + resolved.dump();
    const std::string export_name = generate_export_name(producer, exports, id);
    if (exports.node().try_find_child(id) == nullptr) {
        make<CfnOutput>(exports, id,
                        CfnOutputProps{.value = reference.native_value(), .export_name = export_name});
    }
    return Json{{"Fn::ImportValue", export_name}};
}

Json resolve_value(Stack& consumer, const CfnReference& reference, const CfnElement& source) {
    Stack& producer = reference.target().stack();
    if (&producer.node().root() != &consumer.node().root()) {
        throw ValidationError("cannot reference across apps: \"" + source.node().path() + "\" uses \"" +
                                  reference.target().node().path() + "\"; define both stacks in the same app",
                              source.node().path(), reference.target().node().path());
    }
    const std::string what = "\"" + reference.target().node().path() + "\" (" + reference.attribute() + ")";
    if (producer.environment() != consumer.environment()) {
        throw ValidationError("stack \"" + consumer.node().path() + "\" (" + consumer.environment() +
                                  ") cannot reference " + what + " in stack \"" + producer.node().path() +
                                  "\" (" + producer.environment() +
                                  "): cross-stack references are only supported between stacks of the same "
                                  "environment; pass the value another way (e.g. an SSM parameter)",
                              source.node().path(), reference.target().node().path());
    }
    if (Stage::of(producer) != Stage::of(consumer)) {
        throw ValidationError("stack \"" + consumer.node().path() + "\" cannot reference " + what +
                                  " in stack \"" + producer.node().path() +
                                  "\": the stacks are in different stages (cloud assemblies) and deploy "
                                  "independently; move them into the same Stage",
                              source.node().path(), reference.target().node().path());
    }
    consumer.add_dependency(producer, consumer.node().path() + " -> " + reference.target().node().path() +
                                          "." + reference.attribute());
    return export_value(producer, reference);
}

std::vector<CfnResource*> cfn_resources_under(Construct& c) {
    std::vector<CfnResource*> out;
    for (Construct* x : c.node().find_all()) {
        if (auto* r = dynamic_cast<CfnResource*>(x)) {
            out.push_back(r);
        }
    }
    return out;
}

} // namespace

std::string export_value(Stack& stack, const std::string& value, const ExportValueOptions& options) {
    if (!options.name.empty()) {
        make<CfnOutput>(
            stack, "Export" + options.name,
            CfnOutputProps{.value = value, .description = options.description, .export_name = options.name});
        return Fn::import_value(options.name);
    }
    const auto token = Token::reverse(Json(value));
    const auto* reference = dynamic_cast<const CfnReference*>(token.get());
    if (reference == nullptr) {
        throw ValidationError("export_value: either supply a name or export a resource attribute (like "
                              "queue.get_att(\"Arn\"))",
                              stack.node().path(), value);
    }
    if (&reference->target().stack() != &stack) {
        throw ValidationError("export_value: the value belongs to stack \"" +
                                  reference->target().stack().node().path() + "\", not to this stack",
                              stack.node().path(), reference->target().node().path());
    }
    return Fn::import_value(export_value(stack, *reference)["Fn::ImportValue"].get<std::string>());
}

void resolve_references(Construct& root) {
    detail::resolve_references(root, nullptr);
}

void detail::resolve_references(Construct& root, PreparedFragments* prepared) {
    for (const auto& edge : find_all_references(root, prepared)) {
        Stack& consumer = edge.source->stack();
        Stack& producer = edge.reference->target().stack();
        if (&consumer == &producer || edge.reference->has_value_for_stack(consumer)) {
            continue;
        }
        edge.reference->assign_value_for_stack(consumer,
                                               resolve_value(consumer, *edge.reference, *edge.source));
    }
}

void apply_construct_dependencies(Construct& root) {
    for (Construct* source : root.node().find_all()) {
        for (Construct* target : source->node().dependencies()) {
            if (auto* source_stack = dynamic_cast<Stack*>(source)) {
                if (auto* target_stack = dynamic_cast<Stack*>(target)) {
                    source_stack->add_dependency(*target_stack, "construct dependency");
                    continue;
                }
            }
            const auto targets = cfn_resources_under(*target);
            for (CfnResource* s : cfn_resources_under(*source)) {
                for (CfnResource* t : targets) {
                    s->add_dependency(*t);
                }
            }
        }
    }
}

} // namespace cdk

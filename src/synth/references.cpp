#include "synth/references.hpp"

#include "cfn/cfn_output.hpp"
#include "cfn/cfn_reference.hpp"
#include "cfn/cfn_resource.hpp"
#include "constructs/stack.hpp"
#include "constructs/unique_id.hpp"
#include "tokens/errors.hpp"
#include "tokens/fn.hpp"
#include "tokens/resolve.hpp"
#include "tokens/token.hpp"

#include <memory>
#include <set>

namespace cdk {
namespace {

constexpr std::size_t kMaxExportName = 255;

struct Edge {
    const CfnElement* source;
    const CfnReference* reference;
};

std::vector<Edge> find_all_references(Construct& root) {
    std::vector<Edge> edges;
    for (Construct* c : root.node().find_all()) {
        const auto* element = dynamic_cast<const CfnElement*>(c);
        if (element == nullptr) {
            continue;
        }
        ResolveOptions options;
        options.scope = element;
        options.preparing = true;
        const auto collect = [&](const IResolvable& token) {
            if (const auto* ref = dynamic_cast<const CfnReference*>(&token)) {
                edges.push_back({element, ref});
            }
        };
        element->visit_unresolved([&](const Json& part) { find_tokens(part, options, collect); });
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
        make<CfnOutput>(exports, id, CfnOutputProps{.value = reference.native_value(), .export_name = export_name});
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
                                  ") cannot reference " + what + " in stack \"" + producer.node().path() + "\" (" +
                                  producer.environment() +
                                  "): cross-stack references are only supported between stacks of the same "
                                  "environment; pass the value another way (e.g. an SSM parameter)",
                              source.node().path(), reference.target().node().path());
    }
    if (Stage::of(producer) != Stage::of(consumer)) {
        throw ValidationError("stack \"" + consumer.node().path() + "\" cannot reference " + what + " in stack \"" +
                                  producer.node().path() +
                                  "\": the stacks are in different stages (cloud assemblies) and deploy "
                                  "independently; move them into the same Stage",
                              source.node().path(), reference.target().node().path());
    }
    consumer.add_dependency(producer, consumer.node().path() + " -> " + reference.target().node().path() + "." +
                                          reference.attribute());
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
        make<CfnOutput>(stack, "Export" + options.name,
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
        throw ValidationError("export_value: the value belongs to stack \"" + reference->target().stack().node().path() +
                                  "\", not to this stack",
                              stack.node().path(), reference->target().node().path());
    }
    return Fn::import_value(export_value(stack, *reference)["Fn::ImportValue"].get<std::string>());
}

void resolve_references(Construct& root) {
    for (const auto& edge : find_all_references(root)) {
        Stack& consumer = edge.source->stack();
        Stack& producer = edge.reference->target().stack();
        if (&consumer == &producer || edge.reference->has_value_for_stack(consumer)) {
            continue;
        }
        edge.reference->assign_value_for_stack(consumer, resolve_value(consumer, *edge.reference, *edge.source));
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

#include "synth/synthesis.hpp"

#include "assembly/writer.hpp"
#include "constructs/app.hpp"
#include "constructs/aspects.hpp"
#include "constructs/stack.hpp"
#include "synth/references.hpp"
#include "synth/stack_synthesizers/default_stack_synthesizer.hpp"
#include "synth/synthesis_session.hpp"
#include "synth/tree_metadata.hpp"
#include "tokens/errors.hpp"

#include <filesystem>

namespace cdk {
namespace {

/// Stacks and stages directly in `stage` (not inside a nested stage), in tree order.
void direct_members(Construct& c, std::vector<Stack*>& stacks, std::vector<Stage*>& stages) {
    for (Construct* child : c.node().children()) {
        if (auto* stage = dynamic_cast<Stage*>(child)) {
            stages.push_back(stage);
            continue;
        }
        if (auto* stack = dynamic_cast<Stack*>(child)) {
            stacks.push_back(stack);
        }
        direct_members(*child, stacks, stages);
    }
}

void check(const Result<void>& r, const std::string& what) {
    if (!r) {
        throw std::runtime_error("cannot write " + what + ": " + r.error().to_string());
    }
}

/// Writes the assembly of `stage` into `outdir`; nested stages go to `outdir/<artifact id>`.
void synthesize_stage(Stage& stage, const std::filesystem::path& outdir, const std::filesystem::path& asset_outdir,
                      bool is_root) {
    std::filesystem::create_directories(outdir);
    SynthesisSession session(outdir, asset_outdir);
    std::vector<Stack*> stacks;
    std::vector<Stage*> stages;
    direct_members(stage, stacks, stages);
    for (Stage* nested : stages) {
        synthesize_stage(*nested, outdir / nested->artifact_id(), asset_outdir, false);
        nested->mark_synthesized();
        assembly::ArtifactManifest artifact;
        artifact.id = nested->artifact_id();
        artifact.type = assembly::ArtifactType::NestedCloudAssembly;
        artifact.properties = assembly::NestedAssemblyProperties{.directory_name = nested->artifact_id(),
                                                                 .display_name = nested->node().path()};
        session.add_artifact(std::move(artifact));
    }
    for (Stack* stack : stacks) {
        synthesizer_of(*stack).synthesize(session);
    }
    if (is_root) {
        const auto* app = dynamic_cast<const App*>(&stage);
        if (app == nullptr || app->tree_metadata()) {
            check(assembly::write_text_file(outdir / "tree.json", render_tree_metadata(stage)), "tree.json");
            assembly::ArtifactManifest tree;
            tree.id = "Tree";
            tree.type = assembly::ArtifactType::Tree;
            tree.properties = assembly::TreeProperties{.file = "tree.json"};
            session.add_artifact(std::move(tree));
        }
    }
    check(assembly::write_assembly(outdir, session.manifest()), "the assembly manifest in " + outdir.string());
}

} // namespace

void prepare_app(Construct& root) {
    for (Construct* c : root.node().find_all()) {
        if (auto* stack = dynamic_cast<Stack*>(c)) {
            (void)synthesizer_of(*stack);
        }
    }
    apply_construct_dependencies(root);
    resolve_references(root);
}

void validate_tree(Construct& root) {
    std::string message;
    std::string first_path;
    for (const Construct* c : root.node().find_all()) {
        for (const auto& error : c->node().validate()) {
            if (message.empty()) {
                first_path = c->node().path();
            }
            message += "\n  [" + c->node().path() + "] " + error;
        }
    }
    if (!message.empty()) {
        throw ValidationError("validation failed with the following errors:" + message, first_path);
    }
}

std::string Stage::synth(const StageSynthesisOptions& options) {
    if (synthesized() && !options.force) {
        return outdir();
    }
    Aspects::invoke_all(*this);
    prepare_app(*this);
    if (!options.skip_validation) {
        validate_tree(*this);
    }
    node().lock();
    try {
        const std::filesystem::path out(outdir());
        synthesize_stage(*this, out, std::filesystem::path(asset_outdir()), parent_stage() == nullptr);
    } catch (...) {
        node().unlock();
        throw;
    }
    node().unlock();
    mark_synthesized();
    return outdir();
}

} // namespace cdk

#include "synth/synthesis.hpp"

#include "assembly/writer.hpp"
#include "cfn/cfn_element.hpp"
#include "constructs/app.hpp"
#include "constructs/aspects.hpp"
#include "constructs/stack.hpp"
#include "synth/detail/parallel.hpp"
#include "synth/detail/prepared_fragments.hpp"
#include "synth/references.hpp"
#include "synth/stack_synthesizers/default_stack_synthesizer.hpp"
#include "synth/synthesis_session.hpp"
#include "synth/tree_metadata.hpp"
#include "tokens/errors.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <functional>
#include <thread>

namespace cdk {
namespace {

/// Stacks and stages directly in `stage` (not inside a nested stage), in tree order.
void direct_members(Construct& c, std::vector<Stack*>& stacks, std::vector<Stage*>& stages) {
    for (Construct* child : c.node().children()) {
        if (child->kind() == Construct::Kind::Stage) {
            stages.push_back(static_cast<Stage*>(child));
            continue;
        }
        if (child->kind() == Construct::Kind::Stack) {
            stacks.push_back(static_cast<Stack*>(child));
        }
        direct_members(*child, stacks, stages);
    }
}

void check(const Result<void>& r, const std::string& what) {
    if (!r) {
        throw std::runtime_error("cannot write " + what + ": " + r.error().to_string());
    }
}

/// Creates `dir`: one mkdir when its parent exists (the usual case: a nested assembly), the whole chain (and
/// create_directories' error) otherwise.
void make_directory(const std::filesystem::path& dir) {
    std::error_code ec;
    if (std::filesystem::create_directory(dir, ec) || !ec) {
        return;
    }
    std::filesystem::create_directories(dir);
}

/// The number of nested stages and stacks in one assembly from which they are written in parallel.
constexpr std::size_t kParallelFrom = 8;

/// Writes the assembly of `stage` into `outdir`; nested stages go to `outdir/<artifact id>`. The nested
/// stages, the stacks and tree.json of one assembly are independent of each other once the app is
/// prepared, so they are written as parallel jobs (`threads`); nested levels run within their job.
void synthesize_stage(Stage& stage, const std::filesystem::path& outdir,
                      const std::filesystem::path& asset_outdir, bool is_root, unsigned threads,
                      detail::PreparedFragments* prepared) {
    make_directory(outdir);
    std::vector<Stack*> stacks;
    std::vector<Stage*> stages;
    direct_members(stage, stacks, stages);
    // Each stack's synthesizer writes into its own session; their artifacts join the manifest in order.
    std::vector<SynthesisSession> stack_sessions;
    stack_sessions.reserve(stacks.size());
    for (std::size_t i = 0; i < stacks.size(); ++i) {
        stack_sessions.emplace_back(outdir, asset_outdir).set_prepared_fragments(prepared);
    }
    std::vector<std::function<void()>> jobs;
    // tree.json first: it is the longest single job of an app with many constructs, so it starts at
    // once next to the stacks and stages instead of running alone at the end.
    const auto* app = dynamic_cast<const App*>(&stage);
    const bool write_tree = is_root && (app == nullptr || app->tree_metadata());
    if (write_tree) {
        jobs.emplace_back([&] {
            check(assembly::write_text_file(outdir / "tree.json", render_tree_metadata(stage)), "tree.json");
        });
    }
    for (Stage* nested : stages) {
        jobs.emplace_back([&, nested] {
            synthesize_stage(*nested, outdir / nested->artifact_id(), asset_outdir, false, 1, prepared);
        });
    }
    for (std::size_t i = 0; i < stacks.size(); ++i) {
        jobs.emplace_back([&, i] { synthesizer_of(*stacks[i]).synthesize(stack_sessions[i]); });
    }
    // A second thread costs more than it brings for a few stacks: glibc's malloc takes its arena locks on
    // every call once a thread has existed. From kParallelFrom stacks and stages on, it pays off.
    const std::size_t members = stages.size() + stacks.size();
    // tree.json of a big app is worth a thread of its own next to its stacks.
    const bool big_app = write_tree && stage.node().find_all().size() >= detail::kParallelConstructsFrom;
    detail::run_jobs(jobs, members >= kParallelFrom || big_app ? threads : 1);

    SynthesisSession session(outdir, asset_outdir);
    for (Stage* nested : stages) {
        nested->mark_synthesized();
        assembly::ArtifactManifest artifact;
        artifact.id = nested->artifact_id();
        artifact.type = assembly::ArtifactType::NestedCloudAssembly;
        artifact.properties = assembly::NestedAssemblyProperties{.directory_name = nested->artifact_id(),
                                                                 .display_name = nested->node().path()};
        session.add_artifact(std::move(artifact));
    }
    for (auto& stack_session : stack_sessions) {
        for (auto& artifact : stack_session.manifest().artifacts) {
            session.add_artifact(std::move(artifact));
        }
    }
    if (write_tree) {
        assembly::ArtifactManifest tree;
        tree.id = "Tree";
        tree.type = assembly::ArtifactType::Tree;
        tree.properties = assembly::TreeProperties{.file = "tree.json"};
        session.add_artifact(std::move(tree));
    }
    check(assembly::write_assembly(outdir, session.manifest()),
          "the assembly manifest in " + outdir.string());
}

/// prepare_app; with `prepared`, the fragments the renderer may reuse are kept there.
void prepare(Construct& root, detail::PreparedFragments* prepared) {
    for (Construct* c : root.node().find_all()) {
        if (c->kind() == Construct::Kind::Stack) {
            (void)synthesizer_of(*static_cast<Stack*>(c));
        }
    }
    apply_construct_dependencies(root);
    detail::resolve_references(root, prepared);
    // Logical ids are computed once and cached; compute them all now, before stacks synthesize in parallel.
    for (Construct* c : root.node().find_all()) {
        if (c->kind() == Construct::Kind::CfnElement) {
            (void)static_cast<const CfnElement*>(c)->logical_id();
        }
    }
}

} // namespace

void prepare_app(Construct& root) {
    prepare(root, nullptr);
}

void detail::prepare_app(Construct& root, PreparedFragments& prepared) {
    prepare(root, &prepared);
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
    // The fragments the references pass resolves are reused by the template renderer below.
    detail::PreparedFragments prepared;
    detail::prepare_app(*this, prepared);
    if (!options.skip_validation) {
        validate_tree(*this);
    }
    node().lock();
    try {
        const std::filesystem::path out(outdir());
        synthesize_stage(*this, out, std::filesystem::path(asset_outdir()), parent_stage() == nullptr,
                         detail::synth_threads(), &prepared);
    } catch (...) {
        node().unlock();
        throw;
    }
    node().unlock();
    mark_synthesized();
    return outdir();
}

} // namespace cdk

#include "toolkit/actions/synth.hpp"

#include "assembly/stack_selection.hpp"

#include <array>
#include <string_view>

namespace cdk::toolkit {
namespace {

/// The metadata types that become diagnostics.
constexpr std::array<std::string_view, 3> kAnnotationTypes{
    assembly::metadata_type::kError, assembly::metadata_type::kWarning, assembly::metadata_type::kInfo};

std::string annotation_text(const Json& data) {
    return data.is_string() ? data.get<std::string>() : data.dump();
}

} // namespace

Result<Diagnostics> collect_annotations(const std::vector<const assembly::StackArtifact*>& stacks) {
    Diagnostics out;
    for (const auto* stack : stacks) {
        // Not read_metadata(): the metadata file of a big stack is mostly logical-id entries, and it is not
        // parsed at all when it holds no annotation.
        auto metadata = stack->read_metadata_of_types(kAnnotationTypes);
        if (!metadata) return metadata.error();
        for (const auto& [path, entries] : *metadata) {
            for (const auto& e : entries) {
                Diagnostic d;
                if (e.type == assembly::metadata_type::kError) {
                    d.severity = Severity::Error;
                    d.code = "SYNTH_E0001";
                } else if (e.type == assembly::metadata_type::kWarning) {
                    d.severity = Severity::Warning;
                    d.code = "SYNTH_W0001";
                } else if (e.type == assembly::metadata_type::kInfo) {
                    d.severity = Severity::Info;
                    d.code = "SYNTH_I0001";
                } else {
                    continue;
                }
                d.summary = annotation_text(e.data);
                d.subject = path;
                out.push_back(std::move(d));
            }
        }
    }
    return out;
}

Result<SynthOutcome> synth(const SynthOptions& options) {
    auto assembly = run_app(options.app);
    if (!assembly) return assembly.error();
    SynthOutcome out;
    out.assembly = std::make_shared<const assembly::CloudAssembly>(std::move(*assembly));

    for (const auto& missing : out.assembly->manifest().missing) {
        Diagnostic d;
        d.severity = Severity::Error;
        d.code = "SYNTH_E0002";
        const std::string key = missing.value("key", std::string("?"));
        d.summary = "the app needs context value '" + key + "' (provider " +
                    missing.value("provider", std::string("?")) + "), which cdkpp cannot look up yet";
        d.detail = "put the value in cdk.context.json or pass it with -c '" + key + "=VALUE'";
        d.subject = key;
        out.diagnostics.push_back(std::move(d));
    }

    assembly::StackSelector selector;
    selector.patterns = options.patterns;
    selector.default_selection = assembly::DefaultSelection::MainAssembly;
    selector.extend =
        options.exclusively ? assembly::ExtendSelection::None : assembly::ExtendSelection::Upstream;
    auto stacks = assembly::select_stacks(*out.assembly, selector);
    if (!stacks) return stacks.error();
    out.stacks = std::move(*stacks);

    auto annotations = collect_annotations(out.stacks);
    if (!annotations) return annotations.error();
    out.diagnostics.insert(out.diagnostics.end(), annotations->begin(), annotations->end());
    return out;
}

} // namespace cdk::toolkit

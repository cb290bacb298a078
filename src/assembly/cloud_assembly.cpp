#include "assembly/cloud_assembly.hpp"

#include "assembly/detail/json_file.hpp"
#include "assembly/writer.hpp"
#include "core/fs.hpp"

#include <algorithm>
#include <atomic>
#include <functional>
#include <optional>
#include <thread>

namespace cdk::assembly {
namespace {

constexpr int kMaxNestingDepth = 64;
/// From this many nested assemblies in one manifest on, they are read in parallel. Since their manifests are
/// read straight into the model (~20 us each), a second thread (its creation, a second mimalloc heap and its
/// page faults) no longer pays for 200 of them (`cdkpp synth` of stages200: 0.4-1 ms faster on one thread
/// in 6 of 7 rounds); for 1,000 it still does in most rounds (docs/performance.md, session 5).
constexpr std::size_t kParallelNestedFrom = 500;
std::atomic<std::size_t> g_parallel_nested_from{kParallelNestedFrom};

Error file_missing(const std::filesystem::path& manifest, const std::string& artifact,
                   const std::string& what, const std::filesystem::path& file) {
    return make_error("AssemblyFileMissing",
                      "'" + manifest.string() + "': artifact '" + artifact + "' names " + what + " '" +
                          file.string() +
                          "', which does not exist; synthesize the app again (the assembly "
                          "is incomplete or was partly deleted)");
}

} // namespace

namespace detail {
/// Reads one assembly level and recurses into nested ones; the only writer of CloudAssembly's fields.
struct AssemblyReader {
    static Result<CloudAssembly> read(const std::filesystem::path& dir, std::string artifact_id,
                                      std::string display_name, int depth);
    /// The nested assemblies of `manifest` read in parallel, by artifact index; empty when they are
    /// few (or below the root), and read() reads them in turn.
    static std::vector<std::optional<Result<CloudAssembly>>>
    read_nested_in_parallel(const std::filesystem::path& dir, const AssemblyManifest& manifest, int depth);
};
} // namespace detail

Result<nlohmann::ordered_json> StackArtifact::read_template() const {
    // The template is checked here, where it is read, not when the assembly is read (as the stock
    // cx-api does: a command that never reads a template does not stat it).
    auto tmpl = detail::read_json_file(template_path);
    std::error_code ec;
    if (!tmpl && tmpl.error().code == "FileNotFound" && !std::filesystem::exists(template_path, ec)) {
        return file_missing(assembly_dir / kManifestFile, id, "template", template_path);
    }
    return tmpl;
}

const StackProperties& StackArtifact::properties() const {
    static const StackProperties kNone;
    return properties_source != nullptr ? *properties_source : kNone;
}

const MetadataMap& StackArtifact::metadata() const {
    static const MetadataMap kNone;
    return metadata_source != nullptr ? *metadata_source : kNone;
}

std::vector<const StackArtifact*> CloudAssembly::stacks_recursively() const {
    std::vector<const StackArtifact*> out;
    for (const auto& s : stacks_)
        out.push_back(&s);
    for (const auto& n : nested_) {
        const auto inner = n.stacks_recursively();
        out.insert(out.end(), inner.begin(), inner.end());
    }
    return out;
}

const StackArtifact* CloudAssembly::find_stack(std::string_view id) const {
    for (const StackArtifact* s : stacks_recursively()) {
        if (s->hierarchical_id == id || s->id == id) return s;
    }
    return nullptr;
}

namespace {

/// Appends the entries of the metadata file (its text is `text`) to `out`.
Result<void> merge_metadata_text(MetadataMap& out, std::string_view text, const std::filesystem::path& path) {
    auto json = detail::parse_json_text(text, path);
    if (!json) return json.error();
    auto extra = metadata_from_json(*json, path.string());
    if (!extra) return extra.error();
    for (auto& [p, entries] : *extra) {
        auto& list = out[p];
        list.insert(list.end(), std::make_move_iterator(entries.begin()),
                    std::make_move_iterator(entries.end()));
    }
    return ok();
}

Result<MetadataMap> merge_metadata(MetadataMap out, const std::optional<std::filesystem::path>& file) {
    if (!file) return out;
    auto text = fs::read_file(*file);
    if (!text) return text.error();
    if (auto merged = merge_metadata_text(out, *text, *file); !merged) return merged.error();
    return out;
}

bool is_one_of(std::string_view type, std::span<const std::string_view> types) {
    return std::find(types.begin(), types.end(), type) != types.end();
}

/// Whether a metadata file's text can hold an entry of one of `types`: only if a type name occurs
/// verbatim, or a `\u` escape could spell one (no other JSON escape yields a letter or a colon).
bool may_contain_types(std::string_view text, std::span<const std::string_view> types) {
    // Backslashes are rare in metadata: memchr finds them a vector at a time. The type names are
    // searched with Boyer-Moore-Horspool, which skips a name's length at a time, where
    // string_view::find stops at every first character ('a' of every "aws:cdk:logicalId").
    for (std::size_t at = text.find('\\'); at != std::string_view::npos; at = text.find('\\', at + 2)) {
        if (at + 1 < text.size() && text[at + 1] == 'u') return true;
    }
    return std::any_of(types.begin(), types.end(), [&](std::string_view type) {
        return std::search(text.begin(), text.end(),
                           std::boyer_moore_horspool_searcher(type.begin(), type.end())) != text.end();
    });
}

void keep_only_types(MetadataMap& metadata, std::span<const std::string_view> types) {
    for (auto it = metadata.begin(); it != metadata.end();) {
        auto& entries = it->second;
        std::erase_if(entries, [&](const MetadataEntry& e) { return !is_one_of(e.type, types); });
        it = entries.empty() ? metadata.erase(it) : std::next(it);
    }
}

} // namespace

Result<MetadataMap> StackArtifact::read_metadata() const {
    return merge_metadata(metadata(), metadata_file);
}

Result<MetadataMap> StackArtifact::read_metadata_of_types(std::span<const std::string_view> types) const {
    MetadataMap out = metadata();
    if (metadata_file) {
        auto text = fs::read_file(*metadata_file);
        if (!text) return text.error();
        if (may_contain_types(*text, types)) {
            if (auto merged = merge_metadata_text(out, *text, *metadata_file); !merged) return merged.error();
        }
    }
    keep_only_types(out, types);
    return out;
}

Result<MetadataMap> CloudAssembly::read_metadata(const ArtifactManifest& artifact) const {
    std::optional<std::filesystem::path> file;
    if (artifact.additional_metadata_file) file = directory_ / *artifact.additional_metadata_file;
    return merge_metadata(artifact.metadata, file);
}

void detail::set_parallel_nested_from(std::size_t count) {
    g_parallel_nested_from.store(count == 0 ? kParallelNestedFrom : count, std::memory_order_relaxed);
}

Result<CloudAssembly> read_assembly(const std::filesystem::path& dir) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
        return make_error("AssemblyNotFound",
                          "cloud assembly directory '" + dir.string() +
                              "' does not exist; synthesize the app first (cdkpp synth) or "
                              "pass the directory the app wrote");
    }
    return detail::AssemblyReader::read(std::filesystem::absolute(dir, ec), {}, {}, 0);
}

std::vector<std::optional<Result<CloudAssembly>>>
detail::AssemblyReader::read_nested_in_parallel(const std::filesystem::path& dir,
                                                const AssemblyManifest& manifest, int depth) {
    // The nested assemblies of an app of many stages (stages200: 200 manifests) are read on all cores;
    // each result is kept by artifact index, and read() then takes them in manifest order, so the error
    // reported is the one a sequential read reports first.
    std::vector<std::optional<Result<CloudAssembly>>> out;
    if (depth != 0) return out;
    std::vector<std::size_t> nested;
    for (std::size_t i = 0; i < manifest.artifacts.size(); ++i) {
        if (manifest.artifacts[i].nested_assembly_properties() != nullptr) nested.push_back(i);
    }
    if (nested.size() < g_parallel_nested_from.load(std::memory_order_relaxed)) return out;
    // hardware_concurrency() reads /sys/devices/system/cpu/online each time: asked once, here.
    const unsigned cores = std::clamp(std::thread::hardware_concurrency(), 1U, 8U);
    if (cores < 2) return out;
    out.resize(manifest.artifacts.size());
    std::atomic<std::size_t> next{0};
    const auto work = [&] {
        for (std::size_t k = next++; k < nested.size(); k = next++) {
            const ArtifactManifest& a = manifest.artifacts[nested[k]];
            const auto* np = a.nested_assembly_properties();
            const auto nested_dir = dir / np->directory_name; // read() tells a missing directory apart
            try {
                out[nested[k]] = read(nested_dir, a.id, np->display_name.value_or(a.id), depth + 1);
            } catch (...) {
                // Left empty: read() reads this one again on its own thread, where the exception propagates.
            }
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < std::min<std::size_t>(cores, nested.size()); ++t)
        pool.emplace_back(work);
    work();
    for (auto& t : pool)
        t.join();
    return out;
}

Result<CloudAssembly> detail::AssemblyReader::read(const std::filesystem::path& dir, std::string artifact_id,
                                                   std::string display_name, int depth) {
    const auto manifest_path = dir / kManifestFile;
    std::error_code ec;
    auto text = fs::read_file(manifest_path);
    if (!text && text.error().code == "FileNotFound" && !std::filesystem::exists(manifest_path, ec)) {
        return make_error("AssemblyNotFound", "'" + dir.string() + "' is not a cloud assembly: it has no " +
                                                  std::string(kManifestFile) +
                                                  "; the app must write one (did it call synth()?)");
    }
    if (!text) return text.error();
    auto manifest = manifest_from_text(*text, manifest_path);
    if (!manifest) return manifest.error();

    CloudAssembly out;
    out.directory_ = dir;
    out.artifact_id_ = std::move(artifact_id);
    out.display_name_ = std::move(display_name);
    out.manifest_ = std::move(*manifest);
    auto pre_read = read_nested_in_parallel(dir, out.manifest_, depth);
    std::size_t stack_count = 0;
    std::size_t nested_count = 0;
    for (const auto& a : out.manifest_.artifacts) {
        stack_count += a.stack_properties() != nullptr ? 1 : 0;
        nested_count += a.nested_assembly_properties() != nullptr ? 1 : 0;
    }
    out.stacks_.reserve(stack_count);
    out.nested_.reserve(nested_count);

    for (const auto& a : out.manifest_.artifacts) {
        if (const auto* sp = a.stack_properties()) {
            StackArtifact s;
            s.id = a.id;
            s.hierarchical_id = a.display_name.value_or(a.id);
            s.stack_name = sp->stack_name.value_or(a.id);
            if (a.environment) {
                auto env = parse_environment(*a.environment);
                if (!env) {
                    return make_error("ManifestMalformed", "'" + manifest_path.string() + "': artifact '" +
                                                               a.id + "': " + env.error().message);
                }
                s.environment = *env;
            }
            s.properties_source = sp;
            s.dependencies = a.dependencies;
            s.assembly_dir = dir;
            s.template_path = dir / sp->template_file;
            s.metadata_source = &a.metadata;
            if (a.additional_metadata_file) s.metadata_file = dir / *a.additional_metadata_file;
            for (const auto& dep : a.dependencies) {
                const ArtifactManifest* d = out.manifest_.find_artifact(dep);
                if (d == nullptr) {
                    return make_error("ManifestMalformed", "'" + manifest_path.string() + "': stack '" +
                                                               a.id + "' depends on artifact '" + dep +
                                                               "', which the manifest does not list");
                }
                if (const auto* ap = d->asset_manifest_properties()) {
                    s.asset_manifests.push_back((dir / ap->file).string());
                }
            }
            out.stacks_.push_back(std::move(s));
        } else if (const auto* np = a.nested_assembly_properties()) {
            const auto nested_dir = dir / np->directory_name;
            // A missing directory is told apart from a missing manifest only when reading failed.
            const auto directory_missing = [&] { return !std::filesystem::is_directory(nested_dir, ec); };
            if (depth >= kMaxNestingDepth) {
                if (directory_missing()) {
                    return file_missing(manifest_path, a.id, "nested assembly directory", nested_dir);
                }
                return make_error("ManifestMalformed", "'" + manifest_path.string() +
                                                           "': nested assemblies go deeper than " +
                                                           std::to_string(kMaxNestingDepth) + " levels");
            }
            const auto index = static_cast<std::size_t>(&a - out.manifest_.artifacts.data());
            auto nested = pre_read.empty() || !pre_read[index]
                              ? read(nested_dir, a.id, np->display_name.value_or(a.id), depth + 1)
                              : std::move(*pre_read[index]);
            if (!nested) {
                // read() names a directory without a manifest (AssemblyNotFound) before anything else, so
                // that error is about nested_dir itself when the directory does not exist.
                if (nested.error().code == "AssemblyNotFound" && directory_missing()) {
                    return file_missing(manifest_path, a.id, "nested assembly directory", nested_dir);
                }
                return nested.error();
            }
            out.nested_.push_back(std::move(*nested));
        }
    }
    return out;
}

} // namespace cdk::assembly

#include "assembly/writer.hpp"

#include "assembly/detail/json_file.hpp"
#include "core/hash.hpp"
#include "core/json_writer.hpp"

namespace cdk::assembly {
namespace {

template <typename J> std::string render(const J& json, int indent) {
    // The bytes of json.dump(indent, ' ', false, J::error_handler_t::replace): invalid UTF-8 in user
    // strings is replaced rather than thrown on.
    return cdk::json::dump(json, indent);
}

template <typename J>
Result<std::string> write_hashed(const std::filesystem::path& file, const J& json, int indent) {
    const std::string text = render(json, indent);
    if (auto r = detail::write_file(file, text); !r) return r.error();
    return hash::sha256_hex(text);
}

} // namespace

Result<void> write_json_file(const std::filesystem::path& file, const nlohmann::ordered_json& json,
                             int indent) {
    return detail::write_file(file, render(json, indent));
}

Result<void> write_json_file(const std::filesystem::path& file, const Json& json, int indent) {
    return detail::write_file(file, render(json, indent));
}

Result<void> write_manifest(const std::filesystem::path& dir, const AssemblyManifest& manifest) {
    return detail::write_file(dir / kManifestFile, manifest_to_text(manifest));
}

Result<void> write_assembly_marker(const std::filesystem::path& dir, std::string_view version) {
    nlohmann::ordered_json marker = nlohmann::ordered_json::object();
    marker["version"] = std::string(version);
    return detail::write_file(dir / kMarkerFile, render(marker, -1));
}

Result<void> write_assembly(const std::filesystem::path& dir, const AssemblyManifest& manifest) {
    if (auto r = write_manifest(dir, manifest); !r) return r;
    return write_assembly_marker(dir, manifest.version);
}

Result<void> write_asset_manifest(const std::filesystem::path& file, const AssetManifest& manifest) {
    return detail::write_file(file, asset_manifest_to_text(manifest));
}

Result<void> write_metadata_file(const std::filesystem::path& file, const MetadataMap& metadata) {
    return detail::write_file(file, metadata_to_text(metadata));
}

Result<void> write_template(const std::filesystem::path& file, const Json& tmpl) {
    return write_json_file(file, tmpl, 1);
}

Result<void> write_template(const std::filesystem::path& file, const nlohmann::ordered_json& tmpl) {
    return write_json_file(file, tmpl, 1);
}

Result<void> write_text_file(const std::filesystem::path& file, std::string_view content) {
    return detail::write_file(file, content);
}

Result<std::string> write_template_sha256(const std::filesystem::path& file, const Json& tmpl) {
    return write_hashed(file, tmpl, 1);
}

Result<std::string> write_template_sha256(const std::filesystem::path& file,
                                          const nlohmann::ordered_json& tmpl) {
    return write_hashed(file, tmpl, 1);
}

} // namespace cdk::assembly

#include "toolkit/settings.hpp"

#include "core/fs.hpp"

namespace cdk::toolkit {
namespace {

/// Reads a JSON object file; a missing file reads as an empty object.
Result<Json> read_object_file(const std::filesystem::path& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return Json::object();
    auto text = fs::read_file(path);
    if (!text) return text.error();
    Json json = Json::parse(*text, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded() || !json.is_object()) {
        return make_error("SettingsMalformed",
                          "'" + path.string() + "' must hold a JSON object; fix or remove the file");
    }
    return json;
}

Result<std::optional<std::string>> string_setting(const Json& settings, const char* key,
                                                  const std::filesystem::path& file) {
    const auto it = settings.find(key);
    if (it == settings.end() || it->is_null()) return std::optional<std::string>{};
    if (!it->is_string()) {
        return make_error("SettingsMalformed",
                          "'" + file.string() + "': \"" + key + "\" must be a string, got " + it->dump());
    }
    return std::optional<std::string>{it->get<std::string>()};
}

Result<Json> context_of(const Json& settings, const std::filesystem::path& file) {
    const auto it = settings.find("context");
    if (it == settings.end() || it->is_null()) return Json::object();
    if (!it->is_object()) {
        return make_error("SettingsMalformed", "'" + file.string() + "': \"context\" must be an object");
    }
    return *it;
}

} // namespace

Result<ProjectSettings> load_project_settings(const std::filesystem::path& project_dir,
                                              const std::optional<std::filesystem::path>& home) {
    ProjectSettings out;
    out.project_dir = project_dir;
    const auto project_file = project_dir / kProjectConfigFile;
    auto project = read_object_file(project_file);
    if (!project) return project.error();
    Json user = Json::object();
    std::filesystem::path user_file;
    if (home) {
        user_file = *home / ".cdk.json";
        auto u = read_object_file(user_file);
        if (!u) return u.error();
        user = std::move(*u);
    }
    auto saved = read_object_file(project_dir / kProjectContextFile);
    if (!saved) return saved.error();
    out.saved_context = std::move(*saved);

    for (const auto& [source, file] : {std::pair{&user, user_file}, std::pair{&*project, project_file}}) {
        auto app = string_setting(*source, "app", file);
        if (!app) return app.error();
        if (*app) out.app = *app;
        auto output = string_setting(*source, "output", file);
        if (!output) return output.error();
        if (*output) out.output = *output;
        auto context = context_of(*source, file);
        if (!context) return context.error();
        (source == &user ? out.user_context : out.project_context) = std::move(*context);
        for (const auto& [k, v] : source->items())
            out.raw[k] = v;
    }
    return out;
}

} // namespace cdk::toolkit

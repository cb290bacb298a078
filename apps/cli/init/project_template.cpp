#include "apps/cli/init/project_template.hpp"

#include "core/fs.hpp"
#include "core/json.hpp"
#include "core/strings.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <system_error>
#include <utility>

namespace cdk::cli::init {
namespace detail {
// The files under apps/cli/templates/, embedded by cmake/embed_tree.cmake (path relative to it, bytes).
const std::vector<std::pair<std::string_view, std::string_view>>& embedded_templates();
} // namespace detail

namespace {

constexpr std::string_view kPipelineSuffix = "-pipeline";

bool is_upper(char c) {
    return std::isupper(static_cast<unsigned char>(c)) != 0;
}
bool is_lower_or_digit(char c) {
    return std::islower(static_cast<unsigned char>(c)) != 0 ||
           std::isdigit(static_cast<unsigned char>(c)) != 0;
}

/// The stock CLI's decamelize: `aB` -> `a_b`, `ABc` -> `a_bc`, then lower case.
std::string decamelize(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (i > 0 && is_upper(c)) {
            const char prev = text[i - 1];
            const bool next_lower =
                i + 1 < text.size() && std::islower(static_cast<unsigned char>(text[i + 1])) != 0;
            if (is_lower_or_digit(prev) || (is_upper(prev) && next_lower)) out += '_';
        }
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

std::string pascal_case(std::string_view name) {
    std::string out;
    bool start = true;
    for (const char c : name) {
        if (c == '-' || c == '_') {
            start = true;
            continue;
        }
        out += start ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
        start = false;
    }
    return out;
}

std::string expand(const std::string& text, const ProjectNames& names, std::string_view version) {
    return strings::replace_all(
        strings::replace_all(strings::replace_all(text, "%name.PascalCased%", names.pascal), "%name%",
                             names.name),
        "%cdkpp-version%", version);
}

/// "a/b/c" -> {"a", "b/c"}.
std::pair<std::string_view, std::string_view> split_first(std::string_view path) {
    const auto slash = path.find('/');
    if (slash == std::string_view::npos) return {path, {}};
    return {path.substr(0, slash), path.substr(slash + 1)};
}

/// cdk.json with aws-cdk-lib's recommended feature flags added to its context, as the stock `cdk init` does
/// (applyFutureFlags: `{...context, ...flags}`, written with two-space indentation). The flags are
/// templates/recommended-feature-flags.json, a copy of aws-cdk's
/// `lib/init-templates/.recommended-feature-flags.json`
/// (= aws-cdk-lib 2.276's `recommended-feature-flags.json`).
std::string with_recommended_flags(const std::string& cdk_json) {
    for (const auto& [path, content] : detail::embedded_templates()) {
        if (path != "recommended-feature-flags.json") continue;
        Json config = Json::parse(cdk_json);
        Json& context = config["context"];
        if (!context.is_object()) context = Json::object();
        const Json flags = Json::parse(content);
        for (const auto& [flag, value] : flags.items())
            context[flag] = value;
        return config.dump(2) + "\n";
    }
    return cdk_json;
}

} // namespace

std::vector<ProjectTemplate> available_templates() {
    std::map<std::string, ProjectTemplate> by_name;
    std::map<std::string, std::set<std::string>> languages;
    for (const auto& [path, content] : detail::embedded_templates()) {
        const auto [name, rest] = split_first(path);
        if (rest.empty()) continue; // the folder's README.md
        ProjectTemplate& tmpl = by_name[std::string(name)];
        tmpl.name = std::string(name);
        if (rest == "info.json") {
            const Json info = Json::parse(content);
            tmpl.description = info.value("description", "");
            const Json aliases = info.value("aliases", Json::array());
            if (aliases.is_string()) {
                tmpl.aliases.push_back(aliases.get<std::string>());
            } else {
                for (const auto& a : aliases)
                    tmpl.aliases.push_back(a.get<std::string>());
            }
            continue;
        }
        const auto [language, file] = split_first(rest);
        if (file.empty()) continue;
        if (language.size() > kPipelineSuffix.size() && language.ends_with(kPipelineSuffix)) continue;
        languages[std::string(name)].insert(std::string(language));
    }
    std::vector<ProjectTemplate> out;
    for (auto& [name, tmpl] : by_name) {
        tmpl.languages.assign(languages[name].begin(), languages[name].end());
        out.push_back(std::move(tmpl));
    }
    return out;
}

const ProjectTemplate* find_template(const std::vector<ProjectTemplate>& templates, std::string_view name) {
    for (const auto& t : templates) {
        if (t.name == name || std::find(t.aliases.begin(), t.aliases.end(), name) != t.aliases.end())
            return &t;
    }
    return nullptr;
}

Result<ProjectNames> project_names(std::string_view raw) {
    std::string name = decamelize(raw);
    for (char& c : name) {
        if (!is_lower_or_digit(c) && c != '_' && c != '-') c = '-';
    }
    if (name.empty() || std::islower(static_cast<unsigned char>(name.front())) == 0) {
        return make_error("InvalidProjectName",
                          "the project name '" + std::string(raw) +
                              "' must start with a letter (it names the CMake target and the program): "
                              "pass --name NAME");
    }
    return ProjectNames{name, pascal_case(name)};
}

bool has_pipeline_variant(const ProjectTemplate& tmpl, std::string_view language) {
    const std::string prefix = tmpl.name + "/" + std::string(language) + std::string(kPipelineSuffix) + "/";
    return std::any_of(detail::embedded_templates().begin(), detail::embedded_templates().end(),
                       [&](const auto& entry) { return entry.first.starts_with(prefix); });
}

std::vector<ProjectFile> render_project(const ProjectTemplate& tmpl, std::string_view language, bool pipeline,
                                        const ProjectNames& names, std::string_view cdkpp_version) {
    std::map<std::string, std::string_view> files;
    auto collect = [&](const std::string& prefix) {
        for (const auto& [path, content] : detail::embedded_templates()) {
            if (path.starts_with(prefix)) files[std::string(path.substr(prefix.size()))] = content;
        }
    };
    const std::string base = tmpl.name + "/" + std::string(language) + "/";
    collect(base);
    if (pipeline) collect(tmpl.name + "/" + std::string(language) + std::string(kPipelineSuffix) + "/");
    std::vector<ProjectFile> out;
    for (const auto& [path, content] : files) {
        const std::string target = path == "gitignore" ? ".gitignore" : path;
        std::string text = expand(std::string(content), names, cdkpp_version);
        if (target == "cdk.json") text = with_recommended_flags(text);
        out.push_back({target, std::move(text)});
    }
    return out;
}

Result<void> check_empty_directory(const std::filesystem::path& dir) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
        return make_error("DirectoryNotFound", "directory does not exist: " + dir.string() +
                                                   "; create it first: mkdir -p " + dir.string());
    }
    std::vector<std::string> visible;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (!name.starts_with(".")) visible.push_back(name);
    }
    if (ec) return make_error("DirectoryUnreadable", "cannot read " + dir.string() + ": " + ec.message());
    if (visible.empty()) return ok();
    std::sort(visible.begin(), visible.end());
    std::string message = "`cdkpp init` cannot be run in a non-empty directory!\nFound " +
                          std::to_string(visible.size()) + " visible files in " + dir.string() + ":";
    for (const auto& v : visible)
        message += "\n  - " + v;
    message += "\nRun it in a new, empty directory (mkdir my-app && cd my-app).";
    return make_error("DirectoryNotEmpty", message);
}

Result<void> write_project(const std::filesystem::path& dir, const std::vector<ProjectFile>& files) {
    for (const auto& file : files) {
        const auto path = dir / file.path;
        std::error_code ec;
        std::filesystem::create_directories(path.parent_path(), ec);
        if (ec)
            return make_error("WriteFailed",
                              "cannot create " + path.parent_path().string() + ": " + ec.message());
        auto written = fs::write_file_atomic(path, file.content);
        if (!written) return written.error();
    }
    return ok();
}

} // namespace cdk::cli::init

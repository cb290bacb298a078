#include "aws/auth/shared_config.hpp"

#include "core/fs.hpp"
#include "core/strings.hpp"

#include <cstdlib>

namespace cdk::aws::auth {

Environment Environment::process() {
    return Environment();
}

Environment Environment::from_map(std::map<std::string, std::string> vars) {
    Environment env;
    env.vars_.emplace(vars.begin(), vars.end());
    return env;
}

std::optional<std::string> Environment::get(std::string_view name) const {
    if (vars_) {
        const auto it = vars_->find(name);
        if (it == vars_->end()) return std::nullopt;
        return it->second;
    }
    const char* v = std::getenv(std::string(name).c_str());
    if (!v) return std::nullopt;
    return std::string(v);
}

std::optional<std::string> Environment::non_empty(std::string_view name) const {
    auto v = get(name);
    if (!v || v->empty()) return std::nullopt;
    return v;
}

std::optional<std::string> IniSection::get(const std::string& key) const {
    const auto it = values.find(key);
    if (it == values.end()) return std::nullopt;
    return it->second;
}

std::map<std::string, IniSection> parse_ini(std::string_view text) {
    std::map<std::string, IniSection> sections;
    IniSection* current = nullptr;
    std::string nested_key; // the key whose empty value opened a nested block
    for (const auto& raw_line : strings::split(text, "\n")) {
        std::string line = raw_line;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const std::string_view trimmed = strings::trim(line);
        if (trimmed.empty() || trimmed.front() == '#' || trimmed.front() == ';') continue;
        const bool indented = line.front() == ' ' || line.front() == '\t';
        if (trimmed.front() == '[') {
            const auto close = trimmed.find(']');
            const std::string name(strings::trim(
                trimmed.substr(1, close == std::string_view::npos ? trimmed.size() - 1 : close - 1)));
            current = &sections[name];
            nested_key.clear();
            continue;
        }
        if (!current) continue;
        const auto eq = trimmed.find('=');
        if (eq == std::string_view::npos) continue;
        const std::string key = strings::to_lower(strings::trim(trimmed.substr(0, eq)));
        std::string value(strings::trim(trimmed.substr(eq + 1)));
        // Inline comments need whitespace before the marker (AWS CLI rule).
        for (const char* marker : {" #", " ;", "\t#", "\t;"}) {
            const auto at = value.find(marker);
            if (at != std::string::npos) value = std::string(strings::trim(value.substr(0, at)));
        }
        if (indented && !nested_key.empty()) {
            current->nested[nested_key][key] = value;
            continue;
        }
        nested_key = value.empty() ? key : std::string();
        current->values[key] = value;
    }
    return sections;
}

namespace {

std::filesystem::path expand_home(const std::string& path, const Environment& env) {
    if (path.starts_with("~/") || path == "~") {
        return std::filesystem::path(env.non_empty("HOME").value_or("")) /
               path.substr(std::min<size_t>(2, path.size()));
    }
    return path;
}

Result<std::map<std::string, IniSection>> read_ini(const std::filesystem::path& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return std::map<std::string, IniSection>{};
    auto text = fs::read_file(path);
    if (!text) return text.error();
    return parse_ini(*text);
}

} // namespace

Result<SharedConfig> SharedConfig::load(const Environment& env) {
    SharedConfig out;
    out.config_path = expand_home(env.non_empty("AWS_CONFIG_FILE").value_or("~/.aws/config"), env);
    out.credentials_path =
        expand_home(env.non_empty("AWS_SHARED_CREDENTIALS_FILE").value_or("~/.aws/credentials"), env);
    auto config = read_ini(out.config_path);
    if (!config) return config.error();
    for (auto& [name, section] : *config) {
        if (name == "default") {
            out.config_profiles["default"] = std::move(section);
        } else if (name.starts_with("profile ")) {
            out.config_profiles[std::string(strings::trim(name.substr(8)))] = std::move(section);
        } else if (name.starts_with("services ")) {
            out.services[std::string(strings::trim(name.substr(9)))] = std::move(section);
        }
    }
    auto credentials = read_ini(out.credentials_path);
    if (!credentials) return credentials.error();
    out.credentials = std::move(*credentials);
    return out;
}

bool SharedConfig::has_profile(const std::string& profile) const {
    return config_profiles.contains(profile) || credentials.contains(profile);
}

std::optional<std::string> SharedConfig::get(const std::string& profile, const std::string& key) const {
    if (auto it = credentials.find(profile); it != credentials.end()) {
        if (auto v = it->second.get(key)) return v;
    }
    if (auto it = config_profiles.find(profile); it != config_profiles.end()) {
        if (auto v = it->second.get(key)) return v;
    }
    return std::nullopt;
}

std::filesystem::path SharedConfig::source_of(const std::string& profile, const std::string& key) const {
    if (auto it = credentials.find(profile); it != credentials.end() && it->second.get(key))
        return credentials_path;
    return config_path;
}

} // namespace cdk::aws::auth

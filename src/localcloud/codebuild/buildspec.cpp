#include "localcloud/codebuild/buildspec.hpp"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <set>

namespace cdk::localcloud::codebuild {

namespace {

Error yaml_error(const std::string& message) {
    return make_error("YAML_FILE_ERROR", message, 400);
}

/// A scalar as text (numbers and booleans as written), or an error naming the key.
Result<std::string> scalar(const YAML::Node& node, const std::string& key) {
    if (!node.IsScalar()) return yaml_error("Expected " + key + " to be of string type");
    return node.Scalar();
}

Result<std::vector<std::string>> string_list(const YAML::Node& node, const std::string& key) {
    std::vector<std::string> out;
    if (!node || node.IsNull()) return out;
    if (node.IsScalar()) return std::vector<std::string>{node.Scalar()};
    if (!node.IsSequence()) return yaml_error("Expected " + key + " to be of array type");
    for (const auto& item : node) {
        auto s = scalar(item, key);
        if (!s) return s.error();
        out.push_back(std::move(*s));
    }
    return out;
}

Result<std::vector<std::pair<std::string, std::string>>> string_map(const YAML::Node& node,
                                                                    const std::string& key) {
    std::vector<std::pair<std::string, std::string>> out;
    if (!node || node.IsNull()) return out;
    if (!node.IsMap()) return yaml_error("Expected " + key + " to be of map type");
    for (const auto& item : node) {
        auto k = scalar(item.first, key);
        if (!k) return k.error();
        std::string v;
        if (!item.second.IsNull()) {
            auto s = scalar(item.second, key + "." + *k);
            if (!s) return s.error();
            v = std::move(*s);
        }
        out.emplace_back(std::move(*k), std::move(v));
    }
    return out;
}

bool yes(const std::string& v) {
    return v == "yes" || v == "true" || v == "True" || v == "TRUE" || v == "Yes";
}

Result<ArtifactSpec> artifact_spec(const YAML::Node& node, const std::string& key) {
    if (!node.IsMap()) return yaml_error("Expected " + key + " to be of map type");
    ArtifactSpec out;
    auto files = string_list(node["files"], key + ".files");
    if (!files) return files.error();
    out.files = std::move(*files);
    auto excluded = string_list(node["exclude-paths"], key + ".exclude-paths");
    if (!excluded) return excluded.error();
    out.exclude_paths = std::move(*excluded);
    for (const char* k : {"base-directory", "name", "discard-paths"}) {
        if (!node[k] || node[k].IsNull()) continue;
        auto s = scalar(node[k], key + "." + k);
        if (!s) return s.error();
        if (std::string(k) == "base-directory")
            out.base_directory = *s;
        else if (std::string(k) == "name")
            out.name = *s;
        else
            out.discard_paths = yes(*s);
    }
    if (out.files.empty()) return yaml_error("files is required in " + key);
    return out;
}

Result<BuildSpec> parse_document(const YAML::Node& root) {
    if (!root.IsMap()) return yaml_error("buildspec must be a YAML map");
    BuildSpec spec;
    const YAML::Node version = root["version"];
    if (!version || !version.IsScalar()) return yaml_error("missing buildspec version");
    if (version.Scalar() != "0.2") {
        return yaml_error("invalid buildspec version " + version.Scalar() +
                          ": localcloud runs version 0.2 (0.1 is deprecated by CodeBuild)");
    }
    if (const YAML::Node env = root["env"]; env && !env.IsNull()) {
        if (!env.IsMap()) return yaml_error("Expected env to be of map type");
        static const std::set<std::string> kEnvKeys = {
            "shell",           "variables",          "parameter-store",
            "secrets-manager", "exported-variables", "git-credential-helper"};
        for (const auto& item : env) {
            if (kEnvKeys.count(item.first.Scalar()) == 0) {
                return yaml_error("unknown env key " + item.first.Scalar());
            }
        }
        if (env["shell"]) {
            auto s = scalar(env["shell"], "env.shell");
            if (!s) return s.error();
            if (*s != "bash" && *s != "/bin/sh" && *s != "sh") {
                return yaml_error("invalid shell " + *s + ": Linux builds run bash or /bin/sh");
            }
            spec.shell = *s;
        }
        auto vars = string_map(env["variables"], "env.variables");
        if (!vars) return vars.error();
        spec.variables = std::move(*vars);
        auto ps = string_map(env["parameter-store"], "env.parameter-store");
        if (!ps) return ps.error();
        spec.parameter_store = std::move(*ps);
        auto sm = string_map(env["secrets-manager"], "env.secrets-manager");
        if (!sm) return sm.error();
        spec.secrets_manager = std::move(*sm);
        auto exported = string_list(env["exported-variables"], "env.exported-variables");
        if (!exported) return exported.error();
        spec.exported_variables = std::move(*exported);
    }
    if (const YAML::Node phases = root["phases"]; phases && !phases.IsNull()) {
        if (!phases.IsMap()) return yaml_error("Expected phases to be of map type");
        for (const auto& item : phases) {
            const std::string name = item.first.Scalar();
            if (name != "install" && name != "pre_build" && name != "build" && name != "post_build") {
                return yaml_error("unknown phase name: " + name);
            }
            BuildPhase phase;
            const YAML::Node p = item.second;
            if (!p.IsNull()) {
                if (!p.IsMap()) return yaml_error("Expected phases." + name + " to be of map type");
                auto commands = string_list(p["commands"], "phases." + name + ".commands");
                if (!commands) return commands.error();
                phase.commands = std::move(*commands);
                if (p["finally"]) {
                    auto f = string_list(p["finally"], "phases." + name + ".finally");
                    if (!f) return f.error();
                    phase.finally = std::move(*f);
                }
                if (p["on-failure"]) {
                    auto f = scalar(p["on-failure"], "phases." + name + ".on-failure");
                    if (!f) return f.error();
                    if (*f != "ABORT" && *f != "CONTINUE") {
                        return yaml_error("invalid value for on-failure: " + *f + " (ABORT or CONTINUE)");
                    }
                    phase.on_failure = *f;
                }
            }
            spec.phases[name] = std::move(phase);
        }
    }
    if (const YAML::Node artifacts = root["artifacts"]; artifacts && !artifacts.IsNull()) {
        if (!artifacts.IsMap()) return yaml_error("Expected artifacts to be of map type");
        if (artifacts["files"]) {
            auto a = artifact_spec(artifacts, "artifacts");
            if (!a) return a.error();
            spec.artifacts = std::move(*a);
        }
        if (const YAML::Node secondary = artifacts["secondary-artifacts"]; secondary && !secondary.IsNull()) {
            if (!secondary.IsMap())
                return yaml_error("Expected artifacts.secondary-artifacts to be of map type");
            for (const auto& item : secondary) {
                const std::string id = item.first.Scalar();
                auto a = artifact_spec(item.second, "artifacts.secondary-artifacts." + id);
                if (!a) return a.error();
                spec.secondary_artifacts[id] = std::move(*a);
            }
        }
    }
    if (const YAML::Node cache = root["cache"]; cache && !cache.IsNull()) {
        if (!cache.IsMap()) return yaml_error("Expected cache to be of map type");
        auto paths = string_list(cache["paths"], "cache.paths");
        if (!paths) return paths.error();
        spec.cache_paths = std::move(*paths);
    }
    return spec;
}

bool match_from(const std::string& p, std::size_t pi, const std::string& s, std::size_t si) {
    while (pi < p.size()) {
        if (p.compare(pi, 2, "**") == 0) {
            std::size_t next = pi + 2;
            const bool slash = next < p.size() && p[next] == '/';
            if (slash) ++next;
            for (std::size_t k = si; k <= s.size(); ++k) {
                // "**/" matches nothing, or any prefix ending at a '/'.
                if (slash && k != si && s[k - 1] != '/') continue;
                if (match_from(p, next, s, k)) return true;
            }
            return false;
        }
        if (p[pi] == '*') {
            for (std::size_t k = si; k <= s.size(); ++k) {
                if (match_from(p, pi + 1, s, k)) return true;
                if (k < s.size() && s[k] == '/') break;
            }
            return false;
        }
        if (si >= s.size()) return false;
        if (p[pi] == '?' ? s[si] == '/' : p[pi] != s[si]) return false;
        ++pi;
        ++si;
    }
    return si == s.size();
}

} // namespace

Result<BuildSpec> parse_buildspec(const std::string& text) {
    if (text.size() > kMaxBuildSpecBytes) {
        return yaml_error("the buildspec has " + std::to_string(text.size()) + " bytes; at most " +
                          std::to_string(kMaxBuildSpecBytes) + " are read");
    }
    try {
        const YAML::Node root = YAML::Load(text);
        return parse_document(root);
    } catch (const YAML::Exception& e) {
        return yaml_error(std::string("Error parsing YAML: ") + e.what());
    }
}

bool glob_match(const std::string& pattern, const std::string& path) {
    std::string p = pattern;
    while (p.size() > 1 && p.compare(0, 2, "./") == 0)
        p.erase(0, 2);
    if (p.size() > 255 || path.size() > 4096) return false; // the recursion stays bounded
    return match_from(p, 0, path, 0);
}

std::string expand_variables(const std::string& text, const std::map<std::string, std::string>& env) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '$' || i + 1 >= text.size()) {
            out += text[i];
            continue;
        }
        std::string name;
        std::size_t end = i + 1;
        if (text[end] == '{') {
            const auto close = text.find('}', end);
            if (close == std::string::npos) {
                out += text[i];
                continue;
            }
            name = text.substr(end + 1, close - end - 1);
            end = close + 1;
        } else {
            while (end < text.size() &&
                   (std::isalnum(static_cast<unsigned char>(text[end])) != 0 || text[end] == '_')) {
                name += text[end++];
            }
        }
        if (name.empty()) {
            out += text[i];
            continue;
        }
        const auto it = env.find(name);
        if (it != env.end()) out += it->second;
        i = end - 1;
    }
    return out;
}

} // namespace cdk::localcloud::codebuild

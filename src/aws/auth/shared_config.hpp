#pragma once

#include "core/result.hpp"

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace cdk::aws::auth {

/// Where environment variables come from: the process, or a fixed map (tests).
class Environment {
public:
    /// The real process environment.
    [[nodiscard]] static Environment process();
    /// A fixed set of variables and nothing else.
    [[nodiscard]] static Environment from_map(std::map<std::string, std::string> vars);

    [[nodiscard]] std::optional<std::string> get(std::string_view name) const;
    /// The variable when set and non-empty, else nullopt.
    [[nodiscard]] std::optional<std::string> non_empty(std::string_view name) const;

private:
    std::optional<std::map<std::string, std::string, std::less<>>> vars_;
};

/// One section of an AWS config or credentials file, with its nested sub-sections
/// ("s3 =\n  endpoint_url = ..." inside a [services NAME] section).
struct IniSection {
    std::map<std::string, std::string> values;
    std::map<std::string, std::map<std::string, std::string>> nested;

    [[nodiscard]] std::optional<std::string> get(const std::string& key) const;
};

/// Parses the AWS INI dialect: [section] headers, key = value, '#' and ';' comment lines, indented
/// continuation lines forming nested sub-sections. Section names are returned as written.
[[nodiscard]] std::map<std::string, IniSection> parse_ini(std::string_view text);

/// The shared config and credentials files (~/.aws/config, ~/.aws/credentials, or AWS_CONFIG_FILE and
/// AWS_SHARED_CREDENTIALS_FILE). Missing files are empty.
struct SharedConfig {
    std::filesystem::path config_path;
    std::filesystem::path credentials_path;
    std::map<std::string, IniSection> config_profiles; ///< "[default]" and "[profile NAME]" as NAME
    std::map<std::string, IniSection> services;        ///< "[services NAME]" as NAME
    std::map<std::string, IniSection> credentials;     ///< credentials-file sections

    [[nodiscard]] static Result<SharedConfig> load(const Environment& env);

    [[nodiscard]] bool has_profile(const std::string& profile) const;
    /// A profile setting; the credentials file wins over the config file for the same key.
    [[nodiscard]] std::optional<std::string> get(const std::string& profile, const std::string& key) const;
    /// Which file a profile key came from.
    [[nodiscard]] std::filesystem::path source_of(const std::string& profile, const std::string& key) const;
};

} // namespace cdk::aws::auth

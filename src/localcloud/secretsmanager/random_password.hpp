#pragma once

#include "core/result.hpp"

#include <string>

namespace cdk::localcloud::secretsmanager {

/// The options of GetRandomPassword and of CloudFormation's GenerateSecretString.
struct PasswordOptions {
    long long length = 32;
    std::string exclude_characters;
    bool exclude_numbers = false;
    bool exclude_punctuation = false;
    bool exclude_uppercase = false;
    bool exclude_lowercase = false;
    bool include_space = false;
    /// At least one character of every included type (default on, as in AWS).
    bool require_each_included_type = true;
};

/// The punctuation GetRandomPassword draws from: ``!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~``.
inline constexpr const char* kPunctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

/// A password drawn uniformly (rejection sampling over the kernel's CSPRNG) from the allowed characters.
/// InvalidParameterException for a length outside 1..4096, no characters left, or a length shorter than the
/// number of required types.
[[nodiscard]] Result<std::string> random_password(const PasswordOptions& options);

} // namespace cdk::localcloud::secretsmanager

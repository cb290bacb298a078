#include "localcloud/secretsmanager/random_password.hpp"

#include "core/random.hpp"
#include "localcloud/secretsmanager/secrets_errors.hpp"

#include <vector>

namespace cdk::localcloud::secretsmanager {

namespace {

/// A uniform index below `n` (n <= 256) from random bytes, by rejection.
std::size_t uniform_below(std::size_t n) {
    const std::size_t limit = 256 - (256 % n);
    while (true) {
        const auto byte = static_cast<unsigned char>(random_bytes(1)[0]);
        if (byte < limit) return byte % n;
    }
}

} // namespace

Result<std::string> random_password(const PasswordOptions& options) {
    if (options.length < 1 || options.length > 4096) {
        return invalid_parameter("Password length must be between 1 and 4096.");
    }
    std::vector<std::string> classes;
    const auto add = [&](bool excluded, std::string chars) {
        if (excluded) return;
        std::string kept;
        for (char c : chars) {
            if (options.exclude_characters.find(c) == std::string::npos) kept += c;
        }
        if (!kept.empty()) classes.push_back(kept);
    };
    add(options.exclude_lowercase, "abcdefghijklmnopqrstuvwxyz");
    add(options.exclude_uppercase, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    add(options.exclude_numbers, "0123456789");
    add(options.exclude_punctuation, kPunctuation);
    add(!options.include_space, " ");
    std::string all;
    for (const auto& c : classes)
        all += c;
    if (all.empty())
        return invalid_parameter("The password can't be generated: every character is excluded.");
    const auto length = static_cast<std::size_t>(options.length);
    if (options.require_each_included_type && length < classes.size()) {
        return invalid_parameter(
            "The password length is too short to include a character of each included type.");
    }
    while (true) {
        std::string out;
        for (std::size_t i = 0; i < length; ++i)
            out += all[uniform_below(all.size())];
        if (!options.require_each_included_type) return out;
        bool each = true;
        for (const auto& c : classes)
            each = each && out.find_first_of(c) != std::string::npos;
        if (each) return out;
    }
}

} // namespace cdk::localcloud::secretsmanager

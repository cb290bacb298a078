#pragma once

#include "core/result.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace cdk {

/// Options of fingerprint (CDK: FingerprintOptions with the defaults AssetStaging uses).
struct FingerprintOptions {
    /// Mixed into the hash (CDK: extraHash; AssetStaging adds the `@aws-cdk/core:assetHashSalt` context).
    std::string extra_hash;
    /// File or directory names left out (AssetStaging always excludes `.is_custom_resource`).
    std::vector<std::string> exclude = {".is_custom_resource"};
};

/// The CDK's asset fingerprint (aws-cdk-lib core/lib/fs/fingerprint.ts) with symlink mode EXTERNAL
/// and glob ignores: SHA-256 over framed fields `\x01<header>\x02<value>\x03` — `options.extra`,
/// `options.follow`, then for a file `file:` and for a directory `file:<relative path>` per file in
/// name order, each valued `<size>:<sha256 of the content>`, text content having CRLF turned into LF
/// (a file is binary when its first chunk holds a NUL byte). Symlinks inside the directory are hashed
/// as `link:<path>`, others followed. Exclusions match whole names (not full glob patterns).
[[nodiscard]] Result<std::string> fingerprint(const std::filesystem::path& file_or_directory,
                                              const FingerprintOptions& options = {});

/// `<size>:<sha256>` of one file's content as the CDK computes it (see fingerprint).
[[nodiscard]] Result<std::string> content_fingerprint(const std::filesystem::path& file);

} // namespace cdk

#pragma once

#include "core/result.hpp"
#include "localcloud/server/http_message.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace cdk::localcloud::s3 {

/// A durable object file: written to a temporary name, fsync'ed, renamed into place, directory fsync'ed —
/// before the database transaction that refers to it commits.
struct StoredFile {
    std::string file_id;   ///< name under the objects directory
    std::uint64_t size = 0;
    std::string md5_hex;
    std::string sha256_b64;  ///< of the bytes as stored
};

/// Materialises a request body as an object file (moving the spool file when the body was spooled,
/// decoding `aws-chunked` bodies on the way).
[[nodiscard]] Result<StoredFile> store_body(const std::filesystem::path& objects_dir, HttpRequest& request);
/// Copies an object file.
[[nodiscard]] Result<StoredFile> copy_file(const std::filesystem::path& objects_dir, const std::string& file_id);
/// Concatenates part files into one object file; the ETag of a multipart object is
/// md5(concat(md5(part)…)) + "-N".
[[nodiscard]] Result<StoredFile> concat_files(const std::filesystem::path& objects_dir,
                                              const std::vector<std::string>& file_ids);
/// Removes an object file (missing files are fine).
void remove_file(const std::filesystem::path& objects_dir, const std::string& file_id);

} // namespace cdk::localcloud::s3

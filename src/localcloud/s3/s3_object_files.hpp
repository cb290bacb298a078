#pragma once

#include "core/fs.hpp"
#include "core/result.hpp"
#include "localcloud/s3/s3_checksums.hpp"
#include "localcloud/server/http_message.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cdk::localcloud::s3 {

/// A durable object file: written to a temporary name, fsync'ed, renamed into place, directory fsync'ed —
/// before the database transaction that refers to it commits.
struct StoredFile {
    std::string file_id; ///< name under the objects directory
    std::uint64_t size = 0;
    std::string md5_hex;
    std::string sha256_b64; ///< of the bytes as stored
    /// The S3 checksum the request asked for (x-amz-checksum-*, x-amz-trailer, x-amz-sdk-checksum-algorithm).
    std::optional<ChecksumAlgorithm> checksum_algorithm;
    std::string checksum_b64;
};

/// Materialises a request body as an object file (moving the spool file when the body was spooled,
/// decoding `aws-chunked` bodies on the way), computing the checksum the request asks for and comparing it
/// with the one it sent in a header or the aws-chunked trailer (BadDigest when they differ: no file is left).
[[nodiscard]] Result<StoredFile> store_body(const std::filesystem::path& objects_dir, ServerRequest& request);
/// Copies an object file, opened by the caller while the row naming it was current (so that a concurrent
/// replacement of the source cannot remove it under the copy).
[[nodiscard]] Result<StoredFile> copy_file(const std::filesystem::path& objects_dir,
                                           std::shared_ptr<const fs::OpenFile> source);
/// Concatenates part files into one object file; the ETag of a multipart object is
/// md5(concat(md5(part)…)) + "-N".
[[nodiscard]] Result<StoredFile> concat_files(const std::filesystem::path& objects_dir,
                                              const std::vector<std::string>& file_ids);
/// Removes an object file (missing files are fine).
void remove_file(const std::filesystem::path& objects_dir, const std::string& file_id);

} // namespace cdk::localcloud::s3

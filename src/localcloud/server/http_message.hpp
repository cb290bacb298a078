#pragma once

#include "core/fs.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cdk::localcloud {

/// One HTTP/1.1 request as received: target, path and query kept raw (undecoded), because SigV4
/// verification must canonicalise exactly what the client signed. Header names are lower case.
/// Small bodies live in `body`; bodies above the spool threshold live in `body_file` (never in memory).
struct HttpRequest {
    std::string method;
    std::string target;
    std::string path;
    std::string query;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::filesystem::path body_file;
    std::uint64_t body_size = 0;
    /// Lower-case hex SHA-256 of the (de-chunked) body, computed while reading.
    std::string body_sha256;

    /// The first value of header `name` (lower case), or "" when absent.
    [[nodiscard]] std::string header(std::string_view name) const;
    [[nodiscard]] bool has_header(std::string_view name) const;
    /// The body, read from the spool file when it was spooled (use only for bodies known to be small).
    [[nodiscard]] std::string body_text() const;
};

/// One HTTP response. A body is either `body` or a byte range of `body_file` streamed from disk.
struct HttpResponse {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::filesystem::path body_file;
    /// When set, the body is read from this file, opened by the handler while the state that names it was
    /// current, rather than by opening `body_file` again (which a concurrent write may have replaced).
    std::shared_ptr<const fs::OpenFile> open_file;
    std::uint64_t file_offset = 0;
    std::uint64_t file_length = 0;
    /// For HEAD: the Content-Length to announce without a body.
    bool head_only = false;

    void set_header(std::string name, std::string value);
};

/// Percent-decodes `text`; with `plus_as_space` a '+' becomes ' ' (form encoding).
[[nodiscard]] std::string url_decode(std::string_view text, bool plus_as_space = false);
/// Percent-encodes everything but unreserved characters (RFC 3986); '/' kept when `keep_slash`.
[[nodiscard]] std::string url_encode(std::string_view text, bool keep_slash = false);
/// Parses `a=1&b=2` into decoded pairs, in order.
[[nodiscard]] std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query,
                                                                          bool plus_as_space = true);

} // namespace cdk::localcloud

#pragma once

#include "core/fs.hpp"
#include "core/result.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cdk::localcloud {

/// The server's request: one HTTP/1.1 request as received (the client's is `aws::ClientRequest`), with
/// target, path and query kept raw (undecoded), because SigV4 verification must canonicalise exactly what the
/// client signed. Header names are lower case. Small bodies live in `body`; bodies above the spool threshold
/// live in `body_file` (never in memory).
struct ServerRequest {
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

/// One HTTP response. A body is either `body` or a byte range of `body_file`, streamed from `open_file`.
struct ServerResponse {
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

/// Limits on a request head (request line and header lines), checked before anything else reads it.
struct HeadLimits {
    std::size_t max_line = 16 * 1024; ///< one request line or header line (a presigned URL with a token fits)
    std::size_t max_count = 128;      ///< header lines
    std::size_t max_bytes = 64 * 1024; ///< the whole head
};

/// What a parsed head says about the rest of the exchange.
struct RequestHead {
    bool chunked = false;
    std::uint64_t content_length = 0; ///< when not chunked; 0 when absent
    bool keep_alive = true;
    bool expect_continue = false;
};

/// Parses a request head (`head` is everything before the blank line, lines separated by CRLF) into
/// `request`. Refuses with the status to answer (`Error::http_status`): 400 for a malformed request line,
/// a header line without a name, a bare CR or LF, another control character or obs-fold (what would let a
/// value smuggle a header into a response), a bad or conflicting Content-Length, Content-Length with
/// Transfer-Encoding; 414 for a request line over the limit; 431 for a header line, count or head over the
/// limits; 501 for a transfer coding other than chunked; 505 for a version other than HTTP/1.x.
[[nodiscard]] Result<RequestHead> parse_request_head(std::string_view head, const HeadLimits& limits,
                                                     ServerRequest& request);

/// The size in a chunk-size line ("1a" or "1a;name=value"), or nullopt when it is not hex or overflows.
[[nodiscard]] std::optional<std::uint64_t> parse_chunk_size(std::string_view line);

/// A header value safe to write in a response: CR, LF and NUL replaced by spaces.
[[nodiscard]] std::string response_header_value(std::string_view value);

/// Parses `a=1&b=2` into decoded pairs, in order.
[[nodiscard]] std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query,
                                                                           bool plus_as_space = true);

} // namespace cdk::localcloud

#pragma once

#include "aws/sigv4/http_message.hpp"

#include <string>
#include <string_view>
#include <vector>

/// SigV4 canonicalisation: the one implementation behind the signer and localcloud's verifier.
/// Every function takes the request in wire form (what travels on the request line and in the headers).
namespace cdk::aws::sigv4 {

/// How the path takes part in the canonical request.
enum class PathMode {
    Normalize, ///< every service but S3: remove dot segments and empty segments, then encode the path again
    S3,        ///< S3: the path as sent (decoded and re-encoded once), never normalised
};

/// Percent-encodes per SigV4: unreserved characters (A-Z a-z 0-9 - . _ ~) stay, everything else is %XX
/// (upper-case hex); '/' stays when `encode_slash` is false.
[[nodiscard]] std::string uri_encode(std::string_view text, bool encode_slash);
/// Decodes %XX sequences ('+' stays '+'); malformed sequences are kept literally.
[[nodiscard]] std::string uri_decode(std::string_view text);

/// Removes "." and ".." segments and collapses repeated slashes ("//a/./b/../" -> "/a/"). Keeps a
/// trailing slash.
[[nodiscard]] std::string normalize_path(std::string_view path);

/// Canonical URI from the wire path.
[[nodiscard]] std::string canonical_uri(std::string_view wire_path, PathMode mode);

/// One decoded query parameter.
struct QueryParam {
    std::string name;
    std::string value;
};
/// Splits a wire query ("a=1&b&c=%20") into decoded parameters; a name without '=' has an empty value.
[[nodiscard]] std::vector<QueryParam> parse_query(std::string_view wire_query);
/// Canonical query string: each name and value encoded, sorted by name then value, joined with '&'.
/// Parameters named `exclude` (e.g. "X-Amz-Signature" when verifying a presigned URL) are left out.
[[nodiscard]] std::string canonical_query(std::string_view wire_query, std::string_view exclude = {});

/// A header value as it enters the canonical request: trimmed, inner runs of spaces folded to one.
[[nodiscard]] std::string canonical_header_value(std::string_view value);

/// The canonical header block ("name:value\n" each, sorted) and the signed-headers list ("a;b;c").
struct CanonicalHeaders {
    std::string block;
    std::string signed_headers;
};
/// Canonicalises `headers`. With `only` empty, every header is signed; otherwise only those names
/// (lower case) are, in which case a name from `only` missing from `headers` still appears with an
/// empty value (a verifier must not fail open). Repeated headers join their values with ',' in order.
[[nodiscard]] CanonicalHeaders canonical_headers(const Headers& headers,
                                                 const std::vector<std::string>& only = {});

/// Inputs of a canonical request, all in wire form.
struct CanonicalRequestInput {
    std::string_view method;
    std::string_view wire_path;
    std::string_view wire_query;
    const Headers* headers = nullptr;
    std::vector<std::string> signed_headers; ///< empty: all of `headers`
    std::string_view payload_hash;           ///< hex SHA-256 or "UNSIGNED-PAYLOAD"
    PathMode path_mode = PathMode::Normalize;
    std::string_view exclude_query_param; ///< "X-Amz-Signature" when verifying a presigned URL
};

/// The canonical request text and the signed-headers list that went into it.
struct CanonicalRequest {
    std::string text;
    std::string signed_headers;
};
[[nodiscard]] CanonicalRequest canonical_request(const CanonicalRequestInput& input);

} // namespace cdk::aws::sigv4

#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cdk::aws {

/// One HTTP header as sent or received; names keep their case, lookups ignore it.
struct Header {
    std::string name;
    std::string value;
};
using Headers = std::vector<Header>;

/// First value of a header (case-insensitive name), if present.
[[nodiscard]] std::optional<std::string> find_header(const Headers& headers, std::string_view name);
/// Replaces every header of that name with one value.
void set_header(Headers& headers, std::string_view name, std::string value);
/// Removes every header of that name.
void remove_header(Headers& headers, std::string_view name);

/// The client's request in wire form: what the AWS client builds, signs and sends, and what localcloud turns
/// its `ServerRequest` into (`to_sigv4_request`) to verify the signature and decode the operation exactly as
/// the client encoded it. `path` and `query` are exactly what travels on the request line: already
/// percent-encoded, query without the leading '?'. (docs/localcloud.md, "Two request types": why the server
/// keeps its own.)
struct ClientRequest {
    std::string method = "GET";
    std::string endpoint; ///< scheme://host[:port], client side only (the server leaves it empty)
    std::string path = "/";
    std::string query;
    Headers headers;
    std::string body;

    /// Appends name=value to the query, percent-encoding both (AWS rules: unreserved kept, space %20).
    void add_query(std::string_view name, std::string_view value);
    /// endpoint + path + ('?' + query if any).
    [[nodiscard]] std::string url() const;
};

/// An HTTP response as received or to be sent.
struct HttpResponse {
    int status = 0;
    Headers headers;
    std::string body;
};

/// Splits "scheme://host:port/base" into scheme, authority (host[:port]) and base path.
struct UrlParts {
    std::string scheme;
    std::string authority;
    std::string host;
    int port = 0; ///< 0 when absent from the URL
    std::string path;
};
[[nodiscard]] std::optional<UrlParts> parse_url(std::string_view url);

} // namespace cdk::aws

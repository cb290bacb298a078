#include "localcloud/server/http_message.hpp"

#include "core/fs.hpp"
#include "core/parse_int.hpp"
#include "core/strings.hpp"

namespace cdk::localcloud {

std::string ServerRequest::header(std::string_view name) const {
    for (const auto& [k, v] : headers) {
        if (k == name) return v;
    }
    return {};
}

bool ServerRequest::has_header(std::string_view name) const {
    for (const auto& [k, v] : headers) {
        if (k == name) return true;
    }
    return false;
}

std::string ServerRequest::body_text() const {
    if (body_file.empty()) return body;
    auto content = fs::read_file(body_file);
    return content ? *content : std::string{};
}

void ServerResponse::set_header(std::string name, std::string value) {
    for (auto& [k, v] : headers) {
        if (k == name) {
            v = std::move(value);
            return;
        }
    }
    headers.emplace_back(std::move(name), std::move(value));
}

namespace {

bool is_tchar(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

bool is_token(std::string_view text) {
    if (text.empty()) return false;
    for (const char c : text) {
        if (!is_tchar(static_cast<unsigned char>(c))) return false;
    }
    return true;
}

/// Field-value characters (RFC 9110 5.5): HTAB, visible ASCII, space, obs-text. Never CR, LF, NUL.
bool is_field_value(std::string_view text) {
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '\t') continue;
        if (c < 0x20 || c == 0x7f) return false;
    }
    return true;
}

Error bad_request(std::string message) {
    return make_error("BadRequest", std::move(message), 400);
}

} // namespace

Result<RequestHead> parse_request_head(std::string_view head, const HeadLimits& limits,
                                       ServerRequest& request) {
    if (head.size() > limits.max_bytes) {
        return make_error("RequestHeaderFieldsTooLarge",
                          "the request head is larger than " + std::to_string(limits.max_bytes) + " bytes",
                          431);
    }
    std::size_t eol = head.find("\r\n");
    const std::string_view line = head.substr(0, eol);
    if (line.size() > limits.max_line) {
        return make_error("URITooLong",
                          "the request line is longer than " + std::to_string(limits.max_line) + " bytes",
                          414);
    }
    const std::size_t sp1 = line.find(' ');
    const std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) {
        return bad_request("malformed request line");
    }
    const std::string_view method = line.substr(0, sp1);
    const std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    const std::string_view version = line.substr(sp2 + 1);
    if (!is_token(method)) return bad_request("malformed request method");
    if (target.empty()) return bad_request("empty request target");
    for (const char ch : target) {
        const auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c == 0x7f) return bad_request("control character in the request target");
    }
    if (!version.starts_with("HTTP/1.")) {
        if (version.starts_with("HTTP/"))
            return make_error("HTTPVersionNotSupported", "only HTTP/1.x is served", 505);
        return bad_request("malformed request line");
    }
    if (version != "HTTP/1.1" && version != "HTTP/1.0") return bad_request("malformed HTTP version");
    request.method = std::string(method);
    request.target = std::string(target);
    const std::size_t q = request.target.find('?');
    request.path = request.target.substr(0, q);
    request.query = q == std::string::npos ? std::string{} : request.target.substr(q + 1);
    request.headers.clear();
    RequestHead out;
    out.keep_alive = version == "HTTP/1.1";
    bool have_length = false;
    while (eol != std::string_view::npos) {
        const std::size_t start = eol + 2;
        eol = head.find("\r\n", start);
        const std::string_view field = head.substr(start, eol == std::string_view::npos ? eol : eol - start);
        if (field.size() > limits.max_line) {
            return make_error("RequestHeaderFieldsTooLarge",
                              "a header line is longer than " + std::to_string(limits.max_line) + " bytes",
                              431);
        }
        if (request.headers.size() >= limits.max_count) {
            return make_error("RequestHeaderFieldsTooLarge",
                              "more than " + std::to_string(limits.max_count) + " header lines", 431);
        }
        if (field.empty()) return bad_request("empty header line");
        if (field.front() == ' ' || field.front() == '\t')
            return bad_request("obsolete line folding in a header");
        const std::size_t colon = field.find(':');
        if (colon == std::string_view::npos) return bad_request("header line without ':'");
        const std::string_view name = field.substr(0, colon);
        if (!is_token(name)) return bad_request("malformed header name");
        const std::string_view value = strings::trim(field.substr(colon + 1));
        if (!is_field_value(value)) {
            return bad_request("header '" + std::string(name) +
                               "' carries a control character (bare CR or LF?)");
        }
        std::string lower = strings::to_lower(name);
        if (lower == "content-length") {
            const auto length = parse_int<std::uint64_t>(value);
            if (!length) return bad_request("Content-Length must be a decimal number");
            if (have_length && *length != out.content_length)
                return bad_request("conflicting Content-Length headers");
            have_length = true;
            out.content_length = *length;
        } else if (lower == "transfer-encoding") {
            if (strings::to_lower(value) != "chunked") {
                return make_error("NotImplemented", "only the chunked transfer coding is served", 501);
            }
            out.chunked = true;
        } else if (lower == "connection") {
            const std::string v = strings::to_lower(value);
            if (v == "close") out.keep_alive = false;
            if (v == "keep-alive") out.keep_alive = true;
        } else if (lower == "expect") {
            if (strings::to_lower(value) == "100-continue") out.expect_continue = true;
        }
        request.headers.emplace_back(std::move(lower), std::string(value));
    }
    if (out.chunked && have_length) return bad_request("both Content-Length and Transfer-Encoding");
    if (out.chunked) out.content_length = 0;
    return out;
}

std::optional<std::uint64_t> parse_chunk_size(std::string_view line) {
    const std::size_t semi = line.find(';');
    std::string_view size = line.substr(0, semi);
    while (!size.empty() && (size.back() == ' ' || size.back() == '\t'))
        size.remove_suffix(1);
    return parse_int<std::uint64_t>(size, 16);
}

std::string response_header_value(std::string_view value) {
    std::string out(value);
    for (char& c : out) {
        if (c == '\r' || c == '\n' || c == '\0') c = ' ';
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query, bool plus_as_space) {
    std::vector<std::pair<std::string, std::string>> out;
    std::size_t start = 0;
    while (start <= query.size()) {
        std::size_t end = query.find('&', start);
        if (end == std::string_view::npos) end = query.size();
        const std::string_view part = query.substr(start, end - start);
        if (!part.empty()) {
            const std::size_t eq = part.find('=');
            if (eq == std::string_view::npos) {
                out.emplace_back(strings::percent_decode(part, plus_as_space), std::string{});
            } else {
                out.emplace_back(strings::percent_decode(part.substr(0, eq), plus_as_space),
                                 strings::percent_decode(part.substr(eq + 1), plus_as_space));
            }
        }
        start = end + 1;
    }
    return out;
}

} // namespace cdk::localcloud

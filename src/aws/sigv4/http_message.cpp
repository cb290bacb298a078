#include "aws/sigv4/http_message.hpp"

#include "aws/sigv4/canonical.hpp"
#include "core/strings.hpp"

#include <algorithm>
#include <charconv>

namespace cdk::aws {

namespace {
bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}
} // namespace

std::optional<std::string> find_header(const Headers& headers, std::string_view name) {
    for (const auto& h : headers) {
        if (iequals(h.name, name)) return h.value;
    }
    return std::nullopt;
}

void set_header(Headers& headers, std::string_view name, std::string value) {
    remove_header(headers, name);
    headers.push_back({std::string(name), std::move(value)});
}

void remove_header(Headers& headers, std::string_view name) {
    std::erase_if(headers, [&](const Header& h) { return iequals(h.name, name); });
}

void ClientRequest::add_query(std::string_view name, std::string_view value) {
    if (!query.empty()) query += '&';
    query += sigv4::uri_encode(name, true);
    query += '=';
    query += sigv4::uri_encode(value, true);
}

std::string ClientRequest::url() const {
    std::string out = endpoint + path;
    if (!query.empty()) out += "?" + query;
    return out;
}

std::optional<UrlParts> parse_url(std::string_view url) {
    UrlParts parts;
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) return std::nullopt;
    parts.scheme = strings::to_lower(url.substr(0, scheme_end));
    std::string_view rest = url.substr(scheme_end + 3);
    const auto slash = rest.find('/');
    parts.authority = std::string(rest.substr(0, slash));
    parts.path = slash == std::string_view::npos ? "" : std::string(rest.substr(slash));
    if (parts.authority.empty()) return std::nullopt;
    std::string_view auth = parts.authority;
    const auto colon = auth.rfind(':');
    if (colon != std::string_view::npos && auth.find(']', colon) == std::string_view::npos) {
        const auto port_text = auth.substr(colon + 1);
        int port = 0;
        const auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
        if (ec != std::errc() || ptr != port_text.data() + port_text.size()) return std::nullopt;
        parts.port = port;
        parts.host = std::string(auth.substr(0, colon));
    } else {
        parts.host = std::string(auth);
    }
    return parts;
}

} // namespace cdk::aws

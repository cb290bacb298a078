#include "tokens/token.hpp"

#include <bit>
#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

namespace cdk {
namespace {

constexpr std::string_view kBeginString = "${Token[";
constexpr std::string_view kBeginList = "#{Token[";
constexpr std::string_view kEnd = "]}";
constexpr std::uint64_t kDoubleMarker = 0xFBFF0000ULL;
constexpr std::uint64_t kMaxEncodable = (1ULL << 48) - 1;

/// The process-wide token registry (CDK: TokenMap). Tokens are never unregistered.
class TokenMap {
public:
    static TokenMap& instance() {
        // Never destroyed: it only ever grows, and freeing every token at exit is pure cost.
        static TokenMap& map = *new TokenMap;
        return map;
    }

    std::uint64_t register_token(const ResolvablePtr& token) {
        std::lock_guard lock(mutex_);
        if (auto it = ids_.find(token.get()); it != ids_.end()) {
            return it->second;
        }
        const std::uint64_t id = tokens_.size();
        tokens_.push_back(token);
        ids_.emplace(token.get(), id);
        return id;
    }

    ResolvablePtr lookup(std::uint64_t id) {
        std::lock_guard lock(mutex_);
        return id < tokens_.size() ? tokens_[id] : nullptr;
    }

private:
    std::mutex mutex_;
    std::vector<ResolvablePtr> tokens_;
    std::unordered_map<const IResolvable*, std::uint64_t> ids_;
};

bool is_key_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ':' ||
           c == '.' || c == '_' || c == '-';
}

std::string sanitize_hint(const std::string& hint) {
    std::string out;
    for (const char c : hint) {
        out += is_key_char(c) ? c : '.';
    }
    return out.empty() ? "TOKEN" : out;
}

std::string marker(std::string_view begin, const ResolvablePtr& token) {
    if (!token) {
        throw std::invalid_argument("cannot encode a null token");
    }
    const auto id = TokenMap::instance().register_token(token);
    std::string out(begin);
    out += sanitize_hint(token->display_hint());
    out += '.';
    out += std::to_string(id);
    out += kEnd;
    return out;
}

/// Finds the next marker starting with `begin` at or after `from`; returns its [start, end) and the id.
struct MarkerMatch {
    std::size_t start = std::string_view::npos;
    std::size_t end = 0;
    std::uint64_t id = 0;
};

MarkerMatch find_marker(std::string_view text, std::string_view begin, std::size_t from) {
    while (true) {
        const auto start = text.find(begin, from);
        if (start == std::string_view::npos) {
            return {};
        }
        std::size_t pos = start + begin.size();
        const std::size_t key_start = pos;
        while (pos < text.size() && is_key_char(text[pos])) {
            ++pos;
        }
        if (pos > key_start && text.substr(pos, kEnd.size()) == kEnd) {
            const std::string_view key = text.substr(key_start, pos - key_start);
            const auto dot = key.rfind('.');
            const std::string_view digits = dot == std::string_view::npos ? key : key.substr(dot + 1);
            bool numeric = !digits.empty();
            std::uint64_t id = 0;
            for (const char c : digits) {
                numeric = numeric && c >= '0' && c <= '9';
                id = id * 10 + static_cast<std::uint64_t>(c - '0');
            }
            if (numeric) {
                return {start, pos + kEnd.size(), id};
            }
        }
        from = start + 1;
    }
}

} // namespace

std::string Token::as_string(const ResolvablePtr& token) {
    return marker(kBeginString, token);
}

std::vector<std::string> Token::as_list(const ResolvablePtr& token) {
    return {marker(kBeginList, token)};
}

double Token::as_number(const ResolvablePtr& token) {
    if (!token) {
        throw std::invalid_argument("cannot encode a null token");
    }
    const auto id = TokenMap::instance().register_token(token);
    if (id > kMaxEncodable) {
        throw std::overflow_error("too many tokens to encode as numbers");
    }
    const std::uint64_t bits = ((kDoubleMarker | ((id >> 32) & 0xFFFFULL)) << 32) | (id & 0xFFFFFFFFULL);
    return std::bit_cast<double>(bits);
}

bool Token::is_unresolved(std::string_view value) {
    return value.find("Token[") != std::string_view::npos &&
           (find_marker(value, kBeginString, 0).start != std::string_view::npos ||
            find_marker(value, kBeginList, 0).start != std::string_view::npos);
}

bool Token::is_unresolved(double value) {
    return detail::lookup_number_token(value) != nullptr;
}

bool Token::is_unresolved(const Json& value) {
    switch (value.type()) {
    case Json::value_t::string: return is_unresolved(value.get_ref<const std::string&>());
    case Json::value_t::number_float: return is_unresolved(value.get<double>());
    case Json::value_t::array:
        for (const auto& item : value) {
            if (is_unresolved(item)) {
                return true;
            }
        }
        return false;
    case Json::value_t::object:
        for (const auto& [key, item] : value.items()) {
            if (is_unresolved(std::string_view(key)) || is_unresolved(item)) {
                return true;
            }
        }
        return false;
    default: return false;
    }
}

ResolvablePtr Token::reverse(const Json& value) {
    if (value.is_number_float()) {
        return detail::lookup_number_token(value.get<double>());
    }
    if (value.is_array() && value.size() == 1 && value[0].is_string()) {
        return detail::lookup_list_token(value[0].get_ref<const std::string&>());
    }
    if (!value.is_string()) {
        return nullptr;
    }
    const auto fragments = detail::split_string(value.get_ref<const std::string&>());
    if (fragments.size() == 1 && fragments[0].token) {
        return fragments[0].token;
    }
    return nullptr;
}

namespace detail {

std::vector<StringFragment> split_string(std::string_view text) {
    std::vector<StringFragment> out;
    std::size_t rest = 0;
    while (true) {
        const auto m = find_marker(text, kBeginString, rest);
        if (m.start == std::string_view::npos) {
            break;
        }
        auto token = TokenMap::instance().lookup(m.id);
        if (!token) {
            throw std::invalid_argument("unrecognized token marker in string: " + std::string(text));
        }
        if (m.start > rest) {
            out.push_back({std::string(text.substr(rest, m.start - rest)), nullptr});
        }
        out.push_back({{}, std::move(token)});
        rest = m.end;
    }
    if (rest < text.size()) {
        out.push_back({std::string(text.substr(rest)), nullptr});
    }
    return out;
}

ResolvablePtr lookup_list_token(std::string_view text) {
    const auto m = find_marker(text, kBeginList, 0);
    if (m.start != 0 || m.end != text.size()) {
        return nullptr;
    }
    return TokenMap::instance().lookup(m.id);
}

bool contains_list_marker(std::string_view text) {
    return text.find(kBeginList) != std::string_view::npos &&
           find_marker(text, kBeginList, 0).start != std::string_view::npos;
}

ResolvablePtr lookup_number_token(double value) {
    const auto bits = std::bit_cast<std::uint64_t>(value);
    const std::uint64_t high = bits >> 32;
    if ((high & 0xFFFF0000ULL) != kDoubleMarker) {
        return nullptr;
    }
    const std::uint64_t id = (bits & 0xFFFFFFFFULL) | ((high & 0xFFFFULL) << 32);
    return TokenMap::instance().lookup(id);
}

} // namespace detail
} // namespace cdk

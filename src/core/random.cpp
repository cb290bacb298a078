#include "core/random.hpp"

#include "core/strings.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <sys/random.h>

namespace cdk {

std::string random_bytes(std::size_t n) {
    std::string out(n, '\0');
    for (std::size_t got = 0; got < n;) {
        const ssize_t r = ::getrandom(out.data() + got, n - got, 0);
        if (r < 0) {
            if (errno == EINTR) continue;
            throw std::runtime_error(std::string("getrandom failed: ") + std::strerror(errno));
        }
        got += static_cast<std::size_t>(r);
    }
    return out;
}

std::string random_uuid() {
    std::string b = random_bytes(16);
    b[6] = static_cast<char>((b[6] & 0x0F) | 0x40); // version 4
    b[8] = static_cast<char>((b[8] & 0x3F) | 0x80); // variant 10
    const std::string h = strings::to_hex(b);
    return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" +
           h.substr(20);
}

} // namespace cdk

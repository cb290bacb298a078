#include "core/random.hpp"

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

} // namespace cdk

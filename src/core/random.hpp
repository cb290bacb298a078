#pragma once

#include <cstddef>
#include <string>

namespace cdk {

/// `n` bytes from the kernel's CSPRNG (getrandom(2)): request ids, UUIDs, localcloud's access keys and
/// KMS key material. Throws std::runtime_error if the kernel refuses (it does not block after boot).
[[nodiscard]] std::string random_bytes(std::size_t n);

} // namespace cdk

#pragma once

#include <cstddef>
#include <string>

namespace cdk {

/// `n` bytes from the kernel's CSPRNG (getrandom(2)): request ids, UUIDs, localcloud's access keys and
/// KMS key material. Throws std::runtime_error if the kernel refuses (it does not block after boot).
[[nodiscard]] std::string random_bytes(std::size_t n);
/// A random UUID (version 4, RFC 4122), lower case: request idempotency tokens, localcloud's stack ids
/// and event ids.
[[nodiscard]] std::string random_uuid();

} // namespace cdk

#pragma once

#include <cstddef>
#include <cstdint>

/// The SHA-256 block function behind core/hash.hpp, with its run-time choice of implementation.
namespace cdk::hash::detail {

/// Applies the SHA-256 compression function to `blocks` 64-byte blocks at `data`.
void sha256_compress(std::uint32_t state[8], const unsigned char* data, std::size_t blocks);

/// True when this CPU has the SHA extensions (and SSE4.1) the fast path needs.
[[nodiscard]] bool sha256_hardware_available();

/// Tests only: false forces the portable code even on a CPU with SHA-NI; true restores the automatic
/// choice. Not meant to be flipped while other threads hash.
void set_sha256_hardware_allowed(bool allowed);

/// Whether sha256_compress currently uses the SHA instructions.
[[nodiscard]] bool sha256_uses_hardware();

} // namespace cdk::hash::detail

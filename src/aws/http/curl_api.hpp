#pragma once

#include "core/result.hpp"

#include <curl/curl.h>

namespace cdk::aws::http {

/// The libcurl functions the HTTP client calls, resolved at run time: programs carry no DT_NEEDED on
/// libcurl (which pulls ~30 more shared objects into every start), and load it with dlopen() when the
/// first request is made. The pointer types come from curl's own declarations, so every call is checked
/// against the installed header at compile time.
struct CurlApi {
    decltype(&curl_global_init) global_init = nullptr;
    decltype(&curl_easy_init) easy_init = nullptr;
    decltype(&curl_easy_cleanup) easy_cleanup = nullptr;
    decltype(&curl_easy_reset) easy_reset = nullptr;
    decltype(&curl_easy_setopt) easy_setopt = nullptr;
    decltype(&curl_easy_perform) easy_perform = nullptr;
    decltype(&curl_easy_getinfo) easy_getinfo = nullptr;
    decltype(&curl_easy_strerror) easy_strerror = nullptr;
    decltype(&curl_slist_append) slist_append = nullptr;
    decltype(&curl_slist_free_all) slist_free_all = nullptr;
};

/// The shared object the process loads: the soname of Debian's libcurl4 (OpenSSL flavour).
inline constexpr const char* kCurlLibrary = "libcurl.so.4";

/// Loads `library` and resolves every CurlApi function, then runs curl_global_init once. A library that is
/// missing or lacks a function is a "MissingDependency" error naming the library and the fix.
[[nodiscard]] Result<CurlApi> load_curl_api(const char* library);

/// The process-wide API from kCurlLibrary, loaded on the first call (thread-safe); later calls return the
/// same result, an error included.
[[nodiscard]] const Result<CurlApi>& curl_api();

} // namespace cdk::aws::http

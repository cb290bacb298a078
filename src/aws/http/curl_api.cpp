#include "aws/http/curl_api.hpp"

#include <dlfcn.h>
#include <string>

namespace cdk::aws::http {

namespace {

Error missing(const char* library, const std::string& detail) {
    return make_error("MissingDependency", std::string("cannot load ") + library + " (" + detail +
                                               "); cdkpp needs it for every AWS request: install it with "
                                               "`apt-get install libcurl4`");
}

// Resolves `name` into `slot`, whose type comes from curl's header declaration.
template <typename Fn> bool resolve(void* handle, const char* name, Fn& slot) {
    void* symbol = dlsym(handle, name);
    if (!symbol) return false;
    slot = reinterpret_cast<Fn>(symbol);
    return true;
}

} // namespace

Result<CurlApi> load_curl_api(const char* library) {
    // Never unloaded: handles, the connection cache and OpenSSL state live until the process exits.
    void* handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char* why = dlerror();
        return missing(library, why ? why : "dlopen failed");
    }
    CurlApi api;
    const char* absent = nullptr;
    const auto need = [&](const char* name, auto& slot) {
        if (!absent && !resolve(handle, name, slot)) absent = name;
    };
    need("curl_global_init", api.global_init);
    need("curl_easy_init", api.easy_init);
    need("curl_easy_cleanup", api.easy_cleanup);
    need("curl_easy_reset", api.easy_reset);
    need("curl_easy_setopt", api.easy_setopt);
    need("curl_easy_perform", api.easy_perform);
    need("curl_easy_getinfo", api.easy_getinfo);
    need("curl_easy_strerror", api.easy_strerror);
    need("curl_slist_append", api.slist_append);
    need("curl_slist_free_all", api.slist_free_all);
    if (absent) return missing(library, std::string("it has no symbol ") + absent);
    if (const CURLcode code = api.global_init(CURL_GLOBAL_DEFAULT); code != CURLE_OK) {
        return make_error("HttpError", std::string("curl_global_init failed: ") + api.easy_strerror(code));
    }
    return api;
}

const Result<CurlApi>& curl_api() {
    static const Result<CurlApi> api = load_curl_api(kCurlLibrary);
    return api;
}

} // namespace cdk::aws::http

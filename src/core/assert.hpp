#pragma once

#include <cstdio>
#include <cstdlib>

/// CDK_ASSERT(cond && "why"): a broken invariant is a bug, never user input.
/// Active in every build type; aborts with the location.
#define CDK_ASSERT(cond)                                                                                     \
    do {                                                                                                     \
        if (!(cond)) {                                                                                       \
            std::fprintf(stderr, "cdkpp internal error: assertion failed: %s (%s:%d)\n", #cond, __FILE__,    \
                         __LINE__);                                                                          \
            std::abort();                                                                                    \
        }                                                                                                    \
    } while (false)

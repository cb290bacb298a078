#pragma once

#include <string>

namespace cdk::lambda {

/// A Lambda runtime (CDK: Runtime), e.g. `Runtime::NODEJS_20_X`.
struct Runtime {
    std::string name;

    static const Runtime NODEJS_18_X;
    static const Runtime NODEJS_20_X;
    static const Runtime NODEJS_22_X;
    static const Runtime NODEJS_24_X;
    static const Runtime PYTHON_3_11;
    static const Runtime PYTHON_3_12;
    static const Runtime PYTHON_3_13;
    static const Runtime JAVA_17;
    static const Runtime JAVA_21;
    static const Runtime PROVIDED_AL2;
    static const Runtime PROVIDED_AL2023;

    /// True for runtimes whose inline code the CDK accepts (Node.js and Python).
    [[nodiscard]] bool supports_inline_code() const {
        return name.rfind("nodejs", 0) == 0 || name.rfind("python", 0) == 0;
    }
};

inline const Runtime Runtime::NODEJS_18_X{"nodejs18.x"};
inline const Runtime Runtime::NODEJS_20_X{"nodejs20.x"};
inline const Runtime Runtime::NODEJS_22_X{"nodejs22.x"};
inline const Runtime Runtime::NODEJS_24_X{"nodejs24.x"};
inline const Runtime Runtime::PYTHON_3_11{"python3.11"};
inline const Runtime Runtime::PYTHON_3_12{"python3.12"};
inline const Runtime Runtime::PYTHON_3_13{"python3.13"};
inline const Runtime Runtime::JAVA_17{"java17"};
inline const Runtime Runtime::JAVA_21{"java21"};
inline const Runtime Runtime::PROVIDED_AL2{"provided.al2"};
inline const Runtime Runtime::PROVIDED_AL2023{"provided.al2023"};

} // namespace cdk::lambda

#pragma once

#include <string>

namespace cdk::lambda {

/// The language family of a runtime (CDK: RuntimeFamily).
enum class RuntimeFamily { NodeJs, Java, Python, DotNetCore, Go, Ruby, Other };

/// A Lambda runtime (CDK: Runtime), e.g. `Runtime::NODEJS_22_X`: every constant of aws-cdk-lib 2.276
/// (deprecated ones included, as there; `NODEJS_LATEST` is the latest Node.js there, `nodejs24.x`).
struct Runtime {
    std::string name;
    RuntimeFamily family = RuntimeFamily::Other;
    /// Whether the CDK accepts inline code for it (Node.js and Python).
    bool inline_code = false;

    static const Runtime NODEJS;
    static const Runtime NODEJS_4_3;
    static const Runtime NODEJS_6_10;
    static const Runtime NODEJS_8_10;
    static const Runtime NODEJS_10_X;
    static const Runtime NODEJS_12_X;
    static const Runtime NODEJS_14_X;
    static const Runtime NODEJS_16_X;
    static const Runtime NODEJS_18_X;
    static const Runtime NODEJS_20_X;
    static const Runtime NODEJS_LATEST;
    static const Runtime NODEJS_22_X;
    static const Runtime NODEJS_24_X;
    static const Runtime PYTHON_2_7;
    static const Runtime PYTHON_3_6;
    static const Runtime PYTHON_3_7;
    static const Runtime PYTHON_3_8;
    static const Runtime PYTHON_3_9;
    static const Runtime PYTHON_3_10;
    static const Runtime PYTHON_3_11;
    static const Runtime PYTHON_3_12;
    static const Runtime PYTHON_3_13;
    static const Runtime PYTHON_3_14;
    static const Runtime PYTHON_3_15;
    static const Runtime JAVA_8;
    static const Runtime JAVA_8_CORRETTO;
    static const Runtime JAVA_11;
    static const Runtime JAVA_17;
    static const Runtime JAVA_21;
    static const Runtime JAVA_25;
    static const Runtime JAVA_8_AL2023;
    static const Runtime JAVA_11_AL2023;
    static const Runtime JAVA_17_AL2023;
    static const Runtime DOTNET_6;
    static const Runtime DOTNET_8;
    static const Runtime DOTNET_9;
    static const Runtime DOTNET_10;
    static const Runtime DOTNET_CORE_1;
    static const Runtime DOTNET_CORE_2;
    static const Runtime DOTNET_CORE_2_1;
    static const Runtime DOTNET_CORE_3_1;
    static const Runtime GO_1_X;
    static const Runtime RUBY_2_5;
    static const Runtime RUBY_2_7;
    static const Runtime RUBY_3_2;
    static const Runtime RUBY_3_3;
    static const Runtime RUBY_3_4;
    static const Runtime RUBY_4_0;
    static const Runtime PROVIDED;
    static const Runtime PROVIDED_AL2;
    static const Runtime PROVIDED_AL2023;
    static const Runtime FROM_IMAGE;

    /// True for runtimes whose inline code the CDK accepts (Node.js and Python).
    [[nodiscard]] bool supports_inline_code() const { return inline_code; }
    [[nodiscard]] bool operator==(const Runtime& other) const { return name == other.name; }
};

inline const Runtime Runtime::NODEJS{"nodejs", RuntimeFamily::NodeJs, true};
inline const Runtime Runtime::NODEJS_4_3{"nodejs4.3", RuntimeFamily::NodeJs, true};
inline const Runtime Runtime::NODEJS_6_10{"nodejs6.10", RuntimeFamily::NodeJs, true};
inline const Runtime Runtime::NODEJS_8_10{"nodejs8.10", RuntimeFamily::NodeJs, true};
inline const Runtime Runtime::NODEJS_10_X{"nodejs10.x", RuntimeFamily::NodeJs, true};
inline const Runtime Runtime::NODEJS_12_X{"nodejs12.x", RuntimeFamily::NodeJs, true};
inline const Runtime Runtime::NODEJS_14_X{"nodejs14.x", RuntimeFamily::NodeJs, true};
inline const Runtime Runtime::NODEJS_16_X{"nodejs16.x", RuntimeFamily::NodeJs, true};
inline const Runtime Runtime::NODEJS_18_X{"nodejs18.x", RuntimeFamily::NodeJs, true};
inline const Runtime Runtime::NODEJS_20_X{"nodejs20.x", RuntimeFamily::NodeJs, true};
inline const Runtime Runtime::NODEJS_LATEST{"nodejs24.x", RuntimeFamily::NodeJs, true};
inline const Runtime Runtime::NODEJS_22_X{"nodejs22.x", RuntimeFamily::NodeJs, true};
inline const Runtime Runtime::NODEJS_24_X{"nodejs24.x", RuntimeFamily::NodeJs, true};
inline const Runtime Runtime::PYTHON_2_7{"python2.7", RuntimeFamily::Python, true};
inline const Runtime Runtime::PYTHON_3_6{"python3.6", RuntimeFamily::Python, true};
inline const Runtime Runtime::PYTHON_3_7{"python3.7", RuntimeFamily::Python, true};
inline const Runtime Runtime::PYTHON_3_8{"python3.8", RuntimeFamily::Python, true};
inline const Runtime Runtime::PYTHON_3_9{"python3.9", RuntimeFamily::Python, true};
inline const Runtime Runtime::PYTHON_3_10{"python3.10", RuntimeFamily::Python, true};
inline const Runtime Runtime::PYTHON_3_11{"python3.11", RuntimeFamily::Python, true};
inline const Runtime Runtime::PYTHON_3_12{"python3.12", RuntimeFamily::Python, true};
inline const Runtime Runtime::PYTHON_3_13{"python3.13", RuntimeFamily::Python, true};
inline const Runtime Runtime::PYTHON_3_14{"python3.14", RuntimeFamily::Python, true};
inline const Runtime Runtime::PYTHON_3_15{"python3.15", RuntimeFamily::Python, true};
inline const Runtime Runtime::JAVA_8{"java8", RuntimeFamily::Java, false};
inline const Runtime Runtime::JAVA_8_CORRETTO{"java8.al2", RuntimeFamily::Java, false};
inline const Runtime Runtime::JAVA_11{"java11", RuntimeFamily::Java, false};
inline const Runtime Runtime::JAVA_17{"java17", RuntimeFamily::Java, false};
inline const Runtime Runtime::JAVA_21{"java21", RuntimeFamily::Java, false};
inline const Runtime Runtime::JAVA_25{"java25", RuntimeFamily::Java, false};
inline const Runtime Runtime::JAVA_8_AL2023{"java8.al2023", RuntimeFamily::Java, false};
inline const Runtime Runtime::JAVA_11_AL2023{"java11.al2023", RuntimeFamily::Java, false};
inline const Runtime Runtime::JAVA_17_AL2023{"java17.al2023", RuntimeFamily::Java, false};
inline const Runtime Runtime::DOTNET_6{"dotnet6", RuntimeFamily::DotNetCore, false};
inline const Runtime Runtime::DOTNET_8{"dotnet8", RuntimeFamily::DotNetCore, false};
inline const Runtime Runtime::DOTNET_9{"dotnet9", RuntimeFamily::DotNetCore, false};
inline const Runtime Runtime::DOTNET_10{"dotnet10", RuntimeFamily::DotNetCore, false};
inline const Runtime Runtime::DOTNET_CORE_1{"dotnetcore1.0", RuntimeFamily::DotNetCore, false};
inline const Runtime Runtime::DOTNET_CORE_2{"dotnetcore2.0", RuntimeFamily::DotNetCore, false};
inline const Runtime Runtime::DOTNET_CORE_2_1{"dotnetcore2.1", RuntimeFamily::DotNetCore, false};
inline const Runtime Runtime::DOTNET_CORE_3_1{"dotnetcore3.1", RuntimeFamily::DotNetCore, false};
inline const Runtime Runtime::GO_1_X{"go1.x", RuntimeFamily::Go, false};
inline const Runtime Runtime::RUBY_2_5{"ruby2.5", RuntimeFamily::Ruby, false};
inline const Runtime Runtime::RUBY_2_7{"ruby2.7", RuntimeFamily::Ruby, false};
inline const Runtime Runtime::RUBY_3_2{"ruby3.2", RuntimeFamily::Ruby, false};
inline const Runtime Runtime::RUBY_3_3{"ruby3.3", RuntimeFamily::Ruby, false};
inline const Runtime Runtime::RUBY_3_4{"ruby3.4", RuntimeFamily::Ruby, false};
inline const Runtime Runtime::RUBY_4_0{"ruby4.0", RuntimeFamily::Ruby, false};
inline const Runtime Runtime::PROVIDED{"provided", RuntimeFamily::Other, false};
inline const Runtime Runtime::PROVIDED_AL2{"provided.al2", RuntimeFamily::Other, false};
inline const Runtime Runtime::PROVIDED_AL2023{"provided.al2023", RuntimeFamily::Other, false};
inline const Runtime Runtime::FROM_IMAGE{"FROM_IMAGE", RuntimeFamily::Other, false};

} // namespace cdk::lambda

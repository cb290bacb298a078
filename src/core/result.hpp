#pragma once

#include "core/assert.hpp"
#include "core/error.hpp"

#include <optional>
#include <utility>
#include <variant>

namespace cdk {

/// The std::expected subset we need (GCC 12 has no <expected> in C++20): either a value or an Error.
/// Returned by every API whose failure is caused by the outside world.
template <typename T> class [[nodiscard]] Result {
public:
    Result(T value) : data_(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : data_(std::in_place_index<1>, std::move(error)) {}

    [[nodiscard]] bool has_value() const { return data_.index() == 0; }
    explicit operator bool() const { return has_value(); }

    T& value() & {
        CDK_ASSERT(has_value() && "Result::value() on an error");
        return std::get<0>(data_);
    }
    const T& value() const& {
        CDK_ASSERT(has_value() && "Result::value() on an error");
        return std::get<0>(data_);
    }
    T&& value() && {
        CDK_ASSERT(has_value() && "Result::value() on an error");
        return std::get<0>(std::move(data_));
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const {
        CDK_ASSERT(!has_value() && "Result::error() on a value");
        return std::get<1>(data_);
    }

    template <typename U> T value_or(U&& fallback) const {
        return has_value() ? std::get<0>(data_) : static_cast<T>(std::forward<U>(fallback));
    }

private:
    std::variant<T, Error> data_;
};

/// Result of an operation that yields nothing but can fail.
template <> class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : error_(std::move(error)) {}

    [[nodiscard]] bool has_value() const { return !error_.has_value(); }
    explicit operator bool() const { return has_value(); }
    const Error& error() const {
        CDK_ASSERT(error_.has_value() && "Result<void>::error() on success");
        return *error_;
    }

private:
    std::optional<Error> error_;
};

/// An explicit success value for Result<void>.
inline Result<void> ok() {
    return {};
}

} // namespace cdk

#pragma once

#include <filesystem>
#include <string>

namespace cdk::assembly::testing {

/// A fresh, empty directory under the system temp dir, removed on destruction.
class TempDir {
public:
    explicit TempDir(const std::string& name) : path_(std::filesystem::temp_directory_path() / name) {
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

inline std::filesystem::path fixture(const std::string& name) {
    return std::filesystem::path(CDK_SOURCE_DIR) / "tests" / "assembly" / "fixtures" / name;
}

} // namespace cdk::assembly::testing

// The main() of every GoogleTest binary (cdk_add_test links it instead of GTest::gtest_main).
// Each test process gets a private temporary directory as TMPDIR, removed when the process ends, so
// what the code under test leaves in the temp dir (e.g. the `cdk.out<N>` directory an App without an
// outdir creates, as the stock CDK's mkdtemp does) does not pile up in /tmp across runs.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

namespace {

class PrivateTmpdir {
public:
    PrivateTmpdir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "cdkpp-test.XXXXXX").string();
        if (mkdtemp(pattern.data()) != nullptr) {
            dir_ = pattern;
            setenv("TMPDIR", dir_.c_str(), 1);
        }
    }
    ~PrivateTmpdir() {
        if (!dir_.empty() && std::getenv("CDK_TEST_KEEP_TMPDIR") == nullptr) {
            std::error_code ec;
            std::filesystem::remove_all(dir_, ec);
        }
    }
    PrivateTmpdir(const PrivateTmpdir&) = delete;
    PrivateTmpdir& operator=(const PrivateTmpdir&) = delete;

private:
    std::string dir_;
};

} // namespace

int main(int argc, char** argv) {
    PrivateTmpdir tmpdir;
    testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}

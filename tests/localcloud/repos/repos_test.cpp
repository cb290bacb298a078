// The repository API on temporary git repositories: linking, branch/tag/short-id resolution, the errors a
// user sees, hostile refs, and what an export and a CODE_ZIP artifact hold.
#include "core/fs.hpp"
#include "core/random.hpp"
#include "core/strings.hpp"
#include "localcloud/repos/git.hpp"
#include "localcloud/repos/repos.hpp"
#include "localcloud/state/store.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

namespace cdk::localcloud::repos {
namespace {

namespace stdfs = std::filesystem;

/// Runs git in `dir`; the test fails on a non-zero exit. Returns trimmed stdout.
std::string git(const stdfs::path& dir, std::vector<std::string> args) {
    args.insert(args.begin(),
                {"-C", dir.string(), "-c", "user.name=Test User", "-c", "user.email=test@example.com", "-c",
                 "commit.gpgsign=false", "-c", "tag.gpgsign=false"});
    auto run = run_git(args);
    EXPECT_TRUE(run) << (run ? "" : run.error().to_string());
    if (!run) return {};
    EXPECT_EQ(run->exit_code, 0) << strings::join(args, " ") << ": " << run->err;
    return std::string(strings::trim(run->out));
}

void write(const stdfs::path& file, std::string_view text) {
    stdfs::create_directories(file.parent_path());
    ASSERT_TRUE(fs::write_file_atomic(file, text));
}

class ReposTest : public ::testing::Test {
protected:
    void SetUp() override {
        root = stdfs::temp_directory_path() / ("lc-repos-" + random_uuid());
        stdfs::create_directories(root);
        auto opened = Store::open(root / "state.db");
        ASSERT_TRUE(opened) << opened.error().to_string();
        store = std::move(*opened);
        registry = std::make_unique<RepoRegistry>(*store);
        work = root / "app";
        git(root, {"init", "-q", "-b", "main", work.string()});
        write(work / "README.md", "hello\n");
        write(work / "bin" / "run.sh", "#!/bin/sh\necho run\n");
        stdfs::permissions(work / "bin" / "run.sh", stdfs::perms::owner_exec, stdfs::perm_options::add);
        stdfs::create_symlink("README.md", work / "link.md");
        git(work, {"add", "-A"});
        git(work, {"commit", "-q", "-m", "first commit\n\nwith a body"});
        first = git(work, {"rev-parse", "HEAD"});
        git(work, {"tag", "v1"});
        write(work / "src" / "main.cpp", "int main() {}\n");
        git(work, {"add", "-A"});
        git(work, {"commit", "-q", "-m", "second"});
        second = git(work, {"rev-parse", "HEAD"});
        git(work, {"branch", "feature/x", first});
    }
    void TearDown() override {
        registry.reset();
        store.reset();
        std::error_code ec;
        stdfs::remove_all(root, ec);
    }
    LinkedRepo linked() {
        auto repo = registry->link("Acme/App", work);
        EXPECT_TRUE(repo) << (repo ? "" : repo.error().to_string());
        return repo ? *repo : LinkedRepo{};
    }
    std::set<std::string> files_under(const stdfs::path& dir) {
        std::set<std::string> out;
        for (auto it = stdfs::recursive_directory_iterator(dir); it != stdfs::recursive_directory_iterator();
             ++it) {
            if (!it->is_directory() || it->is_symlink())
                out.insert(it->path().lexically_relative(dir).string());
        }
        return out;
    }

    stdfs::path root, work;
    std::unique_ptr<Store> store;
    std::unique_ptr<RepoRegistry> registry;
    std::string first, second;
};

TEST_F(ReposTest, LinksAWorkTreeAndFindsItCaseInsensitively) {
    const LinkedRepo repo = linked();
    EXPECT_EQ(repo.dir, stdfs::canonical(work));
    EXPECT_EQ(repo.git_dir, stdfs::canonical(work / ".git"));
    EXPECT_FALSE(repo.bare);
    auto found = registry->find("acme/APP");
    ASSERT_TRUE(found) << found.error().to_string();
    EXPECT_EQ(found->owner_repo, "Acme/App");
    EXPECT_EQ(found->dir, repo.dir);
    auto all = registry->list();
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 1u);
    auto gone = registry->unlink("ACME/app");
    ASSERT_TRUE(gone);
    EXPECT_FALSE(registry->find("Acme/App"));
}

TEST_F(ReposTest, LinksABareRepository) {
    const stdfs::path bare = root / "bare.git";
    git(root, {"clone", "-q", "--bare", work.string(), bare.string()});
    auto repo = registry->link("acme/bare", bare);
    ASSERT_TRUE(repo) << repo.error().to_string();
    EXPECT_TRUE(repo->bare);
    auto head = resolve_branch(*repo, "main");
    ASSERT_TRUE(head) << head.error().to_string();
    EXPECT_EQ(head->id, second);
    const stdfs::path out = root / "bare-export";
    ASSERT_TRUE(export_tree(*repo, second, out));
    EXPECT_TRUE(stdfs::exists(out / "src" / "main.cpp"));
}

TEST_F(ReposTest, RefusesWhatIsNotARepositoryOrNotItsTopLevel) {
    auto plain = registry->link("acme/plain", root);
    ASSERT_FALSE(plain);
    EXPECT_EQ(plain.error().code, "NotAGitRepository");
    EXPECT_NE(plain.error().message.find(root.string()), std::string::npos);
    auto inner = registry->link("acme/inner", work / "bin");
    ASSERT_FALSE(inner);
    EXPECT_EQ(inner.error().code, "NotAGitRepository");
    EXPECT_NE(inner.error().message.find("link that directory"), std::string::npos);
    auto missing = registry->link("acme/missing", root / "nope");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, "NotAGitRepository");
}

TEST_F(ReposTest, ValidatesGitHubNames) {
    for (const char* bad : {"acme", "/app", "acme/", "-acme/app", "ac me/app", "acme/a b", "acme/..",
                            "acme/app.git", "acme/app/x", "a_b/app"}) {
        auto r = registry->link(bad, work);
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().code, "InvalidRepositoryName") << bad;
    }
    EXPECT_TRUE(validate_owner_repo("Acme-1/my_app.v2"));
}

TEST_F(ReposTest, UnknownRepositoryNamesTheLinkRepoCommand) {
    auto r = registry->find("Acme/Other");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "RepositoryNotFound");
    EXPECT_NE(r.error().message.find("cdkpp local link-repo Acme/Other DIR"), std::string::npos)
        << r.error().message;
    auto u = registry->unlink("Acme/Other");
    ASSERT_FALSE(u);
    EXPECT_EQ(u.error().code, "RepositoryNotFound");
}

TEST_F(ReposTest, ResolvesBranchHeadsWithTheirCommit) {
    const LinkedRepo repo = linked();
    auto head = resolve_branch(repo, "main");
    ASSERT_TRUE(head) << head.error().to_string();
    EXPECT_EQ(head->id, second);
    EXPECT_EQ(head->message, "second");
    EXPECT_EQ(head->author_name, "Test User");
    EXPECT_EQ(head->author_email, "test@example.com");
    EXPECT_EQ(head->author_date.size(), 25u) << head->author_date; // 2026-12-06T23:00:00+00:00
    auto feature = resolve_branch(repo, "refs/heads/feature/x");
    ASSERT_TRUE(feature);
    EXPECT_EQ(feature->id, first);
    EXPECT_EQ(feature->message, "first commit\n\nwith a body");
    EXPECT_EQ(feature->subject(), "first commit");
    auto heads = branch_heads(repo);
    ASSERT_TRUE(heads);
    ASSERT_EQ(heads->size(), 2u);
    EXPECT_EQ((*heads)[0], (std::pair<std::string, std::string>{"feature/x", first}));
    EXPECT_EQ((*heads)[1], (std::pair<std::string, std::string>{"main", second}));
}

TEST_F(ReposTest, UnknownBranchNamesTheBranch) {
    const LinkedRepo repo = linked();
    auto r = resolve_branch(repo, "develop");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "BranchNotFound");
    EXPECT_NE(r.error().message.find("'develop'"), std::string::npos);
    EXPECT_NE(r.error().message.find("Acme/App"), std::string::npos);
    // A tag is not a branch.
    auto tag = resolve_branch(repo, "v1");
    ASSERT_FALSE(tag);
    EXPECT_EQ(tag.error().code, "BranchNotFound");
}

TEST_F(ReposTest, ResolvesSourceVersionsAsCodeBuildDoes) {
    const LinkedRepo repo = linked();
    const std::pair<std::string, std::string> cases[] = {
        {"main", second},
        {"v1", first},
        {"refs/tags/v1", first},
        {"refs/heads/main", second},
        {first, first},
        {second.substr(0, 7), second},
        {strings::to_upper(second.substr(0, 10)), second},
        {"refs/heads/main^{" + first + "}", first},
    };
    for (const auto& [version, id] : cases) {
        auto r = resolve_version(repo, version);
        ASSERT_TRUE(r) << version << ": " << r.error().to_string();
        EXPECT_EQ(r->id, id) << version;
    }
    auto missing = resolve_version(repo, "nope");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, "SourceVersionNotFound");
    EXPECT_NE(missing.error().message.find("'nope'"), std::string::npos);
    auto unknown_id = resolve_version(repo, std::string(40, 'e'));
    ASSERT_FALSE(unknown_id);
    EXPECT_EQ(unknown_id.error().code, "SourceVersionNotFound");
}

TEST_F(ReposTest, RefusesHostileRefsBeforeRunningGit) {
    const LinkedRepo repo = linked();
    const stdfs::path marker = root / "pwned";
    for (const std::string& hostile :
         {std::string("--upload-pack=touch ") + marker.string(), std::string("-oProxyCommand=x"),
          std::string("--all"), std::string("main..feature"), std::string("main@{1}"), std::string("HEAD~1"),
          std::string("main:README.md"), std::string("a b"), std::string("ma\nin"), std::string(""),
          std::string(300, 'a'), std::string("x/.hidden"), std::string("x.lock"), std::string("/main"),
          std::string("main/"), std::string("refs/heads/--output=x")}) {
        auto b = resolve_branch(repo, hostile);
        ASSERT_FALSE(b) << hostile;
        EXPECT_EQ(b.error().code, "InvalidBranchName") << hostile;
        auto v = resolve_version(repo, hostile);
        ASSERT_FALSE(v) << hostile;
        EXPECT_EQ(v.error().code, "InvalidSourceVersion") << hostile;
    }
    auto hat = resolve_version(repo, "main^{--exec=x}");
    ASSERT_FALSE(hat);
    EXPECT_EQ(hat.error().code, "InvalidSourceVersion");
    EXPECT_FALSE(stdfs::exists(marker));
    EXPECT_FALSE(export_tree(repo, "--output=x", root / "o"));
    EXPECT_FALSE(export_zip(repo, "HEAD", root / "o.zip"));
}

TEST_F(ReposTest, ExportsTheTreeWithoutGitAndWithoutTouchingTheRepository) {
    const LinkedRepo repo = linked();
    write(work / "uncommitted.txt", "not in any commit\n");
    const std::string status_before = git(work, {"status", "--porcelain"});
    const stdfs::path out = root / "export";
    ASSERT_TRUE(export_tree(repo, first, out));
    EXPECT_EQ(files_under(out), (std::set<std::string>{"README.md", "bin/run.sh", "link.md"}));
    EXPECT_TRUE(stdfs::is_symlink(out / "link.md"));
    EXPECT_NE(stdfs::status(out / "bin" / "run.sh").permissions() & stdfs::perms::owner_exec,
              stdfs::perms::none);
    EXPECT_EQ(*fs::read_file(out / "README.md"), "hello\n");
    EXPECT_EQ(git(work, {"status", "--porcelain"}), status_before);
    EXPECT_EQ(git(work, {"rev-parse", "HEAD"}), second);
    // A non-empty target is refused.
    auto again = export_tree(repo, first, out);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, "ExportFailed");
}

TEST_F(ReposTest, ExportsACloneWithGitAsCodeBuildSourcesHaveIt) {
    const LinkedRepo repo = linked();
    const stdfs::path out = root / "clone";
    ASSERT_TRUE(export_tree(repo, first, out, {.with_git = true}));
    EXPECT_TRUE(stdfs::is_directory(out / ".git"));
    EXPECT_EQ(git(out, {"rev-parse", "HEAD"}), first);
    EXPECT_EQ(git(out, {"rev-parse", "--abbrev-ref", "HEAD"}), "HEAD"); // detached, as on CodeBuild
    EXPECT_FALSE(stdfs::exists(out / "src"));
    const stdfs::path named = root / "clone-branch";
    ASSERT_TRUE(export_tree(repo, second, named, {.with_git = true, .branch = "main"}));
    EXPECT_EQ(git(named, {"rev-parse", "--abbrev-ref", "HEAD"}), "main");
    EXPECT_TRUE(stdfs::exists(named / "src" / "main.cpp"));
}

TEST_F(ReposTest, ZipHoldsTheFilesAtTheRootWithoutGitOrSymlinks) {
    const LinkedRepo repo = linked();
    const stdfs::path zip = root / "artifacts" / "source.zip";
    ASSERT_TRUE(export_zip(repo, second, zip));
    const stdfs::path unpacked = root / "unzipped";
    stdfs::create_directories(unpacked);
    ASSERT_EQ(std::system(("unzip -q " + zip.string() + " -d " + unpacked.string()).c_str()), 0);
    EXPECT_EQ(files_under(unpacked), (std::set<std::string>{"README.md", "bin/run.sh", "src/main.cpp"}));
    EXPECT_NE(stdfs::status(unpacked / "bin" / "run.sh").permissions() & stdfs::perms::owner_exec,
              stdfs::perms::none);
    for (const auto& entry : stdfs::directory_iterator(zip.parent_path())) {
        EXPECT_EQ(entry.path(), zip) << "a temporary file was left behind";
    }
}

TEST_F(ReposTest, AMovedRepositoryIsReportedWithTheCommandToRelinkIt) {
    const LinkedRepo repo = linked();
    stdfs::rename(work, root / "moved");
    auto r = resolve_branch(repo, "main");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "RepositoryUnavailable");
    EXPECT_NE(r.error().message.find("cdkpp local link-repo Acme/App DIR"), std::string::npos);
}

TEST(GitTest, BoundsOutputAndTime) {
    auto big = run_git({"--version"}, {.max_output = 4});
    ASSERT_FALSE(big);
    EXPECT_EQ(big.error().code, "GitOutputTooLarge");
    auto ok = run_git({"--version"});
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->exit_code, 0);
    EXPECT_TRUE(strings::starts_with(ok->out, "git version"));
    auto bad = run_git({"no-such-subcommand"});
    ASSERT_TRUE(bad);
    EXPECT_NE(bad->exit_code, 0);
    EXPECT_FALSE(bad->err.empty());
}

TEST(GitTest, SafeRefNames) {
    for (const char* good : {"main", "feature/x", "release-1.2", "v1", "refs/heads/main", "a_b"}) {
        EXPECT_TRUE(is_safe_ref_name(good)) << good;
    }
    for (const char* bad :
         {"-x",   "--upload-pack=x", "a..b", "a@{0}", "a b", "a~1", "a^", "a:b",  "a?", "a*", "a[",
          "a\\b", "a.lock",          ".a",   "a/.b",  "a/",  "a.",  "/a", "a//b", "@"}) {
        EXPECT_FALSE(is_safe_ref_name(bad)) << bad;
    }
    EXPECT_TRUE(is_full_object_id(std::string(40, 'a')));
    EXPECT_TRUE(is_full_object_id(std::string(64, '0')));
    EXPECT_FALSE(is_full_object_id(std::string(40, 'A')));
    EXPECT_FALSE(is_full_object_id(std::string(39, 'a')));
    EXPECT_TRUE(is_hex_prefix("abcd"));
    EXPECT_FALSE(is_hex_prefix("abc"));
    EXPECT_FALSE(is_hex_prefix("abcg"));
}

} // namespace
} // namespace cdk::localcloud::repos

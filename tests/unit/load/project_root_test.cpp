// Unit tests of the project root (source/project_root.h) and of the loader's
// refusal of a `use` that leaves it (E0007, E0008, E0009), on disk and in memory.
#include <doctest/doctest.h>

#include <filesystem>

#include "driver/compile.h"
#include "source/project_root.h"
#include "../test_support.h"

namespace fs = std::filesystem;

namespace {

const char* kProgram = "namespace a {\n  service b\n}\n";

std::vector<std::string> compileCodes(const std::vector<std::string>& paths, std::vector<std::string> extraRoots = {}) {
    nplc::driver::Compilation c;
    for (const auto& r : extraRoots) c.extraRoots.push_back({r, "a folder given with --allow-root"});
    nplc::driver::compile(c, paths, {});
    CHECK(c.ioErrors.empty());
    std::vector<std::string> errors;  // warnings (no baseline...) are beside the point
    for (const auto& d : c.sink.sorted()) {
        if (d.severity == nplc::diag::Severity::Error) errors.push_back(d.code);
    }
    return errors;
}

}  // namespace

TEST_CASE("project root: the repository's top level, else the folder given") {
    nplc::test::TempDir dir;
    const auto file = dir.write("repo/teams/a/main.npl", kProgram);
    CHECK(nplc::source::projectRoot(file).folder == fs::canonical(dir.path() / "repo/teams/a"));
    CHECK(nplc::source::projectRoot(dir.path() / "repo/teams").folder == fs::canonical(dir.path() / "repo/teams"));
    fs::create_directories(dir.path() / "repo/.git");
    const auto root = nplc::source::projectRoot(file);
    CHECK(root.folder == fs::canonical(dir.path() / "repo"));
    CHECK(root.why == "the repository's top level");
    // A .git file (a worktree) counts too.
    dir.write("wt/.git", "gitdir: elsewhere\n");
    CHECK(nplc::source::projectRoot(dir.write("wt/x/y.npl", kProgram)).folder == fs::canonical(dir.path() / "wt"));
}

TEST_CASE("roots: a folder contains itself and what is below, not its neighbours") {
    nplc::test::TempDir dir;
    fs::create_directories(dir.path() / "repo");
    fs::create_directories(dir.path() / "repo-other");
    nplc::source::Roots roots;
    roots.add(dir.path() / "repo", "test");
    CHECK(roots.contains(fs::canonical(dir.path() / "repo")));
    CHECK(roots.contains(fs::canonical(dir.path() / "repo") / "a/b.npl"));
    CHECK_FALSE(roots.contains(fs::canonical(dir.path() / "repo-other")));
    CHECK_FALSE(roots.contains(fs::canonical(dir.path())));
}

TEST_CASE("use: absolute paths, escapes and files that are not .npl are refused") {
    nplc::test::TempDir dir;
    fs::create_directories(dir.path() / "repo/.git");
    dir.write("outside/secret.npl", "namespace outside {\n}\n");
    dir.write("repo/notes.txt", "not NPL\n");
    dir.write("repo/ok.npl", "namespace ok {\n}\n");
    fs::create_symlink(dir.path() / "outside", dir.path() / "repo/out");
    fs::create_symlink(dir.path() / "repo/notes.txt", dir.path() / "repo/notes-link.npl");
    const std::string abs = fs::canonical(dir.path() / "repo/ok.npl").string();
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"/proc/self/environ", "E0007"},  {"/dev/stdin", "E0007"},    {abs, "E0007"},
        {"../outside/secret.npl", "E0008"}, {"out/secret.npl", "E0008"}, {"notes.txt", "E0009"},
        {"notes-link.npl", "E0009"},      {"ok.npl", ""},
    };
    for (const auto& c : cases) {
        const std::string& use = c.first;  // named: INFO captures it (clang 14 rejects a binding)
        const std::string& code = c.second;
        INFO("use \"", use, "\"");
        const auto main = dir.write("repo/main.npl", "use \"" + use + "\"\n" + kProgram);
        const auto got = compileCodes({main});
        CHECK(got == (code.empty() ? std::vector<std::string>{} : std::vector<std::string>{code}));
    }
    // --allow-root widens the root on purpose.
    const auto main = dir.write("repo/main.npl", std::string("use \"../outside/secret.npl\"\n") + kProgram);
    CHECK(compileCodes({main}, {(dir.path() / "outside").string()}).empty());
}

TEST_CASE("use: the fix of an absolute path inside the project compiles") {
    // E0007's help proposes the relative path; applied, it loads the same file.
    nplc::test::TempDir dir;
    fs::create_directories(dir.path() / "repo/.git");
    dir.write("repo/teams/ok.npl", "namespace ok {\n}\n");
    const std::string abs = fs::canonical(dir.path() / "repo/teams/ok.npl").string();
    const std::string text = "use \"" + abs + "\"\n" + kProgram;
    const auto main = dir.write("repo/main.npl", text);
    nplc::driver::Compilation c;
    nplc::driver::compile(c, {main}, {});
    const auto diags = c.sink.sorted();
    REQUIRE(diags.size() == 1);
    CHECK(diags[0].code == "E0007");
    REQUIRE(diags[0].fix.size() == 1);
    const auto& edit = diags[0].fix[0];
    CHECK(edit.replacement == "\"teams/ok.npl\"");
    const std::string fixed = text.substr(0, edit.span.begin) + edit.replacement + text.substr(edit.span.end);
    CHECK(compileCodes({dir.write("repo/main.npl", fixed)}).empty());
}

TEST_CASE("inputs: a link out of the root or a file that is not .npl is an I/O error") {
    nplc::test::TempDir dir;
    fs::create_directories(dir.path() / "repo/.git");
    dir.write("outside/secret.npl", kProgram);
    dir.write("repo/main.npl", kProgram);
    fs::create_symlink(dir.path() / "outside/secret.npl", dir.path() / "repo/link.npl");
    nplc::driver::Compilation c;
    nplc::driver::compile(c, {(dir.path() / "repo").string()}, {});
    REQUIRE(c.ioErrors.size() == 1);
    CHECK(c.ioErrors[0].find("link.npl: a symbolic link that leads outside the project root") != std::string::npos);
    nplc::driver::Compilation notNpl;
    nplc::driver::compile(notNpl, {dir.write("repo/x.txt", kProgram)}, {});
    REQUIRE(notNpl.ioErrors.size() == 1);
    CHECK(notNpl.ioErrors[0].find("not an .npl file") != std::string::npos);
}

TEST_CASE("use in memory: the virtual folder / is the root") {
    std::vector<nplc::load::MemoryFile> files = {{"a.npl", "use \"../../b.npl\"\n" + std::string(kProgram)},
                                                 {"b.npl", "namespace b {\n}\n"}};
    nplc::driver::Compilation c;
    nplc::driver::compileMemory(c, files, {});
    CHECK(nplc::test::codes(c.sink) == std::vector<std::string>{"E0008"});
    files[0].text = "use \"/b.npl\"\n" + std::string(kProgram);
    nplc::driver::Compilation abs;
    nplc::driver::compileMemory(abs, files, {});
    CHECK(nplc::test::codes(abs.sink) == std::vector<std::string>{"E0007"});
}

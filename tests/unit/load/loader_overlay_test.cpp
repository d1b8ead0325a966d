// Unit tests for the loader's overlay: editor buffers are read instead of the
// files on disk, for inputs and for the files they `use`.
#include <doctest/doctest.h>

#include <filesystem>

#include "driver/compile.h"
#include "../test_support.h"

namespace {

std::string canonical(const std::string& p) { return std::filesystem::weakly_canonical(p).string(); }

}  // namespace

TEST_CASE("the overlay replaces an imported file's text") {
    nplc::test::TempDir dir;
    const auto a = dir.write("a.npl", "use \"b.npl\"\nnamespace a {\n  service web\n  b/api -> web:80\n}\n");
    const auto b = dir.write("b.npl", "namespace b {\n}\n");
    {
        nplc::driver::Compilation c;
        nplc::driver::compile(c, {a}, {});
        CHECK(c.sink.hasErrors());  // b/api is not declared on disk
    }
    nplc::source::Overlay overlay{{canonical(b), "namespace b {\n  service api\n}\n"}};
    nplc::driver::Compilation c;
    nplc::driver::compile(c, {a}, {}, {}, &overlay);
    CHECK_FALSE(c.sink.hasErrors());
    REQUIRE(c.program.has_value());
    CHECK(c.asts.size() == 3);  // std/networks, a.npl, b.npl
    // Source files know their canonical paths; std/ modules have none.
    int withPath = 0;
    for (nplc::source::FileId id = 0; id < c.sm.size(); ++id) withPath += c.sm.file(id).absolutePath.empty() ? 0 : 1;
    CHECK(withPath == 2);
}

TEST_CASE("an input that exists only in the overlay is compiled") {
    nplc::test::TempDir dir;
    const std::string ghost = (dir.path() / "unsaved.npl").string();
    nplc::source::Overlay overlay{{canonical(ghost), "namespace a {\n  nope -> x:1\n}\n"}};
    nplc::driver::Compilation c;
    nplc::driver::compile(c, {ghost}, {}, {}, &overlay);
    CHECK(c.ioErrors.empty());
    CHECK(c.sink.errorCount() == 2);
    nplc::driver::Compilation without;
    nplc::driver::compile(without, {ghost}, {});
    CHECK(without.ioErrors.size() == 1);
}

// driver::compileMemory: the whole pipeline over files held in memory (the
// fuzzer's entry), with imports resolved among them as on disk.
#include <doctest/doctest.h>

#include "../test_support.h"
#include "driver/compile.h"

namespace nplc {
namespace {

driver::Compilation run(std::vector<load::MemoryFile> files, bool releaseEdgeSyntax = false) {
  driver::Compilation c;
  c.releaseEdgeSyntax = releaseEdgeSyntax;
  const auto& all = driver::allTargets();
  driver::compileMemory(c, std::move(files), std::set<std::string>(all.begin(), all.end()));
  return c;
}

const char* const kShop = "namespace shop {\n  deny-all baseline\n  service api\n  service db\n  api -> db:5432\n}\n";

TEST_CASE("compileMemory: a program in memory generates every target's files") {
  auto c = run({{"main.npl", kShop}});
  CHECK_FALSE(c.sink.hasErrors());
  CHECK(c.ioErrors.empty());
  CHECK(c.files.count("kubernetes/shop/db-ingress.yaml") == 1);
  CHECK(c.files.count("kubernetes/kustomization.yaml") == 1);
}

TEST_CASE("compileMemory: imports resolve among the files, relative to the importer") {
  auto c = run({{"main.npl", "use \"teams/shop.npl\"\nnamespace web { }\n"},
                {"teams/shop.npl", std::string("use \"../lib/x.npl\"\n") + kShop},
                {"lib/x.npl", "external office = 203.0.113.0/24\n"}});
  INFO(test::joinCodes(c.sink));
  CHECK_FALSE(c.sink.hasErrors());
  CHECK(c.files.count("kubernetes/shop/db-ingress.yaml") == 1);
}

TEST_CASE("compileMemory: a missing import, a folder and a cycle are located errors") {
  auto missing = run({{"main.npl", "use \"nope.npl\"\nnamespace a { }\n"}});
  CHECK(test::codes(missing.sink) == std::vector<std::string>{"E0101"});
  // (A folder named *.npl: `use "teams"` is E0009 before any lookup.)
  auto folder = run({{"main.npl", "use \"teams.npl\"\nnamespace a { }\n"}, {"teams.npl/b.npl", "namespace b { }\n"}});
  REQUIRE(test::codes(folder.sink) == std::vector<std::string>{"E0101"});
  CHECK(folder.sink.all().front().message.find("is a directory") != std::string::npos);
  auto cycle = run({{"a.npl", "use \"b.npl\"\nnamespace a { }\n"}, {"b.npl", "use \"a.npl\"\nnamespace b { }\n"}});
  CHECK(test::hasCode(cycle.sink, "E0102"));
  CHECK(cycle.files.empty());
}

TEST_CASE("compileMemory: the order of the files never changes the output") {
  const load::MemoryFile a{"a.npl", "namespace a {\n  deny-all baseline\n  service x\n  b/y -> x:80\n}\n"};
  const load::MemoryFile b{"b.npl", "namespace b {\n  deny-all baseline\n  service y\n}\n"};
  auto ab = run({a, b});
  auto ba = run({b, a});
  CHECK_FALSE(ab.sink.hasErrors());
  CHECK(ab.files == ba.files);
}

// build and check release the namespaces' edges once resolved: the same
// files and diagnostics as with them kept (W0206 reads which names edges use).
TEST_CASE("compileMemory: releasing the edges' syntax changes no file and no diagnostic") {
  const load::MemoryFile text{"main.npl", R"(use std/dns
external office = 203.0.113.0/24
external unused = 198.51.100.0/24
bundle probes {
  office -> *:9090
}
namespace shop {
  deny-all baseline
  allow dns
  allow probes
  external partner = 192.0.2.0/24
  external idle = 192.0.2.128/25
  service api
  service db
  service lonely
  office -> api:443 GET /v1/*
  partner -> api:443
  api -> db:5432
}
)"};
  auto kept = run({text});
  auto released = run({text}, true);
  INFO(test::joinCodes(kept.sink));
  CHECK_FALSE(kept.sink.hasErrors());
  const auto said = [](const diag::Sink& sink) {
    std::vector<std::string> out;
    for (const auto& d : sink.sorted())
      out.push_back(d.code + " " + std::to_string(d.span.begin) + "-" + std::to_string(d.span.end) + " " + d.message);
    return out;
  };
  std::size_t unused = 0;
  for (const auto& d : kept.sink.all()) unused += d.code == "W0206" ? 1 : 0;
  CHECK(unused == 3);  // `partner` and `office` are used by edges, `office` also by the bundle
  CHECK(said(kept.sink) == said(released.sink));
  CHECK(kept.files == released.files);
  const auto shop = [](const driver::Compilation& c) -> const ast::Namespace& {
    for (const auto& f : c.asts)
      for (const auto& ns : f.namespaces)
        if (ns.name.text == "shop") return ns;
    FAIL("no namespace shop");
    throw;
  };
  CHECK(shop(kept).edges.size() == 3);
  CHECK(shop(released).edges.empty());
}

TEST_CASE("compileMemory: an empty program is E0004 at its first file") {
  auto c = run({{"empty.npl", "# nothing\n"}});
  REQUIRE(test::codes(c.sink) == std::vector<std::string>{"E0004"});
  CHECK(c.sm.file(c.sink.all().front().span.file).path == "empty.npl");
  CHECK(c.files.empty());
}

}  // namespace
}  // namespace nplc

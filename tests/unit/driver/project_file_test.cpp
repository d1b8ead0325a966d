// driver/project_file: finding nplc.yaml, reading its keys, the errors of a
// bad one (each at its line and column), and what the command line overrides.
#include "driver/project_file.h"

#include <doctest/doctest.h>

#include "../test_support.h"

namespace nplc {
namespace {

namespace fs = std::filesystem;

struct Loaded {
  driver::ProjectLoad load;
  // "line:col message" for each error, in order.
  std::vector<std::string> errors() const {
    std::vector<std::string> out;
    for (const auto& e : load.errors) {
      const auto lc = load.sm.lineCol(e.span.file, e.span.begin);
      out.push_back(std::to_string(lc.line) + ":" + std::to_string(lc.col) + " " + e.message);
    }
    return out;
  }
};

// `text` as <dir>/nplc.yaml, read from <dir>/`from`.
Loaded parse(const test::TempDir& dir, const std::string& text, const std::string& from = "") {
  const fs::path root = fs::canonical(dir.path());
  fs::create_directories(root / from);
  return {driver::parseProjectFile(text, root / "nplc.yaml", (root / from).lexically_normal())};
}

TEST_CASE("project file: every key, paths relative to the working directory") {
  test::TempDir dir;
  auto r = parse(dir,
                 "# comment\n"
                 "sources: [policies, shared]\n"
                 "output: deploy/out\n"
                 "target: [kubernetes, cilium]\n"
                 "pod-cidr: 10.1.0.0/16\n"
                 "service-cidr: [10.96.0.0/12]\n"
                 "warnings: [error, no-error=W0004]\n"
                 "cilium-deny-rules: true\n",
                 "policies/sub");
  INFO(r.errors());
  REQUIRE(r.load.project);
  const auto& p = *r.load.project;
  CHECK(p.folder == fs::canonical(dir.path()));
  CHECK(*p.sources == std::vector<std::string>{"..", "../../shared"});
  CHECK(*p.output == "../../deploy/out");
  CHECK(*p.targets == std::vector<std::string>{"kubernetes", "cilium"});
  CHECK(*p.podCidrs == std::vector<std::string>{"10.1.0.0/16"});
  CHECK(*p.serviceCidrs == std::vector<std::string>{"10.96.0.0/12"});
  CHECK(*p.warnings == std::vector<std::string>{"error", "no-error=W0004"});
  CHECK(*p.ciliumDenyRules);
}

TEST_CASE("project file: an empty file, or only comments, sets nothing") {
  test::TempDir dir;
  for (const std::string text : {"", "# nothing yet\n"}) {
    auto r = parse(dir, text);
    REQUIRE(r.load.project);
    CHECK_FALSE(r.load.project->sources);
    CHECK_FALSE(r.load.project->output);
    CHECK_FALSE(r.load.project->targets);
  }
}

TEST_CASE("project file: each bad key or value is an error at its place, and nothing is kept") {
  test::TempDir dir;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"taget: [cilium]\n", "1:1 unknown key 'taget'"},
      {"output: out\nallow-root: /\n", "2:1 unknown key 'allow-root'"},
      {"output: [a, b]\n", "1:9 'output' is one path"},
      {"target: [kubernetes, cillium]\n", "1:22 invalid target 'cillium'"},
      {"pod-cidr: [10.0.0.1/8]\n", "1:12 invalid pod-cidr '10.0.0.1/8'"},
      {"warnings: [no-such-warning]\n", "1:12 invalid warning flag 'no-such-warning'"},
      {"cilium-deny-rules: yes\n", "1:20 'cilium-deny-rules' is true or false"},
      {"sources: {a: b}\n", "1:10 'sources' is a list of strings"},
      {"sources: []\n", "1:10 'sources' is an empty list"},
      {"sources: [policies, ../elsewhere]\n",
       "1:21 source '../elsewhere' is outside the project (the folder of nplc.yaml)"},
      {"output: /tmp\n", "1:9 output '/tmp' is outside the project (the folder of nplc.yaml)"},
      {"output: out\noutput: out2\n", "2:1 'output' is given twice"},
      {"output:\n", "1:1 'output' has no value"},
      {"- a\n- b\n", "1:1 the project file is not a mapping of keys to values"},
  };
  for (const auto& c : cases) {
    const auto& text = c.first;  // named: INFO captures it (clang 14 rejects a binding)
    const auto& want = c.second;
    auto r = parse(dir, text);
    INFO(text);
    CHECK_FALSE(r.load.project);
    CHECK(r.errors() == std::vector<std::string>{want});
    CHECK_FALSE(r.load.errors.front().help.empty());
  }
}

TEST_CASE("project file: the help of an unknown key names the closest one") {
  test::TempDir dir;
  auto r = parse(dir, "targets: [cilium]\n");
  REQUIRE(r.load.errors.size() == 1);
  CHECK(r.load.errors[0].help == "did you mean 'target'?");
}

TEST_CASE("project file: not YAML is one error at the parser's position") {
  test::TempDir dir;
  auto r = parse(dir, "output: out\ntarget: [kubernetes\n");
  REQUIRE(r.load.errors.size() == 1);
  CHECK(r.load.errors[0].message.find("not valid YAML") != std::string::npos);
  CHECK_FALSE(r.load.project);
}

TEST_CASE("project file: a symlink under the project that leaves it is outside") {
  test::TempDir dir, other;
  fs::create_directory_symlink(other.path(), dir.path() / "link");
  auto r = parse(dir, "sources: [link]\n");
  CHECK(r.errors() == std::vector<std::string>{"1:11 source 'link' is outside the project (the folder of nplc.yaml)"});
}

TEST_CASE("findProjectFile: the nearest one up, and never above the repository's top level") {
  test::TempDir dir;
  const fs::path root = fs::canonical(dir.path());
  dir.write("nplc.yaml", "");
  dir.write("a/b/x.npl", "");
  CHECK(driver::findProjectFile(root / "a" / "b") == root / "nplc.yaml");
  dir.write("a/nplc.yaml", "");
  CHECK(driver::findProjectFile(root / "a" / "b") == root / "a" / "nplc.yaml");
  fs::create_directory(root / "a" / "b" / ".git");
  CHECK_FALSE(driver::findProjectFile(root / "a" / "b"));
}

TEST_CASE("applyProjectFile: the command line wins; -W flags of the file come first") {
  driver::ProjectFile p;
  p.sources = std::vector<std::string>{"policies"};
  p.output = "out";
  p.targets = std::vector<std::string>{"cilium"};
  p.podCidrs = std::vector<std::string>{"10.1.0.0/16"};
  p.warnings = std::vector<std::string>{"error"};
  p.folder = "/project";

  driver::CommonOptions none;
  std::string outDir;
  std::vector<std::string> targets = {"kubernetes"};
  driver::applyProjectFile(p, {}, none, &outDir, targets);
  CHECK(none.paths == std::vector<std::string>{"policies"});
  CHECK(outDir == "out");
  CHECK(targets == std::vector<std::string>{"cilium"});
  CHECK(none.podCidrs == std::vector<std::string>{"10.1.0.0/16"});
  CHECK(none.projectFolder == "/project");

  driver::CommonOptions given;
  given.paths = {"other"};
  given.podCidrs = {"10.2.0.0/16"};
  given.warningFlags = {"no-error"};
  outDir = "elsewhere";
  targets = {"docs"};
  driver::applyProjectFile(p, {true, true, true, true, false}, given, &outDir, targets);
  CHECK(given.paths == std::vector<std::string>{"other"});
  CHECK(outDir == "elsewhere");
  CHECK(targets == std::vector<std::string>{"docs"});
  CHECK(given.podCidrs == std::vector<std::string>{"10.2.0.0/16"});
  CHECK(given.warningFlags == std::vector<std::string>{"error", "no-error"});
}

}  // namespace
}  // namespace nplc

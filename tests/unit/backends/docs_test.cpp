// Unit tests for the documentation targets: backends/markdown (escaping,
// Markdown blocks, links, size limits), backends/graph and backends/dot.
#include <doctest/doctest.h>

#include <regex>
#include <string>

#include "../test_support.h"
#include "backends/dot/dot_backend.h"
#include "backends/graph/dependency_graph.h"
#include "model/describe.h"
#include "backends/markdown/markdown_backend.h"
#include "backends/markdown/markdown_text.h"
#include "backends/markdown/mermaid.h"
#include "driver/compile.h"

using namespace nplc;
namespace md = backends::markdown;
namespace fs = std::filesystem;

namespace {

struct Docs {
  std::unique_ptr<test::Compiled> c;
  backends::OutputFiles files;
  std::string out;  // the output folder the links were computed for

  const std::string& page(const std::string& rel) const {
    auto it = files.find(rel);
    REQUIRE_MESSAGE(it != files.end(), "no ", rel);
    return it->second;
  }
};

Docs docs(const std::map<std::string, std::string>& sources, const std::string& url = "") {
  Docs d;
  d.c = test::compileFiles(sources);
  INFO(test::joinCodes(d.c->sink));
  REQUIRE_FALSE(d.c->sink.hasErrors());
  d.out = (d.c->dir.path() / "out").string();
  backends::TargetOptions opts;
  opts.outDir = d.out;
  opts.docsSourceUrl = url;
  const std::vector<diag::Diagnostic> analysis = d.c->sink.sorted();
  d.files = md::generate({d.c->sm, d.c->prog(), opts, analysis, d.c->sink});
  return d;
}

int count(const std::string& s, const std::string& what) {
  int n = 0;
  for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

const char* const kShop = R"(use std/dns
namespace production {
  deny-all baseline
  allow dns
  service api
  service database { app: postgres, tier: data }
  api -> database:5432
  api -> database:5433
  web -> api:8080 GET /v1/*
  service web
}
)";

}  // namespace

TEST_CASE("mermaidString: quotes, entity starts and HTML become Mermaid entity codes") {
  CHECK(md::mermaidString(R"(pods { v: "" })") == "pods { v: #quot;#quot; }");
  CHECK(md::mermaidString("a#b<c>d&e`f") == "a#35;b#lt;c#gt;d#amp;e#96;f");
  // Dashes, dots, slashes, single quotes and Mermaid keywords need nothing
  // inside a quoted label: ids are generated.
  CHECK(md::mermaidString("end web-gw corp.office /a'b/*") == "end web-gw corp.office /a'b/*");
}

TEST_CASE("Markdown text helpers") {
  CHECK(md::code("a") == "`a`");
  CHECK(md::code("a`b") == "``a`b``");
  CHECK(md::code("`x") == "`` `x ``");
  CHECK(md::text("a*b_c|d") == "a\\*b\\_c\\|d");
  CHECK(md::anchor("Service web-gateway") == "service-web-gateway");
  CHECK(md::anchor("What only Cilium enforces") == "what-only-cilium-enforces");
  CHECK(md::anchor("Namespace a.b (x)") == "namespace-ab-x");
  CHECK(md::linkDestination("../my dir/f(1).npl#L3") == "../my%20dir/f%281%29.npl#L3");
}

TEST_CASE("Document: one blank line between blocks, escaped table cells") {
  md::Document d;
  d.heading(1, "T");
  d.paragraph("p");
  d.bullets({"a", "b"});
  d.table({"x", "y"}, {{"a|b", ""}});
  d.fenced("mermaid", "flowchart LR\n");
  CHECK(d.str() ==
        "# T\n\np\n\n- a\n- b\n\n| x | y |\n| --- | --- |\n| a\\|b | — |\n\n```mermaid\nflowchart LR\n```\n");
}

TEST_CASE("describe: ports and selectors in NPL notation") {
  using P = model::Port;
  P n;
  n.port = 53;
  n.protocol = model::Protocol::UDP;
  P r;
  r.kind = P::Kind::Range;
  r.port = 7000;
  r.endPort = 7010;
  P named;
  named.kind = P::Kind::Named;
  named.name = "http";
  P all;
  all.kind = P::Kind::AllOfProtocol;
  all.protocol = model::Protocol::SCTP;
  CHECK(model::portsText({n, r, named, all}) == "53/UDP, 7000-7010/TCP, http/TCP, every SCTP port");
  CHECK(model::portsText({}) == "every port and protocol");
  model::LabelSelector sel;
  sel.reqs = {test::eq("app", "x"),
              {ast::ReqOp::In, "tier", {"a", ""}},
              {ast::ReqOp::NotIn, "t", {"b"}},
              {ast::ReqOp::Exists, "k", {}},
              {ast::ReqOp::DoesNotExist, "canary", {}}};
  CHECK(model::selectorNpl(sel) == R"(app: x, tier in (a, ""), t notin (b), k, !canary)");
}

TEST_CASE("dependency graph: one node per peer, edges between the same ends share an arrow") {
  auto c = test::compileText(kShop);
  const auto g = backends::graph::build(c->prog());
  // api, database, web, every pod of production, kube-dns
  REQUIRE(g.nodes.size() == 5);
  std::vector<std::string> labels;
  for (const auto& n : g.nodes) labels.push_back(n.label);
  CHECK(labels == std::vector<std::string>{"kube-dns", "api", "database", "web", "every pod (*)"});
  REQUIRE(g.arrows.size() == 3);
  const auto& apiDb = g.arrows[0];
  CHECK(g.nodes[apiDb.from].label == "api");
  CHECK(g.nodes[apiDb.to].label == "database");
  CHECK(apiDb.labels == std::vector<std::string>{"5432/TCP", "5433/TCP"});
  CHECK(apiDb.edges.size() == 2);
  CHECK_FALSE(apiDb.onlyBundles);
  bool dnsDotted = false;
  for (const auto& a : g.arrows) dnsDotted = dnsDotted || (g.nodes[a.to].label == "kube-dns" && a.onlyBundles);
  CHECK(dnsDotted);
  const auto level = backends::graph::namespaceLevel(c->prog());
  REQUIRE(level.nodes.size() == 2);  // kube-system, production
  CHECK(level.boxes.empty());
}

TEST_CASE("dot: labels are escaped DOT strings") {
  CHECK(backends::dot::quoted(R"(pods { v: "" } a\b)") == R"("pods { v: \"\" } a\\b")");
  auto c = test::compileText(kShop);
  const backends::TargetOptions opts;
  const std::vector<diag::Diagnostic> none;
  const auto files = backends::dot::generate({c->sm, c->prog(), opts, none, c->sink});
  REQUIRE(files.count("dot/services.dot") == 1);
  const auto& dot = files.at("dot/services.dot");
  CHECK(dot.find("n2 -> n3 [label=\"5432/TCP\\n5433/TCP\"];") != std::string::npos);
  CHECK(dot.find("style=dashed") != std::string::npos);
}

TEST_CASE("docs: an index, one page per namespace, links relative to each page") {
  const Docs d = docs({{"policies/shop.npl", kShop}});
  CHECK(d.files.size() == 3);  // index, production, kube-system (referred to by dns)
  const auto& page = d.page("docs/namespaces/production.md");
  // The link text is the path as shown (here relative to the working
  // directory, which the temporary folder is outside of).
  CHECK(page.find(":7](../../../policies/shop.npl#L7)") != std::string::npos);
  CHECK(d.page("docs/index.md").find("](../../policies/shop.npl)") != std::string::npos);
  // Every relative link to a source resolves from the page's folder, and no
  // absolute path is written anywhere.
  const std::regex linkRe(R"(\]\(([^)#]+\.npl)(#L[0-9]+)?\))");
  for (const auto& file : d.files) {
    // Named, not a structured binding: doctest's CHECK_MESSAGE captures it in a
    // lambda, which clang 14 (the sanitizer build) rejects for a binding.
    const std::string& rel = file.first;
    const std::string& text = file.second;
    for (auto p = text.find(d.c->dir.str()); p != std::string::npos; p = text.find(d.c->dir.str(), p + 1)) {
      CHECK_MESSAGE((p >= 2 && text.compare(p - 2, 2, "..") == 0), rel, " has an absolute path");
    }
    for (std::sregex_iterator it(text.begin(), text.end(), linkRe), end; it != end; ++it) {
      const fs::path target = ((fs::path(d.out) / rel).parent_path() / (*it)[1].str()).lexically_normal();
      CHECK_MESSAGE(fs::exists(target), rel, ": ", (*it)[1].str());
    }
  }
  // Bundle rows point at the `allow` line and at the standard library.
  CHECK(page.find(":4](../../../policies/shop.npl#L4) (`allow dns`, defined at `std/dns` line") != std::string::npos);
}

TEST_CASE("docs: --docs-source-url links every source line under the URL") {
  const Docs d = docs({{"shop.npl", kShop}}, "https://example.com/repo/blob/main/");
  // The temporary folder is outside the working directory: its path is
  // shown relative to it, and the URL is not used for such a path.
  const auto& page = d.page("docs/namespaces/production.md");
  CHECK(page.find("https://example.com") == std::string::npos);
  CHECK(page.find("](../../../shop.npl#L7)") != std::string::npos);
}

TEST_CASE("docs: past the size limit the index draws namespaces, and a namespace page leaves its diagram out") {
  std::string npl = "namespace big {\n";
  for (int i = 0; i < 90; ++i) npl += "  service s" + std::to_string(i) + "\n";
  for (int i = 1; i < 90; ++i) npl += "  s" + std::to_string(i - 1) + " -> s" + std::to_string(i) + ":80\n";
  npl += "}\nnamespace small {\n  service a\n  a -> big/s0:80\n}\n";
  const Docs d = docs({{"big.npl", npl}});
  const auto& index = d.page("docs/index.md");
  CHECK(index.find("too many for one readable diagram") != std::string::npos);
  CHECK(index.find("[\"big: 90 services, 89 edges inside\"]") != std::string::npos);
  CHECK(index.find("-->|\"1 edge\"|") != std::string::npos);  // small -> big
  CHECK(index.find("subgraph") == std::string::npos);
  CHECK(count(index, "```mermaid") == 1);
  const auto& big = d.page("docs/namespaces/big.md");
  CHECK(big.find("```mermaid") == std::string::npos);
  CHECK(big.find("Left out: 91 nodes and 90 arrows") != std::string::npos);
  CHECK(count(d.page("docs/namespaces/small.md"), "```mermaid") == 1);
}

TEST_CASE("docs: with too many namespaces even for the namespace view, the index leaves its diagram out") {
    std::string npl;
    for (int i = 0; i < 85; ++i) {
        npl += "namespace n" + std::to_string(i) + " {\n  service a\n  a -> n" + std::to_string((i + 1) % 85) + "/a:80\n}\n";
    }
    const Docs d = docs({{"many.npl", npl}});
    const auto& index = d.page("docs/index.md");
    CHECK(index.find("```mermaid") == std::string::npos);
    CHECK(index.find("even a diagram of namespaces would have 85 nodes and 85 arrows") != std::string::npos);
    CHECK(count(d.page("docs/namespaces/n7.md"), "```mermaid") == 1);
}

TEST_CASE("docs: lists the analysis's warnings whatever other targets run, and is deterministic") {
  test::TempDir dir;
  const std::string src = dir.write(
      "in/main.npl", "namespace shop {\n  service api\n  service web\n  web -> api:8080 GET /x\n  api -> web\n}\n");
  auto build = [&](std::set<std::string> targets) {
    driver::Compilation c;
    backends::TargetOptions opts;
    opts.outDir = (dir.path() / "out").string();
    driver::compile(c, {src}, targets, opts);
    INFO(test::joinCodes(c.sink));
    REQUIRE(c.program.has_value());
    backends::OutputFiles docsOnly;
    for (const auto& [k, v] : c.files) {
      if (k.rfind("docs/", 0) == 0) docsOnly[k] = v;
    }
    return docsOnly;
  };
  const auto alone = build({"docs"});
  const auto withK8s = build({"docs", "kubernetes", "dot"});
  CHECK(alone == withK8s);
  const auto& index = alone.at("docs/index.md");
  CHECK(index.find("`W0004`") != std::string::npos);               // analysis: no ports
  CHECK(index.find("`W0001`") == std::string::npos);               // kubernetes target's own
  CHECK(index.find("HTTP routes `GET /x`") != std::string::npos);  // ... said under "What only Cilium enforces"
}

// Unit tests for lint/: the -W flags' order semantics, where suppressions
// apply, the configurable cluster ranges, and details of the checks that the
// golden cases do not pin down. Programs go through driver::compile, as the
// command line runs them.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "../test_support.h"
#include "diag/render_formats.h"
#include "driver/compile.h"
#include "lint/controls.h"

using namespace nplc;
using Strings = std::vector<std::string>;

namespace {

struct Run {
  test::TempDir dir;
  driver::Compilation c;
};

std::unique_ptr<Run> run(const std::string& text, const lint::Options& opts = {}) {
  auto r = std::make_unique<Run>();
  r->c.lintOptions = opts;
  const auto path = r->dir.write("main.npl", text);
  driver::compile(r->c, {path}, {"kubernetes"});
  return r;
}

// Compiles `text` as main.npl in `dir` (the same path for several runs).
std::unique_ptr<driver::Compilation> runIn(const test::TempDir& dir, const std::string& text) {
  auto c = std::make_unique<driver::Compilation>();
  driver::compile(*c, {dir.write("main.npl", text)}, {"kubernetes"});
  return c;
}

Strings codesOf(const diag::Sink& sink) { return test::codes(sink); }

// A sink holding one warning of each given code (no spans).
diag::Sink sinkWith(const Strings& codes) {
  diag::Sink s;
  for (const auto& c : codes) s.report(c, {}, "m");
  return s;
}

Strings describe(const diag::Sink& s) {
  Strings out;
  for (const auto& d : s.sorted()) out.push_back(d.code + (d.severity == diag::Severity::Error ? ":E" : ":W"));
  return out;
}

util::Cidr cidr(const char* t) { return *util::parseCidr(t).cidr; }

}  // namespace

TEST_CASE("-W flags apply in order") {
  auto apply = [](const Strings& flags) {
    auto s = sinkWith({"W0004", "W0200", "W0205"});
    lint::WarningFlags{flags}.apply(s);
    return describe(s);
  };
  CHECK(apply({}) == Strings{"W0004:W", "W0200:W", "W0205:W"});
  CHECK(apply({"no-missing-baseline"}) == Strings{"W0004:W", "W0205:W"});
  CHECK(apply({"no-W0200"}) == Strings{"W0004:W", "W0205:W"});
  CHECK(apply({"no-all", "missing-ports"}) == Strings{"W0004:W"});
  CHECK(apply({"missing-ports", "no-all"}).empty());
  CHECK(apply({"error"}) == Strings{"W0004:E", "W0200:E", "W0205:E"});
  CHECK(apply({"error", "no-error=duplicate-edge"}) == Strings{"W0004:E", "W0200:E", "W0205:W"});
  CHECK(apply({"error=duplicate-edge"}) == Strings{"W0004:W", "W0200:W", "W0205:E"});
  CHECK(apply({"no-duplicate-edge", "error=duplicate-edge"}) == Strings{"W0004:W", "W0200:W", "W0205:E"});
  CHECK(apply({"error", "no-error"}) == Strings{"W0004:W", "W0200:W", "W0205:W"});
  CHECK(apply({"no-missing-baseline", "error"}) == Strings{"W0004:E", "W0205:E"});
  CHECK(apply({"no-all", "error"}).empty());
}

TEST_CASE("-W flags: errors are never touched, and a promoted warning counts as an error") {
  diag::Sink s;
  s.report("E0103", {}, "m");
  s.report("W0004", {}, "m");
  lint::WarningFlags{{"no-all"}}.apply(s);
  CHECK(describe(s) == Strings{"E0103:E"});
  auto t = sinkWith({"W0004"});
  CHECK_FALSE(t.hasErrors());
  lint::WarningFlags{{"error"}}.apply(t);
  CHECK(t.hasErrors());
  CHECK(t.errorCount() == 1);
  CHECK(t.warningCount() == 0);
}

TEST_CASE("-W flags: unknown names are usage errors with a suggestion") {
  CHECK_FALSE(lint::WarningFlags{{"error", "no-unused", "error=W0204", "all"}}.validate());
  const auto bad = lint::WarningFlags{{"no-missing-baselin"}}.validate();
  REQUIRE(bad);
  CHECK(bad->find("'-Wno-missing-baselin'") != std::string::npos);
  CHECK(bad->find("did you mean 'missing-baseline'?") != std::string::npos);
  CHECK(lint::WarningFlags{{"no-E0103"}}.validate());  // errors have no -W name
  CHECK(lint::WarningFlags{{"no-no-missing-dns"}}.validate());
}

TEST_CASE("suppressions: same line, next code line, several codes, names") {
  const auto r = run(R"(namespace shop {
  deny-all ingress baseline
  service web
  service api
  web -> api:8080
  web -> api:8080   # nplc:ignore duplicate-edge: on the line

  # nplc:ignore W0205 W0204: on the next line with code, past blanks and comments
  # another comment

  web -> api:8080
  web -> api:8080
}
)");
  // The last duplicate (line 12) is not covered: the suppression above covers line 11 only.
  const auto w = test::withCode(r->c.sink, "W0205");
  REQUIRE(w.size() == 1);
  CHECK(r->c.sm.lineCol(w[0].span.file, w[0].span.begin).line == 12);
  // W0204 named in the second one matched nothing there.
  const auto unused = test::withCode(r->c.sink, "W0210");
  REQUIRE(unused.size() == 1);
  CHECK(unused[0].message.find("W0204") != std::string::npos);
}

TEST_CASE("suppressions: not reported as unused when the compilation stopped on errors") {
  const auto r = run(R"(namespace shop {
  deny-all ingress baseline
  service web
  # nplc:ignore W0205: would be unused, but nothing ran
  web -> apii:8080
}
)");
  CHECK(codesOf(r->c.sink) == Strings{"E0103"});
}

TEST_CASE("cidr-in-cluster follows --pod-cidr and --service-cidr") {
  const std::string text = R"(namespace shop {
  deny-all ingress baseline
  service api
  external nodes = 172.20.4.0/24
  external old-pods = 10.244.1.0/24
  nodes -> api:8080
  old-pods -> api:8080
}
)";
  CHECK(codesOf(run(text)->c.sink) == Strings{"W0202"});  // only 10.244.1.0/24, by default
  lint::Options custom;
  custom.podCidrs = {cidr("172.20.0.0/16")};
  custom.serviceCidrs = {cidr("172.21.0.0/16")};
  const auto r = run(text, custom);
  const auto w = test::withCode(r->c.sink, "W0202");
  REQUIRE(w.size() == 1);
  CHECK(w[0].message == "`172.20.4.0/24` is inside the cluster's pod range 172.20.0.0/16");
}

TEST_CASE("missing-dns: a named port or a port range counts as port 53, a wrong protocol does not") {
  CHECK(codesOf(run(R"(namespace shop {
  deny-all baseline
  service api
  * -> kube-system/kube-dns:dns/udp, 50-60/tcp
  api -> any:443  # nplc:ignore open-egress: not about DNS
}
external namespace kube-system {
  service kube-dns { k8s-app: kube-dns }
}
)")
                    ->c.sink)
            .empty());
  const auto r = run(R"(namespace shop {
  deny-all baseline
  * -> kube-system/kube-dns:53/sctp
}
external namespace kube-system {
  service kube-dns { k8s-app: kube-dns }
}
)");
  const auto w = test::withCode(r->c.sink, "W0201");
  REQUIRE(w.size() == 1);
  CHECK(w[0].message.find("on UDP and TCP port 53") != std::string::npos);
}

// W0201 looks up the policies that may select a service by one requirement of
// theirs (lint_namespaces.cpp, egressPolicies): a wider service's policy,
// whose labels are a subset of the service's in another order, still counts.
TEST_CASE("missing-dns: the egress policy of a service whose labels are a subset of this one's gives it DNS") {
  const auto r = run(R"(namespace shop {
  deny-all ingress baseline
  service wide { app: a }
  service narrow { tier: b, app: a }
  service sibling { app: a, tier: c }
  deny-all egress wide
  deny-all egress narrow
  deny-all egress sibling
  wide -> kube-system/kube-dns:53/udp, 53/tcp
  narrow -> sibling:80
  sibling -> narrow:80
}
external namespace kube-system {
  service kube-dns { k8s-app: kube-dns }
}
)");
  CHECK(test::withCode(r->c.sink, "W0201").empty());  // wide's policy selects narrow's and sibling's pods
  const auto other = run(R"(namespace shop {
  deny-all ingress baseline
  service narrow { tier: b, app: a }
  service sibling { app: a, tier: c }
  deny-all egress narrow
  deny-all egress sibling
  sibling -> kube-system/kube-dns:53/udp, 53/tcp
  narrow -> sibling:80
}
external namespace kube-system {
  service kube-dns { k8s-app: kube-dns }
}
)");
  const auto w = test::withCode(other->c.sink, "W0201");
  REQUIRE(w.size() == 1);  // sibling's policy does not select narrow's pods
  CHECK(w[0].message.find("service 'narrow'") != std::string::npos);
}

TEST_CASE("redundant-edge: a CIDR hole is not covered; any covers what it generates rules for") {
  // `web -> api` also isolates api's ingress, which `web -> any` does not: not
  // implied. Its egress-only form is.
  const auto r = run(R"(external internet = 0.0.0.0/0 except private, 192.0.2.0/24
namespace shop {
  deny-all baseline   # nplc:ignore missing-dns: not about DNS
  service api
  service web
  api -> internet:443
  api -> 192.0.2.0/25:443
  api -> 198.51.100.0/24:443
  web -> any:443      # nplc:ignore open-egress: testing redundancy
  web -> api:443
  egress web -> api:443
}
)");
  INFO(test::joinCodes(r->c.sink));
  CHECK(codesOf(r->c.sink) == Strings{"W0204", "W0204"});
  const auto w = test::withCode(r->c.sink, "W0204");
  REQUIRE(w.size() == 2);
  CHECK(r->c.sm.text(w[0].span) == "api -> 198.51.100.0/24:443");
  CHECK(r->c.sm.text(w[1].span) == "egress web -> api:443");
}

TEST_CASE("redundant-edge: wide sources cover through every index; a different source does not") {
  // The checker files edges by destination and by source; a source that
  // contains others (`*`, a CIDR) must still be found for every
  // narrower source, and an edge from another service never is.
  const auto r = run(R"(namespace shop {
  deny-all baseline   # nplc:ignore missing-dns: not about DNS
  service api
  service web
  service db
  * -> any:443           # nplc:ignore open-egress: testing redundancy
  web -> any:443
  web -> 203.0.113.0/24:443
  * -> 10.1.0.0/16:80
  api -> 10.1.2.0/24:80
  10.9.0.0/16 -> web:8080
  10.9.1.0/24 -> web:8080
  db -> 10.1.0.0/16:81
  api -> 10.1.2.0/24:81
  * -> *:9000
  web -> db:9000
  api -> any:25          # nplc:ignore open-egress: testing redundancy
  web -> any:25          # nplc:ignore open-egress: testing redundancy
}
)");
  INFO(test::joinCodes(r->c.sink));
  Strings implied;
  for (const auto& d : test::withCode(r->c.sink, "W0204")) implied.emplace_back(r->c.sm.text(d.span));
  CHECK(implied == Strings{"web -> any:443", "web -> 203.0.113.0/24:443", "api -> 10.1.2.0/24:80",
                           "10.9.1.0/24 -> web:8080", "web -> db:9000"});
}

TEST_CASE("sarif fingerprints do not change when lines are added above") {
  test::TempDir dir;
  auto fingerprints = [&](const std::string& text) {
    const auto c = runIn(dir, text);
    std::ostringstream out;
    const auto diags = c->sink.sorted();
    diag::renderSarif(out, c->sm, diags, {});
    const auto doc = nlohmann::json::parse(out.str());
    Strings fps;
    for (const auto& res : doc["runs"][0]["results"]) {
      fps.push_back(res["partialFingerprints"]["nplcFingerprint/v1"]);
    }
    return fps;
  };
  const std::string body = R"(namespace shop {
  deny-all ingress baseline
  service web
  service api
  web -> api:8080
  web -> api:8080
  web -> api:8080
}
)";
  const auto before = fingerprints(body);
  const auto after = fingerprints("# a comment\n\n" + body);
  REQUIRE(before.size() == 2);
  CHECK(before[0] != before[1]);  // identical lines are counted apart
  CHECK(before == after);
}

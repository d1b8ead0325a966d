// eval/equivalence.h and the driver's check: the differences between the
// targets' objects, explained by the language or reported as a bug with the
// verdicts and the source lines.
#include "eval/equivalence.h"

#include <doctest/doctest.h>

#include "driver/commands.h"
#include "driver/compile.h"
#include "eval/judges.h"
#include "util/check.h"

namespace nplc {
namespace {

const char* const kShop =
    "namespace shop {\n"
    "  deny-all baseline\n"
    "  service web { app: web }\n"
    "  service api { app: api }\n"
    "  external stripe = dns \"api.stripe.com\"\n"
    "  web -> api:8080 GET /v1/*\n"
    "  api -> stripe:443\n"
    "}\n";

driver::Compilation compiled() {
  driver::Compilation c;
  driver::compileMemory(c, {{"main.npl", kShop}}, {"kubernetes", "cilium"});
  REQUIRE_FALSE(c.sink.hasErrors());
  return c;
}

std::vector<eval::Difference> differences(const driver::Compilation& c) {
  const auto judges = eval::judgeTargets(*c.program, {"kubernetes", "cilium"}, c.files);
  return eval::compareTargets(*c.program, judges->model, judges->targets, c.origins);
}

}  // namespace

TEST_CASE("equivalence: the differences the language defines, and nothing else") {
  const auto c = compiled();
  const auto diffs = differences(c);
  REQUIRE(diffs.size() == 2);
  // HTTP rules: NetworkPolicy opens the whole port.
  CHECK(diffs[0].from == "shop/web");
  CHECK(diffs[0].to == "shop/api");
  CHECK(diffs[0].http);
  CHECK(diffs[0].allows == "kubernetes");
  CHECK(diffs[0].explanation.find("HTTP rules") == 0);
  // DNS names: only Cilium reaches them.
  CHECK(diffs[1].from == "shop/api");
  CHECK(diffs[1].to == "api.stripe.com (matches stripe)");
  CHECK(diffs[1].port == 443);
  CHECK(diffs[1].allows == "cilium");
  CHECK(diffs[1].explanation == "DNS names have no NetworkPolicy form");
  CHECK_NOTHROW(driver::checkEquivalence(c, {"kubernetes", "cilium"}, false));
}

TEST_CASE("equivalence: the lookups Cilium needs for a DNS name, which NetworkPolicy does not open") {
  // No `allow dns` in shop: the Cilium target still lets api ask kube-dns, so
  // that its DNS proxy learns api.stripe.com's addresses; NetworkPolicy denies
  // it. (ops's `allow dns` puts kube-dns in the model.)
  const std::string text =
      std::string("use std/dns\nnamespace ops {\n  deny-all baseline\n  allow dns\n  service tool\n}\n") + kShop;
  driver::Compilation c;
  driver::compileMemory(c, {{"main.npl", text}}, {"kubernetes", "cilium"});
  REQUIRE_FALSE(c.sink.hasErrors());
  std::vector<std::string> lookups;
  for (const auto& d : differences(c)) {
    if (d.explanation.find("DNS lookups") == std::string::npos) continue;
    lookups.push_back(d.allows + " " + d.from + " -> " + d.to + " " + std::to_string(d.port) + "/" + d.protocol);
  }
  CHECK(lookups == std::vector<std::string>{"cilium shop/api -> kube-system/kube-dns 53/TCP",
                                            "cilium shop/api -> kube-system/kube-dns 53/UDP"});
  CHECK_NOTHROW(driver::checkEquivalence(c, {"kubernetes", "cilium"}, false));
}

TEST_CASE("equivalence: a broken object set is an internal error with the pair, the verdicts and the lines") {
  auto c = compiled();
  // A backend bug: the Kubernetes object opens 8081 instead of 8080 at
  // api's ingress (web's egress still opens 8080 only: neither passes).
  auto& yaml = c.files.at("kubernetes/shop/api-ingress.yaml");
  const auto at = yaml.find("port: 8080");
  REQUIRE(at != std::string::npos);
  yaml.replace(at, 10, "port: 8081");
  const auto diffs = differences(c);
  std::vector<std::string> unexplained;
  for (const auto& d : diffs) {
    if (d.explanation.empty()) unexplained.push_back(d.allows + " " + d.from + " -> " + d.to + " " + std::to_string(d.port));
  }
  CHECK(unexplained == std::vector<std::string>{"cilium shop/web -> shop/api 8080"});
  try {
    driver::checkEquivalence(c, {"kubernetes", "cilium"}, false);
    FAIL("no internal error");
  } catch (const util::InternalError& e) {
    const std::string what = e.what();
    INFO(what);
    CHECK(what.find("cilium allows shop/web -> shop/api port 8080/TCP, kubernetes does not") != std::string::npos);
    // The deciding lines as eval/reasons states them.
    CHECK(what.find("main.npl:6: allowed by this edge (CiliumNetworkPolicy shop/api-ingress ingress[0])") !=
          std::string::npos);
    CHECK(what.find("main.npl:2: the ingress of shop/api is isolated by `deny-all baseline` (NetworkPolicy "
                    "shop/default-deny-all)") != std::string::npos);
    CHECK(what.find("no edge allows it at the ingress of shop/api") != std::string::npos);
  }
}

}  // namespace nplc

// driver/expectations.h and eval/reasons.h: `expect` judged on each target's
// generated objects, and the source lines named when one fails.
#include <doctest/doctest.h>

#include "../test_support.h"
#include <fmt/format.h>

#include "driver/compile.h"
#include "driver/effective_access.h"

namespace nplc {
namespace {

driver::Compilation run(const std::string& text, const std::set<std::string>& targets = {"kubernetes", "cilium"}) {
  driver::Compilation c;
  driver::compileMemory(c, {{"main.npl", text}}, targets);
  return c;
}

// The codes of the errors (the program's warnings, W0201 and such, aside).
std::vector<std::string> errors(const driver::Compilation& c) {
  std::vector<std::string> out;
  for (const auto& d : c.sink.sorted()) {
    if (d.severity == diag::Severity::Error) out.push_back(d.code);
  }
  return out;
}

// The 1-based line of each label of the first diagnostic with `code`.
std::vector<std::pair<std::uint32_t, std::string>> labels(const driver::Compilation& c, const std::string& code) {
  std::vector<std::pair<std::uint32_t, std::string>> out;
  for (const auto& d : c.sink.sorted()) {
    if (d.code != code) continue;
    for (const auto& l : d.labels) out.push_back({c.sm.lineCol(l.span.file, l.span.begin).line, l.message});
    break;
  }
  return out;
}

const char* const kShop =
    "namespace shop {\n"             // 1
    "  deny-all baseline\n"          // 2
    "  service web\n"                // 3
    "  service api ports { http: 8080 }\n"  // 4
    "  web -> api:http GET /v1/*\n"  // 5
    "  deny web -> api:22\n";        // 6

TEST_CASE("expect: every expectation is judged once per target, HTTP only where requests are judged") {
  auto c = run(std::string(kShop) +
               "  expect web -> api:8080 allowed\n"
               "  expect web -> api:http GET /v1/x allowed\n"
               "  expect web -> api:8080 POST /v1/x denied\n"
               "  expect api -> web:8080 denied on kubernetes\n"
               "}\n");
  INFO(test::joinCodes(c.sink));
  CHECK_FALSE(c.sink.hasErrors());
  std::vector<std::string> judged;
  for (const auto& r : c.expectResults) {
    CHECK(r.passed);
    judged.push_back(std::to_string(r.expect) + " " + r.target);
  }
  CHECK(judged == std::vector<std::string>{"0 kubernetes", "0 cilium", "1 cilium", "2 cilium", "3 kubernetes"});
}

TEST_CASE("expect: a failed expectation names the edge that allowed it, or the policy that isolated the end") {
  auto allowed = run(std::string(kShop) + "  expect web -> api:8080 denied on cilium\n}\n");
  REQUIRE(errors(allowed) == std::vector<std::string>{"E0310"});
  // Both ends: web's egress and api's ingress, each allowed by the edge on line 5.
  const auto lines = labels(allowed, "E0310");
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].first == 5);
  CHECK(lines[1].first == 5);
  CHECK(lines[0].second.find("allowed by this edge (CiliumNetworkPolicy shop/web-egress egress[") == 0);

  auto denied = run(std::string(kShop) + "  expect api -> web:8080 allowed on kubernetes\n}\n");
  REQUIRE(errors(denied) == std::vector<std::string>{"E0310"});
  const auto why = labels(denied, "E0310");
  // The baseline (line 2) isolates api's egress and web's ingress, and no edge allows it.
  REQUIRE(why.size() == 2);
  CHECK(why[0].first == 2);
  CHECK(why[0].second == "the egress of shop/api is isolated by `deny-all baseline` (NetworkPolicy shop/default-deny-all)");
  CHECK(why[1].second.find("the ingress of shop/web is isolated by `deny-all baseline`") == 0);
  std::vector<std::string> notes;
  for (const auto& d : denied.sink.sorted()) {
    if (d.code == "E0310") notes = d.notes;
  }
  CHECK(notes == std::vector<std::string>{"no edge allows it at the egress of shop/api",
                                          "no edge allows it at the ingress of shop/web"});
  CHECK(denied.files.empty());  // no output while an expectation fails
}

TEST_CASE("expect: with the docs target (whose evaluators the expectations reuse), the same verdicts and lines") {
  const std::string text = std::string(kShop) +
                           "  expect web -> api:8080 allowed\n"
                           "  expect web -> api:8080 POST /v1/x allowed\n"
                           "  expect api -> web:8080 allowed on kubernetes\n"
                           "}\n";
  const auto alone = run(text);
  const auto withDocs = run(text, {"kubernetes", "cilium", "docs"});
  REQUIRE(withDocs.docsJudgement);
  REQUIRE(withDocs.docsJudgement->judges);
  const auto results = [](const driver::Compilation& c) {
    std::vector<std::string> out;
    for (const auto& r : c.expectResults)
      out.push_back(fmt::format("{} {} {} {}", r.expect, r.target, r.passed, r.failure));
    return out;
  };
  CHECK(results(alone).size() == 4);
  CHECK(results(withDocs) == results(alone));
  CHECK(errors(withDocs) == std::vector<std::string>{"E0310", "E0310"});
  CHECK(labels(withDocs, "E0310") == labels(alone, "E0310"));
  // Passing (so that the build keeps its files): the expectations took the
  // pages' evaluators.
  const auto passing = run(std::string(kShop) + "  expect web -> api:8080 allowed\n}\n", {"kubernetes", "cilium", "docs"});
  REQUIRE(passing.expectResults.size() == 2);
  CHECK(driver::sharedJudges(passing, {"kubernetes", "cilium"}).size() == 2);
}

TEST_CASE("expect: ends, ports and targets that cannot be judged are E0309") {
  auto c = run(std::string(kShop) +
               "  expect web -> api allowed\n"
               "  expect web -> api:grpc allowed\n"
               "  expect any -> api:8080 denied\n"
               "}\n");
  CHECK(errors(c) == std::vector<std::string>{"E0309", "E0309", "E0309"});
  // Targets are the driver's: checked once the program compiled.
  auto target = run(std::string(kShop) + "  expect web -> api:8080 allowed on cillium\n}\n");
  CHECK(errors(target) == std::vector<std::string>{"E0309"});
}

}  // namespace
}  // namespace nplc

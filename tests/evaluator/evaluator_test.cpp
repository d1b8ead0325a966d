// Self-test of the reachability evaluator: unit checks of the NetworkPolicy
// semantics, then every step of the upstream e2e scenarios evaluated with the
// upstream policies must reproduce the expected reachability tables.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <cstdlib>

#include "network_policy.h"
#include "reachability.h"
#include "scenario.h"

using namespace npl::eval;

#ifndef NPL_E2E_SCENARIOS
#define NPL_E2E_SCENARIOS "tests/conformance/e2e_scenarios.json"
#endif

namespace {

std::string fixturePath() {
  const char* env = std::getenv("NPL_E2E_SCENARIOS");
  return env && *env ? env : NPL_E2E_SCENARIOS;
}

// x, y with pods a, b (pod=<name>); ports 80/TCP "http", 53/UDP "dns", 81/TCP.
Cluster smallCluster() {
  Cluster c;
  c.addNamespace({"x", {{"kubernetes.io/metadata.name", "x"}}});
  c.addNamespace({"y", {{"kubernetes.io/metadata.name", "y"}, {"team", "blue"}}});
  int n = 0;
  for (std::string ns : {"x", "y"})
    for (std::string p : {"a", "b"})
      c.addPod({ns,
                p,
                {{"pod", p}},
                "10.0.0." + std::to_string(++n),
                {{"http", 80, "TCP"}, {"dns", 53, "UDP"}, {"", 81, "TCP"}}});
  return c;
}

Evaluator eval(const Cluster& c, const std::string& yaml) { return Evaluator(c, parsePolicies(yaml)); }

const char* kHead = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: x}\n";

}  // namespace

TEST_CASE("selectors: matchLabels AND matchExpressions; NotIn matches an absent key") {
  LabelSelector s;
  s.matchLabels = {{"pod", "a"}};
  s.matchExpressions.push_back({"tier", Requirement::Op::NotIn, {"db"}});
  CHECK(s.matches({{"pod", "a"}}));
  CHECK(s.matches({{"pod", "a"}, {"tier", "web"}}));
  CHECK_FALSE(s.matches({{"pod", "a"}, {"tier", "db"}}));
  CHECK_FALSE(s.matches({{"pod", "b"}}));
  LabelSelector e;
  e.matchExpressions.push_back({"k", Requirement::Op::Exists, {}});
  e.matchExpressions.push_back({"j", Requirement::Op::DoesNotExist, {}});
  CHECK(e.matches({{"k", ""}}));
  CHECK_FALSE(e.matches({{"k", "1"}, {"j", "2"}}));
  CHECK(LabelSelector{}.matches({}));
}

TEST_CASE("defaulting: policyTypes from egress rules, protocol TCP") {
  auto ps = parsePolicies(std::string(kHead) + "spec:\n  podSelector: {}\n  egress: [{ports: [{port: 80}]}]\n");
  REQUIRE(ps.size() == 1);
  CHECK(ps[0].isolatesIngress);
  CHECK(ps[0].isolatesEgress);
  CHECK(ps[0].egress[0].ports[0].protocol == "TCP");
  auto qs = parsePolicies(std::string(kHead) + "spec:\n  podSelector: {}\n");
  CHECK(qs[0].isolatesIngress);
  CHECK_FALSE(qs[0].isolatesEgress);
}

TEST_CASE("both ends must allow; peers; ports") {
  Cluster c = smallCluster();
  // Egress of x/a only to y/a on 80; y/b's ingress only from x/a.
  auto ev = eval(c, std::string(kHead) +
                        "spec:\n  podSelector: {matchLabels: {pod: a}}\n  policyTypes: [Egress]\n"
                        "  egress:\n  - to: [{namespaceSelector: {matchLabels: {team: blue}}, podSelector: "
                        "{matchLabels: {pod: a}}}]\n    ports: [{port: 80}]\n"
                        "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"
                        "metadata: {name: q, namespace: y}\nspec:\n  podSelector: {matchLabels: {pod: b}}\n"
                        "  ingress: [{from: [{namespaceSelector: {}, podSelector: {matchLabels: {pod: a}}}]}]\n");
  CHECK(ev.allowed("x/a", "y/a", 80, "TCP"));
  CHECK_FALSE(ev.allowed("x/a", "y/a", 81, "TCP"));
  CHECK_FALSE(ev.allowed("x/a", "y/a", 80, "UDP"));
  CHECK_FALSE(ev.allowed("x/a", "y/b", 80, "TCP"));  // egress denies
  CHECK(ev.allowed("x/b", "x/a", 80, "TCP"));
  CHECK(ev.allowed("y/a", "y/b", 80, "TCP"));        // pod=a in any namespace
  CHECK_FALSE(ev.allowed("x/b", "y/b", 80, "TCP"));  // ingress denies
  // podSelector alone = the policy's namespace; separate items are ORed.
  auto ev2 = eval(c, std::string(kHead) +
                         "spec:\n  podSelector: {matchLabels: {pod: a}}\n"
                         "  ingress: [{from: [{podSelector: {matchLabels: {pod: b}}}, "
                         "{namespaceSelector: {matchLabels: {team: blue}}}]}]\n");
  CHECK(ev2.allowed("x/b", "x/a", 80, "TCP"));
  CHECK(ev2.allowed("y/a", "x/a", 80, "TCP"));
  CHECK(ev2.allowed("y/b", "x/a", 80, "TCP"));
  CHECK(ev2.allowed("x/a", "x/b", 80, "TCP"));  // x/b not selected
}

TEST_CASE("ports: named (destination), ranges, protocol only, ipBlock except") {
  Cluster c = smallCluster();
  auto ev = eval(c, std::string(kHead) +
                        "spec:\n  podSelector: {}\n  ingress:\n  - ports: [{port: dns, protocol: UDP}, "
                        "{port: 7000, endPort: 7010}]\n  - ports: [{protocol: SCTP}]\n"
                        "  - from: [{ipBlock: {cidr: 10.0.0.0/29, except: [10.0.0.4/30]}}]\n"
                        "    ports: [{port: http}]\n");
  CHECK(ev.allowed("y/a", "x/a", 53, "UDP"));
  CHECK_FALSE(ev.allowed("y/a", "x/a", 53, "TCP"));
  CHECK(ev.allowed("y/a", "x/a", 7010, "TCP"));
  CHECK_FALSE(ev.allowed("y/a", "x/a", 7011, "TCP"));
  CHECK(ev.allowed("y/a", "x/a", 9999, "SCTP"));
  CHECK(ev.allowed("x/b", "x/a", 80, "TCP"));        // 10.0.0.2
  CHECK_FALSE(ev.allowed("y/b", "x/a", 80, "TCP"));  // 10.0.0.4 excepted
  CHECK_FALSE(ev.allowed("x/b", "x/a", 81, "TCP"));  // unnamed port
  // Host bits are masked: 10.0.0.9/4 = 0.0.0.0/4.
  auto cidr = Cidr::parse("10.0.0.9/4");
  REQUIRE(cidr);
  CHECK(cidr->str() == "0.0.0.0/4");
  CHECK(cidr->contains(*Cidr::parseAddress("15.1.2.3")));
  CHECK_FALSE(cidr->contains(*Cidr::parseAddress("16.0.0.1")));
}

TEST_CASE("invalid policies are rejected") {
  auto bad = [](const std::string& spec) { return std::string(kHead) + "spec:\n" + spec; };
  CHECK_THROWS_AS(parsePolicies(bad("  podSelector: {}\n  ingress: [{from: [{}]}]\n")), PolicyError);
  CHECK_THROWS_AS(parsePolicies(bad("  podSelector: {}\n  ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8}, "
                                    "podSelector: {}}]}]\n")),
                  PolicyError);
  CHECK_THROWS_AS(parsePolicies(bad("  podSelector: {}\n  ingress: [{ports: [{protocol: tcp}]}]\n")), PolicyError);
  CHECK_THROWS_AS(parsePolicies(bad("  podSelector: {}\n  ingres: []\n")), PolicyError);
  CHECK_THROWS_AS(parsePolicies(bad("  podSelector: {matchExpressions: [{key: a, operator: in, values: [b]}]}\n")),
                  PolicyError);
  CHECK_THROWS_AS(parsePolicies(bad("  podSelector: {}\n  ingress: [{ports: [{port: \"80\"}]}]\n")), PolicyError);
  CHECK_THROWS_AS(parsePolicies(bad("  podSelector: {}\n  egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, "
                                    "except: [11.0.0.0/16]}}]}]\n")),
                  PolicyError);
  CHECK_THROWS_AS(parsePolicies("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: x}\n"), PolicyError);
}

TEST_CASE("upstream e2e scenarios: the upstream policies reproduce every expected table") {
  std::vector<Step> steps = loadSteps(fixturePath());
  REQUIRE(steps.size() == 58);
  int failedSteps = 0;
  for (const auto& step : steps) {
    std::vector<NetworkPolicy> policies;
    for (std::size_t i = 0; i < step.upstreamPoliciesYaml.size(); ++i) {
      auto ps = parsePolicies(step.upstreamPoliciesYaml[i], step.label() + " policy " + std::to_string(i));
      policies.insert(policies.end(), ps.begin(), ps.end());
    }
    Evaluator ev(step.cluster, std::move(policies));
    auto mismatches = compare(step, ev);
    std::string msg = step.label() + ": " + std::to_string(mismatches.size()) + " pair(s) differ";
    for (const auto& m : mismatches) msg += "\n    " + m.str();
    CHECK_MESSAGE(mismatches.empty(), msg);
    if (!mismatches.empty()) ++failedSteps;
  }
  std::string summary =
      std::to_string(steps.size() - failedSteps) + " of " + std::to_string(steps.size()) + " steps match";
  MESSAGE(summary);
}

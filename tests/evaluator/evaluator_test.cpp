// Test of the NetworkPolicy evaluator (compiler/eval/): unit checks of the
// NetworkPolicy semantics, then every step of the upstream e2e scenarios evaluated with the
// upstream policies must reproduce the expected reachability tables.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <cstdlib>

#include "eval/network_policy.h"
#include "eval/network_policy_eval.h"
#include "scenario.h"

using namespace nplc::eval;

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

NetworkPolicyEvaluator eval(const Cluster& c, const std::string& yaml) {
  return NetworkPolicyEvaluator(c, parsePolicies(yaml));
}

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
  auto cidr = parseLenientCidr("10.0.0.9/4");
  REQUIRE(cidr);
  CHECK(cidr->str() == "0.0.0.0/4");
  CHECK(inBlock("15.1.2.3", *cidr, {}));
  CHECK_FALSE(inBlock("16.0.0.1", *cidr, {}));
  CHECK_FALSE(parseLenientCidr("10.0.0.9"));
  CHECK_FALSE(parseLenientCidr("10.0.0.0/33"));
  CHECK_FALSE(parseLenientCidr("10.0.0.0/08"));
}

TEST_CASE("ends that are not pods: ipBlock matches their address, selectors never; they are never isolated") {
  Cluster c = smallCluster();
  auto ev = eval(c, std::string(kHead) +
                        "spec:\n  podSelector: {matchLabels: {pod: a}}\n  policyTypes: [Ingress, Egress]\n"
                        "  egress:\n  - to: [{ipBlock: {cidr: 203.0.113.0/24, except: [203.0.113.100/32]}}]\n"
                        "    ports: [{port: 443}]\n  - to: [{namespaceSelector: {}}]\n"
                        "  ingress:\n  - from: [{ipBlock: {cidr: 0.0.0.0/0}}]\n    ports: [{port: http}]\n");
  const Pod& a = *c.findPod("x/a");
  const Endpoint office = Endpoint::ofAddress("203.0.113.7");
  const Endpoint excepted = Endpoint::ofAddress("203.0.113.100");
  CHECK(ev.allowed(a, office, 443, "TCP"));
  CHECK_FALSE(ev.allowed(a, office, 80, "TCP"));
  CHECK_FALSE(ev.allowed(a, excepted, 443, "TCP"));
  CHECK_FALSE(ev.allowed(a, Endpoint::ofDnsName("api.example.com"), 443, "TCP"));  // no address: no ipBlock
  CHECK(ev.allowed(a, Endpoint::ofDnsName("api.example.com", "203.0.113.9"), 443, "TCP"));
  CHECK_FALSE(ev.allowed(a, Endpoint::ofEntity("kube-apiserver"), 443, "TCP"));
  // Ingress from outside: the named port is the destination pod's.
  CHECK(ev.allowed(office, a, 80, "TCP"));
  CHECK_FALSE(ev.allowed(office, a, 81, "TCP"));
  // Traffic towards an outside end is judged at the source only.
  CHECK(ev.allowed(*c.findPod("x/b"), office, 9999, "UDP"));
}

TEST_CASE("verdicts name the objects that decided them") {
  Cluster c = smallCluster();
  auto ev = eval(c, std::string(kHead) + "spec:\n  podSelector: {}\n  ingress:\n  - ports: [{port: 80}]\n"
                        "  - from: [{podSelector: {matchLabels: {pod: b}}}]\n"
                        "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"
                        "metadata: {name: q, namespace: x}\nspec:\n  podSelector: {matchLabels: {pod: a}}\n"
                        "  policyTypes: [Ingress]\n");
  const Pod &a = *c.findPod("x/a"), &b = *c.findPod("x/b"), &ya = *c.findPod("y/a");
  const PolicyRef p{"NetworkPolicy", "x", "p"}, q{"NetworkPolicy", "x", "q"};
  Verdict both = ev.evaluate(b, a, 80, "TCP");
  CHECK(both.allowed());
  CHECK_FALSE(both.egress.isolated);
  CHECK(both.ingress.isolatedBy == std::vector<PolicyRef>{p, q});
  CHECK(both.ingress.allowedBy == std::vector<RuleRef>{{p, "ingress", 0}, {p, "ingress", 1}});
  Verdict none = ev.evaluate(ya, a, 81, "TCP");
  CHECK_FALSE(none.allowed());
  CHECK(none.ingress.isolated);
  CHECK(none.ingress.allowedBy.empty());
  CHECK(none.ingress.deniedBy.empty());  // NetworkPolicy has no deny rules: isolation denies
  Verdict lone = ev.evaluate(ya, b, 81, "TCP");
  CHECK(lone.ingress.isolatedBy == std::vector<PolicyRef>{p});
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
    NetworkPolicyEvaluator ev(step.cluster, std::move(policies));
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

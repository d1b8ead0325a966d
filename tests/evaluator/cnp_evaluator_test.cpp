// Test of the ClusterNetworkPolicy evaluator (compiler/eval/): the reader's
// CRD validation, the tiers on hand-written objects, then every probe of the
// upstream conformance suite (tests/conformance/cluster-network-policy/)
// evaluated with the upstream policies of its step: 301 of 301.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <cstdlib>
#include <iostream>

#include "cnp_scenario.h"
#include "eval/cluster_network_policy.h"
#include "eval/cluster_network_policy_eval.h"

using namespace nplc::eval;

#ifndef NPL_CNP_SCENARIOS
#define NPL_CNP_SCENARIOS "tests/conformance/cluster-network-policy/scenarios.json"
#endif

namespace {

std::string policy(const std::string& spec, const std::string& name = "p") {
  return "apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: " + name +
         "}\nspec:\n" + spec;
}

// Namespaces x (team: a) and y; pods x/a, x/b, y/a (ports web=80/TCP,
// dns=53/UDP) and a host-network pod y/h on node n1 (10.0.9.1).
Cluster smallCluster() {
  Cluster c;
  c.addNamespace({"x", {{"kubernetes.io/metadata.name", "x"}, {"team", "a"}}});
  c.addNamespace({"y", {{"kubernetes.io/metadata.name", "y"}}});
  int n = 0;
  for (auto [ns, p] : {std::pair{"x", "a"}, std::pair{"x", "b"}, std::pair{"y", "a"}})
    c.addPod({ns, p, {{"pod", p}}, "10.0.0." + std::to_string(++n), {{"web", 80, "TCP"}, {"dns", 53, "UDP"}}});
  Pod h{"y", "h", {{"pod", "h"}}, "10.0.9.1", {{"web-8000", 8000, "TCP"}}};
  h.hostNetwork = true;
  c.addPod(h);
  c.addNode({"n1", {{"kubernetes.io/os", "linux"}}, {"10.0.9.1"}});
  return c;
}

TieredEvaluator evaluator(const std::string& cnps, const std::string& nps = "") {
  std::vector<NetworkPolicy> np;
  if (!nps.empty()) np = parsePolicies(nps);
  return TieredEvaluator(smallCluster(), parseClusterNetworkPolicies(cnps), std::move(np));
}

std::string rejection(const std::string& spec) {
  try {
    parseClusterNetworkPolicies(policy(spec));
  } catch (const PolicyError& e) {
    return e.what();
  }
  return "";
}

const std::string kSubjectX = "  subject: {namespaces: {matchLabels: {team: a}}}\n";

}  // namespace

TEST_CASE("reader: the CRD's rules, CEL included") {
  const std::string admin = "  tier: Admin\n  priority: 5\n" + kSubjectX;
  CHECK(rejection(admin).empty());
  CHECK(rejection("  tier: Admin\n  priority: 1001\n" + kSubjectX).find("0..1000") != std::string::npos);
  CHECK(rejection("  tier: Other\n  priority: 1\n" + kSubjectX).find("Admin or Baseline") != std::string::npos);
  CHECK(rejection("  tier: Admin\n  priority: 1\n").find("subject is required") != std::string::npos);
  CHECK(rejection("  tier: Admin\n  priority: 1\n  subject: {namespaces: {}, pods: {namespaceSelector: {}, podSelector: {}}}\n")
            .find("exactly one") != std::string::npos);
  auto rule = [&](const std::string& r) { return rejection(admin + "  egress:\n  - " + r + "\n"); };
  CHECK(rule("{action: Accept, to: [{namespaces: {}}]}").empty());
  CHECK(rule("{action: Allow, to: [{namespaces: {}}]}").find("Accept, Deny or Pass") != std::string::npos);
  CHECK(rule("{action: Accept, to: []}").find("1 to 25") != std::string::npos);
  CHECK(rule("{action: Accept}").find("to: is required") != std::string::npos);
  CHECK(rule("{action: Deny, to: [{namespaces: {}}], protocols: [{tcp: {}}]}").find("destinationPort is required") !=
        std::string::npos);
  CHECK(rule("{action: Deny, to: [{namespaces: {}}], protocols: [{tcp: {destinationPort: {range: {start: 9, end: 9}}}}]}")
            .find("start must be less") != std::string::npos);
  CHECK(rule("{action: Deny, to: [{networks: [10.0.0.0/8, 10.0.0.0/8]}]}").find("duplicate") != std::string::npos);
  CHECK(rule("{action: Deny, to: [{domainNames: [example.com]}]}").find("Accept rules only") != std::string::npos);
  CHECK(rule("{action: Accept, to: [{domainNames: ['*.example.com', 'bad_.x']}]}").find("domain name") !=
        std::string::npos);
  CHECK(rule("{action: Accept, to: [{networks: [10.0.0.0/8]}], protocols: [{destinationNamedPort: web}]}")
            .find("destinationNamedPort cannot") != std::string::npos);
  CHECK(rule("{action: Accept, name: " + std::string(101, 'n') + ", to: [{namespaces: {}}]}").find("100") !=
        std::string::npos);
  CHECK(rejection(admin + "  ingress:\n  - {action: Accept, from: [{networks: [10.0.0.0/8]}]}\n")
            .find("unknown field 'networks'") != std::string::npos);
  std::string many = admin + "  ingress:\n";
  for (int i = 0; i < 26; ++i) many += "  - {action: Accept, from: [{namespaces: {}}]}\n";
  CHECK(rejection(many).find("at most 25 rules") != std::string::npos);
}

TEST_CASE("tiers: Admin, then NetworkPolicy, then Baseline, then allow") {
  const std::string np =
      "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: only-b, namespace: x}\n"
      "spec:\n  podSelector: {matchLabels: {pod: a}}\n  ingress: [{from: [{podSelector: {matchLabels: {pod: b}}}]}]\n";
  // Admin accepts y -> x on 80; Baseline denies every ingress into x.
  const std::string cnps = policy("  tier: Admin\n  priority: 1\n" + kSubjectX +
                                  "  ingress:\n  - {action: Accept, from: [{namespaces: {matchLabels: "
                                  "{kubernetes.io/metadata.name: y}}}], protocols: [{tcp: {destinationPort: {number: 80}}}]}\n") +
                           "---\n" + policy("  tier: Baseline\n  priority: 1\n" + kSubjectX +
                                             "  ingress:\n  - {action: Deny, from: [{namespaces: {}}]}\n", "b");
  auto ev = evaluator(cnps, np);
  CHECK(ev.allowed("y/a", "x/a", 80, "TCP"));       // Admin Accept beats the NetworkPolicy
  CHECK_FALSE(ev.allowed("y/a", "x/a", 81, "TCP")); // the NetworkPolicy isolates x/a
  CHECK(ev.allowed("x/b", "x/a", 81, "TCP"));       // the NetworkPolicy allows; Baseline not reached
  CHECK_FALSE(ev.allowed("x/a", "x/b", 81, "TCP")); // x/b: no NetworkPolicy, Baseline Deny
  CHECK(ev.allowed("x/a", "y/a", 81, "TCP"));       // y is no subject
}

TEST_CASE("first match by priority; Pass skips the rest of the tier") {
  const std::string cnps = policy("  tier: Admin\n  priority: 20\n" + kSubjectX +
                                  "  egress:\n  - {action: Deny, to: [{namespaces: {}}]}\n") +
                           "---\n" +
                           policy("  tier: Admin\n  priority: 10\n" + kSubjectX +
                                      "  egress:\n  - {action: Pass, to: [{pods: {namespaceSelector: {}, podSelector: "
                                      "{matchLabels: {pod: b}}}}]}\n  - {action: Accept, to: [{networks: [10.0.0.3/32]}]}\n",
                                  "q");
  auto ev = evaluator(cnps);
  CHECK(ev.allowed("x/a", "x/b", 80, "TCP"));        // Pass at priority 10: the Deny at 20 is skipped
  CHECK(ev.allowed("x/a", "y/a", 80, "TCP"));        // Accept at 10
  CHECK(ev.allowed("y/a", "x/a", 80, "TCP"));        // y/a is no subject; x/a's ingress has no rule
  const Verdict v = ev.evaluate(*ev.cluster().findPod("x/b"), *ev.cluster().findPod("x/a"), 80, "TCP");
  CHECK_FALSE(v.allowed());                          // Deny at 20
  REQUIRE(v.egress.deniedBy.size() == 1);
  CHECK(v.egress.deniedBy[0].str() == "ClusterNetworkPolicy p egress[0]");
}

TEST_CASE("peers: host network, nodes, named ports, domain names; self") {
  const std::string cnps = policy("  tier: Admin\n  priority: 1\n" + kSubjectX +
                                  "  egress:\n"
                                  "  - {action: Accept, to: [{nodes: {matchLabels: {kubernetes.io/os: linux}}}]}\n"
                                  "  - {action: Accept, to: [{domainNames: ['*.example.com']}]}\n"
                                  "  - {action: Accept, to: [{namespaces: {}}], protocols: [{destinationNamedPort: dns}]}\n"
                                  "  - {action: Deny, to: [{networks: [0.0.0.0/0]}]}\n");
  auto ev = evaluator(cnps);
  const Pod& xa = *ev.cluster().findPod("x/a");
  CHECK(ev.allowed("x/a", "y/h", 8000, "TCP"));      // a host-network pod is its node's address
  CHECK(ev.evaluate(xa, Endpoint::ofDnsName("api.eu.example.com"), 443, "TCP").allowed());
  CHECK_FALSE(ev.evaluate(xa, Endpoint::ofDnsName("example.com", "192.0.2.1"), 443, "TCP").allowed());
  CHECK(ev.allowed("x/a", "y/a", 53, "UDP"));        // the named port dns
  CHECK_FALSE(ev.allowed("x/a", "y/a", 54, "UDP"));  // networks 0.0.0.0/0 covers pods
  CHECK(ev.allowed("x/a", "x/a", 54, "UDP"));        // a pod reaching itself
  // A host-network pod is no subject and no `namespaces` peer.
  auto sel = evaluator(policy("  tier: Admin\n  priority: 1\n  subject: {namespaces: {}}\n"
                              "  ingress:\n  - {action: Deny, from: [{namespaces: {}}]}\n"));
  CHECK(sel.allowed("y/a", "y/h", 8000, "TCP"));
  CHECK(sel.allowed("y/h", "x/a", 80, "TCP"));
  CHECK_FALSE(sel.allowed("y/a", "x/a", 80, "TCP"));
}

TEST_CASE("upstream conformance: 301 probes from the upstream policies") {
  const char* env = std::getenv("NPL_CNP_SCENARIOS");
  const auto steps = loadCnpSteps(env && *env ? env : NPL_CNP_SCENARIOS);
  REQUIRE(steps.size() == 96);
  std::size_t probes = 0, passed = 0;
  for (const auto& step : steps) {
    PolicySet set;
    for (std::size_t i = 0; i < step.policiesYaml.size(); ++i)
      parseMixedPolicies(step.policiesYaml[i], step.label() + " policy " + std::to_string(i), set);
    TieredEvaluator ev(step.cluster, std::move(set.cluster), std::move(set.namespaced));
    for (const auto& p : step.probes) {
      ++probes;
      const bool got = ev.allowed(p.client, p.server, p.port, p.protocol);
      if (got == p.expected) {
        ++passed;
        continue;
      }
      FAIL_CHECK(step.label() << " line " << p.sourceLine << ": " << p.client << " -> " << p.server << " " << p.port
                              << "/" << p.protocol << " expected " << (p.expected ? "allowed" : "denied"));
    }
  }
  std::cout << passed << " of " << probes << " probes hold\n";
  CHECK(probes == 301);
  CHECK(passed == probes);
}

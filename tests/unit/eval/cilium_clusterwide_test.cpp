// Issue 23 on the Cilium target alone: the cluster-scope blocks become
// CiliumClusterwideNetworkPolicy objects (backends/cilium/clusterwide.h).
// Proven by evaluation: the contract's verdicts hold with the Cilium build
// alone, and over each program's model the Cilium build allows exactly what
// kubernetes with cluster-network-policy allows (eval/equivalence.h), or the
// Cilium build refuses the program with E0606-E0609.
#include <doctest/doctest.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <fstream>
#include <sstream>

#include "driver/compile.h"
#include "eval/equivalence.h"
#include "eval/judges.h"

using namespace nplc;

namespace {

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in, path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string testFile(const std::string& relative) { return readFile(std::string(NPLC_TEST_DIR) + "/" + relative); }

driver::Compilation build(const std::string& text, const std::set<std::string>& targets) {
  driver::Compilation c;
  driver::compileMemory(c, {{"main.npl", text}}, targets);
  return c;
}

std::vector<std::string> codes(const driver::Compilation& c) {
  std::vector<std::string> out;
  for (const auto& d : c.sink.sorted())
    if (d.severity == diag::Severity::Error) out.push_back(d.code);
  return out;
}

// The differences between kubernetes + cluster-network-policy and Cilium
// alone that the language does not define ("FROM -> TO PORT/PROTO: allowed
// by TARGET"), or nullopt when the Cilium build refuses the program (its
// error codes in `refused`).
std::optional<std::vector<std::string>> unexplained(const std::string& text, std::vector<std::string>& refused) {
  const auto tiers = build(text, {"kubernetes", "cluster-network-policy"});
  REQUIRE_MESSAGE(!tiers.sink.hasErrors(), "kubernetes,cluster-network-policy fails");
  const auto alone = build(text, {"cilium"});
  refused = codes(alone);
  if (!refused.empty()) return std::nullopt;
  const auto judges = eval::judgeTargets(*tiers.program, {"kubernetes"}, tiers.files);
  const auto cilium = eval::evaluatorFor("cilium", judges->model.cluster, alone.files);
  REQUIRE(cilium);
  REQUIRE(cilium->objects() > 0);
  backends::RuleOrigins origins = tiers.origins;
  origins.insert(alone.origins.begin(), alone.origins.end());
  std::vector<std::string> out;
  for (const auto& d : eval::compareTargets(*tiers.program, judges->model,
                                            {judges->targets.front(), {"cilium", cilium.get()}}, origins)) {
    if (d.explanation.empty())
      out.push_back(fmt::format("{} -> {} {}/{}: allowed by {}", d.from, d.to, d.port, d.protocol, d.allows));
  }
  return out;
}

}  // namespace

TEST_CASE("issue 23 contract on Cilium alone: the verdicts hold with CiliumClusterwideNetworkPolicy") {
  const auto c = build(testFile("golden/cases/ok-cilium-clusterwide/main.npl"), {"cilium"});
  for (const auto& d : c.sink.sorted()) INFO(d.code, " ", d.message);
  REQUIRE_FALSE(c.sink.hasErrors());
  CHECK(c.files.count("cilium/admin-0001-egress.yaml") == 1);
  CHECK(c.files.count("cluster-network-policy/kustomization.yaml") == 0);
  // shop (web, api, other), monitoring (prometheus), kube-system (kube-dns),
  // legacy (a, b: a namespace nplc does not manage).
  eval::Cluster cluster;
  for (std::string ns : {"shop", "monitoring", "kube-system", "legacy"})
    cluster.addNamespace({ns, {{"kubernetes.io/metadata.name", ns}}});
  int n = 0;
  auto add = [&](const std::string& ns, const std::string& name, eval::Labels labels) {
    cluster.addPod({ns, name, std::move(labels), "10.244.1." + std::to_string(++n), {}});
  };
  for (std::string app : {"web", "api", "other"}) add("shop", app, {{"app", app}});
  add("monitoring", "prometheus", {{"app", "prometheus"}});
  add("kube-system", "kube-dns", {{"k8s-app", "kube-dns"}});
  add("legacy", "a", {{"app", "a"}});
  add("legacy", "b", {{"app", "b"}});
  const auto judge = eval::evaluatorFor("cilium", cluster, c.files);
  REQUIRE(judge);
  auto pod = [&](const char* key) { return eval::Endpoint(*cluster.findPod(key)); };
  auto allowed = [&](const eval::Endpoint& from, const eval::Endpoint& to, int port, const char* proto = "TCP") {
    return judge->evaluate(from, to, port, proto).allowed();
  };
  for (const auto& p : cluster.pods()) {
    INFO(p.key(), " -> 169.254.169.254:80");
    CHECK_FALSE(allowed(p, eval::Endpoint::ofAddress("169.254.169.254"), 80));
  }
  CHECK(allowed(pod("monitoring/prometheus"), pod("shop/api"), 9090));  // admin allow beats api's ingress policy
  CHECK(allowed(pod("shop/web"), pod("shop/api"), 8080));
  CHECK_FALSE(allowed(pod("shop/other"), pod("shop/api"), 8080));
  CHECK_FALSE(allowed(pod("monitoring/prometheus"), pod("shop/web"), 80));  // baseline deny-all ingress
  CHECK(allowed(pod("shop/web"), pod("kube-system/kube-dns"), 53, "UDP"));  // kube-system is no subject
  CHECK(allowed(pod("legacy/a"), pod("legacy/b"), 80));                     // legacy keeps its behaviour
  CHECK(allowed(pod("monitoring/prometheus"), pod("legacy/a"), 80));
  CHECK(allowed(pod("legacy/a"), eval::Endpoint::ofAddress("192.0.2.10"), 443));
  // ClusterNetworkPolicy's ingress peers are pods: its deny-all ingress
  // leaves other sources open, and so does the Cilium translation.
  CHECK(allowed(eval::Endpoint::ofAddress("192.0.2.10"), pod("shop/web"), 80));
  CHECK_FALSE(allowed(eval::Endpoint::ofAddress("192.0.2.10"), pod("shop/api"), 80));  // api's own policy
}

TEST_CASE("Cilium alone allows what kubernetes with cluster-network-policy allows, or refuses the program") {
  struct Case {
    const char* path;
    std::vector<std::string> refused;  // the Cilium build's errors; empty: translated
  };
  const std::vector<Case> cases = {
      {"golden/cases/ok-cilium-clusterwide/main.npl", {}},
      {"golden/cases/ok-cilium-clusterwide-baseline/main.npl", {}},
      {"../examples/platform-guardrails/guardrails.npl", {"E0606"}},  // `pass`
      {"golden/cases/ok-cluster-network-policy/main.npl", {"E0606"}},
      // a baseline allow from monitoring, whose own policies nplc cannot see
      {"golden/cases/ok-W0216-W0219-cluster-pitfalls-avoided/main.npl", {"E0609"}},
      {"golden/cases/ok-list-forms/main.npl", {}},
      {"golden/cases/warn-W0005-cluster-wildcard/main.npl", {}},
      {"golden/cases/warn-W0216-cluster-baseline-unreached/main.npl", {"E0609"}},  // the same
      {"golden/cases/warn-W0217-admin-deny-edge/main.npl", {}},
      {"golden/cases/warn-W0218-admin-allow-defeats-deny/main.npl", {}},
      {"golden/cases/warn-W0219-admin-deny-dns/main.npl", {}},
  };
  for (const Case& one : cases) {
    const std::string path = one.path;  // named: doctest's INFO cannot capture a structured binding (clang 14)
    const std::vector<std::string>& want = one.refused;
    INFO(path);
    std::vector<std::string> refused;
    const auto diffs = unexplained(testFile(path), refused);
    CHECK(diffs.has_value() == want.empty());
    CHECK(fmt::format("{}", fmt::join(refused, " ")) == fmt::format("{}", fmt::join(want, " ")));
    if (diffs) CHECK(fmt::format("{}", fmt::join(*diffs, "\n")) == "");
  }
}

TEST_CASE("Cilium alone: examples/platform-guardrails without its `pass` allows what the tiers allow") {
  std::string text = testFile("../examples/platform-guardrails/guardrails.npl");
  const std::string pass = "  pass */* -> namespaces { team: payments }";
  REQUIRE(text.find(pass) != std::string::npos);
  text.replace(text.find(pass), pass.size(), "");
  std::vector<std::string> refused;
  const auto diffs = unexplained(text, refused);
  REQUIRE(diffs);
  CHECK(fmt::format("{}", fmt::join(*diffs, "\n")) == "");
  // The build judged the example's expectations on the Cilium objects alone.
  const auto c = build(text, {"cilium"});
  CHECK(c.expectResults.size() == 7);
  for (const auto& r : c.expectResults) CHECK(r.passed);
}

// The contract of issue 23: the example program of cluster-scope blocks
// compiles as written for kubernetes (and cilium) with cluster-network-policy,
// and what the generated objects allow together (eval/generated.h: each
// namespace-policy target is judged with the ClusterNetworkPolicies of the
// build) is what the issue says.
#include <doctest/doctest.h>

#include "driver/compile.h"
#include "eval/generated.h"

using namespace nplc;

namespace {

const char* kContract =
    "use std/dns\n"
    "\n"
    "admin {                                    # tier Admin: namespace policies cannot override\n"
    "  deny */* -> cloud-metadata               # no pod reaches 169.254.169.254\n"
    "  allow monitoring/prometheus -> */*:9090  # scraping always works\n"
    "}\n"
    "\n"
    "baseline {                                 # tier Baseline: defaults that namespace policies override\n"
    "  deny-all ingress\n"
    "}\n"
    "\n"
    "external namespace monitoring { service prometheus }\n"
    "\n"
    "namespace shop {\n"
    "  service web\n"
    "  service api\n"
    "  web -> api:8080\n"
    "}\n";

// shop (web, api, other), monitoring (prometheus), kube-system (kube-dns),
// legacy (a, b: a namespace nplc does not manage).
eval::Cluster contractCluster() {
  eval::Cluster c;
  for (std::string ns : {"shop", "monitoring", "kube-system", "legacy"})
    c.addNamespace({ns, {{"kubernetes.io/metadata.name", ns}}});
  int n = 0;
  auto pod = [&](const std::string& ns, const std::string& name, eval::Labels labels) {
    c.addPod({ns, name, std::move(labels), "10.244.1." + std::to_string(++n), {}});
  };
  for (std::string app : {"web", "api", "other"}) pod("shop", app, {{"app", app}});
  pod("monitoring", "prometheus", {{"app", "prometheus"}});
  pod("kube-system", "kube-dns", {{"k8s-app", "kube-dns"}});
  pod("legacy", "a", {{"app", "a"}});
  pod("legacy", "b", {{"app", "b"}});
  return c;
}

}  // namespace

TEST_CASE("issue 23 contract: admin and baseline blocks, judged with the namespace policies") {
  driver::Compilation c;
  driver::compileMemory(c, {{"platform.npl", kContract}}, {"kubernetes", "cilium", "cluster-network-policy"});
  for (const auto& d : c.sink.sorted()) INFO(d.code, " ", d.message);
  REQUIRE_FALSE(c.sink.hasErrors());
  const eval::Cluster cluster = contractCluster();
  CHECK(eval::evaluatorFor("cluster-network-policy", cluster, c.files) == nullptr);  // a layer, no judge of its own
  for (const char* target : {"kubernetes", "cilium"}) {
    INFO("target ", target);
    auto judge = eval::evaluatorFor(target, cluster, c.files);
    REQUIRE(judge);
    auto pod = [&](const char* key) { return eval::Endpoint(*cluster.findPod(key)); };
    auto allowed = [&](const eval::Endpoint& from, const eval::Endpoint& to, int port, const char* proto = "TCP") {
      return judge->evaluate(from, to, port, proto).allowed();
    };
    const auto metadata = eval::Endpoint::ofAddress("169.254.169.254");
    for (const auto& p : cluster.pods()) {
      INFO(p.key(), " -> 169.254.169.254:80");
      CHECK_FALSE(allowed(p, metadata, 80));
    }
    CHECK(allowed(pod("monitoring/prometheus"), pod("shop/api"), 9090));   // Admin Accept beats api's ingress policy
    CHECK(allowed(pod("shop/web"), pod("shop/api"), 8080));
    CHECK_FALSE(allowed(pod("shop/other"), pod("shop/api"), 8080));
    CHECK_FALSE(allowed(pod("monitoring/prometheus"), pod("shop/web"), 80));  // Baseline deny
    CHECK(allowed(pod("shop/web"), pod("kube-system/kube-dns"), 53, "UDP"));  // kube-system is no subject
    // legacy keeps its behaviour: nothing isolates it.
    CHECK(allowed(pod("legacy/a"), pod("legacy/b"), 80));
    CHECK(allowed(pod("monitoring/prometheus"), pod("legacy/a"), 80));
    CHECK(allowed(pod("legacy/a"), pod("kube-system/kube-dns"), 53, "UDP"));
    CHECK(allowed(pod("legacy/a"), eval::Endpoint::ofAddress("192.0.2.10"), 443));
    // Without the ClusterNetworkPolicies, the target's own objects decide.
    backends::OutputFiles own;
    for (const auto& [path, text] : c.files)
      if (path.rfind(std::string(target) + "/", 0) == 0) own[path] = text;
    CHECK_FALSE(eval::evaluatorFor(target, cluster, own)->evaluate(pod("monitoring/prometheus"), pod("shop/api"), 9090, "TCP").allowed());
  }
}

TEST_CASE("cluster-scope blocks are an error when only kubernetes is built") {
  driver::Compilation c;
  driver::compileMemory(c, {{"platform.npl", kContract}}, {"kubernetes"});
  REQUIRE(c.sink.hasErrors());
  CHECK(c.sink.sorted().front().code == "E0311");
  CHECK(c.files.empty());
}

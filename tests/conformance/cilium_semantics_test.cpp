// What the Cilium target's output allows, beyond the upstream scenarios: each
// program is compiled with nplc (--target cilium), the CiliumNetworkPolicies
// are loaded into the Cilium evaluator, and requests are checked — HTTP rules
// (method and path), DNS names with their DNS lookups, entities, namespace
// labels, and deny rules against someone else's allow-all policy.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "nplc_run.h"

namespace fs = std::filesystem;
using namespace nplc::eval;
using cilium::HttpRequest;

using test::addPod;
using test::build;
using test::ciliumEval;
using test::kubernetesEval;

TEST_CASE("L7: GET /api/v1/users/42 is allowed, POST /api/v1/admin/delete is not") {
  const std::string program = R"(
namespace frontend {
  labels { tier: frontend }
  service web
}
namespace production {
  deny-all baseline
  service api
  service other
  frontend/web -> api:8080 GET /api/v1/users/*, GET /v1.0/status
}
)";
  Cluster c;
  c.addNamespace({"frontend", {{"kubernetes.io/metadata.name", "frontend"}, {"tier", "frontend"}}});
  c.addNamespace({"production", {{"kubernetes.io/metadata.name", "production"}}});
  c.addNamespace({"elsewhere", {{"kubernetes.io/metadata.name", "elsewhere"}}});
  addPod(c, "frontend", "web", {{"app", "web"}});
  addPod(c, "production", "api", {{"app", "api"}});
  addPod(c, "production", "other", {{"app", "other"}});
  addPod(c, "elsewhere", "web", {{"app", "web"}});

  auto ev = ciliumEval(c, build(program, "cilium"));
  const HttpRequest getUser{"GET", "/api/v1/users/42"}, deleteAdmin{"POST", "/api/v1/admin/delete"};
  CHECK(ev.allowed("frontend/web", "production/api", 8080, "TCP", &getUser));
  CHECK_FALSE(ev.allowed("frontend/web", "production/api", 8080, "TCP", &deleteAdmin));

  const HttpRequest postUser{"POST", "/api/v1/users/42"}, usersRoot{"GET", "/api/v1/users"},
      usersSlash{"GET", "/api/v1/users/"}, deep{"GET", "/api/v1/users/42/orders"}, version{"GET", "/v1.0/status"},
      notADot{"GET", "/v1x0/status"}, prefix{"GET", "/x/api/v1/users/42"};
  CHECK_FALSE(ev.allowed("frontend/web", "production/api", 8080, "TCP", &postUser));   // method
  CHECK_FALSE(ev.allowed("frontend/web", "production/api", 8080, "TCP", &usersRoot));  // the glob needs the slash
  CHECK(ev.allowed("frontend/web", "production/api", 8080, "TCP", &usersSlash));
  CHECK(ev.allowed("frontend/web", "production/api", 8080, "TCP", &deep));  // `*` spans slashes
  CHECK(ev.allowed("frontend/web", "production/api", 8080, "TCP", &version));
  CHECK_FALSE(ev.allowed("frontend/web", "production/api", 8080, "TCP", &notADot));  // the dot is literal
  CHECK_FALSE(ev.allowed("frontend/web", "production/api", 8080, "TCP", &prefix));   // anchored
  // L3/L4 around it: other port, other pods, a same-named pod in a namespace without the labels.
  CHECK_FALSE(ev.allowed("frontend/web", "production/api", 8081, "TCP"));
  CHECK_FALSE(ev.allowed("production/other", "production/api", 8080, "TCP", &getUser));
  CHECK_FALSE(ev.allowed("elsewhere/web", "production/api", 8080, "TCP", &getUser));

  // The Kubernetes target can only open the port (W0001): its evaluator sees L4.
  auto k8s = kubernetesEval(c, build(program, "kubernetes"));
  CHECK(k8s.allowed("frontend/web", "production/api", 8080, "TCP"));
  CHECK_FALSE(k8s.allowed("elsewhere/web", "production/api", 8080, "TCP"));
}

TEST_CASE("DNS names: the pod may resolve names through kube-dns, and nothing else there") {
  const std::string program = R"(
use std/dns
namespace payments {
  deny-all baseline
  service checkout
  service ledger
  external stripe = dns "api.stripe.com"
  checkout -> stripe:443
}
)";
  Cluster c;
  c.addNamespace({"payments", {{"kubernetes.io/metadata.name", "payments"}}});
  c.addNamespace({"kube-system", {{"kubernetes.io/metadata.name", "kube-system"}}});
  addPod(c, "payments", "checkout", {{"app", "checkout"}});
  addPod(c, "payments", "ledger", {{"app", "ledger"}});
  addPod(c, "kube-system", "coredns", {{"k8s-app", "kube-dns"}});
  addPod(c, "kube-system", "other", {{"k8s-app", "metrics-server"}});
  auto ev = ciliumEval(c, build(program, "cilium"));
  CHECK(ev.allowed("payments/checkout", "kube-system/coredns", 53, "UDP"));
  CHECK(ev.allowed("payments/checkout", "kube-system/coredns", 53, "TCP"));
  CHECK_FALSE(ev.allowed("payments/checkout", "kube-system/coredns", 54, "UDP"));
  CHECK_FALSE(ev.allowed("payments/checkout", "kube-system/other", 53, "UDP"));
  CHECK_FALSE(ev.allowed("payments/ledger", "kube-system/coredns", 53, "UDP"));  // no DNS name, no `allow dns`
  CHECK_FALSE(ev.allowed("payments/checkout", "payments/ledger", 443, "TCP"));   // toFQDNs matches no pod
}

TEST_CASE("entities and namespace selectors reach pods as NetworkPolicy would") {
  const std::string program = R"(
namespace shop {
  service api
  entity cluster -> api:80
  namespaces { team notin (red) } -> api:81
  pods { role: probe } in * -> api:82
}
)";
  Cluster c;
  c.addNamespace({"shop", {{"kubernetes.io/metadata.name", "shop"}}});
  c.addNamespace({"red", {{"kubernetes.io/metadata.name", "red"}, {"team", "red"}}});
  c.addNamespace({"blue", {{"kubernetes.io/metadata.name", "blue"}, {"team", "blue"}}});
  addPod(c, "shop", "api", {{"app", "api"}});
  addPod(c, "red", "probe", {{"role", "probe"}});
  addPod(c, "blue", "client", {{"role", "client"}});
  auto ev = ciliumEval(c, build(program, "cilium"));
  CHECK(ev.allowed("red/probe", "shop/api", 80, "TCP"));
  CHECK(ev.allowed("blue/client", "shop/api", 80, "TCP"));
  CHECK_FALSE(ev.allowed("red/probe", "shop/api", 81, "TCP"));
  CHECK(ev.allowed("blue/client", "shop/api", 81, "TCP"));
  CHECK(ev.allowed("red/probe", "shop/api", 82, "TCP"));
  CHECK_FALSE(ev.allowed("blue/client", "shop/api", 82, "TCP"));
}

TEST_CASE("--cilium-deny-rules: deny intents hold against someone else's allow-all policy") {
  const std::string program = R"(
namespace payments {
  deny-all baseline
  service checkout
  service ledger
  checkout -> ledger:9000
  deny checkout -> ledger:22
}
)";
  Cluster c;
  c.addNamespace({"payments", {{"kubernetes.io/metadata.name", "payments"}}});
  addPod(c, "payments", "checkout", {{"app", "checkout"}});
  addPod(c, "payments", "ledger", {{"app", "ledger"}});
  const std::string foreign =
      "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: debug-everything, namespace: payments}\n"
      "spec:\n  endpointSelector: {}\n  ingress:\n    - fromEntities: [all]\n  egress:\n    - toEntities: [all]\n";
  auto checksOnly = ciliumEval(c, build(program, "cilium"), foreign);
  CHECK(
      checksOnly.allowed("payments/checkout", "payments/ledger", 22, "TCP"));  // a check holds only for nplc's policies
  auto enforced = ciliumEval(c, build(program, "cilium", {"--cilium-deny-rules"}), foreign);
  CHECK_FALSE(enforced.allowed("payments/checkout", "payments/ledger", 22, "TCP"));
  CHECK(enforced.allowed("payments/checkout", "payments/ledger", 23, "TCP"));
  CHECK(enforced.allowed("payments/checkout", "payments/ledger", 9000, "TCP"));
  // Without the foreign policy the deny policies isolate nothing by themselves.
  auto alone = ciliumEval(c, build(program, "cilium", {"--cilium-deny-rules"}));
  CHECK(alone.allowed("payments/checkout", "payments/ledger", 9000, "TCP"));
  CHECK_FALSE(alone.allowed("payments/checkout", "payments/ledger", 22, "TCP"));
}

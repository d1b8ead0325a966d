// Test of the Cilium evaluator (compiler/eval/): each documented rule of
// Cilium's policy semantics (cilium_eval.h) on hand-written CiliumNetworkPolicies.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "eval/cilium_eval.h"

using namespace nplc::eval;
using cilium::HttpRequest;

namespace {

// x (team=red), y (team=blue), pods a, b in each (pod=<name>); ports 80/TCP
// "http", 53/UDP "dns", 81/TCP.
Cluster smallCluster() {
  Cluster c;
  c.addNamespace({"x", {{"kubernetes.io/metadata.name", "x"}, {"team", "red"}}});
  c.addNamespace({"y", {{"kubernetes.io/metadata.name", "y"}, {"team", "blue"}}});
  int n = 0;
  for (std::string ns : {"x", "y"})
    for (std::string p : {"a", "b"})
      c.addPod({ns,
                p,
                {{"pod", p}},
                "10.244.0." + std::to_string(++n),
                {{"http", 80, "TCP"}, {"dns", 53, "UDP"}, {"", 81, "TCP"}}});
  return c;
}

cilium::Evaluator eval(const std::string& yaml) {
  return cilium::Evaluator(smallCluster(), cilium::parseCiliumPolicies(yaml));
}

std::string cnp(const std::string& ns, const std::string& spec) {
  return "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: p, namespace: " + ns + "}\nspec:\n" +
         spec;
}

}  // namespace

TEST_CASE("cilium: no policy allows everything; `ingress: [{}]` isolates and allows nothing") {
  auto open = eval("");
  CHECK(open.allowed("y/a", "x/a", 80, "TCP"));
  auto deny = eval(cnp("x", "  endpointSelector: {}\n  ingress:\n    - {}\n"));
  CHECK_FALSE(deny.allowed("y/a", "x/a", 80, "TCP"));
  CHECK_FALSE(deny.allowed("x/b", "x/a", 80, "TCP"));
  CHECK(deny.allowed("x/a", "y/a", 80, "TCP"));  // egress not isolated, y not selected
}

TEST_CASE("cilium: endpointSelector and fromEndpoints are scoped to the policy's namespace") {
  auto e = eval(cnp("x", "  endpointSelector: {matchLabels: {pod: a}}\n  ingress:\n    - fromEndpoints: [{}]\n"));
  CHECK(e.allowed("x/b", "x/a", 80, "TCP"));
  CHECK_FALSE(e.allowed("y/b", "x/a", 80, "TCP"));  // `{}` is every pod of x only
  CHECK(e.allowed("y/b", "y/a", 80, "TCP"));        // y/a is not selected: x's policy
}

TEST_CASE("cilium: a namespace key or namespace labels lift the scoping") {
  auto byName = eval(cnp("x",
                         "  endpointSelector: {}\n  ingress:\n    - fromEndpoints:\n"
                         "        - matchLabels: {k8s:io.kubernetes.pod.namespace: y, pod: b}\n"));
  CHECK(byName.allowed("y/b", "x/a", 80, "TCP"));
  CHECK_FALSE(byName.allowed("y/a", "x/a", 80, "TCP"));
  CHECK_FALSE(byName.allowed("x/b", "x/a", 80, "TCP"));
  auto anyNs = eval(cnp("x",
                        "  endpointSelector: {}\n  ingress:\n    - fromEndpoints:\n"
                        "        - matchExpressions: [{key: io.kubernetes.pod.namespace, operator: Exists}]\n"));
  CHECK(anyNs.allowed("y/a", "x/a", 80, "TCP"));
  CHECK(anyNs.allowed("x/b", "x/a", 80, "TCP"));
  auto byLabel = eval(cnp("x",
                          "  endpointSelector: {}\n  ingress:\n    - fromEndpoints:\n"
                          "        - matchLabels: {k8s:io.cilium.k8s.namespace.labels.team: blue}\n"));
  CHECK(byLabel.allowed("y/a", "x/a", 80, "TCP"));
  CHECK_FALSE(byLabel.allowed("x/b", "x/a", 80, "TCP"));
}

TEST_CASE("cilium: sources of label keys") {
  auto k8s = eval(cnp("x", "  endpointSelector: {}\n  ingress:\n    - fromEndpoints: [{matchLabels: {k8s:pod: b}}]\n"));
  CHECK(k8s.allowed("x/b", "x/a", 80, "TCP"));
  auto other =
      eval(cnp("x", "  endpointSelector: {}\n  ingress:\n    - fromEndpoints: [{matchLabels: {container:pod: b}}]\n"));
  CHECK_FALSE(other.allowed("x/b", "x/a", 80, "TCP"));
}

TEST_CASE("cilium: entities all and cluster match pods; world and CIDR rules never do") {
  auto all = eval(cnp("x", "  endpointSelector: {}\n  ingress:\n    - fromEntities: [all]\n"));
  CHECK(all.allowed("y/a", "x/a", 80, "TCP"));
  auto cluster = eval(cnp("x", "  endpointSelector: {}\n  ingress:\n    - fromEntities: [cluster]\n"));
  CHECK(cluster.allowed("y/a", "x/a", 80, "TCP"));
  auto world = eval(cnp("x", "  endpointSelector: {}\n  ingress:\n    - fromEntities: [world]\n"));
  CHECK_FALSE(world.allowed("y/a", "x/a", 80, "TCP"));
  auto cidr = eval(cnp("x", "  endpointSelector: {}\n  ingress:\n    - fromCIDRSet: [{cidr: 0.0.0.0/0}]\n"));
  CHECK_FALSE(cidr.allowed("y/a", "x/a", 80, "TCP"));
}

TEST_CASE("cilium: toPorts only (no L3) allows every peer on those ports") {
  auto e =
      eval(cnp("x", "  endpointSelector: {}\n  ingress:\n    - toPorts: [{ports: [{port: \"80\", protocol: TCP}]}]\n"));
  CHECK(e.allowed("y/a", "x/a", 80, "TCP"));
  CHECK_FALSE(e.allowed("y/a", "x/a", 81, "TCP"));
}

TEST_CASE("cilium: ports: protocols, ANY, port 0, ranges, named ports") {
  auto head = std::string("  endpointSelector: {}\n  ingress:\n    - fromEntities: [all]\n      toPorts: [{ports: [");
  auto with = [&](const std::string& ports) { return eval(cnp("x", head + ports + "]}]\n")); };
  CHECK(with("{port: \"53\", protocol: ANY}").allowed("y/a", "x/a", 53, "UDP"));
  CHECK(with("{port: \"53\", protocol: ANY}").allowed("y/a", "x/a", 53, "SCTP"));
  CHECK_FALSE(with("{port: \"53\", protocol: TCP}").allowed("y/a", "x/a", 53, "UDP"));
  CHECK(with("{port: \"0\", protocol: UDP}").allowed("y/a", "x/a", 5000, "UDP"));
  CHECK_FALSE(with("{port: \"0\", protocol: UDP}").allowed("y/a", "x/a", 5000, "TCP"));
  CHECK(with("{port: \"80\", endPort: 81, protocol: TCP}").allowed("y/a", "x/a", 81, "TCP"));
  CHECK_FALSE(with("{port: \"80\", endPort: 81, protocol: TCP}").allowed("y/a", "x/a", 82, "TCP"));
  CHECK(with("{port: http, protocol: TCP}").allowed("y/a", "x/a", 80, "TCP"));
  CHECK_FALSE(with("{port: http, protocol: TCP}").allowed("y/a", "x/a", 81, "TCP"));
}

TEST_CASE("cilium: egress is checked at the source, with named ports of the destination") {
  auto e = eval(cnp("x",
                    "  endpointSelector: {matchLabels: {pod: a}}\n  egress:\n"
                    "    - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: y}}]\n"
                    "      toPorts: [{ports: [{port: http, protocol: TCP}]}]\n"));
  CHECK(e.allowed("x/a", "y/b", 80, "TCP"));
  CHECK_FALSE(e.allowed("x/a", "y/b", 81, "TCP"));
  CHECK_FALSE(e.allowed("x/a", "x/b", 80, "TCP"));
  CHECK(e.allowed("x/b", "x/a", 81, "TCP"));  // x/b's egress is not isolated
}

TEST_CASE("cilium: deny rules win; enableDefaultDeny false does not isolate") {
  const std::string allowAll = cnp("x", "  endpointSelector: {}\n  ingress:\n    - fromEntities: [all]\n");
  const std::string denyB = cnp("x",
                                "  endpointSelector: {}\n  enableDefaultDeny: {ingress: false}\n  ingressDeny:\n"
                                "    - fromEndpoints: [{matchLabels: {pod: b}}]\n"
                                "      toPorts: [{ports: [{port: \"81\", protocol: TCP}]}]\n");
  auto both = eval(allowAll + "---\n" + denyB);
  CHECK_FALSE(both.allowed("x/b", "x/a", 81, "TCP"));
  CHECK(both.allowed("x/b", "x/a", 80, "TCP"));
  auto onlyDeny = eval(denyB);
  CHECK_FALSE(onlyDeny.allowed("x/b", "x/a", 81, "TCP"));
  CHECK(onlyDeny.allowed("y/a", "x/a", 81, "TCP"));  // not isolated by the deny policy
  auto isolating =
      eval(cnp("x", "  endpointSelector: {}\n  ingressDeny:\n    - fromEndpoints: [{matchLabels: {pod: b}}]\n"));
  CHECK_FALSE(isolating.allowed("y/a", "x/a", 81, "TCP"));  // default: the deny section isolates
}

TEST_CASE("cilium: HTTP rules filter requests; an L4-only rule for the same port lets every request through") {
  const std::string l7 = cnp("x",
                             "  endpointSelector: {matchLabels: {pod: a}}\n  ingress:\n"
                             "    - fromEndpoints: [{matchLabels: {pod: b}}]\n"
                             "      toPorts:\n        - ports: [{port: \"80\", protocol: TCP}]\n"
                             "          rules: {http: [{method: GET, path: \"/api/v1/users/.*\"}]}\n");
  auto e = eval(l7);
  HttpRequest get{"GET", "/api/v1/users/42"}, post{"POST", "/api/v1/admin/delete"}, other{"GET", "/api/v1/admin"};
  CHECK(e.allowed("x/b", "x/a", 80, "TCP", &get));
  CHECK_FALSE(e.allowed("x/b", "x/a", 80, "TCP", &post));
  CHECK_FALSE(e.allowed("x/b", "x/a", 80, "TCP", &other));
  CHECK(e.allowed("x/b", "x/a", 80, "TCP"));  // the connection itself reaches the proxy
  auto merged = eval(l7 + "---\n" +
                     cnp("x",
                         "  endpointSelector: {}\n  ingress:\n    - fromEntities: [all]\n      toPorts: [{ports: "
                         "[{port: \"80\", protocol: TCP}]}]\n"));
  CHECK(merged.allowed("x/b", "x/a", 80, "TCP", &post));
}

TEST_CASE("cilium: the parser rejects what nplc must never write") {
  CHECK_THROWS_AS(
      cilium::parseCiliumPolicies(cnp(
          "x",
          "  endpointSelector: {}\n  ingress:\n    - fromEntities: [all]\n      fromCIDRSet: [{cidr: 10.0.0.0/8}]\n")),
      PolicyError);
  CHECK_THROWS_AS(
      cilium::parseCiliumPolicies(cnp("x", "  endpointSelector: {}\n  ingress:\n    - fromEndpoint: [{}]\n")),
      PolicyError);
  CHECK_THROWS_AS(
      cilium::parseCiliumPolicies(cnp(
          "x",
          "  endpointSelector: {}\n  ingressDeny:\n    - toPorts: [{ports: [{port: \"80\"}], rules: {http: [{}]}}]\n")),
      PolicyError);
  CHECK_THROWS_AS(cilium::parseCiliumPolicies(cnp("x", "  ingress:\n    - {}\n")), PolicyError);
  CHECK_THROWS_AS(cilium::parseCiliumPolicies(
                      cnp("x", "  endpointSelector: {}\n  egressDeny:\n    - toFQDNs: [{matchName: a.com}]\n")),
                  PolicyError);
}

TEST_CASE("cilium: ends outside the pods: CIDR rules, world, toFQDNs, entities by name") {
  const Cluster c = smallCluster();
  auto e = cilium::Evaluator(
      c, cilium::parseCiliumPolicies(cnp("x",
                                         "  endpointSelector: {matchLabels: {pod: a}}\n  egress:\n"
                                         "    - toCIDRSet: [{cidr: 203.0.113.0/24, except: [203.0.113.100/32]}]\n"
                                         "    - toFQDNs: [{matchName: api.stripe.com}, {matchPattern: \"*.example.com\"}]\n"
                                         "      toPorts: [{ports: [{port: \"443\", protocol: TCP}]}]\n"
                                         "    - toEntities: [kube-apiserver]\n"
                                         "  ingress:\n    - fromEntities: [world]\n")));
  const Pod& a = *c.findPod("x/a");
  CHECK(e.evaluate(a, Endpoint::ofAddress("203.0.113.7"), 5432, "TCP").allowed());
  CHECK_FALSE(e.evaluate(a, Endpoint::ofAddress("203.0.113.100"), 5432, "TCP").allowed());
  CHECK_FALSE(e.evaluate(a, Endpoint::ofAddress("198.51.100.1"), 5432, "TCP").allowed());
  CHECK(e.evaluate(a, Endpoint::ofDnsName("API.Stripe.com."), 443, "TCP").allowed());
  CHECK_FALSE(e.evaluate(a, Endpoint::ofDnsName("api.stripe.com"), 80, "TCP").allowed());
  CHECK(e.evaluate(a, Endpoint::ofDnsName("www.example.com"), 443, "TCP").allowed());
  CHECK_FALSE(e.evaluate(a, Endpoint::ofDnsName("a.b.example.com"), 443, "TCP").allowed());  // `*`: one label
  CHECK_FALSE(e.evaluate(a, Endpoint::ofDnsName("example.com"), 443, "TCP").allowed());
  // A resolved name is matched by the CIDR rules through its address.
  CHECK(e.evaluate(a, Endpoint::ofDnsName("other.org", "203.0.113.8"), 80, "TCP").allowed());
  CHECK(e.evaluate(a, Endpoint::ofEntity("kube-apiserver"), 6443, "TCP").allowed());
  CHECK_FALSE(e.evaluate(a, Endpoint::ofEntity("host"), 6443, "TCP").allowed());
  CHECK_FALSE(e.allowed("x/a", "x/b", 80, "TCP"));  // no rule selects pods
  // Ingress: world is every end outside the cluster, never a pod.
  CHECK(e.evaluate(Endpoint::ofAddress("198.51.100.1"), a, 80, "TCP").allowed());
  CHECK_FALSE(e.evaluate(Endpoint::ofEntity("host"), a, 80, "TCP").allowed());
  CHECK_FALSE(e.allowed("y/a", "x/a", 80, "TCP"));
  auto cluster = eval(cnp("x", "  endpointSelector: {}\n  ingress:\n    - fromEntities: [cluster]\n"));
  CHECK(cluster.evaluate(Endpoint::ofEntity("host"), a, 80, "TCP").allowed());
  CHECK_FALSE(cluster.evaluate(Endpoint::ofAddress("198.51.100.1"), a, 80, "TCP").allowed());
}

TEST_CASE("cilium: verdicts name the isolating, allowing and denying rules") {
  const std::string allow = cnp("x",
                                "  endpointSelector: {matchLabels: {pod: a}}\n  ingress:\n"
                                "    - fromEndpoints: [{matchLabels: {pod: b}}]\n"
                                "      toPorts:\n        - ports: [{port: \"80\", protocol: TCP}]\n"
                                "          rules: {http: [{method: GET, path: \"/.*\"}]}\n");
  const std::string deny = "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: d, namespace: x}\n"
                           "spec:\n  endpointSelector: {}\n  enableDefaultDeny: {ingress: false}\n  ingressDeny:\n"
                           "    - fromEndpoints: [{matchLabels: {pod: b}}]\n"
                           "      toPorts: [{ports: [{port: \"81\", protocol: TCP}]}]\n";
  const Cluster c = smallCluster();
  auto e = cilium::Evaluator(c, cilium::parseCiliumPolicies(allow + "---\n" + deny));
  const Pod &a = *c.findPod("x/a"), &b = *c.findPod("x/b");
  const PolicyRef p{"CiliumNetworkPolicy", "x", "p"}, d{"CiliumNetworkPolicy", "x", "d"};
  HttpRequest get{"GET", "/x"}, post{"POST", "/x"};
  Verdict ok = e.evaluate(b, a, 80, "TCP", &get);
  CHECK(ok.allowed());
  CHECK(ok.ingress.isolatedBy == std::vector<PolicyRef>{p});  // d does not isolate
  CHECK(ok.ingress.allowedBy == std::vector<RuleRef>{{p, "ingress", 0}});
  Verdict refused = e.evaluate(b, a, 80, "TCP", &post);
  CHECK_FALSE(refused.allowed());
  CHECK(refused.ingress.allowedBy.empty());
  Verdict denied = e.evaluate(b, a, 81, "TCP");
  CHECK_FALSE(denied.allowed());
  CHECK(denied.ingress.deniedBy == std::vector<RuleRef>{{d, "ingressDeny", 0}});
  CHECK(e.evaluate(b, a, 80, "TCP").ingress.allowedBy == std::vector<RuleRef>{{p, "ingress", 0}});
}

namespace {

std::string ccnp(const std::string& spec) {
  return "apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: c}\nspec:\n" + spec;
}

}  // namespace

TEST_CASE("cilium: a CiliumClusterwideNetworkPolicy selects pods of every namespace, its peers are not scoped") {
  // Every pod isolated for ingress, allowing x/a only (from any namespace).
  const auto e = eval(ccnp("  endpointSelector:\n    matchExpressions:\n"
                           "      - {key: \"k8s:io.kubernetes.pod.namespace\", operator: Exists}\n"
                           "  ingress:\n    - fromEndpoints:\n        - matchLabels: {pod: a, \"k8s:io.kubernetes.pod.namespace\": x}\n"));
  CHECK(e.allowed("x/a", "y/b", 80, "TCP"));
  CHECK(e.allowed("x/a", "x/b", 80, "TCP"));
  CHECK_FALSE(e.allowed("y/a", "x/b", 80, "TCP"));
  CHECK_FALSE(e.allowed("x/b", "y/a", 80, "TCP"));
  const auto v = e.evaluate(*smallCluster().findPod("y/a"), *smallCluster().findPod("y/b"), 80, "TCP");
  REQUIRE(v.ingress.isolatedBy.size() == 1);
  CHECK(v.ingress.isolatedBy.front().str() == "CiliumClusterwideNetworkPolicy c");
  // A deny rule with enableDefaultDeny false, beside a namespaced policy.
  const auto d = eval(ccnp("  endpointSelector:\n    matchLabels: {\"k8s:io.kubernetes.pod.namespace\": y}\n"
                           "  enableDefaultDeny: {egress: false}\n"
                           "  egressDeny:\n    - toEndpoints:\n        - matchLabels: {\"k8s:io.cilium.k8s.namespace.labels.team\": red}\n") +
                      "---\n" + cnp("y", "  endpointSelector: {}\n  egress:\n    - toEntities: [all]\n"));
  CHECK_FALSE(d.allowed("y/a", "x/a", 80, "TCP"));
  CHECK(d.allowed("y/a", "y/b", 80, "TCP"));
  CHECK(d.allowed("x/a", "y/b", 80, "TCP"));  // x is no subject
}

TEST_CASE("cilium: the CiliumClusterwideNetworkPolicy reader refuses what nplc must never write") {
  const std::string ns = "  endpointSelector:\n    matchLabels: {\"k8s:io.kubernetes.pod.namespace\": x}\n";
  CHECK_NOTHROW(cilium::parseCiliumPolicies(ccnp(ns)));
  // a namespace in its metadata
  CHECK_THROWS_AS(cilium::parseCiliumPolicies("apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\n"
                                              "metadata: {name: c, namespace: x}\nspec:\n" + ns),
                  PolicyError);
  // a selector that names no namespace (it would also select what is not a pod)
  CHECK_THROWS_AS(cilium::parseCiliumPolicies(ccnp("  endpointSelector: {matchLabels: {pod: a}}\n")), PolicyError);
  // an empty peer selector, whose reach beyond the pods is not documented
  CHECK_THROWS_AS(cilium::parseCiliumPolicies(ccnp(ns + "  ingress:\n    - fromEndpoints: [{}]\n")), PolicyError);
  // a field the evaluator does not know
  CHECK_THROWS_AS(cilium::parseCiliumPolicies(ccnp(ns + "  nodeSelector: {}\n")), PolicyError);
}

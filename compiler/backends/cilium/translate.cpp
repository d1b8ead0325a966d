#include "backends/cilium/translate.h"

#include <fmt/format.h>

#include <algorithm>

#include "backends/cilium/http_regex.h"
#include "backends/cilium/peers.h"
#include "util/k8s_names.h"

namespace nplc::backends::cilium {

namespace {

using K = model::Peer::Kind;
using model::Index;

PortProtocol portProtocol(const model::Port& port) {
  PortProtocol out;
  out.protocol = model::protocolName(port.protocol);
  switch (port.kind) {
    case model::Port::Kind::Number:
      out.port = std::to_string(port.port);
      break;
    case model::Port::Kind::Range:
      out.port = std::to_string(port.port);
      out.endPort = port.endPort;
      break;
    case model::Port::Kind::Named:
      out.port = port.name;
      break;
    case model::Port::Kind::AllOfProtocol:
      out.port = "0";
      break;  // Cilium: every port of the protocol
  }
  return out;
}

// Label keys that change how Cilium scopes a selector when they appear in a
// pod selector: Cilium reads them as the pod's namespace, not as a pod label.
bool reservedPodKey(const std::string& key) {
  return key == "io.kubernetes.pod.namespace" || key.rfind("io.cilium.k8s.namespace.labels.", 0) == 0;
}

void checkPodKeys(Context& cx, const model::LabelSelector& sel, source::Span at, const std::string& what,
                  Index edge = model::kNone) {
  for (const auto& r : sel.reqs) {
    if (!reservedPodKey(r.key)) continue;
    auto* d = cx.once("E0408", what + "|" + r.key, at,
                      fmt::format("label key '{}' means the pod's namespace to Cilium, not a pod label", r.key), edge);
    if (!d) continue;
    d->note(
         "Cilium gives every pod the labels io.kubernetes.pod.namespace and io.cilium.k8s.namespace.labels.*; "
         "a selector on them picks namespaces, while NetworkPolicy reads them as ordinary pod labels")
        .withHelp("select the namespace with `pods { … } in NAMESPACE` or `in namespaces { … }` instead");
  }
}

// Namespace labels become io.cilium.k8s.namespace.labels.KEY, which must
// still be a valid label key (its name part has 63 characters at most).
void checkNamespaceKeys(Context& cx, const model::LabelSelector& sel, source::Span at, const std::string& what,
                        source::Span use = {}) {
  for (const auto& r : sel.reqs) {
    const std::string full = std::string(kNamespaceLabelsPrefix).substr(4) + r.key;
    auto why = util::checkLabelKey(full);
    if (!why) continue;
    auto* d = cx.once("E0407", what + "|" + r.key, at,
                      fmt::format("namespace label '{}' cannot be selected on the Cilium target", r.key));
    if (!d) continue;
    if (use.valid()) d->label(use, "selected here");
    d->note(fmt::format("Cilium selects namespace labels as pod labels named '{}', and that key is invalid: {}", full,
                        *why))
        .withHelp("select the namespace by a shorter label, or by name (`NAMESPACE/...` without `labels { }`)");
  }
}

bool nameSelected(const model::Program& p, Index n) {
  return analysis::selectsNamespaceByName(p.namespaces[n].selector);
}

void checkNamespace(Context& cx, Index n, Index policyNs, source::Span use) {
  if (n == policyNs || nameSelected(cx.p, n)) return;
  checkNamespaceKeys(cx, cx.p.namespaces[n].selector, cx.p.namespaces[n].span, fmt::format("ns{}", n), use);
}

std::string blockText(const model::IpBlock& b) {
  std::string out = b.cidr.str();
  for (std::size_t i = 0; i < b.except.size(); ++i) out += (i == 0 ? " except " : ", ") + b.except[i].str();
  return out;
}

}  // namespace

std::vector<PortRule> portRules(const std::vector<model::Port>& ports, const std::vector<model::HttpRule>& http) {
  std::vector<HttpMatch> matches;
  for (const auto& h : http) matches.push_back({h.method, globToRegex(h.path)});
  // Cilium takes at most 40 ports per PortRule; PortRules are ORed, so the
  // split means the same.
  std::vector<PortRule> out;
  for (std::size_t i = 0; i < ports.size(); ++i) {
    if (i % kMaxPorts == 0) {
      out.emplace_back();
      out.back().http = matches;
    }
    out.back().ports.push_back(portProtocol(ports[i]));
  }
  return out;
}

void checkRemotePeer(Context& cx, const model::Peer& peer, Index edge, source::Span edgeSpan) {
  const std::string where = fmt::format("{}:{}", peer.span.file, peer.span.begin);
  switch (peer.kind) {
    case K::Service:
      checkPodKeys(cx, cx.p.services[peer.service].selector, cx.p.services[peer.service].span,
                   fmt::format("svc{}", peer.service));
      break;
    case K::Pods:
    case K::PodsInNamespaces:
      checkPodKeys(cx, peer.pods, peer.span, where, edge);
      break;
    default:
      break;
  }
  if (peer.kind == K::Namespaces || peer.kind == K::PodsInNamespaces) {
    checkNamespaceKeys(cx, peer.namespaces, peer.span, where);
  }
  if (peer.kind != K::IpBlocks) return;
  for (const auto& block : peer.blocks) {
    const auto ranges = podRangesReached(block, cx.options.podCidrs);
    if (ranges.empty()) continue;
    std::vector<std::string> texts;
    for (const auto& r : ranges) texts.push_back(r.str());
    auto* d =
        cx.once("E0402", fmt::format("{}|{}", where, block.cidr.str()), peer.span,
                fmt::format("`{}`{} includes pod addresses ({}), which Cilium's CIDR rules never match", peer.text,
                            peer.text == block.cidr.str() ? "" : " (" + blockText(block) + ")", fmt::join(texts, ", ")),
                edge);
    if (!d) continue;
    d->label(edgeSpan, "in this edge")
        .note(
            "Cilium matches pods by their labels, never by their addresses: this CIDR allows no pod on the Cilium "
            "target, while NetworkPolicy's ipBlock allows the pods in it")
        .note(fmt::format("the cluster's pod ranges come from --pod-cidr (now {})",
                          [&] {
                            std::vector<std::string> all;
                            for (const auto& c : cx.options.podCidrs) all.push_back(c.str());
                            return fmt::format("{}", fmt::join(all, ", "));
                          }()))
        .withHelp(fmt::format("name the pods (a service, `pods {{ }}` or `namespaces {{ }}`), or leave their range out "
                              "with `except {}`",
                              fmt::join(texts, ", ")));
  }
}

bool addPeer(Context& cx, const model::Peer& peer, Index policyNs, bool ingress, Rule& endpoints, Rule& cidrs,
             Rule& entities, Rule& fqdns) {
  auto pushUnique = [](std::vector<std::string>& v, const std::string& s) {
    if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
  };
  switch (peer.kind) {
    case K::Any:
      pushUnique(entities.entities, "all");
      return true;
    case K::IpBlocks:
      for (const auto& b : peer.blocks) {
        const bool seen = std::any_of(cidrs.cidrs.begin(), cidrs.cidrs.end(), [&](const model::IpBlock& x) {
          return x.cidr == b.cidr && x.except == b.except;
        });
        if (!seen) cidrs.cidrs.push_back(b);
      }
      return true;
    case K::Entity:
      pushUnique(entities.entities, peer.entity);
      return true;
    case K::Fqdn:
      if (ingress) return false;
      for (const auto& f : peer.fqdns) pushUnique(fqdns.fqdns, f);
      return true;
    default: {
      const Selector sel = *endpointSelector(cx.p, peer, policyNs);
      const std::string text = selectorText(sel);
      const bool seen = std::any_of(endpoints.endpoints.begin(), endpoints.endpoints.end(),
                                    [&](const Selector& s) { return selectorText(s) == text; });
      if (!seen) endpoints.endpoints.push_back(sel);
      if (peer.kind == K::Service || peer.kind == K::Pods || peer.kind == K::NamespacePods) {
        checkNamespace(cx, peer.ns, policyNs, peer.span);
      }
      return true;
    }
  }
}

namespace {

class Translator {
 public:
  explicit Translator(Context& cx) : cx_(cx), p_(cx.p) {}

  std::vector<Policy> run() {
    std::vector<Policy> out;
    for (const auto& pol : p_.policies) out.push_back(policy(pol));
    return out;
  }

 private:
  Context& cx_;
  const model::Program& p_;

  Policy policy(const model::Policy& pol) {
    Policy out;
    out.name = pol.name;
    out.ns = pol.ns;
    out.endpointSelector = pol.podSelector;
    out.subject = pol.subject;
    out.span = pol.span;
    out.ingress = pol.ingress;
    out.egress = pol.egress;
    if (pol.subject.kind == model::PolicySubject::Kind::Service) {
      const Index s = pol.subject.service;
      checkPodKeys(cx_, p_.services[s].selector, p_.services[s].span, fmt::format("svc{}", s));
    }
    for (const auto& r : pol.ingressRules) rule(r, true, pol.ns, out.ingressRules);
    bool fqdn = false;
    for (const auto& r : pol.egressRules) {
      const std::size_t before = out.egressRules.size();
      rule(r, false, pol.ns, out.egressRules);
      for (std::size_t i = before; i < out.egressRules.size(); ++i) fqdn |= out.egressRules[i].kind == Rule::L3::Fqdns;
    }
    if (fqdn) out.egressRules.push_back(dnsVisibility());
    // `ingress: [{}]`: the section isolates, the empty rule allows nothing.
    if (out.ingress && out.ingressRules.empty()) out.ingressRules.emplace_back();
    if (out.egress && out.egressRules.empty()) out.egressRules.emplace_back();
    return out;
  }

  // Cilium learns the addresses of a DNS name from the answers its DNS proxy
  // sees: the pod's lookups must go through it (port 53 with a DNS rule).
  static Rule dnsVisibility() {
    Rule r;
    r.kind = Rule::L3::Endpoints;
    r.endpoints.push_back(kubeDnsSelector());
    PortRule pr;
    pr.ports.push_back({"53", 0, "ANY"});
    pr.dnsAll = true;
    r.toPorts.push_back(pr);
    return r;
  }

  void checkEdge(Index e, bool ingress) {
    const model::Edge& edge = p_.edges[e];
    for (const auto& port : edge.ports) {
      if (edge.http.empty()) break;
      if (port.kind != model::Port::Kind::Range && port.kind != model::Port::Kind::AllOfProtocol) continue;
      auto* d = cx_.once("E0401", fmt::format("{}:{}", port.span.file, port.span.begin), port.span,
                         port.kind == model::Port::Kind::Range ? "Cilium cannot apply HTTP rules to a port range"
                                                               : "Cilium cannot apply HTTP rules to every port",
                         e);
      if (!d) continue;
      d->label(edge.http.front().span, "HTTP rule")
          .note("Cilium's proxy takes HTTP rules on single ports only (a range or port 0 is rejected)")
          .withHelp("list the ports one by one, e.g. :8080,8081");
    }
    for (const auto& port : edge.ports) {
      if (edge.http.empty() || port.kind != model::Port::Kind::Number || port.port != 443) continue;
      auto* d =
          cx_.once("W0101", fmt::format("{}:{}", port.span.file, port.span.begin), port.span,
                   "HTTP rules on port 443: Cilium's proxy reads plain HTTP, and this port usually carries TLS", e);
      if (!d) continue;
      d->label(edge.http.front().span, "HTTP rule")
          .note("Cilium cannot see the requests inside TLS: with HTTP rules on a TLS port, connections fail")
          .withHelp("if the traffic is HTTPS, drop the HTTP rules and keep the port; if it is plain HTTP, ignore this");
    }
    const model::Peer& remote = ingress ? edge.from : edge.to;  // never a DNS name as a source (sema, E0403)
    checkRemotePeer(cx_, remote, e, edge.span);
  }

  void rule(const model::Rule& r, bool ingress, Index ns, std::vector<Rule>& out) {
    for (Index e : r.edges) checkEdge(e, ingress);
    const auto toPorts = portRules(r.ports(), r.http());
    Rule groups[4];
    const Rule::L3 kinds[4] = {Rule::L3::Endpoints, Rule::L3::CidrSet, Rule::L3::Entities, Rule::L3::Fqdns};
    for (int i = 0; i < 4; ++i) {
      groups[i].kind = kinds[i];
      groups[i].toPorts = toPorts;
    }
    auto groupOf = [&](const model::Peer& peer) {
      return r.anyPeer || peer.kind == K::Any || peer.kind == K::Entity ? 2
             : peer.kind == K::IpBlocks                                 ? 1
             : peer.kind == K::Fqdn                                     ? 3
                                                                        : 0;
    };
    std::vector<int> order;  // kinds in the order their first peer was written
    if (r.anyPeer) {
      groups[2].entities.push_back("all");  // everything; the other peers add nothing
      order.push_back(2);
    } else {
      for (const auto& rp : r.peers) {
        const model::Peer& peer = *rp.peer;
        if (std::find(order.begin(), order.end(), groupOf(peer)) == order.end()) order.push_back(groupOf(peer));
        addPeer(cx_, peer, ns, ingress, groups[0], groups[1], groups[2], groups[3]);
      }
    }
    for (Index e : r.edges) groups[groupOf(ingress ? p_.edges[e].from : p_.edges[e].to)].edges.push_back(e);
    // Cilium takes one L3 kind per rule: one rule per kind, same ports.
    for (int i : order) {
      Rule& g = groups[i];
      if (!g.endpoints.empty() || !g.cidrs.empty() || !g.entities.empty() || !g.fqdns.empty()) {
        out.push_back(std::move(g));
      }
    }
  }
};

}  // namespace

std::vector<Policy> translatePlan(Context& cx) { return Translator(cx).run(); }

}  // namespace nplc::backends::cilium

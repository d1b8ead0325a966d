#include "backends/kubernetes/kubernetes_backend.h"

#include <fmt/format.h>

#include <set>

#include "backends/policy_yaml.h"
#include "analysis/peer_key.h"

namespace nplc::backends::kubernetes {

namespace {

using K = model::Peer::Kind;
using model::Index;



class Writer {
 public:
  Writer(const source::SourceManager& sm, const model::Program& p, diag::Sink& sink, RuleOrigins* origins)
      : sm_(sm), p_(p), sink_(sink), origins_(origins) {}

  // The policy's YAML. Only reads (addPolicyFiles renders on several
  // threads): check() reported what it leaves out.
  std::string policy(const model::Policy& pol) const {
    YamlWriter out;
    beginPolicyObject(out, "networking.k8s.io/v1", "NetworkPolicy", pol.name, p_.namespaces[pol.ns].name,
                      location(pol.span));
    out.key("spec");
    out.beginMap();
    out.key("podSelector");
    emitLabelSelector(out, pol.podSelector);
    out.key("policyTypes");
    out.beginSeq();
    if (pol.ingress) out.string("Ingress");
    if (pol.egress) out.string("Egress");
    out.endSeq();
    rules(out, pol, pol.ingressRules, true);
    rules(out, pol, pol.egressRules, false);
    out.endMap();
    out.endMap();
    return out.finish();
  }

  // What policy() leaves out, as warnings: before any rendering.
  void check(const model::Policy& pol) {
    warnLeftOut(pol.ingressRules, true);
    warnLeftOut(pol.egressRules, false);
  }

  // Where each rule policy() writes comes from (the expectations' reasons).
  void recordOrigins(const model::Policy& pol) {
    recordOrigins(pol, pol.ingressRules, true);
    recordOrigins(pol, pol.egressRules, false);
  }

 private:
  const source::SourceManager& sm_;
  const model::Program& p_;
  diag::Sink& sink_;
  RuleOrigins* origins_;
  std::set<std::pair<Index, std::string>> warned_;  // (edge, code): one warning per edge

  std::string location(source::Span span) const { return sourceAnnotation(sm_, span); }

  void warnOnce(Index edge, source::Span at, const char* code, const std::string& message, const std::string& help) {
    if (!warned_.insert({edge, code}).second) return;
    const auto& e = p_.edges[edge];
    auto& d = sink_.report(code, at, message).withHelp(help);
    if (!e.bundle.empty()) d.label(e.allowSpan, fmt::format("from bundle `{}`", e.bundle));
  }

  // Peers the Kubernetes target can express, rendered for a policy in `ns`.
  void peer(YamlWriter& out, const model::Peer& peer, Index ns) const {
    auto selector = [&](const char* key, const model::LabelSelector& sel) {
      out.key(key);
      emitLabelSelector(out, sel);
    };
    switch (peer.kind) {
      case K::Service:
      case K::Pods:
        out.beginMap();
        if (peer.ns != ns) selector("namespaceSelector", p_.namespaces[peer.ns].selector);
        selector("podSelector", peer.kind == K::Service ? p_.services[peer.service].selector : peer.pods);
        out.endMap();
        break;
      case K::NamespacePods:
        out.beginMap();
        if (peer.ns != ns) selector("namespaceSelector", p_.namespaces[peer.ns].selector);
        else selector("podSelector", {});
        out.endMap();
        break;
      case K::AllPods:
      case K::Namespaces:
        out.beginMap();
        selector("namespaceSelector", peer.namespaces);
        out.endMap();
        break;
      case K::PodsInNamespaces:
        out.beginMap();
        selector("namespaceSelector", peer.namespaces);
        selector("podSelector", peer.pods);
        out.endMap();
        break;
      case K::IpBlocks:
        for (const auto& b : peer.blocks) {
          out.beginMap();
          out.key("ipBlock");
          out.beginMap();
          emitCidr(out, b);
          out.endMap();
          out.endMap();
        }
        break;
      default: break;
    }
  }

  static bool expressible(const model::Peer& peer) { return peer.kind != K::Fqdn && peer.kind != K::Entity; }

  // Warnings for the peers and HTTP rules the Kubernetes target leaves out.
  void warnLeftOut(const std::vector<model::Rule>& rules, bool ingress) {
    for (const auto& r : rules) {
      for (const auto& rp : r.peers) {
        const model::Peer& peer = *rp.peer;
        if (expressible(peer)) continue;
        // A rule merges the edges with the same ports: warn only for those
        // that put this peer here.
        for (Index e : rp.edges) {
          const model::Peer& own = ingress ? p_.edges[e].from : p_.edges[e].to;
          const bool fqdn = peer.kind == K::Fqdn;
          warnOnce(e, p_.edges[e].bundle.empty() ? own.span : p_.edges[e].span, fqdn ? "W0002" : "W0003",
                   fmt::format("`{}` is {} and cannot be expressed as NetworkPolicy: left out of the Kubernetes output",
                               peer.text, fqdn ? "a DNS name" : "a Cilium entity"),
                   "that traffic stays denied on the Kubernetes target; only CiliumNetworkPolicy can allow it");
        }
      }
      if (!r.http().empty()) {
        for (Index e : r.edges) {
          // The caret covers every HTTP rule of the edge, not only the first.
          source::Span rulesSpan = p_.edges[e].http.front().span;
          rulesSpan.end = p_.edges[e].http.back().span.end;
          warnOnce(e, rulesSpan, "W0001", "HTTP rules cannot be expressed as NetworkPolicy: the Kubernetes output allows the whole port",
                   "only CiliumNetworkPolicy can enforce the HTTP rule; here the port is open to that peer");
        }
      }
    }
  }

  // The rules written.
  static std::vector<const model::Rule*> keptRules(const std::vector<model::Rule>& rules) {
    std::vector<const model::Rule*> kept;
    for (const auto& r : rules) {
      bool anyExpressible = r.anyPeer;
      for (const auto& rp : r.peers) anyExpressible |= expressible(*rp.peer);
      // A rule whose every peer was left out is dropped: an empty peer list
      // would mean "everyone".
      if (anyExpressible) kept.push_back(&r);
    }
    return kept;
  }

  void recordOrigins(const model::Policy& pol, const std::vector<model::Rule>& rules, bool ingress) {
    if (!origins_) return;
    const std::vector<const model::Rule*> kept = keptRules(rules);
    for (std::size_t i = 0; i < kept.size(); ++i) {
      (*origins_)[{"kubernetes", p_.namespaces[pol.ns].name, pol.name, ingress ? "ingress" : "egress", i}] = {
          kept[i]->edges, "", {}};
    }
  }

  void rules(YamlWriter& out, const model::Policy& pol, const std::vector<model::Rule>& rules, bool ingress) const {
    const std::vector<const model::Rule*> kept = keptRules(rules);
    if (kept.empty()) return;
    const char* section = ingress ? "ingress" : "egress";
    out.key(section);
    out.beginSeq();
    for (const auto* r : kept) {
      out.beginMap();  // `- {}` when it has neither: every peer, every port
      if (!r->anyPeer) {
        out.key(ingress ? "from" : "to");
        out.beginSeq();
        for (const auto& rp : r->peers) peer(out, *rp.peer, pol.ns);
        out.endSeq();
      }
      if (!r->ports().empty()) {
        out.key("ports");
        out.beginSeq();
        for (const auto& port : r->ports()) {
          out.beginMap();
          out.key("protocol");
          out.string(model::protocolName(port.protocol));
          switch (port.kind) {
            case model::Port::Kind::Number:
              out.key("port");
              out.number(port.port);
              break;
            case model::Port::Kind::Range:
              out.key("port");
              out.number(port.port);
              out.key("endPort");
              out.number(port.endPort);
              break;
            case model::Port::Kind::Named:
              out.key("port");
              out.string(port.name);
              break;
            case model::Port::Kind::AllOfProtocol: break;
          }
          out.endMap();
        }
        out.endSeq();
      }
      out.endMap();
    }
    out.endSeq();
  }
};

}  // namespace

OutputFiles generate(const BackendInput& in) {
  const model::Program& program = in.program;
  OutputFiles files;
  Writer w(in.sm, program, in.sink, in.origins);
  for (const auto& pol : program.policies) w.check(pol);
  if (!in.options.render) return files;
  for (const auto& pol : program.policies) w.recordOrigins(pol);
  addPolicyFiles(files, "kubernetes", program, program.policies, [&](const model::Policy& pol) { return w.policy(pol); });
  return files;
}

}  // namespace nplc::backends::kubernetes

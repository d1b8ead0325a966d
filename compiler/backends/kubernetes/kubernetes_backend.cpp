#include "backends/kubernetes/kubernetes_backend.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <set>

#include "backends/policy_yaml.h"
#include "backends/yaml_scalars.h"
#include "analysis/peer_key.h"

namespace nplc::backends::kubernetes {

namespace {

using K = model::Peer::Kind;
using model::Index;

const char* const kManagedBy = "app.kubernetes.io/managed-by";
const char* const kSourceAnnotation = "nplc.dev/source";


class Writer {
 public:
  Writer(const source::SourceManager& sm, const model::Program& p, diag::Sink& sink) : sm_(sm), p_(p), sink_(sink) {}

  std::string policy(const model::Policy& pol) {
    YAML::Emitter out;
    out << YAML::BeginMap;
    out << YAML::Key << "apiVersion" << YAML::Value << "networking.k8s.io/v1";
    out << YAML::Key << "kind" << YAML::Value << "NetworkPolicy";
    out << YAML::Key << "metadata" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value;
    emitString(out, pol.name);
    out << YAML::Key << "namespace" << YAML::Value;
    emitString(out, p_.namespaces[pol.ns].name);
    out << YAML::Key << "labels" << YAML::Value << YAML::BeginMap << YAML::Key << kManagedBy << YAML::Value << "nplc"
        << YAML::EndMap;
    out << YAML::Key << "annotations" << YAML::Value << YAML::BeginMap << YAML::Key << kSourceAnnotation
        << YAML::Value;
    emitString(out, location(pol.span));
    out << YAML::EndMap << YAML::EndMap;
    out << YAML::Key << "spec" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "podSelector" << YAML::Value;
    emitLabelSelector(out, pol.podSelector);
    out << YAML::Key << "policyTypes" << YAML::Value << YAML::BeginSeq;
    if (pol.ingress) out << "Ingress";
    if (pol.egress) out << "Egress";
    out << YAML::EndSeq;
    rules(out, pol, pol.ingressRules, true);
    rules(out, pol, pol.egressRules, false);
    out << YAML::EndMap << YAML::EndMap;
    return std::string(out.c_str()) + "\n";
  }

 private:
  const source::SourceManager& sm_;
  const model::Program& p_;
  diag::Sink& sink_;
  std::set<std::pair<Index, std::string>> warned_;  // (edge, code): one warning per edge

  std::string location(source::Span span) const { return sourceAnnotation(sm_, span); }

  void warnOnce(Index edge, source::Span at, const char* code, const std::string& message, const std::string& help) {
    if (!warned_.insert({edge, code}).second) return;
    const auto& e = p_.edges[edge];
    auto& d = sink_.report(code, at, message).withHelp(help);
    if (!e.bundle.empty()) d.label(e.allowSpan, fmt::format("from bundle `{}`", e.bundle));
  }

  // Peers the Kubernetes target can express, rendered for a policy in `ns`.
  void peer(YAML::Emitter& out, const model::Peer& peer, Index ns) {
    auto nsSel = [&](Index n) {
      out << YAML::Key << "namespaceSelector" << YAML::Value;
      emitLabelSelector(out, p_.namespaces[n].selector);
    };
    switch (peer.kind) {
      case K::Service:
      case K::Pods:
        out << YAML::BeginMap;
        if (peer.ns != ns) nsSel(peer.ns);
        out << YAML::Key << "podSelector" << YAML::Value;
        emitLabelSelector(out, peer.kind == K::Service ? p_.services[peer.service].selector : peer.pods);
        out << YAML::EndMap;
        break;
      case K::NamespacePods:
        out << YAML::BeginMap;
        if (peer.ns != ns) {
          nsSel(peer.ns);
        } else {
          out << YAML::Key << "podSelector" << YAML::Value;
          emitLabelSelector(out, {});
        }
        out << YAML::EndMap;
        break;
      case K::AllPods:
      case K::Namespaces:
        out << YAML::BeginMap << YAML::Key << "namespaceSelector" << YAML::Value;
        emitLabelSelector(out, peer.namespaces);
        out << YAML::EndMap;
        break;
      case K::PodsInNamespaces:
        out << YAML::BeginMap << YAML::Key << "namespaceSelector" << YAML::Value;
        emitLabelSelector(out, peer.namespaces);
        out << YAML::Key << "podSelector" << YAML::Value;
        emitLabelSelector(out, peer.pods);
        out << YAML::EndMap;
        break;
      case K::IpBlocks:
        for (const auto& b : peer.blocks) {
          out << YAML::BeginMap << YAML::Key << "ipBlock" << YAML::Value << YAML::BeginMap;
          out << YAML::Key << "cidr" << YAML::Value << YAML::DoubleQuoted << b.cidr.str();
          if (!b.except.empty()) {
            out << YAML::Key << "except" << YAML::Value << YAML::BeginSeq;
            for (const auto& e : b.except) out << YAML::DoubleQuoted << e.str();
            out << YAML::EndSeq;
          }
          out << YAML::EndMap << YAML::EndMap;
        }
        break;
      default: break;
    }
  }

  static bool expressible(const model::Peer& peer) { return peer.kind != K::Fqdn && peer.kind != K::Entity; }

  void rules(YAML::Emitter& out, const model::Policy& pol, const std::vector<model::Rule>& rules, bool ingress) {
    std::vector<const model::Rule*> kept;
    for (const auto& r : rules) {
      for (const auto& [peer, edges] : r.peers) {
        if (expressible(peer)) continue;
        // A rule merges the edges with the same ports: warn only for those
        // that put this peer here.
        for (Index e : edges) {
          const model::Peer& own = ingress ? p_.edges[e].from : p_.edges[e].to;
          const bool fqdn = peer.kind == K::Fqdn;
          warnOnce(e, p_.edges[e].bundle.empty() ? own.span : p_.edges[e].span, fqdn ? "W0002" : "W0003",
                   fmt::format("`{}` is {} and cannot be expressed as NetworkPolicy: left out of the Kubernetes output",
                               peer.text, fqdn ? "a DNS name" : "a Cilium entity"),
                   "that traffic stays denied on the Kubernetes target; only CiliumNetworkPolicy can allow it");
        }
      }
      if (!r.http.empty()) {
        for (Index e : r.edges) {
          // The caret covers every HTTP rule of the edge, not only the first.
          source::Span rulesSpan = p_.edges[e].http.front().span;
          rulesSpan.end = p_.edges[e].http.back().span.end;
          warnOnce(e, rulesSpan, "W0001", "HTTP rules cannot be expressed as NetworkPolicy: the Kubernetes output allows the whole port",
                   "only CiliumNetworkPolicy can enforce the HTTP rule; here the port is open to that peer");
        }
      }
      bool anyExpressible = r.anyPeer;
      for (const auto& rp : r.peers) anyExpressible |= expressible(rp.peer);
      // A rule whose every peer was left out is dropped: an empty peer list
      // would mean "everyone".
      if (anyExpressible) kept.push_back(&r);
    }
    if (kept.empty()) return;
    out << YAML::Key << (ingress ? "ingress" : "egress") << YAML::Value << YAML::BeginSeq;
    for (const auto* r : kept) {
      out << YAML::BeginMap;
      if (!r->anyPeer) {
        out << YAML::Key << (ingress ? "from" : "to") << YAML::Value << YAML::BeginSeq;
        for (const auto& rp : r->peers) peer(out, rp.peer, pol.ns);
        out << YAML::EndSeq;
      }
      if (!r->ports.empty()) {
        out << YAML::Key << "ports" << YAML::Value << YAML::BeginSeq;
        for (const auto& port : r->ports) {
          out << YAML::BeginMap << YAML::Key << "protocol" << YAML::Value << model::protocolName(port.protocol);
          switch (port.kind) {
            case model::Port::Kind::Number: out << YAML::Key << "port" << YAML::Value << port.port; break;
            case model::Port::Kind::Range:
              out << YAML::Key << "port" << YAML::Value << port.port << YAML::Key << "endPort" << YAML::Value
                  << port.endPort;
              break;
            case model::Port::Kind::Named:
              out << YAML::Key << "port" << YAML::Value;
              emitString(out, port.name);
              break;
            case model::Port::Kind::AllOfProtocol: break;
          }
          out << YAML::EndMap;
        }
        out << YAML::EndSeq;
      }
      if (r->anyPeer && r->ports.empty()) {
        // `- {}`: every peer, every port.
      }
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
};

}  // namespace

OutputFiles generate(const BackendInput& in) {
  const model::Program& program = in.program;
  OutputFiles files;
  Writer w(in.sm, program, in.sink);
  addPolicyFiles(files, "kubernetes", program, program.policies, [&](const model::Policy& pol) { return w.policy(pol); });
  return files;
}

}  // namespace nplc::backends::kubernetes

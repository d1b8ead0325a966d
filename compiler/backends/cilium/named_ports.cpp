#include "backends/cilium/named_ports.h"

#include <fmt/format.h>

namespace nplc::backends::cilium {

namespace {

using K = model::Peer::Kind;

bool podPeer(const model::Peer& p) {
  return p.kind == K::Service || p.kind == K::NamespacePods || p.kind == K::AllPods || p.kind == K::Pods ||
         p.kind == K::PodsInNamespaces || p.kind == K::Namespaces;
}

}  // namespace

void checkEgressNamedPorts(Context& cx) {
  for (const auto& pol : cx.p.policies) {
    for (const auto& rule : pol.egressRules) {
      const model::Port* named = nullptr;
      for (const auto& port : rule.ports()) {
        if (port.kind == model::Port::Kind::Named) named = &port;
      }
      if (named == nullptr) continue;
      for (model::Index e : rule.edges) {
        const model::Edge& edge = cx.p.edges[e];
        if (!podPeer(edge.to)) continue;  // W0215 speaks for addresses
        const model::Port* own = nullptr;
        for (const auto& port : edge.ports) {
          if (port.kind == model::Port::Kind::Named) own = &port;
        }
        if (own == nullptr) continue;
        auto* d = cx.once("W0103", fmt::format("{}", e), own->span,
                          fmt::format("on Cilium the egress named port '{}' is resolved from the pods that name it, "
                                      "not from `{}` alone",
                                      own->name, edge.to.text),
                          e);
        if (d) {
          d->note("NetworkPolicy takes the number from each destination pod; where pods give the name different "
                  "numbers, Cilium may drop the rule or open another number (cilium issues 24779, 30003)")
              .withHelp("write the port number, or make sure every pod that names the port gives it one number");
        }
      }
    }
  }
}

}  // namespace nplc::backends::cilium

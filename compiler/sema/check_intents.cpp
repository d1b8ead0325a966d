// Pass (check only): HTTP rules on the right ports, L4/L7 contradictions, and
// deny intents that something allows.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "sema/context.h"
#include "analysis/overlap.h"
#include "analysis/peer_key.h"
#include "analysis/well_known.h"

namespace nplc::sema {

namespace {

using K = model::Peer::Kind;
using model::Index;

void checkHttpPorts(Context& cx) {
  for (const auto& e : cx.program.edges) {
    if (e.http.empty()) continue;
    if (e.ports.empty()) {
      cx.sink.report("E0301", e.http.front().span, "an HTTP rule needs a TCP port")
          .withHelp("name the port, e.g. api:8080 GET /path");
    }
    for (const auto& p : e.ports) {
      if (p.protocol != model::Protocol::TCP) {
        cx.sink
            .report("E0301", p.span,
                    fmt::format("HTTP rules apply to TCP, but this port is {}", model::protocolName(p.protocol)))
            .label(e.http.front().span, "HTTP rule")
            .withHelp(fmt::format("use a TCP port, or write the {} port in an edge of its own without HTTP rules",
                                  model::protocolName(p.protocol)));
      }
    }
  }
}

// An L4 edge to the same destination whose source overlaps an L7 edge's
// source, on an overlapping port, makes the L7 restriction meaningless.
void checkL4L7(Context& cx) {
  std::map<std::string, std::vector<Index>> byDestination;
  for (Index i = 0; i < cx.program.edges.size(); ++i) {
    byDestination[peerKey(cx.program.edges[i].to)].push_back(i);
  }
  for (const auto& [_, list] : byDestination) {
    for (Index l7 : list) {
      const auto& a = cx.program.edges[l7];
      if (a.http.empty()) continue;
      for (Index l4 : list) {
        const auto& b = cx.program.edges[l4];
        if (!b.http.empty() || !portListsOverlap(a.ports, b.ports)) continue;
        if (!peersMayOverlap(cx.program, a.from, b.from)) continue;
        cx.sink.report("E0303", a.span, "this HTTP rule is made meaningless by an edge without HTTP rules")
            .label(b.span, "this edge allows the same port for the same peers at L4")
            .withHelp("remove the L4 edge, or give it the HTTP rules too");
      }
    }
  }
}

struct Finding {
  bool open = false;                  // that side lets the traffic through
  std::vector<std::string> reasons;   // why, when not by a rule
  std::vector<Index> edges;           // rules that let it through
  std::vector<Index> unprovable;      // rules whose named ports may be the denied port
};

bool podPeerInManagedNs(const model::Program& p, const model::Peer& peer) {
  return (peer.kind == K::Service || peer.kind == K::NamespacePods || peer.kind == K::Pods) &&
         !p.namespaces[peer.ns].external;
}

// Policies by namespace, so that each deny looks only at its namespaces.
struct PolicyIndex {
  std::map<Index, std::vector<const model::Policy*>> byNs;
  explicit PolicyIndex(const model::Program& p) {
    for (const auto& pol : p.policies) byNs[pol.ns].push_back(&pol);
  }
  const std::vector<const model::Policy*>& in(Index ns) const {
    static const std::vector<const model::Policy*> none;
    auto it = byNs.find(ns);
    return it == byNs.end() ? none : it->second;
  }
};

// Does the `dir` side of `local` let traffic to/from `remote` on `ports` through?
// A side is closed only if a policy isolates every pod `local` may stand for:
// decided from what the policies select, never from their names.
Finding sideAllows(const model::Program& p, const PolicyIndex& index, const model::Peer& local,
                   const model::Peer& remote, const std::vector<model::Port>& ports, bool ingress) {
  Finding f;
  if (!podPeerInManagedNs(p, local)) {
    f.open = true;
    f.reasons.push_back(fmt::format("`{}` is not in a namespace nplc manages, so its {} is not restricted here",
                                    local.text, ingress ? "ingress" : "egress"));
    return f;
  }
  const model::LabelSelector& localPods =
      local.kind == K::Service ? p.services[local.service].selector : local.pods;
  const auto& policies = index.in(local.ns);
  const bool enforced = std::any_of(policies.begin(), policies.end(), [&](const model::Policy* pol) {
    return (ingress ? pol->ingress : pol->egress) && selectorImplies(localPods, pol->podSelector);
  });
  if (!enforced) {
    f.open = true;
    f.reasons.push_back(fmt::format("{} of `{}` is not enforced{}", ingress ? "ingress" : "egress", local.text,
                                    local.kind == K::Service ? "" : " for every pod it stands for"));
    return f;
  }
  for (const model::Policy* pol : index.in(local.ns)) {
    if (!selectorsCompatible(pol->podSelector, localPods)) continue;
    for (const auto& rule : ingress ? pol->ingressRules : pol->egressRules) {
      // Named ports are numbers on a destination service that declares its ports.
      const model::Peer& dest = ingress ? local : remote;
      bool ruleNone = false, denyNone = false;
      const auto rulePorts = portsOnPods(p, dest, rule.ports(), ruleNone);
      const auto denyPorts = portsOnPods(p, dest, ports, denyNone);
      if (ruleNone || denyNone) continue;
      const bool portsMatch = portListsOverlap(rulePorts, denyPorts);
      if (!portsMatch && !namedPortMayMeetNumber(rulePorts, denyPorts)) continue;
      // A rule merges several edges: name only those behind a matching peer
      // (in source order).
      std::set<Index> behind(rule.anyPeerEdges.begin(), rule.anyPeerEdges.end());
      for (const auto& rp : rule.peers) {
        if (peersMayOverlap(p, *rp.peer, remote)) behind.insert(rp.edges.begin(), rp.edges.end());
      }
      for (Index e : rule.edges) {
        if (behind.count(e) == 0) continue;
        (portsMatch ? f.edges : f.unprovable).push_back(e);
        f.open |= portsMatch;
      }
    }
  }
  return f;
}

bool inOneNamespace(const model::Peer& peer) {
  return peer.kind == K::Service || peer.kind == K::NamespacePods || peer.kind == K::Pods;
}

// The namespaces a pod peer of a deny written in `writtenIn` stands for: its
// own, and, where a rule names it from another namespace (the deny is
// written elsewhere, or the other end is elsewhere and its rules name this
// one), by its namespace's labels: every declared namespace that has all of
// them (W0214), as the generated rules and Cilium deny rules select them.
std::vector<model::Peer> namespaceAliases(const model::Program& p, const model::Peer& peer, const model::Peer& other,
                                          Index writtenIn) {
  std::vector<model::Peer> out{peer};
  if (!inOneNamespace(peer)) return out;
  if (peer.ns == writtenIn && (!inOneNamespace(other) || other.ns == peer.ns)) return out;
  for (Index m = 0; m < p.namespaces.size(); ++m) {
    if (m == peer.ns) continue;
    model::LabelSelector known = p.namespaces[m].selector;
    known.reqs.push_back(analysis::namespaceNamed(p.namespaces[m].name));
    if (!selectorImplies(known, p.namespaces[peer.ns].selector)) continue;
    out.push_back(peer);
    out.back().ns = m;
  }
  return out;
}

void checkDenies(Context& cx) {
  const model::Program& p = cx.program;
  const PolicyIndex index(p);
  for (const auto& d : p.denies) {
    std::string intent(cx.sm.text(d.span));
    if (intent.rfind("deny", 0) == 0) intent = intent.substr(4);
    intent.erase(0, intent.find_first_not_of(" \t"));
    // Both sides open for some pair of the namespaces the ends stand for.
    std::optional<std::pair<Finding, Finding>> violated;
    std::vector<std::string> aliasNotes;
    std::set<Index> unprovable;
    bool maybe = false;
    for (const model::Peer& from : namespaceAliases(p, d.from, d.to, d.ns)) {
      for (const model::Peer& to : namespaceAliases(p, d.to, d.from, d.ns)) {
        Finding eg = sideAllows(p, index, from, to, d.ports, false);
        Finding in = sideAllows(p, index, to, from, d.ports, true);
        if (eg.open && in.open) {
          if (violated) continue;
          violated.emplace(std::move(eg), std::move(in));
          for (const auto* end : {&from, &to}) {
            const model::Peer& written = end == &from ? d.from : d.to;
            if (end->ns == written.ns) continue;
            aliasNotes.push_back(fmt::format(
                "a rule written in another namespace selects the namespace of `{}` by the labels of {}; namespace {} "
                "has all of them (W0214), so `{}` stands for its pods too",
                written.text, p.namespaces[written.ns].name, p.namespaces[end->ns].name, written.text));
          }
          continue;
        }
        if ((eg.open || !eg.unprovable.empty()) && (in.open || !in.unprovable.empty())) {
          maybe = true;
          unprovable.insert(eg.unprovable.begin(), eg.unprovable.end());
          unprovable.insert(in.unprovable.begin(), in.unprovable.end());
        }
      }
    }
    if (!violated) {
      if (maybe) {
        auto& w = cx.sink.report("W0007", d.span, fmt::format("nplc cannot prove that `{}` is never allowed", intent));
        for (Index e : unprovable) w.label(p.edges[e].span, "this edge allows a named port, which may be that port");
        w.withHelp("write the port numbers in the edge, or name the port in the deny intent too");
      }
      continue;
    }
    const Finding& eg = violated->first;
    const Finding& in = violated->second;
    auto& diag = cx.sink.report("E0302", d.span, fmt::format("`{}` must never be allowed, but it is", intent));
    for (const auto& n : aliasNotes) diag.note(n);
    std::set<Index> seen;
    for (const auto* f : {&eg, &in}) {
      for (Index e : f->edges) {
        if (!seen.insert(e).second) continue;
        const auto& edge = p.edges[e];
        if (!edge.bundle.empty()) diag.label(edge.allowSpan, fmt::format("allowed by bundle `{}`", edge.bundle));
        else diag.label(edge.span, "allowed by this edge");
      }
      for (const auto& r : f->reasons) diag.note(r);
    }
    diag.withHelp(seen.empty() ? "isolate the traffic, e.g. with `deny-all baseline` in the namespace"
                               : "narrow the edge (ports, peers), or drop the deny intent if the edge is right");
  }
}

}  // namespace

// No target can match a connection's source by a DNS name: on every target
// it is an error, not a rule left out (W0002) or refused by one target only.
void checkDnsSources(Context& cx) {
  for (const auto& e : cx.program.edges) {
    if (e.from.kind != K::Fqdn) continue;
    auto& d = cx.sink.report("E0403", e.from.span,
                             fmt::format("`{}` is a DNS name, which can only be a destination", e.from.text));
    if (!e.bundle.empty()) d.label(e.allowSpan, fmt::format("from bundle `{}`, expanded here", e.bundle));
    d.note("NetworkPolicy has no DNS names, and Cilium matches them only as an egress destination (toFQDNs)")
        .withHelp("name the source by its addresses (an external with CIDRs) or as `entity world`");
  }
}

void checkEdges(Context& cx) {
  checkDnsSources(cx);
  checkHttpPorts(cx);
  checkL4L7(cx);
}

void checkIntents(Context& cx) { checkDenies(cx); }

}  // namespace nplc::sema

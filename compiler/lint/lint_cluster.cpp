// W0216..W0220: the pitfalls of the cluster-scope blocks (docs/language.md,
// "Cluster guardrails and defaults"), each at the line to change: a baseline
// allow that a NetworkPolicy makes unreachable, an edge an admin deny
// reaches first, an admin allow that reaches a deny intent first, an admin
// deny that takes DNS away, and a baseline deny-all ingress that outside
// sources pass.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <optional>

#include "analysis/overlap.h"
#include "analysis/well_known.h"
#include "lint/lint.h"

namespace nplc::lint {

namespace {

using K = model::Peer::Kind;
using CR = model::ClusterRule;
using analysis::peersMayOverlap;
using analysis::portListsOverlap;

bool sideApplies(const CR& r, bool ingress) {
  return r.sides != (ingress ? ast::Sides::EgressOnly : ast::Sides::IngressOnly);
}

std::string where(const Input& in, source::Span span) {
  return fmt::format("{}:{}", in.sm.file(span.file).path, in.sm.lineCol(span.file, span.begin).line);
}

// The pods a namespace's policy selects, as a peer.
model::Peer policyPods(const model::Policy& pol) {
  model::Peer peer;
  peer.ns = pol.ns;
  if (pol.subject.kind == model::PolicySubject::Kind::Service) {
    peer.kind = K::Service;
    peer.service = pol.subject.service;
  } else {
    peer.kind = K::NamespacePods;
  }
  return peer;
}

using analysis::PodSet;
using analysis::podSet;

// Certainly every pod of `small` is among `big`'s pods (or every address of
// it among `big`'s addresses): what the checks need to say "never" and
// "always", as the lint checks report only what is certain.

bool covers(const model::Program& p, const model::Peer& big, const model::Peer& small) {
  if (big.kind == K::Any) return true;
  if (big.kind == K::IpBlocks) {
    if (small.kind != K::IpBlocks) return false;
    return std::all_of(small.blocks.begin(), small.blocks.end(), [&](const model::IpBlock& s) {
      return std::any_of(big.blocks.begin(), big.blocks.end(), [&](const model::IpBlock& b) {
        return b.except.empty() && util::contains(b.cidr, s.cidr);
      });
    });
  }
  const auto b = podSet(p, big), s = podSet(p, small);
  if (!b || !s) return false;
  if (b->ns != model::kNone) {
    if (s->ns != b->ns) return false;
  } else {
    model::LabelSelector nsOfSmall = s->nsSelector;
    if (s->ns != model::kNone) {
      nsOfSmall = p.namespaces[s->ns].selector;
      nsOfSmall.reqs.push_back(analysis::namespaceNamed(p.namespaces[s->ns].name));
    }
    if (!analysis::selectorImplies(nsOfSmall, b->nsSelector)) return false;
  }
  return analysis::selectorImplies(s->pods, b->pods);
}

bool portCovers(const model::Port& big, const model::Port& small) {
  using PK = model::Port::Kind;
  if (big.kind == PK::Named || small.kind == PK::Named)
    return big.kind == PK::Named && small.kind == PK::Named && big.name == small.name;
  if (big.protocol != small.protocol) return false;
  switch (big.kind) {
    case PK::AllOfProtocol: return true;
    case PK::Number: return small.kind == PK::Number && small.port == big.port;
    case PK::Range:
      return small.kind != PK::AllOfProtocol && small.port >= big.port &&
             (small.kind == PK::Number ? small.port : small.endPort) <= big.endPort;
    default: return false;
  }
}

// Every port of `small` (empty: all) is among `big`'s.
bool portsCover(const std::vector<model::Port>& big, const std::vector<model::Port>& small) {
  if (big.empty()) return true;
  if (small.empty()) return false;
  return std::all_of(small.begin(), small.end(), [&](const model::Port& s) {
    return std::any_of(big.begin(), big.end(), [&](const model::Port& b) { return portCovers(b, s); });
  });
}

// The first admin statement that may match a connection from `from` to `to`
// on `ports`, at the source's egress or the destination's ingress.
const CR* firstAdminMatch(const model::Program& p, const model::Peer& from, const model::Peer& to,
                          const std::vector<model::Port>& ports) {
  for (const auto& r : p.clusterRules) {
    if (r.tier != CR::Tier::Admin || !portListsOverlap(r.ports, ports)) continue;
    if (peersMayOverlap(p, r.from, from) && peersMayOverlap(p, r.to, to)) return &r;
  }
  return nullptr;
}

void baselineUnreached(const Input& in) {
  const auto& p = in.program;
  for (const auto& r : p.clusterRules) {
    if (r.tier != CR::Tier::Baseline || r.action != CR::Action::Allow) continue;
    for (bool ingress : {false, true}) {
      if (!sideApplies(r, ingress)) continue;
      const model::Peer& subject = ingress ? r.to : r.from;
      const model::Policy* hit = nullptr;
      for (const auto& pol : p.policies) {
        if ((ingress ? pol.ingress : pol.egress) && covers(p, subject, policyPods(pol))) {
          hit = &pol;
          break;
        }
      }
      if (hit == nullptr) continue;
      in.sink
          .report("W0216", r.span,
                  fmt::format("this baseline allow is never reached for the pods NetworkPolicy {}/{} selects for {}",
                              p.namespaces[hit->ns].name, hit->name, ingress ? "ingress" : "egress"))
          .note("a namespace's NetworkPolicy is final for the pods it selects: the baseline tier applies only where "
                "none does")
          .label(hit->span, "that policy comes from here")
          .withHelp(r.bundle.empty() ? "allow it in the namespace too (an edge), or move it to `admin`"
                                     : fmt::format("add `allow {}` to namespace {} too, or move it to `admin`", r.bundle,
                                                   p.namespaces[hit->ns].name));
      break;
    }
  }
}

void edgesDeniedByAdmin(const Input& in) {
  const auto& p = in.program;
  for (const auto& e : p.edges) {
    const CR* r = firstAdminMatch(p, e.from, e.to, e.ports);
    if (r == nullptr || r->action != CR::Action::Deny) continue;
    if (!covers(p, r->from, e.from) || !covers(p, r->to, e.to) || !portsCover(r->ports, e.ports)) continue;
    in.sink
        .report("W0217", e.span,
                fmt::format("the admin deny at {} comes first: this edge is never allowed", where(in, r->span)))
        .label(r->span, "admin deny")
        .note("admin statements are applied before any namespace's policy, and a deny there cannot be overridden")
        .withHelp("narrow the admin deny, or put an admin allow for this traffic before it");
  }
}

void denyIntentsAllowedByAdmin(const Input& in) {
  const auto& p = in.program;
  for (const auto& d : p.denies) {
    const CR* r = firstAdminMatch(p, d.from, d.to, d.ports);
    if (r == nullptr || r->action != CR::Action::Allow || r->sides != ast::Sides::Both) continue;
    if (!covers(p, r->from, d.from) || !covers(p, r->to, d.to) || !portsCover(r->ports, d.ports)) continue;
    in.sink
        .report("W0218", d.span,
                fmt::format("the admin allow at {} comes first: it allows what this deny intent forbids",
                            where(in, r->span)))
        .label(r->span, "admin allow")
        .note("an admin allow (Accept) is applied before any namespace's policy; the deny intent cannot hold there")
        .withHelp("put an admin deny for this traffic before the allow, or narrow the allow");
  }
}

void adminDenyWithoutDns(const Input& in) {
  const auto& p = in.program;
  const model::Peer dns = analysis::kubeDnsPeer(p);
  model::Port udp;
  udp.port = analysis::kDnsPort;
  udp.protocol = model::Protocol::UDP;
  bool dnsAllowed = false;
  for (const auto& r : p.clusterRules) {
    if (r.tier != CR::Tier::Admin || !sideApplies(r, false) || r.from.kind == K::IpBlocks || r.from.kind == K::Any)
      continue;
    if (!portListsOverlap(r.ports, {udp})) continue;
    if (r.action != CR::Action::Deny) {
      if (!peersMayOverlap(p, r.to, dns)) continue;
      dnsAllowed = true;  // an earlier allow or pass decides DNS first
      continue;
    }
    // A deny of everything: any, every pod, every namespace, the pod range.
    bool everything = r.to.kind == K::Any || r.to.kind == K::AllPods ||
                      (r.to.kind == K::Namespaces && r.to.namespaces.empty());
    if (r.to.kind == K::IpBlocks)
      for (const auto& b : r.to.blocks)
        for (const auto& pods : in.options.podCidrs) everything = everything || blockOverlaps(b, pods);
    if (dnsAllowed || !everything) continue;
    in.sink.report("W0219", r.span, "this admin deny also denies DNS: its pods cannot resolve names")
        .note("admin statements are applied before any namespace's policy: `allow dns` in a namespace cannot undo it")
        .withHelp("with `use std/dns`, put `allow */* -> kube-system/kube-dns:53/udp, 53/tcp` before it in the admin block");
    dnsAllowed = true;  // one warning is enough
  }
}

// `deny-all [ingress]` in `baseline` resolves to a deny from `any` into the
// managed pods, ingress side only (sema/resolve_cluster.cpp): the only
// ingress rule whose source is `any`, since E0602 refuses that elsewhere.
// A namespace whose own baseline denies ingress is covered: its
// default-deny NetworkPolicy applies to every source.
void baselineDenyAllIngress(const Input& in) {
  std::vector<std::string> open;
  for (const auto& ns : in.program.namespaces)
    if (!ns.external && !ns.enforceIngress) open.push_back(ns.name);
  if (open.empty()) return;
  for (const auto& r : in.program.clusterRules) {
    if (r.tier != CR::Tier::Baseline || r.action != CR::Action::Deny || r.from.kind != K::Any ||
        r.sides != ast::Sides::IngressOnly)
      continue;
    in.sink.report("W0220", r.span, "this baseline `deny-all` does not deny ingress from outside the cluster")
        .note("a ClusterNetworkPolicy ingress peer is pods or namespaces: load balancers, node ports and other "
              "networks are not matched, so their traffic is still allowed")
        .note(fmt::format("namespaces without a baseline of their own that denies ingress: {}", fmt::join(open, ", ")))
        .withHelp("a namespace's `deny-all ingress baseline` denies them too: a NetworkPolicy applies to every source");
  }
}

}  // namespace

void lintCluster(const Input& in) {
  baselineUnreached(in);
  edgesDeniedByAdmin(in);
  denyIntentsAllowedByAdmin(in);
  adminDenyWithoutDns(in);
  baselineDenyAllIngress(in);
}

}  // namespace nplc::lint

#include "analysis/overlap.h"

#include "analysis/well_known.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace nplc::analysis {

using K = model::Peer::Kind;

bool selectorsCompatible(const model::LabelSelector& a, const model::LabelSelector& b) {
  struct KeyState {
    bool mustExist = false, mustNotExist = false;
    std::optional<std::set<std::string>> allowed;  // nullopt: any value
    std::set<std::string> forbidden;
  };
  std::map<std::string, KeyState> keys;
  for (const auto* sel : {&a, &b}) {
    for (const auto& r : sel->reqs) {
      KeyState& k = keys[r.key];
      switch (r.op) {
        case ast::ReqOp::Equals:
        case ast::ReqOp::In: {
          k.mustExist = true;
          std::set<std::string> vals(r.values.begin(), r.values.end());
          if (k.allowed) {
            std::set<std::string> both;
            std::set_intersection(k.allowed->begin(), k.allowed->end(), vals.begin(), vals.end(),
                                  std::inserter(both, both.begin()));
            k.allowed = both;
          } else {
            k.allowed = vals;
          }
          break;
        }
        case ast::ReqOp::NotIn: k.forbidden.insert(r.values.begin(), r.values.end()); break;
        case ast::ReqOp::Exists: k.mustExist = true; break;
        case ast::ReqOp::DoesNotExist: k.mustNotExist = true; break;
      }
    }
  }
  for (const auto& [key, k] : keys) {
    if (k.mustExist && k.mustNotExist) return false;
    if (k.allowed) {
      bool any = false;
      for (const auto& v : *k.allowed) any |= k.forbidden.count(v) == 0;
      if (!any) return false;
    }
  }
  return true;
}

namespace {

// Does one requirement of `sub` alone guarantee `r`?
bool requirementImplies(const model::Requirement& have, const model::Requirement& r) {
  using Op = ast::ReqOp;
  if (have.key != r.key) return false;
  const auto within = [](const std::vector<std::string>& vals, const std::vector<std::string>& allowed) {
    return std::all_of(vals.begin(), vals.end(), [&](const std::string& v) {
      return std::find(allowed.begin(), allowed.end(), v) != allowed.end();
    });
  };
  const auto disjoint = [](const std::vector<std::string>& a, const std::vector<std::string>& b) {
    return std::none_of(a.begin(), a.end(),
                        [&](const std::string& v) { return std::find(b.begin(), b.end(), v) != b.end(); });
  };
  const bool valued = have.op == Op::Equals || have.op == Op::In;
  switch (r.op) {
    case Op::Equals:
    case Op::In: return valued && within(have.values, r.values);
    case Op::Exists: return valued || have.op == Op::Exists;
    case Op::DoesNotExist: return have.op == Op::DoesNotExist;
    case Op::NotIn:
      return have.op == Op::DoesNotExist || (valued && disjoint(have.values, r.values)) ||
             (have.op == Op::NotIn && within(r.values, have.values));
  }
  return false;
}

}  // namespace

bool selectorImplies(const model::LabelSelector& sub, const model::LabelSelector& super) {
  return std::all_of(super.reqs.begin(), super.reqs.end(), [&](const model::Requirement& r) {
    return std::any_of(sub.reqs.begin(), sub.reqs.end(),
                       [&](const model::Requirement& have) { return requirementImplies(have, r); });
  });
}

namespace {


// A declared namespace is known by its selector labels and its name label.
model::LabelSelector knownLabels(const model::Program& p, model::Index ns) {
  model::LabelSelector known = p.namespaces[ns].selector;
  known.reqs.push_back(namespaceNamed(p.namespaces[ns].name));
  return known;
}

bool namespacesMayOverlap(const model::Program& p, const PodSet& a, const PodSet& b) {
  if (a.ns != model::kNone && b.ns != model::kNone) {
    // A rule in another namespace names `ns` by its labels: a namespace
    // that has all of them is one of its (W0214).
    return a.ns == b.ns || selectorImplies(knownLabels(p, a.ns), p.namespaces[b.ns].selector) ||
           selectorImplies(knownLabels(p, b.ns), p.namespaces[a.ns].selector);
  }
  if (a.ns == model::kNone && b.ns == model::kNone) return selectorsCompatible(a.nsSelector, b.nsSelector);
  const PodSet& fixed = a.ns != model::kNone ? a : b;
  const PodSet& sel = a.ns != model::kNone ? b : a;
  return selectorsCompatible(knownLabels(p, fixed.ns), sel.nsSelector);
}

bool blocksOverlap(const model::IpBlock& a, const model::IpBlock& b) {
  if (!util::overlaps(a.cidr, b.cidr)) return false;
  const util::Cidr& inner = a.cidr.prefix >= b.cidr.prefix ? a.cidr : b.cidr;
  for (const auto* blk : {&a, &b}) {
    for (const auto& e : blk->except) {
      if (util::contains(e, inner)) return false;
    }
  }
  return true;
}

bool globMatch(const std::string& pattern, const std::string& name) {
  if (pattern.empty()) return name.empty();
  if (pattern[0] == '*') {
    for (std::size_t i = 0; i <= name.size(); ++i) {
      if (globMatch(pattern.substr(1), name.substr(i))) return true;
    }
    return false;
  }
  return !name.empty() && pattern[0] == name[0] && globMatch(pattern.substr(1), name.substr(1));
}

bool isAddressPeer(const model::Peer& p) { return p.kind == K::IpBlocks || p.kind == K::Fqdn; }

// What an entity stands for, against a peer of another kind: `world` is every
// address outside the cluster (CIDRs, DNS names), `cluster` every pod and
// node, nodes may sit in a CIDR, and the API server is a node or addresses
// outside the cluster (managed control planes).
bool entityMayMeet(const std::string& e, const model::Peer& other) {
  const bool entity = other.kind == K::Entity;
  if (e == "all") return true;
  if (e == "world") return isAddressPeer(other) || (entity && other.entity == "kube-apiserver");
  if (e == "cluster") return other.isPods() || (entity && other.entity != "world" && other.entity != "none");
  if (e == "kube-apiserver") return isAddressPeer(other) || (entity && other.entity != "none");
  if (e == "host" || e == "remote-node") return other.kind == K::IpBlocks;
  return false;
}

}  // namespace

bool peersMayOverlap(const model::Program& p, const model::Peer& a, const model::Peer& b) {
  if (a.kind == K::Any || b.kind == K::Any) return true;
  if (a.kind == K::Entity && entityMayMeet(a.entity, b)) return true;
  if (b.kind == K::Entity && entityMayMeet(b.entity, a)) return true;
  // A DNS name resolves to addresses, which may be in any CIDR.
  if ((a.kind == K::Fqdn && b.kind == K::IpBlocks) || (a.kind == K::IpBlocks && b.kind == K::Fqdn)) return true;
  const auto pa = podSet(p, a);
  const auto pb = podSet(p, b);
  if (pa && pb) return namespacesMayOverlap(p, *pa, *pb) && selectorsCompatible(pa->pods, pb->pods);
  if (pa || pb) return false;  // pod IPs are not known at compile time
  if (a.kind == K::IpBlocks && b.kind == K::IpBlocks) {
    for (const auto& x : a.blocks) {
      for (const auto& y : b.blocks) {
        if (blocksOverlap(x, y)) return true;
      }
    }
    return false;
  }
  if (a.kind == K::Fqdn && b.kind == K::Fqdn) {
    for (const auto& x : a.fqdns) {
      for (const auto& y : b.fqdns) {
        if (globMatch(x, y) || globMatch(y, x)) return true;
      }
    }
    return false;
  }
  if (a.kind == K::Entity && b.kind == K::Entity) {
    return a.entity == b.entity || a.entity == "all" || b.entity == "all";
  }
  return false;
}

bool portsOverlap(const model::Port& a, const model::Port& b) {
  using PK = model::Port::Kind;
  if (a.protocol != b.protocol) return false;
  if (a.kind == PK::AllOfProtocol || b.kind == PK::AllOfProtocol) return true;
  if (a.kind == PK::Named || b.kind == PK::Named) return a.kind == b.kind && a.name == b.name;
  const auto aEnd = a.kind == PK::Range ? a.endPort : a.port;
  const auto bEnd = b.kind == PK::Range ? b.endPort : b.port;
  return a.port <= bEnd && b.port <= aEnd;
}

bool portListsOverlap(const std::vector<model::Port>& a, const std::vector<model::Port>& b) {
  if (a.empty() || b.empty()) return true;
  for (const auto& x : a) {
    for (const auto& y : b) {
      if (portsOverlap(x, y)) return true;
    }
  }
  return false;
}

std::pair<const model::Port*, const model::Port*> namedPortAndNumber(const std::vector<model::Port>& a,
                                                                     const std::vector<model::Port>& b) {
  using PK = model::Port::Kind;
  for (const auto& x : a) {
    for (const auto& y : b) {
      if (x.protocol != y.protocol || (x.kind == PK::Named) == (y.kind == PK::Named)) continue;
      return x.kind == PK::Named ? std::pair{&x, &y} : std::pair{&y, &x};
    }
  }
  return {nullptr, nullptr};
}

std::vector<model::Port> portsOnPods(const model::Program& p, const model::Peer& dest,
                                     const std::vector<model::Port>& ports, bool& matchesNothing) {
  matchesNothing = false;
  if (dest.kind != model::Peer::Kind::Service || p.services[dest.service].ports.empty()) return ports;
  const auto& declared = p.services[dest.service].ports;
  std::vector<model::Port> out;
  for (const auto& port : ports) {
    if (port.kind != model::Port::Kind::Named) {
      out.push_back(port);
      continue;
    }
    for (const auto& cp : declared) {
      if (cp.name != port.name || cp.protocol != port.protocol) continue;
      model::Port number = port;
      number.kind = model::Port::Kind::Number;
      number.port = number.endPort = cp.port;
      number.name.clear();
      out.push_back(number);
    }
  }
  matchesNothing = !ports.empty() && out.empty();
  return out;
}

std::optional<PodSet> podSet(const model::Program& p, const model::Peer& peer) {
  using K = model::Peer::Kind;
  switch (peer.kind) {
    case K::Service: return PodSet{peer.ns, {}, p.services[peer.service].selector};
    case K::NamespacePods: return PodSet{peer.ns, {}, {}};
    case K::Pods: return PodSet{peer.ns, {}, peer.pods};
    case K::AllPods: return PodSet{model::kNone, {}, {}};
    case K::PodsInNamespaces: return PodSet{model::kNone, peer.namespaces, peer.pods};
    case K::Namespaces: return PodSet{model::kNone, peer.namespaces, {}};
    default: return std::nullopt;
  }
}

}  // namespace nplc::analysis

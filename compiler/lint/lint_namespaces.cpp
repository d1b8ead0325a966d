// W0200 no-baseline and W0201 no-dns: what a namespace leaves open, and pods
// whose egress is locked without name resolution.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "lint/lint.h"
#include "analysis/overlap.h"
#include "diag/text_edits.h"
#include "analysis/well_known.h"
#include "analysis/peer_key.h"

namespace nplc::lint {

namespace {

using K = model::Peer::Kind;

// A cluster-scope `deny-all` (a deny from or to `any`) is a baseline for
// every namespace nplc manages.
bool clusterDenyAll(const model::Program& p) {
  return std::any_of(p.clusterRules.begin(), p.clusterRules.end(), [](const model::ClusterRule& r) {
    return r.action == model::ClusterRule::Action::Deny && (r.from.kind == K::Any || r.to.kind == K::Any);
  });
}

void noBaseline(const Input& in) {
  if (clusterDenyAll(in.program)) return;
  for (const auto& ns : in.program.namespaces) {
    if (ns.external || ns.enforceIngress || ns.enforceEgress || inStdlib(in.sm, ns.span)) continue;
    in.sink.report("W0200", ns.span, fmt::format("namespace '{}' has no baseline", ns.name))
        .note("its pods that no edge targets accept connections from anywhere")
        .withHelp(fmt::format("add `deny-all baseline` (or `deny-all ingress baseline`) to namespace {}", ns.name))
        .withEdit(diag::firstInNamespace(in.sm.file(ns.span.file).text, ns.span, "deny-all baseline"));
  }
}

bool mayBeDns(const Input& in, const model::Peer& peer) {
  if (peer.kind == K::IpBlocks) {
    // The DNS service's or pods' addresses, as far as nplc knows them.
    for (const auto& b : peer.blocks) {
      for (const auto* ranges : {&in.options.podCidrs, &in.options.serviceCidrs}) {
        for (const auto& r : *ranges) {
          if (blockOverlaps(b, r)) return true;
        }
      }
    }
    return false;
  }
  return analysis::mayBeKubeDns(in.program, peer);
}

bool portsAllow53(const std::vector<model::Port>& ports, model::Protocol proto) {
  if (ports.empty()) return true;
  for (const auto& p : ports) {
    if (p.protocol != proto) continue;
    switch (p.kind) {
      case model::Port::Kind::AllOfProtocol:
      case model::Port::Kind::Named:
        return true;  // a named port may be 53
      case model::Port::Kind::Number:
        if (p.port == analysis::kDnsPort) return true;
        break;
      case model::Port::Kind::Range:
        if (p.port <= analysis::kDnsPort && analysis::kDnsPort <= p.endPort) return true;
        break;
    }
  }
  return false;
}

std::string requirementKey(const model::Requirement& r) { return analysis::selectorKey({{r}}); }

// `outer` selects at least the pods `inner` selects: each of its requirements is one of inner's.
bool selects(const model::LabelSelector& outer, const std::set<std::string>& innerKeys) {
  return std::all_of(outer.reqs.begin(), outer.reqs.end(),
                     [&](const model::Requirement& r) { return innerKeys.contains(requirementKey(r)); });
}

struct Dns {
  bool udp = false, tcp = false;
};

// The egress policies of each namespace, filed under the key of their pod
// selector's first requirement ("" when it selects every pod). A policy that
// selects some pods has each of its requirements among theirs, its first
// included: the candidates for `pods` are filed under "" and under one of
// pods' requirements. (A scan of the namespace's policies for each isolated
// service made many services in one namespace quadratic: 10,000 took 14 s.)
using EgressPolicies = std::map<model::Index, std::map<std::string, std::vector<const model::Policy*>>>;

EgressPolicies egressPolicies(const model::Program& p) {
  EgressPolicies out;
  for (const auto& pol : p.policies) {
    if (!pol.egress) continue;
    const auto& reqs = pol.podSelector.reqs;
    out[pol.ns][reqs.empty() ? std::string() : requirementKey(reqs.front())].push_back(&pol);
  }
  return out;
}

// What the egress rules of the policies that surely select `pods` allow.
Dns dnsFor(const Input& in, const EgressPolicies& byNs, model::Index ns, const model::LabelSelector& pods) {
  Dns out;
  const auto it = byNs.find(ns);
  if (it == byNs.end()) return out;
  std::set<std::string> keys{std::string()};  // "" for the policies of every pod
  for (const auto& r : pods.reqs) keys.insert(requirementKey(r));
  std::vector<const model::Policy*> candidates;
  for (const auto& key : keys) {
    const auto filed = it->second.find(key);
    if (filed != it->second.end()) candidates.insert(candidates.end(), filed->second.begin(), filed->second.end());
  }
  keys.erase(std::string());
  for (const model::Policy* polp : candidates) {
    const model::Policy& pol = *polp;
    if (!selects(pol.podSelector, keys)) continue;
    for (const auto& r : pol.egressRules) {
      bool peerOk = r.anyPeer;
      for (const auto& rp : r.peers) peerOk = peerOk || mayBeDns(in, *rp.peer);
      if (!peerOk) continue;
      out.udp = out.udp || portsAllow53(r.ports(), model::Protocol::UDP);
      out.tcp = out.tcp || portsAllow53(r.ports(), model::Protocol::TCP);
    }
  }
  return out;
}

// What W0201's fix adds: `allow dns` (with `use std/dns` when no file uses
// it), or, when the program declares kube-system itself (std/dns would
// declare it a second time), an edge to its own kube-dns service; nothing
// when it has none.
struct DnsFix {
  bool allowDns = false, addUse = false;
  std::string kubeDnsService;  // the edge's destination, when not allowDns
};

DnsFix dnsFix(const Input& in) {
  for (const auto& f : in.files) {
    for (const auto& u : f.uses) {
      if (!u.quoted && u.path == "std/" + std::string(analysis::kDnsModule)) return {true, false, {}};
    }
  }
  const auto& p = in.program;
  bool ownKubeSystem = false;
  for (const auto& ns : p.namespaces) ownKubeSystem |= ns.name == analysis::kKubeSystem;
  if (!ownKubeSystem) return {true, true, {}};
  for (const auto& s : p.services) {
    const auto& r = s.selector.reqs;
    if (p.namespaces[s.ns].name == analysis::kKubeSystem && r.size() == 1 && r[0].op == ast::ReqOp::Equals &&
        r[0].key == analysis::kKubeDnsLabelKey && r[0].values == std::vector<std::string>{analysis::kKubeDnsLabelValue}) {
      return {false, false, s.name};
    }
  }
  return {};
}

// `at(statement)`: the edit that puts a statement where it belongs.
template <class At>
void withDnsFix(diag::Diagnostic& w, const DnsFix& fix, const std::string& source, At at) {
  if (fix.allowDns) {
    w.withEdit(at("allow dns"));
    if (fix.addUse) w.withEdit(diag::useStd(w.span.file, analysis::kDnsModule));
  } else if (!fix.kubeDnsService.empty()) {
    w.withEdit(at(fmt::format("{} -> {}/{}:{}/udp,{}/tcp", source, analysis::kKubeSystem, fix.kubeDnsService,
                              analysis::kDnsPort, analysis::kDnsPort)));
  }
}

// The help that goes with it.
std::string dnsHelp(const DnsFix& fix, const std::string& source) {
  if (!fix.kubeDnsService.empty()) {
    return fmt::format("add an edge `{} -> {}/{}:{}/udp,{}/tcp` (this program declares {} itself, so std/dns "
                       "does not fit)",
                       source, analysis::kKubeSystem, fix.kubeDnsService, analysis::kDnsPort, analysis::kDnsPort,
                       analysis::kKubeSystem);
  }
  return fmt::format("add `allow dns`{}, which opens 53/UDP and 53/TCP to kube-dns",
                     fix.addUse || !fix.allowDns ? " (with `use std/dns`)" : "");
}

std::string missing(const Dns& d) {
  if (!d.udp && !d.tcp) return "UDP and TCP";
  return d.udp ? "TCP" : "UDP";
}

void noDns(const Input& in) {
  const auto& p = in.program;
  const EgressPolicies byNs = egressPolicies(p);
  const DnsFix fix = dnsFix(in);
  for (model::Index n = 0; n < p.namespaces.size(); ++n) {
    const auto& ns = p.namespaces[n];
    if (ns.external) continue;
    if (ns.enforceEgress) {
      const Dns d = dnsFor(in, byNs, n, {});
      if (!(d.udp && d.tcp)) {
        auto& w = in.sink
            .report("W0201", ns.egressBaseline,
                    fmt::format("the pods of namespace '{}' have egress enforced but cannot reach DNS on {} port 53",
                                ns.name, missing(d)))
            .note(d.udp ? "DNS falls back to TCP for large answers" : "without DNS they cannot resolve names")
            .withHelp(dnsHelp(fix, "*"));
        withDnsFix(w, fix, "*", [&](const std::string& statement) {
          return diag::onLineAfter(in.sm.file(ns.egressBaseline.file).text, ns.egressBaseline, statement);
        });
      }
      continue;  // services without their own rule are covered by this warning
    }
    for (auto s : ns.services) {
      const auto& svc = p.services[s];
      if (!svc.isolateEgress) continue;
      const Dns d = dnsFor(in, byNs, n, svc.selector);
      if (d.udp && d.tcp) continue;
      auto& w = in.sink
          .report(
              "W0201", svc.isolateSpan,
              fmt::format("service '{}' has egress enforced but cannot reach DNS on {} port 53", svc.name, missing(d)))
          .note(d.udp ? "DNS falls back to TCP for large answers" : "without DNS its pods cannot resolve names")
          .withHelp(fix.allowDns ? fmt::format("add `allow dns`{} to the namespace, or an edge "
                                               "`{} -> kube-system/kube-dns:53/udp,53/tcp`",
                                               fix.addUse ? " (with `use std/dns`)" : "", svc.name)
                                 : dnsHelp(fix, svc.name));
      withDnsFix(w, fix, svc.name, [&](const std::string& statement) {
        return diag::firstInNamespace(in.sm.file(ns.span.file).text, ns.span, statement);
      });
    }
  }
}

// What each declared namespace is known to carry: its labels and its name label.
std::vector<model::LabelSelector> knownNamespaceLabels(const std::vector<model::Namespace>& nss) {
  std::vector<model::LabelSelector> known;
  known.reserve(nss.size());
  for (const auto& ns : nss) {
    known.push_back(ns.selector);
    known.back().reqs.push_back(analysis::namespaceNamed(ns.name));
  }
  return known;
}

// The namespaces that may have every label of `sel`, in declaration order:
// a namespace satisfies an `=` or `in` requirement only with a label of that
// key whose values are among the requirement's, so the namespaces carrying
// one of its key=value pairs are the only candidates (all of them when `sel`
// has no such requirement). Keeps W0214 linear in the namespaces of a mesh
// (every pair compared was 9x the instructions for 3x the namespaces).
class NamespacesByLabel {
 public:
  explicit NamespacesByLabel(const std::vector<model::LabelSelector>& known) : count_(known.size()) {
    for (model::Index i = 0; i < known.size(); ++i) {
      for (const auto& r : known[i].reqs) {
        if (r.op != ast::ReqOp::Equals && r.op != ast::ReqOp::In) continue;
        if (r.values.empty()) anyValue_[r.key].push_back(i);  // vacuously within every value list
        for (const auto& v : r.values) byPair_[{r.key, v}].push_back(i);
      }
    }
  }

  std::vector<model::Index> candidates(const model::LabelSelector& sel) const {
    std::vector<model::Index> out;
    const auto valued = std::find_if(sel.reqs.begin(), sel.reqs.end(), [](const model::Requirement& r) {
      return r.op == ast::ReqOp::Equals || r.op == ast::ReqOp::In;
    });
    if (valued == sel.reqs.end()) {
      out.resize(count_);
      for (model::Index i = 0; i < count_; ++i) out[i] = i;
      return out;
    }
    const auto add = [&out](const std::vector<model::Index>* found) {
      if (found) out.insert(out.end(), found->begin(), found->end());
    };
    for (const auto& v : valued->values) add(find(byPair_, std::pair{valued->key, v}));
    add(find(anyValue_, valued->key));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

 private:
  template <typename Map, typename Key>
  static const std::vector<model::Index>* find(const Map& m, const Key& k) {
    const auto it = m.find(k);
    return it == m.end() ? nullptr : &it->second;
  }
  model::Index count_;
  std::map<std::pair<std::string, std::string>, std::vector<model::Index>> byPair_;
  std::map<std::string, std::vector<model::Index>> anyValue_;
};

}  // namespace

// Namespaces are selected by their declared labels: when another declared
// namespace has all of them too, every peer of the first also matches pods of
// the second.
void sharedNamespaceLabels(const Input& in) {
  const auto& nss = in.program.namespaces;
  const auto known = knownNamespaceLabels(nss);
  const NamespacesByLabel index(known);
  for (const auto& a : nss) {
    if (analysis::selectsNamespaceByName(a.selector) || inStdlib(in.sm, a.span)) continue;
    for (const model::Index bi : index.candidates(a.selector)) {
      const auto& b = nss[bi];
      if (&a == &b) continue;
      if (!analysis::selectorImplies(known[bi], a.selector)) continue;
      in.sink
          .report("W0214", a.span,
                  fmt::format("the labels of namespace '{}' also select namespace '{}'", a.name, b.name))
          .label(b.span, fmt::format("'{}' has every label that selects '{}'", b.name, a.name))
          .note(fmt::format("a peer in '{}' (`{}/*`, a service of it) also matches the pods of '{}' with the same "
                            "pod labels",
                            a.name, a.name, b.name))
          .withHelp(fmt::format("give '{}' a label that '{}' does not have, e.g. `kubernetes.io/metadata.name: {}` "
                                "in its `labels {{ }}`",
                                a.name, b.name, a.name));
      break;  // once per namespace
    }
  }
}

void lintNamespaces(const Input& in) {
  noBaseline(in);
  sharedNamespaceLabels(in);
  noDns(in);
}

}  // namespace nplc::lint

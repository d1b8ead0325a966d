#include "backends/cilium/l7_checks.h"

#include <fmt/format.h>

#include <map>
#include <optional>

#include "analysis/overlap.h"
#include "analysis/well_known.h"

namespace nplc::backends::cilium {

namespace {

using K = model::Peer::Kind;
using model::Index;

struct Entry {
  const model::Policy* policy;
  const model::Rule* rule;
};

const model::Peer& remoteOf(const model::Edge& e, bool ingress) { return ingress ? e.from : e.to; }

bool hasFqdn(const model::Rule& r) {
  for (const auto& rp : r.peers) {
    if (rp.peer->kind == K::Fqdn) return true;
  }
  return false;
}

// The first edge of `r` whose destination is a DNS name.
Index fqdnEdge(const model::Program& p, const model::Rule& r) {
  for (Index e : r.edges) {
    if (p.edges[e].to.kind == K::Fqdn) return e;
  }
  return r.edges.front();
}

class Checker {
 public:
  explicit Checker(Context& cx) : cx_(cx), p_(cx.p) {}

  void run() {
    // Policies of one namespace and direction may select the same pods.
    std::map<std::pair<Index, bool>, std::vector<Entry>> groups;
    for (const auto& pol : p_.policies) {
      for (const auto& r : pol.ingressRules) groups[{pol.ns, true}].push_back({&pol, &r});
      for (const auto& r : pol.egressRules) groups[{pol.ns, false}].push_back({&pol, &r});
    }
    for (const auto& [key, entries] : groups) {
      const bool ingress = key.second;
      for (const auto& a : entries) {
        if (a.rule->http().empty()) continue;
        for (const auto& b : entries) {
          if (b.rule->http().empty()) l4Overrides(a, b, ingress);
        }
      }
      if (ingress) continue;
      for (const auto& v : entries) {
        if (!hasFqdn(*v.rule)) continue;
        for (const auto& a : entries) {
          if (!a.rule->http().empty()) httpOnDnsPort(v, a);
        }
        denyOfDnsLookups(v);
      }
    }
  }

 private:
  Context& cx_;
  const model::Program& p_;

  bool samePods(const Entry& a, const Entry& b) const {
    return analysis::selectorsCompatible(a.policy->podSelector, b.policy->podSelector);
  }

  void l4Overrides(const Entry& a, const Entry& b, bool ingress) {
    // The ports first: most pairs of rules of a namespace differ there, and
    // comparing two port lists costs far less than comparing two selectors
    // (the Cilium stage of a 100k-line mesh spent half its time here).
    const bool sure = analysis::portListsOverlap(a.rule->ports(), b.rule->ports());
    const auto [named, number] = sure ? std::pair<const model::Port*, const model::Port*>{}
                                      : analysis::namedPortAndNumber(a.rule->ports(), b.rule->ports());
    if (!sure && !named) return;
    if (!samePods(a, b)) return;
    for (Index ea : a.rule->edges) {
      for (Index eb : b.rule->edges) {
        const model::Edge& l7 = p_.edges[ea];
        const model::Edge& l4 = p_.edges[eb];
        if (!analysis::peersMayOverlap(p_, remoteOf(l7, ingress), remoteOf(l4, ingress))) continue;
        if (!sure) {
          const auto meet = portsMeetOn(a, b, l7, l4);
          if (!meet) namedPortMayLose(a, b, ea, eb, ingress, *named, *number);
          if (meet != true) continue;
        }
        auto* d = cx_.once("E0405", fmt::format("{}|{}", ea, eb), l7.http.front().span,
                           "on the Cilium target this HTTP rule is lost: an edge without HTTP rules allows the same "
                           "traffic",
                           ea);
        if (!d) continue;
        d->label(l4.span, "this edge allows that port at L4")
            .note(fmt::format("Cilium merges every rule for a pod: `{}` (policy {}) and `{}` (policy {}) may apply to "
                              "the same {} pods, peers and port, and the L4 rule lets every request through",
                              remoteOf(l7, ingress).text, a.policy->name, remoteOf(l4, ingress).text, b.policy->name,
                              ingress ? "destination" : "source"))
            .withHelp("give the L4 edge the same HTTP rules, or narrow its peers or ports so that they do not meet");
        if (!l4.bundle.empty()) d->label(l4.allowSpan, fmt::format("from bundle `{}`", l4.bundle));
      }
    }
  }

  // Whether the two rules' ports meet on the destination, when it is one
  // service that declares its container ports (`ports { }`): then a named
  // port is a number. nullopt when nplc cannot tell.
  std::optional<bool> portsMeetOn(const Entry& a, const Entry& b, const model::Edge& l7, const model::Edge& l4) const {
    if (l7.to.kind != K::Service || l4.to.kind != K::Service || l7.to.service != l4.to.service) return std::nullopt;
    if (p_.services[l7.to.service].ports.empty()) return std::nullopt;
    bool noneA = false, noneB = false;
    const auto pa = analysis::portsOnPods(p_, l7.to, a.rule->ports(), noneA);
    const auto pb = analysis::portsOnPods(p_, l7.to, b.rule->ports(), noneB);
    return !noneA && !noneB && analysis::portListsOverlap(pa, pb);
  }

  // As E0405, but the two rules meet only if a named port is the numbered
  // one, which the pods' spec decides at run time: a warning, not an error.
  void namedPortMayLose(const Entry& a, const Entry& b, Index ea, Index eb, bool ingress, const model::Port& named,
                        const model::Port& number) {
    const model::Edge& l7 = p_.edges[ea];
    const model::Edge& l4 = p_.edges[eb];
    const std::string numbers = number.kind == model::Port::Kind::Range
                                    ? fmt::format("one of {}-{}", number.port, number.endPort)
                                    : fmt::format("{}", number.port);
    auto* d = cx_.once("W0102", fmt::format("{}|{}", ea, eb), l7.http.front().span,
                       fmt::format("on the Cilium target this HTTP rule is lost if the destination pods' port `{}` is "
                                   "{}: an edge without HTTP rules allows that port",
                                   named.name, numbers),
                       ea);
    if (!d) return;
    d->label(l4.span, "this edge allows the port at L4")
        .note(fmt::format("a named port is resolved on each destination pod at run time, so nplc cannot compare it "
                          "with a number; if they meet, Cilium merges the rules for `{}` (policy {}) and `{}` "
                          "(policy {}) and the L4 rule lets every request through",
                          remoteOf(l7, ingress).text, a.policy->name, remoteOf(l4, ingress).text, b.policy->name))
        .withHelp("write both ports as numbers so that nplc can compare them, or give the L4 edge the same HTTP rules");
    if (!l4.bundle.empty()) d->label(l4.allowSpan, fmt::format("from bundle `{}`", l4.bundle));
  }

  void httpOnDnsPort(const Entry& v, const Entry& a) {
    if (!samePods(v, a)) return;
    const model::Port dns{model::Port::Kind::Number, 53, 53, "", model::Protocol::TCP, {}};
    if (!analysis::portListsOverlap(a.rule->ports(), {dns})) return;
    for (Index ea : a.rule->edges) {
      if (!analysis::mayBeKubeDns(p_, p_.edges[ea].to)) continue;
      const Index ev = fqdnEdge(p_, *v.rule);
      auto* d = cx_.once("E0406", fmt::format("{}|{}", ea, ev), p_.edges[ea].http.front().span,
                         "HTTP rules on port 53 of kube-dns conflict with the DNS rule Cilium needs here", ea);
      if (!d) continue;
      d->label(p_.edges[ev].to.span, "this DNS name needs DNS rules on kube-dns port 53 (nplc adds them)")
          .note("Cilium takes HTTP or DNS rules on one port, not both, and rejects the policy")
          .withHelp("drop the HTTP rules from the edge to port 53");
    }
  }

  // The visibility rule allows the pods of `v` to query kube-dns on 53: a
  // deny intent that covers that is violated on the Cilium target.
  void denyOfDnsLookups(const Entry& v) {
    model::Peer pods;
    pods.kind = K::Pods;
    pods.ns = v.policy->ns;
    pods.pods = v.policy->podSelector;
    const std::vector<model::Port> dnsPorts = {
        {model::Port::Kind::Number, 53, 53, "", model::Protocol::UDP, {}},
        {model::Port::Kind::Number, 53, 53, "", model::Protocol::TCP, {}},
    };
    const Index ev = fqdnEdge(p_, *v.rule);
    for (Index i = 0; i < p_.denies.size(); ++i) {
      const model::Edge& d = p_.denies[i];
      if (!analysis::peersMayOverlap(p_, d.from, pods) || !analysis::mayBeKubeDns(p_, d.to) ||
          !analysis::portListsOverlap(d.ports, dnsPorts)) {
        continue;
      }
      auto* diag = cx_.once("E0302", fmt::format("dns|{}", i), d.span,
                            "on the Cilium target this deny intent is violated by the DNS lookups a DNS name needs");
      if (!diag) continue;
      diag->label(p_.edges[ev].to.span,
                  "Cilium resolves this name through kube-dns: nplc allows its lookups on port 53")
          .withHelp("drop the deny intent for kube-dns port 53, or the edge to the DNS name");
    }
  }
};

}  // namespace

void checkL7Merges(Context& cx) { Checker(cx).run(); }

}  // namespace nplc::backends::cilium

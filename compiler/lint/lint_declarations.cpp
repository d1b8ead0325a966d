// W0206 unused and W0207 duplicate-selector: declarations that nothing uses,
// and services that select the same pods.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "lint/lint.h"
#include "analysis/peer_key.h"

namespace nplc::lint {

namespace {

using K = model::Peer::Kind;

// Externals are keyed by (namespace name or "" for global, external name).
using ExternalKey = std::pair<std::string, std::string>;

// The ends of an edge written as a bare name: a service or an external.
template <class F>
void forEachBareName(const ast::Edge& e, F&& f) {
  for (const auto* p : {&e.from, &e.to}) {
    if (p->kind == ast::Peer::Kind::Name) f(p->name.text);
  }
}

class Usage {
 public:
  explicit Usage(const Input& in) : in_(in) {
    for (const auto& f : in.files) {
      for (const auto& x : f.externals) externals_[{"", x.name.text}] = &x;
      for (const auto& b : f.bundles) bundles_[b.name.text] = &b;
      for (const auto& ns : f.namespaces) {
        for (const auto& x : ns.externals) externals_[{ns.name.text, x.name.text}] = &x;
        for (const auto& s : ns.services) services_[ns.name.text].insert(s.name.text);
      }
    }
  }

  void run() {
    collect();
    reportServices();
    reportExternals();
    reportBundles();
  }

 private:
  const Input& in_;
  std::map<ExternalKey, const ast::External*> externals_;
  std::map<std::string, const ast::Bundle*> bundles_;
  std::map<std::string, std::set<std::string>> services_;  // namespace -> service names
  std::set<ExternalKey> usedExternals_;
  std::set<std::string> usedBundles_;

  // A bare name in namespace `ns`: its services first, then its externals, then global ones.
  void useName(const std::string& ns, const std::string& name) {
    if (services_[ns].count(name) != 0) return;
    if (externals_.count({ns, name}) != 0) {
      usedExternals_.insert({ns, name});
    } else if (externals_.count({"", name}) != 0) {
      usedExternals_.insert({"", name});
    }
  }

  void useEdge(const std::string& ns, const ast::Edge& e) {
    forEachBareName(e, [&](const std::string& name) { useName(ns, name); });
  }

  // An expectation is a use: it may name a service or an external only to
  // say what must stay denied (the pod that must not reach the database).
  void useExpect(const std::string& ns, const ast::Expect& x) {
    for (const auto* end : {&x.from, &x.to}) {
      if (!end->dnsName && end->peer.kind == ast::Peer::Kind::Name) useName(ns, end->peer.name.text);
    }
  }

  void collect() {
    for (const auto& f : in_.files) {
      for (const auto& x : f.expects) useExpect("", x);
      for (const auto& ns : f.namespaces) {
        for (const auto& x : ns.expects) useExpect(ns.name.text, x);
        for (const auto& a : ns.allows) {
          usedBundles_.insert(a.bundle.text);
          if (auto it = bundles_.find(a.bundle.text); it != bundles_.end()) {
            for (const auto& e : it->second->edges) useEdge(ns.name.text, e);
          }
        }
      }
      // Cluster-scope blocks: bare names are global externals, bundles expand.
      for (const auto& block : f.clusterBlocks) {
        for (const auto& r : block.rules) {
          for (const auto* peer : {&r.from, &r.to})
            if (peer->kind == ast::Peer::Kind::Name) useName("", peer->name.text);
          if (r.kind == ast::ClusterRule::Kind::Bundle) usedBundles_.insert(r.bundle.text);
        }
      }
    }
    for (const auto& [ns, names] : in_.edgeNames) {
      for (const auto& name : names) useName(ns, name);
    }
    // Externals named in other externals' lists.
    for (const auto& [key, x] : externals_) {
      for (const auto* refs : {&x->blocks, &x->excepts}) {
        for (const auto& r : *refs) {
          if (!r.isName) continue;
          if (!key.first.empty() && externals_.count({key.first, r.text}) != 0)
            usedExternals_.insert({key.first, r.text});
          else
            usedExternals_.insert({"", r.text});
        }
      }
    }
  }

  void reportServices() {
    const auto& p = in_.program;
    std::vector<bool> used(p.services.size(), false);
    for (const auto* list : {&p.edges, &p.denies}) {
      for (const auto& e : *list) {
        for (const auto* peer : {&e.from, &e.to}) {
          if (peer->kind == K::Service) used[peer->service] = true;
        }
      }
    }
    for (const auto& x : p.expects) {
      for (const auto* peer : {&x.from, &x.to}) {
        if (peer->kind == K::Service) used[peer->service] = true;
      }
    }
    for (const auto& r : p.clusterRules) {
      for (const auto* peer : {&r.from, &r.to}) {
        if (peer->kind == K::Service) used[peer->service] = true;
      }
    }
    for (model::Index s = 0; s < p.services.size(); ++s) {
      const auto& svc = p.services[s];
      if (used[s] || svc.isolateIngress || svc.isolateEgress || inStdlib(in_.sm, svc.span)) continue;
      in_.sink
          .report("W0206", svc.span,
                  fmt::format("service '{}' of namespace '{}' is never used", svc.name, p.namespaces[svc.ns].name))
          .withHelp("remove it, or write the edge that needs it");
    }
  }

  void reportExternals() {
    for (const auto& [key, x] : externals_) {
      if (usedExternals_.count(key) != 0 || inStdlib(in_.sm, x->name.span)) continue;
      in_.sink.report("W0206", x->name.span, fmt::format("external '{}' is never used", x->name.text))
          .withHelp("remove it, or write the edge that needs it");
    }
  }

  void reportBundles() {
    for (const auto& [name, b] : bundles_) {
      if (usedBundles_.count(name) != 0 || inStdlib(in_.sm, b->name.span)) continue;
      in_.sink.report("W0206", b->name.span, fmt::format("bundle '{}' is never allowed", name))
          .withHelp(fmt::format("remove it, or write `allow {}` in the namespaces that need it", name));
    }
  }
};

// The same requirements in any order.
std::string canonicalSelector(model::LabelSelector sel) {
  for (auto& r : sel.reqs) std::sort(r.values.begin(), r.values.end());
  std::sort(sel.reqs.begin(), sel.reqs.end(), [](const model::Requirement& a, const model::Requirement& b) {
    return std::tie(a.key, a.op, a.values) < std::tie(b.key, b.op, b.values);
  });
  return analysis::selectorKey(sel);
}

void duplicateSelectors(const Input& in) {
  const auto& p = in.program;
  for (const auto& ns : p.namespaces) {
    std::map<std::string, model::Index> seen;
    for (auto s : ns.services) {
      const auto& svc = p.services[s];
      auto [it, fresh] = seen.emplace(canonicalSelector(svc.selector), s);
      if (fresh || inStdlib(in.sm, svc.span)) continue;
      const auto& first = p.services[it->second];
      in.sink
          .report("W0207", svc.span,
                  fmt::format("services '{}' and '{}' of namespace '{}' select the same pods", first.name, svc.name,
                              ns.name))
          .label(first.span, fmt::format("'{}' is declared here with the same selector", first.name))
          .note("the rules of either service's policies apply to the pods of both")
          .withHelp(fmt::format("use one service for these pods (remove '{}')", svc.name));
    }
  }
}

}  // namespace

EdgeNames edgeNames(const std::vector<ast::File>& files) {
  EdgeNames out;
  for (const auto& f : files) {
    for (const auto& ns : f.namespaces) {
      for (const auto& e : ns.edges) forEachBareName(e, [&](const std::string& name) { out[ns.name.text].insert(name); });
    }
  }
  return out;
}

void lintDeclarations(const Input& in) {
  Usage(in).run();
  duplicateSelectors(in);
}

}  // namespace nplc::lint

// One page per namespace: what is enforced there, what the baseline blocks,
// and for every service who may call it and what it may call, each row linked
// to the line it comes from.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "backends/graph/dependency_graph.h"
#include "model/describe.h"
#include "backends/markdown/cluster_blocks.h"
#include "backends/markdown/effective_access.h"
#include "backends/markdown/markdown_text.h"
#include "backends/markdown/mermaid.h"
#include "backends/markdown/pages.h"
#include "analysis/overlap.h"

namespace nplc::backends::markdown {

namespace {

using K = model::Peer::Kind;
using model::Index;
using model::kNone;

std::string codeList(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + code(n);
  return out;
}

class NamespacePage {
 public:
  NamespacePage(const View& v, Index ns) : v_(v), p_(v.program()), ns_(ns), name_(p_.namespaces[ns].name) {}

  std::string render() {
    const model::Namespace& ns = p_.namespaces[ns_];
    doc_.heading(1, "Namespace " + text(name_));
    doc_.paragraph(intro());
    doc_.heading(2, "What is enforced");
    doc_.bullets(enforcement());
    if (!ns.external) {
      doc_.heading(2, "What the baseline blocks");
      doc_.bullets(blocked());
    }
    clusterBlocksOfNamespace(doc_, v_, ns_);
    diagram();
    services();
    everyPod();
    externals();
    denies();
    if (v_.access()) effectiveAccess(doc_, *v_.access(), ns_, v_.clusterBlocksKind());
    return doc_.str();
  }

 private:
  const View& v_;
  const model::Program& p_;
  Index ns_;
  std::string name_;
  Document doc_;

  std::string src(source::Span s) const { return v_.sourceLink(s, kNamespaceDir); }

  // A peer, linked to its section when it is a service or `*` with a page.
  std::string peerCell(const model::Peer& peer) const {
    const std::string shown = code(model::peerNpl(p_, peer, ns_));
    if (peer.kind != K::Service && peer.kind != K::NamespacePods) return shown;
    if (!v_.hasPage(peer.ns)) return shown;
    const std::string section = peer.kind == K::Service ? "service " + p_.services[peer.service].name
                                                        : "every pod of " + p_.namespaces[peer.ns].name;
    const std::string page = peer.ns == ns_ ? "" : namespacePageName(p_, peer.ns);
    return link(shown, page + "#" + anchor(section));
  }

  std::string intro() const {
    const model::Namespace& ns = p_.namespaces[ns_];
    const std::string sel = model::selectorNpl(ns.selector);
    const std::string selected = sel.empty() ? code("kubernetes.io/metadata.name: " + name_) : code(sel);
    std::string s =
        ns.external
            ? fmt::format("An external namespace, declared at {}: nplc refers to its pods but generates nothing in it.",
                          src(ns.span))
            : fmt::format(
                  "A namespace managed by nplc, declared at {}: its NetworkPolicies are generated from the lines "
                  "linked on this page.",
                  src(ns.span));
    s += fmt::format(" Other namespaces select it by {}. Back to {}.", selected, link("all namespaces", "../index.md"));
    return s;
  }

  std::string baselineAt(bool ingress) const {
    const model::Namespace& ns = p_.namespaces[ns_];
    return src(ingress ? ns.ingressBaseline : ns.egressBaseline);
  }

  std::vector<std::string> enforcement() const {
    const model::Namespace& ns = p_.namespaces[ns_];
    if (ns.external)
      return {
          "Nothing: nplc writes no policy in an external namespace, so its pods accept and open connections as their "
          "own policies (if any) allow."};
    std::vector<std::string> out;
    out.push_back(ns.enforceIngress
                      ? fmt::format("Ingress, every pod: a baseline at {} isolates every pod; a pod accepts only the "
                                    "connections listed on this page.",
                                    baselineAt(true))
                      : "Ingress, per service: no baseline; a service accepts only its listed callers once an edge "
                        "targets it or `deny-all` isolates it, and every other pod accepts every connection.");
    out.push_back(
        ns.enforceEgress
            ? fmt::format("Egress, every pod: a baseline at {} isolates every pod; a pod may open only the connections "
                          "listed on this page.",
                          baselineAt(false))
            : "Egress, not by a baseline: pods may open any connection, except services isolated with `deny-all "
              "egress`; the other *what it may call* rows are documented dependencies, not enforced.");
    for (const auto& [bundle, at] : v_.bundles(ns_)) {
      out.push_back(fmt::format("Bundle {}, allowed at {}.", code(bundle), src(at)));
    }
    std::vector<std::string> names;
    for (const auto* pol : v_.policies(ns_)) names.push_back(pol->name);
    out.push_back(names.empty() ? std::string("Policies: none.")
                                : fmt::format("Policies ({}): {}.", names.size(), codeList(names)));
    return out;
  }

  std::vector<std::string> blocked() const {
    const model::Namespace& ns = p_.namespaces[ns_];
    std::vector<std::string> out;
    const Subject every = v_.subject(ns_, kNone);
    const std::string everyLink = link("every pod of " + text(name_), "#" + anchor("every pod of " + name_));
    for (int dir : {kIngress, kEgress}) {
      const bool base = dir == kIngress ? ns.enforceIngress : ns.enforceEgress;
      if (!base) {
        std::vector<std::string> open;
        for (Index s : ns.services) {
          if (v_.subject(ns_, s).isolatedBy[dir].empty()) open.push_back(p_.services[s].name);
        }
        if (dir == kIngress) {
          out.push_back(
              open.empty()
                  ? "No ingress baseline: pods that no service selects accept every connection."
                  : fmt::format(
                        "No ingress baseline: nothing blocks connections into {} or into pods that no service selects.",
                        codeList(open)));
        } else {
          out.push_back(open.empty() ? "No egress baseline: pods that no service selects may open any connection."
                                     : fmt::format("No egress baseline: nothing blocks connections out of {} or out of "
                                                   "pods that no service selects.",
                                                   codeList(open)));
        }
        continue;
      }
      out.push_back(dir == kIngress
                        ? fmt::format("Every connection into a pod of {0} that no row of this page allows: from other "
                                      "namespaces, from outside the cluster and between pods of {0} alike.",
                                      code(name_))
                        : fmt::format("Every connection out of a pod of {0} that no row of this page allows: to other "
                                      "namespaces, to outside the cluster and between pods of {0} alike.",
                                      code(name_)));
      const bool everyHasRows = !every.rows[dir].empty();
      out.push_back(everyHasRows ? fmt::format("Pods that no service selects: only the rows under {}.", everyLink)
                                 : fmt::format("Pods that no service selects: {} no connection.",
                                               dir == kIngress ? "accept" : "open"));
      std::vector<std::string> none;
      bool overlapping = false;
      for (Index s : ns.services) {
        if (!v_.subject(ns_, s).rows[dir].empty()) continue;
        none.push_back(p_.services[s].name);
        overlapping = overlapping || !overlaps(s).empty();
      }
      if (!none.empty()) {
        std::string gets;
        if (everyHasRows) gets = "only the rows for every pod";
        if (overlapping)
          gets += std::string(gets.empty() ? "only" : " and") + " the rows of the other services that also select them";
        out.push_back(fmt::format("{}: no {} of {} own, {}.", codeList(none), dir == kIngress ? "caller" : "callee",
                                  none.size() == 1 ? "its" : "their",
                                  gets.empty() ? "so no connection at all"
                                               : (none.size() == 1 ? "its pods get " : "their pods get ") + gets));
      }
    }
    for (Index s : ns.services) {
      const model::Service& svc = p_.services[s];
      if (!svc.isolateIngress && !svc.isolateEgress) continue;
      const char* dirs = svc.isolateIngress && svc.isolateEgress ? "both directions"
                         : svc.isolateIngress                    ? "ingress"
                                                                 : "egress";
      out.push_back(fmt::format("{} at {} isolates {} ({}): only its listed rows get through.", code("deny-all"),
                                src(svc.isolateSpan), code(svc.name), dirs));
    }
    return out;
  }

  void diagram() {
    const graph::Graph g = graph::build(p_, v_.edgesOf(ns_));
    doc_.heading(2, "Diagram");
    if (g.arrows.empty()) {
      doc_.paragraph("No edge starts or ends in this namespace.");
      return;
    }
    if (g.nodes.size() > kPageMaxNodes || g.arrows.size() > kPageMaxArrows) {
      doc_.paragraph(
          fmt::format("Left out: {} nodes and {} arrows are more than a diagram can show readably (at most {} and {}); "
                      "the tables below list every rule.",
                      g.nodes.size(), g.arrows.size(), kPageMaxNodes, kPageMaxArrows));
      return;
    }
    doc_.paragraph(fmt::format("Every edge with an end in {}; the shapes are explained in the {}.", code(name_),
                               link("legend", "../index.md#legend")));
    doc_.fenced("mermaid", flowchart(p_, g));
  }

  std::string policyCell(const Row& r, int dir, const Subject& s) const {
    const model::Edge& e = p_.edges[r.edge];
    if (r.policies.empty()) {
      if (p_.namespaces[ns_].external) return "none (external namespace)";
      if ((dir == kIngress && e.sides == ast::Sides::EgressOnly) ||
          (dir == kEgress && e.sides == ast::Sides::IngressOnly)) {
        return "none: the edge writes only the other side";
      }
      if (dir == kEgress && s.isolatedBy[kEgress].empty()) return "none: egress not enforced, already allowed";
      return "none";
    }
    std::string cell = codeList(r.policies);
    if (r.other->kind == K::Fqdn || r.other->kind == K::Entity)
      cell += " (Cilium only: left out of the kubernetes target)";
    return cell;
  }

  void rowsTable(const Subject& s, int dir, const std::string& who) {
    const auto& rows = s.rows[dir];
    if (rows.empty()) {
      doc_.paragraph(dir == kIngress ? fmt::format("No edge names {} as its destination.", who)
                                     : fmt::format("No edge names {} as its source.", who));
      return;
    }
    doc_.paragraph(dir == kIngress ? fmt::format("Who may call {}:", who) : fmt::format("What {} may call:", who));
    std::vector<std::vector<std::string>> table;
    bool http = false;
    for (const auto& r : rows) {
      const model::Edge& e = p_.edges[r.edge];
      http = http || !e.http.empty();
      std::string peer = peerCell(*r.other);
      const std::string sides = model::sidesText(e);
      if (!sides.empty()) peer += " (" + sides + ")";
      table.push_back({peer, model::portsText(e.ports), e.http.empty() ? "" : code(model::httpText(e.http)),
                       policyCell(r, dir, s), v_.edgeSource(e, kNamespaceDir)});
    }
    doc_.table({dir == kIngress ? "caller" : "callee", "ports / protocol", "HTTP routes", "policy", "source"}, table);
    if (http) {
      doc_.paragraph(
          "HTTP routes are enforced by Cilium; NetworkPolicy cannot express them, so on the kubernetes target the "
          "whole port is open to that peer (that target warns W0001).");
    }
  }

  std::string isolation(const Subject& s, int dir) const {
    const char* d = dir == kIngress ? "Ingress" : "Egress";
    if (p_.namespaces[ns_].external) return fmt::format("{}: not managed by nplc.", d);
    if (s.isolatedBy[dir].empty()) {
      return dir == kIngress ? fmt::format("{}: not enforced; every pod and address may connect.", d)
                             : fmt::format("{}: not enforced; it may open any connection.", d);
    }
    return fmt::format("{}: enforced by {}.", d, codeList(s.isolatedBy[dir]));
  }

  void services() {
    const model::Namespace& ns = p_.namespaces[ns_];
    doc_.heading(2, "Services");
    if (ns.services.empty()) {
      doc_.paragraph("No service is declared in this namespace.");
      return;
    }
    std::vector<Index> order = ns.services;
    std::sort(order.begin(), order.end(), [&](Index a, Index b) { return p_.services[a].name < p_.services[b].name; });
    std::vector<std::vector<std::string>> summary;
    for (Index s : order) {
      const Subject sub = v_.subject(ns_, s);
      const std::string& n = p_.services[s].name;
      summary.push_back({link(code(n), "#" + anchor("service " + n)), code(selector(s)),
                         std::to_string(sub.rows[kIngress].size()), std::to_string(sub.rows[kEgress].size()),
                         src(p_.services[s].span)});
    }
    doc_.table({"service", "selects pods with", "callers", "callees", "declared at"}, summary);
    const bool everyRows =
        !v_.subject(ns_, kNone).rows[kIngress].empty() || !v_.subject(ns_, kNone).rows[kEgress].empty();
    for (Index s : order) {
      const model::Service& svc = p_.services[s];
      const Subject sub = v_.subject(ns_, s);
      doc_.heading(3, "Service " + text(svc.name));
      doc_.paragraph(fmt::format("Selects the pods of {} with {} (declared at {}). {} {}", code(name_),
                                 code(selector(s)), src(svc.span), isolation(sub, kIngress), isolation(sub, kEgress)));
      const auto others = overlaps(s);
      if (!others.empty()) {
        doc_.paragraph(
            fmt::format("A pod it selects may also be selected by {} (their selectors can match the same pod): the "
                        "rules of those services apply to such a pod too.",
                        codeList(others)));
      }
      rowsTable(sub, kIngress, code(svc.name));
      rowsTable(sub, kEgress, code(svc.name));
      if (everyRows) {
        doc_.paragraph(fmt::format("The rules for {} apply to {} as well.",
                                   link("every pod of " + text(name_), "#" + anchor("every pod of " + name_)),
                                   code(svc.name)));
      }
    }
  }

  // The other services of the namespace whose selectors can match a pod this
  // one selects: their policies apply to such a pod too.
  std::vector<std::string> overlaps(Index s) const {
    std::vector<std::string> out;
    for (Index o : p_.namespaces[ns_].services) {
      if (o != s && analysis::selectorsCompatible(p_.services[s].selector, p_.services[o].selector))
        out.push_back(p_.services[o].name);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  std::string selector(Index s) const {
    const std::string sel = model::selectorNpl(p_.services[s].selector);
    return sel.empty() ? "{ } (every pod)" : sel;
  }

  void everyPod() {
    const Subject sub = v_.subject(ns_, kNone);
    if (p_.namespaces[ns_].external && sub.rows[kIngress].empty() && sub.rows[kEgress].empty()) return;
    doc_.heading(3, "Every pod of " + text(name_));
    doc_.paragraph(
        fmt::format("Edges whose end is {} (written here, or expanded from a bundle allowed here) apply to every pod "
                    "of {}, whichever service selects it. {} {}",
                    code("*"), code(name_), isolation(sub, kIngress), isolation(sub, kEgress)));
    rowsTable(sub, kIngress, "every pod");
    rowsTable(sub, kEgress, "every pod");
  }

  void externals() {
    // The externals this namespace's edges use, once each, by name.
    std::map<std::string, std::pair<const model::Peer*, std::vector<std::string>>> used;
    for (Index i : v_.edgesOf(ns_)) {
      const model::Edge& e = p_.edges[i];
      for (const auto* pair : {&e.from, &e.to}) {
        const model::Peer& peer = *pair;
        const model::Peer& other = pair == &e.from ? e.to : e.from;
        if (peer.kind != K::IpBlocks && peer.kind != K::Fqdn && peer.kind != K::Entity) continue;
        const bool here =
            e.ns == ns_ || ((other.kind == K::Service || other.kind == K::NamespacePods) && other.ns == ns_);
        if (!here) continue;
        auto& entry = used[peer.text + "\x1f" + model::externalValue(peer)];
        entry.first = &peer;
        const std::string with = model::peerNpl(p_, other, ns_);
        if (std::find(entry.second.begin(), entry.second.end(), with) == entry.second.end())
          entry.second.push_back(with);
      }
    }
    doc_.heading(2, "Externals");
    if (used.empty()) {
      doc_.paragraph("No edge of this namespace reaches an address, a DNS name or an entity.");
      return;
    }
    std::vector<std::vector<std::string>> rows;
    for (const auto& [_, entry] : used) {
      const model::Peer& peer = *entry.first;
      const char* kind = peer.kind == K::IpBlocks ? "addresses" : peer.kind == K::Fqdn ? "DNS names" : "Cilium entity";
      const char* k8s = peer.kind == K::IpBlocks ? "ipBlock" : "left out: stays denied (Cilium only)";
      rows.push_back({code(peer.text), kind, code(model::externalValue(peer)), k8s, codeList(entry.second)});
    }
    doc_.table({"external", "kind", "covers", "kubernetes target", "used with"}, rows);
  }

  void denies() {
    std::vector<std::vector<std::string>> rows;
    for (const auto& d : p_.denies) {
      if (d.ns != ns_) continue;
      rows.push_back({code(model::peerNpl(p_, d.from, ns_) + " -> " + model::peerNpl(p_, d.to, ns_)),
                      model::portsText(d.ports), src(d.span)});
    }
    doc_.heading(2, "Deny intents");
    if (rows.empty()) {
      doc_.paragraph("No deny intent is written in this namespace.");
      return;
    }
    doc_.paragraph(
        "Traffic that must never be allowed. The build checks each one against the generated policies and fails "
        "(E0302) when a rule allows it; an intent it cannot decide (a named port against a numbered one) is warning "
        "W0007 on the index page.");
    doc_.table({"never allowed", "ports / protocol", "source"}, rows);
  }
};

}  // namespace

std::string namespacePageName(const model::Program& p, Index ns) { return p.namespaces[ns].name + ".md"; }

std::string namespacePage(const View& v, Index ns) { return NamespacePage(v, ns).render(); }

}  // namespace nplc::backends::markdown

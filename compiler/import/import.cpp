// From NetworkPolicy objects to NPL: each policy's pods become a service (or
// `*`), its isolation a baseline or `deny-all`, each peer of each rule a
// one-sided edge (`ingress PEER -> SUBJECT`, `egress SUBJECT -> PEER`), and
// an ingress and an egress edge that say the same connection one edge. The
// mapping is the table of docs/language.md, "Writing any NetworkPolicy in
// NPL", read backwards; tests/import/ proves it with the evaluator.
#include "import/import.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "diag/diagnostic.h"
#include "eval/yaml_read.h"
#include "import/edge_lists.h"
#include "import/npl_text.h"
#include "import/read.h"
#include "layout/layout.h"
#include "util/check.h"

namespace nplc::import {

namespace {

const char* const kMetadataName = "kubernetes.io/metadata.name";

// One end of an edge, resolved to text once every service has its name.
struct PeerRef {
  enum Kind { Any, Local, Service, NamespacePods, Literal } kind = Any;
  std::string ns;    // Local, Service, NamespacePods
  std::string sel;   // Service: the selector's text
  std::string text;  // Literal
};

struct Edge {
  bool ingress = true;
  PeerRef src, dst;
  std::string ports;
  std::string comment;
};

// An edge, or a gap's comment.
struct Item {
  std::optional<Edge> edge;
  std::string comment;
};

struct ServiceInfo {
  eval::LabelSelector sel;
  std::string name;
  bool fromApp = false;
  std::string written;  // the name nplc gave it, read from an object nplc wrote
};

// The service of an object nplc wrote (annotation nplc.dev/source), named
// SERVICE-ingress or SERVICE-egress: importing nplc's output keeps its names.
std::string nplcServiceName(const SourcePolicy& sp) {
  const YAML::Node meta = sp.node["metadata"];
  if (!eval::yaml::present(meta) || !meta.IsMap()) return "";
  const YAML::Node annotations = meta["annotations"];
  if (!eval::yaml::present(annotations) || !annotations.IsMap() || !eval::yaml::present(annotations["nplc.dev/source"]))
    return "";
  for (const std::string suffix : {"-ingress", "-egress"}) {
    const auto& n = sp.np.name;
    if (n.size() <= suffix.size() || n.compare(n.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
    std::string name = n.substr(0, n.size() - suffix.size());
    bool taken = false;  // a hand-edited object may say anything: keep only a name serviceName() would give
    return serviceName(eval::LabelSelector{{{"app", name}}, {}}, {}, taken) == name ? name : "";
  }
  return "";
}

struct Namespace {
  bool managed = false;  // holds a policy: a `namespace` block, else `external namespace`
  bool baselineIn = false, baselineOut = false;
  std::map<std::string, ServiceInfo> services;                 // by selector text
  std::set<std::string> denyIn, denyOut;                       // selector texts
  std::vector<std::pair<std::string, std::string>> externals;  // name, value, in order of use
  std::vector<Item> items;
};

class Importer {
 public:
  explicit Importer(Result& result) : result_(result) {}

  void add(const SourcePolicy& sp) {
    const auto& np = sp.np;
    const std::string object = "NetworkPolicy " + np.ns + "/" + np.name;
    if (!writableName(np.ns)) {
      gap(np.ns, locate(sp.file, sp.node["metadata"]), object, "metadata.namespace",
          "namespace '" + np.ns + "': NPL cannot name it (a reserved word, or not a DNS label)");
      return;
    }
    Namespace& ns = namespaces_[np.ns];
    ns.managed = true;
    const YAML::Node spec = sp.node["spec"];
    std::string why;
    auto subjectSel = selectorText(np.podSelector, why);
    if (!subjectSel) {
      gap(np.ns, locate(sp.file, spec["podSelector"]), object, "spec.podSelector", why);
      return;
    }
    PeerRef subject{PeerRef::Local, np.ns, "", ""};
    if (!np.podSelector.matchLabels.empty() || !np.podSelector.matchExpressions.empty()) {
      subject = {PeerRef::Service, np.ns, *subjectSel, ""};
      ns.services[*subjectSel].sel = np.podSelector;
      if (auto written = nplcServiceName(sp); !written.empty()) ns.services[*subjectSel].written = written;
    }
    if (subject.kind == PeerRef::Local) {
      ns.baselineIn |= np.isolatesIngress;
      ns.baselineOut |= np.isolatesEgress;
    } else {
      if (np.isolatesIngress) ns.denyIn.insert(*subjectSel);
      if (np.isolatesEgress) ns.denyOut.insert(*subjectSel);
    }
    // Rules of a direction the policy does not isolate do nothing (the API
    // ignores them), so nothing is lost by leaving them out.
    if (np.isolatesIngress) rules(sp, object, subject, true);
    if (np.isolatesEgress) rules(sp, object, subject, false);
  }

  void gap(const std::string& ns, const Location& at, const std::string& object, const std::string& field,
           const std::string& reason) {
    std::string oneLine = reason;  // a comment, and a report, end at the line's end
    for (auto& c : oneLine)
      if (static_cast<unsigned char>(c) < 0x20) c = ' ';
    Gap g{at, object, field, oneLine, ns};
    std::string comment = "not imported: " + object + " " + field + " (" + g.at.str() + "): " + oneLine;
    if (writableName(ns))
      namespaces_[ns].items.push_back({std::nullopt, comment});
    else  // no block can hold it: it heads the first file
      loose_.push_back("# " + comment + "\n");
    result_.gaps.push_back(std::move(g));
  }

  // One NPL text per namespace.
  std::map<std::string, std::string> render() {
    nameServices();
    std::map<std::string, std::string> out;
    for (auto& [name, ns] : namespaces_)
      out[name] = ns.managed || !ns.items.empty() ? renderManaged(name, ns) : renderExternal(name, ns);
    if (!loose_.empty()) {
      std::string head;
      for (const auto& c : loose_) head += c;
      std::string& first = out.empty() ? out["not-imported"] : out.begin()->second;
      first = head + (first.empty() ? "" : "\n") + first;
    }
    return out;
  }

 private:
  void rules(const SourcePolicy& sp, const std::string& object, const PeerRef& subject, bool ingress) {
    const auto& np = sp.np;
    const char* dirKey = ingress ? "ingress" : "egress";
    const char* peersKey = ingress ? "from" : "to";
    const auto& list = ingress ? np.ingress : np.egress;
    const YAML::Node rulesNode = sp.node["spec"][dirKey];
    for (std::size_t i = 0; i < list.size(); ++i) {
      const auto& rule = list[i];
      const std::string ports = portsText(rule.ports);
      const std::string ruleField = std::string("spec.") + dirKey + "[" + std::to_string(i) + "]";
      if (rule.peers.empty()) {
        push(np.ns, ingress, PeerRef{}, subject, ports, "");
        continue;
      }
      for (std::size_t j = 0; j < rule.peers.size(); ++j) {
        const YAML::Node peerNode = rulesNode[i][peersKey][j];
        const std::string field = ruleField + "." + peersKey + "[" + std::to_string(j) + "]";
        std::string why, comment;
        auto peer = convertPeer(np.ns, rule.peers[j], peerNode, why, comment);
        if (!peer) {
          gap(np.ns, locate(sp.file, peerNode), object, field, why);
          continue;
        }
        push(np.ns, ingress, *peer, subject, ports, comment);
      }
    }
  }

  void push(const std::string& ns, bool ingress, const PeerRef& peer, const PeerRef& subject, const std::string& ports,
            const std::string& comment) {
    Edge e{ingress, ingress ? peer : subject, ingress ? subject : peer, ports, comment};
    namespaces_[ns].items.push_back({e, ""});
  }

  std::optional<PeerRef> convertPeer(const std::string& policyNs, const eval::Peer& p, const YAML::Node& node,
                                     std::string& why, std::string& comment) {
    if (p.ipBlock) return ipBlock(policyNs, *p.ipBlock, node, comment);
    std::optional<std::string> podSel;
    const bool anyPods =
        !p.podSelector || (p.podSelector->matchLabels.empty() && p.podSelector->matchExpressions.empty());
    if (p.podSelector) {
      podSel = selectorText(*p.podSelector, why);
      if (!podSel) return std::nullopt;
    }
    if (!p.namespaceSelector) {  // pods of the policy's namespace
      if (anyPods) return PeerRef{PeerRef::Local, policyNs, "", ""};
      namespaces_[policyNs].services[*podSel].sel = *p.podSelector;
      return PeerRef{PeerRef::Service, policyNs, *podSel, ""};
    }
    const auto& nsSel = *p.namespaceSelector;
    const bool anyNs = nsSel.matchLabels.empty() && nsSel.matchExpressions.empty();
    if (anyNs) {
      if (anyPods) return PeerRef{PeerRef::Literal, "", "", "*/*"};
      return PeerRef{PeerRef::Literal, "", "", "pods " + *podSel + " in *"};
    }
    // One namespace by the label Kubernetes sets: a namespace of the program.
    if (nsSel.matchExpressions.empty() && nsSel.matchLabels.size() == 1 && nsSel.matchLabels.count(kMetadataName) &&
        writableName(nsSel.matchLabels.at(kMetadataName))) {
      const std::string target = nsSel.matchLabels.at(kMetadataName);
      Namespace& ns = namespaces_[target];
      if (anyPods) return PeerRef{PeerRef::NamespacePods, target, "", ""};
      ns.services[*podSel].sel = *p.podSelector;
      return PeerRef{PeerRef::Service, target, *podSel, ""};
    }
    auto nsText = selectorText(nsSel, why);
    if (!nsText) return std::nullopt;
    if (anyPods) return PeerRef{PeerRef::Literal, "", "", "namespaces " + *nsText};
    return PeerRef{PeerRef::Literal, "", "", "pods " + *podSel + " in namespaces " + *nsText};
  }

  PeerRef ipBlock(const std::string& policyNs, const eval::IPBlock& block, const YAML::Node& node,
                  std::string& comment) {
    const std::string written = node["ipBlock"]["cidr"].as<std::string>("");
    if (written != block.cidr.str())
      comment = "the input wrote " + written + "; the API keeps only its first " + std::to_string(block.cidr.prefix) +
                " bits";
    if (block.except.empty()) return PeerRef{PeerRef::Literal, "", "", block.cidr.str()};
    std::string value = block.cidr.str() + " except ";
    for (std::size_t i = 0; i < block.except.size(); ++i) value += (i ? ", " : "") + block.except[i].str();
    Namespace& ns = namespaces_[policyNs];
    for (const auto& [name, v] : ns.externals)
      if (v == value) return PeerRef{PeerRef::Literal, "", "", name};
    const std::string name = "block-" + std::to_string(ns.externals.size() + 1);
    ns.externals.emplace_back(name, value);
    return PeerRef{PeerRef::Literal, "", "", name};
  }

  // Names in the order of the selectors' text, so that the names do not
  // depend on the order of the input files.
  void nameServices() {
    for (auto& [nsName, ns] : namespaces_) {
      std::set<std::string> taken;
      for (const auto& [name, value] : ns.externals) taken.insert(name);
      // The names nplc gave, then selectors with an app label, so that they
      // keep their name.
      for (auto& [text, svc] : ns.services) {
        if (svc.written.empty() || taken.count(svc.written)) continue;
        svc.name = svc.written;
        svc.fromApp = true;
        taken.insert(svc.name);
      }
      for (int pass = 0; pass < 2; ++pass) {
        for (auto& [text, svc] : ns.services) {
          if (!svc.name.empty()) continue;
          bool fromApp = false;
          std::string name = serviceName(svc.sel, taken, fromApp);
          if (fromApp != (pass == 0)) continue;
          svc.name = name;
          svc.fromApp = fromApp;
          taken.insert(name);
        }
      }
    }
  }

  std::string peerText(const PeerRef& p, const std::string& block) const {
    switch (p.kind) {
      case PeerRef::Any:
        return "any";
      case PeerRef::Local:
        return p.ns == block ? "*" : p.ns + "/*";
      case PeerRef::NamespacePods:
        return p.ns + "/*";
      case PeerRef::Service: {
        const std::string& name = namespaces_.at(p.ns).services.at(p.sel).name;
        return p.ns == block ? name : p.ns + "/" + name;
      }
      case PeerRef::Literal:
        return p.text;
    }
    return "";
  }

  static std::string serviceLine(const std::string& text, const ServiceInfo& svc) {
    const bool implicit = svc.sel.matchExpressions.empty() && svc.sel.matchLabels.size() == 1 &&
                          svc.sel.matchLabels.count("app") && svc.sel.matchLabels.at("app") == svc.name;
    std::string line = "  service " + svc.name + (implicit ? "" : " " + text);
    if (!svc.fromApp) line += "  # no app label: named after its selector";
    return line + "\n";
  }

  std::string renderExternal(const std::string& name, const Namespace& ns) const {
    std::string out = "external namespace " + name;
    if (ns.services.empty()) return out + "\n";
    out += " {\n";
    for (const auto& [text, svc] : ns.services) out += serviceLine(text, svc);
    return out + "}\n";
  }

  std::string renderManaged(const std::string& name, const Namespace& ns) const {
    // Edges first: a service that is the destination of an edge needs no
    // `deny-all ingress`, and an ingress and an egress edge between the same
    // ends on the same ports are one edge.
    std::vector<Statement> edges;
    std::map<std::string, std::size_t> seen;  // "src -> dst:ports" -> index in edges
    std::map<std::string, int> sides;         // bit 1: ingress, bit 2: egress
    std::set<std::string> ingressTargets;
    for (const auto& item : ns.items) {
      if (!item.edge) {
        edges.push_back({item.comment, "", {}, {}, ""});
        continue;
      }
      const Edge& e = *item.edge;
      if (e.ingress && e.dst.kind == PeerRef::Service) ingressTargets.insert(e.dst.sel);
      const std::string src = peerText(e.src, name);
      const std::string dst = peerText(e.dst, name) + (e.ports.empty() ? "" : ":" + e.ports);
      const std::string core = src + " -> " + dst;
      const int side = e.ingress ? 1 : 2;
      auto it = seen.find(core);
      if (it == seen.end()) {
        seen[core] = edges.size();
        sides[core] = side;
        edges.push_back({"", "", {src}, {{dst, !e.ports.empty(), ""}}, e.comment});
      } else {
        sides[core] |= side;
      }
    }
    for (const auto& [core, index] : seen) {
      const int s = sides.at(core);
      edges[index].side = s == 1 ? "ingress " : s == 2 ? "egress " : "";
    }
    std::vector<std::string> lines;
    for (const auto& s : listStatements(edges)) lines.push_back(statementText(s) + "\n");
    std::string out = "namespace " + name + " {\n";
    if (ns.baselineIn && ns.baselineOut)
      out += "  deny-all baseline\n";
    else if (ns.baselineIn)
      out += "  deny-all ingress baseline\n";
    else if (ns.baselineOut)
      out += "  deny-all egress baseline\n";
    if (!ns.externals.empty()) {
      out += "\n";
      for (const auto& [ext, value] : ns.externals) out += "  external " + ext + " = " + value + "\n";
    }
    if (!ns.services.empty()) {
      out += "\n";
      for (const auto& [text, svc] : ns.services) out += serviceLine(text, svc);
    }
    std::string denies;
    for (const auto& [text, svc] : ns.services) {
      const bool in = ns.denyIn.count(text) && !ns.baselineIn && !ingressTargets.count(text);
      const bool eg = ns.denyOut.count(text) && !ns.baselineOut;
      if (in && eg)
        denies += "  deny-all " + svc.name + "\n";
      else if (in)
        denies += "  deny-all ingress " + svc.name + "\n";
      else if (eg)
        denies += "  deny-all egress " + svc.name + "\n";
    }
    if (!denies.empty()) out += "\n" + denies;
    if (!lines.empty()) out += "\n";
    for (const auto& l : lines) out += l;
    return out + "}\n";
  }

  Result& result_;
  std::map<std::string, Namespace> namespaces_;
  std::vector<std::string> loose_;  // gaps of objects in a namespace NPL cannot name
};

}  // namespace

Result importPolicies(const std::vector<Input>& inputs, const Options& options) {
  Result result;
  const auto policies = readPolicies(inputs, options, result);
  Importer importer(result);
  // The objects of other policy kinds were found while reading: give them
  // their comment (gap() records them again).
  std::vector<Gap> readGaps;
  readGaps.swap(result.gaps);
  for (const auto& g : readGaps) importer.gap(g.ns, g.at, g.object, g.field, g.reason);
  for (const auto& sp : policies) importer.add(sp);
  for (auto& [ns, text] : importer.render()) {
    diag::Sink sink;
    auto formatted = layout::formatText(ns + ".npl", text, sink);
    NPLC_CHECK(formatted.has_value(), "nplc import wrote NPL that does not parse:\n" + text);
    result.files[ns] = *formatted;
  }
  return result;
}

}  // namespace nplc::import

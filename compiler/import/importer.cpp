#include "import/importer.h"

#include "analysis/well_known.h"
#include "eval/yaml_read.h"
#include "import/edge_lists.h"
#include "import/npl_text.h"

namespace nplc::import {

void Importer::gap(const std::string& ns, const Location& at, const std::string& object, const std::string& field,
                   const std::string& reason) {
  std::string oneLine = reason;  // a comment, and a report, end at the line's end
  for (auto& c : oneLine)
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  Gap g{at, object, field, oneLine, ns};
  std::string comment = "not imported: " + object + " " + field + " (" + g.at.str() + "): " + oneLine;
  if (writableName(ns))
    namespaces_[ns].items.push_back({std::nullopt, false, comment});
  else  // no block can hold it: it heads the first file
    loose_.push_back("# " + comment + "\n");
  result_.gaps.push_back(std::move(g));
}

std::optional<Subject> Importer::subject(const std::string& ns, const eval::LabelSelector& sel,
                                         const std::string& written, std::string& why) {
  auto text = selectorText(sel, why);
  if (!text) return std::nullopt;
  Namespace& block = namespaces_[ns];
  block.managed = true;
  if (sel.matchLabels.empty() && sel.matchExpressions.empty()) return Subject{{PeerRef::Local, ns, "", ""}, sel};
  ServiceInfo& svc = block.services[*text];
  svc.sel = sel;
  if (!written.empty()) svc.written = written;
  return Subject{{PeerRef::Service, ns, *text, ""}, sel};
}

void Importer::isolate(const Subject& s, bool ingress) {
  Namespace& ns = namespaces_[s.ref.ns];
  if (s.ref.kind == PeerRef::Local)
    (ingress ? ns.baselineIn : ns.baselineOut) = true;
  else
    (ingress ? ns.denyIn : ns.denyOut).insert(s.ref.sel);
}

bool Importer::isolated(const Subject& s, bool ingress) const {
  auto it = namespaces_.find(s.ref.ns);
  if (it == namespaces_.end()) return false;
  const Namespace& ns = it->second;
  if (ingress ? ns.baselineIn : ns.baselineOut) return true;
  return s.ref.kind == PeerRef::Service && (ingress ? ns.denyIn : ns.denyOut).count(s.ref.sel) > 0;
}

std::optional<PeerRef> Importer::peer(const std::string& policyNs, const eval::Peer& p, const YAML::Node& node,
                                      std::string& why, std::string& comment) {
  if (p.ipBlock) {
    const std::string written = node["ipBlock"]["cidr"].as<std::string>("");
    if (!written.empty() && written != p.ipBlock->cidr.str())
      comment = "the input wrote " + written + "; the API keeps only its first " +
                std::to_string(p.ipBlock->cidr.prefix) + " bits";
    return cidr(policyNs, *p.ipBlock);
  }
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
  const char* const byName = analysis::kNamespaceNameLabel;
  if (nsSel.matchExpressions.empty() && nsSel.matchLabels.size() == 1 && nsSel.matchLabels.count(byName) &&
      writableName(nsSel.matchLabels.at(byName))) {
    const std::string target = nsSel.matchLabels.at(byName);
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

PeerRef Importer::cidr(const std::string& ns, const eval::IPBlock& block) {
  if (block.except.empty()) return PeerRef{PeerRef::Literal, "", "", block.cidr.str()};
  std::string value = block.cidr.str() + " except ";
  for (std::size_t i = 0; i < block.except.size(); ++i) value += (i ? ", " : "") + block.except[i].str();
  return external(ns, "block-" + std::to_string(namespaces_[ns].externals.size() + 1), value);
}

PeerRef Importer::external(const std::string& ns, const std::string& hint, const std::string& value) {
  Namespace& block = namespaces_[ns];
  std::set<std::string> taken;
  for (const auto& [name, v] : block.externals) {
    if (v == value) return PeerRef{PeerRef::Literal, "", "", name};
    taken.insert(name);
  }
  // Services are named later, after the externals: they avoid these names.
  const std::string name = uniqueName(hint, taken);
  block.externals.emplace_back(name, value);
  return PeerRef{PeerRef::Literal, "", "", name};
}

void Importer::edge(const std::string& ns, bool ingress, const PeerRef& peer, const PeerRef& subject,
                    const std::string& ports, const std::string& http, const std::string& comment) {
  Edge e{ingress, ingress ? peer : subject, ingress ? subject : peer, ports, http, comment};
  namespaces_[ns].items.push_back({e, false, ""});
}

void Importer::deny(const std::string& ns, const PeerRef& src, const PeerRef& dst, const std::string& ports) {
  namespaces_[ns].items.push_back({Edge{true, src, dst, ports, "", ""}, true, ""});
}

std::map<std::string, std::string> Importer::render() {
  nameServices();
  std::map<std::string, std::string> out;
  for (auto& [name, ns] : namespaces_)
    out[name] = ns.managed || !ns.items.empty() ? renderManaged(name, ns) : renderExternal(name, ns);
  // Gaps no namespace block can hold head the first file; with no file
  // (every policy left out) they are only reported: a file of comments
  // alone would not compile (E0004).
  if (!loose_.empty() && !out.empty()) {
    std::string head;
    for (const auto& c : loose_) head += c;
    out.begin()->second = head + "\n" + out.begin()->second;
  }
  return out;
}

// Names in the order of the selectors' text, so that the names do not
// depend on the order of the input files.
void Importer::nameServices() {
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

std::string Importer::peerText(const PeerRef& p, const std::string& block) const {
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

namespace {

std::string serviceLine(const std::string& text, const ServiceInfo& svc) {
  const bool implicit = svc.sel.matchExpressions.empty() && svc.sel.matchLabels.size() == 1 &&
                        svc.sel.matchLabels.count("app") && svc.sel.matchLabels.at("app") == svc.name;
  std::string line = "  service " + svc.name + (implicit ? "" : " " + text);
  if (!svc.fromApp) line += "  # no app label: named after its selector";
  return line + "\n";
}

}  // namespace

std::string Importer::renderExternal(const std::string& name, const Namespace& ns) const {
  std::string out = "external namespace " + name;
  if (ns.services.empty()) return out + "\n";
  out += " {\n";
  for (const auto& [text, svc] : ns.services) out += serviceLine(text, svc);
  return out + "}\n";
}

std::string Importer::renderManaged(const std::string& name, const Namespace& ns) const {
  // Edges first: a service that is the destination of an edge needs no
  // `deny-all ingress`, and an ingress and an egress edge between the same
  // ends on the same ports are one edge.
  std::vector<Statement> edges;
  std::vector<std::string> denyLines;
  std::set<std::string> denySeen;
  std::map<std::string, std::size_t> seen;  // "src -> dst:ports" -> index in edges
  std::map<std::string, int> sides;         // bit 1: ingress, bit 2: egress
  std::set<std::string> ingressTargets;
  for (const auto& item : ns.items) {
    if (!item.edge) {
      edges.push_back({item.comment, "", {}, {}, ""});
      continue;
    }
    const Edge& e = *item.edge;
    const std::string src = peerText(e.src, name);
    const std::string dst = peerText(e.dst, name) + (e.ports.empty() ? "" : ":" + e.ports) +
                            (e.http.empty() ? "" : " " + e.http);
    const std::string core = src + " -> " + dst;
    if (item.deny) {
      if (denySeen.insert(core).second) denyLines.push_back("  deny " + core + "\n");
      continue;
    }
    if (e.ingress && e.dst.kind == PeerRef::Service) ingressTargets.insert(e.dst.sel);
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
  if (!denyLines.empty()) out += "\n";
  for (const auto& l : denyLines) out += l;
  return out + "}\n";
}

}  // namespace nplc::import

// From NetworkPolicy objects to NPL: each policy's pods become a service (or
// `*`), its isolation a baseline or `deny-all`, each peer of each rule a
// one-sided edge (`ingress PEER -> SUBJECT`, `egress SUBJECT -> PEER`). The
// mapping is the table of docs/language.md, "Writing any NetworkPolicy in
// NPL", read backwards; tests/import/ proves it with the evaluator.
#include "import/sources.h"

#include "eval/yaml_read.h"
#include "import/npl_text.h"

namespace nplc::import {

std::string nplcServiceName(const SourcePolicy& sp, std::initializer_list<const char*> suffixes) {
  const YAML::Node meta = sp.node["metadata"];
  if (!eval::yaml::present(meta) || !meta.IsMap()) return "";
  const YAML::Node annotations = meta["annotations"];
  if (!eval::yaml::present(annotations) || !annotations.IsMap() || !eval::yaml::present(annotations["nplc.dev/source"]))
    return "";
  for (const std::string suffix : suffixes) {
    const auto& n = sp.np.name;
    if (n.size() <= suffix.size() || n.compare(n.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
    std::string name = n.substr(0, n.size() - suffix.size());
    bool taken = false;  // a hand-edited object may say anything: keep only a name serviceName() would give
    return serviceName(eval::LabelSelector{{{"app", name}}, {}}, {}, taken) == name ? name : "";
  }
  return "";
}

namespace {

void rules(Importer& im, const SourcePolicy& sp, const std::string& object, const Subject& subject, bool ingress) {
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
      im.edge(np.ns, ingress, PeerRef{}, subject.ref, ports);
      continue;
    }
    for (std::size_t j = 0; j < rule.peers.size(); ++j) {
      const YAML::Node peerNode = rulesNode[i][peersKey][j];
      const std::string field = ruleField + "." + peersKey + "[" + std::to_string(j) + "]";
      std::string why, comment;
      auto peer = im.peer(np.ns, rule.peers[j], peerNode, why, comment);
      if (!peer) {
        im.gap(np.ns, locate(sp.file, peerNode), object, field, why);
        continue;
      }
      im.edge(np.ns, ingress, *peer, subject.ref, ports, "", comment);
    }
  }
}

}  // namespace

void addNetworkPolicy(Importer& im, const SourcePolicy& sp, bool rulesPass) {
  const auto& np = sp.np;
  const std::string object = "NetworkPolicy " + np.ns + "/" + np.name;
  if (!writableName(np.ns)) {
    if (!rulesPass)
      im.gap(np.ns, locate(sp.file, sp.node["metadata"]), object, "metadata.namespace",
           "namespace '" + np.ns + "': NPL cannot name it (a reserved word, or not a DNS label)");
    return;
  }
  std::string why;
  auto subject = im.subject(np.ns, np.podSelector, nplcServiceName(sp, {"-ingress", "-egress"}), why);
  if (!subject) {
    if (!rulesPass) im.gap(np.ns, locate(sp.file, sp.node["spec"]["podSelector"]), object, "spec.podSelector", why);
    return;
  }
  if (!rulesPass) {
    if (np.isolatesIngress) im.isolate(*subject, true);
    if (np.isolatesEgress) im.isolate(*subject, false);
    return;
  }
  // Rules of a direction the policy does not isolate do nothing (the API
  // ignores them), so nothing is lost by leaving them out.
  if (np.isolatesIngress) rules(im, sp, object, *subject, true);
  if (np.isolatesEgress) rules(im, sp, object, *subject, false);
}

}  // namespace nplc::import

// From CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy objects to
// NPL: the same shapes as a NetworkPolicy's (a service or `*`, baselines,
// one-sided edges), plus what only Cilium says: entities, DNS names, HTTP
// rules and deny rules (deny intents). The mapping is docs/language.md's
// "The Cilium target" read backwards; docs/import.md has the table.
//
// The objects are read field by field here rather than by the evaluator's
// reader (eval/cilium_policy.h), which refuses what nplc never writes: an
// import has to say which part of an object it cannot write, and import the
// rest. A rule is imported whole or not at all (a gap), so that a gap in an
// allow rule only narrows.

#include <map>

#include "analysis/well_known.h"
#include "eval/cluster.h"
#include "eval/yaml_read.h"
#include "import/http_rules.h"
#include "import/npl_text.h"
#include "import/sources.h"
#include "util/k8s_names.h"

namespace nplc::import {

namespace {

using eval::yaml::present;
using Op = eval::Requirement::Op;

// The keys Cilium gives a pod for its namespace, without their `k8s:` source.
const std::string kPodNamespaceKey = std::string(analysis::kCiliumPodNamespaceKey).substr(4);
const std::string kNamespaceLabelsPrefix = std::string(analysis::kCiliumNamespaceLabelsPrefix).substr(4);

// A part of the object NPL cannot say: where, the field, why. Thrown while
// a rule (or the whole policy) is read, caught where it is left out.
struct Unsaid {
  YAML::Node at;
  std::string field, why;
};

[[noreturn]] void unsaid(const YAML::Node& at, const std::string& field, const std::string& why) {
  throw Unsaid{at, field, why};
}

std::string scalarAt(const YAML::Node& n, const std::string& field) {
  if (!n.IsScalar()) unsaid(n, field, "expected a single value");
  return n.Scalar();
}

void expectMap(const YAML::Node& n, const std::string& field) {
  if (!n.IsMap()) unsaid(n, field, "expected a mapping");
}

void expectList(const YAML::Node& n, const std::string& field) {
  if (!n.IsSequence()) unsaid(n, field, "expected a list");
}

std::string at(const std::string& field, std::size_t i) { return field + "[" + std::to_string(i) + "]"; }

// A Cilium endpoint selector, taken apart: the pod labels, the namespace
// (by name, any, or by its labels) and a reserved identity.
struct CiliumSelector {
  eval::LabelSelector pods, namespaces;
  bool namespaceLabels = false;
  std::optional<std::string> podNamespace;  // io.kubernetes.pod.namespace: X
  bool anyNamespace = false;                // io.kubernetes.pod.namespace exists
  std::vector<std::string> reserved;        // reserved:NAME
  bool positive = false;                    // some label must be present: only pods match
  std::size_t requirements = 0;
};

void addRequirement(CiliumSelector& s, const std::string& written, Op op, const std::vector<std::string>& values,
                    bool matchLabel, const YAML::Node& node, const std::string& field) {
  ++s.requirements;
  std::string source, key = written;
  if (auto colon = written.find(':'); colon != std::string::npos) {
    source = written.substr(0, colon);
    key = written.substr(colon + 1);
  }
  const bool present = op == Op::In || op == Op::Exists;
  if (source == "reserved") {
    if (!(op == Op::Exists || (op == Op::In && values == std::vector<std::string>{""})))
      unsaid(node, field, "a reserved identity selected otherwise than by its name ('" + written + "')");
    s.reserved.push_back(key);
    return;
  }
  if (!source.empty() && source != "k8s" && source != "any")
    unsaid(node, field, "label source '" + source + ":': NPL selects Kubernetes labels only");
  auto addTo = [&](eval::LabelSelector& sel, const std::string& k) {
    if (matchLabel && !sel.matchLabels.count(k))
      sel.matchLabels[k] = values.front();
    else
      sel.matchExpressions.push_back({k, op, values});
  };
  if (key == kPodNamespaceKey) {
    if (op == Op::In && values.size() == 1 && !s.podNamespace)
      s.podNamespace = values.front();
    else if (op == Op::Exists)
      s.anyNamespace = true;
    else
      unsaid(node, field, "a namespace selected by '" + written + "' otherwise than by one name or `Exists`");
    return;
  }
  if (key.rfind(kNamespaceLabelsPrefix, 0) == 0) {
    addTo(s.namespaces, key.substr(kNamespaceLabelsPrefix.size()));
    s.namespaceLabels = true;
    s.positive |= present;
    return;
  }
  if (key.rfind("io.cilium.", 0) == 0 || key.rfind("io.kubernetes.", 0) == 0)
    unsaid(node, field, "label '" + key + "': a label Cilium derives, which NPL's selectors do not name");
  addTo(s.pods, key);
  s.positive |= present;
}

CiliumSelector readSelector(const YAML::Node& n, const std::string& field) {
  expectMap(n, field);
  CiliumSelector s;
  for (const auto& kv : n) {
    const std::string key = kv.first.Scalar();
    if (key == "matchLabels") {
      expectMap(kv.second, field + ".matchLabels");
      for (const auto& label : kv.second)
        addRequirement(s, label.first.Scalar(), Op::In, {scalarAt(label.second, field + ".matchLabels")}, true,
                       label.second, field + ".matchLabels");
    } else if (key == "matchExpressions") {
      expectList(kv.second, field + ".matchExpressions");
      for (std::size_t i = 0; i < kv.second.size(); ++i) {
        const YAML::Node e = kv.second[i];
        const std::string f = at(field + ".matchExpressions", i);
        expectMap(e, f);
        std::vector<std::string> values;
        if (present(e["values"])) {
          expectList(e["values"], f + ".values");
          for (const auto& v : e["values"]) values.push_back(scalarAt(v, f + ".values"));
        }
        if (!present(e["key"]) || !present(e["operator"])) unsaid(e, f, "a requirement without key or operator");
        Op op;
        try {
          op = eval::yaml::selectorOperator(scalarAt(e["operator"], f + ".operator"), f + ".operator");
        } catch (const eval::PolicyError& err) {
          unsaid(e, f + ".operator", err.what());
        }
        addRequirement(s, scalarAt(e["key"], f + ".key"), op, values, false, e, f);
      }
    } else {
      unsaid(kv.first, field + "." + key, "a selector field NPL does not know");
    }
  }
  return s;
}

// What one policy is read with.
struct Policy {
  Importer& im;
  const SourcePolicy& sp;
  std::string object;
  std::string ns;  // the block: the policy's namespace, or the one a clusterwide policy selects
  bool clusterwide = false;
  Subject subject;
  bool hasFqdns = false, hasDnsRule = false;  // toFQDNs rules; the DNS rule nplc writes beside them
};

// An endpoint selector of a rule as an NPL peer.
PeerRef peerOf(Policy& p, const CiliumSelector& s, const YAML::Node& node, const std::string& field) {
  if (!s.reserved.empty()) {
    const std::string& name = s.reserved.front();
    if (s.requirements != 1 || !analysis::isCiliumEntity(name) || name == "all" || name == "cluster")
      unsaid(node, field, "a reserved identity with other labels, or one that is not an entity");
    return PeerRef{PeerRef::Literal, "", "", "entity " + name};
  }
  eval::Peer peer;
  peer.podSelector = s.pods;
  const std::string mayNotBePod = "a selector that may also match what is not a pod (no label it requires)";
  if (s.podNamespace) {
    if (s.namespaceLabels) unsaid(node, field, "a namespace selected both by name and by its labels");
    if (*s.podNamespace != p.ns)
      peer.namespaceSelector = eval::LabelSelector{{{analysis::kNamespaceNameLabel, *s.podNamespace}}, {}};
  } else if (s.anyNamespace) {
    peer.namespaceSelector = s.namespaces;
  } else if (s.namespaceLabels || p.clusterwide) {
    // Cilium does not scope such a selector to the policy's namespace.
    if (!s.positive) unsaid(node, field, mayNotBePod);
    peer.namespaceSelector = s.namespaces;
  }
  std::string why, comment;
  auto ref = p.im.peer(p.ns, peer, YAML::Node(), why, comment);
  if (!ref) unsaid(node, field, why);
  return *ref;
}

PeerRef cidrPeer(Policy& p, const std::string& written, const std::vector<std::string>& except, const YAML::Node& node,
                 const std::string& field) {
  auto full = [](const std::string& c) {
    return c.find('/') != std::string::npos ? c : c + (c.find(':') != std::string::npos ? "/128" : "/32");
  };
  eval::IPBlock block;
  auto cidr = eval::parseLenientCidr(full(written));
  if (!cidr || cidr->str() != full(written)) unsaid(node, field, "'" + written + "': not a CIDR NPL can write");
  block.cidr = *cidr;
  for (const auto& e : except) {
    auto c = eval::parseLenientCidr(full(e));
    if (!c || c->str() != full(e) || !util::strictlyContains(*cidr, *c))
      unsaid(node, field, "except '" + e + "': not a CIDR strictly inside " + cidr->str());
    block.except.push_back(*c);
  }
  return p.im.cidr(p.ns, block);
}

// A port number as Cilium writes it ("8080"); nullopt for anything else
// (a name, or a number above 65535).
std::optional<long> portNumber(const std::string& text) {
  if (text.empty() || text.size() > 5 || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  const long n = std::stol(text);
  return n <= 65535 ? std::optional<long>(n) : std::nullopt;
}

// `8080`, `53/udp`, `7000-7010`, `http`, `*/tcp`, comma-separated.
std::string portsText(const YAML::Node& ports, const std::string& field, bool& single, bool& anyProtocol) {
  expectList(ports, field);
  std::string out;
  single = ports.size() == 1;
  for (std::size_t i = 0; i < ports.size(); ++i) {
    const YAML::Node pp = ports[i];
    const std::string f = at(field, i);
    expectMap(pp, f);
    for (const auto& kv : pp)
      if (kv.first.Scalar() != "port" && kv.first.Scalar() != "endPort" && kv.first.Scalar() != "protocol")
        unsaid(kv.first, f + "." + kv.first.Scalar(), "a port field NPL does not know");
    std::string port = present(pp["port"]) ? scalarAt(pp["port"], f + ".port") : "0";
    std::string protocol = present(pp["protocol"]) ? scalarAt(pp["protocol"], f + ".protocol") : "ANY";
    std::string base;
    if (port == "0") {
      base = "*";
      single = false;
    } else if (auto n = portNumber(port)) {
      if (*n < 1) unsaid(pp["port"], f + ".port", "port " + port + ": not 1-65535");
      base = std::to_string(*n);
      if (present(pp["endPort"])) {
        const auto end = portNumber(scalarAt(pp["endPort"], f + ".endPort"));
        if (!end || *end < *n) unsaid(pp["endPort"], f + ".endPort", "endPort: not a port at or after port");
        if (*end > *n) {
          base += "-" + std::to_string(*end);
          single = false;
        }
      }
    } else if (!port.empty() && !util::checkPortName(port)) {
      base = port;
    } else {
      unsaid(pp["port"], f + ".port", "'" + port + "': neither a port number nor a port name");
    }
    std::vector<std::string> protocols;
    if (protocol == "ANY") {
      protocols = {"tcp", "udp", "sctp"};
      anyProtocol = true;
    } else if (protocol == "TCP" || protocol == "UDP" || protocol == "SCTP") {
      std::string lower = protocol;
      for (auto& c : lower) c = static_cast<char>(c - 'A' + 'a');
      protocols = {lower};
    } else {
      unsaid(pp["protocol"], f + ".protocol", "protocol " + protocol + ": NPL's ports are TCP, UDP and SCTP");
    }
    for (const auto& proto : protocols)
      out += (out.empty() ? "" : ",") + base + (proto == "tcp" && base != "*" ? "" : "/" + proto);
  }
  return out;
}

// The rule nplc writes beside toFQDNs so that Cilium sees the pod's lookups:
// kube-dns of kube-system, port 53 of any protocol, every name.
bool isDnsLookupRule(const YAML::Node& rule) {
  try {
    if (!rule.IsMap() || rule.size() != 2 || !present(rule["toEndpoints"]) || !present(rule["toPorts"])) return false;
    const YAML::Node eps = rule["toEndpoints"], tp = rule["toPorts"];
    if (!eps.IsSequence() || eps.size() != 1 || !tp.IsSequence() || tp.size() != 1) return false;
    const auto s = readSelector(eps[0], "");
    if (s.podNamespace != analysis::kKubeSystem || s.namespaceLabels || s.anyNamespace ||
        s.pods.matchLabels != eval::Labels{{analysis::kKubeDnsLabelKey, analysis::kKubeDnsLabelValue}} ||
        !s.pods.matchExpressions.empty())
      return false;
    const YAML::Node item = tp[0];
    const YAML::Node ports = item["ports"], dns = item["rules"]["dns"];
    return item.size() == 2 && ports.IsSequence() && ports.size() == 1 &&
           ports[0]["port"].as<std::string>("") == std::to_string(analysis::kDnsPort) &&
           ports[0]["protocol"].as<std::string>("ANY") == "ANY" && item["rules"].size() == 1 && dns.IsSequence() &&
           dns.size() == 1 && dns[0].size() == 1 && dns[0]["matchPattern"].as<std::string>("") == "*";
  } catch (const Unsaid&) {
    return false;
  } catch (const YAML::Exception&) {
    return false;
  }
}

// `GET /v1/*, POST /v1/x`: a toPorts item's `rules.http`.
std::string httpRulesText(const YAML::Node& http, const std::string& field) {
  expectList(http, field);
  std::string out;
  for (std::size_t i = 0; i < http.size(); ++i) {
    const YAML::Node h = http[i];
    const std::string f = at(field, i);
    expectMap(h, f);
    for (const auto& kv : h)
      if (kv.first.Scalar() != "method" && kv.first.Scalar() != "path")
        unsaid(kv.first, f + "." + kv.first.Scalar(), "HTTP rules on more than the method and the path");
    if (!present(h["method"])) unsaid(h, f, "an HTTP rule without a method: NPL's HTTP rules name theirs");
    const std::string method = scalarAt(h["method"], f + ".method");
    auto methods = methodsOfRegex(method);
    if (!methods) unsaid(h["method"], f + ".method", "method '" + method + "': not one of NPL's methods (or several with |)");
    // No path is every path; the paths of HTTP requests start with `/`.
    std::string path = "/*";
    if (present(h["path"])) {
      const std::string regex = scalarAt(h["path"], f + ".path");
      auto glob = globOfRegex(regex);
      if (!glob)
        unsaid(h["path"], f + ".path", "path '" + regex + "': a regular expression NPL's paths cannot say (they are "
                                       "globs: `.*` is `*`, other characters stand for themselves)");
      path = *glob;
    }
    for (const auto& m : *methods) out += (out.empty() ? "" : ", ") + m + " " + path;
  }
  return out;
}

// The ports and HTTP rules of one toPorts item; `http` empty without.
struct PortSpec {
  std::string ports, http;
};

std::vector<PortSpec> portSpecs(const YAML::Node& rule, const std::string& field, bool deny) {
  if (!present(rule["toPorts"])) return {PortSpec{}};
  const YAML::Node tp = rule["toPorts"];
  expectList(tp, field + ".toPorts");
  std::vector<PortSpec> out;
  for (std::size_t i = 0; i < tp.size(); ++i) {
    const std::string f = at(field + ".toPorts", i);
    const YAML::Node item = tp[i];
    expectMap(item, f);
    PortSpec spec;
    bool single = false, anyProtocol = false;
    for (const auto& kv : item) {
      const std::string key = kv.first.Scalar();
      if (key == "ports") {
        spec.ports = portsText(kv.second, f + ".ports", single, anyProtocol);
      } else if (key == "rules" && !deny) {
        expectMap(kv.second, f + ".rules");
        for (const auto& r : kv.second) {
          const std::string rf = f + ".rules." + r.first.Scalar();
          if (r.first.Scalar() == "dns")
            unsaid(r.first, rf, "DNS rules: nplc writes them itself, only beside a DNS name (toFQDNs)");
          if (r.first.Scalar() != "http") unsaid(r.first, rf, "L7 rules other than HTTP");
          spec.http = httpRulesText(r.second, rf);
        }
      } else {
        unsaid(kv.first, f + "." + key, deny ? "a deny rule's ports say only ports" : "a toPorts field NPL does not know");
      }
    }
    if (!present(item["ports"])) unsaid(item, f, "rules without ports");
    if (!spec.http.empty() && anyProtocol)
      unsaid(item, f, "HTTP rules on protocol ANY (the default): NPL's HTTP rules are on TCP ports; if TCP is meant, "
                      "write `protocol: TCP` before importing");
    if (!spec.http.empty() && !single)
      unsaid(item, f, "HTTP rules on more than one port, a range or every port: NPL's HTTP rules are on single ports");
    if (!spec.http.empty() && spec.ports.find('/') != std::string::npos)
      unsaid(item, f, "HTTP rules on a port that is not TCP");
    out.push_back(std::move(spec));
  }
  return out;
}

// Why a rule field has no NPL form.
std::string unsupportedField(const std::string& key) {
  static const std::map<std::string, std::string> reasons = {
      {"fromRequires", "requirements added to every other rule's peers, which NPL's edges cannot say"},
      {"toRequires", "requirements added to every other rule's peers, which NPL's edges cannot say"},
      {"toServices", "a Kubernetes Service as the peer: NPL names the pods behind it, or their addresses"},
      {"toGroups", "a cloud provider's group of addresses"},
      {"fromGroups", "a cloud provider's group of addresses"},
      {"fromNodes", "nodes selected by their labels"},
      {"toNodes", "nodes selected by their labels"},
      {"icmps", "ICMP types: NPL's ports are TCP, UDP and SCTP"},
      {"authentication", "mutual authentication"},
      {"toFQDNs", "DNS names in a deny rule (Cilium's deny rules have no toFQDNs)"}};
  auto it = reasons.find(key);
  return it != reasons.end() ? it->second : "a rule field nplc does not know";
}

// The peers of one rule (`any` for a rule with ports and no peer; none for
// `{}`, which allows nothing).
std::vector<PeerRef> rulePeers(Policy& p, const YAML::Node& rule, const std::string& field, bool ingress, bool deny) {
  const std::string pre = ingress ? "from" : "to";
  std::vector<PeerRef> peers;
  bool l3 = false;
  for (const auto& kv : rule) {
    const std::string key = kv.first.Scalar(), f = field + "." + key;
    if (key == "toPorts") continue;
    if (key == pre + "Endpoints") {
      expectList(kv.second, f);
      for (std::size_t i = 0; i < kv.second.size(); ++i)
        peers.push_back(peerOf(p, readSelector(kv.second[i], at(f, i)), kv.second[i], at(f, i)));
    } else if (key == pre + "CIDR") {
      expectList(kv.second, f);
      for (std::size_t i = 0; i < kv.second.size(); ++i)
        peers.push_back(cidrPeer(p, scalarAt(kv.second[i], at(f, i)), {}, kv.second[i], at(f, i)));
    } else if (key == pre + "CIDRSet") {
      expectList(kv.second, f);
      for (std::size_t i = 0; i < kv.second.size(); ++i) {
        const YAML::Node c = kv.second[i];
        expectMap(c, at(f, i));
        if (!present(c["cidr"]) || c.size() > (present(c["except"]) ? 2u : 1u))
          unsaid(c, at(f, i), "a CIDR set entry other than `cidr` with `except` (cidrGroupRef, a selector)");
        std::vector<std::string> except;
        if (present(c["except"])) {
          expectList(c["except"], at(f, i) + ".except");
          for (const auto& e : c["except"]) except.push_back(scalarAt(e, at(f, i) + ".except"));
        }
        peers.push_back(cidrPeer(p, scalarAt(c["cidr"], at(f, i) + ".cidr"), except, c, at(f, i)));
      }
    } else if (key == pre + "Entities") {
      expectList(kv.second, f);
      for (std::size_t i = 0; i < kv.second.size(); ++i) {
        const std::string e = scalarAt(kv.second[i], at(f, i));
        if (!analysis::isCiliumEntity(e)) unsaid(kv.second[i], at(f, i), "'" + e + "': not an entity nplc knows");
        peers.push_back(e == "all" ? PeerRef{} : PeerRef{PeerRef::Literal, "", "", "entity " + e});
      }
    } else if (key == "toFQDNs" && !ingress && !deny) {
      expectList(kv.second, f);
      if (!p.hasDnsRule)
        unsaid(kv.first, f, "DNS names without the rule that lets Cilium see their lookups (kube-dns, port 53, "
                            "`dns: [{matchPattern: \"*\"}]`): nplc writes that rule beside every DNS name, which "
                            "would allow lookups this policy does not");
      std::string value, hint;
      for (std::size_t i = 0; i < kv.second.size(); ++i) {
        const YAML::Node e = kv.second[i];
        expectMap(e, at(f, i));
        if (e.size() != 1 || !(present(e["matchName"]) || present(e["matchPattern"])))
          unsaid(e, at(f, i), "expected one of matchName and matchPattern");
        const std::string name = scalarAt(present(e["matchName"]) ? e["matchName"] : e["matchPattern"], at(f, i));
        if (name.find_first_of("\"\\ ") != std::string::npos) unsaid(e, at(f, i), "'" + name + "': not a DNS name");
        value += (value.empty() ? "dns \"" : ", \"") + name + "\"";
        if (hint.empty()) hint = name;
      }
      if (!value.empty()) peers.push_back(p.im.external(p.ns, hint, value));
    } else {
      unsaid(kv.first, f, unsupportedField(key));
    }
    l3 = true;
  }
  if (!l3 && present(rule["toPorts"])) peers.push_back(PeerRef{});  // every peer, on those ports
  return peers;
}

void readRules(Policy& p, const YAML::Node& spec, const std::string& specField, bool ingress, bool deny,
               bool isolating) {
  const char* key = ingress ? (deny ? "ingressDeny" : "ingress") : (deny ? "egressDeny" : "egress");
  if (!present(spec[key])) return;
  const std::string field = specField + "." + key;
  if (!spec[key].IsSequence()) {
    p.im.gap(p.ns, locate(p.sp.file, spec[key]), p.object, field, "expected a list");
    return;
  }
  for (std::size_t i = 0; i < spec[key].size(); ++i) {
    const YAML::Node rule = spec[key][i];
    const std::string f = at(field, i);
    try {
      expectMap(rule, f);
      if (!deny && !ingress && p.hasFqdns && isDnsLookupRule(rule)) continue;  // nplc writes it again
      if (!deny && !isolating && rule.size() > 0)
        unsaid(rule, f, "an allow rule that does not isolate (enableDefaultDeny: false) for pods no policy "
                        "isolates the same way: NPL's edges isolate their service");
      const auto peers = rulePeers(p, rule, f, ingress, deny);
      const auto specs = portSpecs(rule, f, deny);
      for (const auto& peer : peers)
        for (const auto& s : specs) {
          if (deny)
            p.im.deny(p.ns, ingress ? peer : p.subject.ref, ingress ? p.subject.ref : peer, s.ports);
          else
            p.im.edge(p.ns, ingress, peer, p.subject.ref, s.ports, s.http);
        }
    } catch (const Unsaid& u) {
      p.im.gap(p.ns, locate(p.sp.file, u.at), p.object, u.field, u.why);
    }
  }
}

// The namespace block a policy goes into and the pods it selects.
std::optional<Subject> readSubject(Policy& p, const YAML::Node& spec, const std::string& field) {
  if (present(spec["nodeSelector"]))
    unsaid(spec["nodeSelector"], field + ".nodeSelector", "a host policy: NPL's policies select pods");
  if (!present(spec["endpointSelector"])) unsaid(spec, field, "no endpointSelector");
  const std::string f = field + ".endpointSelector";
  const auto s = readSelector(spec["endpointSelector"], f);
  if (!s.reserved.empty() || s.anyNamespace || s.namespaceLabels)
    unsaid(spec["endpointSelector"], f,
           p.clusterwide ? "a clusterwide policy of pods of several namespaces: NPL's cluster-wide blocks have "
                           "ClusterNetworkPolicy's meaning (tiers, first match), not Cilium's"
                         : "a selector of other identities than the namespace's pods");
  if (p.clusterwide) {
    if (!s.podNamespace)
      unsaid(spec["endpointSelector"], f,
             "a clusterwide policy of pods of every namespace: NPL's cluster-wide blocks have "
             "ClusterNetworkPolicy's meaning (tiers, first match), not Cilium's");
    p.ns = *s.podNamespace;
  } else if (s.podNamespace && *s.podNamespace != p.ns) {
    unsaid(spec["endpointSelector"], f, "selects pods of namespace " + *s.podNamespace + ", outside the policy's");
  }
  if (!writableName(p.ns))
    unsaid(spec["endpointSelector"], f, "namespace '" + p.ns + "': NPL cannot name it (a reserved word, or not a DNS label)");
  std::string why;
  auto subject = p.im.subject(p.ns, s.pods, nplcServiceName(p.sp, {"-ingress-deny", "-egress-deny", "-ingress", "-egress"}), why);
  if (!subject) unsaid(spec["endpointSelector"], f, why);
  return subject;
}

bool hasToFqdns(const YAML::Node& spec) {
  if (!present(spec["egress"]) || !spec["egress"].IsSequence()) return false;
  for (const auto& rule : spec["egress"])
    if (rule.IsMap() && present(rule["toFQDNs"])) return true;
  return false;
}

bool hasDnsLookupRule(const YAML::Node& spec) {
  if (!present(spec["egress"]) || !spec["egress"].IsSequence()) return false;
  for (const auto& rule : spec["egress"])
    if (isDnsLookupRule(rule)) return true;
  return false;
}

const std::set<std::string> kSpecKeys = {"endpointSelector", "nodeSelector", "ingress",    "egress",
                                         "ingressDeny",      "egressDeny",   "enableDefaultDeny",
                                         "description",      "labels"};

// One rule set (`spec`, or an item of `specs`); `rulesPass`: the rules, else
// the subject and its isolation (every policy's isolation is known before
// any rule is read: an allow rule that does not isolate needs it).
void readSpec(Importer& im, const SourcePolicy& sp, const std::string& object, const YAML::Node& spec,
              const std::string& field, bool rulesPass) {
  Policy p{im, sp, object, sp.ns, sp.ns.empty(), {}, false, false};
  try {
    expectMap(spec, field);
    auto subject = readSubject(p, spec, field);
    p.subject = *subject;
  } catch (const Unsaid& u) {
    if (!rulesPass) im.gap(p.ns, locate(sp.file, u.at), object, u.field, u.why);
    return;
  }
  bool isolates[2] = {true, true};  // ingress, egress
  try {
    const YAML::Node edd = spec["enableDefaultDeny"];
    if (present(edd)) {
      expectMap(edd, field + ".enableDefaultDeny");
      for (int dir = 0; dir < 2; ++dir) {
        const YAML::Node v = edd[dir == 0 ? "ingress" : "egress"];
        if (present(v)) isolates[dir] = v.as<bool>();
      }
    }
  } catch (const YAML::Exception&) {
    if (!rulesPass)
      im.gap(p.ns, locate(sp.file, spec["enableDefaultDeny"]), object, field + ".enableDefaultDeny",
             "expected `ingress` and `egress`, each true or false");
    return;
  } catch (const Unsaid& u) {
    if (!rulesPass) im.gap(p.ns, locate(sp.file, u.at), object, u.field, u.why);
    return;
  }
  if (!rulesPass) {
    for (const auto& kv : spec)
      if (!kSpecKeys.count(kv.first.Scalar()))
        im.gap(p.ns, locate(sp.file, kv.first), object, field + "." + kv.first.Scalar(), "a policy field NPL does not know");
    for (int dir = 0; dir < 2; ++dir) {
      const bool ingress = dir == 0;
      const bool section = present(spec[ingress ? "ingress" : "egress"]) || present(spec[ingress ? "ingressDeny" : "egressDeny"]);
      if (section && isolates[dir]) im.isolate(p.subject, ingress);
    }
    return;
  }
  p.hasFqdns = hasToFqdns(spec);
  p.hasDnsRule = hasDnsLookupRule(spec);
  for (int dir = 0; dir < 2; ++dir) {
    const bool ingress = dir == 0;
    const bool isolating = isolates[dir] || im.isolated(p.subject, ingress);
    readRules(p, spec, field, ingress, false, isolating);
    readRules(p, spec, field, ingress, true, isolating);
  }
}

}  // namespace

void addCiliumPolicy(Importer& im, const SourcePolicy& sp, bool rulesPass) {
  const std::string kind = sp.ns.empty() ? "CiliumClusterwideNetworkPolicy" : "CiliumNetworkPolicy";
  const std::string object = kind + " " + (sp.ns.empty() ? "" : sp.ns + "/") + sp.np.name;
  if (!sp.ns.empty() && !writableName(sp.ns)) {
    if (!rulesPass)
      im.gap(sp.ns, locate(sp.file, sp.node["metadata"]), object, "metadata.namespace",
             "namespace '" + sp.ns + "': NPL cannot name it (a reserved word, or not a DNS label)");
    return;
  }
  const YAML::Node spec = sp.node["spec"], specs = sp.node["specs"];
  if (present(spec)) readSpec(im, sp, object, spec, "spec", rulesPass);
  if (present(specs)) {
    if (!specs.IsSequence()) {
      if (!rulesPass) im.gap(sp.ns, locate(sp.file, specs), object, "specs", "expected a list");
      return;
    }
    for (std::size_t i = 0; i < specs.size(); ++i) readSpec(im, sp, object, specs[i], at("specs", i), rulesPass);
  }
  if (!present(spec) && !present(specs) && !rulesPass)
    im.gap(sp.ns, locate(sp.file, sp.node), object, "spec", "a policy without spec or specs");
}

}  // namespace nplc::import

// `nplc import` of CiliumNetworkPolicy objects, proven with the Cilium
// evaluator (compiler/eval/cilium_eval.h): the policies are imported into
// NPL, the NPL is compiled for the cilium target in memory, and what the
// compiled objects allow is compared with what the input objects allow,
// connection by connection and request by request:
//   - nplc's own Cilium output for each example (examples/), in the
//     example's cluster model, with and without --cilium-deny-rules;
//   - hand-written policies in the style of Cilium's documentation
//     (cilium/*.yaml, see its README), in the imported program's model plus
//     a pod for every selector of the input.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "driver/compile.h"
#include "eval/cilium_policy.h"
#include "eval/generated.h"
#include "eval/program_cluster.h"
#include "import/import.h"
#include "import_test_support.h"
#include "scenario.h"

namespace fs = std::filesystem;
using namespace nplc;
using import_tests::Reimport;
using import_tests::joined;
using eval::Endpoint;

namespace {

// The cilium/ files of a compilation (the kustomization aside).
backends::OutputFiles ciliumFiles(const backends::OutputFiles& files) {
  backends::OutputFiles out;
  for (const auto& [path, text] : files)
    if (path.rfind("cilium/", 0) == 0 && path.find("kustomization") == std::string::npos) out[path] = text;
  return out;
}

std::vector<eval::cilium::CiliumPolicy> policiesOf(const backends::OutputFiles& files) {
  std::vector<eval::cilium::CiliumPolicy> out;
  for (const auto& [path, text] : files)
    for (auto& p : eval::cilium::parseCiliumPolicies(text, path)) out.push_back(std::move(p));
  return out;
}

// Imports `files` and compiles the NPL for cilium.
void reimport(const backends::OutputFiles& files, const backends::TargetOptions& options, Reimport& r) {
  std::vector<import::Input> inputs;
  for (const auto& [path, text] : files) inputs.push_back({path, text});
  import_tests::reimport(inputs, "cilium", options, r);
}

// A request a Cilium HTTP rule's regexps match: `.*` as `a/b`, escapes
// dropped, anchors dropped.
std::string sample(const std::string& regex) {
  std::string out;
  for (std::size_t i = 0; i < regex.size(); ++i) {
    if (regex[i] == '.' && i + 1 < regex.size() && regex[i + 1] == '*') {
      out += "a/b";
      ++i;
    } else if (regex[i] == '\\' && i + 1 < regex.size()) {
      out += regex[++i];
    } else if (regex[i] != '^' && regex[i] != '$') {
      out += regex[i];
    }
  }
  return out;
}

struct Probes {
  std::set<int> ports = {80, 81, 60999};
  std::set<std::string> addresses = {"203.0.113.77", "2001:db8::77"};
  std::set<std::string> dnsNames = {"nplc-probe.example.org"};
  std::vector<eval::HttpRequest> requests = {{"NPLC-PROBE", "/nplc-probe"}};
};

// Every port the policies name and those beside it; an address in every
// CIDR and every except; a name each DNS rule matches; for each HTTP rule a
// request it matches, one with a longer path and one with another method.
void addProbes(const std::vector<eval::cilium::CiliumPolicy>& policies, Probes& p) {
  auto first = [](const util::Cidr& c) { return c.str().substr(0, c.str().find('/')); };
  for (const auto& policy : policies)
    for (const auto* rules : {&policy.ingress, &policy.egress, &policy.ingressDeny, &policy.egressDeny})
      for (const auto& rule : *rules) {
        for (const auto& c : rule.cidrs) {
          p.addresses.insert(first(c.cidr));
          for (const auto& e : c.except) p.addresses.insert(first(e));
        }
        for (const auto& f : rule.fqdns) {
          std::string name = f.value;
          for (auto at = name.find('*'); at != std::string::npos; at = name.find('*')) name.replace(at, 1, "x");
          p.dnsNames.insert(name);
        }
        for (const auto& pr : rule.toPorts) {
          for (const auto& port : pr.ports)
            for (const auto& n : {port.port, std::to_string(port.endPort)})
              if (!n.empty() && n.find_first_not_of("0123456789") == std::string::npos && n != "0")
                p.ports.insert({std::stoi(n) - 1, std::stoi(n), std::stoi(n) + 1});
          for (const auto& h : pr.http) {
            const std::string method = h.method.empty() ? "GET" : sample(h.method.substr(0, h.method.find('|')));
            const std::string path = h.path.empty() ? "/" : sample(h.path);
            p.requests.push_back({method, path});
            p.requests.push_back({method, path + "/more"});
            p.requests.push_back({method == "PATCH" ? "GET" : "PATCH", path});
          }
        }
      }
}

// Every connection (and request) on which the two sets of objects disagree.
std::vector<std::string> differences(const eval::Cluster& cluster, const std::vector<Endpoint>& extraEnds,
                                     const backends::OutputFiles& before, const backends::OutputFiles& after) {
  Probes probes;
  addProbes(policiesOf(before), probes);
  addProbes(policiesOf(after), probes);
  const auto a = eval::evaluatorFor("cilium", cluster, before), b = eval::evaluatorFor("cilium", cluster, after);
  std::vector<Endpoint> pods, others = extraEnds;
  for (const auto& pod : cluster.pods()) pods.emplace_back(pod);
  for (const auto& addr : probes.addresses) others.push_back(Endpoint::ofAddress(addr));
  for (const auto& name : probes.dnsNames) others.push_back(Endpoint::ofDnsName(name));
  for (const char* entity : {"world", "host", "remote-node", "kube-apiserver"}) others.push_back(Endpoint::ofEntity(entity));
  std::vector<std::pair<Endpoint, Endpoint>> pairs;
  for (const auto& from : pods) {
    for (const auto& to : pods)
      if (from.pod != to.pod) pairs.emplace_back(from, to);
    for (const auto& other : others) {
      pairs.emplace_back(from, other);
      if (other.kind != Endpoint::Kind::DnsName) pairs.emplace_back(other, from);
    }
  }
  std::vector<std::string> out;
  auto report = [&](const Endpoint& from, const Endpoint& to, int port, const std::string& proto, bool x,
                    const std::string& what) {
    out.push_back(from.str() + " -> " + to.str() + ":" + std::to_string(port) + "/" + proto + what + ": input " +
                  (x ? "allows" : "denies") + ", imported " + (x ? "denies" : "allows"));
  };
  for (int port : probes.ports) {
    if (port < 1 || port > 65535) continue;
    for (const char* proto : {"TCP", "UDP", "SCTP"})
      for (const auto& [from, to] : pairs) {
        const bool x = a->evaluate(from, to, port, proto).allowed(), y = b->evaluate(from, to, port, proto).allowed();
        if (x != y) {
          report(from, to, port, proto, x, "");
          continue;
        }
        if (!x || std::string(proto) != "TCP") continue;
        for (const auto& req : probes.requests) {
          const bool rx = a->evaluate(from, to, port, proto, &req).allowed();
          if (rx != b->evaluate(from, to, port, proto, &req).allowed())
            report(from, to, port, proto, rx, " " + req.method + " " + req.path);
        }
      }
  }
  return out;
}

// An object's lines, sorted, without its `nplc.dev/source` line.
std::multiset<std::string> withoutSource(const std::string& text) {
  std::multiset<std::string> out;
  for (std::size_t at = 0, nl; at < text.size(); at = nl + 1) {
    nl = text.find('\n', at);
    if (nl == std::string::npos) nl = text.size();
    const std::string line = text.substr(at, nl - at);
    if (line.find("nplc.dev/source:") == std::string::npos) out.insert(line);
  }
  return out;
}

// The ends of a program's model that are not pods.
std::vector<Endpoint> externalEnds(const eval::ProgramCluster& pc) {
  std::vector<Endpoint> out;
  for (const auto& e : pc.externals) out.push_back(e.end);
  return out;
}

}  // namespace

TEST_CASE("import: nplc's own Cilium output for each example round-trips with unchanged verdicts") {
  for (const auto& entry : fs::directory_iterator(fs::path(NPLC_SOURCE_DIR) / "examples")) {
    if (!entry.is_directory()) continue;
    for (const bool denyRules : {false, true}) {
      CAPTURE(entry.path().string());
      CAPTURE(denyRules);
      backends::TargetOptions options;
      options.ciliumDenyRules = denyRules;
      driver::Compilation original;
      driver::compile(original, {entry.path().string()}, {"cilium"}, options);
      if (original.sink.hasErrors()) {
        // Only an example whose cluster blocks have no Cilium form (E0606).
        bool clusterScope = false;
        for (const auto& d : original.sink.all()) clusterScope |= d.code == "E0606";
        CHECK(clusterScope);
        continue;
      }
      const auto before = ciliumFiles(original.files);
      Reimport r;
      reimport(before, options, r);
      INFO(r.all);
      const auto after = ciliumFiles(r.compiled.files);
      const auto model = eval::buildProgramCluster(*original.program);
      const auto diffs = differences(model.cluster, externalEnds(model), before, after);
      CHECK_MESSAGE(diffs.empty(), joined(diffs));
      // Building again gives the same objects, by name: only a bundle's
      // policy (allow-dns) comes back as the edge it stands for.
      std::set<std::string> names, again;
      for (const auto& [path, text] : before) {
        const auto bundle = path.find("/allow-dns.yaml");
        names.insert(bundle == std::string::npos ? path : path.substr(0, bundle) + "/all-pods-egress.yaml");
      }
      for (const auto& [path, text] : after) again.insert(path);
      CHECK(names == again);
      // And the same lines, but for the source line each names (a section's
      // rules may come in another order: the import merges edges into lists,
      // and order does not matter to Cilium), except where
      // a peer names a namespace by its labels: the output does not say
      // which namespace has them, so the import writes `namespaces { … }`
      // (the same pods; Cilium's form of it also requires a namespace).
      for (const auto& object : before) {
        const std::string& path = object.first;
        CAPTURE(path);
        if (after.count(path) && object.second.find("io.cilium.k8s.namespace.labels") == std::string::npos)
          CHECK(withoutSource(object.second) == withoutSource(after.at(path)));
      }
    }
  }
}

namespace {

// A pod for each endpoint selector of `policies` (their pod labels, in the
// namespace they name, or in a new one with the namespace labels they
// require), so that the model has pods the input selects even where the
// import would have lost a selector.
void addSelectedPods(eval::Cluster& cluster, const std::vector<eval::cilium::CiliumPolicy>& policies) {
  const std::string nsKey = "io.kubernetes.pod.namespace", nsLabels = "io.cilium.k8s.namespace.labels.";
  std::vector<const eval::cilium::EndpointSelector*> selectors;
  for (const auto& p : policies) {
    selectors.push_back(&p.endpointSelector);
    for (const auto* rules : {&p.ingress, &p.egress, &p.ingressDeny, &p.egressDeny})
      for (const auto& rule : *rules)
        for (const auto& sel : rule.endpoints) selectors.push_back(&sel);
  }
  int next = 0;
  for (const auto* sel : selectors) {
    if (sel->mentionsSource("reserved")) continue;
    ++next;
    std::string ns;
    eval::Labels labels, nsLabelValues;
    for (const auto& r : sel->reqs) {
      const bool in = r.op == eval::Requirement::Op::In, exists = r.op == eval::Requirement::Op::Exists;
      if (!in && !exists) continue;
      const std::string value = in ? r.values.front() : "x";
      if (r.key == nsKey)
        ns = in ? value : "";
      else if (r.key.rfind(nsLabels, 0) == 0)
        nsLabelValues[r.key.substr(nsLabels.size())] = value;
      else
        labels[r.key] = value;
    }
    if (ns.empty() || !nsLabelValues.empty()) ns = "selected-" + std::to_string(next);
    bool known = false;
    for (const auto& n : cluster.namespaces()) known |= n.name == ns;
    if (!known) {
      nsLabelValues["kubernetes.io/metadata.name"] = ns;
      cluster.addNamespace({ns, nsLabelValues});
    }
    cluster.addPod({ns, "selected-" + std::to_string(next), labels, "10.244.200." + std::to_string(next), {}, false});
  }
}

}  // namespace

TEST_CASE("import: hand-written Cilium policies round-trip with unchanged verdicts") {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(NPL_IMPORT_TESTS) / "cilium"))
    if (e.path().extension() == ".yaml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 10);
  for (const auto& file : files) {
    CAPTURE(file.filename().string());
    const backends::OutputFiles before = {{"cilium/" + file.filename().string(), eval::readFile(file.string())}};
    backends::TargetOptions options;
    options.ciliumDenyRules = true;  // the input's deny rules stay deny rules
    Reimport r;
    reimport(before, options, r);
    INFO(r.all);
    auto model = eval::buildProgramCluster(*r.compiled.program);
    addSelectedPods(model.cluster, policiesOf(before));
    const auto diffs = differences(model.cluster, externalEnds(model), before, ciliumFiles(r.compiled.files));
    CHECK_MESSAGE(diffs.empty(), joined(diffs));
  }
}

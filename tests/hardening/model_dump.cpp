// Test helper for yaml_roundtrip_test.py: compiles PATHS as `nplc build`
// does and prints, as JSON, what the generated YAML must hold according to
// the model: each policy's name, namespace, source annotation, pod selector
// and policy types; every selector, CIDR and port the rules can use.
// Selectors are canonical: sorted [key, operator, sorted values], `key: v`
// written as [key, "In", [v]].
//   model_dump [--target T,...] PATHS...
#include <fmt/format.h>

#include <iostream>
#include <set>
#include <nlohmann/json.hpp>

#include "driver/compile.h"

namespace {

using nlohmann::json;
using namespace nplc;

json canon(const model::LabelSelector& sel) {
  static const char* const kOps[] = {"In", "In", "NotIn", "Exists", "DoesNotExist"};
  std::vector<json> reqs;
  for (const auto& r : sel.reqs) {
    auto values = r.values;
    std::sort(values.begin(), values.end());
    reqs.push_back(json::array({r.key, kOps[static_cast<int>(r.op)], values}));
  }
  std::sort(reqs.begin(), reqs.end());
  return reqs;
}

}  // namespace

int main(int argc, char** argv) {
  driver::Compilation c;
  // The model as `nplc build` compiles it (default target kubernetes; a
  // program with cluster-scope blocks needs their target too): the round trip
  // reads the kubernetes/ YAML against it.
  std::vector<std::string> paths(argv + 1, argv + argc);
  std::set<std::string> targets = {"kubernetes"};
  if (paths.size() >= 2 && paths[0] == "--target") {
    targets.clear();
    for (std::size_t at = 0, comma = 0; at <= paths[1].size(); at = comma + 1) {
      comma = std::min(paths[1].find(',', at), paths[1].size());
      targets.insert(paths[1].substr(at, comma - at));
    }
    paths.erase(paths.begin(), paths.begin() + 2);
  }
  driver::compile(c, paths, targets);
  if (!c.program || c.sink.hasErrors() || !c.ioErrors.empty()) {
    std::cerr << "model_dump: the program does not compile\n";
    return 1;
  }
  const auto& p = *c.program;
  json out = {{"policies", json::array()},
              {"selectors", json::array({json::array()})},
              {"cidrs", json::array()},
              {"namedPorts", json::array()},
              {"ports", json::array()}};
  auto addSel = [&](const model::LabelSelector& s) { out["selectors"].push_back(canon(s)); };
  for (const auto& ns : p.namespaces) addSel(ns.selector);
  for (const auto& svc : p.services) addSel(svc.selector);
  for (const auto& pol : p.policies) {
    json types = json::array();
    if (pol.ingress) types.push_back("Ingress");
    if (pol.egress) types.push_back("Egress");
    const auto& f = c.sm.file(pol.span.file);
    out["policies"].push_back(
        {{"name", pol.name},
         {"namespace", p.namespaces[pol.ns].name},
         {"source", fmt::format("{}:{}", f.path, c.sm.lineCol(pol.span.file, pol.span.begin).line)},
         {"podSelector", canon(pol.podSelector)},
         {"policyTypes", types}});
    for (const auto* rules : {&pol.ingressRules, &pol.egressRules}) {
      for (const auto& r : *rules) {
        for (const auto& rp : r.peers) {
          const model::Peer& peer = *rp.peer;
          addSel(peer.pods);
          addSel(peer.namespaces);
          for (const auto& b : peer.blocks) {
            out["cidrs"].push_back(b.cidr.str());
            for (const auto& e : b.except) out["cidrs"].push_back(e.str());
          }
        }
        for (const auto& port : r.ports()) {
          if (port.kind == model::Port::Kind::Named) out["namedPorts"].push_back(port.name);
          if (port.kind == model::Port::Kind::Number || port.kind == model::Port::Kind::Range) {
            out["ports"].push_back(port.port);
          }
          if (port.kind == model::Port::Kind::Range) out["ports"].push_back(port.endPort);
        }
      }
    }
  }
  std::cout << out.dump(1) << "\n";
  return 0;
}

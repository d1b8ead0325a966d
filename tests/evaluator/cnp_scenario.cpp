#include "cnp_scenario.h"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "scenario.h"

namespace nplc::eval {

using nlohmann::json;

std::string CnpStep::label() const {
  return subtestId + " step " + std::to_string(index) + " (" + testName + ": " + subtestName + ")";
}

namespace {

Labels toLabels(const json& j) {
  Labels l;
  for (const auto& [k, v] : j.items()) l[k] = v.get<std::string>();
  return l;
}

Cluster clusterOf(const json& root, const json& state) {
  Cluster c;
  for (const auto& [name, labels] : state.at("namespace_labels").items()) c.addNamespace({name, toLabels(labels)});
  for (const auto& [key, labels] : state.at("pod_labels").items()) {
    const json& pj = root.at("pods").at(key);
    const auto slash = key.find('/');
    if (slash == std::string::npos) throw std::runtime_error("bad pod key " + key);
    Pod pod;
    pod.ns = key.substr(0, slash);
    pod.name = key.substr(slash + 1);
    pod.labels = toLabels(labels);
    pod.ip = pj.at("ip").get<std::string>();
    pod.hostNetwork = pj.at("host_network").get<bool>();
    for (const auto& cp : pj.at("container_ports"))
      pod.ports.push_back({cp.at("name").get<std::string>(), cp.at("port").get<int>(), cp.at("protocol").get<std::string>()});
    c.addPod(std::move(pod));
  }
  for (const auto& [name, node] : root.at("nodes_assumed").items())
    c.addNode({name, toLabels(node.at("labels")), node.at("addresses").get<std::vector<std::string>>()});
  return c;
}

}  // namespace

std::vector<CnpStep> loadCnpSteps(const std::string& jsonPath) {
  json root;
  try {
    root = json::parse(readFile(jsonPath));
  } catch (const json::exception& e) {
    throw std::runtime_error(jsonPath + ": " + e.what());
  }
  std::vector<CnpStep> steps;
  try {
    for (const auto& test : root.at("tests"))
      for (const auto& sub : test.at("subtests")) {
        const auto& js = sub.at("steps");
        for (std::size_t i = 0; i < js.size(); ++i) {
          CnpStep step;
          step.testId = test.at("id").get<int>();
          step.testName = test.at("name").get<std::string>();
          step.featureSet = test.at("feature_set").get<std::string>();
          step.subtestId = sub.at("id").get<std::string>();
          step.subtestName = sub.at("name").get<std::string>();
          step.index = i;
          const json& state = js[i].at("state");
          step.cluster = clusterOf(root, state);
          for (const auto& y : state.at("policies_yaml"))
            step.policiesYaml.push_back(substituteIps(y.get<std::string>(), step.cluster));
          for (const auto& p : js[i].at("probes")) {
            CnpProbe probe{p.at("client").get<std::string>(), p.at("server").get<std::string>(),
                           p.at("protocol").get<std::string>(), p.at("port").get<int>(),
                           p.at("expected").get<bool>(),        p.at("source_line").get<int>()};
            if (!step.cluster.findPod(probe.client) || !step.cluster.findPod(probe.server))
              throw std::runtime_error(step.label() + ": a probe names an unknown pod");
            step.probes.push_back(std::move(probe));
          }
          steps.push_back(std::move(step));
        }
      }
  } catch (const json::exception& e) {
    throw std::runtime_error(jsonPath + ": unexpected structure: " + e.what());
  }
  return steps;
}

}  // namespace nplc::eval

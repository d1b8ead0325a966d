#include "scenario.h"

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

namespace nplc::eval {

using nlohmann::json;

bool Probe::expected(const std::string& from, const std::string& to) const {
  auto it = exceptions.find({from, to});
  return it == exceptions.end() ? defaultAllowed : it->second;
}

std::string Step::label() const {
  char id[8];
  std::snprintf(id, sizeof id, "%03d", scenarioId);
  return std::string(id) + " step " + std::to_string(index) + " (" + scenarioName + ")";
}

std::string Mismatch::str() const {
  std::string s = from + " -> " + to + " " + std::to_string(port) + "/" + protocol + ": expected " +
                  (expected ? "allowed" : "denied") + ", got " + (actual.allowed() ? "allowed" : "denied");
  auto refs = [](const auto& list) {
    std::string out;
    for (const auto& r : list) out += (out.empty() ? "" : ", ") + r.str();
    return out;
  };
  auto side = [&](const SideVerdict& v, const std::string& what) {
    if (v.allowed) return v.allowedBy.empty() ? std::string() : what + " allowed by " + refs(v.allowedBy);
    if (!v.deniedBy.empty()) return what + " denied by " + refs(v.deniedBy);
    return what + " denied: isolated by " + refs(v.isolatedBy) + ", no rule matches";
  };
  const std::string egress = side(actual.egress, "egress at " + from);
  const std::string ingress = side(actual.ingress, "ingress at " + to);
  if (!egress.empty() || !ingress.empty())
    s += " (" + egress + (egress.empty() || ingress.empty() ? "" : "; ") + ingress + ")";
  return s;
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string substituteIps(const std::string& text, const Cluster& cluster) {
  std::string out;
  std::size_t pos = 0;
  while (true) {
    auto open = text.find("{{IP:", pos);
    if (open == std::string::npos) break;
    auto close = text.find("}}", open);
    if (close == std::string::npos) throw std::runtime_error("unterminated {{IP:...}}");
    std::string key = text.substr(open + 5, close - open - 5);
    const Pod* pod = cluster.findPod(key);
    if (!pod) throw std::runtime_error("{{IP:" + key + "}}: unknown pod");
    out += text.substr(pos, open - pos) + pod->ip;
    pos = close + 2;
  }
  return out + text.substr(pos);
}

namespace {

Labels toLabels(const json& j) {
  Labels l;
  for (const auto& [k, v] : j.items()) l[k] = v.get<std::string>();
  return l;
}

Step loadStep(const json& sc, const json& st, int index) {
  Step step;
  step.scenarioId = sc.at("id").get<int>();
  step.scenarioName = sc.at("name").get<std::string>();
  step.index = index;
  const json& state = st.at("state_after");
  for (const auto& [name, labels] : state.at("namespace_labels").items())
    step.cluster.addNamespace({name, toLabels(labels)});
  for (const auto& [key, labels] : state.at("pod_labels").items()) {
    auto slash = key.find('/');
    if (slash == std::string::npos) throw std::runtime_error("bad pod key " + key);
    Pod pod;
    pod.ns = key.substr(0, slash);
    pod.name = key.substr(slash + 1);
    pod.labels = toLabels(labels);
    pod.ip = sc.at("pod_ips_assumed").at(key).get<std::string>();
    for (const auto& cp : sc.at("container_ports").at(key))
      pod.ports.push_back(
          {cp.at("name").get<std::string>(), cp.at("port").get<int>(), cp.at("protocol").get<std::string>()});
    step.cluster.addPod(std::move(pod));
  }
  for (const auto& y : state.at("policies_yaml"))
    step.upstreamPoliciesYaml.push_back(substituteIps(y.get<std::string>(), step.cluster));
  for (const auto& pj : st.at("probes")) {
    Probe p;
    p.port = pj.at("port").get<int>();
    p.protocol = pj.at("protocol").get<std::string>();
    const json& exp = pj.at("expected");
    p.defaultAllowed = exp.at("default").get<bool>();
    for (const auto& e : exp.at("exceptions")) {
      std::string from = e.at("from"), to = e.at("to");
      if (e.at("port").get<int>() != p.port || e.at("protocol").get<std::string>() != p.protocol)
        throw std::runtime_error(step.label() + ": exception with another port/protocol than its probe");
      if (!step.cluster.findPod(from) || !step.cluster.findPod(to))
        throw std::runtime_error(step.label() + ": exception names an unknown pod");
      p.exceptions[{from, to}] = e.at("allowed").get<bool>();
    }
    step.probes.push_back(std::move(p));
  }
  if (step.probes.empty()) throw std::runtime_error(step.label() + ": no probes");
  return step;
}

}  // namespace

std::vector<Step> loadSteps(const std::string& jsonPath) {
  json doc;
  try {
    doc = json::parse(readFile(jsonPath));
  } catch (const json::exception& e) {
    throw std::runtime_error(jsonPath + ": " + e.what());
  }
  std::vector<Step> steps;
  try {
    for (const auto& sc : doc.at("scenarios")) {
      const auto& st = sc.at("steps");
      for (std::size_t i = 0; i < st.size(); ++i) steps.push_back(loadStep(sc, st[i], static_cast<int>(i)));
    }
  } catch (const json::exception& e) {
    throw std::runtime_error(jsonPath + ": unexpected structure: " + e.what());
  }
  return steps;
}

std::vector<Mismatch> compare(const Step& step, const NetworkPolicyEvaluator& evaluator) {
  return compare(step, [&](const Pod& from, const Pod& to, int port, const std::string& protocol) {
    return evaluator.evaluate(from, to, port, protocol);
  });
}

std::vector<Mismatch> compare(const Step& step, const VerdictFn& evaluate) {
  std::vector<Mismatch> out;
  for (const auto& probe : step.probes) {
    for (const auto& from : step.cluster.pods()) {
      for (const auto& to : step.cluster.pods()) {
        if (from.key() == to.key()) continue;  // loopback is not checked upstream
        Verdict v = evaluate(from, to, probe.port, probe.protocol);
        bool want = probe.expected(from.key(), to.key());
        if (v.allowed() != want) out.push_back({from.key(), to.key(), probe.port, probe.protocol, want, v});
      }
    }
  }
  return out;
}

}  // namespace nplc::eval

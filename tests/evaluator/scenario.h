// The upstream e2e scenarios (tests/conformance/e2e_scenarios.json): one Step
// per state of a scenario, with the cluster model, the upstream policies in
// force and the expected reachability tables.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "eval/cluster.h"
#include "eval/network_policy_eval.h"
#include "eval/verdict.h"

namespace nplc::eval {

struct Probe {
  int port = 0;
  std::string protocol;
  bool defaultAllowed = true;
  std::map<std::pair<std::string, std::string>, bool> exceptions;  // (from, to) -> allowed

  bool expected(const std::string& from, const std::string& to) const;
};

struct Step {
  int scenarioId = 0;
  std::string scenarioName;
  int index = 0;  // position in the scenario's `steps`
  Cluster cluster;
  std::vector<std::string> upstreamPoliciesYaml;  // {{IP:ns/pod}} substituted
  std::vector<Probe> probes;

  // "017 step 0 (should allow ingress access on one named port)"
  std::string label() const;
};

struct Mismatch {
  std::string from, to;
  int port = 0;
  std::string protocol;
  bool expected = false;
  Verdict actual;
  std::string str() const;
};

// Reads the fixture; throws std::runtime_error when it cannot be read or its
// structure is not the expected one.
std::vector<Step> loadSteps(const std::string& jsonPath);

// Every ordered pair of distinct pods, for every probe of the step.
std::vector<Mismatch> compare(const Step& step, const NetworkPolicyEvaluator& evaluator);
// The same with any evaluator (e.g. the Cilium one): (from, to, port, protocol) -> verdict.
using VerdictFn = std::function<Verdict(const Pod&, const Pod&, int, const std::string&)>;
std::vector<Mismatch> compare(const Step& step, const VerdictFn& evaluate);

// "{{IP:x/a}}" -> the pod's IP; throws for unknown pods.
std::string substituteIps(const std::string& text, const Cluster& cluster);

// Reads a whole file; throws std::runtime_error.
std::string readFile(const std::string& path);

}  // namespace nplc::eval

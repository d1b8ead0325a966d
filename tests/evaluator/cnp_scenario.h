// The upstream ClusterNetworkPolicy conformance suite
// (tests/conformance/cluster-network-policy/scenarios.json): one CnpStep per
// step of a subtest, with the cluster in force, the upstream policies and the
// probes with their expected verdicts.
#pragma once

#include <string>
#include <vector>

#include "eval/cluster.h"

namespace nplc::eval {

struct CnpProbe {
  std::string client, server;  // "ns/pod"
  std::string protocol;
  int port = 0;
  bool expected = false;
  int sourceLine = 0;  // in the upstream test file
};

struct CnpStep {
  int testId = 0;
  std::string testName;
  std::string subtestId;     // "1.1"
  std::string subtestName;
  std::size_t index = 0;     // position in the subtest's steps
  std::string featureSet;    // "standard" or "experimental"
  Cluster cluster;           // namespaces, pods (host network included) and nodes
  std::vector<std::string> policiesYaml;  // {{IP:ns/pod}} substituted
  std::vector<CnpProbe> probes;

  // "1.1 step 0 (CNPAdminTierEgressNamedPort: Should support ...)"
  std::string label() const;
};

// Reads the fixture; throws std::runtime_error when it cannot be read or its
// structure is not the expected one.
std::vector<CnpStep> loadCnpSteps(const std::string& jsonPath);

}  // namespace nplc::eval

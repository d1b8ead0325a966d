// The upstream ClusterNetworkPolicy conformance suite through NPL: each step
// of cluster-network-policy/scenarios.json is written in NPL
// (cluster-network-policy/npl/NN-TEST/SUBTEST-stepK.npl), compiled by the nplc
// under test for cluster-network-policy and kubernetes, and every object it
// writes is judged with the tiered evaluator over the step's model; every
// expected probe of every step must hold: 301 of 301 (a step without its
// .npl fails). Every file written is then validated against the CRD's schema
// (tests/schemas/validate.py, in one run).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <unistd.h>

#include "cnp_scenario.h"
#include "eval/cluster_network_policy.h"
#include "eval/cluster_network_policy_eval.h"
#include "nplc_run.h"

using namespace nplc::eval;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The folder of the step's test: NN-TestName.
fs::path testDir(const CnpStep& step) {
  std::string nn = std::to_string(step.testId);
  if (nn.size() < 2) nn = "0" + nn;
  return fs::path(NPL_CNP_DIR) / "npl" / (nn + "-" + step.testName);
}

}  // namespace

TEST_CASE("upstream ClusterNetworkPolicy conformance, written in NPL") {
  const auto steps = loadCnpSteps(fs::path(NPL_CNP_DIR) / "scenarios.json");
  REQUIRE(steps.size() == 96);
  std::size_t probes = 0, passed = 0;
  const fs::path written = fs::temp_directory_path() / ("npl-cnp-conformance-" + std::to_string(::getpid()));
  fs::remove_all(written);
  fs::create_directories(written);
  std::string files;
  for (const auto& step : steps) {
    const std::string stem = step.subtestId + "-step" + std::to_string(step.index);
    const fs::path npl = testDir(step) / (stem + ".npl");
    probes += step.probes.size();
    INFO(npl.string());
    REQUIRE_MESSAGE(fs::exists(npl), step.label() << " is not written in NPL");
    const auto out = test::build(slurp(npl), "cluster-network-policy,kubernetes");
    PolicySet set;
    for (std::size_t i = 0; i < out.yaml.size(); ++i) {
      parseMixedPolicies(out.yaml[i], stem + " file " + std::to_string(i), set);
      const fs::path f = written / (stem + "-" + std::to_string(i) + ".yaml");
      std::ofstream(f) << out.yaml[i];
      files += " '" + f.string() + "'";
    }
    TieredEvaluator ev(step.cluster, std::move(set.cluster), std::move(set.namespaced));
    for (const auto& p : step.probes) {
      if (ev.allowed(p.client, p.server, p.port, p.protocol) == p.expected) {
        ++passed;
        continue;
      }
      FAIL_CHECK(step.label() << " line " << p.sourceLine << ": " << p.client << " -> " << p.server << " " << p.port
                              << "/" << p.protocol << " expected " << std::string(p.expected ? "allowed" : "denied"));
    }
  }
  std::cout << passed << " of " << probes << " probes hold through NPL\n";
  const std::string validate = std::string(NPL_PYTHON) + " " + NPL_VALIDATOR + files;
  CHECK_MESSAGE(std::system(validate.c_str()) == 0, "schema validation failed: " << validate);
  fs::remove_all(written);
  CHECK(probes == 301);
  CHECK(passed == probes);
}

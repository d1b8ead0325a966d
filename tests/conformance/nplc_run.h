// Compiling a one-file program with the nplc under test and loading what it
// wrote into the reachability evaluators (compiler/eval/). Shared by the
// semantics tests of this folder.
#pragma once
#include <string>
#include <vector>

#include "eval/cilium_eval.h"
#include "eval/network_policy_eval.h"
#include "scenario.h"

namespace nplc::eval::test {

struct Build {
  int exitCode = -1;
  std::string log;                // nplc's stderr
  std::vector<std::string> yaml;  // every policy file of OUT/<target>/ (of each target)
};

// Compiles `program` (one file) for `target` (one, or several separated by
// commas, whose files are read in that order) with extra arguments; the
// NPLC environment variable overrides the nplc path compiled in.
Build run(const std::string& program, const std::string& target, std::vector<std::string> extra = {});
// run(), requiring exit status 0.
Build build(const std::string& program, const std::string& target, std::vector<std::string> extra = {});

cilium::Evaluator ciliumEval(const Cluster& cluster, const Build& b, const std::string& extraYaml = "");
NetworkPolicyEvaluator kubernetesEval(const Cluster& cluster, const Build& b);
// A pod with the next free address of 10.244.9.0/24.
void addPod(Cluster& c, const std::string& ns, const std::string& name, Labels labels,
            std::vector<ContainerPort> ports = {});

}  // namespace nplc::eval::test

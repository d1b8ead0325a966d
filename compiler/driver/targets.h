#pragma once
// The targets: the one list every other list of targets comes from (the CLI's
// help and validation, the bash completion and the test lists are checked
// against it by tests/tools/check_targets.py).
#include <string>
#include <vector>

#include "backends/backend.h"

namespace nplc::driver {

struct Target {
  const char* name;  // --target NAME; also OUT/NAME/
  const char* what;  // for --help: "NetworkPolicy"
  backends::OutputFiles (*generate)(const backends::BackendInput&);
};

// In the order they run.
const std::vector<Target>& targets();
const Target* findTarget(const std::string& name);
// "kubernetes (NetworkPolicy), cilium (CiliumNetworkPolicy), …", for --help.
std::string targetsHelp();

}  // namespace nplc::driver

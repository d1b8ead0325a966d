#pragma once
// One function per command; main.cpp only parses the command line.
#include <set>
#include <string>
#include <vector>

namespace nplc::driver {

struct CommonOptions {
  std::vector<std::string> paths;
  std::string color = "auto";  // auto | always | never
};

struct BuildOptions {
  CommonOptions common;
  std::string outDir;
  std::set<std::string> targets;
  std::vector<std::string> podCidrs;  // --pod-cidr (empty: the defaults)
  bool ciliumDenyRules = false;       // --cilium-deny-rules
};

int runBuild(const BuildOptions& opts);
int runCheck(const CommonOptions& opts);

// Targets this nplc can generate, for --help and validation.
const std::vector<std::string>& availableTargets();

}  // namespace nplc::driver

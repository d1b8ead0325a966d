// nplc: command-line parsing only; each command lives in driver/.
#include <CLI/CLI.hpp>

#include <iostream>

#include "driver/commands.h"
#include "util/check.h"

int main(int argc, char** argv) {
  using namespace nplc::driver;
  CLI::App app{"nplc — compiles NPL dependency files into Kubernetes NetworkPolicy and CiliumNetworkPolicy"};
  app.set_version_flag("--version", std::string("nplc ") + NPLC_VERSION);
  app.require_subcommand(1);

  BuildOptions build;
  std::vector<std::string> targets = {"kubernetes"};
  auto* buildCmd = app.add_subcommand("build", "Compile .npl files and write the policies");
  buildCmd->add_option("paths", build.common.paths, "Files or folders (every .npl file below)")->default_val(".");
  buildCmd->add_option("-o,--output", build.outDir, "Output folder")->required();
  buildCmd->add_option("--target", targets, "Comma-separated targets: kubernetes, cilium")->delimiter(',');
  buildCmd->add_option("--pod-cidr", build.podCidrs,
                       "The cluster's pod address ranges, comma-separated (cilium target; default 10.244.0.0/16,10.42.0.0/16)")
      ->delimiter(',');
  buildCmd->add_flag("--cilium-deny-rules", build.ciliumDenyRules,
                     "Cilium target: also emit each deny intent as ingressDeny/egressDeny rules");
  buildCmd->add_option("--color", build.common.color, "auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));

  CommonOptions check;
  auto* checkCmd = app.add_subcommand("check", "Check .npl files and report every problem; writes nothing");
  checkCmd->add_option("paths", check.paths, "Files or folders (every .npl file below)")->default_val(".");
  checkCmd->add_option("--color", check.color, "auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;  // usage errors exit 2
  }
  try {
    if (*buildCmd) {
      build.targets.insert(targets.begin(), targets.end());
      return runBuild(build);
    }
    return runCheck(check);
  } catch (const nplc::util::InternalError& e) {
    std::cerr << "nplc: " << e.what() << "\n(this is a bug in nplc; please report it with the input)\n";
    return 70;
  } catch (const std::exception& e) {
    std::cerr << "nplc: internal error: " << e.what() << "\n";
    return 70;
  }
}

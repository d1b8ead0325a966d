// nplc: command-line parsing only; each command lives in driver/.
#include <CLI/CLI.hpp>

#include <iostream>

#include "driver/commands.h"
#include "lsp/server.h"
#include "util/check.h"

int main(int argc, char** argv) {
  using namespace nplc::driver;
  CLI::App app{"nplc — compiles NPL dependency files into Kubernetes NetworkPolicy"};
  app.set_version_flag("--version", std::string("nplc ") + NPLC_VERSION);
  app.require_subcommand(1);

  BuildOptions build;
  std::vector<std::string> targets = {"kubernetes"};
  auto* buildCmd = app.add_subcommand("build", "Compile .npl files and write the policies");
  buildCmd->add_option("paths", build.common.paths, "Files or folders (every .npl file below)")->default_val(".");
  buildCmd->add_option("-o,--output", build.outDir, "Output folder")->required();
  buildCmd->add_option("--target", targets, "Comma-separated targets: kubernetes")->delimiter(',');
  buildCmd->add_option("--color", build.common.color, "auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));

  CommonOptions check;
  auto* checkCmd = app.add_subcommand("check", "Check .npl files and report every problem; writes nothing");
  checkCmd->add_option("paths", check.paths, "Files or folders (every .npl file below)")->default_val(".");
  checkCmd->add_option("--color", check.color, "auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));

  auto* lspCmd = app.add_subcommand("lsp", "Run the language server for editors (LSP on stdin and stdout)");
  bool stdio = true;  // the only transport; vscode-languageclient passes --stdio
  lspCmd->add_flag("--stdio", stdio, "Talk over stdin and stdout (the default)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;  // usage errors exit 2
  }
  try {
    if (*lspCmd) return nplc::lsp::runServer(0, 1);
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

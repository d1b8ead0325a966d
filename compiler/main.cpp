// nplc: command-line parsing only; each command lives in driver/.
#include <CLI/CLI.hpp>
#include <iostream>
#include <optional>

#include "driver/commands.h"
#include "driver/diff.h"
#include "driver/project_file.h"
#include "driver/targets.h"
#include "lsp/server.h"
#include "util/check.h"

namespace {

// The options `check` and `build` share.
void addCommon(CLI::App* cmd, nplc::driver::CommonOptions& o, bool junit = false, bool markdown = false) {
  cmd->add_option("paths", o.paths, "Files or folders (every .npl file below)")->default_val(".");
  cmd->add_option("--color", o.color, "auto, always or never")->check(CLI::IsMember({"auto", "always", "never"}));
  std::vector<std::string> formats = {"text", "json", "sarif", "github"};
  if (junit) formats.emplace_back("junit");
  if (markdown) formats.emplace_back("markdown");
  cmd->add_option("--format", o.format,
                  junit ? "Diagnostics as text (on stderr), json, sarif or github (on stdout), or junit: the results "
                          "as JUnit XML on stdout, the diagnostics as text on stderr"
                        : "Diagnostics as text (on stderr), json, sarif or github (on stdout)")
      ->check(CLI::IsMember(formats));
  cmd->add_option("-W", o.warningFlags,
                  "-W<name> / -Wno-<name> turn a warning on / off, -Werror[=<name>] makes warnings errors "
                  "(names: nplc explain --list)")
      ->expected(1)
      ->allow_extra_args(false)  // `-Werror dir`: dir is a path, not a second value
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--pod-cidr", o.podCidrs,
                  "The cluster's pod ranges, for the address checks and the cilium target (repeatable or "
                  "comma-separated; default 10.244.0.0/16,10.42.0.0/16)")
      ->delimiter(',')
      ->expected(1)
      ->allow_extra_args(false)  // `-Werror dir`: dir is a path, not a second value
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--service-cidr", o.serviceCidrs, "The cluster's service ranges (repeatable or comma-separated)")
      ->delimiter(',')
      ->expected(1)
      ->allow_extra_args(false)  // `-Werror dir`: dir is a path, not a second value
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--allow-root", o.allowRoots,
                  "A folder `use` may read .npl files from besides the project root (the repository's top level, "
                  "else the folder given); repeatable")
      ->expected(1)
      ->allow_extra_args(false)  // `--allow-root dir path`: path is a path
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_flag("--verbose", o.verbose,
                "With two policy targets: list the connections they may judge differently (HTTP rules, DNS names, "
                "entities)");
  cmd->add_flag("--cilium-deny-rules", o.ciliumDenyRules,
                "Cilium target: also emit each deny intent as ingressDeny/egressDeny rules");
}

// --target: comma-separated, repeatable; one value per flag, so that
// `--target cilium dir` leaves dir a path.
void addTargets(CLI::App* cmd, std::vector<std::string>& targets, const std::string& help) {
  cmd->add_option("--target", targets, help)
      ->delimiter(',')
      ->expected(1)
      ->allow_extra_args(false)  // `--target cilium dir`: dir is a path
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

// What build or check was given, which nplc.yaml does not override.
nplc::driver::GivenOnCommandLine given(const CLI::App& cmd, bool build) {
  return {cmd.count("paths") > 0, build && cmd.count("--output") > 0, cmd.count("--target") > 0,
          cmd.count("--pod-cidr") > 0, cmd.count("--service-cidr") > 0};
}

}  // namespace

int main(int argc, char** argv) {
  using namespace nplc::driver;
  CLI::App app{"nplc compiles NPL dependency files into Kubernetes NetworkPolicy and CiliumNetworkPolicy"};
  app.set_version_flag("--version", std::string("nplc ") + NPLC_VERSION);
  app.require_subcommand(1);

  BuildOptions build;
  std::vector<std::string> targets = {"kubernetes"};
  auto* buildCmd = app.add_subcommand("build", "Compile .npl files and write the policies");
  addCommon(buildCmd, build.common);
  buildCmd->add_option("-o,--output", build.outDir,
                       "Output folder (default: `output:` of nplc.yaml, else ./out)");
  addTargets(buildCmd, targets, "Comma-separated targets, default kubernetes: " + targetsHelp());
  buildCmd->add_flag("--check", build.check,
                     "Write nothing; exit 1 listing the files when the output folder is not what the sources generate");
  buildCmd->add_flag("--dump-plan", build.dumpPlan,
                     "Write nothing; print the policy plan (every policy, rule and peer with its source lines)");
  buildCmd->add_option("--docs-source-url", build.docsSourceUrl,
                       "docs target: link each source line to URL/PATH#LN (PATH relative to the working directory) "
                       "instead of relative to the page");

  CommonOptions check;
  auto* checkCmd = app.add_subcommand("check", "Check .npl files and report every problem; writes nothing");
  addCommon(checkCmd, check, false, true);
  std::vector<std::string> checkTargets = {"kubernetes"};
  addTargets(checkCmd, checkTargets, "Targets whose own checks run too (default kubernetes)");
  FlowsOptions checkFlows;
  checkCmd->add_option("--flows", checkFlows.files,
                       "Hubble captures (hubble observe -o json, hubble export; - for stdin) judged on the targets' "
                       "objects; --format markdown prints the summary as a table (docs/flows.md)")
      ->allow_extra_args(false)  // `--flows a.json dir`: dir is a path
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  checkCmd->add_flag("--strict", checkFlows.strict, "With --flows: a malformed line of a capture is an error");

  CommonOptions test;
  auto* testCmd = app.add_subcommand("test", "Judge every `expect` on each target's objects, built in memory; writes "
                                             "nothing");
  addCommon(testCmd, test, true);
  std::vector<std::string> testTargets = {"kubernetes", "cilium"};
  addTargets(testCmd, testTargets, "Targets whose objects are judged (default kubernetes,cilium)");
  QueryOptions query;
  std::vector<std::string> queryTargets = {"kubernetes", "cilium"};
  auto* queryCmd = app.add_subcommand(
      "query", "What the generated policies allow: 'SRC -> DST:PORT [METHOD PATH]' (quoted, one argument each) or "
               "--matrix [NAMESPACE]");
  addCommon(queryCmd, query.common);
  addTargets(queryCmd, queryTargets, "Policy targets to judge (default kubernetes,cilium)");
  queryCmd->add_option("--matrix", query.matrixNamespace,
                       "The reachability matrix: allowed ports per pair of services, per target (NAMESPACE: only "
                       "pairs with an end there; a value with '/' or '.' is a path, namespaces have neither)")
      ->expected(0, 1);

  DiffOptions diff;
  auto* diffCmd = app.add_subcommand("diff", "What a change does to access: OLD and NEW (default: the working tree) "
                                             "are folders or git revisions; writes nothing");
  diffCmd->add_option("old", diff.oldSide, "A folder or a git revision (origin/main, HEAD~1)")->required();
  diffCmd->add_option("new", diff.newSide, "A folder or a git revision (default: the working tree)");
  diffCmd->add_option("--format", diff.common.format, "text, markdown (a pull request comment) or json")
      ->check(CLI::IsMember({"text", "markdown", "json"}));
  diffCmd->add_option("--color", diff.common.color, "auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  diffCmd->add_option("--target", diff.targets, "Targets to build on both sides (default: nplc.yaml's, else "
                                                "kubernetes,cilium)")
      ->delimiter(',')
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  diffCmd->add_flag("--exit-code", diff.exitCode, "Exit 1 when access changes (as git diff --exit-code)");

  ExplainOptions explain;
  auto* explainCmd = app.add_subcommand("explain", "Explain a diagnostic code, with an example");
  explainCmd->add_option("code", explain.code, "A code such as E0103, or a warning's -W name");
  explainCmd->add_flag("--list", explain.list, "List every code");
  explainCmd->add_flag("--example", explain.example, "Print only the example's source");
  explainCmd->add_option("--format", explain.format, "With --list: text or json")
      ->check(CLI::IsMember({"text", "json"}));

  FmtOptions fmtOpts;
  auto* fmtCmd = app.add_subcommand("fmt", "Rewrite .npl files in the one layout (docs/language.md, Layout)");
  fmtCmd->add_option("paths", fmtOpts.paths, "Files or folders (every .npl file below); - reads stdin, writes stdout")
      ->default_val(".");
  fmtCmd->add_flag("--check", fmtOpts.check, "Write nothing; exit 1 listing the files that are not formatted");
  fmtCmd->add_option("--color", fmtOpts.color, "auto, always or never")->check(CLI::IsMember({"auto", "always", "never"}));

  ImportOptions importOpts;
  auto* importCmd = app.add_subcommand("import", "Write NPL from NetworkPolicy YAML, one file per namespace "
                                                 "(docs/import.md)");
  importCmd->add_option("paths", importOpts.paths, "YAML files or folders (every .yaml, .yml below); - reads stdin")
      ->required();
  importCmd->add_option("-o,--output", importOpts.outDir, "Folder for NAMESPACE.npl files (default: stdout)");
  importCmd->add_option("--namespace", importOpts.defaultNamespace,
                        "The namespace of objects without metadata.namespace (default: default)");
  importCmd->add_flag("--allow-partial", importOpts.allowPartial,
                      "Write what NPL can say, with a comment for each part it cannot, instead of failing");
  importCmd->add_flag("--flows", importOpts.flows,
                      "The paths are Hubble captures (hubble observe -o json): draft NPL from the observed "
                      "traffic (docs/flows.md)");
  importCmd->add_option("--http-glob-threshold", importOpts.httpGlobThreshold,
                        "With --flows: paths of one method under one folder that become FOLDER/* (default: 3)")
      ->check(CLI::Range(1, 1000000));

  auto* initCmd = app.add_subcommand("init", std::string("Write ./") + kProjectFileName +
                                                 ", a commented project file for `nplc build` with no arguments");

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
    if (*initCmd) return runInit();
    if (*fmtCmd) return runFmt(fmtOpts);
    if (*importCmd) return runImport(importOpts);
    if (*buildCmd) {
      if (auto code = useProjectFile(given(*buildCmd, true), build.common, &build.outDir, targets)) return *code;
      build.targets.insert(targets.begin(), targets.end());
      return runBuild(build);
    }
    if (*explainCmd) return runExplain(explain);
    if (*diffCmd) return runDiff(diff);
    if (*testCmd) {
      if (auto code = useProjectFile(given(*testCmd, false), test, nullptr, testTargets)) return *code;
      return runTest(test, std::set<std::string>(testTargets.begin(), testTargets.end()));
    }
    if (*queryCmd) {
      query.matrix = queryCmd->count("--matrix") > 0;
      // `--matrix examples/shop`: a path, never a namespace (DNS labels have no '/' nor '.'); with `->`, a query.
      auto queryGiven = given(*queryCmd, false);
      const std::string& value = query.matrixNamespace;
      if (value.find_first_of("/.") != std::string::npos || value.find("->") != std::string::npos) {
        if (!queryGiven.paths) query.common.paths.clear();
        query.common.paths.push_back(query.matrixNamespace);
        query.matrixNamespace.clear();
        queryGiven.paths = true;
      }
      // `'shop/web -> shop/api:8080'`: an argument with `->` is a query, the others are paths.
      std::vector<std::string> paths;
      for (auto& a : query.common.paths) (a.find("->") != std::string::npos ? query.pairs : paths).push_back(a);
      if (!query.pairs.empty()) {
        queryGiven.paths = !paths.empty();
        query.common.paths = paths.empty() ? std::vector<std::string>{"."} : paths;
      }
      if (query.matrix == !query.pairs.empty()) {
        std::cerr << "nplc: error: query needs either a connection, 'SRC -> DST:PORT [METHOD PATH]' quoted as one "
                     "argument (e.g. nplc query 'shop/web -> shop/api:8080'), or --matrix [NAMESPACE]\n";
        return 2;
      }
      if (auto code = useProjectFile(queryGiven, query.common, nullptr, queryTargets)) return *code;
      query.targets.insert(queryTargets.begin(), queryTargets.end());
      return runQuery(query);
    }
    if (auto code = useProjectFile(given(*checkCmd, false), check, nullptr, checkTargets)) return *code;
    return runCheck(check, std::set<std::string>(checkTargets.begin(), checkTargets.end()), checkFlows);
  } catch (const nplc::util::InternalError& e) {
    std::cerr << "nplc: " << e.what() << "\n(this is a bug in nplc; please report it with the input)\n";
    return 70;
  } catch (const std::exception& e) {
    std::cerr << "nplc: internal error: " << e.what() << "\n";
    return 70;
  }
}

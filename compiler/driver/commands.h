#pragma once
// One function per command; main.cpp only parses the command line.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "source/overlay.h"
#include "source/source_manager.h"

namespace nplc::flows {
class Connections;
struct ReadStats;
}

namespace nplc::driver {

struct Compilation;

struct CommonOptions {
  std::vector<std::string> paths;
  std::string color = "auto";                       // auto | always | never
  std::string format = "text";                      // text | json | sarif | github (| junit: nplc test)
  std::vector<std::string> warningFlags;            // -W values, in order
  std::vector<std::string> podCidrs, serviceCidrs;  // empty: the defaults
  bool ciliumDenyRules = false;                     // --cilium-deny-rules
  std::vector<std::string> allowRoots;              // --allow-root: more folders sources may come from
  std::string projectFolder;                        // nplc.yaml's folder: sources may come from below it too
  bool verbose = false;                             // --verbose: list the differences the targets may have
};

// Where `nplc build` writes when neither -o nor nplc.yaml says.
inline constexpr const char* kDefaultOutput = "out";

struct BuildOptions {
  CommonOptions common;
  std::string outDir;
  std::set<std::string> targets;
  bool check = false;  // --check: compare the output folder, write nothing
  bool dumpPlan = false;  // --dump-plan: print the policy plan on stdout, write nothing
  std::string docsSourceUrl;  // --docs-source-url
};

struct QueryOptions {
  CommonOptions common;  // common.format: text or json
  std::set<std::string> targets;
  bool matrix = false;          // --matrix: the reachability matrix
  std::string matrixNamespace;  // --matrix NAMESPACE: only the cells with an end there
  std::vector<std::string> pairs;  // "SRC -> DST:PORT [METHOD PATH]", each one argument
};

struct FmtOptions {
  std::vector<std::string> paths;  // files, folders, `-` for stdin (to stdout)
  bool check = false;              // --check: list the files that would change, write nothing
  std::string color = "auto";
};

struct ImportOptions {
  std::vector<std::string> paths;  // YAML files, folders, `-` for stdin
  std::string outDir;              // empty: every file on stdout
  std::string defaultNamespace = "default";
  bool allowPartial = false;       // write the gaps as comments instead of failing
  bool flows = false;              // --flows: the paths are Hubble captures to draft from (docs/flows.md)
  std::size_t httpGlobThreshold = 3;  // --http-glob-threshold: paths under one folder that make a glob
};

struct ExplainOptions {
  std::string code;
  bool list = false;            // --list: every code
  bool example = false;         // --example: only the example's source, raw
  std::string format = "text";  // --list --format json: the whole catalog
};

// --color: auto is on for a terminal without NO_COLOR.
bool useColor(const std::string& mode);
// Sets up what the options control before compiling; a usage error message otherwise.
std::optional<std::string> configure(Compilation& c, const CommonOptions& opts);

// Prints c's diagnostics and I/O errors in opts.format; the exit code they call for.
int report(Compilation& c, const CommonOptions& opts);
// Compiles for `targets` in memory, as check, test, query, diff and
// --dump-plan do: the targets run, so that what they report (W0001, the
// Cilium pitfalls…) is reported too. `overlay`: files read from memory
// instead of disk; `render`: whether the objects' text is judged afterwards.
// False after saying a usage error.
bool compileInMemory(Compilation& c, const CommonOptions& opts, const std::set<std::string>& targets,
                     const source::Overlay* overlay = nullptr, bool render = true);

int runBuild(const BuildOptions& opts);
// `nplc check --flows FILE...` (docs/flows.md).
struct FlowsOptions {
  std::vector<std::string> files;  // Hubble JSON captures; empty: no flows check
  bool strict = false;             // --strict: a malformed line is an error
};
int runCheck(const CommonOptions& opts, const std::set<std::string>& targets, const FlowsOptions& flows = {});
// The observed flows judged on the targets' built objects (flows_check.cpp).
int runFlowsCheck(const CommonOptions& opts, const std::set<std::string>& targets, const FlowsOptions& flows);
// Judges every `expect` on each of `targets` that writes policy objects;
// opts.format may also be "junit" (XML on stdout).
int runTest(const CommonOptions& opts, const std::set<std::string>& targets);
int runExplain(const ExplainOptions& opts);  // explain.cpp
int runFmt(const FmtOptions& opts);          // format_command.cpp
int runImport(const ImportOptions& opts);    // import_command.cpp
int runFlowsImport(const ImportOptions& opts);  // flows_import.cpp
// Writes one NAMESPACE.npl per entry into `outDir` (none may exist with other
// content; all or nothing), or every text on stdout when `outDir` is empty.
int writeImported(const std::map<std::string, std::string>& byNamespace, const std::string& outDir);
// Reads the captures of `paths` into `conns` (flows_check.cpp), saying on
// stderr the files that cannot be read (kUsageError) and the malformed lines
// (errors with `strict`: kInputErrors; else warnings); kOk otherwise.
int readCaptureReporting(const std::vector<std::string>& paths, bool strict, flows::Connections& conns,
                         flows::ReadStats& stats);
int runQuery(const QueryOptions& opts);
int printMatrix(const Compilation& c, const QueryOptions& opts);  // query.cpp
// The answers to opts.pairs, the expectations of `queryFile` (query_pair.cpp).
int printPairs(const Compilation& c, const QueryOptions& opts, source::FileId queryFile);
// The synthetic source file `nplc query` writes its pairs into, one `expect` a line.
inline constexpr const char* kQueryFileName = "<query>";
// Throws util::InternalError when two policy targets differ where the
// language does not let them (equivalence.cpp).
void checkEquivalence(const Compilation& c, const std::set<std::string>& targets, bool verbose);


}  // namespace nplc::driver

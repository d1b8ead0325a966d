// `nplc import PATHS... [-o DIR] [--allow-partial]`: NetworkPolicy YAML to
// NPL, one file per namespace (docs/import.md). Nothing is written when a
// part of the input cannot be said in NPL, unless --allow-partial, nor when
// a file to write exists with other content (the user's sources).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "driver/commands.h"
#include "driver/compile.h"
#include "driver/output_writer.h"
#include "import/import.h"

namespace nplc::driver {

namespace {

namespace fs = std::filesystem;

bool isYaml(const fs::path& p) {
  const auto ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml";
}

// The files of `paths`, folders expanded (every .yaml and .yml below, sorted).
std::vector<import::Input> readInputs(const std::vector<std::string>& paths, std::vector<std::string>& ioErrors) {
  std::vector<import::Input> inputs;
  auto readOne = [&](const std::string& path, std::istream& in) {
    std::ostringstream buf;
    buf << in.rdbuf();
    if (in.bad())
      ioErrors.push_back("cannot read " + path);
    else
      inputs.push_back({path, buf.str()});
  };
  for (const auto& p : paths) {
    if (p == "-") {
      readOne("<stdin>", std::cin);
      continue;
    }
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> files;
      for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::recursive_directory_iterator();
           it.increment(ec))
        if (it->is_regular_file() && isYaml(it->path())) files.push_back(it->path().string());
      std::sort(files.begin(), files.end());
      if (ec) ioErrors.push_back(p + ": cannot list: " + ec.message());
      for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        if (!in)
          ioErrors.push_back("cannot read " + f);
        else
          readOne(f, in);
      }
      continue;
    }
    std::ifstream in(p, std::ios::binary);
    if (!in) {
      ioErrors.push_back(p + ": no such file or folder");
      continue;
    }
    readOne(p, in);
  }
  return inputs;
}

}  // namespace

// What `nplc import` reads (import/read.cpp).
const char* const kPolicyKinds = "NetworkPolicy, CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy";

int runImport(const ImportOptions& opts) {
  if (opts.flows) return runFlowsImport(opts);
  std::vector<std::string> ioErrors;
  const auto inputs = readInputs(opts.paths, ioErrors);
  for (const auto& e : ioErrors) std::cerr << "nplc: error: " << e << "\n";
  if (!ioErrors.empty()) return kUsageError;
  import::Options options;
  options.defaultNamespace = opts.defaultNamespace;
  const auto result = import::importPolicies(inputs, options);
  for (const auto& e : result.errors)
    std::cerr << e.at.str() << ": error: " << e.message << "\n"
              << "  help: nplc import reads what the API server accepts; fix the object or leave its file out\n";
  const char* severity = opts.allowPartial ? "warning" : "error";
  for (const auto& g : result.gaps)
    std::cerr << g.at.str() << ": " << severity << ": " << g.object << " " << g.field << ": " << g.reason << "\n"
              << (opts.allowPartial ? std::string("  note: left out; a comment in the output stands in its place\n")
                                    : std::string("  help: write it by hand after importing the rest with "
                                                  "--allow-partial, which leaves a comment where it belongs\n"));
  if (result.skipped > 0)
    std::cerr << "nplc: note: " << result.skipped << " object(s) of other kinds than " << kPolicyKinds
              << " were skipped\n";
  if (result.policies == 0 && result.errors.empty()) std::cerr << "nplc: error: no " << kPolicyKinds << " in the inputs\n";
  const bool allLeftOut = result.policies > 0 && result.errors.empty() && result.files.empty();
  if (allLeftOut) std::cerr << "nplc: error: every policy was left out\n";
  if (!result.errors.empty() || (!result.gaps.empty() && !opts.allowPartial) || result.policies == 0 || allLeftOut) {
    std::cerr << "nplc: nothing written\n";
    return kInputErrors;
  }
  return writeImported(result.files, opts.outDir);
}

int writeImported(const std::map<std::string, std::string>& byNamespace, const std::string& outDir) {
  if (outDir.empty()) {
    bool first = true;
    for (const auto& [ns, text] : byNamespace) {
      std::cout << (first ? "" : "\n") << text;
      first = false;
    }
    return kOk;
  }
  backends::OutputFiles files;
  for (const auto& [ns, text] : byNamespace) files[ns + ".npl"] = text;
  const WriteResult written = writeNewFiles(outDir, files);
  for (const auto& e : written.errors) std::cerr << "nplc: error: " << e << "\n";
  if (!written.ok) {
    std::cerr << "  help: import into an empty folder, or move the existing files away first\n"
              << "nplc: nothing written\n";
    return kUsageError;
  }
  for (const auto& [rel, text] : files) std::cerr << "wrote " << (fs::path(outDir) / rel).string() << "\n";
  return kOk;
}

}  // namespace nplc::driver

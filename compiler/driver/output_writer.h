#pragma once
// Writes a build's files into the output folder, all or nothing: every file
// goes to a temporary name first and is renamed into place only when all were
// written. Files listed in the folder's manifest (.nplc-manifest) by an earlier
// build and not produced now are removed; nothing else is ever touched.
#include <set>
#include <string>
#include <vector>

#include "backends/output.h"

namespace nplc::driver {

struct WriteResult {
  bool ok = true;
  std::vector<std::string> errors;  // I/O or safety problems (exit 2)
  std::size_t written = 0, unchanged = 0, removed = 0;
};

inline constexpr const char* kManifestName = ".nplc-manifest";

// `targets` are the top folders this build owns (e.g. "kubernetes"); manifest
// entries of other targets are kept as they are.
WriteResult writeOutputs(const std::string& outDir, const backends::OutputFiles& files,
                         const std::set<std::string>& targets);

// Sources nplc writes for the user (`nplc import`): `files` under `outDir`,
// all or nothing, never through a symlink, never over a file that exists
// with other content, and with no manifest (a folder holding one is an
// output folder, whose files a build never reads as sources).
WriteResult writeNewFiles(const std::string& outDir, const backends::OutputFiles& files);

}  // namespace nplc::driver

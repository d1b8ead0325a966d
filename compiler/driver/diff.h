#pragma once
// `nplc diff OLD [NEW]`: a change reviewed by what it does to access. Each
// side is a folder or a git revision (diff_sides.cpp), compiled in memory;
// the result compares the resolved models' intents (diff_intent.cpp), the
// reachability matrices of the policy targets (diff_access.cpp) and the
// generated files, and is printed as text, Markdown or JSON (diff_render.cpp).
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "driver/commands.h"
#include "source/source_manager.h"

namespace nplc::driver {

struct DiffOptions {
  CommonOptions common;           // common.format: text | markdown | json
  std::string oldSide, newSide;   // newSide empty: the working tree (the current folder)
  std::vector<std::string> targets;  // empty: nplc.yaml's, else kubernetes and cilium
  bool exitCode = false;          // --exit-code: 1 when access changes
};

// A place in one side's sources: "shop.npl:12" (the path as that side shows it).
struct DiffLocation {
  std::string file;
  unsigned line = 0;
  std::string str() const { return file + ":" + std::to_string(line); }
};

// One intent (an edge, a deny, a baseline, a bundle's `allow`, an external,
// an expectation, a service, a namespace's labels) present on either side,
// identified by `key` (stable: names and peers, never text positions).
struct IntentChange {
  enum class Change { Added, Removed, Changed };
  Change change = Change::Added;
  std::string kind;  // "edge", "deny", "baseline", "bundle", "external", "expect", "service", "namespace"
  std::string key;   // "shop: web -> api", "shop ingress", "partners"…
  std::string oldKey;  // an intent whose inline end changed: its key before; else ""
  std::string oldValue, newValue;            // "" on the side where it does not exist
  std::optional<DiffLocation> oldAt, newAt;  // where it is written on each side
  std::string widens;  // why it widens access ("new allowed path", "port range grown", …), or ""
  std::vector<source::Span> oldSpans, newSpans;  // every line of it on each side, to link access changes
};

// A connection whose allowed ports differ, on the targets listed; or, on a
// target that judges HTTP, whose port is allowed on both sides but not the
// same requests (Requests: `added` and `removed` list them).
struct AccessChange {
  enum class Change { NowAllowed, NowDenied, Changed, Requests };
  Change change = Change::NowAllowed;
  std::string from, to;                 // the ends as the matrix names them
  std::vector<std::string> targets;     // where it changed this way
  std::string oldPorts, newPorts;       // "none", "TCP 80", …
  std::string added, removed;           // the ports (requests) gained / lost ("" when none)
  bool widened() const { return !added.empty(); }
  // The intent changes that caused it (indexes into DiffResult::intent), and
  // the deciding lines on the side where it is allowed when no change is named.
  std::vector<std::size_t> causes;
  std::vector<std::string> reasons;  // "allowed by this edge (kubernetes/…) at shop.npl:12"
};

struct DiffResult {
  std::string oldLabel, newLabel;
  std::vector<std::string> targets;  // the policy targets judged on both sides
  std::vector<IntentChange> intent;  // widening first, then by kind and key
  std::vector<AccessChange> access;  // widened first, then by ends
  std::vector<std::string> objectsAdded, objectsRemoved, objectsChanged;
  // Files whose only difference is the source line they cite (the
  // nplc.dev/source annotation): written from a line that moved. Listed
  // apart from the changed ones, since `nplc build` rewrites them.
  std::vector<std::string> objectsMoved;
  bool empty() const {
    return intent.empty() && access.empty() && objectsAdded.empty() && objectsRemoved.empty() &&
           objectsChanged.empty() && objectsMoved.empty();
  }
};

int runDiff(const DiffOptions& opts);

}  // namespace nplc::driver

#include "driver/diff.h"

#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "driver/diff_access.h"
#include "driver/diff_intent.h"
#include "driver/diff_render.h"
#include "driver/diff_sides.h"

namespace nplc::driver {

int runDiff(const DiffOptions& opts) {
  DiffSide before, after;
  if (auto code = compileSide(opts.oldSide, opts, before)) return *code;
  if (auto code = compileSide(opts.newSide, opts, after)) return *code;
  DiffResult r;
  r.oldLabel = before.label;
  r.newLabel = after.label;
  r.intent = diffIntent(before, after);
  diffAccess(before, after, r);
  diffObjects(before, after, r);
  // Colour for a terminal only: the output is for stdout, unlike diagnostics.
  const bool color = opts.common.color == "always" ||
                     (opts.common.color == "auto" && isatty(STDOUT_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr);
  renderDiff(std::cout, r, opts.common.format, color && opts.common.format == "text");
  std::cout.flush();
  return opts.exitCode && !r.access.empty() ? kInputErrors : kOk;
}

}  // namespace nplc::driver

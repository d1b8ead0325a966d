// The sink keeps at most Sink::kMaxKept diagnostics and counts the rest; the
// renderer prints at most RenderOptions::maxDiagnostics of them.
#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "diag/diagnostic.h"
#include "diag/render_text.h"

namespace nplc {
namespace {

TEST_CASE("sink: past kMaxKept diagnostics are counted, not kept") {
  diag::Sink sink;
  source::SourceManager sm;
  const auto id = sm.add("m.npl", "namespace a { }\n");
  for (std::size_t i = 0; i < diag::Sink::kMaxKept + 5; ++i) {
    sink.report("E0001", {id, 0, 1}, "x" + std::to_string(i)).withHelp("h");
  }
  sink.report("W0004", {id, 0, 1}, "w");
  CHECK(sink.all().size() == diag::Sink::kMaxKept);
  CHECK(sink.errorCount() == diag::Sink::kMaxKept + 5);
  CHECK(sink.warningCount() == 1);
  CHECK(sink.droppedCount() == 6);
  std::ostringstream out;
  diag::renderText(out, sm, sink.sorted(), {});
  CHECK(out.str().find("nplc: only the first 100 diagnostics are shown") != std::string::npos);
}

}  // namespace
}  // namespace nplc

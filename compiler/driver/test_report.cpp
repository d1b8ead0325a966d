#include "driver/test_report.h"

#include <fmt/format.h>

namespace nplc::driver {

namespace {

// "shop.npl:12"
std::string location(const Compilation& c, source::Span span) {
  const auto lc = c.sm.lineCol(span.file, span.begin);
  return fmt::format("{}:{}", c.sm.file(span.file).path, lc.line);
}

// The five XML escapes, hand-written: this is the only XML nplc writes, and
// the escapes are all it needs of an XML library.
std::string xml(const std::string& s) {
  std::string out;
  for (char ch : s) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += ch;
    }
  }
  return out;
}

std::string statement(const Compilation& c, const ExpectResult& r) {
  return std::string(c.sm.text(c.program->expects[r.expect].span));
}

}  // namespace

void printTestSummary(std::ostream& out, const Compilation& c, const std::vector<std::string>& targets) {
  std::size_t passed = 0, failed = 0;
  for (const auto& r : c.expectResults) {
    if (r.passed) {
      ++passed;
      continue;
    }
    ++failed;
    out << fmt::format("FAIL {} {}: {}\n", r.target, location(c, c.program->expects[r.expect].span), statement(c, r));
  }
  const std::size_t count = c.program ? c.program->expects.size() : 0;
  out << fmt::format("{} expectation{} judged on {}: {} passed, {} failed\n", count, count == 1 ? "" : "s",
                     targets.empty() ? std::string("no target") : fmt::format("{}", fmt::join(targets, ", ")), passed,
                     failed);
}

void printJunit(std::ostream& out, const Compilation& c, const std::vector<std::string>& targets) {
  std::size_t failures = 0;
  for (const auto& r : c.expectResults) failures += r.passed ? 0 : 1;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format("<testsuites name=\"nplc test\" tests=\"{}\" failures=\"{}\">\n", c.expectResults.size(), failures);
  for (const auto& target : targets) {
    std::size_t tests = 0, failed = 0;
    for (const auto& r : c.expectResults) {
      if (r.target != target) continue;
      ++tests;
      failed += r.passed ? 0 : 1;
    }
    out << fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\">\n", xml(target), tests, failed);
    for (const auto& r : c.expectResults) {
      if (r.target != target) continue;
      const source::Span span = c.program->expects[r.expect].span;
      const auto lc = c.sm.lineCol(span.file, span.begin);
      out << fmt::format("    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" line=\"{}\"", xml(target),
                         xml(location(c, span) + ": " + statement(c, r)), xml(c.sm.file(span.file).path), lc.line);
      if (r.passed) {
        out << "/>\n";
        continue;
      }
      const std::string first = r.failure.substr(0, r.failure.find('\n'));
      out << fmt::format(">\n      <failure message=\"{}\" type=\"E0310\">{}</failure>\n    </testcase>\n", xml(first),
                         xml(r.failure));
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

}  // namespace nplc::driver

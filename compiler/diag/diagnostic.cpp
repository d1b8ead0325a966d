#include "diag/diagnostic.h"

#include <algorithm>
#include <tuple>

#include "diag/catalog.h"
#include "util/check.h"

namespace nplc::diag {

Diagnostic& Sink::report(std::string code, source::Span span, std::string message) {
  const CatalogEntry* entry = lookup(code);
  NPLC_CHECK(entry != nullptr, "diagnostic code missing from the catalog: " + code);
  Diagnostic d;
  d.severity = entry->severity;
  d.code = std::move(code);
  d.span = span;
  d.message = std::move(message);
  if (d.severity == Severity::Error) ++errors_;
  diags_.push_back(std::move(d));
  return diags_.back();
}

void Sink::rewrite(const std::function<bool(Diagnostic&)>& keep) {
  std::vector<Diagnostic> kept;
  errors_ = 0;
  for (auto& d : diags_) {
    if (!keep(d)) continue;
    if (d.severity == Severity::Error) ++errors_;
    kept.push_back(std::move(d));
  }
  diags_ = std::move(kept);
}

std::size_t Sink::warningCount() const {
  return static_cast<std::size_t>(std::count_if(diags_.begin(), diags_.end(), [](const Diagnostic& d) {
    return d.severity == Severity::Warning;
  }));
}

std::vector<Diagnostic> Sink::sorted() const {
  std::vector<Diagnostic> out = diags_;
  auto key = [](const Diagnostic& d) {
    return std::make_tuple(d.span.file, d.span.begin, d.code, d.message, d.span.end);
  };
  std::stable_sort(out.begin(), out.end(), [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  out.erase(std::unique(out.begin(), out.end(),
                        [&](const Diagnostic& a, const Diagnostic& b) { return key(a) == key(b); }),
            out.end());
  return out;
}

}  // namespace nplc::diag

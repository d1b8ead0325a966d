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
  ++(d.severity == Severity::Error ? errors_ : warnings_);
  if (diags_.size() >= kMaxKept) {
    ++dropped_;
    if (d.severity == Severity::Error) ++droppedErrors_;
    scratch_ = std::move(d);
    return scratch_;
  }
  diags_.push_back(std::move(d));
  return diags_.back();
}

void Sink::absorb(const Sink& other) {
  for (const auto& d : other.diags_) report(d.code, d.span, d.message) = d;
}

void Sink::rewrite(const std::function<bool(Diagnostic&)>& keep) {
  std::vector<Diagnostic> kept;
  for (auto& d : diags_) {
    if (keep(d)) kept.push_back(std::move(d));
  }
  diags_ = std::move(kept);
  recount();
}

void Sink::removeDuplicates() {
  diags_ = sorted();
  recount();
}

void Sink::recount() {
  // Diagnostics dropped past kMaxKept keep counting as they were reported.
  errors_ = droppedErrors_;
  warnings_ = dropped_ - droppedErrors_;
  for (const auto& d : diags_) ++(d.severity == Severity::Error ? errors_ : warnings_);
}

std::vector<Diagnostic> Sink::sorted() const {
  std::vector<Diagnostic> out = diags_;
  // References, not copies: a sort compares each diagnostic many times.
  auto key = [](const Diagnostic& d) { return std::tie(d.span.file, d.span.begin, d.code, d.message, d.span.end); };
  std::stable_sort(out.begin(), out.end(), [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  out.erase(std::unique(out.begin(), out.end(),
                        [&](const Diagnostic& a, const Diagnostic& b) { return key(a) == key(b); }),
            out.end());
  return out;
}

}  // namespace nplc::diag

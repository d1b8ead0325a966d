#pragma once
// Diagnostics as data: a code from the catalog, a primary span, labelled
// secondary spans, notes and a help line. Stages report into a Sink; nothing
// is printed until the driver renders the sorted list.
#include <functional>
#include <string>
#include <vector>

#include "source/source_manager.h"

namespace nplc::diag {

enum class Severity { Error, Warning };

struct Label {
  source::Span span;
  std::string message;
};

// One edit of a fix: `span`'s text becomes `replacement` (an empty span
// inserts).
struct Edit {
  source::Span span;
  std::string replacement;
};

struct Diagnostic {
  Severity severity = Severity::Error;
  std::string code;  // e.g. "E0103"; must be in the catalog
  std::string message;
  source::Span span;
  std::vector<Label> labels;  // other lines involved
  std::vector<std::string> notes;
  std::string help;
  // The edits that carry out the help, when it proposes code: applied
  // together, they make the program compile past this diagnostic
  // (tests/tools/check_fixes.py applies every one).
  std::vector<Edit> fix;

  Diagnostic& label(source::Span s, std::string msg) {
    labels.push_back({s, std::move(msg)});
    return *this;
  }
  Diagnostic& note(std::string n) {
    notes.push_back(std::move(n));
    return *this;
  }
  Diagnostic& withHelp(std::string h) {
    help = std::move(h);
    return *this;
  }
  Diagnostic& withEdit(source::Span span, std::string replacement) {
    fix.push_back({span, std::move(replacement)});
    return *this;
  }
  Diagnostic& withEdit(Edit e) {
    fix.push_back(std::move(e));
    return *this;
  }
  // help "did you mean 'NAME'?", and the fix that writes NAME at `span`.
  Diagnostic& didYouMean(source::Span span, const std::string& name) {
    help = "did you mean '" + name + "'?";
    return withEdit(span, name);
  }
};

class Sink {
 public:
  // At most this many diagnostics are kept; later ones are only counted. A
  // hostile file (a 10 MB line of errors) would otherwise hold gigabytes.
  static constexpr std::size_t kMaxKept = 10000;

  // Severity comes from the catalog entry of `code`.
  Diagnostic& report(std::string code, source::Span span, std::string message);
  bool hasErrors() const { return errors_ > 0; }
  std::size_t errorCount() const { return errors_; }
  std::size_t warningCount() const { return warnings_; }
  // Reported but not kept (past kMaxKept).
  std::size_t droppedCount() const { return dropped_; }
  // Sorted by file, position, then code; exact duplicates removed.
  std::vector<Diagnostic> sorted() const;
  const std::vector<Diagnostic>& all() const { return diags_; }
  // Another sink's diagnostics, reported here in their order (a file parsed
  // on another thread). Its dropped diagnostics are not known here: the
  // caller absorbs only a sink that dropped none.
  void absorb(const Sink& other);
  // For the controls applied after compiling (-W flags, suppressions): `keep`
  // may change a diagnostic (its severity too) and returns false to drop it.
  void rewrite(const std::function<bool(Diagnostic&)>& keep);
  // Keeps sorted() and recounts, so that the counts say what is shown: two
  // passes may report the same problem at the same place in the same words.
  void removeDuplicates();

 private:
  void recount();

  std::vector<Diagnostic> diags_;
  Diagnostic scratch_;  // what report() returns for a diagnostic not kept
  std::size_t errors_ = 0, warnings_ = 0, dropped_ = 0, droppedErrors_ = 0;
};

}  // namespace nplc::diag

#pragma once
// What the user controls after the checks ran: suppressions written in the
// source (`# nplc:ignore CODE: reason`) and the -W flags of the command line.
#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "source/source_manager.h"
#include "syntax/ast.h"

namespace nplc::lint {

// Drops every warning that a suppression comment names on its line (or, for a
// comment on a line of its own, on the next line with code), and those that a
// `nplc:ignore-namespace` comment names anywhere in its namespace block. Malformed
// suppressions are E0500; when `reportUnused`, suppressions that matched
// nothing are W0210.
void applySuppressions(const source::SourceManager& sm, const std::vector<ast::File>& files, diag::Sink& sink,
                       bool reportUnused);

// The -W flags, in command-line order: `all`, `NAME`, `no-NAME`, `no-all`,
// `error`, `error=NAME`, `no-error`, `no-error=NAME` (NAME: a -W name or a
// warning code).
struct WarningFlags {
  std::vector<std::string> flags;
  // A usage error message for the first flag that names no warning.
  std::optional<std::string> validate() const;
  // Drops disabled warnings and turns those made errors into errors.
  void apply(diag::Sink& sink) const;
};

}  // namespace nplc::lint

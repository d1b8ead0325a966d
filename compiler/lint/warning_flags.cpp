// -W flags, applied in command-line order like a C compiler's.
#include <fmt/format.h>

#include <map>

#include "diag/catalog.h"
#include "lint/controls.h"
#include "util/suggest.h"

namespace nplc::lint {

namespace {

struct State {
  bool enabled = true;
  bool error = false;
};

// Splits a flag into (what it does, the warning it names or "" for all).
struct Parsed {
  enum Kind { Enable, Disable, Error, NoError } kind;
  std::string target;  // "" = every warning
};

std::optional<Parsed> parseFlag(const std::string& f) {
  auto named = [](std::string_view name) -> std::optional<std::string> {
    if (name == "all") return std::string();
    if (const auto* w = diag::lookupWarning(name)) return std::string(w->code);
    return std::nullopt;
  };
  if (f == "error") return Parsed{Parsed::Error, ""};
  if (f == "no-error") return Parsed{Parsed::NoError, ""};
  if (f.rfind("error=", 0) == 0) {
    if (auto t = named(f.substr(6))) return Parsed{Parsed::Error, *t};
    return std::nullopt;
  }
  if (f.rfind("no-error=", 0) == 0) {
    if (auto t = named(f.substr(9))) return Parsed{Parsed::NoError, *t};
    return std::nullopt;
  }
  if (f.rfind("no-", 0) == 0) {
    if (auto t = named(f.substr(3))) return Parsed{Parsed::Disable, *t};
    return std::nullopt;
  }
  if (auto t = named(f)) return Parsed{Parsed::Enable, *t};
  return std::nullopt;
}

std::string bareName(const std::string& f) {
  for (const char* p : {"no-error=", "error=", "no-"}) {
    if (f.rfind(p, 0) == 0) return f.substr(std::string(p).size());
  }
  return f;
}

}  // namespace

std::optional<std::string> WarningFlags::validate() const {
  for (const auto& f : flags) {
    if (parseFlag(f)) continue;
    std::vector<std::string> names;
    for (const auto& e : diag::catalog()) {
      if (e.severity == diag::Severity::Warning) names.emplace_back(e.name);
    }
    const auto close = util::closestNames(bareName(f), names);
    std::string msg = fmt::format("unknown warning option '-W{}'", f);
    if (!close.empty())
      msg += fmt::format(" (did you mean '{}'?)", close.front());
    else
      msg += "; `nplc explain --list` lists the warnings";
    return msg;
  }
  return std::nullopt;
}

void WarningFlags::apply(diag::Sink& sink) const {
  if (flags.empty()) return;
  State all;
  std::map<std::string, State> per;  // code -> state, once a flag named it
  for (const auto& f : flags) {
    const auto p = parseFlag(f);
    if (!p) continue;
    auto set = [&](State& s) {
      switch (p->kind) {
        case Parsed::Enable:
          s.enabled = true;
          break;
        case Parsed::Disable:
          s.enabled = false;
          break;
        case Parsed::Error:
          s.error = true;
          if (!p->target.empty()) s.enabled = true;  // -Werror=NAME turns NAME on; -Werror alone does not
          break;
        case Parsed::NoError:
          s.error = false;
          break;
      }
    };
    if (p->target.empty()) {
      set(all);
      for (auto& [_, s] : per) set(s);
    } else {
      auto [it, fresh] = per.try_emplace(p->target, all);
      set(it->second);
    }
  }
  sink.rewrite([&](diag::Diagnostic& d) {
    if (d.severity != diag::Severity::Warning) return true;
    const auto it = per.find(d.code);
    const State& s = it == per.end() ? all : it->second;
    if (!s.enabled) return false;
    if (s.error) {
      d.severity = diag::Severity::Error;
      d.note(all.error ? "treated as an error (-Werror)"
                       : fmt::format("treated as an error (-Werror={})", diag::lookup(d.code)->name));
    }
    return true;
  });
}

}  // namespace nplc::lint

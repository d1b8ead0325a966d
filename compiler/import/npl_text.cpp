#include "import/npl_text.h"

#include <cctype>

#include "util/k8s_names.h"

namespace nplc::import {

namespace {

// The words the grammar never takes as a name (grammar/Npl.g4, `name`).
bool reserved(const std::string& w) {
  static const std::set<std::string> words = {"use",  "namespace", "external", "service", "deny-all",
                                              "deny", "allow",     "except",   "any"};
  return words.count(w) > 0;
}

bool identChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-'; }

// One token the grammar reads as a name or a number (IDENT, DIGIT_WORD, NUMBER).
bool bareWord(const std::string& w) {
  if (w.empty() || reserved(w)) return false;
  if (!std::isalnum(static_cast<unsigned char>(w.front())) && w.front() != '_') return false;
  for (char c : w)
    if (!identChar(c)) return false;
  const char last = w.back();
  if (last == '-' || last == '.') return false;
  // Digits and dashes only would lex as a port range.
  return w.find_first_not_of("0123456789") == std::string::npos ||
         w.find_first_not_of("0123456789-") != std::string::npos;
}

std::string quoted(const std::string& v) {
  std::string out = "\"";
  for (char c : v) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string valueText(const std::string& v) { return bareWord(v) ? v : quoted(v); }

bool keyWritable(const std::string& key, std::string& why) {
  if (auto bad = util::checkLabelKey(key)) {
    why = "label key '" + key + "': not a label key (" + *bad + ")";
    return false;
  }
  for (std::size_t start = 0;;) {  // each part must be one token of NPL
    const auto slash = key.find('/', start);
    const std::string part = key.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (!bareWord(part)) {
      why = "label key '" + key + "': NPL cannot spell '" + part + "' in a key (" +
            (reserved(part) ? "a reserved word)" : "not one word)");
      return false;
    }
    if (slash == std::string::npos) return true;
    start = slash + 1;
  }
}

// The reader does not validate label values; the NPL compiler does (E0203),
// so an invalid one is a gap rather than a file that does not compile.
bool valueWritable(const std::string& v, const std::string& key, std::string& why) {
  if (!util::checkLabelValue(v)) return true;
  why = "label value '" + v + "' of '" + key + "': not a valid label value (the API server refuses it)";
  return false;
}

std::string valueList(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : ", ") + valueText(v);
  return out;
}

std::string sanitize(const std::string& raw) {
  std::string out;
  for (char c : raw) {
    const char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if ((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9'))
      out += l;
    else if (!out.empty() && out.back() != '-')
      out += '-';
  }
  while (!out.empty() && !(out.front() >= 'a' && out.front() <= 'z')) out.erase(0, 1);
  if (out.size() > 56) out.resize(56);  // room for a "-N" suffix within 63
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

}  // namespace

// A DNS label (what the API takes as a namespace name) that starts with a
// letter: one that starts with a digit could lex as a number or a range.
bool writableName(const std::string& name) {
  return !reserved(name) && !util::checkDns1123Label(name) && name.front() >= 'a' && name.front() <= 'z';
}

std::optional<std::string> selectorText(const eval::LabelSelector& sel, std::string& why) {
  std::vector<std::string> reqs;
  for (const auto& [k, v] : sel.matchLabels) {
    if (!keyWritable(k, why) || !valueWritable(v, k, why)) return std::nullopt;
    reqs.push_back(k + ": " + valueText(v));
  }
  for (const auto& r : sel.matchExpressions) {
    if (!keyWritable(r.key, why)) return std::nullopt;
    for (const auto& v : r.values)
      if (!valueWritable(v, r.key, why)) return std::nullopt;
    switch (r.op) {
      case eval::Requirement::Op::In:
        reqs.push_back(r.key + " in (" + valueList(r.values) + ")");
        break;
      case eval::Requirement::Op::NotIn:
        reqs.push_back(r.key + " notin (" + valueList(r.values) + ")");
        break;
      case eval::Requirement::Op::Exists:
        reqs.push_back(r.key);
        break;
      case eval::Requirement::Op::DoesNotExist:
        reqs.push_back("!" + r.key);
        break;
    }
  }
  if (reqs.empty()) return std::string("{ }");
  std::string out = "{ ";
  for (std::size_t i = 0; i < reqs.size(); ++i) out += (i ? ", " : "") + reqs[i];
  return out + " }";
}

std::string portsText(const std::vector<eval::PolicyPort>& ports) {
  std::string out;
  for (const auto& p : ports) {
    std::string item;
    if (p.name)
      item = *p.name;
    else if (p.port)
      item = std::to_string(*p.port) + (p.endPort && *p.endPort != *p.port ? "-" + std::to_string(*p.endPort) : "");
    else
      item = "*";
    if (p.protocol != "TCP" || item == "*") {
      std::string proto = p.protocol;
      for (auto& c : proto) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      item += "/" + proto;
    }
    out += (out.empty() ? "" : ",") + item;
  }
  return out;
}

std::string serviceName(const eval::LabelSelector& sel, const std::set<std::string>& taken, bool& fromApp) {
  std::string base;
  fromApp = false;
  for (const char* key : {"app", "app.kubernetes.io/name", "k8s-app"}) {
    auto it = sel.matchLabels.find(key);
    if (it != sel.matchLabels.end() && base.empty()) {
      base = sanitize(it->second);
      fromApp = !base.empty();
    }
  }
  if (base.empty()) {
    std::string raw;
    for (const auto& [k, v] : sel.matchLabels) raw += (raw.empty() ? "" : "-") + k.substr(k.rfind('/') + 1) + "-" + v;
    for (const auto& r : sel.matchExpressions) {
      raw += raw.empty() ? "" : "-";
      if (r.op == eval::Requirement::Op::NotIn || r.op == eval::Requirement::Op::DoesNotExist) raw += "not-";
      raw += r.key.substr(r.key.rfind('/') + 1);
      for (const auto& v : r.values) raw += "-" + v;
    }
    base = sanitize(raw);
  }
  if (base.empty()) base = "pods";
  if (reserved(base)) base += "-pods";
  return uniqueName(base, taken);
}

std::string uniqueName(const std::string& raw, const std::set<std::string>& taken) {
  std::string base = sanitize(raw);
  if (base.empty()) base = "external";
  std::string name = base;
  for (int n = 2; taken.count(name) || reserved(name); ++n) name = base + "-" + std::to_string(n);
  return name;
}

}  // namespace nplc::import

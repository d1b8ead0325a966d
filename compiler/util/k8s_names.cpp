// Hand-written character checks instead of std::regex: libstdc++'s regex is
// slow to construct and match, and its recursive matcher can overflow the
// stack on long inputs; these grammars are simple enough to scan directly.
#include "util/k8s_names.h"

#include <cstddef>

namespace nplc::util {
namespace {

constexpr std::size_t kLabelMax = 63;       // DNS-1123 label, label value, name part
constexpr std::size_t kSubdomainMax = 253;  // DNS-1123 subdomain, key prefix
constexpr std::size_t kPortNameMax = 15;    // IANA_SVC_NAME

bool isLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool isAlnum(char c) { return isLowerAlnum(c) || (c >= 'A' && c <= 'Z'); }

std::string tooLong(std::size_t max) {
    return "must be no more than " + std::to_string(max) + " characters";
}

// ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ (without the length limit).
bool isDns1123LabelText(std::string_view s) {
    if (s.empty() || !isLowerAlnum(s.front()) || !isLowerAlnum(s.back())) return false;
    for (char c : s) {
        if (!isLowerAlnum(c) && c != '-') return false;
    }
    return true;
}

// ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9], i.e. non-empty (without the length limit).
bool isQualifiedNameText(std::string_view s) {
    if (s.empty() || !isAlnum(s.front()) || !isAlnum(s.back())) return false;
    for (char c : s) {
        if (!isAlnum(c) && c != '-' && c != '_' && c != '.') return false;
    }
    return true;
}

const char* const kLabelMsg =
    "must consist of lower case alphanumeric characters or '-', and must start and end "
    "with an alphanumeric character";
const char* const kSubdomainMsg =
    "must consist of lower case alphanumeric characters, '-' or '.', and must start and "
    "end with an alphanumeric character";
const std::string kQualifiedRule =
    "consist of alphanumeric characters, '-', '_' or '.', and must start and end "
    "with an alphanumeric character";
const std::string kQualifiedMsg = "must " + kQualifiedRule;

}  // namespace

std::optional<std::string> checkDns1123Label(std::string_view s) {
    if (s.empty()) return "must not be empty";
    if (s.size() > kLabelMax) return tooLong(kLabelMax);
    if (!isDns1123LabelText(s)) return kLabelMsg;
    return std::nullopt;
}

std::optional<std::string> checkDns1123Subdomain(std::string_view s) {
    if (s.empty()) return "must not be empty";
    if (s.size() > kSubdomainMax) return tooLong(kSubdomainMax);
    // Each '.'-separated part must be a label; empty parts catch "..", leading
    // and trailing dots.
    std::size_t start = 0;
    while (true) {
        std::size_t dot = s.find('.', start);
        if (!isDns1123LabelText(s.substr(start, dot - start))) return kSubdomainMsg;
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    return std::nullopt;
}

std::optional<std::string> checkLabelKey(std::string_view s) {
    std::string_view name = s;
    std::size_t slash = s.find('/');
    if (slash != std::string_view::npos) {
        if (s.find('/', slash + 1) != std::string_view::npos) {
            return "must have at most one '/' (an optional DNS subdomain prefix and a name, "
                   "e.g. 'example.com/MyName')";
        }
        std::string_view prefix = s.substr(0, slash);
        if (prefix.empty()) return "prefix part must be non-empty";
        if (auto err = checkDns1123Subdomain(prefix)) return "prefix part " + *err;
        name = s.substr(slash + 1);
    }
    if (name.empty()) return "name part must be non-empty";
    if (name.size() > kLabelMax) return "name part " + tooLong(kLabelMax);
    if (!isQualifiedNameText(name)) return "name part " + kQualifiedMsg;
    return std::nullopt;
}

std::optional<std::string> checkLabelValue(std::string_view s) {
    if (s.empty()) return std::nullopt;  // an empty value is allowed
    if (s.size() > kLabelMax) return tooLong(kLabelMax);
    if (!isQualifiedNameText(s)) return "must be empty or " + kQualifiedRule;
    return std::nullopt;
}

std::optional<std::string> checkPortName(std::string_view s) {
    if (s.empty()) return "must not be empty";
    if (s.size() > kPortNameMax) return tooLong(kPortNameMax);
    bool hasLetter = false;
    for (char c : s) {
        if (!isLowerAlnum(c) && c != '-') {
            return "must contain only lower case alphanumeric characters (a-z, 0-9) and hyphens (-)";
        }
        hasLetter = hasLetter || (c >= 'a' && c <= 'z');
    }
    if (!hasLetter) return "must contain at least one letter (a-z)";
    if (s.find("--") != std::string_view::npos) return "must not contain consecutive hyphens";
    if (s.front() == '-' || s.back() == '-') return "must not begin or end with a hyphen";
    return std::nullopt;
}

std::optional<std::string> checkPortNumber(long n) {
    if (n < 1 || n > 65535) return "must be between 1 and 65535, inclusive";
    return std::nullopt;
}

std::optional<std::string> checkResourceName(std::string_view s) {
    return checkDns1123Subdomain(s);
}

}  // namespace nplc::util

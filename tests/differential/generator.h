#pragma once
// Random small NPL programs for the differential test, the same text for the
// same seed on every platform: several namespaces (some with labels that
// overlap), services with overlapping and set-based selectors, baselines of
// each kind, `deny-all` on services, every kind of peer (services, `*`,
// `ns/*`, `*/*`, `pods { }` forms, `namespaces { }`, CIDR externals with
// `except`, DNS externals, entities, `any`), one-sided edges, ports, ranges
// and protocols, HTTP rules, bundles and deny intents. Many are not valid
// programs (an HTTP rule beside an L4 one, say): the test compiles each and
// counts those nplc refuses.
#include <cstdint>
#include <string>

namespace nplc::differential {

std::string generateProgram(std::uint64_t seed);

}  // namespace nplc::differential

// W0202 cidr-in-cluster and W0203 open-egress: address peers that reach into
// the cluster, and egress opened to the whole world.
#include <fmt/format.h>

#include <set>
#include <tuple>

#include "lint/lint.h"

namespace nplc::lint {

namespace {

using K = model::Peer::Kind;

std::string describe(const util::Cidr& block, const util::Cidr& range, const char* what) {
  if (block == range) return fmt::format("`{}` is the cluster's {} range", block.str(), what);
  if (util::contains(block, range))
    return fmt::format("`{}` covers the cluster's {} range {}", block.str(), what, range.str());
  if (util::contains(range, block))
    return fmt::format("`{}` is inside the cluster's {} range {}", block.str(), what, range.str());
  return fmt::format("`{}` overlaps the cluster's {} range {}", block.str(), what, range.str());
}

bool isWorld(const model::IpBlock& b) { return b.cidr.prefix == 0; }

// W0203 reports these; W0202 would say the same again.
bool worldWithoutExcept(const model::IpBlock& b) { return isWorld(b) && b.except.empty(); }

void cidrInCluster(const Input& in) {
  std::set<std::tuple<source::FileId, std::uint32_t, std::string>> seen;  // (peer span, block)
  for (const auto& e : in.program.edges) {
    for (const auto* peer : {&e.from, &e.to}) {
      if (peer->kind != K::IpBlocks) continue;
      for (const auto& b : peer->blocks) {
        if (peer == &e.to && worldWithoutExcept(b)) continue;
        std::string found;
        bool inside = false;
        std::string excepts;  // the cluster ranges inside b: what the fix excepts
        for (const auto& [ranges, what] :
             {std::pair{&in.options.podCidrs, "pod"}, std::pair{&in.options.serviceCidrs, "service"}}) {
          for (const auto& r : *ranges) {
            if (!blockOverlaps(b, r)) continue;
            if (found.empty()) {
              found = describe(b.cidr, r, what);
              inside = util::contains(r, b.cidr);
            }
            if (util::strictlyContains(b.cidr, r)) excepts += (excepts.empty() ? "" : ", ") + r.str();
          }
        }
        if (found.empty() || !seen.insert({peer->span.file, peer->span.begin, b.cidr.str()}).second) continue;
        auto& d = in.sink.report("W0202", peer->span, found);
        if (peer->text != b.cidr.str()) d.note(fmt::format("`{}` includes {}", peer->text, b.cidr.str()));
        if (inside) {
          d.note(
              "pod and service addresses change, and NetworkPolicy leaves ipBlock matching of pod traffic to the "
              "network plugin");
          d.withHelp("name the pods with a service or a `pods { }` selector instead of their addresses");
        } else {
          d.note("traffic from or to pods may match it too, depending on the network plugin");
          // The except names exactly the ranges inside this CIDR, so the fix
          // compiles (an except must be strictly inside its CIDR, E0209).
          d.withHelp(fmt::format("exclude the cluster's ranges with `except` (`{} except {}`), or narrow the CIDR; "
                                 "set the real ranges with --pod-cidr / --service-cidr",
                                 b.cidr.str(), excepts));
          if (b.soleValue.valid() && !inStdlib(in.sm, b.soleValue))
            d.withEdit(b.soleValue, fmt::format("{} except {}", b.cidr.str(), excepts));
        }
      }
    }
  }
}

void openEgress(const Input& in) {
  const EdgeSides sides = edgeSides(in.program);
  for (model::Index i = 0; i < in.program.edges.size(); ++i) {
    const auto& e = in.program.edges[i];
    if (!sides.egress[i]) continue;  // no egress rule: nothing is opened here
    const bool noPorts = e.ports.empty();
    std::string what, help;
    if (e.to.kind == K::Any) {
      what = fmt::format("`{}` opens egress to everything: every pod and every address{}", e.from.text,
                         noPorts ? ", on every port" : "");
      help = "name the destination (a service, or an external with `except private, cloud-metadata`)";
    } else if (e.to.kind == K::IpBlocks) {
      for (const auto& b : e.to.blocks) {
        if (!isWorld(b)) continue;
        if (b.except.empty()) {
          what = fmt::format(
              "egress to `{}` without `except` also reaches private networks, the cluster and cloud metadata{}",
              e.to.text, noPorts ? ", on every port" : "");
          help =
              fmt::format("declare `external internet = {} except private, cloud-metadata` and use it", b.cidr.str());
        } else if (noPorts) {
          what = fmt::format("egress to `{}` is open on every port and protocol", e.to.text);
          help = fmt::format("name the ports, e.g. {}:443", e.to.text);
        }
        break;
      }
    }
    if (what.empty()) continue;
    auto& d = in.sink.report("W0203", e.bundle.empty() ? e.to.span : e.allowSpan, what);
    if (!e.bundle.empty()) d.label(e.span, fmt::format("the edge of bundle `{}`", e.bundle));
    d.withHelp(help);
  }
}

}  // namespace

// A named port is a container port of the destination pod: towards addresses
// (a CIDR, a DNS name, an entity outside the pods) there is no pod to name it.
void namedPortToAddress(const Input& in) {
  using K = model::Peer::Kind;
  for (const auto& e : in.program.edges) {
    const K k = e.to.kind;
    if (k != K::IpBlocks && k != K::Fqdn && k != K::Entity) continue;
    for (const auto& port : e.ports) {
      if (port.kind != model::Port::Kind::Named) continue;
      in.sink
          .report("W0215", port.span,
                  fmt::format("named port '{}' towards `{}`, which is not a pod", port.name, e.to.text))
          .note("a named port is resolved from the destination pod's container ports, and an address has none: the rule "
                "never matches it (older Cilium releases take the number from any pod that names the port)")
          .withHelp("write the port number");
      break;  // once per edge
    }
  }
}

void lintAddresses(const Input& in) {
  namedPortToAddress(in);
  cidrInCluster(in);
  openEgress(in);
}

}  // namespace nplc::lint

#include "model/model.h"

namespace nplc::model {

const char* protocolName(Protocol p) {
  switch (p) {
    case Protocol::TCP: return "TCP";
    case Protocol::UDP: return "UDP";
    case Protocol::SCTP: return "SCTP";
  }
  return "TCP";
}

std::vector<util::Cidr> defaultPodCidrs() {
  // The defaults of kind/kubeadm with flannel and Calico docs (10.244.0.0/16)
  // and of k3s/RKE2 (10.42.0.0/16). Clusters differ: docs/language.md says to
  // pass --pod-cidr.
  std::vector<util::Cidr> out;
  for (const char* text : {"10.244.0.0/16", "10.42.0.0/16"}) out.push_back(*util::parseCidr(text).cidr);
  return out;
}

}  // namespace nplc::model

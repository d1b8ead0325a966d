#pragma once
// What nplc knows of every cluster by name, written once: the label
// Kubernetes gives every namespace, kube-dns (std/dns declares the same, and a
// unit test checks that it does), the DNS port, and the label keys Cilium
// gives every pod for its namespace.
#include <cstdint>
#include <string>
#include <string_view>

#include "model/model.h"

namespace nplc::analysis {

inline constexpr const char* kNamespaceNameLabel = "kubernetes.io/metadata.name";
inline constexpr const char* kKubeSystem = "kube-system";
inline constexpr const char* kKubeDnsLabelKey = "k8s-app";
inline constexpr const char* kKubeDnsLabelValue = "kube-dns";
// std/dns: the standard module that declares the `dns` bundle.
inline constexpr std::string_view kDnsModule = "dns";
inline constexpr std::uint16_t kDnsPort = 53;
inline constexpr const char* kCiliumPodNamespaceKey = "k8s:io.kubernetes.pod.namespace";
inline constexpr const char* kCiliumNamespaceLabelsPrefix = "k8s:io.cilium.k8s.namespace.labels.";
// The entities Cilium knows (`entity NAME`; E0214 for any other).
inline constexpr const char* kCiliumEntities[] = {"all",    "world",   "cluster", "host",      "remote-node",
                                                  "kube-apiserver", "init", "ingress", "health", "unmanaged",
                                                  "none",   "cluster-mesh"};
bool isCiliumEntity(std::string_view name);

// kubernetes.io/metadata.name: NAME
model::Requirement namespaceNamed(const std::string& name);
// Is this selector the one every namespace has for its name alone?
bool selectsNamespaceByName(const model::LabelSelector& sel);

// The kube-dns pods: k8s-app=kube-dns in kube-system (with the labels the
// program declares for kube-system, if it does).
model::Peer kubeDnsPeer(const model::Program& p);
// Some kube-dns pod may be among `peer`'s.
bool mayBeKubeDns(const model::Program& p, const model::Peer& peer);

}  // namespace nplc::analysis

#include "eval/cluster.h"

#include <stdexcept>

namespace nplc::eval {

void Cluster::addNamespace(Namespace ns) {
  if (!namespaceIndex_.emplace(ns.name, namespaces_.size()).second)
    throw std::invalid_argument("duplicate namespace " + ns.name);
  namespaces_.push_back(std::move(ns));
}

void Cluster::addPod(Pod pod) {
  if (!findNamespace(pod.ns)) throw std::invalid_argument("pod " + pod.key() + ": unknown namespace");
  if (!podIndex_.emplace(pod.key(), pods_.size()).second) throw std::invalid_argument("duplicate pod " + pod.key());
  pods_.push_back(std::move(pod));
}

const Namespace* Cluster::findNamespace(const std::string& name) const {
  const auto it = namespaceIndex_.find(name);
  return it == namespaceIndex_.end() ? nullptr : &namespaces_[it->second];
}

const Pod* Cluster::findPod(const std::string& key) const {
  const auto it = podIndex_.find(key);
  return it == podIndex_.end() ? nullptr : &pods_[it->second];
}

Endpoint Endpoint::ofAddress(std::string ip) {
  Endpoint e;
  e.kind = Kind::Address;
  e.address = std::move(ip);
  return e;
}

Endpoint Endpoint::ofDnsName(std::string name, std::string resolvedAddress) {
  Endpoint e;
  e.kind = Kind::DnsName;
  e.name = std::move(name);
  e.address = std::move(resolvedAddress);
  return e;
}

Endpoint Endpoint::ofEntity(std::string entity) {
  Endpoint e;
  e.kind = Kind::Entity;
  e.name = std::move(entity);
  return e;
}

std::string Endpoint::str() const {
  switch (kind) {
    case Kind::Pod:
      return pod->key();
    case Kind::Address:
      return address;
    case Kind::DnsName:
      return name;
    case Kind::Entity:
      return "entity:" + name;
  }
  return "";
}

std::optional<util::Cidr> parseLenientCidr(const std::string& text) {
  util::CidrParse parsed = util::parseCidr(text);
  if (parsed.cidr) return parsed.cidr;
  // The one refusal whose suggestion keeps the written prefix length is
  // "bits set beyond the prefix": the suggestion is the masked prefix.
  const auto slash = text.find('/');
  if (!parsed.suggestion || slash == std::string::npos) return std::nullopt;
  if (std::to_string(parsed.suggestion->prefix) != text.substr(slash + 1)) return std::nullopt;
  return parsed.suggestion;
}

bool inBlock(const std::string& ip, const util::Cidr& block, const std::vector<util::Cidr>& except) {
  if (!util::containsAddress(block, ip)) return false;
  for (const auto& ex : except)
    if (util::containsAddress(ex, ip)) return false;
  return true;
}

}  // namespace nplc::eval

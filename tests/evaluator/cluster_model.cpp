#include "cluster_model.h"

#include <arpa/inet.h>

#include <stdexcept>

namespace npl::eval {

void Cluster::addNamespace(Namespace ns) {
  if (findNamespace(ns.name)) throw std::invalid_argument("duplicate namespace " + ns.name);
  namespaces_.push_back(std::move(ns));
}

void Cluster::addPod(Pod pod) {
  if (!findNamespace(pod.ns)) throw std::invalid_argument("pod " + pod.key() + ": unknown namespace");
  if (findPod(pod.key())) throw std::invalid_argument("duplicate pod " + pod.key());
  pods_.push_back(std::move(pod));
}

const Namespace* Cluster::findNamespace(const std::string& name) const {
  for (const auto& ns : namespaces_)
    if (ns.name == name) return &ns;
  return nullptr;
}

const Pod* Cluster::findPod(const std::string& key) const {
  for (const auto& pod : pods_)
    if (pod.key() == key) return &pod;
  return nullptr;
}

std::optional<Cidr> Cidr::parseAddress(const std::string& text) {
  Cidr c;
  if (inet_pton(AF_INET, text.c_str(), c.addr) == 1) {
    c.prefix = 32;
    return c;
  }
  if (inet_pton(AF_INET6, text.c_str(), c.addr) == 1) {
    c.v6 = true;
    c.prefix = 128;
    return c;
  }
  return std::nullopt;
}

std::optional<Cidr> Cidr::parse(const std::string& text) {
  auto slash = text.find('/');
  if (slash == std::string::npos || slash + 1 >= text.size()) return std::nullopt;
  auto c = parseAddress(text.substr(0, slash));
  if (!c) return std::nullopt;
  std::string len = text.substr(slash + 1);
  if (len.size() > 3 || len.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  int prefix = std::stoi(len);
  if (prefix > (c->v6 ? 128 : 32)) return std::nullopt;
  c->prefix = prefix;
  // Mask the host bits.
  for (int i = 0; i < 16; ++i) {
    int bitsHere = prefix - i * 8;
    if (bitsHere >= 8) continue;
    if (bitsHere <= 0) {
      c->addr[i] = 0;
    } else {
      c->addr[i] &= static_cast<unsigned char>(0xFF << (8 - bitsHere));
    }
  }
  return c;
}

bool Cidr::contains(const Cidr& a) const {
  if (a.v6 != v6 || a.prefix < prefix) return false;
  for (int i = 0; i < 16; ++i) {
    int bitsHere = prefix - i * 8;
    if (bitsHere <= 0) break;
    unsigned char mask = bitsHere >= 8 ? 0xFF : static_cast<unsigned char>(0xFF << (8 - bitsHere));
    if ((a.addr[i] & mask) != (addr[i] & mask)) return false;
  }
  return true;
}

std::string Cidr::str() const {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(v6 ? AF_INET6 : AF_INET, addr, buf, sizeof buf);
  return std::string(buf) + "/" + std::to_string(prefix);
}

}  // namespace npl::eval

#pragma once
// How one fuzz input becomes a program: the bytes are split into files at
// lines that start with "#@file NAME" (a comment to the parser, so a marker
// that lands in the wrong place is harmless). The first file is "main.npl".
//
//   service-less text ...          -> main.npl
//   #@file teams/b.npl
//   namespace b { ... }            -> teams/b.npl (main.npl may `use "teams/b.npl"`)
#include <string>
#include <string_view>
#include <vector>

#include "load/loader.h"

namespace nplc::fuzz {

inline constexpr std::string_view kFileMarker = "#@file ";

std::vector<load::MemoryFile> splitInput(std::string_view data);

// Runs one input through every stage and every backend and checks what must
// hold for any input; a broken invariant aborts with a message (a finding).
void runOne(std::string_view data);

}  // namespace nplc::fuzz

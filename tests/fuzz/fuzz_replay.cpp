// Runs saved fuzz inputs through the same checks as the fuzz target, without
// libFuzzer: every build (gcc or clang, with or without sanitizers) replays
// the seed corpus and every past finding (tests/fuzz/regressions/).
//   fuzz_replay FILE_OR_FOLDER...
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <vector>

#include "fuzz_input.h"

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  std::vector<fs::path> inputs;
  for (int i = 1; i < argc; ++i) {
    const fs::path p(argv[i]);
    if (fs::is_directory(p)) {
      for (const auto& e : fs::recursive_directory_iterator(p)) {
        if (e.is_regular_file()) inputs.push_back(e.path());
      }
    } else {
      inputs.push_back(p);
    }
  }
  std::sort(inputs.begin(), inputs.end());
  if (inputs.empty()) {
    std::cerr << "fuzz_replay: no inputs\n";
    return 2;
  }
  for (const auto& p : inputs) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    std::cout << "fuzz_replay: " << p.string() << std::endl;  // names the input a finding aborts on
    nplc::fuzz::runOne(ss.str());
  }
  std::cout << "fuzz_replay: " << inputs.size() << " inputs, no finding\n";
  return 0;
}

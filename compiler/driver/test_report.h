#pragma once
// What `nplc test` prints after judging the expectations: a runner's summary
// (text), or JUnit XML for CI systems.
#include <ostream>
#include <vector>

#include "driver/compile.h"

namespace nplc::driver {

// Each failed expectation, then "N passed, N failed".
void printTestSummary(std::ostream& out, const Compilation& c, const std::vector<std::string>& targets);

// One <testsuite> per target, one <testcase> per expectation judged there.
void printJunit(std::ostream& out, const Compilation& c, const std::vector<std::string>& targets);

}  // namespace nplc::driver

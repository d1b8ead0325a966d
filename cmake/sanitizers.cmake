# Optional instrumented configurations, each in its own build folder
# (docs/development.md, "Sanitizers and fuzzing"):
#   -DNPLC_FUZZ=ON      ASan + UBSan and libFuzzer's coverage instrumentation
#                       on every target, plus the libFuzzer target tests/fuzz/
#                       (clang only); scripts/test-sanitizers.sh runs the whole
#                       suite in it (build-fuzz/).
#   -DNPLC_SANITIZE=ON  ASan + UBSan only (gcc or clang), for checks by hand.
# Included before any target is declared, so the flags reach every target,
# the generated parser included. Both stop at the first report
# (-fno-sanitize-recover): a sanitizer finding fails the test that hit it.
option(NPLC_SANITIZE "Build everything with ASan + UBSan" OFF)
option(NPLC_FUZZ "Build the libFuzzer target (clang; implies ASan + UBSan)" OFF)

set(NPLC_SANITIZER_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
if(NPLC_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "NPLC_FUZZ needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++-14")
  endif()
  add_compile_options(${NPLC_SANITIZER_FLAGS} -fsanitize=fuzzer-no-link)
  add_link_options(-fsanitize=address,undefined)
elseif(NPLC_SANITIZE)
  add_compile_options(${NPLC_SANITIZER_FLAGS})
  add_link_options(-fsanitize=address,undefined)
endif()

# Instrumented code runs several times slower (the LSP typing test: 80 s
# without, 9 min with ASan on a 2-core machine): the time limits of the slow
# tests are multiplied by this factor.
if(NPLC_FUZZ OR NPLC_SANITIZE)
  set(NPLC_TIMEOUT_FACTOR 4)
else()
  set(NPLC_TIMEOUT_FACTOR 1)
endif()

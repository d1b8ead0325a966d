# mimalloc (Debian's libmimalloc-dev) for the many small objects nplc makes:
# parse trees, AST nodes, policies, short strings. Linked into the nplc
# executable only, where its shared library replaces malloc and operator new
# for the whole process (the ANTLR runtime included); the libraries and the
# test programs keep the system allocator. Never under the sanitizers, whose
# own allocator must see every allocation. compiler/mimalloc_options.cpp
# puts its segments on large pages. Without the package, nplc builds and runs
# the same, with glibc's allocator (docs/performance.md).
if(NOT NPLC_SANITIZE AND NOT NPLC_FUZZ)
  find_package(mimalloc 2 QUIET)
  if(mimalloc_FOUND)
    target_link_libraries(nplc PRIVATE mimalloc)
    target_sources(nplc PRIVATE ${CMAKE_SOURCE_DIR}/compiler/mimalloc_options.cpp)
    message(STATUS "nplc: linked with mimalloc ${mimalloc_VERSION}")
  endif()
endif()

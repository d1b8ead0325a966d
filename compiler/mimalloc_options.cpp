// How nplc asks mimalloc for memory, when it is linked (cmake/allocator.cmake).
//
// A build of 100k lines touches about 450 MB in small objects. With 4 KiB
// pages that is over 100,000 page faults and as many TLB misses later; with
// mimalloc's segments on 2 MiB pages (transparent huge pages, which Linux
// gives on madvise by default) and committed at once (no eager-commit
// delay: 12,000 faults instead of 20,000), a tenth of the faults and a third
// less user time (docs/performance.md, "mimalloc on large pages"). The
// variables of the same names still win: MIMALLOC_LARGE_OS_PAGES=0 turns it
// off. Where the kernel gives no huge pages, mimalloc falls back to small
// ones; nothing else changes.
#include <mimalloc.h>

#include <cstdlib>

namespace {

struct LargePages {
  LargePages() {
    if (std::getenv("MIMALLOC_LARGE_OS_PAGES") == nullptr) mi_option_enable(mi_option_large_os_pages);
    if (std::getenv("MIMALLOC_EAGER_COMMIT_DELAY") == nullptr) mi_option_set(mi_option_eager_commit_delay, 0);
  }
};

// Before main: every segment mimalloc reserves for the compiler uses them.
const LargePages kLargePages;

}  // namespace

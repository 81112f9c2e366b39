// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The process's memory, for leak checks in long runs (the soak driver).
//
// mallocInUseBytes is what the program holds through malloc, new and posix_memalign (libtorch's CPU
// allocator included) in every glibc arena: mallinfo2()'s uordblks (bytes in use in the arenas) plus
// hblkhd (bytes in use in mmap()ed large blocks). It moves only when the program allocates or frees, so
// a leak shows as a steady rise, to the byte. residentBytes (VmRSS) is what the user sees, but it also
// counts freed memory glibc keeps in its arenas, fragmentation, pages of shared libraries and thread
// stacks touched for the first time, so it is reported, not used to judge a leak.
//
// Threads: any thread (mallinfo2() walks the arenas under their locks: not for the audio thread).
#include <cstdint>

namespace mynah::soak {

struct MemorySnapshot {
    std::int64_t mallocInUseBytes = 0;
    std::int64_t residentBytes = 0;
};

MemorySnapshot takeMemorySnapshot();

}  // namespace mynah::soak

// SPDX-License-Identifier: GPL-3.0-or-later
#include "memory_probe.h"

#include <malloc.h>

#include <fstream>
#include <string>

namespace mynah::soak {
namespace {
std::int64_t residentBytes() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6)) * 1024;  // the kernel says kB
    return 0;
}
}  // namespace

MemorySnapshot takeMemorySnapshot() {
    const struct mallinfo2 info = mallinfo2();
    MemorySnapshot s;
    s.mallocInUseBytes = static_cast<std::int64_t>(info.uordblks + info.hblkhd);
    s.residentBytes = residentBytes();
    return s;
}

}  // namespace mynah::soak

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A one-line progress bar on stderr, shown only when stderr is a terminal and the caller enables it. Threads: the CLI's thread.
#include <string>

namespace mynah::cli {

class ProgressBar {
public:
    // enabled=false never draws (e.g. several files converting in parallel).
    explicit ProgressBar(std::string label, bool enabled = true);
    ~ProgressBar();
    void update(double fraction);  // 0..1; redraws at most every 1 %

private:
    std::string label_;
    bool enabled_;
    int lastPercent_ = -1;
};

}  // namespace mynah::cli

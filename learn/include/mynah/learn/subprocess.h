// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Runs a program (no shell) with extra environment variables and hands each line it prints (stdout
// and stderr together) to a callback. Used to run the Python trainer from `mynah learn`.
//
// Threads: any non-real-time thread; blocks until the program ends. cancel() from any thread stops it.
#include <atomic>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace mynah::learn {

class Subprocess {
public:
    // Returns the program's exit status (128 + signal number when a signal ended it). Throws
    // std::runtime_error when the program cannot be started.
    int run(const std::vector<std::string>& argv, const std::vector<std::pair<std::string, std::string>>& extraEnv,
            const std::function<void(const std::string& line)>& onLine);
    void cancel() { cancelled_ = true; }

private:
    std::atomic<bool> cancelled_{false};
};

}  // namespace mynah::learn

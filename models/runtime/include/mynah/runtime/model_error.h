// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The one exception type of models/runtime: a one-line message naming the package and the problem.
// Threads: any.
#include <stdexcept>

namespace mynah::runtime {

struct ModelError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

}  // namespace mynah::runtime

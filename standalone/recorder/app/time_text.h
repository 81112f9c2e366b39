// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Durations as the window shows them: "M:SS" or, with decimals, "M:SS.s".
// Threads: any.
#include <juce_core/juce_core.h>

namespace mynah::recorder_app {

inline juce::String minutesSecondsText(double seconds, int decimals = 0) {
    const int minutes = static_cast<int>(seconds / 60.0);
    const double rest = seconds - 60.0 * minutes;
    const juce::String restText = decimals > 0 ? juce::String(rest, decimals) : juce::String(static_cast<int>(rest));
    return juce::String(minutes) + ":" + restText.paddedLeft('0', decimals > 0 ? 3 + decimals : 2);
}

}  // namespace mynah::recorder_app

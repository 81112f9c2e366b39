// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The editor's colours, shared by its components. Threads: constants, any thread.
#include <juce_graphics/juce_graphics.h>

namespace mynah::plugin::style {

inline const juce::Colour kBackground{0xff1e2126};
inline const juce::Colour kPanel{0xff2a2e35};
inline const juce::Colour kAccent{0xfff2a541};
inline const juce::Colour kText{0xffe8e8e8};
inline const juce::Colour kAlert{0xffff6b6b};
inline const juce::Colour kMeterLow{0xff3fb68b};
inline const juce::Colour kPitchTrace{0xff5ee7ff};

}  // namespace mynah::plugin::style

// SPDX-License-Identifier: GPL-3.0-or-later
// Catch2 main for the plugin host tests: JUCE's message manager must exist for plugin hosting.
#define CATCH_CONFIG_RUNNER
#include <juce_events/juce_events.h>

#include <catch2/catch.hpp>

int main(int argc, char** argv) {
    juce::ScopedJuceInitialiser_GUI juce;
    return Catch::Session().run(argc, argv);
}

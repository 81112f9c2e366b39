// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the `.mynah` metadata parser and validator (mynah.json). Any text either validates
// into metadata whose derived configurations are consistent, or throws ModelError.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "mynah/runtime/model_error.h"
#include "mynah/runtime/model_metadata.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const auto m = mynah::runtime::parseModelMetadata(std::string(reinterpret_cast<const char*>(data), size), "fuzz.mynah");
        if (m.numInputs() < 1 || m.numOutputs() < 3 || m.hopSamples < 1 || m.fftSize < m.hopSamples) std::abort();
        if (m.hasInstrument && m.instrument.midiLow > m.instrument.midiHigh) std::abort();
    } catch (const mynah::runtime::ModelError&) {
    }
    return 0;
}

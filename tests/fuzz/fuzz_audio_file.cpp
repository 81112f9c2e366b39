// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the audio-file front end (libsndfile through mynah_audio_io). The bytes are written
// to a file and read as a recording: it either reads into samples at a positive rate (NaN and Inf pass
// through: the engine's own input checks deal with them) or throws AudioFileError naming the file.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "mynah/audio_io/audio_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string path = "/tmp/mynah_fuzz_audio_" + std::to_string(getpid()) + ".wav";
    if (std::FILE* f = std::fopen(path.c_str(), "wb")) {
        std::fwrite(data, 1, size, f);
        std::fclose(f);
    } else {
        return 0;
    }
    try {
        const auto audio = mynah::audio_io::readMonoAudio(path);
        if (!(audio.sampleRateHz > 0.0) || audio.sourceChannels < 1) std::abort();
    } catch (const mynah::audio_io::AudioFileError&) {
    }
    return 0;
}

// SPDX-License-Identifier: GPL-3.0-or-later
// The recording checks of `mynah learn` (learn/sample_check.h) on real speech (the bundled flite
// sample, repeated to a minute) and on the ways a recording goes wrong.
#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>

#include "mynah/audio_io/audio_file.h"
#include "mynah/dsp/random.h"
#include "mynah/learn/sample_check.h"

using namespace mynah;

namespace {
struct Sample {
    std::vector<float> samples;
    double rateHz;
};

Sample minuteOfSpeech() {
    const audio_io::MonoAudio speech = audio_io::readMonoAudio(MYNAH_DEMO_WAV);
    Sample s{{}, speech.sampleRateHz};
    while (static_cast<double>(s.samples.size()) < 70.0 * s.rateHz)
        s.samples.insert(s.samples.end(), speech.samples.begin(), speech.samples.end());
    return s;
}

std::vector<std::string> problemsOf(const Sample& s) {
    return learn::sampleProblems(learn::analyseSample(s.samples, s.rateHz));
}

bool firstProblemIs(const Sample& s, const std::string& start) {
    const auto problems = problemsOf(s);
    INFO((problems.empty() ? std::string("no problem") : problems.front()));
    return !problems.empty() && problems.front().rfind(start, 0) == 0;
}
}  // namespace

TEST_CASE("a minute of clean speech is fit to learn from", "[learn]") {
    const Sample s = minuteOfSpeech();
    const learn::SampleReport r = learn::analyseSample(s.samples, s.rateHz);
    INFO("speech " << r.speechSeconds << " s, voiced " << r.voicedFraction << ", SNR " << r.signalToNoiseDb());
    CHECK(problemsOf(s).empty());
    CHECK(r.speechSeconds > 40.0);
    CHECK(r.voicedFraction > 0.3);
    CHECK(r.voicedFraction < 0.8);
}

TEST_CASE("too short, clipping, noisy, silent and non-speech recordings are refused with the reason", "[learn]") {
    const Sample speech = minuteOfSpeech();
    SECTION("too short") {
        Sample s = speech;
        s.samples.resize(static_cast<size_t>(10.0 * s.rateHz));
        CHECK(firstProblemIs(s, "too short"));
    }
    SECTION("clipping") {
        Sample s = speech;
        for (float& x : s.samples) x = std::clamp(x * 20.0f, -1.0f, 1.0f);
        CHECK(firstProblemIs(s, "clipping"));
    }
    SECTION("too noisy") {
        Sample s = speech;
        dsp::WhiteNoise noise(3);
        for (float& x : s.samples) x += 0.03f * noise.next();
        CHECK(firstProblemIs(s, "too noisy"));
    }
    SECTION("mostly silence") {
        Sample s = speech;
        s.samples.resize(s.samples.size() * 5, 0.0f);
        CHECK(firstProblemIs(s, "mostly silence"));
    }
    SECTION("a held tone is not speech") {
        Sample s{std::vector<float>(static_cast<size_t>(70.0 * 16000.0)), 16000.0};
        for (size_t n = 0; n < s.samples.size(); ++n)
            s.samples[n] = 0.3f * static_cast<float>(std::sin(2.0 * std::numbers::pi * 220.0 * static_cast<double>(n) / 16000.0));
        CHECK(firstProblemIs(s, "not speech"));
    }
    SECTION("digital silence") {
        Sample s{std::vector<float>(static_cast<size_t>(70.0 * 16000.0), 0.0f), 16000.0};
        CHECK(firstProblemIs(s, "silence"));
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
// The audio thread never allocates or locks: this binary replaces operator new/delete and wraps
// malloc, calloc, realloc and pthread_mutex_lock (linker --wrap), counting calls made while the
// current thread is marked as the audio thread, then drives the real-time engine and the MIDI
// instrument's pipeline 10,000 times each.
#include <catch2/catch.hpp>
#include <pthread.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <new>
#include <thread>
#include <vector>

#include "../instrument/fake_instrument.h"
#include "engine_test_support.h"
#include "fake_session.h"
#include "mynah/instrument/instrument_pipeline.h"

namespace {
thread_local bool tAudioThread = false;
std::atomic<long> gAudioAllocations{0};
std::atomic<long> gAudioLocks{0};

void noteAllocation() {
    if (tAudioThread) gAudioAllocations.fetch_add(1, std::memory_order_relaxed);
}
}  // namespace

extern "C" {
void* __real_malloc(size_t);
void* __real_calloc(size_t, size_t);
void* __real_realloc(void*, size_t);
int __real_pthread_mutex_lock(pthread_mutex_t*);

void* __wrap_malloc(size_t n) {
    noteAllocation();
    return __real_malloc(n);
}
void* __wrap_calloc(size_t n, size_t size) {
    noteAllocation();
    return __real_calloc(n, size);
}
void* __wrap_realloc(void* p, size_t n) {
    noteAllocation();
    return __real_realloc(p, n);
}
int __wrap_pthread_mutex_lock(pthread_mutex_t* m) {
    if (tAudioThread) gAudioLocks.fetch_add(1, std::memory_order_relaxed);
    return __real_pthread_mutex_lock(m);
}
}

#if defined(__SANITIZE_ADDRESS__)
// Under AddressSanitizer (scripts/test.sh): this binary replaces operator new/delete with malloc/free
// to count them, which ASan's new/delete pairing check cannot tell apart from a mismatch; every other
// check stays on. ASAN_OPTIONS from the environment still apply on top.
extern "C" const char* __asan_default_options() { return "alloc_dealloc_mismatch=0"; }
#endif

void* operator new(size_t n) {
    noteAllocation();
    if (void* p = __real_malloc(n == 0 ? 1 : n)) return p;
    throw std::bad_alloc();
}
void* operator new[](size_t n) { return operator new(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t) noexcept { std::free(p); }

using namespace mynah;

TEST_CASE("the counting hooks work", "[engine][rt]") {
    tAudioThread = true;
    auto* v = new std::vector<int>(100);
    tAudioThread = false;
    delete v;
    CHECK(gAudioAllocations.load() >= 2);
    gAudioAllocations = 0;
}

TEST_CASE("engine: no heap allocation and no lock on the audio thread over 10,000 process calls", "[engine][rt]") {
    const double rate = GENERATE(48000.0, 44100.0);
    engine::PipelineConfig c;
    c.hostRateHz = rate;
    c.maxBlockSamples = 64;
    c.realtime = true;
    engine::Engine e(c);
    e.setModel(test::makeFake(2, 1));
    const auto x = test::speechLike(rate, 1.0, 6);
    std::vector<float> y(64);
    gAudioAllocations = 0;
    gAudioLocks = 0;
    size_t pos = 0;
    std::int64_t fed = 0;
    for (int call = 0; call < 10000; ++call) {
        const int n = 1 + call % 64;  // varying block sizes
        if (pos + static_cast<size_t>(n) > x.size()) pos = 0;
        tAudioThread = true;
        e.process(x.data() + pos, y.data(), n);
        tAudioThread = false;
        pos += static_cast<size_t>(n);
        fed += n;
        while (e.activePipelineForTesting()->workerProgressForTesting() < fed)
            std::this_thread::sleep_for(std::chrono::microseconds(20));
    }
    INFO("allocations " << gAudioAllocations.load() << ", locks " << gAudioLocks.load() << ", xruns " << e.xrunCount());
    CHECK(gAudioAllocations.load() == 0);
    CHECK(gAudioLocks.load() == 0);
    CHECK(e.xrunCount() == 0);
}

TEST_CASE("MIDI instrument: no heap allocation and no lock on the audio thread over 10,000 process calls", "[instrument][rt]") {
    std::vector<std::unique_ptr<runtime::InferenceSession>> sessions;
    for (int v = 0; v < 8; ++v) sessions.push_back(std::make_unique<test::FakeInstrumentSession>());
    instrument::PipelineSettings s;
    s.hostRateHz = 48000.0;
    s.maxBlockSamples = 64;
    instrument::InstrumentPipeline p(std::move(sessions), s);
    std::vector<float> y(64);
    gAudioAllocations = 0;
    gAudioLocks = 0;
    for (int call = 0; call < 10000; ++call) {
        const int n = 1 + call % 64;
        instrument::BlockMidiEvent e{0, {}};
        e.event.type = call % 200 < 100 ? midi::MidiEvent::Type::NoteOn : midi::MidiEvent::Type::NoteOff;
        e.event.data1 = 48 + (call / 200) % 24;
        e.event.data2 = 100;
        const bool withEvent = call % 100 == 0;
        tAudioThread = true;
        p.process(&e, withEvent ? 1 : 0, y.data(), n);
        tAudioThread = false;
        while (!p.caughtUp()) std::this_thread::sleep_for(std::chrono::microseconds(20));
    }
    INFO("allocations " << gAudioAllocations.load() << ", locks " << gAudioLocks.load() << ", xruns " << p.xruns());
    CHECK(gAudioAllocations.load() == 0);
    CHECK(gAudioLocks.load() == 0);
}

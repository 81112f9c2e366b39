// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Private to dsp/src: SIMD lanes for the synthesiser's and the resampler's hot loops, and the
// function multi-versioning that lets those loops use AVX2 + FMA without raising the build's baseline.
//
// The build has no -march flags (the plugin must run on any x86-64), so plain code runs as SSE2. GCC
// compiles a multi-versioned function once per target, x86-64-v3 (AVX2, FMA) and the baseline, and
// picks one version once per process when the program loads (an ifunc). A given binary on a given
// machine therefore always runs the same version: results stay deterministic, and offline renders stay
// bit-identical to real-time ones. The versions may differ in the last bits between machines (FMA
// rounds once where SSE2 rounds twice; the files using this are compiled with -ffp-contract=fast so
// that the v3 versions fuse a * b + c).
//
// Two ways to multi-version:
// - MYNAH_MULTIVERSION on a function with plain loops: GCC clones it and vectorises each clone for its
//   own target (target_clones).
// - MYNAH_LANE_DISPATCH for kernels written on Lanes<W> (GCC's vector extension: element-wise
//   arithmetic, a scalar operand is broadcast): the kernel is a template on the lane count W, and the
//   x86-64-v3 version runs it with 8 lanes (one ymm register), the baseline with 4 (one xmm register).
//   A fixed 8 lanes would be split in two by GCC on SSE2, badly (through the stack).
//
// Rules for Lanes code: never pass or return Lanes by value to a function that is not inlined (its
// ABI differs between the versions, as GCC's -Wpsabi says): load and store through lanesAt<W>()
// pointers, and mark helpers [[gnu::always_inline]]. Broadcast a float x with `x - Lanes<W>{}` (GCC
// folds the subtraction of +0, which leaves every float unchanged, into a plain broadcast).
//
// Threads: no state; anything here may be called from any thread.

// GCC on x86-64 Linux: both forms need ifunc support from the ELF loader (glibc). Not under
// ThreadSanitizer: GCC instruments the ifunc resolver, which the loader runs before TSan's runtime is
// up, and the process dies at load (SIGSEGV in the resolver); a TSan build runs the baseline versions.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__) && !defined(__SANITIZE_THREAD__)
#define MYNAH_MULTIVERSION __attribute__((target_clones("arch=x86-64-v3", "default")))
// Defines `Result name(const Args& args)` running kernel<W>(args): W = 8 on x86-64-v3, else 4.
#define MYNAH_LANE_DISPATCH(Result, name, Args, kernel)                                                        \
    __attribute__((target("default"))) Result name(const Args& args) {                                        \
        return kernel<::mynah::dsp::simd::kBaselineLanes>(args);                                              \
    }                                                                                                         \
    __attribute__((target("arch=x86-64-v3"))) Result name(const Args& args) {                                 \
        return kernel<::mynah::dsp::simd::kX86_64V3Lanes>(args);                                              \
    }
#else
#define MYNAH_MULTIVERSION
#define MYNAH_LANE_DISPATCH(Result, name, Args, kernel) \
    Result name(const Args& args) { return kernel<::mynah::dsp::simd::kBaselineLanes>(args); }
#endif

namespace mynah::dsp::simd {

constexpr int kBaselineLanes = 4;  // floats in an SSE2 register
constexpr int kX86_64V3Lanes = 8;  // floats in an AVX2 register
constexpr int kMaxLanes = kX86_64V3Lanes;

template <int W>
struct LaneTypes {
    // typedef, not using: GCC 12 drops a dependent vector_size from an alias-declaration.
    typedef float Lanes __attribute__((vector_size(W * sizeof(float))));
    // The same vector at float alignment, allowed to alias float arrays: loads and stores from any float*.
    typedef float Unaligned __attribute__((vector_size(W * sizeof(float)), aligned(alignof(float)), may_alias));
};
template <int W>
using Lanes = typename LaneTypes<W>::Lanes;
static_assert(sizeof(Lanes<kBaselineLanes>) == kBaselineLanes * sizeof(float) &&
                  sizeof(Lanes<kX86_64V3Lanes>) == kX86_64V3Lanes * sizeof(float),
              "Lanes<W> must be a vector of W floats");

template <int W>
[[gnu::always_inline]] inline typename LaneTypes<W>::Unaligned* lanesAt(float* p) {
    return reinterpret_cast<typename LaneTypes<W>::Unaligned*>(p);
}
template <int W>
[[gnu::always_inline]] inline const typename LaneTypes<W>::Unaligned* lanesAt(const float* p) {
    return reinterpret_cast<const typename LaneTypes<W>::Unaligned*>(p);
}

}  // namespace mynah::dsp::simd

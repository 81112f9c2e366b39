#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Parity of the training code (models/training/mynah_train) with the C++ dsp/ library.

Run with Debian's interpreter (it has python3-torch) after building targets mynah_dsp_python and mynah:

    MYNAH_BUILD_DIR=build /usr/bin/python3 tests/python/test_parity.py [GROUP ...]

GROUP is `features` or `synth` (default: both). Environment: MYNAH_BUILD_DIR (default <repo>/build)
holds lib/mynah_dsp*.so; MYNAH_CLI (default $MYNAH_BUILD_DIR/bin/mynah) is the `mynah` executable.
Prints one PASS/FAIL line per check with the measured differences; exits 1 if any check fails.

Bounds (GUIDE 5): torch synth vs C++ synth max abs diff <= 1e-4 x the signal's peak; voiced F0 of
the module vs the CLI within 1 cent with the same voicing; torch loudness within 1e-4 dB; torch log-mel
vs C++ log-mel (mynah_dsp.features and the CLI's CSV) max abs diff <= 1e-4 on every value.

The log-mel floor (kLogMelFloorPower = 1e-7, -70 dB) is what makes that bound hold: every float32 FFT
(FFTW, KissFFT, torch's pocketfft) errs by ~1e-7 of the frame's largest |X|, so a band 80 dB below its
frame's strongest band carries a log error of ~1e-4 in each backend. Each check also prints every
backend's error against a float64 DFT of the same float32 frames, to show where the differences come
from.
"""
import math
import os
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "models" / "training"))

try:
    import numpy as np
    import torch
    from scipy.io import wavfile
    from scipy.signal import resample_poly
except ImportError as error:
    sys.exit(f"test_parity.py: {error}; run it with /usr/bin/python3 (Debian's python3-torch, numpy, scipy)")

from mynah_train.dsp_module import build_dir, mynah_dsp  # noqa: E402  (exits with a one-line error if missing)
from mynah_train import features as tf  # noqa: E402
from mynah_train import synth as ts  # noqa: E402

WAV = REPO / "assets" / "speech" / "mynah_demo_slt.wav"
LOG_MEL_BOUND = 1e-4
SYNTH_BOUND = 1e-4      # relative to the C++ output's peak
LOUDNESS_BOUND_DB = 1e-4
F0_BOUND_CENTS = 1.0

CHECKS = []


def check(group):
    def register(function):
        CHECKS.append((group, function))
        return function
    return register


class CheckFailed(AssertionError):
    pass


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


_cache = {}


def speech(rate):
    """The demo WAV as float32 (int16 / 32768), resampled with resample_poly for other rates."""
    if rate not in _cache:
        file_rate, data = wavfile.read(WAV)
        expect(data.dtype == np.int16 and file_rate == 16000,
               f"{WAV}: expected 16 kHz int16, got {file_rate} {data.dtype}")
        x = data.astype(np.float32) / 32768.0
        if rate != file_rate:
            g = math.gcd(int(rate), file_rate)
            x = resample_poly(x.astype(np.float64), int(rate) // g, file_rate // g).astype(np.float32)
        _cache[rate] = x
    return _cache[rate]


def cli_path():
    return Path(os.environ.get("MYNAH_CLI", str(build_dir() / "bin" / "mynah")))


def cli_analyze(audio, rate):
    """`mynah analyze FILE --csv --mel` on the float32 samples (written as a float WAV when resampled)."""
    key = ("cli", rate)
    if key in _cache:
        return _cache[key]
    cli = cli_path()
    expect(cli.exists(), f"the mynah CLI is not at {cli}: build target mynah or set MYNAH_CLI")
    with tempfile.TemporaryDirectory() as folder:
        path = WAV
        if rate != 16000:
            path = Path(folder) / f"speech_{rate}.wav"
            wavfile.write(path, rate, audio)
        run = subprocess.run([str(cli), "analyze", str(path), "--csv", "--mel"], capture_output=True, text=True)
    expect(run.returncode == 0, f"mynah analyze failed ({run.returncode}): {run.stderr.strip()}")
    lines = run.stdout.strip().splitlines()
    header = lines[0].split(",")
    expect(header[:5] == ["time_s", "f0_hz", "voicing_confidence", "voiced", "loudness_db"] and header[5] == "mel_0",
           f"unexpected CSV header {header[:6]}")
    table = np.array([[float(v) for v in line.split(",")] for line in lines[1:]], dtype=np.float64)
    _cache[key] = (header, table)
    return _cache[key]


def cpp_features(rate, **overrides):
    key = ("cpp", rate, tuple(sorted(overrides.items())))
    if key not in _cache:
        _cache[key] = mynah_dsp.features(speech(rate), rate, return_power=True, **overrides)
    return _cache[key]


def torch_features(rate, **overrides):
    config = tf.FeatureConfig.for_sample_rate(rate, **overrides)
    with torch.no_grad():
        out = tf.SpectralFeatures(config)(torch.from_numpy(speech(rate)))
    return config, {k: v.numpy() for k, v in out.items()}


def worst(diff):
    index = np.unravel_index(int(np.argmax(diff)), diff.shape)
    return float(diff[index]), tuple(int(i) for i in index)


# --------------------------------------------------------------------------------------------- features

@check("features")
def check_config_and_tables():
    """FeatureConfig.for_sample_rate, window, filterbank and history match the C++ bit for bit."""
    for rate in (8000, 11025, 16000, 22050, 24000, 32000, 44100, 48000, 96000):
        py = tf.FeatureConfig.for_sample_rate(rate)
        cpp = mynah_dsp.feature_config(rate)
        for name, value in cpp.items():
            if name == "backend":
                continue
            expect(np.float32(getattr(py, name)) == np.float32(value),
                   f"{rate} Hz: FeatureConfig.{name} is {getattr(py, name)} in Python, {value} in C++")
        expect(np.array_equal(tf.periodic_hann(py.fft_size), mynah_dsp.periodic_hann(py.fft_size)),
               f"{rate} Hz: the Hann window differs")
        weights = tf.mel_filterbank(rate, py.fft_size, py.n_mels, py.mel_min_hz, py.mel_max_hz)
        expect(np.array_equal(weights, mynah_dsp.mel_filterbank(rate, py.fft_size, py.n_mels, py.mel_min_hz,
                                                                py.mel_max_hz)),
               f"{rate} Hz: the mel filterbank differs")
        got = mynah_dsp.features(np.zeros(py.hop * 3, np.float32), rate)["history_samples"]
        expect(got == py.history_samples, f"{rate} Hz: history {py.history_samples} in Python, {got} in C++")
    f = np.geomspace(10.0, 20000.0, 50)
    a_cpp = np.array([mynah_dsp.a_weighting_gain(v) for v in f])
    expect(np.array_equal(tf.a_weighting_gain(f), a_cpp), "A-weighting gains differ")
    return "9 rates: config, window, filterbank, history and A-weighting identical"


def exact_log_mel(config, audio):
    """The log-mel of the very float32 windowed frames both sides transform, with a float64 DFT and
    float64 sums: the reference that shows each float32 FFT's own error."""
    module = tf.SpectralFeatures(config)
    with torch.no_grad():
        frames = (module.frames(torch.from_numpy(audio)) * module.window).double().numpy()
    spectrum = np.fft.rfft(frames, axis=-1) * module.amplitude_scale
    mel = (spectrum.real ** 2 + spectrum.imag ** 2) @ module.mel_weights.double().numpy().T
    return np.log(np.maximum(mel, np.float64(np.float32(tf.LOG_MEL_FLOOR_POWER))))


def log_mel_verdict(torch_log_mel, cpp_log_mel, exact, kiss_log_mel, where):
    """torch vs C++ log-mel: max abs diff <= 1e-4 on every value. Returns a detail line."""
    diff = np.abs(torch_log_mel.astype(np.float64) - cpp_log_mel.astype(np.float64))
    d_all, (t, m) = worst(diff)
    cpp_error = float(np.abs(cpp_log_mel - exact).max())
    torch_error = float(np.abs(torch_log_mel - exact).max())
    backends = float(np.abs(cpp_log_mel.astype(np.float64) - kiss_log_mel).max())
    detail = (f"{where}: max diff {d_all:.3g} (frame {t}, mel {m}, C++ value {cpp_log_mel[t, m]:.4f}); "
              f"vs float64 DFT: C++ {cpp_error:.3g}, torch {torch_error:.3g}; |FFTW - KissFFT| {backends:.3g}")
    expect(d_all <= LOG_MEL_BOUND, f"log-mel bound {LOG_MEL_BOUND} exceeded: {detail}")
    return detail


def log_mel_parity(rate):
    cpp = cpp_features(rate)
    kiss = cpp_features(rate, backend="kiss")
    config, out = torch_features(rate)
    expect(out["log_mel"].shape == cpp["log_mel"].shape,
           f"shapes differ: torch {out['log_mel'].shape}, C++ {cpp['log_mel'].shape}")
    expect(cpp["log_mel"].shape[0] == len(speech(rate)) // config.hop, "T != N // hop")
    header, table = cli_analyze(speech(rate), rate)
    csv_mel = table[:, 5:]
    expect(csv_mel.shape == cpp["log_mel"].shape,
           f"CLI CSV has {csv_mel.shape} log-mel values, module {cpp['log_mel'].shape}")
    # The module and the CLI run the same code on the same samples: they differ only by the CSV's
    # %.7g rounding (<= 1e-5 at |log-mel| < 100).
    d_same = float(np.abs(cpp["log_mel"].astype(np.float64) - csv_mel).max())
    expect(d_same <= 1e-5, f"mynah_dsp.features and the CLI CSV disagree by {d_same:.3g}: not the same input?")
    exact = exact_log_mel(config, speech(rate))
    details = [log_mel_verdict(out["log_mel"], cpp["log_mel"], exact, kiss["log_mel"], "vs mynah_dsp"),
               log_mel_verdict(out["log_mel"], csv_mel, exact, kiss["log_mel"], "vs CLI CSV")]
    return (f"fft {config.fft_size}, hop {config.hop}, T={csv_mel.shape[0]}; " + "; ".join(details) +
            f"; |mynah_dsp - CSV| = {d_same:.2g}")


@check("features")
def check_log_mel_16k():
    return log_mel_parity(16000)


@check("features")
def check_log_mel_48k():
    return log_mel_parity(48000)


@check("features")
def check_window_offset():
    """A configuration whose YIN segment is longer than the FFT, so the STFT window sits
    (history - fft_size) // 2 samples into the history: checks the timing through the power spectrum
    (a one-sample shift gives ~2e-3 of the peak) and the log-mel as above."""
    overrides = dict(fft_size=256, hop=100, n_mels=64, mel_min_hz=50.0, mel_max_hz=7000.0, f0_min_hz=30.0,
                     f0_window_fraction=0.6)  # the shorter YIN segment: the Python history formula too
    cpp = cpp_features(16000, **overrides)
    kiss = cpp_features(16000, backend="kiss", **overrides)
    config, out = torch_features(16000, **overrides)
    expect(config.window_offset > 0, "the configuration should put the window off the history start")
    expect(cpp["history_samples"] == config.history_samples,
           f"history {cpp['history_samples']} in C++, {config.history_samples} in Python")
    power_diff = float(np.abs(out["power"] - cpp["power"]).max() / cpp["power"].max())
    expect(power_diff <= 1e-6, f"power spectra differ by {power_diff:.3g} of the peak: frame timing?")
    exact = exact_log_mel(config, speech(16000))
    detail = log_mel_verdict(out["log_mel"], cpp["log_mel"], exact, kiss["log_mel"], "log-mel")
    return f"fft 256, offset {config.window_offset}: max |dP| / max P = {power_diff:.3g}; {detail}"


@check("features")
def check_loudness():
    details = []
    for rate in (16000, 48000):
        cpp = cpp_features(rate)
        _, out = torch_features(rate)
        d, (t,) = worst(np.abs(out["loudness_db"] - cpp["loudness_db"]))
        details.append(f"{rate // 1000} kHz {d:.3g} dB")
        expect(d <= LOUDNESS_BOUND_DB, f"{rate} Hz: loudness differs by {d} dB at frame {t} "
                                       f"(C++ {cpp['loudness_db'][t]} dB)")
    return "max |torch - C++| loudness: " + ", ".join(details)


@check("features")
def check_f0_module_vs_cli():
    details = []
    for rate in (16000, 48000):
        cpp = cpp_features(rate)
        header, table = cli_analyze(speech(rate), rate)
        expect(len(table) == len(cpp["f0_hz"]),
               f"{rate} Hz: {len(table)} CSV frames, {len(cpp['f0_hz'])} module frames")
        hop, latency = cpp["config"]["hop"], cpp["latency_samples"]
        times = (np.arange(1, len(table) + 1) * hop - latency) / rate
        expect(np.abs(table[:, 0] - times).max() < 2e-6, f"{rate} Hz: CSV times are not ((k+1) hop - latency) / rate")
        csv_voiced = table[:, 3] > 0.5
        mismatch = np.flatnonzero(csv_voiced != cpp["voiced"])
        expect(mismatch.size == 0, f"{rate} Hz: voicing differs on {mismatch.size} frames, first {mismatch[:5]}")
        both = csv_voiced & cpp["voiced"]
        cents = np.abs(1200.0 * np.log2(cpp["f0_hz"][both] / table[both, 1]))
        expect(cents.max() <= F0_BOUND_CENTS, f"{rate} Hz: voiced F0 differs by up to {cents.max():.3g} cents")
        expect(np.abs(cpp["confidence"] - table[:, 2]).max() <= 1e-5 + 1e-6, f"{rate} Hz: confidence differs")
        expect(np.abs(cpp["loudness_db"] - table[:, 4]).max() <= 5e-4 + 1e-5, f"{rate} Hz: loudness differs")
        expect(np.all(cpp["f0_hz"][~cpp["voiced"]] == 0.0), f"{rate} Hz: unvoiced frames must report f0 0")
        details.append(f"{rate // 1000} kHz: {both.sum()}/{len(table)} voiced, max {cents.max():.2g} cents")
    return "; ".join(details)


@check("features")
def check_module_errors():
    cases = [
        (lambda: mynah_dsp.features(np.zeros((4, 4), np.float32), 16000), "audio must be a 1-D array"),
        (lambda: mynah_dsp.features(np.zeros(800, np.float32), 16000, backend="fft"), "backend"),
        (lambda: mynah_dsp.features(np.zeros(800, np.float32), 16000, hop=2048), "hop"),
        (lambda: mynah_dsp.features(np.zeros(800, np.float32), -1.0), "sample_rate"),
        (lambda: mynah_dsp.hn_synth(np.zeros(3), np.zeros((2, 4)), np.zeros((3, 2)), 16000, 160, 48000, 40, 8000),
         "same number of frames"),
        (lambda: mynah_dsp.hn_synth(np.zeros(3), np.zeros(3), np.zeros((3, 2)), 16000, 160, 48000, 40, 8000),
         "harmonic_amplitudes must be a 2-D array"),
        (lambda: mynah_dsp.band_noise(0, 40, 8000, 16000, 16000, 1, 10), "num_bands"),
        (lambda: mynah_dsp.band_noise(4, 40, 8000, 16000, 16000, -1, 10), "seed"),
        (lambda: mynah_dsp.mel_filterbank(16000, 1024, 80, 0, 9000), "mel filterbank"),
    ]
    for call, words in cases:
        try:
            call()
        except ValueError as error:
            expect(words in str(error), f"ValueError {error!r} does not mention {words!r}")
        else:
            raise CheckFailed(f"no ValueError for a call that should mention {words!r}")
    env = dict(os.environ, MYNAH_BUILD_DIR="/nonexistent/build")
    run = subprocess.run([sys.executable, "-c", "import mynah_train.dsp_module"], capture_output=True, text=True,
                         env=env, cwd=str(REPO / "models" / "training"))
    last = run.stderr.strip().splitlines()[-1] if run.stderr.strip() else ""
    expect(run.returncode != 0 and "/nonexistent/build/lib" in last,
           f"a missing module should fail naming the folder, got: {last!r}")
    return f"{len(cases)} bad calls raise ValueError; missing build: {last[:90]}..."


# ------------------------------------------------------------------------------------------------ synth

def smooth_controls(seed, num_frames=200, num_harmonics=60, num_bands=32):
    """F0 gliding over 80-400 Hz, harmonic amplitudes and noise gains as smooth random curves."""
    rng = np.random.default_rng(seed)

    def curve(lo, hi, knots_every=15):
        knots = rng.uniform(lo, hi, size=num_frames // knots_every + 2)
        return np.interp(np.arange(num_frames), np.linspace(0, num_frames - 1, knots.size), knots)

    f0 = np.exp(curve(math.log(80.0), math.log(400.0))).astype(np.float32)
    rolloff = 1.0 / np.arange(1, num_harmonics + 1)
    amplitudes = (np.stack([curve(0.0, 1.0) for _ in range(num_harmonics)], -1) * rolloff * 0.3).astype(np.float32)
    gains = (np.stack([curve(0.0, 1.0) for _ in range(num_bands)], -1) * 0.02).astype(np.float32)
    return f0, amplitudes, gains


CONTROL_RATE, HOP, NOISE_MIN, NOISE_MAX, SEED = 16000.0, 80, 40.0, 8000.0, 7


def synth_pair(f0, amplitudes, gains, output_rate, harmonic_limit=0.0, precise=False):
    cpp = mynah_dsp.hn_synth(f0, amplitudes, gains, CONTROL_RATE, HOP, output_rate, NOISE_MIN, NOISE_MAX,
                             harmonic_limit, SEED)
    synth = ts.HarmonicNoiseSynth(amplitudes.shape[1], gains.shape[1], CONTROL_RATE, HOP, output_rate, harmonic_limit,
                                  precise=precise)
    n = synth.num_output_samples(len(f0))
    expect(n == len(cpp), f"{output_rate} Hz: torch renders {n} samples, C++ {len(cpp)}")
    bands = ts.band_noise(gains.shape[1], NOISE_MIN, NOISE_MAX, CONTROL_RATE, output_rate, n, seed=SEED)
    with torch.no_grad():
        out = synth(torch.from_numpy(f0), torch.from_numpy(amplitudes), torch.from_numpy(gains), bands).numpy()
    return cpp, out


@check("synth")
def check_frame_clock():
    for rate in (16000.0, 22050.0, 44100.0, 48000.0, 96000.0, 44100.5, 8000.0):
        expect(np.array_equal(ts.frame_starts(CONTROL_RATE, HOP, rate, 500),
                              mynah_dsp.frame_starts(CONTROL_RATE, HOP, rate, 500)),
               f"frame starts differ at {rate} Hz")
    return "frame starts identical at 7 output rates"


@check("synth")
def check_synth_parity():
    f0, amplitudes, gains = smooth_controls(1)
    rows = []
    for rate in (16000.0, 48000.0, 44100.0, 22050.5):
        for name, a, g in (("harmonics+noise", amplitudes, gains), ("harmonics only", amplitudes, 0 * gains),
                           ("noise only", 0 * amplitudes, gains)):
            cpp, out = synth_pair(f0, a, g, rate)
            peak = float(np.abs(cpp).max())
            expect(peak > 0.01, f"{rate} Hz {name}: the C++ output is silent")
            d = float(np.abs(out - cpp).max()) / peak
            rows.append(f"{rate / 1000:g}k {name} {d:.2g}")
            expect(d <= SYNTH_BOUND, f"{rate} Hz {name}: max |torch - C++| / peak = {d:.3g} > {SYNTH_BOUND}")
    for rate in (16000.0, 44100.0):
        cpp, out = synth_pair(f0, amplitudes, gains, rate, precise=True)
        d = float(np.abs(out - cpp).max()) / float(np.abs(cpp).max())
        rows.append(f"{rate / 1000:g}k precise=True {d:.2g}")
        expect(d <= SYNTH_BOUND, f"{rate} Hz precise=True: max |torch - C++| / peak = {d:.3g} > {SYNTH_BOUND}")
    return "max diff / peak: " + ", ".join(rows)


@check("synth")
def check_synth_edge_cases():
    """A harmonic limit below Nyquist (taper), F0 = 0 frames (no harmonics), negative F0 (clamped),
    and a first frame that starts mid-way."""
    f0, amplitudes, gains = smooth_controls(2, num_frames=120)
    f0[40:55] = 0.0
    f0[70:72] = -5.0
    rows = []
    for rate, limit in ((16000.0, 3000.0), (48000.0, 5000.0), (44100.0, 30000.0)):
        cpp, out = synth_pair(f0, amplitudes, gains, rate, limit)
        d = float(np.abs(out - cpp).max()) / float(np.abs(cpp).max())
        rows.append(f"{rate / 1000:g}k limit {limit:g} Hz: {d:.2g}")
        expect(d <= SYNTH_BOUND, f"{rate} Hz, limit {limit} Hz: max diff / peak {d:.3g}")
    return "; ".join(rows)


@check("synth")
def check_synth_batch_and_gradients():
    controls = [smooth_controls(s, num_frames=60, num_harmonics=20, num_bands=8) for s in (3, 4)]
    f0 = torch.from_numpy(np.stack([c[0] for c in controls]))
    amplitudes = torch.from_numpy(np.stack([c[1] for c in controls])).requires_grad_()
    gains = torch.from_numpy(np.stack([c[2] for c in controls])).requires_grad_()
    synth = ts.HarmonicNoiseSynth(20, 8, CONTROL_RATE, HOP, 48000.0)
    bands = ts.band_noise(8, NOISE_MIN, NOISE_MAX, CONTROL_RATE, 48000.0, synth.num_output_samples(60), seed=SEED)
    out = synth(f0, amplitudes, gains, bands)
    for b in range(2):
        single = synth(f0[b], amplitudes[b], gains[b], bands).detach()
        expect(torch.equal(out[b].detach(), single), "a batched render differs from the single render")
    out.square().mean().backward()
    expect(torch.isfinite(amplitudes.grad).all() and amplitudes.grad.abs().sum() > 0, "no gradient to amplitudes")
    expect(torch.isfinite(gains.grad).all() and gains.grad.abs().sum() > 0, "no gradient to noise gains")

    config = tf.FeatureConfig.for_sample_rate(16000)
    audio = torch.from_numpy(speech(16000)[:8000]).requires_grad_()
    features = tf.SpectralFeatures(config)(audio[None])
    (features["log_mel"].mean() + features["loudness_db"].mean()).backward()
    expect(torch.isfinite(audio.grad).all() and audio.grad.abs().sum() > 0, "no gradient through log-mel/loudness")
    return "batched = single renders; finite gradients to amplitudes, gains and (features) audio"


def main(argv):
    groups = argv or ["features", "synth"]
    unknown = set(groups) - {g for g, _ in CHECKS}
    if unknown:
        sys.exit(f"unknown group(s) {sorted(unknown)}; groups: features, synth")
    torch.set_num_threads(1)
    failures = 0
    start = time.time()
    for group, function in CHECKS:
        if group not in groups:
            continue
        t = time.time()
        try:
            detail = function()
            print(f"PASS {function.__name__} ({time.time() - t:.2f} s): {detail}")
        except CheckFailed as error:
            failures += 1
            print(f"FAIL {function.__name__}: {error}")
        except Exception:  # noqa: BLE001  (report and carry on with the other checks)
            failures += 1
            print(f"FAIL {function.__name__}: unexpected error\n{traceback.format_exc()}")
    print(f"{'FAILED' if failures else 'OK'}: {failures} failure(s), {time.time() - start:.1f} s "
          f"(mynah_dsp from {build_dir() / 'lib'})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

# SPDX-License-Identifier: GPL-3.0-or-later
"""Turns mynah_dsp_bench JSON output into the Markdown tables of docs/BENCHMARKS.md.

Usage: python3 bench/bench_to_markdown.py bench.json > tables.md
The JSON should come from a run with --benchmark_repetitions=N --benchmark_report_aggregates_only=true
(medians are reported, with the coefficient of variation of the CPU time); a plain run works too.
"""
import json
import sys


def load(path):
    with open(path) as f:
        data = json.load(f)
    runs = {}  # run_name -> {"median": entry, "cv": entry} (or {"single": entry})
    for b in data["benchmarks"]:
        name = b.get("run_name", b["name"])
        kind = b.get("aggregate_name", "single") if b.get("run_type") == "aggregate" else "single"
        runs.setdefault(name, {})[kind] = b
    return data["context"], runs


def params(run_name):
    parts = run_name.split("/")
    return parts[0], dict(p.split(":", 1) for p in parts[1:] if ":" in p)


def central(entry):
    return entry.get("median") or entry.get("mean") or entry["single"]


def cv_pct(entry):
    cv = entry.get("cv")
    if not cv:
        return "-"
    return f"{100.0 * cv['cpu_time']:.1f}"


def to_us(entry_time, unit):
    return entry_time * {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}[unit]


def backend(p):
    return "KissFFT" if p.get("kiss") == "1" else "FFTW"


def per_audio_row(cells, e):
    m = central(e)
    cpu_us = to_us(m["cpu_time"], m["time_unit"])
    return "| " + " | ".join(cells + [f"{cpu_us / 1000:.3f}", f"{m['cpu_share_pct']:.3f}",
                                      f"{m['x_realtime']:.0f}", cv_pct(e)]) + " |"


PER_AUDIO_COLS = ["CPU ms / audio s", "% of one core", "x real time", "CV %"]


def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    return "\n".join(out + rows)


def main():
    _, runs = load(sys.argv[1])
    groups = {}
    for name, e in runs.items():
        fam, p = params(name)
        groups.setdefault(fam, []).append((p, e))

    print("### Features: STFT + log-mel + loudness + YIN F0 (5 ms hop)\n")
    rows = [per_audio_row([f"{int(p['rate']) // 1000} kHz", p["fft"], backend(p)], e)
            for p, e in groups.get("BM_Features", [])]
    print(table(["rate", "FFT", "backend"] + PER_AUDIO_COLS, rows))

    print("\n### YIN F0 alone (200 analyses per second; part of the rows above)\n")
    rows = [per_audio_row([f"{int(p['rate']) // 1000} kHz", backend(p)], e)
            for p, e in groups.get("BM_YinOnly", [])]
    print(table(["rate", "backend"] + PER_AUDIO_COLS, rows))

    print("\n### STFT -> ISTFT round trip (hop = FFT/4)\n")
    rows = [per_audio_row([f"{int(p['rate']) // 1000} kHz", p["fft"], str(int(p["fft"]) // 4), backend(p)], e)
            for p, e in groups.get("BM_StftRoundTrip", [])]
    print(table(["rate", "FFT", "hop", "backend"] + PER_AUDIO_COLS, rows))

    print("\n### Harmonic-plus-noise synthesiser, 48 kHz output, 32 noise bands\n")
    rows = [per_audio_row([f"{int(p['ctl_rate']) // 1000} kHz / {p['hop']}", p["harmonics"]], e)
            for p, e in groups.get("BM_HnSynth", [])]
    print(table(["control rate / hop", "harmonics"] + PER_AUDIO_COLS, rows))

    print("\n### Analysis + synthesis at 48 kHz in one loop (features FFTW + synth 100 harmonics)\n")
    rows = [per_audio_row([p["fft"]], e) for p, e in groups.get("BM_AnalysisPlusSynthesis48k", [])]
    print(table(["features FFT"] + PER_AUDIO_COLS, rows))

    print("\n### DSP-only resynthesis (`mynah resynth`: features + short-window level + synth, 150 harmonics)\n")
    rows = [per_audio_row([f"{int(p['rate']) // 1000} kHz"], e) for p, e in groups.get("BM_DspResynthesis", [])]
    print(table(["rate"] + PER_AUDIO_COLS, rows))

    print("\n### Raw real FFT, forward\n")
    rows = []
    for p, e in groups.get("BM_FftForward", []):
        m = central(e)
        ns = to_us(m["cpu_time"], m["time_unit"]) * 1000
        rows.append(f"| {p['n']} | {backend(p)} | {ns:.0f} | {m['cpu_pct_at_200_per_s']:.4f} | {cv_pct(e)} |")
    print(table(["size", "backend", "CPU ns / transform", "% of one core at 200 / s", "CV %"], rows))


if __name__ == "__main__":
    main()

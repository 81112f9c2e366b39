#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs, from Debian 12's archive only, whatever Mynah needs that is missing. Idempotent: a second
# run installs nothing and does not touch the network.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake pkg-config ccache git
  # dsp/ and the CLI
  libfftw3-dev libkissfft-dev libsndfile1-dev libsoxr-dev
  # models/runtime: libtorch (TorchScript) and the package metadata parser
  libtorch-dev nlohmann-json3-dev
  # tests and benchmarks
  catch2 libbenchmark-dev sox pocketsphinx pocketsphinx-en-us
  # fuzzing (scripts/fuzz.sh): libFuzzer with clang
  clang-14 libclang-rt-14-dev
  # Python training side: torch 1.13 and the pybind11 module of dsp/
  python3-dev python3-pybind11 pybind11-dev python3-torch python3-numpy python3-scipy
  # libtorch is ~10x slower on the reference BLAS that Debian selects by default
  libopenblas0-openmp
  # speech generation for samples and training data (models/training/mynah_train/voices.py)
  flite espeak-ng festival festvox-kallpc16k festvox-kdlpc16k festvox-us-slt-hts
  # neural-instrument data: MIDI rendered with SoundFonts (models/training/mynah_train/instrument_data.py)
  fluidsynth fluid-soundfont-gm musescore-general-soundfont
  # plugin/: JUCE 7.0.5 and its Linux dependencies (FLAC/Vorbis: Debian's JUCE uses the system codecs)
  juce-modules-source juce-tools libasound2-dev libjack-jackd2-dev libfreetype-dev libx11-dev
  libxrandr-dev libxinerama-dev libxcursor-dev libgtk-3-dev lv2-dev libflac-dev libvorbis-dev libogg-dev
  # editor screenshots under a virtual X server (plugin/screenshot.sh)
  xvfb imagemagick xauth
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: everything is installed"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root (or install sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"

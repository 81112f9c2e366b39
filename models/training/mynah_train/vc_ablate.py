# SPDX-License-Identifier: GPL-3.0-or-later
"""Where a conversion model loses words: the same checkpoint converts the development set (the other corpus
targets reading validation sentences, as vc_select.py uses) with parts of the conversion switched off, in the
torch twin of the engine (vc_model.py and the synthesiser's twin, a fresh stream per utterance), and
pocketsphinx scores each variant.

    PYTHONPATH=models/training /usr/bin/python3 -m mynah_train.vc_ablate RUN/chosen.pt --target-voice slt

Variants (``--variants``, comma-separated):

- ``as_trained``: the checkpoint as it is (the twin of what the engine plays);
- ``source_f0``: the output F0 is the source's own instead of the source's moved into the target's register
  (the formants are still warped by the register the model tracks): what moving the register costs;
- ``all_detail``: the checkpoint's correction with all of the input's spectral detail in the starting point
  instead of its trained share (vc_model.py ``source_detail``): a mismatch the network never trained for;
- ``no_network``: no correction at all and all of the detail, i.e. the formant warp and a global EQ to the
  target's mean log-mel through the synthesiser, with the register moved. Without the head, voiced frames
  also get noise at the analysis level (the head's learned noise reduction is gone), so this bounds what the
  synthesis path costs from above;
- ``no_network_no_warp``: the same without the formant warp.

Word errors are pooled over utterances as vc_evaluate.py pools them; MCD (dB) is to the target reading the
same sentence. Run on validation sentences only: this chooses nothing, it explains.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch
from torch import Tensor

from . import data, vc_report
from .export import load_model
from .model import ModelConfig
from .rendering import aligned, latency_samples, make_band_noise, make_synth, padded_inputs, synthesise
from .vc_evaluate import ModelUnderTest, evaluate
from .vc_model import VoiceConvert
from .vc_select import development_sources

VARIANTS = ("as_trained", "source_f0", "all_detail", "no_network", "no_network_no_warp")
NOISE_SECONDS = 30


class _Variant:
    """How one variant converts: (source detail, formant warp exponent, correction on, F0 from the source)."""

    def __init__(self, name: str, model: VoiceConvert):
        if name not in VARIANTS:
            raise ValueError(f"unknown variant {name!r} (choose from {', '.join(VARIANTS)})")
        trained_detail, trained_warp = float(model.source_detail.item()), float(model.formant_warp_exponent.item())
        self.source_detail = 1.0 if name in ("all_detail", "no_network", "no_network_no_warp") else trained_detail
        self.warp_exponent = 0.0 if name == "no_network_no_warp" else trained_warp
        self.correction = name not in ("no_network", "no_network_no_warp")
        self.source_f0 = name == "source_f0"


def controls_for(model: VoiceConvert, variant: _Variant, frames: Tensor, input_f0: Tensor) -> Tensor:
    """The synthesiser controls [1, T, C] of model input frames [1, W, C_in] (padded for the model's context)
    converted as ``variant`` says; input_f0 [1, T, 1] is the input's own F0 (used by ``source_f0``)."""
    trained = (model.source_detail_weight, model.warp_exponent)
    real_trunk = model.trunk

    def without_correction(x: Tensor, hidden: Tensor) -> Tuple[Tensor, Tensor]:
        y, h = real_trunk(x, hidden)
        return torch.zeros_like(y), h

    model.source_detail_weight, model.warp_exponent = variant.source_detail, variant.warp_exponent
    if not variant.correction:
        model.trunk = without_correction   # an instance attribute, removed below
    try:
        with torch.no_grad():
            controls, _ = model.convert(frames, model.initial_state(1), model.target_log_mel.unsqueeze(0),
                                        model.target_log_f0.unsqueeze(0),
                                        torch.clamp_min(input_f0, 0.0) if variant.source_f0 else None)
    finally:
        model.source_detail_weight, model.warp_exponent = trained
        model.__dict__.pop("trunk", None)
    return controls


def twin_converter(model: VoiceConvert, config: ModelConfig, variant: _Variant) -> Callable[[List[np.ndarray]], List[np.ndarray]]:
    """A vc_evaluate converter: 16 kHz audio in, the variant's conversion out, time-aligned with its input."""
    synth = make_synth(config)
    noise = make_band_noise(config, int(config.sample_rate_hz * NOISE_SECONDS))
    latency = latency_samples(config)

    def convert(inputs: List[np.ndarray]) -> List[np.ndarray]:
        out = []
        for audio in inputs:
            x = data.model_inputs(audio, config)
            if len(audio) + 2 * latency > noise.shape[-1]:
                raise ValueError(f"an utterance of {len(audio) / config.sample_rate_hz:.0f} s is longer than "
                                 f"the {NOISE_SECONDS} s this tool renders")
            frames = torch.from_numpy(padded_inputs(x, config.context_frames, config.lookahead_frames))[None]
            controls = controls_for(model, variant, frames, torch.from_numpy(x[None, :, :1]))
            y = synthesise(controls[0], config, synth, noise)
            out.append(aligned(y.numpy(), len(audio), latency).astype(np.float32))
        return out
    return convert


def ablate(checkpoint: Path, target: str, variants: Sequence[str], sentences: Optional[int] = None,
           log=print) -> Dict[str, Dict[str, float]]:
    """Pooled word error rate and mean MCD of each variant on the development set: {variant: metrics}."""
    stored = torch.load(checkpoint, map_location="cpu")
    model = load_model(stored)
    if not isinstance(model, VoiceConvert):
        raise ValueError(f"{checkpoint}: not a voice conversion checkpoint")
    config = ModelConfig.from_dict(stored["config"])
    sources = development_sources(target)
    models = [ModelUnderTest(v, target, twin_converter(model, config, _Variant(v, model))) for v in variants]
    scores, _ = evaluate(models, "val", sentences, sources, log=log, comparisons=False)
    results = {}
    for v in variants:
        g = vc_report.aggregate([s for s in scores if s.model == v])
        results[v] = {"wer_converted": g["wer_converted"], "mcd_converted_db": g["mcd_converted_db"],
                      "utterances": g["utterances"]}
    return results


def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(prog="python3 -m mynah_train.vc_ablate", description=__doc__.split("\n\n")[0])
    p.add_argument("checkpoint", type=Path, help="a vc_train.py checkpoint of a corpus target")
    p.add_argument("--target-voice", required=True, help="the checkpoint's target (a corpus target voice)")
    p.add_argument("--variants", default=",".join(VARIANTS), help=f"comma-separated, of: {', '.join(VARIANTS)}")
    p.add_argument("--sentences", type=int, default=None, help="only the first N validation sentences")
    args = p.parse_args(argv)
    torch.set_num_threads(1)
    try:
        variants = [v for v in args.variants.split(",") if v]   # each checked by _Variant before any conversion
        results = ablate(args.checkpoint, args.target_voice, variants, args.sentences, log=lambda line: None)
    except (OSError, ValueError, RuntimeError) as error:
        print(f"vc_ablate: {error}", file=sys.stderr)
        return 1
    for v, r in results.items():
        print(f"{v}: word error rate {100 * r['wer_converted']:.1f} %, MCD {r['mcd_converted_db']:.3f} dB "
              f"({r['utterances']} utterances)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

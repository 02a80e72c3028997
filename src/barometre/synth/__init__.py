"""Synthetic respondents drawn from the frame, deterministic by seed (pure).

>>> from barometre.synth import synthesize
>>> table = synthesize(wave=1, n=60, seed=1)
>>> table.height, sorted(set(table["questionnaire"]))
(180, ['communication', 'cybersecurite', 'inclusion_numerique'])
"""

from __future__ import annotations

from typing import Final

import numpy as np
import polars as pl

from barometre.questionnaire import Questionnaire
from barometre.questionnaire.library import wave_questionnaires
from barometre.referentiel import Frame, load_frame, stratum_of
from barometre.synth.answer import Respondents, answer
from barometre.synth.figures import KeyFigure, answer_sets, wave_figures
from barometre.synth.sample import Sample, Traits, follow_up, sample_respondents
from barometre.synth.table import answers_frame

#: Respondents per wave: 2,729 after wave 1, about 629 in wave 2, fewer again in wave 3.
DEFAULT_SIZES: Final = {1: 2729, 2: 629, 3: 450}

__all__ = [
    "DEFAULT_SIZES",
    "KeyFigure",
    "answer_sets",
    "synthesize",
    "synthesize_questionnaire",
    "wave_figures",
    "wave_sample",
]


def _respondent_frame(sample: Sample, wave: int, questionnaire: str) -> pl.DataFrame:
    units = [sample.units[i] for i in sample.unit_index]
    return pl.DataFrame(
        {
            "respondent_id": [f"v{wave}-{i + 1:07d}" for i in range(sample.size)],
            "wave": np.full(sample.size, wave, dtype=np.int16),
            "questionnaire": [questionnaire] * sample.size,
            "unit_id": [u.id for u in units],
            "unit_type": [u.type for u in units],
            "population": np.array([u.population for u in units], dtype=np.int64),
            "stratum": [stratum_of(u) for u in units],
            "region": [u.region for u in units],
            "departement": [u.departement for u in units],
        }
    )


def synthesize_questionnaire(
    questionnaire: Questionnaire,
    sample: Sample,
    rng: np.random.Generator,
    wave: int,
    shift: float = 0.0,
) -> pl.DataFrame:
    """One answer set per sampled respondent for one questionnaire."""
    population = np.array([sample.units[i].population for i in sample.unit_index], dtype=float)
    columns = answer(rng, questionnaire, Respondents(sample.digital, population, shift))
    return pl.concat(
        [_respondent_frame(sample, wave, questionnaire.id), answers_frame(questionnaire, columns)],
        how="horizontal",
    )


def wave_sample(wave: int, n: int | None, seed: int, frame: Frame, traits: Traits) -> Sample:
    """The respondents of ``wave``; later waves mostly re-draw the previous wave's authorities."""
    size = DEFAULT_SIZES[wave] if n is None else n
    rng = np.random.default_rng([seed, wave])
    if wave == 1:
        return sample_respondents(rng, frame, size, traits)
    previous = wave_sample(wave - 1, None, seed, frame, traits)
    return follow_up(rng, frame, size, traits, previous)


def synthesize(
    wave: int,
    n: int | None = None,
    seed: int = 0,
    frame: Frame | None = None,
    shift: float = 0.0,
) -> pl.DataFrame:
    """``n`` respondents of ``wave`` answering its three questionnaires (3 × n answer sets).

    ``shift`` moves the answers along each option's gradient (negative: less digital, as in an
    earlier year — the demo's previous edition uses −0.3; see ``plans.advanced``); 0
    reproduces the calibrated, published figures.
    """
    if wave not in DEFAULT_SIZES:
        raise ValueError(f"vague inconnue : {wave} (1, 2 ou 3)")
    frame = frame or load_frame()
    sample = wave_sample(wave, n, seed, frame, Traits.draw(seed, frame))
    rng = np.random.default_rng([seed, wave, 1])
    tables = [
        synthesize_questionnaire(questionnaire, sample, rng, wave, shift)
        for questionnaire in wave_questionnaires(wave)
    ]
    return pl.concat(tables, how="diagonal")

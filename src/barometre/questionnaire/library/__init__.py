"""The barometer's nine questionnaires (three per wave), shipped as YAML data files."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Final

from barometre.questionnaire.errors import QuestionnaireError
from barometre.questionnaire.files import compile_path
from barometre.questionnaire.model import Questionnaire

LIBRARY_DIR: Final = Path(__file__).parent
WAVES: Final = (1, 2, 3)


def library_paths() -> list[Path]:
    return sorted(LIBRARY_DIR.glob("*.yaml"))


@lru_cache(maxsize=1)
def _load() -> tuple[Questionnaire, ...]:
    loaded = []
    for path in library_paths():
        result = compile_path(path)
        if result.questionnaire is None:
            raise QuestionnaireError(result.errors)
        loaded.append(result.questionnaire)
    return tuple(sorted(loaded, key=lambda q: (q.wave or 0, q.id)))


def load_library() -> dict[str, Questionnaire]:
    """Every questionnaire of the library by id, in wave order (compiled once, cached)."""
    return {q.id: q for q in _load()}


def wave_questionnaires(wave: int) -> tuple[Questionnaire, ...]:
    """The questionnaires of one wave (1, 2 or 3)."""
    return tuple(q for q in _load() if q.wave == wave)

"""What changed between two compiled versions of a questionnaire, and what it does to series.

Questions, choices and indicators are matched by their stable codes (``id``, option ``value``),
never by position: a choice removed does not shift the others. Each change is classified by
what it does to the comparison of a figure across editions:

- « comparable »: the answers mean the same thing (wording, order, a choice added that no
  indicator reads, a required flag, integer ↔ decimal);
- « comparable après recodage »: the previous answers can be read in the terms of the new
  version through a recode map (old choice → new choice(s)) that the team confirms;
- « rupture de série »: no map makes them comparable (incompatible type, unit or bounds,
  condition of display, question removed or added, scores under another model).

Each indicator of the new version then says whether its change can be computed, from the
stored estimates (same definition, same answers) or recomputed from the previous edition's
answers (definition moved, answers recoded), or not at all (« rupture de série »).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final

from barometre.questionnaire.expressions import Node, references
from barometre.questionnaire.expressions.ast import Literal, walk
from barometre.questionnaire.model import (
    CHOICE_TYPES,
    NUMBER_TYPES,
    TEXT_TYPES,
    YES_NO_OPTIONS,
    Expression,
    Indicator,
    Question,
    Questionnaire,
    QuestionType,
)


class Consequence(StrEnum):
    """What a change does to the comparison across editions, worst last."""

    COMPARABLE = "comparable"
    RECODE = "comparable_apres_recodage"
    BREAK = "rupture_de_serie"

    @property
    def label(self) -> str:
        return CONSEQUENCE_LABELS[self]

    @property
    def rank(self) -> int:
        return list(Consequence).index(self)


CONSEQUENCE_LABELS: Final = {
    Consequence.COMPARABLE: "comparable",
    Consequence.RECODE: "comparable après recodage",
    Consequence.BREAK: "rupture de série",
}


class Kind(StrEnum):
    WORDING = "libelle"
    CHOICE_ADDED = "choix_ajoute"
    CHOICE_REMOVED = "choix_retire"
    TYPE_CHANGED = "type_modifie"
    SCALE_CHANGED = "echelle_modifiee"
    QUESTION_ADDED = "question_ajoutee"
    QUESTION_REMOVED = "question_retiree"
    CONDITION_CHANGED = "condition_modifiee"
    SCORE_CHANGED = "score_modifie"
    OTHER = "autre"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS: Final = {
    Kind.WORDING: "libellé seulement",
    Kind.CHOICE_ADDED: "choix ajouté",
    Kind.CHOICE_REMOVED: "choix retiré ou fusionné",
    Kind.TYPE_CHANGED: "type modifié",
    Kind.SCALE_CHANGED: "échelle modifiée",
    Kind.QUESTION_ADDED: "question ajoutée",
    Kind.QUESTION_REMOVED: "question retirée",
    Kind.CONDITION_CHANGED: "condition d'affichage modifiée",
    Kind.SCORE_CHANGED: "score de maturité modifié",
    Kind.OTHER: "autre changement sans effet sur les chiffres",
}

#: A confirmed recode map: question → previous choice → new choice(s).
Recoded = Mapping[str, Mapping[str, tuple[str, ...]]]
#: Single-answer choice types: their answer is one option value.
SINGLE_TYPES: Final = frozenset({QuestionType.SINGLE_CHOICE, QuestionType.YES_NO})
#: Number types whose values keep their meaning when one becomes the other.
SAME_NUMBERS: Final = frozenset({QuestionType.INTEGER, QuestionType.DECIMAL})


@dataclass(frozen=True, slots=True)
class Change:
    """One change of one question: what, what it does, in French."""

    question: str
    kind: Kind
    consequence: Consequence
    message: str

    @property
    def kind_label(self) -> str:
        return self.kind.label

    @property
    def consequence_label(self) -> str:
        return self.consequence.label


@dataclass(frozen=True, slots=True)
class QuestionDiff:
    """A question of either version, with its changes (none: unchanged)."""

    id: str
    label: str
    previous_type: str | None
    current_type: str | None
    changes: tuple[Change, ...]
    previous_choices: tuple[tuple[str, str], ...] = ()  # (value, label) of the previous version
    current_choices: tuple[tuple[str, str], ...] = ()
    suggested: tuple[tuple[str, tuple[str, ...]], ...] = ()  # old choice → new choice(s)

    @property
    def consequence(self) -> Consequence:
        """What its changes do to the figures read from it (a new scoring scale breaks the
        scores' series, not the indicators'; see ``score_changes``)."""
        return worst(c.consequence for c in self.changes if c.kind is not Kind.SCORE_CHANGED)

    @property
    def score_changes(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.kind is Kind.SCORE_CHANGED)

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    @property
    def needs_recode(self) -> bool:
        return self.consequence is Consequence.RECODE

    @property
    def multiple(self) -> bool:
        """Whether a previous choice may map to several new ones (the new one is multiple)."""
        return self.current_type == QuestionType.MULTIPLE_CHOICE

    @property
    def removed_choices(self) -> tuple[str, ...]:
        kept = {value for value, _ in self.current_choices}
        return tuple(value for value, _ in self.previous_choices if value not in kept)

    @property
    def added_choices(self) -> tuple[str, ...]:
        before = {value for value, _ in self.previous_choices}
        return tuple(value for value, _ in self.current_choices if value not in before)


@dataclass(frozen=True, slots=True)
class IndicatorDiff:
    """An indicator of the new version (or one the new version dropped) and its series.

    ``breaks``: why no recode map makes it comparable; ``needs``: the questions whose answers
    must be recoded by a confirmed map; ``recompute``: its previous value must be computed
    again from the previous answers (definition moved, answers recoded, or new indicator).
    """

    id: str
    label: str
    added: bool
    removed: bool
    redefined: bool
    breaks: tuple[str, ...]
    needs: tuple[str, ...]
    recompute: bool
    questions: tuple[str, ...]  # every question its value depends on
    reads_added: tuple[tuple[str, str], ...] = ()  # (question, new choice) a map must feed

    def standing(self, recoded: Recoded | None = None) -> tuple[Consequence, tuple[str, ...]]:
        """Its consequence once the questions of ``recoded`` (question → previous choice →
        new choices, a confirmed map) are recoded, and why."""
        recoded = recoded or {}
        if self.removed:
            return Consequence.BREAK, ("Indicateur retiré de la nouvelle version.",)
        if self.breaks:
            return Consequence.BREAK, self.breaks
        missing = [q for q in self.needs if q not in recoded]
        if missing:
            names = ", ".join(f"« {q} »" for q in missing)
            return Consequence.BREAK, (f"Table de recodage non confirmée pour {names}.",)
        empty = [
            (q, choice)
            for q, choice in self.reads_added
            if not any(choice in targets for targets in recoded[q].values())
        ]
        if empty:
            q, choice = empty[0]
            said = (
                f"« {q} » : aucun choix antérieur n'est rapporté au choix nouveau « {choice} » "
                "que lit l'indicateur."
            )
            return Consequence.BREAK, (said,)
        if not self.recompute:
            return Consequence.COMPARABLE, ()
        return Consequence.RECODE, tuple(self._recomputed(recoded))

    def _recomputed(self, recoded: Recoded) -> Iterable[str]:
        if self.added:
            yield (
                "Nouvel indicateur : sa valeur antérieure est calculée sur les réponses de "
                "l'édition précédente."
            )
        elif self.redefined:
            yield (
                "Définition modifiée : la valeur antérieure est recalculée sur les réponses "
                "de l'édition précédente avec la nouvelle définition."
            )
        names = [q for q in self.needs if q in recoded]
        if names:
            listed = ", ".join(f"« {q} »" for q in names)
            yield f"Réponses antérieures recodées par la table confirmée : {listed}."


@dataclass(frozen=True, slots=True)
class Diff:
    """Every question and indicator of two versions of one questionnaire, matched by code."""

    questionnaire: str
    title: str
    previous_hash: str
    current_hash: str
    previous_version: str
    current_version: str
    questions: tuple[QuestionDiff, ...]
    indicators: tuple[IndicatorDiff, ...]
    scores: tuple[Change, ...] = ()

    @property
    def identical(self) -> bool:
        """No change that a figure could see (the title or description may differ)."""
        moved = any(i.recompute or i.removed or i.breaks for i in self.indicators)
        return self.previous_hash == self.current_hash or not (self.changes or moved)

    @property
    def changes(self) -> tuple[Change, ...]:
        return tuple(c for q in self.questions for c in q.changes)

    @property
    def changed_questions(self) -> tuple[QuestionDiff, ...]:
        return tuple(q for q in self.questions if q.changes)

    @property
    def to_recode(self) -> tuple[QuestionDiff, ...]:
        """The questions whose previous answers need a recode map to be compared."""
        return tuple(q for q in self.questions if q.needs_recode)

    def question(self, question_id: str) -> QuestionDiff | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def indicator(self, indicator_id: str) -> IndicatorDiff | None:
        return next((i for i in self.indicators if i.id == indicator_id), None)

    def counts(self) -> dict[str, int]:
        """How many changed questions have each consequence (keys: the consequence codes)."""
        found = dict.fromkeys(Consequence, 0)
        for question in self.changed_questions:
            found[question.consequence] += 1
        return {str(k): v for k, v in found.items()}

    def to_data(self, recoded: Recoded | None = None) -> dict[str, Any]:
        """The diff as plain JSON-ready data (French consequence labels included)."""
        return {
            "questionnaire": self.questionnaire,
            "versions": [self.previous_hash, self.current_hash],
            "identique": self.identical,
            "questions": [_question_data(q) for q in self.changed_questions],
            "indicateurs": [_indicator_data(i, recoded) for i in self.indicators],
        }


def worst(consequences: Iterable[Consequence]) -> Consequence:
    return max(consequences, key=lambda c: c.rank, default=Consequence.COMPARABLE)


def _question_data(question: QuestionDiff) -> dict[str, Any]:
    return {
        "question": question.id,
        "libelle": question.label,
        "consequence": str(question.consequence),
        "consequence_libelle": question.consequence.label,
        "changements": [
            {
                "nature": str(c.kind),
                "nature_libelle": c.kind.label,
                "consequence": str(c.consequence),
                "consequence_libelle": c.consequence.label,
                "message": c.message,
            }
            for c in question.changes
        ],
    }


def _indicator_data(indicator: IndicatorDiff, recoded: Recoded | None) -> dict[str, Any]:
    consequence, reasons = indicator.standing(recoded)
    return {
        "indicateur": indicator.id,
        "libelle": indicator.label,
        "consequence": str(consequence),
        "consequence_libelle": consequence.label,
        "motifs": list(reasons),
    }


# --- questions ---------------------------------------------------------------------------


def choices_of(question: Question) -> tuple[tuple[str, str], ...]:
    """A choice question's options as (value, label); yes/no has its fixed three."""
    if question.type is QuestionType.YES_NO:
        return YES_NO_OPTIONS
    return tuple((o.value, o.label.fr) for o in question.options)


def _tree(expression: Expression | None) -> Node | None:
    return None if expression is None else expression.tree


def _condition(questionnaire: Questionnaire, question: Question) -> tuple[Node | None, ...]:
    """What decides whether the question is asked: its section's condition and its own."""
    section = questionnaire.section(question.section)
    return (_tree(section.relevance if section else None), _tree(question.relevance))


def _changed(question_id: str, kind: Kind, consequence: Consequence, message: str) -> Change:
    return Change(question_id, kind, consequence, message)


def _wording(old: Question, new: Question) -> list[Change]:
    what = []
    if old.label != new.label:
        what.append("libellé")
    if old.help != new.help:
        what.append("aide")
    if old.constraint_message != new.constraint_message:
        what.append("message de contrôle")
    relabelled = [
        value
        for value, label in choices_of(old)
        if any(v == value and lab != label for v, lab in choices_of(new))
    ]
    if relabelled:
        what.append("libellé des choix " + ", ".join(f"« {v} »" for v in relabelled))
    if not what:
        return []
    return [
        _changed(
            new.id,
            Kind.WORDING,
            Consequence.COMPARABLE,
            f"Reformulé ({', '.join(what)}) : les réponses gardent leur sens ; vérifiez que la "
            "nouvelle formulation ne change pas ce qui est demandé.",
        )
    ]


def _types(old: Question, new: Question) -> list[Change]:
    """A type change, and whether a recode map can carry the previous answers over."""
    if old.type == new.type:
        return []
    said = f"Type « {old.type.value} » devenu « {new.type.value} »"
    if {old.type, new.type} <= SAME_NUMBERS or {old.type, new.type} <= TEXT_TYPES:
        return [
            _changed(
                new.id,
                Kind.TYPE_CHANGED,
                Consequence.COMPARABLE,
                f"{said} : les valeurs gardent leur sens.",
            )
        ]
    if recodable(old, new):
        note = (
            " ; plusieurs choix peuvent désormais être cochés : une part peut monter sans que la "
            "pratique change"
            if new.type is QuestionType.MULTIPLE_CHOICE
            else ""
        )
        return [
            _changed(
                new.id,
                Kind.TYPE_CHANGED,
                Consequence.RECODE,
                f"{said} : chaque choix antérieur doit être rapporté à un nouveau choix{note}.",
            )
        ]
    return [
        _changed(
            new.id,
            Kind.TYPE_CHANGED,
            Consequence.BREAK,
            f"{said} : les réponses antérieures n'ont pas d'équivalent dans le nouveau type.",
        )
    ]


def recodable(old: Question, new: Question) -> bool:
    """Whether a recode map can read ``old``'s answers as ``new``'s: choice to choice, and a
    multiple answer only into a multiple question."""
    if old.type not in CHOICE_TYPES or new.type not in CHOICE_TYPES:
        return False
    return not (
        old.type is QuestionType.MULTIPLE_CHOICE and new.type is not QuestionType.MULTIPLE_CHOICE
    )


def _choices(old: Question, new: Question) -> list[Change]:
    if old.type not in CHOICE_TYPES or new.type not in CHOICE_TYPES or not recodable(old, new):
        return []
    before = [value for value, _ in choices_of(old)]
    after = [value for value, _ in choices_of(new)]
    removed = [v for v in before if v not in after]
    added = [v for v in after if v not in before]
    found: list[Change] = []
    if removed:
        listed = ", ".join(f"« {v} »" for v in removed)
        found.append(
            _changed(
                new.id,
                Kind.CHOICE_REMOVED,
                Consequence.RECODE,
                f"Choix retiré(s) ou fusionné(s) : {listed}. Les réponses antérieures qui les "
                "citent doivent être rapportées à un choix de la nouvelle version.",
            )
        )
    if added:
        listed = ", ".join(f"« {v} »" for v in added)
        found.append(
            _changed(
                new.id,
                Kind.CHOICE_ADDED,
                Consequence.COMPARABLE,
                f"Choix ajouté(s) : {listed}. Aucune réponse antérieure ne les cite : un "
                "indicateur qui les lit n'a pas de valeur antérieure ; les parts des autres "
                "choix peuvent baisser si des répondants s'y reportent.",
            )
        )
    kept_old = [v for v in before if v in after]
    kept_new = [v for v in after if v in before]
    if not removed and not added and kept_old != kept_new:
        found.append(
            _changed(
                new.id,
                Kind.OTHER,
                Consequence.COMPARABLE,
                "Ordre des choix modifié : les réponses sont lues par leur code, rien ne "
                "se décale.",
            )
        )
    return found


def _bounds(question: Question) -> tuple[float | None, float | None]:
    if question.type is QuestionType.PERCENTAGE:
        return (
            0.0 if question.minimum is None else question.minimum,
            100.0 if question.maximum is None else question.maximum,
        )
    return question.minimum, question.maximum


def _within(old: tuple[float | None, float | None], new: tuple[float | None, float | None]) -> bool:
    """Whether every value ``old`` allowed is still allowed by ``new``."""
    (old_low, old_high), (new_low, new_high) = old, new
    low_ok = new_low is None or (old_low is not None and old_low >= new_low)
    high_ok = new_high is None or (old_high is not None and old_high <= new_high)
    return low_ok and high_ok


def _scale(old: Question, new: Question) -> list[Change]:
    if old.type not in NUMBER_TYPES or new.type not in NUMBER_TYPES:
        return []
    if old.type != new.type and not {old.type, new.type} <= SAME_NUMBERS:
        return []  # the type change says it (a break)
    if (old.unit or "") != (new.unit or ""):
        return [
            _changed(
                new.id,
                Kind.SCALE_CHANGED,
                Consequence.BREAK,
                f"Unité « {old.unit or 'aucune'} » devenue « {new.unit or 'aucune'} » : les "
                "valeurs ne se comparent plus.",
            )
        ]
    before, after = _bounds(old), _bounds(new)
    if before == after:
        return []
    if _within(before, after):
        return [
            _changed(
                new.id,
                Kind.SCALE_CHANGED,
                Consequence.COMPARABLE,
                "Bornes élargies : toute réponse antérieure reste possible.",
            )
        ]
    return [
        _changed(
            new.id,
            Kind.SCALE_CHANGED,
            Consequence.BREAK,
            f"Bornes resserrées ({_range(before)} devenu {_range(after)}) : des réponses "
            "antérieures n'ont plus cours.",
        )
    ]


def _range(bounds: tuple[float | None, float | None]) -> str:
    low, high = bounds
    return f"[{'—' if low is None else f'{low:g}'} ; {'—' if high is None else f'{high:g}'}]"


def _other(old: Question, new: Question) -> list[Change]:
    what = []
    if old.required != new.required:
        what.append("obligatoire" if new.required else "facultative")
    if old.sensitivity != new.sensitivity:
        what.append(f"sensibilité « {new.sensitivity.value} »")
    if old.constraint != new.constraint:
        what.append("contrôle de saisie")
    if old.section != new.section:
        what.append(f"déplacée dans la page « {new.section} »")
    if _exclusive(old) != _exclusive(new):
        what.append("choix exclusifs")
    if not what:
        return []
    return [
        _changed(
            new.id,
            Kind.OTHER,
            Consequence.COMPARABLE,
            f"Modifié ({', '.join(what)}) : les réponses gardent leur sens ; la part de "
            "non-réponse peut changer.",
        )
    ]


def _exclusive(question: Question) -> frozenset[str]:
    return frozenset(o.value for o in question.options if o.exclusive)


def _score(old: Question, new: Question) -> list[Change]:
    before, after = old.scoring, new.scoring
    if before == after:
        return []
    if before is not None and after is not None:
        same_model = (before.theme, before.values, before.weight, before.dont_know) == (
            after.theme,
            after.values,
            after.weight,
            after.dont_know,
        ) and before.not_concerned == after.not_concerned
        if same_model:  # only the rationale was reworded
            return []
    scoring = after or before
    theme = scoring.theme if scoring is not None else ""
    return [
        _changed(
            new.id,
            Kind.SCORE_CHANGED,
            Consequence.BREAK,
            f"Barème de maturité modifié (thème « {theme} ») : les scores de ce thème ne se "
            "comparent pas d'une édition à l'autre ; les indicateurs ne sont pas touchés.",
        )
    ]


def question_changes(
    previous: Questionnaire, current: Questionnaire, old: Question, new: Question
) -> tuple[Change, ...]:
    """Every change of a question present in both versions."""
    found: list[Change] = []
    found += _types(old, new)
    found += _choices(old, new)
    found += _scale(old, new)
    if _condition(previous, old) != _condition(current, new):
        found.append(
            _changed(
                new.id,
                Kind.CONDITION_CHANGED,
                Consequence.BREAK,
                "Condition d'affichage modifiée (de la question ou de sa page) : les "
                "collectivités interrogées ne sont plus les mêmes.",
            )
        )
    found += _wording(old, new)
    found += _other(old, new)
    found += _score(old, new)
    return tuple(found)


def suggested_map(old: Question, new: Question) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """A first recode map to confirm: a kept choice to itself, a renamed one (same label) to
    its new code; nothing for the others (the team decides)."""
    if not recodable(old, new):
        return ()
    new_choices = choices_of(new)
    kept = {value for value, _ in new_choices}
    by_label = {_plain(label): value for value, label in new_choices}
    found: list[tuple[str, tuple[str, ...]]] = []
    for value, label in choices_of(old):
        if value in kept:
            found.append((value, (value,)))
        elif _plain(label) in by_label:
            found.append((value, (by_label[_plain(label)],)))
        else:
            found.append((value, ()))
    return tuple(found)


def _plain(label: str) -> str:
    return " ".join(label.casefold().split())


def _question_diff(
    previous: Questionnaire, current: Questionnaire, question_id: str
) -> QuestionDiff:
    old = previous.questions.get(question_id)
    new = current.questions.get(question_id)
    if old is None and new is not None:
        change = _changed(
            question_id,
            Kind.QUESTION_ADDED,
            Consequence.BREAK,
            "Question nouvelle : aucune réponse antérieure, pas de série avant cette édition.",
        )
        return QuestionDiff(
            new.id, new.label.fr, None, new.type.value, (change,), (), _options(new)
        )
    if new is None and old is not None:
        change = _changed(
            question_id,
            Kind.QUESTION_REMOVED,
            Consequence.BREAK,
            "Question retirée : sa série s'arrête à l'édition précédente.",
        )
        return QuestionDiff(
            old.id, old.label.fr, old.type.value, None, (change,), _options(old), ()
        )
    if old is None or new is None:
        raise KeyError(question_id)
    return QuestionDiff(
        new.id,
        new.label.fr,
        old.type.value,
        new.type.value,
        question_changes(previous, current, old, new),
        _options(old),
        _options(new),
        suggested_map(old, new),
    )


def _options(question: Question) -> tuple[tuple[str, str], ...]:
    return choices_of(question) if question.type in CHOICE_TYPES else ()


def _asked(questionnaire: Questionnaire) -> list[str]:
    """Every question id except notes, in questionnaire order."""
    return [q.id for q in questionnaire.ordered_questions if q.type is not QuestionType.NOTE]


# --- indicators --------------------------------------------------------------------------


def _literals(expression: Expression) -> frozenset[str]:
    return frozenset(
        str(n.value) for n in walk(expression.tree) if isinstance(n, Literal) and n.value != ""
    )


def depends_on(questionnaire: Questionnaire, indicator: Indicator) -> tuple[str, ...]:
    """The questions an indicator's value depends on: those its numerator and base read, and
    every question that decides whether those are asked, transitively."""
    todo = list(references(indicator.numerator.tree) | references(indicator.base.tree))
    found: list[str] = []
    while todo:
        qid = todo.pop()
        question = questionnaire.questions.get(qid)
        if qid in found or question is None:
            continue
        found.append(qid)
        for node in _condition(questionnaire, question):
            if node is not None:
                todo.extend(references(node))
    return tuple(sorted(found))


def _definition(indicator: Indicator) -> tuple[object, ...]:
    return (indicator.kind, indicator.numerator.tree, indicator.base.tree)


def _indicator_diff(
    previous: Questionnaire, current: Questionnaire, questions: dict[str, QuestionDiff],
    indicator: Indicator,
) -> IndicatorDiff:  # fmt: skip
    before = previous.indicator(indicator.id)
    read = _literals(indicator.numerator) | _literals(indicator.base)
    breaks: list[str] = []
    needs: list[str] = []
    fed: list[tuple[str, str]] = []
    dependencies = depends_on(current, indicator)
    for qid in dependencies:
        diff = questions.get(qid)
        if diff is None:
            continue
        if diff.consequence is Consequence.BREAK:
            breaks += [
                f"« {qid} » : {c.message}"
                for c in diff.changes
                if c.consequence is Consequence.BREAK and c.kind is not Kind.SCORE_CHANGED
            ]
        elif diff.needs_recode:
            needs.append(qid)
        new_read = sorted(read.intersection(diff.added_choices))
        if new_read and diff.needs_recode:
            fed += [(qid, choice) for choice in new_read]
        elif new_read:
            listed = ", ".join(f"« {v} »" for v in new_read)
            breaks.append(
                f"« {qid} » : l'indicateur lit le choix nouveau {listed}, qu'aucune réponse "
                "antérieure ne pouvait citer."
            )
    redefined = before is not None and _definition(before) != _definition(indicator)
    return IndicatorDiff(
        indicator.id,
        indicator.label.fr,
        added=before is None,
        removed=False,
        redefined=redefined,
        breaks=tuple(dict.fromkeys(breaks)),
        needs=tuple(needs),
        recompute=before is None or redefined or bool(needs),
        questions=dependencies,
        reads_added=tuple(fed),
    )


def _removed_indicator(indicator: Indicator) -> IndicatorDiff:
    return IndicatorDiff(
        indicator.id, indicator.label.fr, added=False, removed=True, redefined=False,
        breaks=(), needs=(), recompute=False, questions=(),
    )  # fmt: skip


def diff(previous: Questionnaire, current: Questionnaire) -> Diff:
    """The classified differences from ``previous`` to ``current`` (two versions of one
    questionnaire, matched by question, choice and indicator codes)."""
    ids = list(dict.fromkeys([*_asked(current), *_asked(previous)]))
    questions = {qid: _question_diff(previous, current, qid) for qid in ids}
    indicators = [_indicator_diff(previous, current, questions, i) for i in current.indicators]
    kept = {i.id for i in current.indicators}
    indicators += [_removed_indicator(i) for i in previous.indicators if i.id not in kept]
    return Diff(
        current.id,
        current.title.fr,
        previous.version_hash,
        current.version_hash,
        previous.version,
        current.version,
        tuple(questions.values()),
        tuple(indicators),
        tuple(c for q in questions.values() for c in q.changes if c.kind is Kind.SCORE_CHANGED),
    )


__all__ = [
    "CONSEQUENCE_LABELS",
    "KIND_LABELS",
    "Change",
    "Consequence",
    "Diff",
    "IndicatorDiff",
    "Kind",
    "QuestionDiff",
    "choices_of",
    "depends_on",
    "diff",
    "recodable",
    "suggested_map",
    "worst",
]

"""How synthetic authorities answer: calibrated shares and gradients, question by question.

``slope`` is the effect of the digital score (larger, more digital authorities) on an option:
positive for what digital authorities do more, negative for weaknesses. Shares are exact on the
rows where the question is asked, so published wave-1 figures are reproduced on their base.
Questions without a plan get a generic, plausible draw (see ``answer.py``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TypeVar


@dataclass(frozen=True, slots=True)
class Shares:
    """Single choice or yes / no: exact share of each option among the rows asked."""

    shares: Mapping[str, float]
    slopes: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, slots=True)
class Picks:
    """Multiple choice: exact share of rows ticking each option; ``filler`` if none is ticked."""

    shares: Mapping[str, float]
    filler: str | None = None
    slope: float = 0.5


@dataclass(frozen=True, slots=True)
class Count:
    """A whole number: log-normal around ``median`` times (population / 1,000) ** ``elasticity``."""

    median: float
    elasticity: float = 0.0
    spread: float = 0.6


@dataclass(frozen=True, slots=True)
class Ratio:
    """A number drawn as a share of another numeric answer (respects ``. <= ${other}``)."""

    of: str
    mean_share: float


@dataclass(frozen=True, slots=True)
class Percent:
    """A percentage: zero for ``zero_share`` of rows, else exponential with mean ``mean``."""

    zero_share: float
    mean: float


Plan = Shares | Picks | Count | Ratio | Percent

P = TypeVar("P", Shares, Picks, Count, Ratio, Percent)

YES = 0.8  # usual slope of a digital practice


def _moved(share: float, slope: float, shift: float) -> float:
    """``share`` moved by ``shift × slope`` on the logit scale (0 and 1 stay put)."""
    if not 0 < share < 1 or slope == 0:
        return share
    logit = math.log(share / (1 - share)) + shift * slope
    return 1 / (1 + math.exp(-logit))


def _moved_shares(plan: Shares, shift: float) -> Shares:
    moved = {v: _moved(s, plan.slopes.get(v, 0.0), shift) for v, s in plan.shares.items()}
    total = sum(moved.values())
    if total > 1:
        moved = {v: s / total for v, s in moved.items()}
    return Shares(MappingProxyType(moved), plan.slopes)


def advanced(plan: P, shift: float, exclusive: frozenset[str] = frozenset()) -> P:
    """The plan of another year: each share moved by ``shift × slope`` on the logit scale.

    A negative ``shift`` is an earlier year: digital practices (positive slope) are rarer,
    weaknesses (negative slope, or an exclusive « none » of a multiple choice) more common.
    Counts and ratios do not move.
    """
    if shift == 0:
        return plan
    if isinstance(plan, Shares):
        return _moved_shares(plan, shift)
    if isinstance(plan, Picks):
        shares = {
            v: _moved(s, -plan.slope if v in exclusive else plan.slope, shift)
            for v, s in plan.shares.items()
        }
        return Picks(MappingProxyType(shares), plan.filler, plan.slope)
    if isinstance(plan, Percent):
        return Percent(_moved(plan.zero_share, -YES, shift), plan.mean * math.exp(YES * shift / 2))
    return plan


def yes(share: float, slope: float = YES, nsp: float = 0.03) -> Shares:
    return Shares({"oui": share, "nsp": nsp}, {"oui": slope, "nsp": -0.3})


PLANS: Mapping[str, Plan] = {
    # Profile: 76 % agents, 24 % élus (élus answer more in small communes).
    "collectivite_confirmee": Shares({"oui": 0.97}),
    "role": Shares({"agent": 0.76, "elu": 0.24}, {"agent": 0.6}),
    "fonction_agent": Shares(
        {"secretaire_mairie": 0.45, "dgs": 0.25, "numerique": 0.15, "communication": 0.08},
        {"secretaire_mairie": -1.0, "numerique": 1.0, "communication": 0.8},
    ),
    "fonction_elu": Shares({"maire": 0.55, "adjoint": 0.3, "delegue": 0.1}, {"delegue": 0.6}),
    # Wave 1 — inclusion (published figures).
    "inc_lieux_mediation": yes(0.26, 1.0),
    # Base of the published place shares: respondents with mediation places (see the YAML).
    "inc_types_lieux": Picks(
        {
            "france_services": 0.22,
            "mediatheque": 0.19,
            "bibliotheque": 0.13,
            "epn": 0.11,
            "centre_social": 0.10,
            "structure_privee": 0.09,
        },
        filler="autre",
    ),
    "inc_nb_lieux": Count(2, 0.3, 0.5),
    "inc_actions_mediation": yes(0.28, 1.0),
    "inc_types_actions": Picks(
        {
            "competences": 0.77,
            "demarches": 0.77,
            "acces_internet": 0.62,
            "culture_numerique": 0.50,
            "evaluation_competences": 0.19,
        },
        filler="autre",
    ),
    "inc_conseiller_numerique": yes(0.26, 0.9),
    # Wave 1 — cybersecurity (published figures; weaknesses fall with size).
    "cyb_victime_3ans": yes(0.08, 0.5, nsp=0.05),
    "cyb_incidents": Picks({"rancongiciel": 0.40, "site_paralyse": 0.23}, filler="hameconnage"),
    "cyb_plans": Picks({"aucun": 0.76, "nsp": 0.04, "pca": 0.15, "pra": 0.12}, filler="pca"),
    "cyb_rssi": Shares(
        {"aucun": 0.64, "interne": 0.12, "mutualise": 0.18, "nsp": 0.06},
        {"aucun": -1.0, "interne": 1.2, "mutualise": 0.3},
    ),
    "cyb_formation_elus": yes(0.22, 0.6),
    "cyb_formation_agents": yes(0.46, 0.8),
    "cyb_actions_sensibilisation": Picks(
        {"aucune": 0.45, "kit_cybermalveillance": 0.3, "webinaire": 0.2, "formation": 0.2},
        filler="kit_cybermalveillance",
    ),
    # Wave 1 — communication (published figures).
    "com_site_internet": yes(0.76, 1.2, nsp=0.0),
    "com_journal_papier": yes(0.85, 0.3, nsp=0.0),
    "com_reseaux_sociaux": yes(0.76, 1.0, nsp=0.0),
    "com_retransmission_conseils": yes(0.03, 1.5, nsp=0.0),
    "com_participation_citoyenne": yes(0.05, 1.2, nsp=0.0),
    "com_rgaa": Shares(
        {"audit_realise": 0.18, "en_cours": 0.19, "rien": 0.61, "nsp": 0.02},
        {"audit_realise": 1.2, "en_cours": 0.8, "rien": -1.0},
    ),
    # Wave 2 (consolidated figures used as targets).
    "out_teletravail": yes(0.55, 1.2, nsp=0.0),
    "out_charte_teletravail": yes(0.34 / 0.55, 0.8, nsp=0.02),
    "out_part_reconditionne": Percent(0.6, 20.0),
    "out_logiciels_en_ligne": yes(0.39),
    "out_paie_dematerialisee": yes(0.22, 1.0),
    "out_nb_postes": Count(4, 0.8),
    "don_open_data": Shares(
        {"publie": 0.12, "projet": 0.14, "non": 0.64, "nsp": 0.10}, {"publie": 1.5, "projet": 1.0}
    ),
    "don_projets_ia": yes(0.06, 1.5),
    "inf_nb_sites": Count(6, 0.6),
    "inf_sites_thd": Ratio("inf_nb_sites", 0.6),
    # Wave 3.
    "str_feuille_de_route": Shares(
        {"oui": 0.22, "en_cours": 0.15, "non": 0.55, "nsp": 0.08}, {"oui": 1.2, "en_cours": 0.8}
    ),
    "str_priorites": Picks(
        {"cybersecurite": 0.4, "services_en_ligne": 0.3, "inclusion": 0.25}, filler="cybersecurite"
    ),
    "svc_nb_demarches": Count(150, 1.0, 1.0),
}

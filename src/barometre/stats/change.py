"""The change of an estimate between two independent surveys (two waves, two years).

Each edition of the barometer is its own sample, weighted to its own frame: the variance of
``after − before`` is the sum of the two variances (the covariance of independent samples is
zero), and the test is a two-sided z test. Authorities that answer both editions make the two
estimates positively correlated in practice; ignoring that covariance overstates the variance
of the change, so the test errs on the side of « no significant change ».

>>> c = change(0.40, 0.02, 0.46, 0.015)
>>> round(c.difference, 2), round(c.se, 3), c.significant()
(0.06, 0.025, True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import stats as sps

from barometre.stats.estimate import quantile


@dataclass(frozen=True)
class Change:
    """``after − before``, its standard error, z statistic, two-sided p-value and interval."""

    difference: float
    se: float
    statistic: float | None
    p_value: float
    low: float
    high: float
    level: float

    def significant(self, alpha: float | None = None) -> bool:
        """Whether the change is significant at ``alpha`` (default: ``1 − level``)."""
        threshold = 1 - self.level if alpha is None else alpha
        return self.p_value < threshold

    @property
    def direction(self) -> int:
        """+1 for a rise, −1 for a fall, 0 for none (the sign of the difference)."""
        return (self.difference > 0) - (self.difference < 0)


def _finite(*numbers: float) -> bool:
    return all(math.isfinite(x) for x in numbers)


def change(
    before: float, se_before: float, after: float, se_after: float, level: float = 0.95
) -> Change:
    """The change ``after − before`` of two estimates from independent samples.

    A zero standard error on both sides (e.g. 0 % then 0 %) gives p = 1 when nothing changed
    and p = 0 otherwise: without sampling variance, any difference is real.
    """
    if not _finite(before, se_before, after, se_after):
        raise ValueError("Estimation ou erreur type non finie (non-finite estimate or SE).")
    if se_before < 0 or se_after < 0:
        raise ValueError("Erreur type négative (negative standard error).")
    difference = after - before
    se = math.hypot(se_before, se_after)
    half = quantile(level, None) * se
    if se == 0:
        p_value = 1.0 if difference == 0 else 0.0
        return Change(difference, 0.0, None, p_value, difference, difference, level)
    z = difference / se
    p_value = float(2 * sps.norm.sf(abs(z)))
    return Change(difference, se, z, p_value, difference - half, difference + half, level)

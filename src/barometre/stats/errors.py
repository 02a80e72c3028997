"""Errors raised by :mod:`barometre.stats`: each names the problem, in French then English."""

from __future__ import annotations


class StatsError(ValueError):
    """Base class: a statistical computation refused bad input instead of returning NaN."""

    code = "stats"


class MissingVariableError(StatsError, KeyError):
    """A variable named in a call is not a column of the data."""

    code = "missing-variable"

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class WeightError(StatsError):
    """Weights or selection probabilities that are missing, zero, negative or infinite."""

    code = "bad-weights"


class FpcError(StatsError):
    """A finite population correction inconsistent with the sample."""

    code = "bad-fpc"


class DesignError(StatsError):
    """A design description that cannot be interpreted (clusters, strata, ids)."""

    code = "bad-design"


class LonelyPSUError(DesignError):
    """A stratum holds a single primary sampling unit and the policy is ``"fail"``."""

    code = "lonely-psu"


class MissingValuesError(StatsError):
    """Missing values in an analysis variable while ``na_rm=False``."""

    code = "missing-values"


class CalibrationError(StatsError):
    """Weighting failed: empty margin level, contradictory targets or no convergence."""

    code = "calibration"


class UnreachableMarginsError(CalibrationError):
    """Raking stopped (or cycled) with margins still far from their targets: the sample's
    joint coverage of the margin variables cannot meet them all (e.g. a région reached only
    through cells whose own targets say otherwise)."""

    code = "margins-unreachable"


class EmptyDomainError(StatsError):
    """A domain (subset) with no respondent: no estimate can be made."""

    code = "empty-domain"

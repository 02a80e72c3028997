"""Survey statistics in the style of R's ``survey`` package (pure: numpy, polars, pandas).

>>> from barometre import stats
>>> d = stats.Design(data, ids="dnum", weights="pw", fpc="fpc")   # doctest: +SKIP
>>> stats.mean(d, "api00").se                                     # doctest: +SKIP
"""

from barometre.stats.calibration import calibrate
from barometre.stats.design import Design, WeightingReport
from barometre.stats.errors import (
    CalibrationError,
    DesignError,
    EmptyDomainError,
    FpcError,
    LonelyPSUError,
    MissingValuesError,
    MissingVariableError,
    StatsError,
    WeightError,
)
from barometre.stats.estimate import Estimate, EstimateTable
from barometre.stats.estimators import mean, ratio, total
from barometre.stats.weighting import poststratify, rake

__all__ = [
    "CalibrationError",
    "Design",
    "DesignError",
    "EmptyDomainError",
    "Estimate",
    "EstimateTable",
    "FpcError",
    "LonelyPSUError",
    "MissingValuesError",
    "MissingVariableError",
    "StatsError",
    "WeightError",
    "WeightingReport",
    "calibrate",
    "mean",
    "poststratify",
    "rake",
    "ratio",
    "total",
]

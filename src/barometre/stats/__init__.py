"""Survey statistics in the style of R's ``survey`` package (pure: numpy, polars, pandas).

>>> from barometre import stats
>>> d = stats.Design(data, ids="dnum", weights="pw", fpc="fpc")   # doctest: +SKIP
>>> stats.mean(d, "api00").se                                     # doctest: +SKIP
"""

from barometre.stats.barometer import (
    BarometerResults,
    Indicator,
    IndicatorResult,
    WaveColumns,
    barometer_design,
    estimate_wave,
)
from barometre.stats.barometer_margins import MarginLevel, WaveWeighting, wave_weighting
from barometre.stats.barometer_parameters import BarometerParameters
from barometre.stats.calibration import calibrate
from barometre.stats.change import Change, change
from barometre.stats.comparisons import ChisqTest, TTest, chisq, ttest
from barometre.stats.design import Design, WeightingReport, WeightingStep
from barometre.stats.disclosure import DisclosureRule, secondary_suppression
from barometre.stats.domains import by
from barometre.stats.errors import (
    CalibrationError,
    DesignError,
    EmptyDomainError,
    FpcError,
    LonelyPSUError,
    MissingValuesError,
    MissingVariableError,
    StatsError,
    UnreachableMarginsError,
    WeightError,
)
from barometre.stats.estimate import Estimate, EstimateTable
from barometre.stats.estimators import mean, ratio, total
from barometre.stats.linked import Cell, Decision, linked_decision, linked_suppression
from barometre.stats.proportions import ciprop
from barometre.stats.weighting import poststratify, rake

__all__ = [
    "BarometerParameters",
    "BarometerResults",
    "CalibrationError",
    "Cell",
    "Change",
    "ChisqTest",
    "Decision",
    "Design",
    "DesignError",
    "DisclosureRule",
    "EmptyDomainError",
    "Estimate",
    "EstimateTable",
    "FpcError",
    "Indicator",
    "IndicatorResult",
    "LonelyPSUError",
    "MarginLevel",
    "MissingValuesError",
    "MissingVariableError",
    "StatsError",
    "TTest",
    "UnreachableMarginsError",
    "WaveColumns",
    "WaveWeighting",
    "WeightError",
    "WeightingReport",
    "WeightingStep",
    "barometer_design",
    "by",
    "calibrate",
    "change",
    "chisq",
    "ciprop",
    "estimate_wave",
    "linked_decision",
    "linked_suppression",
    "mean",
    "poststratify",
    "rake",
    "ratio",
    "secondary_suppression",
    "total",
    "ttest",
    "wave_weighting",
]

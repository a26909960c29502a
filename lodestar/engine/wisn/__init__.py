"""WISN: the WHO Workload Indicators of Staffing Need, for one staff category.

Definition, then calculation, then result, like the rest of the engine:

    spec = load_wisn("wisn.yaml")        # or a YAML string, or a dict; raises SpecError
    result = calculate(spec)             # WisnResult with every figure of the method
    result.to_dict()                     # stable keys, unrounded floats (what `lodestar wisn --format json` prints)

The method and a worked example are in docs/engine/wisn.md (the example there is run
as a test). In short, with A possible working days, B-E days of leave and F hours a day:

    AWT days  = A - (B + C + D + E)            AWT hours = AWT days x F
    SW_i      = AWT hours x 60 / minutes per unit      (or AWT hours x units per hour)
    CAS%      = time per day / F, per week / weekly hours, per year / AWT, each x 100
    CAF       = 1 / (1 - total CAS% / 100)     (only while total CAS% < 100)
    IAF       = sum(hours a year x staff) / AWT hours
    required  = sum(workload_i / SW_i) x CAF + IAF
    difference = existing - required;  ratio = existing / required
"""

from lodestar.engine.wisn.calculate import calculate
from lodestar.engine.wisn.report import ActivityResult, AllowanceResult, WisnResult
from lodestar.engine.wisn.spec import (
    ActivityStandard,
    CategoryAllowance,
    IndividualAllowance,
    WisnSpec,
    WorkingTime,
    load_wisn,
    parse_wisn,
)
from lodestar.engine.yamlio import load_yaml  # the one strict YAML reader, kept here for older callers

__all__ = [
    "ActivityResult",
    "ActivityStandard",
    "AllowanceResult",
    "CategoryAllowance",
    "IndividualAllowance",
    "WisnResult",
    "WisnSpec",
    "WorkingTime",
    "calculate",
    "load_wisn",
    "load_yaml",
    "parse_wisn",
]

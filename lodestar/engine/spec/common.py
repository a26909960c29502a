"""What every part of the scenario parser shares: reading numbers, distributions, text and lists.

``Parser`` reads one field at a time and never raises: each problem is collected with its
field path so that ``load_scenario`` reports them all in one ``SpecError``.
"""

from __future__ import annotations

import math
from typing import Any

from lodestar.engine.errors import ProblemCollector
from lodestar.engine.levers import DISTRIBUTIONS
from lodestar.engine.spec.scenario import Dist, Param

# no number of a scenario (FTE, people, GBP) is anywhere near this; larger ones overflow the arithmetic
MAX_MAGNITUDE = 1e12
# the name results use for every staff group together
RESERVED_GROUP = "all"


class Parser:
    """Reads raw YAML data field by field, collecting every problem with its path."""

    def __init__(self) -> None:
        self.problems = ProblemCollector()
        self.params: dict[str, Param] = {}

    def add(self, path: str, reason: str) -> None:
        self.problems.add(path, reason)

    # numbers ---------------------------------------------------------------
    def number(self, raw: Any, path: str, *, low=None, high=None, integer=False, required=True) -> float | None:
        if raw is None:
            if required:
                self.add(path, "is required")
            return None
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            hint = ""
            if isinstance(raw, str):
                try:
                    float(raw)
                    hint = f' (got "{raw}"; YAML reads a number like 1e5 as text: write 100000 or 1.0e+5)'
                except ValueError:
                    pass
            self.add(path, ("must be a whole number" if integer else "must be a number") + hint)
            return None
        if not math.isfinite(raw):
            self.add(path, "must be a finite number")
            return None
        if abs(raw) > MAX_MAGNITUDE:
            self.add(path, f"is too large (at most {MAX_MAGNITUDE:,.0f} either side of 0)")
            return None
        if integer and raw != int(raw):
            self.add(path, "must be a whole number")
            return None
        if low is not None and high is not None and not (low <= raw <= high):
            self.add(path, f"must be between {_fmt(low)} and {_fmt(high)}")
            return None
        if low is not None and raw < low:
            self.add(path, f"must be at least {_fmt(low)}")
            return None
        if high is not None and raw > high:
            self.add(path, f"must be at most {_fmt(high)}")
            return None
        return int(raw) if integer else float(raw)

    def param(self, raw: Any, path: str, *, low=-math.inf, high=math.inf, required=True) -> Param | None:
        """A number or a distribution mapping; its mean must lie within [low, high]."""
        if raw is None:
            if required:
                self.add(path, "is required")
            return None
        if isinstance(raw, dict):
            dist = self.dist(raw, path)
            if dist is None:
                return None
            p = Param(path=path, dist=dist, low=low, high=high)
            m = dist.mean()
            if abs(m) > MAX_MAGNITUDE:
                self.add(path, f"the distribution's mean is too large (at most {MAX_MAGNITUDE:,.0f} either side of 0)")
                return None
            if not (low <= m <= high):
                self.add(path, f"the distribution's mean ({_fmt(m)}) must be between {_fmt(low)} and {_fmt(high)}")
                return None
        else:
            value = self.number(
                raw, path, low=None if low == -math.inf else low, high=None if high == math.inf else high
            )
            if value is None:
                return None
            p = Param(path=path, value=value, low=low, high=high)
        self.params[path] = p
        return p

    def dist(self, raw: dict, path: str) -> Dist | None:
        kind = raw.get("dist")
        if not isinstance(kind, str) or kind not in DISTRIBUTIONS:
            self.add(f"{path}.dist", f"must be one of {', '.join(DISTRIBUTIONS)} (a number is also accepted)")
            return None
        names = DISTRIBUTIONS[kind]
        extra = sorted(set(raw) - set(names) - {"dist"})
        for key in extra:
            self.add(f"{path}.{key}", f"is not a parameter of the {kind} distribution ({', '.join(names)})")
        args = [self.number(raw.get(n), f"{path}.{n}") for n in names]
        if extra or any(a is None for a in args):
            return None
        ok = True
        if kind == "normal" and args[1] < 0 or kind == "lognormal" and args[1] < 0:
            self.add(f"{path}.{names[1]}", "must be at least 0")
            ok = False
        if kind == "triangular" and not (args[0] <= args[1] <= args[2]):
            self.add(path, "needs low <= mode <= high")
            ok = False
        if kind == "uniform" and not (args[0] <= args[1]):
            self.add(path, "needs low <= high")
            ok = False
        return Dist(kind, tuple(args)) if ok else None

    def text(self, raw: Any, path: str, *, required=True, default: str | None = None) -> str | None:
        if raw is None:
            if required:
                self.add(path, "is required")
            return default
        if isinstance(raw, bool) or not isinstance(raw, str | int | float):
            self.add(path, "must be text")
            return None
        value = str(raw).strip()
        if not value and required:
            self.add(path, "must not be empty")
            return None
        return value

    def mapping(self, raw: Any, path: str, *, required=False) -> dict:
        if raw is None:
            if required:
                self.add(path, "is required")
            return {}
        if not isinstance(raw, dict):
            self.add(path, "must be a mapping of names to values")
            return {}
        return raw

    def listing(self, raw: Any, path: str, *, required=False) -> list:
        if raw is None:
            if required:
                self.add(path, "is required")
            return []
        if not isinstance(raw, list):
            self.add(path, "must be a list")
            return []
        return raw

    def unknown_keys(self, raw: dict, allowed, path: str) -> None:
        for key in raw:
            if key not in allowed:
                where = f"{path}.{key}" if path else str(key)
                self.add(where, f"is not a known field (expected one of: {', '.join(allowed)})")


def _fmt(x: float) -> str:
    return f"{x:g}"


def _fmt(x: float) -> str:
    return f"{x:g}"

"""The national intervention catalogue as a versioned data file.

``load(path)`` reads ``data/catalogue.yaml`` (or another file), checks every entry and
returns a frozen ``Catalogue``.  It collects *all* the problems in the file before
failing, each with its path, e.g.::

    interventions[12].staff_groups[1]: 'nurse' is not a known staff group

so whoever edits the file can fix everything in one go.  Nothing here touches the
database: ``lodestar.star.actions.load_catalogue`` writes a validated catalogue.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lodestar.engine.errors import SpecError
from lodestar.engine.levers import DISTRIBUTIONS, LEVER_TYPES
from lodestar.engine.spec import validate_lever_template
from lodestar.engine.yamlio import load_yaml
from lodestar.star import vocab

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "catalogue.yaml"

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
VERSION_PATTERN = re.compile(r"^\d{4}\.\d+$")
ID_MAX_LENGTH = 40
RESERVED_IDS = {"new"}
LOCAL_PREFIX = "local-"

# Keys every lever template may carry, besides the extra keys its type names.
COMMON_LEVER_KEYS = ("type", "effect", "ramp_up_years", "note")
MAX_RAMP_UP_YEARS = 10
# Plausible effects (and distribution bounds) by lever type come from the lever-type registry
# (``LeverType.plausible_range``): the catalogue describes modest, relative changes; anything
# outside is a typing mistake.


LABELS = {
    "staff_groups": ("staff group", dict(vocab.STAFF_GROUPS)),
    "care_settings": ("care setting", dict(vocab.CARE_SETTINGS)),
}
SINGLE_CHOICES = {
    "evidence_level": ("evidence level", dict(vocab.EVIDENCE_LEVELS)),
    "time_to_impact": ("time to impact", dict(vocab.TIME_TO_IMPACT)),
    "cost_band": ("cost band", dict(vocab.COST_BANDS)),
}
POINT_FIELDS = ("key", "name", "summary", "description")
INTERVENTION_FIELDS = ("id", "point", *vocab.CONTENT_FIELDS, "levers")
MAX_LENGTHS = {"title": 200, "summary": 400, "name": 100, "point_summary": 300}


class CatalogueError(ValueError):
    """The catalogue file has problems; ``problems`` lists (path, reason) pairs."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("\n".join(f"{path}: {reason}" if path else reason for path, reason in problems))


@dataclass(frozen=True)
class Point:
    key: str
    name: str
    order: int
    summary: str
    description: str


@dataclass(frozen=True)
class Entry:
    id: str
    point: str
    title: str
    summary: str
    description: str
    staff_groups: tuple[str, ...]
    care_settings: tuple[str, ...]
    evidence_level: str
    time_to_impact: str
    cost_band: str
    levers: tuple[dict, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Catalogue:
    version: str
    points: tuple[Point, ...]
    interventions: tuple[Entry, ...]

    def by_point(self, key: str) -> list[Entry]:
        return [e for e in self.interventions if e.point == key]


# ---------------------------------------------------------------- levers


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _check_effect(effect: Any, path: str, bounds: tuple[float, float], problems: list) -> None:
    low_bound, high_bound = bounds

    def in_bounds(value: float, where: str) -> None:
        if not low_bound <= value <= high_bound:
            problems.append((where, f"{value} is outside the plausible range {low_bound} to {high_bound}"))

    if _is_number(effect):
        in_bounds(effect, path)
        return
    if not isinstance(effect, dict):
        problems.append((path, "must be a number or a distribution such as {dist: triangular, low, mode, high}"))
        return
    dist = effect.get("dist")
    if dist not in DISTRIBUTIONS:
        problems.append(
            (f"{path}.dist", f"{dist!r} is not a known distribution (use one of {', '.join(DISTRIBUTIONS)})")
        )
        return
    params = DISTRIBUTIONS[dist]
    ok = True
    for name in params:
        if name not in effect:
            problems.append((f"{path}.{name}", f"is missing (a {dist} distribution needs {', '.join(params)})"))
            ok = False
        elif not _is_number(effect[name]):
            problems.append((f"{path}.{name}", f"must be a number, not {effect[name]!r}"))
            ok = False
    for name in effect:
        if name != "dist" and name not in params:
            problems.append((f"{path}.{name}", f"is not a parameter of a {dist} distribution"))
            ok = False
    if not ok:
        return
    if dist == "triangular":
        low, mode, high = effect["low"], effect["mode"], effect["high"]
        if not low <= mode <= high:
            problems.append((path, f"needs low <= mode <= high (got {low}, {mode}, {high})"))
        elif low == high:
            problems.append((path, "low and high are equal: give a single number instead"))
        in_bounds(low, f"{path}.low")
        in_bounds(high, f"{path}.high")
    elif dist == "uniform":
        if not effect["low"] < effect["high"]:
            problems.append((path, f"needs low < high (got {effect['low']}, {effect['high']})"))
        in_bounds(effect["low"], f"{path}.low")
        in_bounds(effect["high"], f"{path}.high")
    elif dist == "normal":
        if effect["sd"] <= 0:
            problems.append((f"{path}.sd", "must be greater than 0"))
        in_bounds(effect["mean"], f"{path}.mean")
    elif dist == "lognormal" and effect["sigma"] <= 0:
        problems.append((f"{path}.sigma", "must be greater than 0"))


def _check_extra(key: str, value: Any, path: str, problems: list) -> None:
    if key == "course_years":
        if not (isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 10):
            problems.append((path, "must be a whole number of years from 1 to 10"))
    elif key == "attrition":
        if not (_is_number(value) and 0 <= value < 1):
            problems.append((path, "must be a fraction from 0 up to (not including) 1"))
    elif key == "share_taking_posts":
        if not (_is_number(value) and 0 < value <= 1):
            problems.append((path, "must be a fraction above 0 and at most 1"))
    elif key == "equivalence":
        if not (_is_number(value) and 0 < value <= 2):
            problems.append((path, "must be a number above 0 and at most 2"))
    elif key in ("new_role", "source_group") and value not in LABELS["staff_groups"][1]:
        problems.append((path, f"{value!r} is not a known staff group"))


def validate_lever(lever: Any, path: str) -> list[tuple[str, str]]:
    """Problems with one lever template (an empty list when it is valid)."""
    problems: list[tuple[str, str]] = []
    if not isinstance(lever, dict):
        return [(path, "must be a mapping with type and effect")]
    lever_type = lever.get("type")
    if lever_type not in LEVER_TYPES:
        problems.append(
            (f"{path}.type", f"{lever_type!r} is not a known lever type (use one of {', '.join(LEVER_TYPES)})")
        )
        return problems
    extras = LEVER_TYPES[lever_type].extra_keys
    for key in lever:
        if key not in COMMON_LEVER_KEYS and key not in extras:
            allowed = ", ".join((*COMMON_LEVER_KEYS, *extras))
            problems.append((f"{path}.{key}", f"is not a setting of a {lever_type} lever (allowed: {allowed})"))
    if "effect" not in lever:
        problems.append((f"{path}.effect", "is missing"))
    else:
        _check_effect(lever["effect"], f"{path}.effect", LEVER_TYPES[lever_type].plausible_range, problems)
    ramp = lever.get("ramp_up_years", 0)
    if not (isinstance(ramp, int) and not isinstance(ramp, bool) and 0 <= ramp <= MAX_RAMP_UP_YEARS):
        problems.append((f"{path}.ramp_up_years", f"must be a whole number of years from 0 to {MAX_RAMP_UP_YEARS}"))
    if "note" in lever and not isinstance(lever["note"], str):
        problems.append((f"{path}.note", "must be text"))
    for key in extras:
        if key in lever:
            _check_extra(key, lever[key], f"{path}.{key}", problems)
    if not problems:
        problems.extend(_engine_check(lever, path))
    return problems


def split_lever(lever: dict) -> tuple[dict, int]:
    """A catalogue lever as the engine's template (``lodestar.engine.levers.from_catalogue``)
    and its typical ramp-up in years, which the engine takes separately."""
    template = {k: v for k, v in lever.items() if k != "ramp_up_years"}
    return template, int(lever.get("ramp_up_years", 0))


def _engine_check(lever: dict, path: str) -> list[tuple[str, str]]:
    """Ask the engine too (it knows the projection's rules)."""
    template, _ramp = split_lever(lever)
    return [(f"{path}.{p}" if p else path, reason) for p, reason in validate_lever_template(template)]


# ---------------------------------------------------------------- entries


def _text(item: dict, key: str, path: str, problems: list, max_length: int | None = None) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append((f"{path}.{key}", "is missing or empty"))
        return ""
    value = " ".join(value.split())
    if max_length and len(value) > max_length:
        problems.append((f"{path}.{key}", f"is {len(value)} characters; the most allowed is {max_length}"))
    return value


def _choice_list(item: dict, key: str, path: str, problems: list) -> tuple[str, ...]:
    noun, known = LABELS[key]
    value = item.get(key)
    if not isinstance(value, list) or not value:
        problems.append((f"{path}.{key}", f"must be a list of at least one {noun}"))
        return ()
    for i, k in enumerate(value):
        if k not in known:
            problems.append((f"{path}.{key}[{i}]", f"{k!r} is not a known {noun}"))
    if len(set(map(str, value))) != len(value):
        problems.append((f"{path}.{key}", f"lists the same {noun} twice"))
    return tuple(str(k) for k in value)


def _choice(item: dict, key: str, path: str, problems: list) -> str:
    noun, known = SINGLE_CHOICES[key]
    value = item.get(key)
    if value not in known:
        problems.append((f"{path}.{key}", f"{value!r} is not a known {noun} (use one of {', '.join(known)})"))
        return ""
    return value


def check_id(value: Any) -> str | None:
    """Why ``value`` cannot be a national intervention id, or None when it can."""
    if not isinstance(value, str) or not value:
        return "is missing"
    if len(value) > ID_MAX_LENGTH:
        return f"is {len(value)} characters; the most allowed is {ID_MAX_LENGTH}"
    if not ID_PATTERN.match(value):
        return f"{value!r} must be lower-case letters, numbers and single hyphens"
    if value in RESERVED_IDS or value.startswith(LOCAL_PREFIX):
        return f"{value!r} is reserved (ids starting 'local-' belong to organisations' local interventions)"
    return None


def _point(item: Any, index: int, problems: list) -> Point | None:
    path = f"points[{index}]"
    if not isinstance(item, dict):
        problems.append((path, "must be a mapping with key, name, summary and description"))
        return None
    for key in item:
        if key not in POINT_FIELDS:
            problems.append((f"{path}.{key}", "is not a field of a Star point"))
    key = item.get("key")
    if key not in dict(vocab.STAR_POINTS):
        problems.append(
            (f"{path}.key", f"{key!r} is not a Star point (use one of {', '.join(dict(vocab.STAR_POINTS))})")
        )
    return Point(
        key=str(key),
        name=_text(item, "name", path, problems, MAX_LENGTHS["name"]),
        order=index + 1,
        summary=_text(item, "summary", path, problems, MAX_LENGTHS["point_summary"]),
        description=_text(item, "description", path, problems),
    )


def _entry(item: Any, index: int, points: set[str], problems: list) -> Entry | None:
    path = f"interventions[{index}]"
    if not isinstance(item, dict):
        problems.append((path, "must be a mapping"))
        return None
    for key in item:
        if key not in INTERVENTION_FIELDS:
            problems.append((f"{path}.{key}", "is not a field of an intervention"))
    reason = check_id(item.get("id"))
    if reason:
        problems.append((f"{path}.id", reason))
    point = item.get("point")
    if point not in points:
        problems.append((f"{path}.point", f"{point!r} is not one of the Star points ({', '.join(sorted(points))})"))
    levers = item.get("levers")
    if not isinstance(levers, list):
        problems.append((f"{path}.levers", "must be a list (write levers: [] when there is no modelled effect)"))
        levers = []
    for i, lever in enumerate(levers):
        problems.extend(validate_lever(lever, f"{path}.levers[{i}]"))
    return Entry(
        id=str(item.get("id")),
        point=str(point),
        title=_text(item, "title", path, problems, MAX_LENGTHS["title"]),
        summary=_text(item, "summary", path, problems, MAX_LENGTHS["summary"]),
        description=_text(item, "description", path, problems),
        staff_groups=_choice_list(item, "staff_groups", path, problems),
        care_settings=_choice_list(item, "care_settings", path, problems),
        evidence_level=_choice(item, "evidence_level", path, problems),
        time_to_impact=_choice(item, "time_to_impact", path, problems),
        cost_band=_choice(item, "cost_band", path, problems),
        levers=tuple(dict(lever) for lever in levers if isinstance(lever, dict)),
    )


def parse(data: Any) -> Catalogue:
    """Validate already-parsed YAML data; raise ``CatalogueError`` listing every problem."""
    problems: list[tuple[str, str]] = []
    if not isinstance(data, dict):
        raise CatalogueError([("", "The catalogue file must be a mapping with version, points and interventions.")])
    for key in data:
        if key not in ("version", "points", "interventions"):
            problems.append((str(key), "is not a top-level section (use version, points and interventions)"))
    version = data.get("version")
    if not isinstance(version, str) or not VERSION_PATTERN.match(version):
        problems.append(("version", f'{version!r} must be a quoted YEAR.N string such as "2026.1"'))

    raw_points = data.get("points")
    points: list[Point] = []
    if not isinstance(raw_points, list):
        problems.append(("points", "must be a list of the five Star points"))
        raw_points = []
    for i, item in enumerate(raw_points):
        point = _point(item, i, problems)
        if point:
            points.append(point)
    keys = [p.key for p in points]
    for key, name in vocab.STAR_POINTS:
        if keys.count(key) == 0:
            problems.append(("points", f"the {name} point ({key}) is missing"))
        elif keys.count(key) > 1:
            problems.append(("points", f"the {name} point ({key}) appears more than once"))

    raw = data.get("interventions")
    entries: list[Entry] = []
    if not isinstance(raw, list):
        problems.append(("interventions", "must be a list"))
        raw = []
    known_points = {k for k, _ in vocab.STAR_POINTS}
    seen: dict[str, int] = {}
    for i, item in enumerate(raw):
        entry = _entry(item, i, known_points, problems)
        if entry is None:
            continue
        if entry.id in seen:
            problems.append(
                (f"interventions[{i}].id", f"{entry.id!r} is already used by interventions[{seen[entry.id]}]")
            )
        else:
            seen[entry.id] = i
        entries.append(entry)
    if problems:
        raise CatalogueError(problems)
    return Catalogue(version=version, points=tuple(points), interventions=tuple(entries))


def load(path: str | Path | None = None) -> Catalogue:
    """Read and validate a catalogue file (default: the shipped national catalogue)."""
    path = Path(path) if path else DEFAULT_PATH
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CatalogueError([("", f"Cannot read {path}: {exc.strerror or exc}")]) from exc
    try:
        data = load_yaml(text)  # the one strict reader: a key given twice is refused
    except SpecError as exc:
        where = f" at {exc.path}" if exc.path.startswith("line ") else ""
        reason = exc.reason.removeprefix("not valid YAML: ")
        raise CatalogueError([("", f"{path} is not valid YAML{where}: {reason}")]) from exc
    return parse(data)

"""Shape catalogue data for pages: levers in plain words, the Star graphic's geometry."""

from __future__ import annotations

import math

from lodestar.engine.levers import LEVER_TYPES
from lodestar.star import vocab


def _pct(value: float) -> str:
    text = f"{abs(value) * 100:.1f}".rstrip("0").rstrip(".")
    return f"{text}%"


def _range(effect, negate: bool) -> str:
    """'1% to 10%, most likely 5%' for a triangular effect, in the lever's direction."""
    sign = -1 if negate else 1
    if isinstance(effect, (int, float)):
        return _pct(effect * sign)
    dist = effect.get("dist")
    if dist == "triangular":
        low, mode, high = (effect["low"] * sign, effect["mode"] * sign, effect["high"] * sign)
        low, high = min(low, high), max(low, high)
        return f"{_pct(low)} to {_pct(high)}, most likely {_pct(mode)}"
    if dist == "uniform":
        low, high = sorted((effect["low"] * sign, effect["high"] * sign))
        return f"anywhere from {_pct(low)} to {_pct(high)}"
    if dist == "normal":
        return f"about {_pct(effect['mean'] * sign)} (give or take {_pct(effect['sd'])})"
    if dist == "lognormal":
        return f"a skewed range centred on {_pct(math.exp(effect['mu']))}"
    return "an uncertain amount"


def _direction(effect) -> int:
    """+1 when the effect is mostly an increase, -1 when mostly a decrease."""
    if isinstance(effect, (int, float)):
        centre = effect
    elif effect.get("dist") == "triangular":
        centre = effect["mode"]
    elif effect.get("dist") == "uniform":
        centre = (effect["low"] + effect["high"]) / 2
    elif effect.get("dist") == "normal":
        centre = effect["mean"]
    else:
        centre = 1
    return -1 if centre < 0 else 1


def _group(key: str | None) -> str:
    return vocab.label(vocab.STAFF_GROUPS, key).lower() if key else "the chosen staff group"


# how each lever setting's value is written inside the registry's detail words
_SETTING_VALUE = {
    "course_years": str,
    "attrition": _pct,
    "share_taking_posts": _pct,
    "equivalence": lambda value: f"{value:g}",
}


def describe_lever(lever: dict) -> str:
    """One sentence saying what a lever template does, e.g. 'Reduces the leaver rate by
    1% to 10%, most likely 5%, reaching full effect after 2 years.'

    The words for each lever type come from the lever-type registry (``lodestar.engine.levers``).
    """
    effect = lever.get("effect", 0)
    down = _direction(effect) < 0
    amount = _range(effect, negate=down)
    kind = LEVER_TYPES.get(lever.get("type"))
    if kind is None:
        text = f"Changes the workforce by {amount}"
    else:
        words = kind.negative_words if down else kind.positive_words
        new_role = _group(lever.get("new_role")) if lever.get("new_role") else "the new role"
        text = words.format(amount=amount, new_role=new_role, source_group=_group(lever.get("source_group")))
        details = [
            phrase.format(value=_SETTING_VALUE[key](lever[key]))
            for key, phrase in kind.detail_words.items()
            if key in lever
        ]
        if details:
            text += " (" + "; ".join(details) + ")"
    ramp = lever.get("ramp_up_years", 0)
    if ramp:
        text += f", reaching full effect after {ramp} year{'s' if ramp != 1 else ''}"
    else:
        text += ", with full effect from the first year"
    text += "."
    if lever.get("note"):
        text += f" {lever['note']}"
    return text


# ---------------------------------------------------------------- the Star graphic

STAR_CENTRE = (320.0, 270.0)
STAR_OUTER = 190.0
STAR_INNER = 78.0


def _polar(radius: float, degrees: float) -> tuple[float, float]:
    cx, cy = STAR_CENTRE
    rad = math.radians(degrees)
    return cx + radius * math.cos(rad), cy + radius * math.sin(rad)


def _fmt(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def star_geometry(points: list) -> dict:
    """Polygons and label positions for a five-pointed star, one point per Star point.

    ``points`` are dicts with key, name, href and count (in Star order, clockwise from
    the top). Each point is the triangle from its tip to the two inner corners beside
    it; the centre pentagon holds "Patients and population".
    """
    shapes = []
    for i, point in enumerate(points[:5]):
        tip_angle = -90 + 72 * i
        tip = _polar(STAR_OUTER, tip_angle)
        left = _polar(STAR_INNER, tip_angle - 36)
        right = _polar(STAR_INNER, tip_angle + 36)
        lx, ly = _polar(STAR_OUTER + 22, tip_angle)
        cos = math.cos(math.radians(tip_angle))
        if abs(cos) < 0.2 or math.sin(math.radians(tip_angle)) > 0.5:
            # the top point, and the bottom points whose long labels would run off the edge
            anchor = "middle"
        else:
            anchor = "start" if cos > 0 else "end"
        if math.sin(math.radians(tip_angle)) < -0.9:  # the top point: label above the tip
            ly -= 22
        elif math.sin(math.radians(tip_angle)) > 0.5:  # the bottom points: label below
            ly += 14
        shapes.append(
            {
                **point,
                "polygon": _fmt([tip, right, left]),
                "label_x": f"{lx:.1f}",
                "label_y": f"{ly:.1f}",
                "anchor": anchor,
            }
        )
    pentagon = _fmt([_polar(STAR_INNER, -90 + 36 + 72 * i) for i in range(5)])
    return {
        "points": shapes,
        "centre": pentagon,
        "centre_x": f"{STAR_CENTRE[0]:.1f}",
        "centre_y": f"{STAR_CENTRE[1]:.1f}",
    }


def detail_rows(intervention) -> list[dict]:
    """Summary-list rows for an intervention's page, in plain labels."""
    from django.urls import reverse
    from django.utils.html import format_html, format_html_join
    from django.utils.safestring import mark_safe

    def lines(values: list[str]):
        return format_html_join(mark_safe("<br>"), "{}", ((v,) for v in values))

    i = intervention
    if i.is_national:
        catalogue = "National catalogue" + (
            f" (last changed in version {i.catalogue_version})" if i.catalogue_version else ""
        )
    else:
        catalogue = f"Local intervention of {i.organisation.name}"
    return [
        {
            "key": {"text": "Star point"},
            "value": {
                "html": format_html('<a href="{}">{}</a>', reverse("star:point", args=[i.point.key]), i.point.name)
            },
        },
        {"key": {"text": "Staff groups"}, "value": {"html": lines(i.staff_group_labels())}},
        {"key": {"text": "Care settings"}, "value": {"html": lines(i.care_setting_labels())}},
        {"key": {"text": "Evidence level"}, "value": {"text": i.get_evidence_level_display()}},
        {"key": {"text": "Typical time to impact"}, "value": {"text": i.get_time_to_impact_display()}},
        {"key": {"text": "Cost band"}, "value": {"text": i.get_cost_band_display()}},
        {"key": {"text": "Catalogue"}, "value": {"text": catalogue}},
        {"key": {"text": "Identifier"}, "value": {"html": format_html("<code>{}</code>", i.code)}},
    ]

"""What the spread dashboard shows: who adopted what (intervention x organisation), the adoption
curve as a chart with its table, the median time from piloting to adopted, and what was
discontinued and why. Worked out here so the template never computes."""

from __future__ import annotations

from functools import cached_property

from django.utils import timezone

from lodestar.config.jinja2 import format_date
from lodestar.learning import queries_spread, spread
from lodestar.learning.models import Stage
from lodestar.workforce import charts

# Above this many cells (interventions x organisations) the page shows counts by stage for each
# intervention and asks for an ICS or an intervention to see each organisation (500 x 200 is
# 100,000 cells: too many to read, and seconds to render).
MATRIX_CELLS = 3000
CSV_HEADER = ["Intervention", "Organisation", "ICS", "Stage", "Since", "Reason discontinued"]


def _months(days: float | None) -> str:
    if days is None:
        return "Not known yet: no organisation has gone from piloting to adopted"
    months = days / 30.44
    return f"{months:.1f} months ({days:,.0f} days)"


class SpreadPresenter:
    def __init__(self, rows, icss):
        """``rows``: the scoped, filtered records (a queryset). The page counts and samples it in the
        database; only the CSV, the API and a small matrix read every record (``self.rows``); the
        curve and the median are counted by the database from the stage changes."""
        self.queryset = rows
        self.icss = list(icss)
        self.today = timezone.localdate()

    @cached_property
    def rows(self) -> list:
        return list(self.queryset)

    def ics_of(self, organisation) -> str:
        return next((i.name for i in self.icss if organisation.path.startswith(i.path)), "")

    def summary(self) -> dict:
        """Each intervention with how many organisations are at each stage, and in all."""
        counts = queries_spread.stage_counts(self.queryset)
        ordered = queries_spread.interventions_of(counts)
        return {
            "stages": [label for _value, label in Stage.choices],
            "rows": [
                {
                    "intervention": i,
                    "counts": [counts[i.pk].get(value, 0) for value, _label in Stage.choices],
                    "total": sum(counts[i.pk].values()),
                }
                for i in ordered
            ],
        }

    def matrix(self) -> dict:
        """Interventions as rows, organisations as columns, the stage in words in each cell; ``shown``
        False (and no cells) when there are more than ``MATRIX_CELLS`` cells."""
        organisation_count, intervention_count = queries_spread.sizes(self.queryset)
        size = {"organisation_count": organisation_count, "intervention_count": intervention_count}
        if organisation_count * intervention_count > MATRIX_CELLS:
            return {"shown": False, "organisations": [], "rows": [], **size}
        organisations = sorted({r.organisation for r in self.rows}, key=lambda o: o.name)
        interventions = sorted({r.intervention for r in self.rows}, key=lambda i: i.title)
        cells = {(r.intervention_id, r.organisation_id): r.get_stage_display() for r in self.rows}
        return {
            "shown": True,
            "organisations": organisations,
            "rows": [
                {"intervention": i, "cells": [cells.get((i.pk, o.pk), "") for o in organisations]}
                for i in interventions
            ],
            **size,
        }

    @cached_property
    def curve(self) -> tuple[list[str], dict[str, list[int]]]:
        """(quarter labels, {group: counts}), worked out once a request: the chart and its table share
        it. Records without a history add nothing."""
        ends, spans = queries_spread.curve(self.queryset, self.today)
        if not ends:
            return [], {}
        return [spread.quarter_label(e) for e in ends], spread.curve_from_spans(spans, len(ends))

    def curve_chart(self):
        labels, counts = self.curve
        if not labels:
            return None
        return charts.line_chart(
            uid="adoption-curve",
            title="Adoption curve: organisations by stage at the end of each quarter",
            description="Each line counts the organisation and intervention pairs at a stage; the table beneath gives the figures.",
            labels=labels,
            series=[charts.Series(name, values) for name, values in counts.items()],
        )

    def curve_table(self) -> dict:
        labels, counts = self.curve
        return {
            "groups": list(counts),
            "rows": [[label, *(counts[g][i] for g in counts)] for i, label in enumerate(labels)],
        }

    def median(self) -> dict:
        return {"text": _months(self.median_days[0]), "over": self.median_days[1]}

    @cached_property
    def median_days(self) -> tuple[float | None, int]:
        return spread.median_of(queries_spread.pilot_to_adoption_days(self.queryset))

    def discontinued(self) -> list[dict]:
        return [
            {"intervention": title, "organisation": name, "since": format_date(since), "reason": reason}
            for title, name, since, reason in queries_spread.discontinued(self.queryset)
        ]

    def csv_rows(self) -> list[list[str]]:
        return [
            [
                r.intervention.title,
                r.organisation.name,
                self.ics_of(r.organisation),
                r.get_stage_display(),
                r.since.isoformat(),
                r.reason,
            ]
            for r in self.rows
        ]

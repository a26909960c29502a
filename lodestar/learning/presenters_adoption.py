"""What the adoption pages show, worked out here so templates never compute."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from lodestar.config.jinja2 import format_date
from lodestar.learning import adoption_rules, queries_adoption
from lodestar.learning.models import AdoptionRecord, Stage
from lodestar.learning.presenters import number

STAGE_TAGS = {
    Stage.AWARE: "nhsuk-tag--white",
    Stage.EXPLORING: "nhsuk-tag--grey",
    Stage.PILOTING: "nhsuk-tag--blue",
    Stage.ADOPTED: "nhsuk-tag--green",
    Stage.EMBEDDED: "nhsuk-tag--aqua-green",
    Stage.DISCONTINUED: "nhsuk-tag--red",
}


def subject_title(adoption: AdoptionRecord) -> str:
    return adoption.intervention.title if adoption.intervention_id else adoption.case_study.title


def subject_kind(adoption: AdoptionRecord) -> str:
    return "Intervention" if adoption.intervention_id else "Case study"


def subject_url(adoption: AdoptionRecord) -> str:
    if adoption.intervention_id:
        return reverse("star:detail", args=[adoption.intervention.code])
    return reverse("learning:detail", args=[adoption.case_study_id])


def history(adoption: AdoptionRecord) -> list[tuple[str, object]]:
    return [(c.stage, c.on) for c in queries_adoption.changes(adoption)]


class AdoptionRow:
    """One record in a list: the organisation or the subject, its stage and since when."""

    def __init__(self, adoption: AdoptionRecord):
        self.adoption = adoption
        self.pk = adoption.pk
        self.organisation = adoption.organisation.name
        self.subject = subject_title(adoption)
        self.kind = subject_kind(adoption)
        self.subject_url = subject_url(adoption)
        self.stage = adoption.get_stage_display()
        self.stage_class = STAGE_TAGS[Stage(adoption.stage)]
        self.since = format_date(adoption.since)
        self.url = reverse("learning:adoption-record", args=[adoption.pk])


class AdoptionPresenter(AdoptionRow):
    """A record's page: its stage, history and RE-AIM measures."""

    def __init__(self, adoption: AdoptionRecord, user):
        super().__init__(adoption)
        self.may_record = queries_adoption.may_record(user, adoption.organisation)
        self._changes = list(queries_adoption.changes(adoption))

    def history(self) -> list[dict]:
        rows, previous = [], None
        for change in self._changes:
            rows.append(
                {
                    "stage": change.get_stage_display(),
                    "stage_class": STAGE_TAGS[Stage(change.stage)],
                    "on": format_date(change.on),
                    "step_back": adoption_rules.is_step_back(previous, change.stage),
                    "reason": change.reason,
                    "note": change.note,
                    "who": change.by.full_name if change.by else "Someone who has since left",
                }
            )
            previous = change.stage
        return list(reversed(rows))  # newest first

    def maintained(self) -> str:
        steps = [(c.stage, c.on) for c in self._changes]
        start = adoption_rules.first_adopted(steps)
        if start is None:
            return "Not yet adopted"
        if adoption_rules.maintained(steps, timezone.localdate()):
            return f"Yes: kept going six months or more after it was adopted on {format_date(start)}"
        return f"Not yet: adopted on {format_date(start)}, not kept going for six months since"

    def reach(self) -> str:
        a = self.adoption
        if a.reach is None:
            return "Not recorded"
        if not a.reach_eligible:
            return f"{a.reach:,} people"
        share = round(100 * a.reach / a.reach_eligible)
        return f"{a.reach:,} of {a.reach_eligible:,} who could be covered ({share}%)"

    def effectiveness(self) -> str:
        a = self.adoption
        if not a.effect_measure:
            return "Not recorded"
        figures = [
            f"baseline {number(a.effect_baseline)}" if a.effect_baseline is not None else "",
            f"now {number(a.effect_value)}" if a.effect_value is not None else "",
        ]
        figures = [f for f in figures if f]
        return f"{a.effect_measure}: {', '.join(figures)}" if figures else a.effect_measure

    def measure_rows(self) -> list[dict]:
        return [
            {"key": {"text": "Reach"}, "value": {"text": self.reach()}},
            {"key": {"text": "Effectiveness"}, "value": {"text": self.effectiveness()}},
            {"key": {"text": "Adaptations made"}, "value": {"text": self.adoption.adaptations or "None recorded"}},
            {"key": {"text": "Maintained six months or more"}, "value": {"text": self.maintained()}},
        ]


def where_adopted(user, *, intervention=None, case_study=None) -> dict:
    """The short list on an intervention's or a case study's page, with the link to record a stage."""
    rows = queries_adoption.where_adopted(user, intervention=intervention, case_study=case_study)
    query = f"?intervention={intervention.code}" if intervention is not None else f"?case_study={case_study.pk}"
    return {
        "rows": [AdoptionRow(r) for r in rows],
        "record_url": reverse("learning:adoption-new") + query,
        "may_record": queries_adoption.organisations_to_record(user).exists(),
    }

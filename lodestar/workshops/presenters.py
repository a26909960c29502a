"""Shape workshop data for pages: one presenter per thing a page shows.

Views hand presenters to templates; templates print what presenters give them and never
compute. The NHS component parameters (task list items, summary list rows, tags, radios)
are built here, once, in the shapes the ``nhsuk-frontend-jinja`` macros expect.
"""

from __future__ import annotations

from functools import cached_property

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from lodestar.core.words import plural
from lodestar.star import vocab
from lodestar.workshops import scale, scoring
from lodestar.workshops.models import ContributionKind

NOT_GIVEN = "Not given"
CONTRIBUTION_HEADINGS = {
    ContributionKind.EVIDENCE: "Evidence",
    ContributionKind.CHALLENGE: "Challenges",
    ContributionKind.IDEA: "Ideas",
}


def status_tag(text: str, colour: str | None = None) -> dict:
    """A task list status shown as an NHS tag."""
    return {"tag": {"text": text, "classes": f"nhsuk-tag--{colour}" if colour else ""}}


DONE = {"text": "Completed"}
NOT_STARTED = status_tag("Not started", "white")
IN_PROGRESS = status_tag("In progress", "blue")
CANNOT_START = status_tag("Cannot start yet", "grey")


def number(value) -> str:
    """A median or quartile as people write it: 3, 3.5; a dash when there is none."""
    if value is None:
        return "-"
    return f"{value:g}" if float(value).is_integer() else f"{value:.1f}"


def day(value) -> str:
    return date_format(value, "j F Y") if value else ""


def moment(value) -> str:
    return date_format(timezone.localtime(value), "j F Y, H:i") if value else ""


def _task(title: str, href: str | None, hint: str, status: dict) -> dict:
    item = {"title": {"text": title}, "hint": hint, "status": status}
    if href:
        item["href"] = href
    return item


class WorkshopPresenter:
    """A workshop's overview page: its steps (the NHS task list) and its details (a summary list)."""

    def __init__(self, workshop, user, *, plan=None):
        self._workshop = workshop
        self._user = user
        self.plan = plan
        self.can_facilitate = workshop.can_facilitate(user)
        self.can_see_evidence = workshop.can_see_evidence(user)

    @cached_property
    def plan_href(self) -> str | None:
        return reverse("plans:detail", kwargs={"plan_id": self.plan.pk}) if self.plan else None

    @cached_property
    def report_href(self) -> str | None:
        return reverse("plans:report-pdf", kwargs={"workshop_id": self._workshop.pk}) if self.plan else None

    def _url(self, name: str) -> str:
        return reverse(f"workshops:{name}", args=[self._workshop.pk])

    @cached_property
    def task_list(self) -> list[dict]:
        """Items for the ``taskList`` macro, one per step of the workshop."""
        w = self._workshop
        n_participants = w.participants.count()
        n_evidence = w.evidence.count()
        scored = w.assessments.filter(current_score__isnull=False, target_score__isnull=False).count()
        n_candidates = w.candidates.count()
        n_rated = w.candidates.filter(ratings__isnull=False).distinct().count()
        if w.shortlist_confirmed:
            prioritised = DONE
        else:
            prioritised = IN_PROGRESS if n_rated else (NOT_STARTED if n_candidates else CANNOT_START)
        return [
            _task(
                "Set up",
                self._url("edit") if self.can_facilitate else "#about-this-workshop",
                "Title, organisations, scope and dates" + ("" if self.can_facilitate else ": see About this workshop"),
                DONE,
            ),
            _task(
                "Participants",
                self._url("participants"),
                f"{n_participants} taking part",
                DONE if n_participants > 1 else NOT_STARTED,
            ),
            _task(
                "Evidence pack",
                self._url("evidence") if self.can_see_evidence else None,
                plural(n_evidence, "note or file", "notes and files")
                + ("" if self.can_see_evidence else ", seen only by the people taking part"),
                DONE if n_evidence else NOT_STARTED,
            ),
            _task(
                "Star assessment",
                self._url("assessment"),
                f"{scored} of 5 points scored",
                DONE if scored >= 5 else (IN_PROGRESS if scored else NOT_STARTED),
            ),
            _task(
                "Candidates",
                self._url("candidates"),
                f"{plural(n_candidates, 'intervention')} from the catalogue",
                DONE if n_candidates else NOT_STARTED,
            ),
            _task(
                "Prioritisation",
                self._url("prioritisation"),
                f"{n_rated} of {plural(n_candidates, 'candidate')} rated",
                prioritised,
            ),
            _task(
                "Action plan",
                self.plan_href or self._url("prioritisation") + "#shortlist",
                self.plan_hint,
                DONE if self.plan else (NOT_STARTED if w.shortlist_confirmed else CANNOT_START),
            ),
        ]

    @cached_property
    def plan_hint(self) -> str:
        """What the action plan step holds, or (before it exists) where it is made and by whom."""
        if self.plan:
            return "Actions with owners, dates and measures"
        if not self._workshop.shortlist_confirmed:
            return "Not generated yet: it is made from the shortlist the facilitator confirms in Prioritisation"
        if self.can_facilitate:
            return "Not generated yet: generate it from the confirmed shortlist in Prioritisation"
        return "Not generated yet: the facilitator generates it from the confirmed shortlist in Prioritisation"

    @cached_property
    def dates(self) -> str:
        w = self._workshop
        if not w.starts_on:
            return "Not set"
        return day(w.starts_on) + (f" to {day(w.ends_on)}" if w.ends_on else "")

    @cached_property
    def summary_rows(self) -> list[dict]:
        """Rows for the ``summaryList`` macro: what the workshop is about."""
        w = self._workshop
        partners = ", ".join(o.name for o in w.partner_organisations.all())
        staff_groups = ", ".join(vocab.label(vocab.STAFF_GROUPS, k) for k in w.staff_groups)
        care_settings = ", ".join(vocab.label(vocab.CARE_SETTINGS, k) for k in w.care_settings)
        rows = [
            ("Lead organisation", w.lead_organisation.name),
            ("Partners", partners or "None"),
            ("Service or care pathway", w.service or NOT_GIVEN),
            ("Population", w.population or NOT_GIVEN),
            ("Staff groups", staff_groups or NOT_GIVEN),
            ("Care settings", care_settings or NOT_GIVEN),
            ("Dates", self.dates),
            ("Facilitator", w.facilitator.display_name if w.facilitator else "Not set"),
            ("Status", w.get_status_display()),
        ]
        return [{"key": {"text": key}, "value": {"text": value}} for key, value in rows]


class ListedWorkshopPresenter:
    """A row of the workshops list."""

    def __init__(self, workshop):
        self.pk = workshop.pk
        self.title = workshop.title
        self.lead_organisation = workshop.lead_organisation.name
        if workshop.starts_on:
            same_day = not workshop.ends_on or workshop.ends_on == workshop.starts_on
            self.dates = day(workshop.starts_on) + ("" if same_day else f" to {day(workshop.ends_on)}")
        else:
            self.dates = "Not set"
        confirmed = ", shortlist confirmed" if workshop.shortlist_confirmed_at else ""
        self.status = workshop.get_status_display() + confirmed


class ParticipantPresenter:
    """A row of the participants table, seen by ``user``."""

    def __init__(self, participant, user):
        self.pk = participant.pk
        self.name = participant.name
        self.email = participant.email
        if participant.organisation:
            self.organisation = participant.organisation.name
        else:
            self.organisation = "External participant" if participant.is_external else ""
        self.role = participant.get_role_display()
        self.status = "Invited, not yet joined" if participant.invitation_pending else "Taking part"
        self.removable = participant.user_id != user.pk


class EvidenceItemPresenter:
    """A row of the evidence pack: a note or a file, and whether ``user`` may remove it."""

    def __init__(self, item, user, *, can_facilitate: bool):
        self.pk = item.pk
        self.title = item.title
        self.is_file = item.kind == "file"
        self.original_name = item.original_name
        self.text = item.text
        self.added_by = item.added_by.display_name if item.added_by else ""
        self.added_at = moment(item.created_at)
        self.details = f"File, {round(item.size / 1024, 1)} KB" if self.is_file else "Note"
        self.removable = can_facilitate or item.added_by_id == user.pk


def radios(bound_field, items: list[dict], legend: str, *, legend_size: str = "m", **extra) -> dict:
    """Parameters for the ``radios`` macro from a Django bound field, with its error."""
    checked = str(bound_field.value())
    for item in items:
        item["checked"] = checked == item["value"]
    params = {
        "idPrefix": bound_field.html_name,
        "name": bound_field.html_name,
        "items": items,
        "fieldset": {"legend": {"text": legend, "classes": f"nhsuk-fieldset__legend--{legend_size}"}},
        "errorMessage": {"text": " ".join(bound_field.errors)} if bound_field.errors else None,
        **extra,
    }
    return params


def score_radios(bound_field, point_key: str, legend: str) -> dict:
    """A 1 to 5 maturity score, each level with what it looks like for this Star point."""
    items = [
        {"value": str(score), "text": f"{score} - {name}", "hint": {"text": words}}
        for score, name, words in scale.descriptors(point_key)
    ]
    return radios(bound_field, items, legend)


def rating_radios(bound_field, legend: str, hint: str) -> dict:
    items = [{"value": value, "text": text} for value, text in bound_field.field.choices]
    return radios(bound_field, items, legend, legend_size="s", classes="nhsuk-radios--inline", hint={"text": hint})


class ContributionPresenter:
    def __init__(self, contribution):
        self.pk = contribution.pk
        self.kind = contribution.kind
        self.text = contribution.text
        self.hidden = contribution.hidden
        self.author = contribution.author.display_name if contribution.author else "Someone"
        self.merged_into = contribution.merged_into.text if contribution.merged_into else ""


class AssessmentPointPresenter:
    """One Star point of a workshop's assessment: scores, what they mean, and contributions."""

    def __init__(self, point, assessment, contributions, *, score_form):
        self.point = point
        self._assessment = assessment
        self.descriptors = scale.descriptors(point.key)
        self.current_radios = score_radios(score_form["current_score"], point.key, "Where are we now?")
        self.target_radios = score_radios(score_form["target_score"], point.key, "Where do we want to be?")
        contributions = list(contributions)
        self.grouped = [
            (kind, CONTRIBUTION_HEADINGS[kind], [ContributionPresenter(c) for c in contributions if c.kind == kind])
            for kind, _ in ContributionKind.choices
        ]

    @cached_property
    def summary_rows(self) -> list[dict]:
        """What the group agreed, for people who cannot change the scores."""
        a = self._assessment
        return [
            {
                "key": {"text": "Current"},
                "value": {"text": scale.describe(self.point.key, a.current_score if a else None)},
            },
            {
                "key": {"text": "Target"},
                "value": {"text": scale.describe(self.point.key, a.target_score if a else None)},
            },
            {
                "key": {"text": "Summary of the evidence"},
                "value": {"text": a.evidence if a and a.evidence else "None yet", "classes": "lodestar-prewrap"},
            },
        ]


def assessment_points(rows, contributions) -> list[dict]:
    """The Star points with how many visible contributions each has."""
    counts: dict[str, int] = {}
    for c in contributions:
        counts[c.point.key] = counts.get(c.point.key, 0) + 1
    return [{"key": row.key, "name": row.name, "count": counts.get(row.key, 0)} for row in rows]


class InterventionCard:
    """A catalogue intervention as a card on the candidates page: why it was suggested in words,
    never the suggestion's internal score."""

    def __init__(self, intervention, *, reasons=()):
        self.pk = intervention.pk
        self.title = intervention.title
        self.href = intervention_href(intervention)
        self.summary = intervention.summary
        self.point = intervention.point.name
        self.source = "National catalogue" if intervention.is_national else f"Local: {intervention.organisation.name}"
        self.why = f"{'; '.join(reasons)}." if reasons else ""


def intervention_href(intervention) -> str:
    return reverse("star:detail", args=[intervention.code])


def suggestion_cards(suggestions) -> list[InterventionCard]:
    return [InterventionCard(s.intervention, reasons=s.reasons) for s in suggestions]


class IdeaPresenter:
    """One of the group's ideas on the candidates page, and the candidate made from it if any."""

    def __init__(self, idea, candidate=None):
        self.pk = idea.pk
        self.text = idea.text
        self.point = idea.point.name
        self.candidate_title = candidate.intervention.title if candidate else ""
        self.candidate_href = intervention_href(candidate.intervention) if candidate else ""


# ---------------------------------------------------------------- how the group rated, in words


def spread_in_words(values: list[int]) -> str:
    """How a group's 1 to 5 ratings of one thing spread, in words a room understands (ADR 0022).

    Everyone rated the same: "Everyone rated 4". The middle half of the ratings spans two
    points or more: "Views differ widely (1 to 5)". More than half gave one rating, or two
    neighbouring ratings: "Most rated 4" or "Most rated 4 or 5", and what the others said
    ("Most rated 4 or 5; one rated 2"). Otherwise "Views differ (2 to 5)".
    """
    if not values:
        return "Not rated yet"
    if len(values) == 1:
        return f"One rating so far: {values[0]}"
    low, high = min(values), max(values)
    if low == high:
        return f"Everyone rated {low}"
    quartiles = scoring.iqr(values)
    if quartiles[1] - quartiles[0] >= 2:
        return f"Views differ widely ({low} to {high})"
    n = len(values)
    counts = {v: values.count(v) for v in range(1, 6)}
    best = max(range(1, 6), key=lambda v: (counts[v], v))
    if counts[best] * 2 > n:
        words, span = f"Most rated {best}", (best, best)
    else:
        pair = max(range(1, 5), key=lambda v: (counts[v] + counts[v + 1], v))
        if (counts[pair] + counts[pair + 1]) * 2 <= n:
            return f"Views differ ({low} to {high})"
        words, span = f"Most rated {pair} or {pair + 1}", (pair, pair + 1)
    others = sorted(v for v in values if not span[0] <= v <= span[1])
    if not others:
        return words
    if len(others) == 1:
        return f"{words}; one rated {others[0]}"
    if others[0] == others[-1]:
        return f"{words}; {len(others)} rated {others[0]}"
    return f"{words}; others rated {others[0]} to {others[-1]}"


def rating_status(form, title: str) -> str:
    """What is announced beside a candidate's radios when a change is saved as it happens (HTMX):
    the rating saved, the other half still to choose, or the problem."""
    if form.is_valid():
        return f"Saved: impact {form.cleaned_data['impact']}, effort {form.cleaned_data['effort']} for {title}."
    sent = {name for name in ("impact", "effort") if form.data.get(form.add_prefix(name))}
    if sent == {"impact"}:
        return f"Now choose an effort rating for {title} to save it."
    if sent == {"effort"}:
        return f"Now choose an impact rating for {title} to save it."
    return "Not saved: " + " ".join(e for errors in form.errors.values() for e in errors)


def group_figures_visible(workshop, *, can_rate: bool, n_candidates: int, n_rated: int) -> bool:
    """Whether a person sees the group's ratings (ADR 0022): once everyone may (the facilitator
    showed them, or the shortlist is confirmed), or once they have rated every candidate
    themselves, so that no one's rating is anchored by the group's."""
    if workshop.ratings_open_to_all:
        return True
    return can_rate and n_candidates > 0 and n_rated >= n_candidates


class RankedCandidate:
    """A candidate in prioritisation: everyone's ratings summed up, and the user's own."""

    def __init__(self, candidate, aggregate: scoring.Aggregate, *, rank: int, mine=None, rating_form=None):
        self.pk = candidate.pk
        self.rank = rank
        self.title = candidate.intervention.title
        self.href = intervention_href(candidate.intervention)
        self.point = candidate.intervention.point.name
        self.summary = candidate.intervention.summary
        self.shortlisted = candidate.shortlisted
        self.priority_rank = candidate.priority_rank
        self.priority_input = str(candidate.priority_rank or rank)
        self.quadrant = aggregate.quadrant
        self.group = aggregate.quadrant_label
        self.count = aggregate.count
        self.impact_median = number(aggregate.impact_median)
        self.effort_median = number(aggregate.effort_median)
        self.impact_spread = spread_in_words(list(aggregate.impacts))
        self.effort_spread = spread_in_words(list(aggregate.efforts))
        self.mine = f"You rated this: impact {mine.impact}, effort {mine.effort}." if mine else ""
        self.rated = mine is not None
        self.rating_form = rating_form
        if rating_form is not None:
            self.impact_radios = rating_radios(
                rating_form["impact"], "Impact", "1 is little difference, 5 is a big difference"
            )
            self.effort_radios = rating_radios(rating_form["effort"], "Effort", "1 is easy, 5 is hard")

    @property
    def shortlist_tag(self) -> str:
        return f"Shortlisted, priority {self.priority_rank}" if self.shortlisted else ""

    @property
    def errors(self) -> list[dict]:
        """Error summary items for this candidate's rating, each linking to the first radio of its group."""
        if self.rating_form is None or not self.rating_form.errors:
            return []
        return [
            {"text": f"{self.title}: {error}", "href": f"#{self.rating_form[name].html_name}"}
            for name in ("impact", "effort")
            for error in self.rating_form[name].errors
        ]


class PrioritisationPresenter:
    """The prioritisation page: the person's ratings form, then (once they may see them, ADR 0022)
    the ranked list, the impact and effort matrix and the shortlist."""

    def __init__(self, workshop, rows: list[RankedCandidate], *, can_rate: bool = True):
        self.rows = rows
        self.threshold = number(scoring.HIGH_THRESHOLD)
        self.n_rated = sum(1 for r in rows if r.rated)
        self.figures_visible = group_figures_visible(
            workshop, can_rate=can_rate, n_candidates=len(rows), n_rated=self.n_rated
        )
        self.revealed = workshop.ratings_revealed_at is not None
        # Until the figures show, the ratings form keeps the order the candidates were added.
        self.rating_rows = rows if self.figures_visible else sorted(rows, key=lambda r: r.pk)
        self.errors = [item for r in self.rating_rows for item in r.errors]
        if workshop.shortlist_confirmed:
            self.preselected = {r.pk for r in rows if r.shortlisted}
        else:
            self.preselected = {r.pk for r in rows if r.quadrant in (scoring.QUICK_WIN, scoring.MAJOR_PROJECT)}
        self.shortlist = sorted((r for r in rows if r.shortlisted), key=lambda r: r.priority_rank or 0)
        self.confirmed_at = moment(workshop.shortlist_confirmed_at)

    @cached_property
    def progress(self) -> str:
        return f"You have rated {self.n_rated} of {plural(len(self.rows), 'candidate')}."

    @cached_property
    def matrix(self) -> list[dict]:
        """Two table rows (high impact, low impact), each with its two quadrant cells."""
        cells = {
            key: {"key": key, "label": label, "hint": hint, "titles": [r.title for r in self.rows if r.quadrant == key]}
            for key, label, hint in scoring.QUADRANTS
        }
        t = self.threshold
        return [
            {
                "label": f"High impact (median {t} or more)",
                "cells": [cells[scoring.QUICK_WIN], cells[scoring.MAJOR_PROJECT]],
            },
            {
                "label": f"Low impact (median under {t})",
                "cells": [cells[scoring.FILL_IN], cells[scoring.THANKLESS_TASK]],
            },
        ]

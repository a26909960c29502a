"""Setting up a programme and its parts through the pages, as a facilitator would; bad input
gets a message beside the field and changes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lodestar.core.models import AuditEvent
from lodestar.programmes.models import BenefitMeasure, Programme, ProgrammeMilestone, Risk, Theme
from tests.factories.plans import ActionFactory, ActionPlanFactory

pytestmark = pytest.mark.django_db


def _date(name, day):
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


def test_a_facilitator_sets_up_a_programme_and_sees_it_under_its_theme(client, world):
    orgs = world["orgs"]
    client.force_login(world["people"]["ics_facilitator"])
    data = {
        "name": "Nursing associates in care homes",
        "theme": world["theme"].pk,
        "organisation": orgs["ics_a"].pk,
        "aims": "Forty nursing associates in post by 2027",
        "lead": world["people"]["ics_facilitator"].pk,
        "partners": [orgs["trust_a"].pk, orgs["pcn_a"].pk],
        "budget": "£250,000",
        "status": "active",
        **_date("start_date", datetime.date(2026, 4, 1)),
        **_date("end_date", datetime.date(2027, 3, 31)),
    }
    response = client.post(reverse("programmes:create"), data, follow=True)
    assert "Programme added: Nursing associates in care homes" in response.text
    made = Programme.objects.get(name="Nursing associates in care homes")
    assert made.budget == 250000 and made.lead.full_name == "Fay Facilitator"
    assert {o.name for o in made.partners.all()} == {"Trust A", "PCN A"}
    assert "£250,000" in response.text and "Trust A, PCN A" in response.text or "PCN A, Trust A" in response.text
    index = client.get(reverse("programmes:index"))
    assert "New medical and non-medical roles" in index.text and "Nursing associates in care homes" in index.text
    assert AuditEvent.objects.filter(action="programmes.programme.create").count() == 1


def test_bad_programme_input_is_named_beside_each_field_and_nothing_is_written(client, world):
    client.force_login(world["people"]["ics_facilitator"])
    data = {
        "name": "",
        "theme": world["theme"].pk,
        "organisation": world["orgs"]["ics_a"].pk,
        "budget": "lots",
        "status": "active",
        **_date("start_date", datetime.date(2027, 4, 1)),
        **_date("end_date", datetime.date(2026, 3, 31)),
    }
    before = Programme.objects.count()
    response = client.post(reverse("programmes:create"), data)
    assert response.status_code == 200
    assert "Enter the name of the programme" in response.text
    assert "The budget must be a number, like 12 or 4.5" in response.text
    assert "The end date must be on or after the start date" in response.text
    assert Programme.objects.count() == before
    assert not AuditEvent.objects.filter(action__startswith="programmes.").exists()


def test_a_programme_owned_outside_the_themes_organisation_is_refused(client, world):
    """A theme of ICS A cannot hold a programme run by ICS B."""
    ics_theme = Theme.objects.create(organisation=world["orgs"]["ics_a"], name="ICS A theme")
    client.force_login(world["people"]["region_facilitator"])
    data = {"name": "Mismatch", "theme": ics_theme.pk, "organisation": world["orgs"]["ics_b"].pk, "status": "active"}
    response = client.post(reverse("programmes:create"), data)
    assert "Choose ICS A or an organisation beneath it" in response.text
    assert not Programme.objects.filter(name="Mismatch").exists()


def test_milestones_measures_risks_and_a_linked_plan_roll_up_into_the_rag_words(client, world):
    prog = world["programme"]
    client.force_login(world["people"]["ics_facilitator"])
    today = timezone.localdate()
    url = reverse("programmes:milestone-add", args=[prog.pk])
    for title, due in (
        ("Job plans agreed", today - datetime.timedelta(days=10)),
        ("First cohort", today + datetime.timedelta(days=60)),
        ("Evaluation", today + datetime.timedelta(days=200)),
    ):
        assert client.post(url, {"title": title, **_date("due_date", due)}).status_code == 302
    measure = {
        "name": "Vacancy rate",
        "unit": "%",
        "baseline": "12",
        "target": "8",
        "latest": "10",
        **_date("baseline_date", datetime.date(2025, 3, 31)),
        **_date("latest_date", datetime.date(2026, 3, 31)),
    }
    assert client.post(reverse("programmes:measure-add", args=[prog.pk]), measure).status_code == 302
    risk = {
        "description": "Not enough supervisors",
        "likelihood": "3",
        "impact": "3",
        "owner": "Fay",
        "mitigation": "Train more",
        "is_open": "yes",
    }
    assert client.post(reverse("programmes:risk-add", args=[prog.pk]), risk).status_code == 302
    plan = ActionPlanFactory(organisation=world["orgs"]["ics_a"], title="ICS A retention plan")
    ActionFactory(plan=plan, due_date=today - datetime.timedelta(days=3))
    ActionFactory(plan=plan, status="done")
    assert client.post(reverse("programmes:links", args=[prog.pk]), {"plans": [plan.pk]}).status_code == 302

    page = client.get(reverse("programmes:detail", args=[prog.pk])).text
    assert "Amber: 1 of 3 milestones late; 1 linked plan has overdue actions; 1 open risk scored 8 to 14" in page
    assert "12% (31 March 2025)" in page and "50% of the way from the baseline to the target" in page
    assert "ICS A retention plan</a>: 1 of 2 actions done; 1 overdue" in page
    assert "9 (Medium): likelihood 3, impact 3" in page


def test_bad_milestone_measure_and_risk_input_is_named_and_nothing_is_written(client, world):
    prog = world["programme"]
    client.force_login(world["people"]["ics_facilitator"])
    r = client.post(reverse("programmes:milestone-add", args=[prog.pk]), {"title": ""})
    assert "Enter what the milestone is" in r.text and "Enter the date the milestone is due" in r.text
    r = client.post(
        reverse("programmes:measure-add", args=[prog.pk]), {"name": "X", "baseline": "ten", "target": "", "latest": "3"}
    )
    assert "The baseline value must be a number, like 12 or 4.5" in r.text
    assert "Enter the target" in r.text and "Enter the date of the baseline" in r.text
    assert "Enter the date of the latest value" in r.text
    r = client.post(
        reverse("programmes:risk-add", args=[prog.pk]),
        {"description": "", "likelihood": "", "impact": "4", "is_open": "yes"},
    )
    assert "Describe the risk" in r.text and "Choose the likelihood from 1 to 5" in r.text
    assert not ProgrammeMilestone.objects.exists() and not BenefitMeasure.objects.exists() and not Risk.objects.exists()


def test_marking_a_milestone_done_and_closing_a_risk(client, world):
    prog = world["programme"]
    today = timezone.localdate()
    ms = ProgrammeMilestone.objects.create(programme=prog, title="Go live", due_date=today - datetime.timedelta(days=5))
    risk = Risk.objects.create(programme=prog, description="Funding ends", likelihood=5, impact=4)
    client.force_login(world["people"]["ics_facilitator"])
    assert (
        "Red: 1 of 1 milestone late; 1 open risk scored 15 or more"
        in client.get(reverse("programmes:detail", args=[prog.pk])).text
    )
    client.post(
        reverse("programmes:milestone-edit", args=[prog.pk, ms.pk]),
        {"title": "Go live", **_date("due_date", ms.due_date), **_date("done_date", today)},
    )
    client.post(
        reverse("programmes:risk-edit", args=[prog.pk, risk.pk]),
        {"description": "Funding ends", "likelihood": "5", "impact": "4", "is_open": "no"},
    )
    page = client.get(reverse("programmes:detail", args=[prog.pk])).text
    assert "Green: no milestone late (1 of 1 done)" in page


def test_a_theme_is_added_by_a_regional_facilitator_and_a_duplicate_is_refused(client, world):
    client.force_login(world["people"]["region_facilitator"])
    url = reverse("programmes:theme-create")
    r = client.post(url, {"organisation": world["orgs"]["region"].pk, "name": "Integrated Care"}, follow=True)
    assert "Theme added: Integrated Care" in r.text
    r = client.post(url, {"organisation": world["orgs"]["region"].pk, "name": "Integrated Care"})
    assert "Test Region already has a theme called Integrated Care" in r.text
    assert Theme.objects.filter(name="Integrated Care").count() == 1

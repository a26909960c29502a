"""Generating a plan from a workshop's confirmed shortlist, and the workshop report PDF."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from lodestar.plans import actions as plan_actions
from lodestar.plans.models import ActionPlan
from lodestar.plans.report import RefusedFetch, local_only_fetcher
from tests.factories import member
from tests.factories.workshops import (
    CandidateFactory,
    ContributionFactory,
    InterventionFactory,
    RatingFactory,
    WorkshopFactory,
    star_point,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(orgs):
    w = WorkshopFactory(lead_organisation=orgs["trust_a"], title="Community nursing", challenge="Too few nurses")
    leadership = InterventionFactory(title="Named change champions", point=star_point("leadership"))
    supply = InterventionFactory(title="Return to practice campaign", point=star_point("supply"))
    dropped = InterventionFactory(title="Not chosen idea")
    second = CandidateFactory(workshop=w, intervention=leadership, shortlisted=True, priority_rank=2)
    CandidateFactory(workshop=w, intervention=supply, shortlisted=True, priority_rank=1)
    CandidateFactory(workshop=w, intervention=dropped, shortlisted=False)
    RatingFactory(candidate=second, impact=5, effort=2)
    ContributionFactory(workshop=w, text="Half the district nurses retire within five years")
    ContributionFactory(workshop=w, text="A hidden duplicate", hidden=True)
    return w


def confirm(workshop):
    workshop.shortlist_confirmed_at = timezone.now()
    workshop.save()


def test_generate_refuses_until_the_shortlist_is_confirmed(orgs, workshop):
    user = member(orgs["trust_a"], "facilitator")
    with pytest.raises(ValueError, match="Confirm the shortlist"):
        plan_actions.generate_plan(actor=user, workshop=workshop)
    assert not ActionPlan.objects.exists()


def test_generate_makes_one_action_per_shortlisted_candidate_in_priority_order(client, orgs, workshop):
    confirm(workshop)
    facilitator = member(orgs["trust_a"], "facilitator")
    client.force_login(facilitator)
    response = client.post(reverse("plans:generate", kwargs={"workshop_id": workshop.pk}))
    plan = ActionPlan.objects.get(workshop=workshop)
    assert response["Location"] == reverse("plans:detail", kwargs={"plan_id": plan.pk})
    titles = list(plan.actions.order_by("priority_rank").values_list("title", "priority_rank", "point__key"))
    assert titles == [("Return to practice campaign", 1, "supply"), ("Named change champions", 2, "leadership")]
    assert plan.organisation == orgs["trust_a"]
    assert all(a.due_date > a.start_date for a in plan.actions.all())
    # Generating again goes to the same plan rather than making a second.
    client.post(reverse("plans:generate", kwargs={"workshop_id": workshop.pk}))
    assert ActionPlan.objects.count() == 1 and plan.actions.count() == 2


def test_only_facilitators_can_generate(client, orgs, workshop):
    confirm(workshop)
    client.force_login(member(orgs["trust_a"], "contributor"))
    assert client.post(reverse("plans:generate", kwargs={"workshop_id": workshop.pk})).status_code == 403
    client.force_login(member(orgs["trust_b"], "facilitator"))
    assert client.post(reverse("plans:generate", kwargs={"workshop_id": workshop.pk})).status_code == 404
    assert client.get(reverse("plans:generate", kwargs={"workshop_id": workshop.pk})).status_code == 405
    assert not ActionPlan.objects.exists()


def test_workshop_report_pdf_contains_scope_challenges_priorities_and_plan(client, orgs, workshop):
    confirm(workshop)
    facilitator = member(orgs["trust_a"], "facilitator")
    plan = plan_actions.generate_plan(actor=facilitator, workshop=workshop)
    client.force_login(member(orgs["ics_a"], "viewer"))
    response = client.get(reverse("plans:report-pdf", kwargs={"workshop_id": workshop.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "workshop-report-" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for expected in [
        "Community nursing",
        "Too few nurses",
        "Half the district nurses retire within five years",
        "Return to practice campaign",
        "Named change champions",
        plan.title,
        "Page 1 of",
    ]:
        assert expected in text, expected
    assert "A hidden duplicate" not in text
    assert "Not chosen idea" not in text


def test_report_is_404_outside_reach(client, orgs, workshop):
    client.force_login(member(orgs["ics_b"], "viewer"))
    assert client.get(reverse("plans:report-pdf", kwargs={"workshop_id": workshop.pk})).status_code == 404


def test_the_pdf_renderer_never_fetches_from_the_network():
    with pytest.raises(RefusedFetch):
        local_only_fetcher("http://169.254.169.254/latest/meta-data")
    with pytest.raises(RefusedFetch):
        local_only_fetcher("file:///etc/passwd")

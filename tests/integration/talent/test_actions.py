"""Recording talent: who may, what is refused (beside the field, nothing written), what the
audit log keeps (no one's talent content), and the same words through the form and the API."""

from __future__ import annotations

import datetime
import html

import pytest
from django.urls import reverse

from lodestar.core.models import AuditEvent
from lodestar.core.validation import ValidationProblem
from lodestar.talent import actions
from lodestar.talent.models import DevelopmentAction, SuccessionPlan, TalentConversation, TalentEvent
from tests.factories.api import api_token, auth_header
from tests.factories.talent import FIELDS, conversation

pytestmark = pytest.mark.django_db

LINE_MANAGER_ONLY = "Only the person's line manager or a talent lead can record a conversation"


def refused(call, **kwargs):
    with pytest.raises(ValidationProblem) as caught:
        call(**kwargs)
    return caught.value.problems


def nothing_written(before):
    assert (TalentConversation.objects.count(), DevelopmentAction.objects.count(), AuditEvent.objects.count()) == before


def snapshot():
    return TalentConversation.objects.count(), DevelopmentAction.objects.count(), AuditEvent.objects.count()


def test_every_talent_event_has_a_label():
    assert all(member.label and member.label != member.value for member in TalentEvent)


def test_the_audit_log_keeps_no_talent_content(world):
    event = AuditEvent.objects.get(action=TalentEvent.CONVERSATION_RECORD.value)
    assert event.organisation == world["orgs"]["trust_a"]
    assert event.after == {"held_on": "2026-05-01", "development_actions": 1}
    assert "Priya" not in event.target_label and "Secret" not in str(event.after)


def test_a_colleague_cannot_record_a_conversation_for_someone_else(world):
    p = world["people"]
    before = snapshot()
    problems = refused(
        conversation,
        actor=p["colleague"],
        organisation=world["orgs"]["trust_a"],
        person=p["person"],
        line_manager=p["manager"],
    )
    assert problems == [("line_manager", LINE_MANAGER_ONLY)]
    nothing_written(before)


def test_an_ics_talent_lead_cannot_record_for_a_provider_beneath(world):
    p = world["people"]
    problems = refused(
        conversation,
        actor=p["ics_lead"],
        organisation=world["orgs"]["trust_a"],
        person=p["person"],
        line_manager=p["manager"],
    )
    assert ("line_manager", LINE_MANAGER_ONLY) in problems


def test_bad_input_is_refused_field_by_field_and_nothing_is_written(world):
    p = world["people"]
    before = snapshot()
    problems = refused(
        actions.record_conversation,
        actor=p["lead"],
        organisation=world["orgs"]["trust_a"],
        person=p["other_lead"],
        line_manager=p["manager"],
        held_on=datetime.date.today() + datetime.timedelta(days=3),
        development_plan=[("Shadow a director", None)],
        **{**FIELDS, "impact": "", "readiness": "soon", "aspirations": " ", "sex": "robot"},
    )
    assert problems == [
        ("person", "The person must be a Lodestar user who is a member of the organisation"),
        ("held_on", "The date of the conversation cannot be in the future"),
        ("impact", "Choose where the person is now on impact"),
        ("aspirations", "Enter the person's aspirations"),
        ("readiness", "Choose how ready the person is for a next role"),
        ("sex", "Sex: choose an answer from the list, or leave it blank"),
        ("development_plan", "Development action 1: enter both what will be done and by when"),
    ]
    nothing_written(before)


def test_only_a_talent_lead_at_the_organisation_adds_a_succession_plan(world):
    p = world["people"]
    for who in ("ics_lead", "org_admin", "manager", "platform"):
        problems = refused(
            actions.create_succession_plan, actor=p[who], organisation=world["orgs"]["trust_a"], post="Chief nurse",
            staff_group="registered-nurses", risk="high", risk_reason="Retiring",
        )  # fmt: skip
        assert problems == [("organisation", "Only a talent lead at the organisation can do this")], who
    assert SuccessionPlan.objects.count() == 1


def form_data(world, **overrides):
    p = world["people"]
    data = {
        "organisation": str(world["orgs"]["trust_a"].pk),
        "person": p["colleague"].email,
        "line_manager": p["manager"].email,
        "held_on-day": "3", "held_on-month": "6", "held_on-year": "2026",
        "action_1": "Lead a quality improvement project", "due_1-day": "1", "due_1-month": "12", "due_1-year": "2026",
        **FIELDS,
    }  # fmt: skip
    data.update(overrides)
    return data


def test_a_talent_lead_records_a_conversation_through_the_form(client, world):
    client.force_login(world["people"]["lead"])
    response = client.post(reverse("talent:conversation-new"), form_data(world, ethnic_group="white"))
    saved = TalentConversation.objects.get(person=world["people"]["colleague"])
    assert response.status_code == 302 and response["Location"] == reverse("talent:conversation", args=[saved.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Lead a quality improvement project" in page and "1 December 2026" in page and "White" in page


def test_the_same_refusal_on_the_form_and_in_the_api(client, world):
    before = snapshot()
    client.force_login(world["people"]["colleague"])
    bad = form_data(world, person=world["people"]["person"].email)
    page = client.post(reverse("talent:conversation-new"), bad)
    assert page.status_code == 400 and LINE_MANAGER_ONLY in html.unescape(page.content.decode())
    headers = auth_header(api_token(world["people"]["colleague"])[1])
    body = {k: v for k, v in bad.items() if "-" not in k and not k.startswith("action")}
    body.update(organisation=world["orgs"]["trust_a"].pk, held_on="2026-06-03")
    answer = client.post("/api/v1/talent/conversations", body, content_type="application/json", **headers)
    assert answer.status_code == 422
    assert {"field": "body.line_manager", "message": LINE_MANAGER_ONLY} in answer.json()["errors"]
    before = (before[0], before[1], AuditEvent.objects.count())  # API tokens are audited
    nothing_written(before)


def test_an_email_that_matches_nobody_is_refused_beside_the_field(client, world):
    client.force_login(world["people"]["lead"])
    page = client.post(
        reverse("talent:conversation-new"), form_data(world, person="nobody@example.com")
    ).content.decode()
    assert "The person must be a Lodestar user who is a member of the organisation" in page
    assert not TalentConversation.objects.filter(recorded_by=world["people"]["lead"], held_on="2026-06-03").exists()


def test_the_line_manager_records_through_the_api_and_the_person_reads_it(client, world):
    p = world["people"]
    body = {
        "organisation": world["orgs"]["trust_a"].pk, "person": p["colleague"].email, "line_manager": p["manager"].email,
        "held_on": "2026-04-02", "development_plan": [{"text": "Coaching", "due_on": "2026-10-01"}], **FIELDS,
    }  # fmt: skip
    made = client.post("/api/v1/talent/conversations", body, content_type="application/json",
                       **auth_header(api_token(p["manager"])[1]))  # fmt: skip
    assert made.status_code == 201, made.content
    own = client.get(f"/api/v1/talent/conversations/{made.json()['id']}", **auth_header(api_token(p["colleague"])[1]))
    assert own.status_code == 200 and own.json()["development_plan"] == [{"text": "Coaching", "due_on": "2026-10-01"}]

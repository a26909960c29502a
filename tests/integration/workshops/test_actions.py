"""Workshop actions: the audit rows each one writes (event, before and after), the input each
refuses (a ValidationProblem naming the argument, nothing written), the invitation link
(signed for workshops only, emailed after commit), and each rule giving one answer through
the form, the API and the action."""

from __future__ import annotations

import datetime
import html

import pytest
from django.db import transaction
from django.urls import reverse

from lodestar.accounts import actions as account_actions
from lodestar.core import tokens
from lodestar.core.models import AuditEvent
from lodestar.core.validation import ValidationProblem
from lodestar.workshops import actions
from lodestar.workshops.models import (
    Candidate,
    Contribution,
    EvidenceItem,
    Participant,
    PointAssessment,
    Rating,
    Workshop,
    WorkshopEvent,
)
from tests.dates import boxes
from tests.factories import member, role
from tests.factories.api import api_token, auth_header
from tests.factories.workshops import (
    CandidateFactory,
    ContributionFactory,
    InterventionFactory,
    participant,
    star_points,
)

pytestmark = pytest.mark.django_db

START, END = datetime.date(2027, 3, 2), datetime.date(2027, 3, 3)


@pytest.fixture
def world(orgs):
    points = star_points()
    facilitator = member(orgs["trust_a"], "facilitator")
    workshop = actions.create_workshop(
        actor=facilitator,
        title="Community nursing",
        lead_organisation=orgs["trust_a"],
        challenge="Too few community nurses",
        starts_on=START,
        ends_on=END,
    )
    contributor = participant(workshop, "contributor", user=member(orgs["trust_a"], "contributor"))
    return dict(orgs=orgs, w=workshop, facilitator=facilitator, contributor=contributor, point=points[0])


def audit(event: WorkshopEvent) -> AuditEvent:
    """The one audit row recorded for ``event``."""
    return AuditEvent.objects.get(action=event.value)


def refused(call, **kwargs) -> dict[str, list[str]]:
    """Run an action that must refuse its input and write nothing; its problems by field."""
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationProblem) as caught:
        call(**kwargs)
    assert AuditEvent.objects.count() == before
    return caught.value.by_field()


# ------------------------------------------------------------------ set-up


def test_create_workshop_records_its_details_in_the_lead_organisation(world):
    row = audit(WorkshopEvent.CREATE)
    assert row.organisation == world["orgs"]["trust_a"] and row.actor == world["facilitator"]
    assert row.before is None
    assert row.after["title"] == "Community nursing" and row.after["starts_on"] == "2027-03-02"
    assert row.after["status"] == "draft" and row.after["partner_organisations"] == []
    assert world["w"].participants.get(user=world["facilitator"]).role == "facilitator"


def test_update_workshop_records_before_and_after(world):
    w, partner = world["w"], world["orgs"]["trust_b"]
    actions.update_workshop(actor=world["facilitator"], workshop=w, title="Nursing", partner_organisations=[partner])
    row = audit(WorkshopEvent.UPDATE)
    assert (row.before["title"], row.after["title"]) == ("Community nursing", "Nursing")
    assert (row.before["partner_organisations"], row.after["partner_organisations"]) == ([], [partner.pk])


def test_update_workshop_refuses_a_field_it_does_not_change(world):
    with pytest.raises(TypeError):
        actions.update_workshop(actor=world["facilitator"], workshop=world["w"], created_by=None)


def test_workshop_details_are_checked_all_at_once(world):
    problems = refused(
        actions.create_workshop,
        actor=world["facilitator"],
        title=" ",
        lead_organisation=world["orgs"]["trust_b"],  # not where they facilitate
        challenge="y" * 4001,
        staff_groups=["astronauts"],
        starts_on=datetime.date(1999, 12, 31),
        ends_on=datetime.date(2100, 1, 1),
    )
    assert problems == {
        "title": ["Enter a title for the workshop"],
        "lead_organisation": ["Choose the lead organisation"],
        "challenge": ["The workforce challenge must be 4,000 characters or fewer"],
        "staff_groups": ["Choose staff groups from the list"],
        "starts_on": ["The start date must be between 2000 and 2099"],
        "ends_on": ["The end date must be between 2000 and 2099"],
    }
    assert Workshop.objects.count() == 1


def test_update_checks_the_workshop_as_it_would_be(world):
    problems = refused(
        actions.update_workshop, actor=world["facilitator"], workshop=world["w"], ends_on=START.replace(day=1)
    )
    assert problems == {"ends_on": ["The end date must be the same as or after the start date"]}
    problems = refused(
        actions.update_workshop,
        actor=world["facilitator"],
        workshop=world["w"],
        partner_organisations=[world["orgs"]["trust_a"]],
    )
    assert problems == {"partner_organisations": ["The lead organisation cannot also be a partner"]}
    world["w"].refresh_from_db()
    assert world["w"].ends_on == END and not world["w"].partner_organisations.exists()


# ------------------------------------------------------------------ participants


def test_member_participants_added_changed_and_removed(world):
    w, actor = world["w"], world["facilitator"]
    newcomer = member(world["orgs"]["trust_a"], "viewer")
    p = actions.add_member_participant(actor=actor, workshop=w, user=newcomer, role="observer")
    assert audit(WorkshopEvent.PARTICIPANT_ADD).after == {"user_id": newcomer.pk, "role": "observer"}
    actions.change_participant_role(actor=actor, participant=p, role="contributor")
    row = audit(WorkshopEvent.PARTICIPANT_ROLE)
    assert (row.before, row.after) == ({"role": "observer"}, {"role": "contributor"})
    actions.remove_participant(actor=actor, participant=p)
    row = audit(WorkshopEvent.PARTICIPANT_REMOVE)
    assert row.before["user_id"] == newcomer.pk and row.after is None
    assert not w.participants.filter(user=newcomer).exists()


def test_participant_role_and_person_are_checked(world):
    w, actor = world["w"], world["facilitator"]
    newcomer = member(world["orgs"]["trust_a"], "viewer")
    assert refused(actions.add_member_participant, actor=actor, workshop=w, user=newcomer, role="boss") == {
        "role": ["Choose a role"]
    }
    assert refused(
        actions.add_member_participant, actor=actor, workshop=w, user=world["contributor"], role="observer"
    ) == {"user": ["This person is already a participant in this workshop"]}
    p = w.participants.get(user=world["contributor"])
    assert refused(actions.change_participant_role, actor=actor, participant=p, role="") == {"role": ["Choose a role"]}
    assert Participant.objects.get(pk=p.pk).role == "contributor"


# ------------------------------------------------------------------ invitations


def invite(world, email="val@charity.org", **kwargs):
    values = dict(name="Val Voluntary", email=email, role="contributor", accept_url=lambda t: f"https://x/{t}/")
    return actions.invite_external_participant(actor=world["facilitator"], workshop=world["w"], **{**values, **kwargs})


def test_invitation_is_emailed_after_commit_and_stores_only_a_signed_digest(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        p, token = invite(world, email="Val@Charity.org")
        assert mailoutbox == []  # not while the transaction is open
    assert len(callbacks) == 1 and len(mailoutbox) == 1
    assert mailoutbox[0].to == ["val@charity.org"] and f"https://x/{token}/" in mailoutbox[0].body
    assert p.token_hash == tokens.digest(actions.INVITATION_PURPOSE, token) and token not in p.token_hash
    row = audit(WorkshopEvent.PARTICIPANT_INVITE)
    assert row.after == {
        "name": "Val Voluntary",
        "email": "val@charity.org",
        "role": "contributor",
        "is_external": True,
    }
    assert token not in str(row.after) and p.token_hash not in str(row.after)
    assert actions.find_invitation(token) == p


def test_no_email_when_the_invitation_rolls_back(world, mailoutbox, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        invite(world)
        raise RuntimeError("something after the invitation failed")
    assert callbacks == [] and mailoutbox == []
    assert not Participant.objects.filter(email="val@charity.org").exists()
    assert not AuditEvent.objects.filter(action=WorkshopEvent.PARTICIPANT_INVITE.value).exists()


def test_an_organisation_invitation_token_does_not_open_a_workshop_invitation(client, world):
    with transaction.atomic():
        _invitation, org_token = account_actions.create_invitation(
            actor=world["facilitator"],
            email="val@charity.org",
            organisation=world["orgs"]["trust_a"],
            role=role("viewer"),
            accept_url=lambda t: t,
        )
    p, workshop_token = invite(world)
    assert actions.find_invitation(org_token) is None
    # Even a workshop invitation holding the organisation-purpose digest of a token stays shut.
    Participant.objects.filter(pk=p.pk).update(token_hash=tokens.digest(account_actions.INVITATION_PURPOSE, org_token))
    assert actions.find_invitation(org_token) is None
    assert client.get(reverse("workshops:accept", args=[org_token])).status_code == 404
    assert actions.find_invitation(workshop_token) is None  # its own digest was replaced


def test_invitation_input_is_checked(world):
    p, _token = invite(world)
    assert refused(invite, world=world, email="not-an-email", name="") == {
        "name": ["Enter their full name"],
        "email": ["Enter an email address in the correct format, like name@example.com"],
    }
    assert refused(invite, world=world, email="VAL@charity.org") == {
        "email": ["This person is already a participant in this workshop"]
    }
    assert refused(invite, world=world, email="sam@charity.org", role="facilitator") == {"role": ["Choose a role"]}
    assert Participant.objects.filter(is_external=True).count() == 1


def test_accepting_uses_the_invitation_once(world):
    p, token = invite(world)
    user = actions.accept_invitation(participant=p, full_name="Val Voluntary", password="a long enough password 1")
    row = audit(WorkshopEvent.PARTICIPANT_ACCEPT)
    assert row.actor == user and row.after == {"user_id": user.pk} and row.before["user_id"] is None
    p.refresh_from_db()
    assert p.user == user and p.token_hash == "" and actions.find_invitation(token) is None
    assert refused(actions.accept_invitation, participant=p, user=user) == {
        "": ["This invitation has already been used"]
    }


def test_expired_invitation_is_not_found(world):
    p, token = invite(world)
    Participant.objects.filter(pk=p.pk).update(invitation_expires_at=p.invited_at - datetime.timedelta(seconds=1))
    assert actions.find_invitation(token) is None
    assert actions.find_invitation("") is None and actions.find_invitation("x" * 500) is None


# ------------------------------------------------------------------ evidence


def test_evidence_note_added_and_removed(world):
    w, actor = world["w"], world["facilitator"]
    item = actions.add_evidence_note(actor=actor, workshop=w, title="Turnover", text="12% a year")
    assert audit(WorkshopEvent.EVIDENCE_ADD).after == {"kind": "note", "title": "Turnover"}
    actions.delete_evidence(actor=actor, item=item)
    row = audit(WorkshopEvent.EVIDENCE_DELETE)
    assert row.before == {"kind": "note", "title": "Turnover", "original_name": ""} and row.after is None
    assert not EvidenceItem.objects.exists()


def test_evidence_note_is_checked(world):
    problems = refused(
        actions.add_evidence_note, actor=world["facilitator"], workshop=world["w"], title="", text="x" * 20_001
    )
    assert problems == {
        "title": ["Enter a title for the note"],
        "text": ["The note must be 20,000 characters or fewer"],
    }


# ------------------------------------------------------------------ assessment and contributions


def test_scores_saved_with_before_and_after(world):
    w, actor, point = world["w"], world["facilitator"], world["point"]
    actions.save_assessment(actor=actor, workshop=w, point=point, current_score=2, target_score=4, evidence="14%")
    actions.save_assessment(actor=actor, workshop=w, point=point, current_score=3, target_score=4, evidence="12%")
    first, second = AuditEvent.objects.filter(action=WorkshopEvent.ASSESSMENT_SAVE.value).order_by("pk")
    assert first.before == {"current_score": None, "target_score": None, "evidence": ""}
    assert first.after == {"current_score": 2, "target_score": 4, "evidence": "14%"} == second.before
    assert second.after == {"current_score": 3, "target_score": 4, "evidence": "12%"}
    w.refresh_from_db()
    assert w.status == "in_progress"


def test_scores_are_checked(world):
    kwargs = dict(actor=world["facilitator"], workshop=world["w"], point=world["point"])
    problems = refused(actions.save_assessment, **kwargs, current_score=6, target_score=0, evidence="z" * 10_001)
    assert problems == {
        "current_score": ["Choose a current score from 1 to 5"],
        "target_score": ["Choose a target score from 1 to 5"],
        "evidence": ["The summary of the evidence must be 10,000 characters or fewer"],
    }
    assert refused(actions.save_assessment, **kwargs, current_score=True, target_score=None) == {
        "current_score": ["Choose a current score from 1 to 5"]
    }
    assert not PointAssessment.objects.exists()


def test_contributions_added_edited_hidden_and_merged(world):
    w, actor, point = world["w"], world["facilitator"], world["point"]
    a = actions.add_contribution(actor=actor, workshop=w, point=point, kind="challenge", text=" Too few placements ")
    assert audit(WorkshopEvent.CONTRIBUTION_ADD).after == {
        "point_id": point.pk,
        "kind": "challenge",
        "text": "Too few placements",
    }
    actions.edit_contribution(actor=actor, contribution=a, text="Too few student placements", kind="evidence")
    row = audit(WorkshopEvent.CONTRIBUTION_EDIT)
    assert row.before == {"text": "Too few placements", "kind": "challenge"}
    assert row.after == {"text": "Too few student placements", "kind": "evidence"}
    actions.set_contribution_hidden(actor=actor, contribution=a, hidden=True)
    actions.set_contribution_hidden(actor=actor, contribution=a, hidden=False)
    assert (audit(WorkshopEvent.CONTRIBUTION_HIDE).after, audit(WorkshopEvent.CONTRIBUTION_UNHIDE).after) == (
        {"hidden": True},
        {"hidden": False},
    )
    b = actions.add_contribution(actor=actor, workshop=w, point=point, kind="idea", text="Placements are scarce")
    actions.merge_contribution(actor=actor, source=b, into=a)
    row = audit(WorkshopEvent.CONTRIBUTION_MERGE)
    assert row.before == {
        "source": {"hidden": False, "merged_into_id": None},
        "into": {"text": "Too few student placements"},
    }
    assert row.after["source"] == {"hidden": True, "merged_into_id": a.pk}
    assert row.after["into"]["text"].endswith("Placements are scarce")


def test_contributions_are_checked(world):
    w, actor, point = world["w"], world["facilitator"], world["point"]
    assert refused(actions.add_contribution, actor=actor, workshop=w, point=point, kind="rumour", text="  ") == {
        "kind": ["Choose evidence, a challenge or an idea"],
        "text": ["Enter your contribution"],
    }
    assert refused(actions.add_contribution, actor=actor, workshop=w, point=point, kind="idea", text="x" * 4001) == {
        "text": ["Your contribution must be 4,000 characters or fewer"]
    }
    c = ContributionFactory(workshop=w, text="Keep me")
    assert refused(actions.edit_contribution, actor=actor, contribution=c, text="") == {
        "text": ["Enter your contribution"]
    }
    assert refused(actions.merge_contribution, actor=actor, source=c, into=c) == {
        "into": ["Choose a different contribution to merge into"]
    }
    elsewhere = ContributionFactory()
    assert refused(actions.merge_contribution, actor=actor, source=c, into=elsewhere) == {
        "into": ["Contributions can only be merged within one workshop"]
    }
    assert Contribution.objects.get(pk=c.pk).text == "Keep me"


# ------------------------------------------------------------------ candidates, ratings, shortlist


def test_candidates_ratings_and_shortlist(world):
    w, actor = world["w"], world["facilitator"]
    challenge = ContributionFactory(workshop=w, kind="challenge")
    iv = InterventionFactory()
    c = actions.add_candidate(actor=actor, workshop=w, intervention=iv)
    assert audit(WorkshopEvent.CANDIDATE_ADD).after == {"intervention_id": iv.pk, "challenge_id": None}
    actions.add_candidate(actor=actor, workshop=w, intervention=iv, challenge=challenge, note="For placements")
    row = audit(WorkshopEvent.CANDIDATE_UPDATE)
    assert (row.before, row.after) == (
        {"challenge_id": None, "note": ""},
        {"challenge_id": challenge.pk, "note": "For placements"},
    )
    actions.rate_candidate(actor=actor, candidate=c, impact=4, effort=2)
    actions.rate_candidate(actor=actor, candidate=c, impact=5, effort=2)
    first, second = AuditEvent.objects.filter(action=WorkshopEvent.RATING_SAVE.value).order_by("pk")
    assert first.before is None and first.after == {"candidate_id": c.pk, "impact": 4, "effort": 2}
    assert second.before == {"impact": 4, "effort": 2} and second.after["impact"] == 5
    other = CandidateFactory(workshop=w)
    actions.confirm_shortlist(actor=actor, workshop=w, ordered_candidate_ids=[other.pk, c.pk])
    row = audit(WorkshopEvent.SHORTLIST_CONFIRM)
    assert row.before == {str(c.pk): [False, None], str(other.pk): [False, None]}
    assert row.after[str(other.pk)] == [True, 1] and row.after[str(c.pk)] == [True, 2]
    assert row.after["shortlist_confirmed_at"]
    actions.remove_candidate(actor=actor, candidate=other)
    assert audit(WorkshopEvent.CANDIDATE_REMOVE).before == {
        "intervention_id": other.intervention_id,
        "challenge_id": None,
    }


def test_candidates_ratings_and_shortlist_are_checked(world):
    w, actor = world["w"], world["facilitator"]
    idea = ContributionFactory(workshop=w, kind="idea")
    assert refused(actions.add_candidate, actor=actor, workshop=w, intervention=None, challenge=idea) == {
        "intervention": ["Choose an intervention"],
        "challenge": ["Choose a challenge from this workshop"],
    }
    c = CandidateFactory(workshop=w)
    assert refused(actions.rate_candidate, actor=actor, candidate=c, impact=0, effort="3") == {
        "impact": ["Choose an impact rating from 1 to 5"],
        "effort": ["Choose an effort rating from 1 to 5"],
    }
    elsewhere = CandidateFactory()
    for ids, message in [
        ([], "Choose at least one candidate for the shortlist"),
        ([c.pk, c.pk], "Each candidate can be on the shortlist only once"),
        ([elsewhere.pk], "Choose candidates from this workshop"),
    ]:
        assert refused(actions.confirm_shortlist, actor=actor, workshop=w, ordered_candidate_ids=ids) == {
            "ordered_candidate_ids": [message]
        }
    assert not Rating.objects.exists() and not Candidate.objects.filter(shortlisted=True).exists()


def test_every_workshop_event_has_a_label():
    assert all(event.label and event.label != event.value for event in WorkshopEvent)


# ------------------------------------------------------------------ one rule, one answer


def page(response) -> str:
    return html.unescape(response.content.decode())


def api_errors(response) -> dict[str, str]:
    assert response.status_code == 422, response.content
    return {e["field"]: e["message"] for e in response.json()["errors"]}


@pytest.fixture
def entry(world, client):
    client.force_login(world["facilitator"])
    world["api"] = auth_header(api_token(world["facilitator"])[1])
    return world


def test_end_date_before_start_date_one_answer(client, entry):
    message = "The end date must be the same as or after the start date"
    details = dict(title="X", lead_organisation=entry["orgs"]["trust_a"], challenge="Y", starts_on=END, ends_on=START)
    assert refused(actions.create_workshop, actor=entry["facilitator"], **details) == {"ends_on": [message]}
    form = {"title": "X", "lead_organisation": entry["orgs"]["trust_a"].pk, "challenge": "Y"}
    response = client.post(
        reverse("workshops:create"), boxes({**form, "starts_on": "03/03/2027", "ends_on": "02/03/2027"})
    )
    assert response.status_code == 200 and message in page(response)
    response = client.post(
        reverse("workshops:edit", args=[entry["w"].pk]),
        boxes({**form, "starts_on": "2027-03-03", "ends_on": "2027-03-02"}),
    )
    assert response.status_code == 200 and message in page(response)
    assert Workshop.objects.count() == 1 and Workshop.objects.get().ends_on == END
    # The API has no endpoint that sets a workshop's dates.


def test_score_outside_1_to_5_one_answer(client, entry):
    w, message = entry["w"], "Choose a current score from 1 to 5"
    kwargs = dict(actor=entry["facilitator"], workshop=w, point=entry["point"], target_score=None)
    assert refused(actions.save_assessment, **kwargs, current_score=7) == {"current_score": [message]}
    response = client.post(reverse("workshops:assessment-scores", args=[w.pk, "supply"]), {"current_score": "7"})
    assert response.status_code == 400 and message in page(response)
    response = client.put(
        f"/api/v1/workshops/{w.pk}/scores/supply", {"current_score": 7}, content_type="application/json", **entry["api"]
    )
    assert api_errors(response) == {"body.current_score": message}
    assert not PointAssessment.objects.exists()


def test_empty_contribution_text_one_answer(client, entry):
    w, message = entry["w"], "Enter your contribution"
    kwargs = dict(actor=entry["facilitator"], workshop=w, point=entry["point"], kind="idea")
    assert refused(actions.add_contribution, **kwargs, text="   ") == {"text": [message]}
    response = client.post(
        reverse("workshops:contribution-add", args=[w.pk, "supply"]), {"kind": "idea", "text": "   "}
    )
    assert response.status_code == 400 and message in page(response)
    response = client.post(
        f"/api/v1/workshops/{w.pk}/contributions",
        {"point": "supply", "kind": "idea", "text": "   "},
        content_type="application/json",
        **entry["api"],
    )
    assert api_errors(response) == {"body.text": message}
    assert not Contribution.objects.exists()


def test_too_long_contribution_one_answer(client, entry):
    w, message, text = entry["w"], "Your contribution must be 4,000 characters or fewer", "x" * 4001
    kwargs = dict(actor=entry["facilitator"], workshop=w, point=entry["point"], kind="idea")
    assert refused(actions.add_contribution, **kwargs, text=text) == {"text": [message]}
    response = client.post(reverse("workshops:contribution-add", args=[w.pk, "supply"]), {"kind": "idea", "text": text})
    assert response.status_code == 400 and message in page(response)
    response = client.post(
        f"/api/v1/workshops/{w.pk}/contributions",
        {"point": "supply", "kind": "idea", "text": text},
        content_type="application/json",
        **entry["api"],
    )
    assert api_errors(response) == {"body.text": message}
    assert not Contribution.objects.exists()


def test_rating_outside_1_to_5_one_answer(client, entry):
    w, message = entry["w"], "Choose an impact rating from 1 to 5"
    c = CandidateFactory(workshop=w)
    assert refused(actions.rate_candidate, actor=entry["facilitator"], candidate=c, impact=6, effort=2) == {
        "impact": [message]
    }
    response = client.post(
        reverse("workshops:rate", args=[w.pk, c.pk]), {f"c{c.pk}-impact": "6", f"c{c.pk}-effort": "2"}
    )
    assert response.status_code == 400 and message in page(response)
    response = client.put(
        f"/api/v1/workshops/{w.pk}/candidates/{c.pk}/rating",
        {"impact": 6, "effort": 2},
        content_type="application/json",
        **entry["api"],
    )
    assert api_errors(response) == {"body.impact": message}
    assert not Rating.objects.exists()


def test_candidate_for_something_that_is_not_a_challenge_one_answer(client, entry):
    w, message = entry["w"], "Choose a challenge from this workshop"
    idea, iv = ContributionFactory(workshop=w, kind="idea"), InterventionFactory(code="supply-rtp")
    kwargs = dict(actor=entry["facilitator"], workshop=w, intervention=iv)
    assert refused(actions.add_candidate, **kwargs, challenge=idea) == {"challenge": [message]}
    response = client.post(
        reverse("workshops:candidate-add", args=[w.pk]), {"intervention": iv.pk, "challenge": idea.pk}
    )
    assert message in page(client.get(response["Location"]))
    response = client.post(
        f"/api/v1/workshops/{w.pk}/candidates",
        {"intervention_code": iv.code, "challenge_id": idea.pk},
        content_type="application/json",
        **entry["api"],
    )
    assert api_errors(response) == {"body.challenge_id": message}
    assert not Candidate.objects.exists()


def test_empty_shortlist_one_answer(client, entry):
    w, message = entry["w"], "Choose at least one candidate for the shortlist"
    assert refused(actions.confirm_shortlist, actor=entry["facilitator"], workshop=w, ordered_candidate_ids=[]) == {
        "ordered_candidate_ids": [message]
    }
    response = client.post(reverse("workshops:shortlist-confirm", args=[w.pk]), {})
    assert response.status_code == 400 and message in page(response)
    # The API does not confirm shortlists.


def test_duplicate_invitation_one_answer(client, entry):
    w, message = entry["w"], "This person is already a participant in this workshop"
    invite(entry)
    assert refused(invite, world=entry, email="VAL@charity.org") == {"email": [message]}
    response = client.post(
        reverse("workshops:participants", args=[w.pk]),
        {"form": "invite", "invite-name": "Val", "invite-email": "val@CHARITY.org", "invite-role": "observer"},
    )
    assert response.status_code == 200 and message in page(response)
    assert w.participants.filter(is_external=True).count() == 1

"""Workshop pages through the test client: happy paths, access (404 for out of reach,
403 for the wrong role) and bad input that writes nothing."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lodestar.core.models import AuditEvent
from lodestar.workshops.models import (
    Candidate,
    Contribution,
    Participant,
    PointAssessment,
    Rating,
    Workshop,
)
from tests.dates import boxes
from tests.factories import PASSWORD, member
from tests.factories.workshops import (
    CandidateFactory,
    ContributionFactory,
    InterventionFactory,
    RatingFactory,
    WorkshopFactory,
    participant,
    star_points,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(orgs):
    star_points()
    facilitator = member(orgs["trust_a"], "facilitator")
    workshop = WorkshopFactory(lead_organisation=orgs["trust_a"], facilitator=facilitator, title="Community nursing")
    participant(workshop, "facilitator", user=facilitator)
    contributor = participant(workshop, "contributor", user=member(orgs["trust_a"], "contributor"))
    outsider = member(orgs["trust_b"], "facilitator")  # sibling ICS: must not see it
    return dict(orgs=orgs, workshop=workshop, facilitator=facilitator, contributor=contributor, outsider=outsider)


def login(client, user):
    client.force_login(user)
    return client


def page_urls(w, cand=None, contribution=None):
    urls = [
        reverse("workshops:detail", args=[w.pk]),
        reverse("workshops:participants", args=[w.pk]),
        reverse("workshops:evidence", args=[w.pk]),
        reverse("workshops:assessment", args=[w.pk]),
        reverse("workshops:assessment-point", args=[w.pk, "supply"]),
        reverse("workshops:candidates", args=[w.pk]),
        reverse("workshops:prioritisation", args=[w.pk]),
        reverse("workshops:edit", args=[w.pk]),
    ]
    if contribution:
        urls.append(reverse("workshops:contribution-edit", args=[w.pk, contribution.pk]))
    return urls


def test_facilitator_sees_every_page(client, setup):
    w = setup["workshop"]
    c = ContributionFactory(workshop=w, text="Not enough applicants")
    CandidateFactory(workshop=w)
    login(client, setup["facilitator"])
    for u in page_urls(w, contribution=c):
        response = client.get(u)
        assert response.status_code == 200, u
    detail = client.get(reverse("workshops:detail", args=[w.pk])).content.decode()
    for step in [
        "Set up",
        "Participants",
        "Evidence pack",
        "Star assessment",
        "Candidates",
        "Prioritisation",
        "Action plan",
    ]:
        assert step in detail


def test_sibling_organisation_gets_404_everywhere(client, setup):
    w = setup["workshop"]
    c = ContributionFactory(workshop=w)
    login(client, setup["outsider"])
    for u in page_urls(w, contribution=c):
        assert client.get(u).status_code == 404, u
    posts = [
        reverse("workshops:contribution-add", args=[w.pk, "supply"]),
        reverse("workshops:assessment-scores", args=[w.pk, "supply"]),
        reverse("workshops:candidate-add", args=[w.pk]),
        reverse("workshops:shortlist-confirm", args=[w.pk]),
        reverse("workshops:contribution-hide", args=[w.pk, c.pk]),
    ]
    for u in posts:
        assert client.post(u, {"kind": "idea", "text": "x"}).status_code == 404, u
    assert Contribution.objects.count() == 1
    assert "Community nursing" not in client.get(reverse("workshops:list")).content.decode()


def test_list_shows_visible_workshops_and_set_up_button(client, setup):
    login(client, setup["facilitator"])
    body = client.get(reverse("workshops:list")).content.decode()
    assert "Community nursing" in body and "Set up a workshop" in body
    login(client, setup["contributor"])
    body = client.get(reverse("workshops:list")).content.decode()
    assert "Community nursing" in body and "Set up a workshop" not in body


def test_set_up_a_workshop(client, setup):
    orgs = setup["orgs"]
    login(client, setup["facilitator"])
    response = client.post(
        reverse("workshops:create"),
        boxes(
            {
                "title": "Frailty pathway",
                "lead_organisation": orgs["trust_a"].pk,
                "challenge": "Too few staff for frail older people at home",
                "staff_groups": ["registered-nurses"],
                "care_settings": ["community"],
                "starts_on": "2027-03-01",
                "ends_on": "2027-03-02",
            }
        ),
    )
    w = Workshop.objects.get(title="Frailty pathway")
    assert response.status_code == 302 and response["Location"] == reverse("workshops:detail", args=[w.pk])
    assert w.facilitator == setup["facilitator"] and w.staff_groups == ["registered-nurses"]
    assert w.participants.get().role == "facilitator"
    assert AuditEvent.objects.filter(action="workshop.create", organisation=orgs["trust_a"]).exists()


def test_set_up_rejects_end_before_start_and_writes_nothing(client, setup):
    orgs = setup["orgs"]
    login(client, setup["facilitator"])
    before = Workshop.objects.count()
    response = client.post(
        reverse("workshops:create"),
        boxes(
            {
                "title": "X",
                "lead_organisation": orgs["trust_a"].pk,
                "challenge": "Y",
                "starts_on": "2027-03-02",
                "ends_on": "2027-03-01",
            }
        ),
    )
    assert response.status_code == 200
    assert "The end date must be the same as or after the start date" in response.content.decode()
    assert Workshop.objects.count() == before


def test_cannot_lead_from_an_organisation_without_facilitate(client, setup):
    orgs = setup["orgs"]
    login(client, setup["facilitator"])
    response = client.post(
        reverse("workshops:create"), {"title": "X", "lead_organisation": orgs["trust_b"].pk, "challenge": "Y"}
    )
    assert "Choose the lead organisation" in response.content.decode()
    assert not Workshop.objects.filter(title="X").exists()


def test_contributor_cannot_set_up_or_edit(client, setup):
    login(client, setup["contributor"])
    assert client.get(reverse("workshops:create")).status_code == 403
    assert client.get(reverse("workshops:edit", args=[setup["workshop"].pk])).status_code == 403


def test_partner_choices_include_open_types_outside_reach(client, setup):
    from lodestar.orgs.models import OrganisationType
    from tests.factories import OrganisationFactory

    council = OrganisationFactory(name="Riverside Council", type=OrganisationType.LOCAL_AUTHORITY)
    other_trust = OrganisationFactory(name="Faraway Trust")
    login(client, setup["facilitator"])
    body = client.get(reverse("workshops:create")).content.decode()
    assert "Riverside Council" in body and "Faraway Trust" not in body
    response = client.post(
        reverse("workshops:create"),
        {
            "title": "P",
            "lead_organisation": setup["orgs"]["trust_a"].pk,
            "challenge": "C",
            "partner_organisations": [council.pk, other_trust.pk],
        },
    )
    assert response.status_code == 200 and not Workshop.objects.filter(title="P").exists()


# --- participants -----------------------------------------------------------------


def test_add_member_participant(client, setup):
    w = setup["workshop"]
    newcomer = member(setup["orgs"]["trust_a"], "viewer", full_name="Nina Newcomer")
    login(client, setup["facilitator"])
    body = client.get(reverse("workshops:participants", args=[w.pk])).content.decode()
    assert "Nina Newcomer" in body
    response = client.post(
        reverse("workshops:participants", args=[w.pk]), {"form": "member", "user": newcomer.pk, "role": "observer"}
    )
    assert response.status_code == 302
    assert w.participants.get(user=newcomer).role == "observer"


def test_cannot_add_someone_from_outside_the_taking_part_organisations(client, setup):
    w = setup["workshop"]
    login(client, setup["facilitator"])
    response = client.post(
        reverse("workshops:participants", args=[w.pk]),
        {"form": "member", "user": setup["outsider"].pk, "role": "contributor"},
    )
    assert response.status_code == 200 and "Choose a person from the list" in response.content.decode()
    assert not w.participants.filter(user=setup["outsider"]).exists()


def test_contributor_cannot_change_participants(client, setup):
    w = setup["workshop"]
    login(client, setup["contributor"])
    response = client.post(
        reverse("workshops:participants", args=[w.pk]),
        {"form": "invite", "invite-name": "A", "invite-email": "a@b.org", "invite-role": "contributor"},
    )
    assert response.status_code == 403
    assert not w.participants.filter(email="a@b.org").exists()


def test_external_invitation_journey(client, setup, mailoutbox, django_capture_on_commit_callbacks):
    import re

    w = setup["workshop"]
    other = WorkshopFactory(lead_organisation=setup["orgs"]["trust_a"], title="Another workshop")
    login(client, setup["facilitator"])
    with django_capture_on_commit_callbacks(execute=True):  # the email goes once the invitation is committed
        response = client.post(
            reverse("workshops:participants", args=[w.pk]),
            {
                "form": "invite",
                "invite-name": "Val Voluntary",
                "invite-email": "Val@Charity.org",
                "invite-role": "contributor",
            },
        )
    assert response.status_code == 302
    p = w.participants.get(email="val@charity.org")
    assert p.is_external and p.user is None and p.token_hash
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["val@charity.org"]
    link = re.search(r"http://testserver(/workshops/invitations/\S+/)", mailoutbox[0].body).group(1)
    assert link.split("/")[-2] not in p.token_hash  # only the hash is stored

    client.logout()
    assert client.get(link).status_code == 200
    bad = client.post(link, {"full_name": "Val", "password": "short", "password_again": "short"})
    assert bad.status_code == 200 and Participant.objects.get(pk=p.pk).user is None
    response = client.post(link, {"full_name": "Val Voluntary", "password": PASSWORD, "password_again": PASSWORD})
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.user is not None and p.accepted_at is not None and not p.user.memberships.exists()
    # Signed in now: reaches only this workshop.
    assert client.get(reverse("workshops:detail", args=[w.pk])).status_code == 200
    assert client.get(reverse("workshops:evidence", args=[w.pk])).status_code == 200
    assert client.get(reverse("workshops:detail", args=[other.pk])).status_code == 404
    assert "Another workshop" not in client.get(reverse("workshops:list")).content.decode()
    # Can contribute, cannot curate.
    client.post(
        reverse("workshops:contribution-add", args=[w.pk, "supply"]), {"kind": "idea", "text": "Volunteer drivers"}
    )
    assert w.contributions.filter(text="Volunteer drivers").exists()
    assert client.get(reverse("workshops:edit", args=[w.pk])).status_code == 403
    # The link works once.
    client.logout()
    assert client.get(link).status_code == 404


def test_expired_invitation_does_not_work(client, setup):
    import datetime

    from django.utils import timezone

    from lodestar.workshops import actions

    w = setup["workshop"]
    from django.db import transaction

    with transaction.atomic():
        p, token = actions.invite_external_participant(
            actor=setup["facilitator"],
            workshop=w,
            name="Old",
            email="old@x.org",
            role="contributor",
            accept_url=lambda t: t,
        )
    Participant.objects.filter(pk=p.pk).update(invitation_expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.get(reverse("workshops:accept", args=[token]))
    assert response.status_code == 404 and "does not work" in response.content.decode()


# --- assessment -------------------------------------------------------------------


def test_facilitator_scores_a_point_and_chart_shows_it(client, setup):
    w = setup["workshop"]
    login(client, setup["facilitator"])
    url = reverse("workshops:assessment-scores", args=[w.pk, "supply"])
    assert (
        client.post(url, {"current_score": "2", "target_score": "4", "evidence": "Vacancy rate 14%"}).status_code == 302
    )
    a = PointAssessment.objects.get(workshop=w, point__key="supply")
    assert (a.current_score, a.target_score) == (2, 4)
    body = client.get(reverse("workshops:assessment", args=[w.pk])).content.decode()
    assert "<svg" in body and "<title" in body and "<desc" in body
    assert "Supply: current 2, target 4" in body
    assert "2 - Early steps" in body and "4 - Established" in body  # the data table


def test_scores_out_of_range_are_rejected(client, setup):
    w = setup["workshop"]
    login(client, setup["facilitator"])
    response = client.post(reverse("workshops:assessment-scores", args=[w.pk, "supply"]), {"current_score": "7"})
    assert response.status_code == 400 and "Choose a current score from 1 to 5" in response.content.decode()
    assert not PointAssessment.objects.exists()


def test_contributor_adds_contribution_but_cannot_score_or_curate(client, setup):
    w = setup["workshop"]
    login(client, setup["contributor"])
    page = client.get(reverse("workshops:assessment-point", args=[w.pk, "supply"])).content.decode()
    assert "Add a contribution" in page and "Save scores" not in page
    client.post(
        reverse("workshops:contribution-add", args=[w.pk, "supply"]), {"kind": "challenge", "text": "No applicants"}
    )
    c = Contribution.objects.get(text="No applicants")
    assert (
        client.post(reverse("workshops:assessment-scores", args=[w.pk, "supply"]), {"current_score": "3"}).status_code
        == 403
    )
    assert client.post(reverse("workshops:contribution-hide", args=[w.pk, c.pk])).status_code == 403
    assert client.get(reverse("workshops:contribution-edit", args=[w.pk, c.pk])).status_code == 403
    other = ContributionFactory(workshop=w)
    assert (
        client.post(reverse("workshops:contribution-merge", args=[w.pk, c.pk]), {"into": other.pk}).status_code == 403
    )
    c.refresh_from_db()
    assert not c.hidden and c.merged_into is None and not PointAssessment.objects.exists()


def test_empty_contribution_is_rejected(client, setup):
    w = setup["workshop"]
    login(client, setup["contributor"])
    response = client.post(reverse("workshops:contribution-add", args=[w.pk, "supply"]), {"kind": "idea", "text": ""})
    assert response.status_code == 400 and "Enter your contribution" in response.content.decode()
    assert not Contribution.objects.exists()


def test_observer_cannot_contribute(client, setup):
    w = setup["workshop"]
    observer = participant(w, "observer")
    login(client, observer)
    assert client.get(reverse("workshops:detail", args=[w.pk])).status_code == 200
    assert (
        client.post(
            reverse("workshops:contribution-add", args=[w.pk, "supply"]), {"kind": "idea", "text": "x"}
        ).status_code
        == 403
    )


def test_facilitator_curates_hide_edit_merge(client, setup):
    w = setup["workshop"]
    a = ContributionFactory(workshop=w, text="Too few student placements")
    b = ContributionFactory(workshop=w, text="Placements are scarce")
    login(client, setup["facilitator"])
    client.post(
        reverse("workshops:contribution-edit", args=[w.pk, a.pk]), {"kind": "challenge", "text": "Too few placements"}
    )
    a.refresh_from_db()
    assert a.text == "Too few placements"
    client.post(reverse("workshops:contribution-merge", args=[w.pk, b.pk]), {"into": a.pk})
    a.refresh_from_db()
    b.refresh_from_db()
    assert b.hidden and b.merged_into == a and "Placements are scarce" in a.text
    client.post(reverse("workshops:contribution-hide", args=[w.pk, a.pk]), {"hidden": "1"})
    a.refresh_from_db()
    assert a.hidden
    # Hidden contributions are not shown to contributors.
    login(client, setup["contributor"])
    assert (
        "Too few placements"
        not in client.get(reverse("workshops:assessment-point", args=[w.pk, "supply"])).content.decode()
    )
    login(client, setup["facilitator"])
    client.post(reverse("workshops:contribution-hide", args=[w.pk, a.pk]), {"hidden": "0"})
    a.refresh_from_db()
    assert not a.hidden


def test_merge_into_itself_is_rejected(client, setup):
    w = setup["workshop"]
    a = ContributionFactory(workshop=w)
    login(client, setup["facilitator"])
    response = client.post(reverse("workshops:contribution-merge", args=[w.pk, a.pk]), {"into": a.pk})
    assert response.status_code == 400
    a.refresh_from_db()
    assert a.merged_into is None and not a.hidden


# --- candidates -------------------------------------------------------------------


def test_search_and_add_candidate_without_javascript(client, setup):
    w = setup["workshop"]
    iv = InterventionFactory(title="Return to practice", summary="Bring nurses back to the register")
    InterventionFactory(title="Leadership academy")
    challenge = ContributionFactory(workshop=w, text="We lose experienced nurses")
    login(client, setup["contributor"])
    page = client.get(reverse("workshops:candidates", args=[w.pk]), {"q": "return"}).content.decode()
    assert "Return to practice" in page and "Leadership academy" not in page and "<html" in page
    response = client.post(
        reverse("workshops:candidate-add", args=[w.pk]), {"intervention": iv.pk, "challenge": challenge.pk}
    )
    assert response.status_code == 302
    assert Candidate.objects.get(workshop=w).challenge == challenge


def test_search_with_htmx_returns_only_results(client, setup):
    w = setup["workshop"]
    InterventionFactory(title="Return to practice")
    login(client, setup["contributor"])
    body = client.get(
        reverse("workshops:candidates", args=[w.pk]), {"q": "return"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Return to practice" in body and "<html" not in body and 'id="search-results"' in body


def test_suggestions_explain_why(client, setup):
    w = setup["workshop"]
    w.staff_groups = ["registered-nurses"]
    w.save()
    InterventionFactory(
        title="Community nurse recruitment", summary="Recruit community nurses", staff_groups=["registered-nurses"]
    )
    login(client, setup["contributor"])
    body = client.get(reverse("workshops:candidates", args=[w.pk])).content.decode()
    assert "Why suggested" in body and "Registered nurses" in body


def test_cannot_add_an_intervention_out_of_reach(client, setup):
    w = setup["workshop"]
    local_b = InterventionFactory(title="Trust B local scheme", organisation=setup["orgs"]["trust_b"])
    login(client, setup["contributor"])
    client.post(reverse("workshops:candidate-add", args=[w.pk]), {"intervention": local_b.pk})
    assert not Candidate.objects.exists()
    body = client.get(reverse("workshops:candidates", args=[w.pk]), {"q": "scheme"}).content.decode()
    assert "Trust B local scheme" not in body


def test_contributor_cannot_remove_candidate(client, setup):
    w = setup["workshop"]
    cand = CandidateFactory(workshop=w)
    login(client, setup["contributor"])
    assert client.post(reverse("workshops:candidate-remove", args=[w.pk, cand.pk])).status_code == 403
    login(client, setup["facilitator"])
    assert client.post(reverse("workshops:candidate-remove", args=[w.pk, cand.pk])).status_code == 302
    assert not Candidate.objects.exists()


# --- prioritisation ---------------------------------------------------------------


def test_rate_and_see_aggregate_and_matrix(client, setup):
    w = setup["workshop"]
    quick = CandidateFactory(workshop=w, intervention=InterventionFactory(title="Quick thing"))
    slow = CandidateFactory(workshop=w, intervention=InterventionFactory(title="Slow thing"))
    for impact, effort in [(4, 1), (5, 2)]:
        RatingFactory(candidate=quick, impact=impact, effort=effort)
    RatingFactory(candidate=slow, impact=1, effort=5)
    login(client, setup["contributor"])
    response = client.post(
        reverse("workshops:rate", args=[w.pk, quick.pk]), {f"c{quick.pk}-impact": "3", f"c{quick.pk}-effort": "1"}
    )
    assert response.status_code == 302
    assert Rating.objects.get(candidate=quick, user=setup["contributor"]).impact == 3
    body = client.get(reverse("workshops:prioritisation", args=[w.pk])).content.decode()
    assert "Quick wins" not in body  # the group's ratings show once you have rated every candidate (ADR 0022)
    client.post(reverse("workshops:rate", args=[w.pk, slow.pk]), {f"c{slow.pk}-impact": "2", f"c{slow.pk}-effort": "4"})
    body = client.get(reverse("workshops:prioritisation", args=[w.pk])).content.decode()
    assert "Quick wins" in body and "Thankless tasks" in body
    ranked = body[body.index("lodestar-ranked") :]
    assert ranked.index("Quick thing") < ranked.index("Slow thing")
    assert "4 to 5" not in body or "3 to 5" in body
    assert "Confirm shortlist" not in body  # contributors do not confirm


def test_bad_rating_is_rejected(client, setup):
    w = setup["workshop"]
    cand = CandidateFactory(workshop=w)
    login(client, setup["contributor"])
    response = client.post(
        reverse("workshops:rate", args=[w.pk, cand.pk]), {f"c{cand.pk}-impact": "9", f"c{cand.pk}-effort": "1"}
    )
    assert response.status_code == 400 and "Choose an impact rating from 1 to 5" in response.content.decode()
    assert not Rating.objects.exists()


def test_facilitator_confirms_shortlist_in_order(client, setup):
    w = setup["workshop"]
    a = CandidateFactory(workshop=w)
    b = CandidateFactory(workshop=w)
    c = CandidateFactory(workshop=w)
    login(client, setup["facilitator"])
    response = client.post(
        reverse("workshops:shortlist-confirm", args=[w.pk]),
        {"include": [a.pk, b.pk], f"rank-{a.pk}": "2", f"rank-{b.pk}": "1", f"rank-{c.pk}": "3"},
    )
    assert response.status_code == 302
    a.refresh_from_db(), b.refresh_from_db(), c.refresh_from_db(), w.refresh_from_db()
    assert (b.priority_rank, a.priority_rank, c.priority_rank) == (1, 2, None)
    assert a.shortlisted and b.shortlisted and not c.shortlisted and w.shortlist_confirmed_at


def test_contributor_cannot_confirm_shortlist(client, setup):
    w = setup["workshop"]
    a = CandidateFactory(workshop=w)
    login(client, setup["contributor"])
    assert (
        client.post(
            reverse("workshops:shortlist-confirm", args=[w.pk]), {"include": [a.pk], f"rank-{a.pk}": "1"}
        ).status_code
        == 403
    )
    a.refresh_from_db(), w.refresh_from_db()
    assert not a.shortlisted and w.shortlist_confirmed_at is None


def test_empty_shortlist_or_bad_rank_is_rejected(client, setup):
    w = setup["workshop"]
    a = CandidateFactory(workshop=w)
    login(client, setup["facilitator"])
    r1 = client.post(reverse("workshops:shortlist-confirm", args=[w.pk]), {})
    assert r1.status_code == 400 and "Choose at least one candidate" in r1.content.decode()
    r2 = client.post(reverse("workshops:shortlist-confirm", args=[w.pk]), {"include": [a.pk], f"rank-{a.pk}": "first"})
    assert r2.status_code == 400 and "Give each chosen candidate a priority" in r2.content.decode()
    w.refresh_from_db()
    assert w.shortlist_confirmed_at is None and not Candidate.objects.filter(shortlisted=True).exists()


def test_generate_action_plan_button_after_shortlist(client, setup):
    w = setup["workshop"]
    a = CandidateFactory(workshop=w)
    login(client, setup["facilitator"])
    body = client.get(reverse("workshops:prioritisation", args=[w.pk])).content.decode()
    assert "Generate action plan" not in body
    client.post(reverse("workshops:shortlist-confirm", args=[w.pk]), {"include": [a.pk], f"rank-{a.pk}": "1"})
    body = client.get(reverse("workshops:prioritisation", args=[w.pk])).content.decode()
    assert "Generate action plan" in body
    assert f'action="{reverse("plans:generate", kwargs={"workshop_id": w.pk})}"' in body
    login(client, setup["contributor"])
    assert "Generate action plan" not in client.get(reverse("workshops:prioritisation", args=[w.pk])).content.decode()


def test_huge_challenge_and_evidence_summary_are_refused(client, setup):
    orgs, w = setup["orgs"], setup["workshop"]
    login(client, setup["facilitator"])
    before = Workshop.objects.count()
    response = client.post(
        reverse("workshops:create"),
        {"title": "X", "lead_organisation": orgs["trust_a"].pk, "challenge": "y" * 4001},
    )
    assert "The workforce challenge must be 4,000 characters or fewer" in response.content.decode()
    assert Workshop.objects.count() == before
    response = client.post(
        reverse("workshops:assessment-scores", args=[w.pk, "supply"]), {"current_score": "2", "evidence": "z" * 10_001}
    )
    assert response.status_code == 400
    assert "The summary of the evidence must be 10,000 characters or fewer" in response.content.decode()
    assert not PointAssessment.objects.exists()


def test_set_up_refuses_dates_outside_2000_to_2099(client, setup):
    login(client, setup["facilitator"])
    before = Workshop.objects.count()
    response = client.post(
        reverse("workshops:create"),
        boxes(
            {
                "title": "X",
                "lead_organisation": setup["orgs"]["trust_a"].pk,
                "challenge": "Y",
                "starts_on": "2027-03-01",
                "ends_on": "9999-12-31",
            }
        ),
    )
    assert "End date must be between 2000 and 2099" in response.content.decode()
    assert Workshop.objects.count() == before


def test_editing_keeps_partners_and_lead_outside_the_editors_own_reach(client, setup):
    """A region facilitator added Trust B as a partner; Trust A's facilitator (who cannot see
    Trust B) fixes a typo in the title. Trust B must stay a partner, and the form must save."""
    orgs, w = setup["orgs"], setup["workshop"]
    w.partner_organisations.add(orgs["trust_b"])
    login(client, setup["facilitator"])
    page = client.get(reverse("workshops:edit", args=[w.pk])).content.decode()
    assert "Trust B" in page
    response = client.post(
        reverse("workshops:edit", args=[w.pk]),
        {
            "title": "Community nursing (typo fixed)",
            "lead_organisation": orgs["trust_a"].pk,
            "partner_organisations": [orgs["trust_b"].pk],
            "challenge": w.challenge or "Recruitment",
        },
    )
    assert response.status_code == 302
    w.refresh_from_db()
    assert w.title == "Community nursing (typo fixed)"
    assert list(w.partner_organisations.all()) == [orgs["trust_b"]]
    # A participant facilitator from a partner (no facilitate role at the lead) can save too.
    partner_facilitator = member(orgs["trust_b"], "contributor")
    participant(w, "facilitator", user=partner_facilitator)
    login(client, partner_facilitator)
    response = client.post(
        reverse("workshops:edit", args=[w.pk]),
        {
            "title": "Community nursing",
            "lead_organisation": orgs["trust_a"].pk,
            "partner_organisations": [orgs["trust_b"].pk],
            "challenge": w.challenge,
        },
    )
    assert response.status_code == 302
    w.refresh_from_db()
    assert w.title == "Community nursing" and w.lead_organisation == orgs["trust_a"]


def test_task_list_counts_read_naturally_for_one(client, setup):
    from lodestar.workshops import actions

    w = setup["workshop"]
    actions.add_evidence_note(actor=setup["facilitator"], workshop=w, title="Vacancies", text="14%")
    CandidateFactory(workshop=w)
    login(client, setup["facilitator"])
    html = client.get(reverse("workshops:detail", args=[w.pk])).content.decode()
    assert "1 note or file" in html and "1 notes and files" not in html
    assert "1 intervention from the catalogue" in html and "1 interventions" not in html


def test_workshop_page_looks_up_the_persons_access_once(client, setup):
    """The overview, its steps and its links ask several times what the person may do; each
    answer comes from one lookup (it took 33 queries, 7 of them the same membership query)."""
    w = setup["workshop"]
    url = reverse("workshops:detail", args=[w.pk])
    for person, can_set_up in [(setup["facilitator"], True), (setup["contributor"], False)]:
        login(client, person)
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        sql = [q["sql"] for q in queries.captured_queries]
        assert len(sql) <= 16
        assert sum('FROM "orgs_role"' in q for q in sql) == 1
        assert sum('FROM "workshops_participant" WHERE' in q and '"user_id" =' in q for q in sql) == 1
        # One membership query for each permission asked (view the workshop; facilitate it).
        assert sum('FROM "orgs_membership"' in q and "SELECT" in q[:30] for q in sql) <= 2
        # The answers are still each person's own.
        assert (reverse("workshops:edit", args=[w.pk]) in html) is can_set_up
        assert reverse("workshops:evidence", args=[w.pk]) in html


def test_every_workshop_page_answers_within_a_fixed_number_of_queries(client, setup, django_assert_max_num_queries):
    w = setup["workshop"]
    for _ in range(6):
        c = CandidateFactory(workshop=w)
        RatingFactory(candidate=c)
    login(client, setup["facilitator"])
    for url in page_urls(w):
        with django_assert_max_num_queries(20):
            assert client.get(url).status_code == 200, url

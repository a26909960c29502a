"""The email settings page, the unsubscribe link and the facilitator's "ask to rate" page."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from lodestar.core import tokens
from lodestar.core.models import AuditEvent
from lodestar.notifications import tasks
from lodestar.notifications.delivery import UNSUBSCRIBE_PURPOSE, unsubscribe_token
from lodestar.notifications.models import NotificationEvent, NotificationKind
from lodestar.notifications.queries import preferences_for
from lodestar.workshops.models import ParticipantRole
from tests.factories import UserFactory, member
from tests.factories.plans import ActionFactory
from tests.factories.workshops import participant

pytestmark = pytest.mark.django_db

SETTINGS = "/notifications/settings/"


def text(response) -> str:
    return html.unescape(response.content.decode())


def ask_url(workshop) -> str:
    return reverse("notifications:ask-for-ratings", kwargs={"pk": workshop.pk})


def test_the_profile_page_links_to_email_settings(client, world):
    client.force_login(world["cal"])
    assert f'href="{SETTINGS}"' in text(client.get(reverse("accounts:profile")))


def test_turning_a_kind_off_on_the_settings_page_means_it_is_not_sent(client, world, mailoutbox):
    client.force_login(world["cal"])
    page = text(client.get(SETTINGS))
    assert "Email settings" in page and "cal@example.nhs.uk" in page
    assert page.count('name="enabled_kinds"') == len(NotificationKind.values)
    assert page.count("checked") == len(NotificationKind.values)  # everything is on to begin with
    kept = [k for k in NotificationKind.values if k != NotificationKind.OWNER_ASSIGNED]
    response = client.post(SETTINGS, {"enabled_kinds": kept})
    assert response.status_code == 302 and response["Location"] == SETTINGS
    assert "Your email settings have been saved." in text(client.get(SETTINGS))
    assert preferences_for(world["cal"])[NotificationKind.OWNER_ASSIGNED] is False
    action = ActionFactory(plan=world["plan"], owner_user=world["cal"])
    assert tasks.send_owner_assigned.call(action.pk, world["cal"].pk, world["fran"].pk, 1) is False
    assert mailoutbox == []
    assert AuditEvent.objects.filter(action=NotificationEvent.PREFERENCES_SAVE.value, actor=world["cal"]).count() == 1


def test_a_made_up_kind_is_refused_beside_the_field_and_changes_nothing(client, world):
    client.force_login(world["cal"])
    response = client.post(SETTINGS, {"enabled_kinds": ["spam"]})
    assert response.status_code == 400 and "There is a problem" in text(response)
    assert all(preferences_for(world["cal"]).values())


def test_the_settings_page_needs_sign_in(client, db):
    response = client.get(SETTINGS)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:sign-in"))


def test_the_unsubscribe_link_works_signed_out_after_one_more_click(client, world):
    cal, kind = world["cal"], NotificationKind.DUE_SOON
    url = reverse("notifications:unsubscribe", args=[unsubscribe_token(cal, kind)])
    page = client.get(url)
    assert page.status_code == 200 and "Stop these emails?" in text(page)
    assert "An action you own is due soon" in text(page)
    assert preferences_for(cal)[kind] is True  # opening the link (or a mail scanner doing so) changes nothing
    done = client.post(url)
    assert done.status_code == 200 and "These emails have stopped" in text(done)
    preferences = preferences_for(cal)
    assert preferences[kind] is False and sum(not on for on in preferences.values()) == 1  # only this kind
    [event] = AuditEvent.objects.filter(action=NotificationEvent.UNSUBSCRIBE.value)
    assert (event.actor, event.before, event.after) == (cal, {"due_soon": True}, {"due_soon": False})
    assert client.post(url).status_code == 200  # a second click is harmless
    assert AuditEvent.objects.filter(action=NotificationEvent.UNSUBSCRIBE.value).count() == 1


def test_the_unsubscribe_link_works_only_for_its_purpose_person_and_kind(client, world):
    cal = world["cal"]
    good = unsubscribe_token(cal, NotificationKind.OVERDUE)
    value = f"{cal.pk}-{NotificationKind.OVERDUE}"
    forged = [
        tokens.sign("orgs.invitation", value),  # signed for another purpose
        tokens.sign(UNSUBSCRIBE_PURPOSE, f"{cal.pk}-not_a_kind"),
        good.replace(f"{cal.pk}-", f"{world['fran'].pk}-", 1),  # someone else's id, same signature
        good.replace("overdue", "due_soon", 1),  # another kind, same signature
        good[:-1] + ("0" if good[-1] != "0" else "1"),
        "x" * 300,
        value,
    ]
    for token in forged:
        url = reverse("notifications:unsubscribe", args=[token])
        assert client.get(url).status_code == 404, token
        assert client.post(url).status_code == 404, token
    assert all(preferences_for(cal).values()) and all(preferences_for(world["fran"]).values())


def test_the_unsubscribe_link_of_a_deleted_account_is_404(client, world):
    gone = UserFactory()
    token = unsubscribe_token(gone, NotificationKind.OVERDUE)
    gone.delete()
    assert client.get(reverse("notifications:unsubscribe", args=[token])).status_code == 404


def test_the_facilitator_asks_participants_to_rate(client, world, mailoutbox, django_capture_on_commit_callbacks):
    workshop = world["workshop"]
    participant(workshop, ParticipantRole.CONTRIBUTOR, user=world["cal"])
    client.force_login(world["fran"])
    page = text(client.get(ask_url(workshop)))
    assert "Ask participants to rate the candidates" in page and "Cal Contributor (contributor)" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ask_url(workshop))
    assert response.status_code == 302 and response["Location"] == f"/workshops/{workshop.pk}/prioritisation/"
    assert [m.to for m in mailoutbox] == [["cal@example.nhs.uk"]]


def test_with_nobody_to_ask_the_page_says_so_and_sends_nothing(client, world, mailoutbox):
    client.force_login(world["fran"])
    assert "There is nobody to ask yet" in text(client.get(ask_url(world["workshop"])))
    assert client.post(ask_url(world["workshop"])).status_code == 200
    assert mailoutbox == [] and not AuditEvent.objects.filter(action=NotificationEvent.RATING_REQUEST.value).exists()


def test_asking_to_rate_is_404_out_of_reach_and_for_those_who_do_not_facilitate(client, world, mailoutbox):
    workshop = world["workshop"]
    participant(workshop, ParticipantRole.CONTRIBUTOR, user=world["cal"])
    people = {
        "a contributor in the workshop": world["cal"],
        "a viewer at Trust A": member(world["orgs"]["trust_a"], "viewer"),
        "a facilitator at Trust B": member(world["orgs"]["trust_b"], "facilitator"),
        "someone with no organisation": UserFactory(),
    }
    for who, person in people.items():
        client.force_login(person)
        assert client.get(ask_url(workshop)).status_code == 404, who
        assert client.post(ask_url(workshop)).status_code == 404, who
    client.force_login(world["fran"])
    assert client.get("/notifications/workshops/999999/ask-to-rate/").status_code == 404
    assert mailoutbox == []


def test_asking_to_rate_needs_sign_in(client, world):
    response = client.get(ask_url(world["workshop"]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:sign-in"))


def test_the_prioritisation_page_offers_the_facilitator_to_ask_for_ratings(client, world):
    from tests.factories.workshops import CandidateFactory

    workshop = world["workshop"]
    CandidateFactory(workshop=workshop)
    participant(workshop, ParticipantRole.CONTRIBUTOR, user=world["cal"])
    page = reverse("workshops:prioritisation", kwargs={"pk": workshop.pk})
    client.force_login(world["fran"])
    assert f'href="{ask_url(workshop)}"' in text(client.get(page))
    client.force_login(world["cal"])
    assert ask_url(workshop) not in text(client.get(page))

"""The networks' pages through the test client: what a person sees and what each form does,
with bad input answered beside its field and nothing written."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from lodestar.core.models import AuditEvent
from lodestar.networks.models import Event, EventSignup, MemberStatus, Network, NetworkMember, Post, Resource, Thread
from tests.factories.networks import add_member, join, network

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def cop(world):
    return network(world["orgs"]["trust_a"], coordinator=world["people"]["coordinator"], visibility="region")


def test_a_coordinator_starts_a_network_from_the_form(client, world):
    client.force_login(world["people"]["coordinator"])
    response = client.post(
        reverse("networks:start"),
        {
            "host": world["orgs"]["trust_a"].pk,
            "name": "Care home leaders network",
            "purpose": "Leaders of care homes and the NHS sharing what keeps staff.",
            "topic": "social_care",
            "visibility": "ics",
            "joining": "open",
        },
        follow=True,
    )
    assert "Network started: Care home leaders network. You are its coordinator." in response.text
    found = Network.objects.get()
    assert (found.scope, found.joining) == (world["orgs"]["ics_a"], "open")
    assert "You are a coordinator of this network." in response.text


def test_a_network_without_a_name_is_refused_beside_the_field_and_nothing_is_written(client, world):
    client.force_login(world["people"]["coordinator"])
    response = client.post(
        reverse("networks:start"),
        {
            "host": world["orgs"]["trust_a"].pk,
            "name": " ",
            "purpose": "",
            "topic": "other",
            "visibility": "everyone",
            "joining": "open",
        },
    )
    assert "Enter a name for the network" in response.text
    assert "Say what the network is for" in response.text
    assert not Network.objects.exists() and not AuditEvent.objects.exists()


def test_people_without_a_facilitator_role_cannot_start_a_network(client, world):
    client.force_login(world["people"]["carer"])
    assert client.get(reverse("networks:start")).status_code == 403
    assert "Start a network" not in client.get(reverse("networks:index")).text


def test_find_networks_by_words_sector_and_topic(client, world, cop):
    add_member(cop, world["people"]["carer"])
    network(
        world["orgs"]["trust_a"],
        coordinator=world["people"]["coordinator"],
        name="Digital workforce planners",
        purpose="Planners using data and tools to plan the workforce.",
        topic="digital",
    )
    client.force_login(world["people"]["volunteer"])
    index = reverse("networks:index")
    assert "2 networks" in client.get(index).text
    found = client.get(index, {"q": "nursing associates"}).text
    assert "Nursing associates community of practice" in found and "Digital workforce planners" not in found
    by_sector = client.get(index, {"sector": "social_care"}).text
    assert "1 network match" in by_sector and "Nursing associates" in by_sector
    assert "Digital workforce planners" in client.get(index, {"topic": "digital"}).text
    assert "0 networks match" in client.get(index, {"sector": "education"}).text


def test_ask_to_join_then_the_coordinator_accepts(client, world, cop):
    carer = world["people"]["carer"]
    client.force_login(carer)
    page = client.get(reverse("networks:detail", args=[cop.pk])).text
    assert "Ask to join" in page and "Only members can see" in page
    response = client.post(
        reverse("networks:join", args=[cop.pk]),
        {"organisation": world["orgs"]["care_home"].pk, "message": "I run a care home in ICS B"},
        follow=True,
    )
    assert "Your request to join has been sent" in response.text
    assert "You have asked to join" in response.text
    client.force_login(world["people"]["coordinator"])
    assert "1 request to join" in client.get(reverse("networks:detail", args=[cop.pk])).text
    members = client.get(reverse("networks:members", args=[cop.pk])).text
    assert "I run a care home in ICS B" in members
    place = NetworkMember.objects.get(user=carer)
    response = client.post(reverse("networks:member-accept", args=[cop.pk, place.pk]), follow=True)
    assert "Cal Carer is now a member" in response.text
    place.refresh_from_db()
    assert (place.status, place.sector, place.ics) == (MemberStatus.MEMBER, "social_care", world["orgs"]["ics_b"])


def test_joining_from_an_organisation_you_do_not_work_for_is_refused(client, world, cop):
    client.force_login(world["people"]["carer"])
    response = client.post(reverse("networks:join", args=[cop.pk]), {"organisation": world["orgs"]["trust_a"].pk})
    assert "Select a valid choice" in response.text
    assert not NetworkMember.objects.filter(user=world["people"]["carer"]).exists()


def test_a_discussion_a_reply_emails_the_other_participants(
    client, world, cop, immediate_tasks, django_capture_on_commit_callbacks
):
    carer, nurse = world["people"]["carer"], world["people"]["nurse"]
    add_member(cop, carer)
    add_member(cop, nurse)
    client.force_login(carer)
    response = client.post(
        reverse("networks:thread-new", args=[cop.pk]),
        {"title": "Supervising nursing associates at night", "body": "How do you arrange it?"},
        follow=True,
    )
    assert "Discussion started" in response.text and "How do you arrange it?" in response.text
    thread = Thread.objects.get()
    client.force_login(nurse)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("networks:thread", args=[thread.pk]), {"body": "We use a buddy on call."}, follow=True
        )
    assert "Reply posted" in response.text
    [email] = mail.outbox
    assert email.to == [carer.email]
    assert email.subject == "New reply in Supervising nursing associates at night"
    assert "We use a buddy on call." in email.body and "Stop these emails" in email.body


def test_an_empty_reply_is_refused_and_nothing_is_posted(client, world, cop):
    add_member(cop, world["people"]["carer"])
    client.force_login(world["people"]["carer"])
    client.post(reverse("networks:thread-new", args=[cop.pk]), {"title": "A question", "body": "Body"})
    thread = Thread.objects.get()
    response = client.post(reverse("networks:thread", args=[thread.pk]), {"body": "  "})
    assert "Write your reply" in response.text
    assert Post.objects.count() == 1


def test_a_coordinator_hides_a_post_with_a_reason_and_restores_it(client, world, cop):
    add_member(cop, world["people"]["carer"])
    client.force_login(world["people"]["carer"])
    client.post(reverse("networks:thread-new", args=[cop.pk]), {"title": "Selling", "body": "Buy my course"})
    post = Post.objects.get()
    assert client.get(reverse("networks:post-hide", args=[post.pk])).status_code == 404  # not a coordinator
    client.force_login(world["people"]["coordinator"])
    response = client.post(reverse("networks:post-hide", args=[post.pk]), {"reason": ""})
    assert "Say why you are hiding it" in response.text
    client.post(reverse("networks:post-hide", args=[post.pk]), {"reason": "Advertising"})
    client.force_login(world["people"]["carer"])
    page = client.get(reverse("networks:thread", args=[post.thread_id])).text
    assert "Hidden by a coordinator: Advertising" in page and "Buy my course" not in page
    client.force_login(world["people"]["coordinator"])
    client.post(reverse("networks:post-restore", args=[post.pk]))
    post.refresh_from_db()
    assert post.hidden_at is None
    assert list(
        AuditEvent.objects.filter(action__startswith="networks.post.").values_list("action", flat=True).order_by("pk")
    ) == [
        "networks.post.hide",
        "networks.post.restore",
    ]


def _event_form(**overrides):
    day = timezone.localdate() + datetime.timedelta(days=14)
    data = {
        "title": "Quarterly meeting",
        "description": "Agenda to follow",
        "day-day": day.day,
        "day-month": day.month,
        "day-year": day.year,
        "start": "10:00",
        "end": "12:30",
        "place": "",
        "online_url": "https://meet.example.org/cop",
        "capacity": "2",
    }
    return data | overrides


def test_add_an_event_sign_up_and_download_it_for_a_calendar(client, world, cop):
    client.force_login(world["people"]["coordinator"])
    response = client.post(reverse("networks:event-new", args=[cop.pk]), _event_form(), follow=True)
    assert "Event added: Quarterly meeting" in response.text and "2 places left of 2" in response.text
    event = Event.objects.get()
    response = client.post(reverse("networks:event-sign-up", args=[event.pk]), follow=True)
    assert "You have a place at this event" in response.text and "1 place left of 2" in response.text
    ics = client.get(reverse("networks:event-ics", args=[event.pk]))
    assert ics["Content-Type"] == "text/calendar; charset=utf-8"
    assert b"SUMMARY:Quarterly meeting\r\n" in ics.content and f"UID:{event.uid}@lodestar".encode() in ics.content
    client.post(reverse("networks:event-cancel", args=[event.pk]))
    assert not EventSignup.objects.exists()


def _event_with_places(client, world, cop):
    """Cora adds the meeting and takes a place; Carl takes one too."""
    carer = world["people"]["carer"]
    add_member(cop, carer)
    client.force_login(world["people"]["coordinator"])
    client.post(reverse("networks:event-new", args=[cop.pk]), _event_form(capacity="5"))
    event = Event.objects.get()
    client.post(reverse("networks:event-sign-up", args=[event.pk]))
    client.force_login(carer)
    client.post(reverse("networks:event-sign-up", args=[event.pk]))
    client.force_login(world["people"]["coordinator"])
    return event


def test_moving_an_event_emails_the_people_with_a_place_and_the_calendar_file_replaces_the_old(
    client, world, cop, immediate_tasks, django_capture_on_commit_callbacks
):
    event = _event_with_places(client, world, cop)
    change = reverse("networks:event-change", args=[event.pk])
    assert f'href="{change}"' in client.get(reverse("networks:event", args=[event.pk])).text
    form = client.get(change).text
    assert 'value="Quarterly meeting"' in form and 'value="10:00"' in form and 'value="12:30"' in form
    assert "2 people have a place." in form

    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(change, _event_form(capacity="5", start="14:00", end="15:30"), follow=True)
    assert "Event changed" in page.text and "14:00 to 15:30" in page.text and 'id="changed"' in page.text
    [email] = mail.outbox  # to Carl; not to Cora, who moved it
    assert email.to == [world["people"]["carer"].email] and email.subject == "Changed: Quarterly meeting"
    assert "14:00 to 15:30" in email.body and "You still have a place." in email.body
    ics = client.get(reverse("networks:event-ics", args=[event.pk])).content
    assert b"SEQUENCE:1\r\n" in ics
    event.refresh_from_db()
    assert b"DTSTART:" + event.starts_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ").encode() in ics


def test_two_moves_before_the_worker_sends_make_one_email_with_the_latest_time(
    client, world, cop, immediate_tasks, django_capture_on_commit_callbacks
):
    event = _event_with_places(client, world, cop)
    change = reverse("networks:event-change", args=[event.pk])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(change, _event_form(capacity="5", start="14:00", end="15:00"))
        client.post(change, _event_form(capacity="5", start="16:00", end="17:00"))
    for callback in callbacks:  # the worker gets to both only now
        callback()
    [email] = mail.outbox
    assert "16:00 to 17:00" in email.body and "14:00" not in email.body


def test_a_new_title_only_emails_no_one(client, world, cop, immediate_tasks, django_capture_on_commit_callbacks):
    event = _event_with_places(client, world, cop)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("networks:event-change", args=[event.pk]), _event_form(capacity="5", title="Spring meeting")
        )
    event.refresh_from_db()
    assert (event.title, event.sequence) == ("Spring meeting", 1) and not mail.outbox


def test_fewer_places_than_people_who_have_one_is_refused_beside_the_field(client, world, cop):
    event = _event_with_places(client, world, cop)
    response = client.post(reverse("networks:event-change", args=[event.pk]), _event_form(capacity="1", title="New"))
    assert response.status_code == 200
    assert "The number of places cannot be fewer than the 2 people who already have one" in response.text
    assert "capacity-error" in response.text
    event.refresh_from_db()
    assert (event.title, event.capacity, event.sequence) == ("Quarterly meeting", 5, 0)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"online_url": "http://meet.example.org"},
            "online_url",
            "Enter the online link as a full web address starting with https://",
        ),
        ({"online_url": "", "place": ""}, "place", "Enter where the event is, or an online link, or both"),
        ({"end": "09:00"}, "end", "The event must end after it starts"),
        ({"start": "25:99"}, "start", "Enter the start time as hours and minutes, like 14:30"),
        ({"capacity": "0"}, "capacity", "The number of places must be 1 or more, or leave it empty for no limit"),
    ],
)
def test_a_bad_event_is_refused_beside_its_field(client, world, cop, overrides, field, message):
    client.force_login(world["people"]["coordinator"])
    response = client.post(reverse("networks:event-new", args=[cop.pk]), _event_form(**overrides))
    assert response.status_code == 200
    assert message in response.text
    assert f'id="{field}-error"' in response.text or f"{field}-error" in response.text
    assert not Event.objects.exists()


def test_a_full_event_refuses_another_place(client, world, cop):
    for who in ("carer", "nurse"):
        add_member(cop, world["people"][who])
    client.force_login(world["people"]["coordinator"])
    client.post(reverse("networks:event-new", args=[cop.pk]), _event_form(capacity="1"))
    event = Event.objects.get()
    client.post(reverse("networks:event-sign-up", args=[event.pk]))
    client.force_login(world["people"]["carer"])
    response = client.post(reverse("networks:event-sign-up", args=[event.pk]), follow=True)
    assert "This event is full" in response.text
    assert EventSignup.objects.count() == 1


def test_share_a_file_and_download_it_through_the_network(client, world, cop):
    client.force_login(world["people"]["coordinator"])
    upload = SimpleUploadedFile("agenda.pdf", PDF, content_type="application/pdf")
    response = client.post(
        reverse("networks:share-file", args=[cop.pk]), {"title": "Agenda", "upload": upload}, follow=True
    )
    assert "File shared: Agenda" in response.text and "agenda.pdf" in response.text
    resource = Resource.objects.get()
    download = client.get(reverse("networks:resource-download", args=[resource.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert 'attachment; filename="agenda.pdf"' in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == PDF


def _shared_file(client, cop, who, title):
    client.force_login(who)
    upload = SimpleUploadedFile(f"{title.lower()}.pdf", PDF, content_type="application/pdf")
    client.post(reverse("networks:share-file", args=[cop.pk]), {"title": title, "upload": upload})
    return Resource.objects.get(title=title)


def test_the_member_who_shared_a_file_removes_it_after_confirming(
    client, world, cop, media, django_capture_on_commit_callbacks
):
    carer = world["people"]["carer"]
    add_member(cop, carer)
    resource = _shared_file(client, cop, carer, "Rota")
    stored = media / resource.file.name
    assert stored.exists()
    remove = reverse("networks:resource-remove", args=[resource.pk])
    assert f'href="{remove}"' in client.get(reverse("networks:detail", args=[cop.pk])).text

    confirm = client.get(remove)
    assert "Remove a resource" in confirm.text and "The file is deleted and cannot be got back." in confirm.text
    assert "Rota. File (rota.pdf" in confirm.text
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(remove, follow=True)
    assert "Removed: Rota" in page.text and "No resources shared yet." in page.text
    assert not Resource.objects.exists() and not stored.exists()
    event = AuditEvent.objects.get(action="networks.resource.remove")
    assert event.before == {"kind": "file", "title": "Rota"} and event.actor == carer


def test_a_coordinator_removes_a_members_file_and_other_members_cannot(client, world, cop):
    carer, nurse = world["people"]["carer"], world["people"]["nurse"]
    for who in (carer, nurse):
        add_member(cop, who)
    resource = _shared_file(client, cop, carer, "Rota")
    remove = reverse("networks:resource-remove", args=[resource.pk])

    client.force_login(nurse)  # a member, but neither the sharer nor a coordinator
    assert "Remove<span" not in client.get(reverse("networks:detail", args=[cop.pk])).text
    assert (client.get(remove).status_code, client.post(remove).status_code) == (404, 404)
    assert Resource.objects.filter(pk=resource.pk).exists()

    client.force_login(world["people"]["coordinator"])
    assert f'href="{remove}"' in client.get(reverse("networks:detail", args=[cop.pk])).text
    assert "Removed: Rota" in client.post(remove, follow=True).text
    assert not Resource.objects.exists()


def test_a_file_is_checked_by_its_content_not_its_name(client, world, cop):
    client.force_login(world["people"]["coordinator"])
    upload = SimpleUploadedFile("agenda.pdf", b"MZ\x90\x00\x03\x00binary", content_type="application/pdf")
    response = client.post(reverse("networks:share-file", args=[cop.pk]), {"title": "Agenda", "upload": upload})
    assert "The file must be a PDF, Word, Excel, PowerPoint, PNG, JPEG or text file" in response.text
    assert not Resource.objects.exists()


def test_a_file_over_the_size_limit_is_refused(client, world, cop, settings):
    from lodestar.networks import files

    client.force_login(world["people"]["coordinator"])
    upload = SimpleUploadedFile("big.pdf", PDF + b"0" * files.MAX_BYTES, content_type="application/pdf")
    response = client.post(reverse("networks:share-file", args=[cop.pk]), {"title": "Big", "upload": upload})
    assert "The file must be 10 MB or smaller" in response.text
    assert not Resource.objects.exists()


def test_reach_says_whether_the_network_crosses_boundaries(client, world, cop):
    client.force_login(world["people"]["coordinator"])
    page = client.get(reverse("networks:reach", args=[cop.pk])).text
    assert "Members come from 1 ICS and 1 sector: it does not cross boundaries yet." in page
    for who in ("carer", "volunteer", "nurse"):
        add_member(cop, world["people"][who])
    page = client.get(reverse("networks:reach", args=[cop.pk])).text
    assert "Members come from 2 ICSs and 4 sectors: it crosses organisational boundaries." in page
    assert "<svg" in page and 'role="img"' in page
    assert '<th scope="row">Social care</th><td class="nhsuk-table__cell--numeric">1</td>' in page


def test_leaving_and_the_last_coordinator(client, world, cop):
    join(cop, world["people"]["carer"])
    client.force_login(world["people"]["coordinator"])
    response = client.post(reverse("networks:leave", args=[cop.pk]), follow=True)
    assert "You are the network&#x27;s only coordinator" in response.text or "only coordinator" in response.text
    client.force_login(world["people"]["carer"])
    response = client.post(reverse("networks:leave", args=[cop.pk]), follow=True)
    assert "You have left" in response.text

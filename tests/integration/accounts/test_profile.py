"""People change their own name and job title on their profile; bad input changes nothing."""

from __future__ import annotations

import pytest

from lodestar.accounts.models import AccountEvent
from lodestar.core.models import AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/account/profile/edit/"


@pytest.fixture
def person(client):
    user = UserFactory(full_name="Nia Nurse", job_title="Staff nurse")
    client.force_login(user)
    return user


def test_a_person_changes_their_name_and_job_title(client, person):
    profile = client.get("/account/profile/").content.decode()
    assert URL in profile
    form = client.get(URL).content.decode()
    assert 'value="Nia Nurse"' in form and 'value="Staff nurse"' in form
    done = client.post(URL, {"full_name": "  Nia Okafor ", "job_title": "Ward manager"}, follow=True)
    page = done.content.decode()
    assert "Your name and job title have been saved" in page and "Nia Okafor" in page and "Ward manager" in page
    person.refresh_from_db()
    assert (person.full_name, person.job_title) == ("Nia Okafor", "Ward manager")
    [event] = AuditEvent.objects.filter(action=AccountEvent.PROFILE_UPDATE.value)
    assert event.actor == person
    assert event.before == {"full_name": "Nia Nurse", "job_title": "Staff nurse"}
    assert event.after == {"full_name": "Nia Okafor", "job_title": "Ward manager"}


def test_saving_without_a_change_records_nothing(client, person):
    assert client.post(URL, {"full_name": "Nia Nurse", "job_title": "Staff nurse"}).status_code == 302
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"full_name": "   ", "job_title": "Matron"}, "full_name", "Enter your full name"),
        ({"full_name": "N" * 201, "job_title": ""}, "full_name", "Full name must be 200 characters or fewer"),
        ({"full_name": "Nia", "job_title": "Ma\x00tron"}, "job_title", "Job title"),
        ({"full_name": "Nia", "job_title": "J" * 201}, "job_title", "Job title must be 200 characters or fewer"),
    ],
)
def test_bad_input_is_refused_beside_the_field_and_changes_nothing(client, person, data, field, message):
    response = client.post(URL, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and message in page
    assert f'id="{field}--error-message"' in page or f"{field}-error" in page
    person.refresh_from_db()
    assert (person.full_name, person.job_title) == ("Nia Nurse", "Staff nurse")
    assert not AuditEvent.objects.exists()


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/account/sign-in/" in response["Location"]

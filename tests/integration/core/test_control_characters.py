"""Control characters in what people type (issue 8, item 3).

A vertical tab in an action title set through the API once made the plan's XLSX export a 500
for good, and on PostgreSQL any NUL in a PATCH or progress update was a 500. Now the one text
rule (``Problems.text``) refuses them in every action, with the field's label; the form, the
API (422 naming the field) and the import each say so, nothing is saved, and the export works.
Run on SQLite and PostgreSQL (``DATABASE_URL=postgres://...``).
"""

from __future__ import annotations

import html
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lodestar.plans.models import Action, ProgressUpdate
from lodestar.plans.tabular import COLUMNS
from lodestar.workshops.models import Contribution
from tests.dates import boxes
from tests.factories import member
from tests.factories.api import api_token, auth_header
from tests.factories.plans import ActionFactory, ActionPlanFactory
from tests.factories.workshops import WorkshopFactory, participant, star_points

pytestmark = pytest.mark.django_db

NUL, VERTICAL_TAB = "\x00", "\x0b"
TITLE_REFUSED = "The title must not contain control characters"
PROGRESS_REFUSED = "What has happened must not contain control characters"
TODAY = timezone.localdate().isoformat()


@pytest.fixture
def world(orgs, client):
    plan = ActionPlanFactory(organisation=orgs["trust_a"], title="Plan A")
    action = ActionFactory(plan=plan, title="Keep me")
    user = member(orgs["trust_a"], "contributor")
    client.force_login(user)
    return {"plan": plan, "action": action, "user": user, "headers": auth_header(api_token(user)[1])}


def nothing_saved(world) -> None:
    action = Action.objects.get(pk=world["action"].pk)
    assert (action.title, action.version) == ("Keep me", 1)
    assert Action.objects.filter(plan=world["plan"]).count() == 1
    assert not ProgressUpdate.objects.exists()


def export_still_works(client, world) -> None:
    response = client.get(reverse("plans:export-xlsx", kwargs={"plan_id": world["plan"].pk}))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Keep me"]  # C: Title


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def edit_form(client, action, title: str) -> str:
    data = {
        "title": title,
        "point": action.point_id,
        "organisation": action.organisation_id,
        "due_date": action.due_date.isoformat(),
        "status": action.status,
        "version": action.version,
    }
    response = client.post(reverse("plans:action-edit", kwargs={"action_id": action.pk}), boxes(data))
    assert response.status_code == 200, "the form is shown again with its errors"
    return page_text(response)


def api(client, world, method: str, url: str, body: dict):
    call = client.patch if method == "patch" else client.post
    return call(f"/api/v1/plans{url}", json.dumps(body), content_type="application/json", **world["headers"])


def import_page(client, plan, title: str) -> str:
    row = f"{title},,supply,,,,,2027-06-30,,,"
    data = (",".join(COLUMNS) + "\r\n" + row + "\r\n").encode()
    response = client.post(
        reverse("plans:import", kwargs={"plan_id": plan.pk}), {"file": SimpleUploadedFile("plan.csv", data)}
    )
    page = page_text(response)
    assert "Nothing was imported" in page
    return page


# ------------------------------------------------------------------ an action's title


def test_a_vertical_tab_in_a_title_is_refused_everywhere(client, world):
    action, title = world["action"], f"Return{VERTICAL_TAB}to practice"
    assert TITLE_REFUSED in edit_form(client, action, title)
    response = api(client, world, "patch", f"/actions/{action.pk}", {"version": 1, "title": title})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "body.title", "message": TITLE_REFUSED}]
    assert "Row 2: column title contains a control character" in import_page(client, world["plan"], title)
    nothing_saved(world)
    export_still_works(client, world)


def test_a_nul_in_a_title_is_refused_everywhere(client, world):
    action, title = world["action"], f"Return{NUL}to practice"
    assert "Null characters are not allowed." in edit_form(client, action, title)  # Django's own field check
    response = api(client, world, "patch", f"/actions/{action.pk}", {"version": 1, "title": title})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "body.title", "message": TITLE_REFUSED}]
    assert "Row 2: column title contains a control character" in import_page(client, world["plan"], title)
    nothing_saved(world)
    export_still_works(client, world)


@pytest.mark.parametrize("field", ["description", "owner_name"])
def test_other_action_text_through_the_api(client, world, field):
    response = api(client, world, "patch", f"/actions/{world['action'].pk}", {"version": 1, field: f"a{NUL}b"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == f"body.{field}"
    assert response.json()["errors"][0]["message"].endswith("must not contain control characters")
    nothing_saved(world)


def test_a_lone_surrogate_is_a_422_not_a_500(client, world):
    response = api(client, world, "patch", f"/actions/{world['action'].pk}", {"version": 1, "title": "\ud800"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.title"
    nothing_saved(world)


# ------------------------------------------------------------------ progress updates


@pytest.mark.parametrize("char", [NUL, VERTICAL_TAB])
def test_a_control_character_in_a_progress_update_is_refused(client, world, char):
    action, text = world["action"], f"Advert{char}placed"
    response = client.post(
        reverse("plans:progress-new", kwargs={"action_id": action.pk}), boxes({"date": TODAY, "text": text})
    )
    expected = "Null characters are not allowed." if char == NUL else PROGRESS_REFUSED
    assert expected in page_text(response)
    response = api(client, world, "post", f"/actions/{action.pk}/progress", {"date": TODAY, "text": text})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "body.text", "message": PROGRESS_REFUSED}]
    nothing_saved(world)
    export_still_works(client, world)


def test_tabs_and_line_breaks_are_still_text(client, world):
    action, text = world["action"], "Advert placed\tin two papers\r\nInterviews next week"
    response = api(client, world, "post", f"/actions/{action.pk}/progress", {"date": TODAY, "text": text})
    assert response.status_code == 201
    assert ProgressUpdate.objects.get().text == text


def test_an_export_of_text_saved_before_the_rule_still_works(client, world):
    """Rows written before the rule (or straight into the database) are exported without the characters."""
    Action.objects.filter(pk=world["action"].pk).update(title=f"Old{VERTICAL_TAB}title")
    response = client.get(reverse("plans:export-xlsx", kwargs={"plan_id": world["plan"].pk}))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=2, column=3).value == "Oldtitle"  # C: Title


# ------------------------------------------------------------------ workshops


def test_a_contribution_with_a_control_character_is_a_422_naming_the_field(client, orgs):
    star_points()
    user = member(orgs["trust_a"], "facilitator")
    workshop = WorkshopFactory(lead_organisation=orgs["trust_a"], facilitator=user)
    participant(workshop, "facilitator", user=user)
    headers = auth_header(api_token(user)[1])
    for char in (NUL, VERTICAL_TAB):
        body = json.dumps({"point": "supply", "kind": "idea", "text": f"Rotate{char}posts"})
        url = f"/api/v1/workshops/{workshop.pk}/contributions"
        response = client.post(url, body, content_type="application/json", **headers)
        assert response.status_code == 422
        assert response.json()["errors"] == [
            {"field": "body.text", "message": "Your contribution must not contain control characters"}
        ]
    assert not Contribution.objects.exists()


@pytest.mark.parametrize("char", [NUL, VERTICAL_TAB])
def test_a_contribution_form_shows_the_same_answer(client, orgs, char):
    star_points()
    user = member(orgs["trust_a"], "facilitator")
    workshop = WorkshopFactory(lead_organisation=orgs["trust_a"], facilitator=user)
    participant(workshop, "facilitator", user=user)
    client.force_login(user)
    url = reverse("workshops:contribution-add", args=[workshop.pk, "supply"])
    response = client.post(url, {"kind": "idea", "text": f"Rotate{char}posts"})
    expected = (
        "Null characters are not allowed." if char == NUL else "Your contribution must not contain control characters"
    )
    assert response.status_code == 400 and expected in page_text(response)
    assert not Contribution.objects.exists()


# ------------------------------------------------------------------ organisations and the catalogue


def test_an_organisation_name_with_a_control_character_is_refused(client, orgs):
    admin = member(orgs["trust_a"], "org_admin")
    client.force_login(admin)
    data = {"name": f"Trust{chr(1)}A", "type": orgs["trust_a"].type, "ods_code": ""}
    response = client.post(reverse("orgs:edit", args=[orgs["trust_a"].pk]), data)
    assert "Name must not contain control characters" in page_text(response)
    orgs["trust_a"].refresh_from_db()
    assert orgs["trust_a"].name == "Trust A"


def test_a_local_intervention_with_a_control_character_is_refused_by_form_and_action(client, orgs):
    from lodestar.core.validation import ValidationProblem
    from lodestar.star import actions as star_actions
    from lodestar.star.models import Intervention
    from tests.integration.star.test_views import valid_form

    star_actions.load_catalogue()
    user = member(orgs["ics_a"], "facilitator")
    client.force_login(user)
    data = valid_form(organisation=orgs["ics_a"].pk, summary=f"Band 5{VERTICAL_TAB}rotation")
    response = client.post(reverse("star:create"), data)
    assert response.status_code == 200
    assert "The summary must not contain control characters" in page_text(response)
    with pytest.raises(ValidationProblem) as caught:
        star_actions.create_local_intervention(
            actor=user, organisation=orgs["ics_a"], data={"title": f"Rota{NUL}", "summary": "", "description": ""}
        )
    assert caught.value.problems == [("title", "The title must not contain control characters")]
    assert not Intervention.objects.filter(organisation__isnull=False).exists()


# ------------------------------------------------------------------ people's names


def test_a_new_persons_name_with_a_control_character_is_refused(client, orgs):
    from lodestar.accounts import actions as account_actions
    from lodestar.accounts.models import User
    from lodestar.core.validation import ValidationProblem
    from tests.factories.accounts import invitation

    _invitation, token = invitation(orgs["trust_a"])
    password = "meadow-harbour-violet-81"
    data = {"full_name": f"Nia{VERTICAL_TAB}New", "job_title": "Nurse", "password1": password, "password2": password}
    response = client.post(f"/account/invitations/{token}/", data)
    assert response.status_code == 200
    assert "Full name must not contain control characters" in page_text(response)
    with pytest.raises(ValidationProblem) as caught:
        account_actions.create_user(
            actor=None, email="x@example.nhs.uk", full_name="X", job_title=f"Nurse{NUL}", password=password
        )
    assert caught.value.problems == [("job_title", "Job title must not contain control characters")]
    assert not User.objects.filter(email__in=["new.person@example.nhs.uk", "x@example.nhs.uk"]).exists()

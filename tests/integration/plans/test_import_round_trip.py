"""Re-importing a downloaded plan: the preview, confirming it, conflicts, and what is refused.

Download the plan, change a cell, upload it: the preview lists exactly that change, and
confirming changes exactly that action (with its audit event). Nothing is written before the
confirmation, nor when any row is refused or the plan moved on in between.
"""

from __future__ import annotations

import datetime
import html
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from lodestar.core import tabular
from lodestar.core.models import AuditEvent
from lodestar.plans import actions as plan_actions
from lodestar.plans.models import Action, PlanEvent, Status
from lodestar.plans.tabular import COLUMNS
from tests.factories import member
from tests.factories.plans import ActionPlanFactory, star_point

pytestmark = pytest.mark.django_db
HEADINGS = ["Reference", "Version", *COLUMNS]


@pytest.fixture
def world(orgs):
    """A plan at Trust A with three actions made through the actions (so each has its history)."""
    facilitator = member(orgs["trust_a"], "facilitator", email="fran@trust-a.nhs.uk")
    star_point("leadership")
    plan = plan_actions.create_plan(actor=facilitator, organisation=orgs["trust_a"], title="Ward staffing")
    made = {}
    for rank, title in enumerate(["Return to practice", "Preceptorship", "Rota review"], start=1):
        made[title] = plan_actions.create_action(
            actor=facilitator,
            plan=plan,
            title=title,
            point=star_point("supply"),
            start_date=datetime.date(2027, 1, 4),
            due_date=datetime.date(2027, 9, 30),
            status=Status.ON_TRACK,
            priority_rank=rank,
        )
    return {
        "plan": plan,
        "actions": made,
        "facilitator": facilitator,
        "editor": member(orgs["trust_a"], "contributor", email="cal@trust-a.nhs.uk"),
        "viewer": member(orgs["ics_a"], "viewer"),
        "outsider": member(orgs["ics_b"], "org_admin"),
    }


def fields(plan) -> dict:
    return {a.pk: (a.title, a.status, a.due_date, a.version, a.owner_name) for a in Action.objects.filter(plan=plan)}


def export(client, plan, fmt="xlsx") -> bytes:
    response = client.get(reverse(f"plans:export-{fmt}", kwargs={"plan_id": plan.pk}))
    assert response.status_code == 200
    return response.content


def edited_xlsx(content: bytes, action: Action, column: str, value) -> bytes:
    """The downloaded workbook with one cell of ``action``'s row changed (as a person would)."""
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["Actions"]
    header = [tabular.normalise_header(c.value) for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("reference")].value == action.reference:
            row[header.index(column)].value = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_file(*rows: str) -> bytes:
    return ("\r\n".join([",".join(HEADINGS), *rows]) + "\r\n").encode()


def upload(client, plan, data: bytes, name="plan.xlsx"):
    return client.post(reverse("plans:import", kwargs={"plan_id": plan.pk}), {"file": SimpleUploadedFile(name, data)})


def text(response) -> str:
    return html.unescape(response.content.decode())


def hidden(response, name: str) -> str:
    match = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', response.content.decode())
    assert match, f"no hidden {name} on the page"
    return match.group(1)


def confirm(client, plan, preview_response):
    """Press "Import these changes" on the preview page."""
    return client.post(
        reverse("plans:import-confirm", kwargs={"plan_id": plan.pk}),
        {"token": hidden(preview_response, "token"), "fingerprint": hidden(preview_response, "fingerprint")},
    )


def summary(response) -> dict:
    """The preview's counts, as the summary list shows them."""
    page = text(response)
    found = re.findall(
        r'<dt class="nhsuk-summary-list__key">([^<]+)</dt><dd class="nhsuk-summary-list__value">([^<]+)</dd>', page
    )
    return dict(found)


def changes(response) -> list[tuple[str, ...]]:
    """(caption, field, now, after) for each row of the 'Changed actions' tables."""
    page = text(response)
    out = []
    for caption, body in re.findall(r"<caption[^>]*>([^<]+)</caption>.*?<tbody[^>]*>(.*?)</tbody>", page, re.S):
        for cells in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
            values = re.findall(r"</span>(.*?)</td>", cells, re.S)
            if caption.startswith("A") and len(values) == 3:
                out.append((caption.strip(), *(v.strip() for v in values)))
    return out


def import_events(plan):
    return AuditEvent.objects.filter(action=PlanEvent.PLAN_IMPORT.value, target_id=str(plan.pk))


# ------------------------------------------------------------------ the round trip


def test_changing_one_status_in_the_download_changes_exactly_that_action(client, world):
    plan, rota = world["plan"], world["actions"]["Rota review"]
    client.force_login(world["editor"])
    before = fields(plan)
    data = edited_xlsx(export(client, plan), rota, "status", "Off track")

    preview = upload(client, plan, data)

    page = text(preview)
    assert preview.status_code == 200
    assert "Check the changes before importing" in page
    assert changes(preview) == [(f"{rota.reference}: Rota review (row 4)", "Status", "On track", "Off track")]
    assert summary(preview) == {
        "New actions": "0",
        "Changed actions": "1",
        "Unchanged actions": "2",
        "Rows refused": "0",
        "Actions not in the file": "0: left as they are",
    }
    assert "importing never deletes an action" in page
    assert fields(plan) == before, "nothing is written before the confirmation"

    done = confirm(client, plan, preview)

    assert done.status_code == 302 and done["Location"] == reverse("plans:detail", kwargs={"plan_id": plan.pk})
    after = fields(plan)
    assert after[rota.pk][1:4] == (Status.OFF_TRACK, datetime.date(2027, 9, 30), 2)
    assert {pk: v for pk, v in after.items() if pk != rota.pk} == {pk: v for pk, v in before.items() if pk != rota.pk}
    [event] = AuditEvent.objects.filter(action=PlanEvent.ACTION_UPDATE.value)
    assert (event.target_id, event.actor, event.before["status"], event.after["status"]) == (
        str(rota.pk),
        world["editor"],
        "on_track",
        "off_track",
    )
    [imported] = import_events(plan)
    assert imported.after == {"actions": 0, "changed": 1}
    assert "File imported: 0 actions added, 1 action changed." in text(client.get(done["Location"]))


def test_a_row_without_a_reference_is_a_new_action_beside_the_changes(client, world):
    plan, first = world["plan"], world["actions"]["Return to practice"]
    client.force_login(world["editor"])
    data = csv_file(
        f"{first.reference},1,Return to practice,,supply,,,,2027-01-04,2027-12-31,On track,1,",
        ",,Night shift pilot,,leadership,,,,,2028-03-31,,,",
    )
    preview = upload(client, plan, data, "plan.csv")
    assert changes(preview) == [
        (f"{first.reference}: Return to practice (row 2)", "Due date", "30 September 2027", "31 December 2027")
    ]
    assert "Night shift pilot" in text(preview)
    counts = summary(preview)
    assert (counts["New actions"], counts["Changed actions"], counts["Actions not in the file"]) == (
        "1",
        "1",
        "2: left as they are",
    )

    assert confirm(client, plan, preview).status_code == 302
    assert plan.actions.count() == 4
    assert plan.actions.get(title="Night shift pilot").point == star_point("leadership")
    first.refresh_from_db()
    assert (first.due_date, first.version) == (datetime.date(2027, 12, 31), 2)
    assert [e.after for e in import_events(plan)] == [{"actions": 1, "changed": 1}]


def test_a_file_that_changes_nothing_offers_nothing_to_confirm(client, world):
    client.force_login(world["editor"])
    preview = upload(client, world["plan"], export(client, world["plan"], "csv"), "plan.csv")
    assert "The file changes nothing" in text(preview)
    assert summary(preview)["Unchanged actions"] == "3"
    assert "Import these changes" not in text(preview)


# ------------------------------------------------------------------ refused


def test_a_change_to_a_field_someone_else_changed_since_the_download_is_refused(client, world):
    plan, rota = world["plan"], world["actions"]["Rota review"]
    client.force_login(world["editor"])
    data = edited_xlsx(export(client, plan), rota, "status", "Done")
    plan_actions.update_action(
        actor=world["facilitator"], action=rota, expected_version=1, changes={"status": Status.AT_RISK}
    )
    before = fields(plan)

    preview = upload(client, plan, data)

    page = text(preview)
    row = 4  # the header, then the actions in priority order
    assert (
        f"Row {row}: {rota.reference}: Someone else changed this action while you were editing it: "
        "Status is now 'At risk' (changed by "
    ) in page
    assert "the file has 'Done'. Download the plan again and make your change there." in page
    assert "Nothing was imported" in page
    assert "Import these changes" not in page
    assert fields(plan) == before


def test_a_change_to_another_field_than_theirs_keeps_both(client, world):
    plan, rota = world["plan"], world["actions"]["Rota review"]
    client.force_login(world["editor"])
    data = edited_xlsx(export(client, plan), rota, "status", "Done")
    plan_actions.update_action(
        actor=world["facilitator"], action=rota, expected_version=1, changes={"title": "Rota review (nights)"}
    )
    preview = upload(client, plan, data)
    assert changes(preview) == [(f"{rota.reference}: Rota review (nights) (row 4)", "Status", "On track", "Done")]
    assert confirm(client, plan, preview).status_code == 302
    rota.refresh_from_db()
    assert (rota.title, rota.status, rota.version) == ("Rota review (nights)", Status.DONE, 3)


def test_a_reference_to_an_action_not_in_this_plan_is_refused_with_its_row(client, orgs, world):
    other = plan_actions.create_action(
        actor=world["facilitator"],
        plan=ActionPlanFactory(organisation=orgs["trust_a"]),
        title="Elsewhere",
        point=star_point("supply"),
        due_date=datetime.date(2027, 6, 30),
    )
    client.force_login(world["editor"])
    before = fields(world["plan"])
    data = csv_file(
        ",,Fine new action,,supply,,,,,2027-06-30,,,",
        "A99999,1,Ghost,,supply,,,,,2027-06-30,,,",
        f"{other.reference},1,Elsewhere,,supply,,,,,2027-06-30,Done,,",
    )
    page = text(upload(client, world["plan"], data, "plan.csv"))
    assert "Row 3: reference 'A99999' is not an action in this plan." in page
    assert f"Row 4: reference '{other.reference}' is not an action in this plan." in page
    assert "Nothing was imported" in page
    assert fields(world["plan"]) == before
    other.refresh_from_db()
    assert other.status == Status.NOT_STARTED


def test_one_action_on_two_rows_and_an_unknown_version_are_refused(client, world):
    first = world["actions"]["Return to practice"]
    client.force_login(world["editor"])
    data = csv_file(
        f"{first.reference},1,Return to practice,,supply,,,,,2027-06-30,Done,,",
        f"{first.reference},1,Return again,,supply,,,,,2027-06-30,Done,,",
        f"{world['actions']['Rota review'].reference},7,Rota review,,supply,,,,,2027-06-30,Done,,",
    )
    page = text(upload(client, world["plan"], data, "plan.csv"))
    assert f"Row 3: reference '{first.reference}' is on row 2 too: change an action on one row only." in page
    assert f"Row 4: version '7' is not a version of {world['actions']['Rota review'].reference}" in page


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("plan.xlsx", b"not a spreadsheet", "could not be opened"),
        ("plan.csv", b"Reference,Name\nA00001,x\n", "missing: title, due_date"),
        ("plan.csv", csv_file(",,,,supply,,,,,31/02/2027,,,"), "Row 2: due_date '31/02/2027' is not a real date"),
    ],
)
def test_a_bad_file_changes_nothing(client, world, name, data, message):
    client.force_login(world["editor"])
    before = fields(world["plan"])
    response = upload(client, world["plan"], data, name)
    assert response.status_code == 200
    assert message in text(response)
    assert fields(world["plan"]) == before and not import_events(world["plan"]).exists()


# ------------------------------------------------------------------ confirming


def test_confirming_after_the_plan_moved_on_checks_again_and_writes_nothing(client, world):
    plan, rota = world["plan"], world["actions"]["Rota review"]
    client.force_login(world["editor"])
    preview = upload(client, plan, edited_xlsx(export(client, plan), rota, "status", "Done"))
    plan_actions.update_action(
        actor=world["facilitator"], action=rota, expected_version=1, changes={"status": Status.AT_RISK}
    )
    before = fields(plan)
    response = confirm(client, plan, preview)
    page = text(response)
    assert response.status_code == 200
    assert "The plan changed after you checked the file, so nothing was imported" in page
    assert "Someone else changed this action while you were editing it" in page
    assert fields(plan) == before and not import_events(plan).exists()


def test_confirming_after_someone_changed_another_field_still_applies_the_same_change(client, world):
    plan, rota = world["plan"], world["actions"]["Rota review"]
    client.force_login(world["editor"])
    preview = upload(client, plan, edited_xlsx(export(client, plan), rota, "status", "Done"))
    plan_actions.update_action(
        actor=world["facilitator"], action=rota, expected_version=1, changes={"title": "Rota review (nights)"}
    )
    response = confirm(client, plan, preview)  # the preview would show the same change: it applies
    assert response.status_code == 302
    rota.refresh_from_db()
    assert (rota.title, rota.status) == ("Rota review (nights)", Status.DONE)


def test_a_confirmation_without_a_waiting_upload_imports_nothing(client, world):
    client.force_login(world["editor"])
    response = client.post(
        reverse("plans:import-confirm", kwargs={"plan_id": world["plan"].pk}), {"token": "x", "fingerprint": "y"}
    )
    assert response.status_code == 200
    assert "is no longer waiting to be imported" in text(response)
    assert not import_events(world["plan"]).exists()


def test_the_preview_and_confirmation_need_a_contributor_in_reach(client, world):
    plan = world["plan"]
    client.force_login(world["viewer"])
    assert upload(client, plan, csv_file()).status_code == 403
    assert client.post(reverse("plans:import-confirm", kwargs={"plan_id": plan.pk})).status_code == 403
    client.force_login(world["outsider"])
    assert client.get(reverse("plans:import", kwargs={"plan_id": plan.pk})).status_code == 404
    assert client.post(reverse("plans:import-confirm", kwargs={"plan_id": plan.pk})).status_code == 404
    assert client.get(reverse("plans:import-confirm", kwargs={"plan_id": plan.pk})).status_code in (404, 405)


def test_an_upload_waits_in_one_persons_session_only(client, world):
    plan, rota = world["plan"], world["actions"]["Rota review"]
    client.force_login(world["editor"])
    preview = upload(client, plan, edited_xlsx(export(client, plan), rota, "status", "Done"))
    client.force_login(world["facilitator"])  # a new session
    response = confirm(client, plan, preview)
    assert "is no longer waiting to be imported" in text(response)
    rota.refresh_from_db()
    assert rota.status == Status.ON_TRACK


# ------------------------------------------------------------------ the action


def test_import_plan_applies_all_or_nothing(world):
    plan, first, rota = world["plan"], world["actions"]["Return to practice"], world["actions"]["Rota review"]
    plan_actions.update_action(actor=world["facilitator"], action=rota, expected_version=1, changes={"title": "Moved"})
    before = fields(plan)
    with pytest.raises(plan_actions.StaleEdit):
        plan_actions.import_plan(
            actor=world["editor"],
            plan=plan,
            rows=[{"title": "New", "point": star_point("supply"), "due_date": datetime.date(2027, 6, 30)}],
            changes=[(first, 1, {"status": Status.DONE}), (rota, 1, {"status": Status.DONE})],
        )
    assert fields(plan) == before
    assert not import_events(plan).exists()
    assert not AuditEvent.objects.filter(action=PlanEvent.ACTION_CREATE.value, target_label="New").exists()


def test_a_changed_owner_reads_as_names_in_the_preview(client, orgs, world):
    plan, rota = world["plan"], world["actions"]["Rota review"]
    member(orgs["trust_a"], "contributor", email="owen@trust-a.nhs.uk", full_name="Owen Owner")
    client.force_login(world["editor"])
    preview = upload(client, plan, edited_xlsx(export(client, plan), rota, "owner_email", "owen@trust-a.nhs.uk"))
    assert changes(preview) == [(f"{rota.reference}: Rota review (row 4)", "Owner", "(empty)", "Owen Owner")]

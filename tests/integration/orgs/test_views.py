"""Organisation pages: list by hierarchy, detail, edit, add beneath, members, audit log."""

import pytest
from django.db import transaction

from lodestar.core import events
from lodestar.core.audit import record
from lodestar.core.models import AuditEvent
from lodestar.orgs import actions, presenters
from lodestar.orgs.models import Membership, Organisation
from tests.factories import member, role

pytestmark = pytest.mark.django_db


def test_list_shows_hierarchy_order_type_and_ods_code(client, orgs):
    client.force_login(member(orgs["region"], "viewer"))
    html = client.get("/organisations/").content.decode()
    order = [html.index(n) for n in ["Test Region", "ICS A", "PCN A", "Practice A", "Trust A", "ICS B", "Trust B"]]
    assert order == sorted(order)
    assert "lodestar-org-depth-3" in html  # Practice A is three levels beneath the region
    assert "Primary care network" in html and "PA1" in html


def test_detail_shows_children_parent_and_admin_links_only_when_permitted(client, orgs):
    viewer = member(orgs["ics_a"], "viewer")
    client.force_login(viewer)
    html = client.get(f"/organisations/{orgs['ics_a'].pk}/").content.decode()
    assert "Trust A" in html and "PCN A" in html
    assert "Test Region" not in html  # the parent is out of this viewer's reach
    assert "Members and invitations" not in html and "Audit log" not in html

    client.force_login(member(orgs["ics_a"], "org_admin", full_name="Ada Admin"))
    html = client.get(f"/organisations/{orgs['ics_a'].pk}/").content.decode()
    assert "Members and invitations" in html and "Audit log" in html and "Edit details" in html
    assert "Ada Admin" in html


def test_edit_organisation_records_before_and_after(client, orgs):
    admin = member(orgs["trust_a"], "org_admin")
    client.force_login(admin)
    url = f"/organisations/{orgs['trust_a'].pk}/edit/"
    response = client.post(url, {"name": "Trust A Renamed", "type": "nhs_trust", "ods_code": "ra9"})
    assert response.status_code == 302
    org = Organisation.objects.get(pk=orgs["trust_a"].pk)
    assert (org.name, org.ods_code) == ("Trust A Renamed", "RA9")
    event = AuditEvent.objects.get(action="organisation.update")
    assert event.actor == admin
    assert event.before["name"] == "Trust A" and event.after["name"] == "Trust A Renamed"


def test_edit_with_bad_input_names_the_field_and_changes_nothing(client, orgs):
    client.force_login(member(orgs["trust_a"], "org_admin"))
    url = f"/organisations/{orgs['trust_a'].pk}/edit/"
    html = client.post(url, {"name": "", "type": "hospital", "ods_code": "RB1"}).content.decode()
    assert "Enter the organisation&#39;s name" in html
    assert "Select a valid choice" in html
    assert "ODS code RB1 is already used by another organisation" in html
    assert Organisation.objects.get(pk=orgs["trust_a"].pk).name == "Trust A"
    assert not AuditEvent.objects.filter(action="organisation.update").exists()


def test_add_an_organisation_beneath(client, orgs):
    client.force_login(member(orgs["pcn_a"], "org_admin"))
    response = client.post(
        f"/organisations/{orgs['pcn_a'].pk}/add/", {"name": "New Surgery", "type": "gp_practice", "ods_code": ""}
    )
    child = Organisation.objects.get(name="New Surgery")
    assert response["Location"] == f"/organisations/{child.pk}/"
    assert child.parent == orgs["pcn_a"] and child.ods_code is None
    assert child.path.startswith(orgs["pcn_a"].path)
    assert AuditEvent.objects.filter(action="organisation.create", target_id=str(child.pk)).exists()


def test_members_change_role_and_remove(client, orgs):
    admin = member(orgs["trust_a"], "org_admin")
    person = member(orgs["trust_a"], "viewer", full_name="Vic Viewer")
    membership = Membership.objects.get(user=person)
    client.force_login(admin)
    assert "Vic Viewer" in client.get(f"/organisations/{orgs['trust_a'].pk}/members/").content.decode()

    url = f"/organisations/{orgs['trust_a'].pk}/members/{membership.pk}/role/"
    assert client.post(url, {"role": str(role("facilitator").pk)}).status_code == 302
    membership.refresh_from_db()
    assert membership.role.slug == "facilitator"
    event = AuditEvent.objects.get(action="membership.change_role")
    assert (event.before["role"], event.after["role"]) == ("Viewer", "Facilitator")

    url = f"/organisations/{orgs['trust_a'].pk}/members/{membership.pk}/remove/"
    assert "Remove Vic Viewer from Trust A?" in client.get(url).content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()  # GET changes nothing
    assert client.post(url).status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEvent.objects.get(action="membership.remove").before["person"] == person.email


def test_cannot_remove_or_demote_the_last_organisation_admin(client, orgs):
    admin = member(orgs["trust_a"], "org_admin", full_name="Only Admin")
    membership = Membership.objects.get(user=admin)
    client.force_login(admin)
    base = f"/organisations/{orgs['trust_a'].pk}/members/{membership.pk}/"
    response = client.post(base + "remove/")
    assert response.status_code == 400
    assert "Only Admin is the only organisation admin for Trust A" in response.content.decode()
    response = client.post(base + "role/", {"role": str(role("viewer").pk)})
    assert "the only organisation admin" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role.slug == "org_admin"

    # With a second admin, the first may step down.
    member(orgs["trust_a"], "org_admin")
    assert client.post(base + "role/", {"role": str(role("viewer").pk)}).status_code == 302


def test_audit_log_shows_who_what_when_and_before_after_for_org_and_beneath(client, orgs):
    admin = member(orgs["ics_a"], "org_admin", full_name="Ada Admin", email="ada@example.nhs.uk")
    actions.update_organisation(actor=admin, organisation=orgs["trust_a"], name="Trust A Renamed")
    actions.update_organisation(actor=admin, organisation=orgs["trust_b"], name="Trust B Renamed")  # sideways
    client.force_login(admin)
    html = client.get(f"/organisations/{orgs['ics_a'].pk}/audit/").content.decode()
    assert "Organisation details changed: Trust A Renamed" in html
    assert "ada@example.nhs.uk" in html
    assert '<td class="nhsuk-table__cell">Trust A</td>' in html
    assert '<td class="nhsuk-table__cell">Trust A Renamed</td>' in html
    assert "Trust B Renamed" not in html


def test_audit_log_filters_by_action_and_person_and_paginates(client, orgs):
    admin = member(orgs["trust_a"], "org_admin", email="ada@example.nhs.uk")
    other = member(orgs["trust_a"], "org_admin", email="bob@example.nhs.uk")
    for i in range(55):
        actions.update_organisation(actor=admin, organisation=orgs["trust_a"], name=f"Name {i}")
    actions.update_organisation(actor=other, organisation=orgs["trust_a"], type="care_provider")
    client.force_login(admin)
    url = f"/organisations/{orgs['trust_a'].pk}/audit/"

    first = client.get(url).content.decode()
    assert first.count('class="lodestar-audit-event"') == 50
    assert "nhsuk-pagination" in first and "page 1 of 2" in first
    assert first.index("Care provider") < first.index('<td class="nhsuk-table__cell">Name 53</td>')  # newest first
    second = client.get(url + "?page=2").content.decode()
    assert second.count('class="lodestar-audit-event"') == 6  # 56 events, 50 a page

    by_bob = client.get(url, {"person": str(other.pk)}).content.decode()
    assert by_bob.count('class="lodestar-audit-event"') == 1 and "Care provider" in by_bob
    actions.remove_membership(actor=admin, membership=Membership.objects.get(user=other))
    removals = client.get(url, {"action": "membership.remove"}).content.decode()
    assert removals.count('class="lodestar-audit-event"') == 1 and "Member removed" in removals
    updates = client.get(url, {"action": "organisation.update", "page": 2}).content.decode()
    assert updates.count('class="lodestar-audit-event"') == 6


def test_audit_log_reads_every_apps_labels_from_the_event_registry(client, orgs):
    from tests.factories.accounts import invitation

    admin = member(orgs["trust_a"], "org_admin")
    invitation(orgs["trust_a"], invited_by=admin)
    client.force_login(admin)
    html = client.get(f"/organisations/{orgs['trust_a'].pk}/audit/").content.decode()
    assert "Invitation sent" in html and ">invitation.send<" not in html
    assert '<option value="invitation.send"' in html


def test_every_audit_event_type_has_a_plain_english_label():
    """Every value an action can store has its label beside it (the audit log reads them)."""
    apps = {cls.__qualname__ for cls in events.event_types()}
    assert apps >= {"AccountEvent", "ApiEvent", "CatalogueEvent", "OrgEvent", "PlanEvent", "WorkshopEvent"}
    members = [member for cls in events.event_types() for member in cls]
    registry = events.registry()
    assert len(registry) == len(members), "two event types share a stored value"
    for value, label in registry.items():
        assert label.strip(), value
        assert label != value, value
        assert presenters.action_label(value) == label


def test_an_audit_event_cannot_be_recorded_without_a_labelled_type(orgs):
    with transaction.atomic(), pytest.raises(TypeError):
        record(actor=None, action="organisation.update", target=orgs["trust_a"], organisation=orgs["trust_a"])
    assert not AuditEvent.objects.exists()


def test_audit_log_needs_view_audit(client, orgs):
    client.force_login(member(orgs["trust_a"], "facilitator"))
    assert client.get(f"/organisations/{orgs['trust_a'].pk}/audit/").status_code == 404


def test_organisation_name_cannot_be_a_spreadsheet_formula(client, orgs):
    admin = member(orgs["trust_a"], "org_admin")
    client.force_login(admin)
    response = client.post(
        f"/organisations/{orgs['trust_a'].pk}/edit/", {"name": "=HYPERLINK(1)", "type": "nhs_trust", "ods_code": ""}
    )
    assert response.status_code == 200
    assert "Name must start with a letter or number" in response.content.decode()
    orgs["trust_a"].refresh_from_db()
    assert orgs["trust_a"].name == "Trust A"


def test_admin_who_steps_down_to_viewer_lands_on_a_page_they_can_see(client, orgs):
    me = member(orgs["trust_a"], "org_admin")
    member(orgs["trust_a"], "org_admin")
    client.force_login(me)
    mine = Membership.objects.get(user=me)
    response = client.post(
        f"/organisations/{orgs['trust_a'].pk}/members/{mine.pk}/role/", {"role": str(role("viewer").pk)}, follow=True
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == f"/organisations/{orgs['trust_a'].pk}/"
    assert "is now Viewer at Trust A" in response.content.decode()


def test_detail_links_to_the_parent_and_says_when_there_is_no_ods_code(client, orgs):
    Organisation.objects.filter(pk=orgs["trust_a"].pk).update(ods_code=None)
    client.force_login(member(orgs["ics_a"], "viewer"))
    html = client.get(f"/organisations/{orgs['trust_a'].pk}/").content.decode()
    assert f'<a href="/organisations/{orgs["ics_a"].pk}/">ICS A</a>' in html  # a real link, not escaped markup
    assert "&lt;a href" not in html
    assert "No ODS code" in html and ">None<" not in html


def test_detail_lists_the_workshops_and_plans_the_viewer_may_open(client, orgs):
    from tests.factories.plans import ActionPlanFactory
    from tests.factories.workshops import WorkshopFactory

    WorkshopFactory(title="Community nursing Star", lead_organisation=orgs["trust_a"])
    WorkshopFactory(title="Joint therapies Star", lead_organisation=orgs["ics_a"], partners=[orgs["trust_a"]])
    WorkshopFactory(title="Trust B's own Star", lead_organisation=orgs["trust_b"], partners=[orgs["trust_a"]])
    plan = ActionPlanFactory(title="Nursing recruitment plan", organisation=orgs["trust_a"])
    ActionPlanFactory(title="ICS plan", organisation=orgs["ics_a"])

    client.force_login(member(orgs["trust_a"], "viewer"))
    html = client.get(f"/organisations/{orgs['trust_a'].pk}/").content.decode()
    assert "Community nursing Star" in html and "Lead organisation" in html
    # Trust A is a partner in both, but a Trust A viewer reaches neither ICS A nor Trust B.
    assert "Joint therapies Star" not in html and "Trust B&#39;s own Star" not in html
    assert f'<a href="/plans/{plan.pk}/">Nursing recruitment plan</a>' in html
    assert "ICS plan" not in html

    client.force_login(member(orgs["ics_a"], "viewer"))
    html = client.get(f"/organisations/{orgs['trust_a'].pk}/").content.decode()
    assert "Joint therapies Star" in html and "Partner" in html  # led by ICS A, within this viewer's reach
    assert "Trust B&#39;s own Star" not in html


def test_detail_says_when_there_are_no_workshops_or_plans(client, orgs):
    client.force_login(member(orgs["trust_b"], "viewer"))
    html = client.get(f"/organisations/{orgs['trust_b'].pk}/").content.decode()
    assert "No workshops you can see." in html and "No action plans you can see." in html

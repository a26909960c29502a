"""No lost updates: of two people editing the same action, the second save is refused."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.urls import reverse

from lodestar.plans import actions as plan_actions
from lodestar.plans.models import Action, Status
from tests.factories import member
from tests.factories.plans import ActionFactory, ActionPlanFactory
from tests.integration.plans.test_views import edit_data


@pytest.mark.django_db
def test_second_save_of_the_same_version_is_refused_and_shows_what_changed(client, orgs):
    plan = ActionPlanFactory(organisation=orgs["trust_a"])
    action = ActionFactory(plan=plan, title="Original title", status=Status.ON_TRACK)
    alice = member(orgs["trust_a"], "contributor", full_name="Alice Able")
    bob = member(orgs["trust_a"], "contributor", full_name="Bob Baker")
    url = reverse("plans:action-edit", kwargs={"action_id": action.pk})
    loaded = edit_data(action)  # both open the form at version 1

    client.force_login(alice)
    assert client.post(url, {**loaded, "status": "at_risk"}).status_code == 302

    client.force_login(bob)
    response = client.post(url, {**loaded, "title": "Bob's title"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this action while you were editing it" in html
    # The table of what changed: field, your value, their value, who.
    assert "Your value" in html and "Their value" in html
    assert "Status" in html and "On track" in html and "At risk" in html and "alice" in html.lower()
    action.refresh_from_db()
    assert (action.title, action.status, action.version) == ("Original title", "at_risk", 2)
    # The re-rendered form now carries the version Bob has seen, so saving again keeps his values.
    assert 'name="version" value="2"' in html
    assert client.post(url, {**loaded, "title": "Bob's title", "status": "at_risk", "version": 2}).status_code == 302
    action.refresh_from_db()
    assert (action.title, action.version) == ("Bob's title", 3)


@pytest.mark.django_db
def test_update_action_refuses_a_stale_version_in_the_action_layer(orgs):
    action = ActionFactory(plan=ActionPlanFactory(organisation=orgs["trust_a"]))
    user = member(orgs["trust_a"], "contributor")
    plan_actions.update_action(actor=user, action=action, expected_version=1, changes={"title": "First"})
    with pytest.raises(plan_actions.StaleEdit) as refused:
        plan_actions.update_action(actor=user, action=action, expected_version=1, changes={"title": "Second"})
    assert refused.value.current.title == "First"
    assert [(c.field, c.yours, c.theirs) for c in refused.value.conflicts] == [("title", "Second", "First")]
    assert Action.objects.get(pk=action.pk).title == "First"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_real_connections_cannot_both_save_version_1(orgs):
    """Two threads (so two PostgreSQL connections) both hold version 1 and try to save at the
    same moment; exactly one succeeds, the other gets StaleEdit and its change is not written."""
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL: SQLite serialises writers, so there is no race to lose")
    action = ActionFactory(plan=ActionPlanFactory(organisation=orgs["trust_a"]), title="Start")
    user = member(orgs["trust_a"], "contributor")
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def edit(name: str):
        try:
            mine = Action.objects.get(pk=action.pk)  # this thread's own connection loads version 1
            assert mine.version == 1
            barrier.wait(timeout=10)
            plan_actions.update_action(actor=user, action=mine, expected_version=1, changes={"title": name})
            outcomes[name] = "saved"
        except plan_actions.StaleEdit:
            outcomes[name] = "refused"
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            outcomes[name] = f"error: {exc!r}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=edit, args=(n,)) for n in ("first", "second")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes.values()) == ["refused", "saved"], outcomes
    winner = next(name for name, result in outcomes.items() if result == "saved")
    action.refresh_from_db()
    assert (action.title, action.version) == (winner, 2)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_connections_in_sequence_second_is_refused(orgs):
    """The brief's scenario step by step: both load version 1, the first saves, the second is refused."""
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL for a second real connection to the test database")
    action = ActionFactory(plan=ActionPlanFactory(organisation=orgs["trust_a"]), title="Start")
    user = member(orgs["trust_a"], "contributor")
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT version FROM plans_action WHERE id = %s", [action.pk])
            assert cursor.fetchone()[0] == 1  # the second editor loads version 1 too
        plan_actions.update_action(actor=user, action=action, expected_version=1, changes={"title": "First"})
        with other.cursor() as cursor:  # the second editor's save: the same guarded UPDATE
            cursor.execute(
                "UPDATE plans_action SET title = %s, version = version + 1 WHERE id = %s AND version = %s",
                ["Second", action.pk, 1],
            )
            assert cursor.rowcount == 0
            other.commit() if not other.get_autocommit() else None
    finally:
        other.close()
    action.refresh_from_db()
    assert (action.title, action.version) == ("First", 2)

"""The materialised path: kept right when organisations are added and moved, and loops are refused."""

import pytest

from lodestar.orgs import actions
from lodestar.orgs.models import Organisation
from lodestar.orgs.permissions import Permission
from tests.factories import member

pytestmark = pytest.mark.django_db


def test_paths_follow_parents(orgs):
    assert orgs["region"].path == f"/{orgs['region'].pk}/"
    assert orgs["practice_a"].path == (
        f"/{orgs['region'].pk}/{orgs['ics_a'].pk}/{orgs['pcn_a'].pk}/{orgs['practice_a'].pk}/"
    )
    assert orgs["practice_a"].ancestor_ids() == [orgs["region"].pk, orgs["ics_a"].pk, orgs["pcn_a"].pk]


def test_reparenting_moves_the_whole_branch_and_the_reach_with_it(orgs):
    ics_b_viewer = member(orgs["ics_b"], "viewer")
    assert not Organisation.objects.in_reach(ics_b_viewer).filter(pk=orgs["practice_a"].pk).exists()

    actions.update_organisation(actor=None, organisation=orgs["pcn_a"], parent=orgs["ics_b"])
    practice = Organisation.objects.get(pk=orgs["practice_a"].pk)
    assert practice.path == f"/{orgs['region'].pk}/{orgs['ics_b'].pk}/{orgs['pcn_a'].pk}/{practice.pk}/"
    assert set(Organisation.objects.in_reach(ics_b_viewer).values_list("name", flat=True)) == {
        "ICS B",
        "Trust B",
        "PCN A",
        "Practice A",
    }
    ics_a_admin = member(orgs["ics_a"], "org_admin")
    assert not Organisation.objects.in_reach(ics_a_admin, Permission.VIEW).filter(pk=practice.pk).exists()


def test_moving_to_the_top_level(orgs):
    actions.update_organisation(actor=None, organisation=orgs["ics_a"], parent=None)
    practice = Organisation.objects.get(pk=orgs["practice_a"].pk)
    assert practice.path == f"/{orgs['ics_a'].pk}/{orgs['pcn_a'].pk}/{practice.pk}/"


def test_an_organisation_cannot_move_beneath_itself(orgs):
    with pytest.raises(actions.ActionError):
        actions.update_organisation(actor=None, organisation=orgs["ics_a"], parent=orgs["practice_a"])
    orgs["ics_a"].refresh_from_db()
    assert orgs["ics_a"].parent == orgs["region"]


def test_ods_code_is_normalised_and_optional(db):
    a = Organisation.objects.create(name="A", type="voluntary", ods_code=" ab1 ")
    b = Organisation.objects.create(name="B", type="voluntary", ods_code="")
    c = Organisation.objects.create(name="C", type="voluntary", ods_code=None)
    assert a.ods_code == "AB1" and b.ods_code is None and c.ods_code is None

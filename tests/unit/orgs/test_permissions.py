"""has_permission and in_reach: each role's permissions, reaching down the hierarchy, never up or sideways."""

import pytest

from lodestar.orgs.models import Organisation
from lodestar.orgs.permissions import DEFAULT_ROLES, Permission
from lodestar.orgs.queries import has_permission
from tests.factories import UserFactory, member

pytestmark = pytest.mark.django_db

MATRIX = {
    "viewer": {Permission.VIEW},
    "contributor": {Permission.VIEW, Permission.CONTRIBUTE},
    "facilitator": {Permission.VIEW, Permission.CONTRIBUTE, Permission.FACILITATE, Permission.MANAGE_CATALOGUE},
    "org_admin": set(Permission) - {Permission.MANAGE_NATIONAL_CATALOGUE},
}


@pytest.mark.parametrize("role_slug", list(MATRIX))
@pytest.mark.parametrize("permission", list(Permission))
def test_role_permission_matrix(orgs, role_slug, permission):
    user = member(orgs["trust_a"], role_slug)
    expected = permission in MATRIX[role_slug]
    assert has_permission(user, permission, orgs["trust_a"]) is expected
    assert has_permission(user, permission, orgs["trust_b"]) is False


def test_matrix_matches_the_seeded_roles():
    assert {slug: set(perms) for slug, (_, perms) in DEFAULT_ROLES.items()} == MATRIX


def test_role_reaches_down_not_up_or_sideways(orgs):
    user = member(orgs["ics_a"], "org_admin")
    for name in ["ics_a", "trust_a", "pcn_a", "practice_a"]:
        assert has_permission(user, Permission.MANAGE_MEMBERS, orgs[name]), name
    for name in ["region", "ics_b", "trust_b"]:
        assert not has_permission(user, Permission.VIEW, orgs[name]), name


def test_in_reach_follows_the_same_rule(orgs):
    user = member(orgs["ics_a"], "viewer")
    names = set(Organisation.objects.in_reach(user).values_list("name", flat=True))
    assert names == {"ICS A", "Trust A", "PCN A", "Practice A"}
    assert not Organisation.objects.in_reach(user, Permission.MANAGE_MEMBERS).exists()


def test_different_roles_at_different_levels_combine(orgs):
    user = member(orgs["region"], "viewer")
    from tests.factories import MembershipFactory, role

    MembershipFactory(user=user, organisation=orgs["trust_b"], role=role("org_admin"))
    assert has_permission(user, Permission.VIEW, orgs["practice_a"])
    assert not has_permission(user, Permission.MANAGE_MEMBERS, orgs["practice_a"])
    assert has_permission(user, Permission.MANAGE_MEMBERS, orgs["trust_b"])
    assert list(Organisation.objects.in_reach(user, Permission.MANAGE_MEMBERS)) == [orgs["trust_b"]]


def test_platform_staff_hold_everything_and_inactive_or_anonymous_nothing(orgs):
    from django.contrib.auth.models import AnonymousUser

    staff = UserFactory(is_platform_staff=True)
    assert all(has_permission(staff, p, orgs["practice_a"]) for p in Permission)
    assert Organisation.objects.in_reach(staff).count() == len(orgs)
    inactive = member(orgs["region"], "org_admin", is_active=False)
    assert not has_permission(inactive, Permission.VIEW, orgs["region"])
    assert not Organisation.objects.in_reach(inactive).exists()
    assert not has_permission(AnonymousUser(), Permission.VIEW, orgs["region"])
    assert not Organisation.objects.in_reach(AnonymousUser()).exists()


def test_without_an_org_has_permission_means_anywhere(orgs):
    user = member(orgs["practice_a"], "facilitator")
    assert has_permission(user, Permission.FACILITATE)
    assert not has_permission(user, Permission.MANAGE_MEMBERS)

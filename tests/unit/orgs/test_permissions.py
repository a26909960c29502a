"""has_permission and in_reach: each role's permissions, reaching down the hierarchy, never up or sideways."""

import pytest

from lodestar.orgs.models import Organisation
from lodestar.orgs.permissions import DEFAULT_ROLES, Permission
from lodestar.orgs.queries import has_permission
from tests.factories import MembershipFactory, UserFactory, member, role

pytestmark = pytest.mark.django_db

MATRIX = {
    "viewer": {Permission.VIEW},
    "analyst": {Permission.VIEW, Permission.MANAGE_WORKFORCE_DATA},
    "contributor": {Permission.VIEW, Permission.CONTRIBUTE},
    "facilitator": {Permission.VIEW, Permission.CONTRIBUTE, Permission.FACILITATE, Permission.MANAGE_CATALOGUE},
    "org_admin": set(Permission) - {Permission.MANAGE_NATIONAL_CATALOGUE, Permission.MANAGE_TALENT},
    "talent_lead": {Permission.VIEW, Permission.MANAGE_TALENT},
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


# Where each organisation of the test region sits relative to a membership at ICS A.
POSITIONS = {
    "ics_a": "at",
    "trust_a": "beneath",
    "pcn_a": "beneath",
    "practice_a": "two levels beneath",
    "region": "above",
    "ics_b": "sideways",
    "trust_b": "beneath a sibling",
}


@pytest.mark.parametrize("role_slug", list(DEFAULT_ROLES))
@pytest.mark.parametrize("permission", list(Permission))
def test_in_reach_and_has_permission_give_the_same_answer_everywhere(orgs, role_slug, permission):
    """One reach rule: for every seeded role, permission and position in the hierarchy, the
    queryset and the yes/no question agree, and both follow Role.grants."""
    user = member(orgs["ics_a"], role_slug)
    grants = role(role_slug).grants(permission)
    reach = set(Organisation.objects.in_reach(user, permission).values_list("pk", flat=True))
    for name, position in POSITIONS.items():
        expected = grants and position in {"at", "beneath", "two levels beneath"}
        assert has_permission(user, permission, orgs[name]) is expected, (name, position)
        assert (orgs[name].pk in reach) is expected, (name, position)
    assert has_permission(user, permission) is grants


def test_a_role_without_the_permission_gives_no_reach(orgs):
    """Roles are data: a role added without a permission reaches nothing with it."""
    from lodestar.orgs.models import Role

    minutes_taker = Role.objects.create(slug="minutes_taker", name="Minutes taker", permissions=[Permission.VIEW])
    user = UserFactory()
    MembershipFactory(user=user, organisation=orgs["region"], role=minutes_taker)
    assert not Organisation.objects.in_reach(user, Permission.CONTRIBUTE).exists()
    assert not has_permission(user, Permission.CONTRIBUTE, orgs["practice_a"])
    assert not has_permission(user, Permission.CONTRIBUTE)
    assert Organisation.objects.in_reach(user, Permission.VIEW).count() == len(orgs)
    assert has_permission(user, Permission.VIEW, orgs["practice_a"])


def test_an_unknown_permission_is_refused(orgs):
    user = member(orgs["ics_a"], "org_admin")
    with pytest.raises(ValueError):
        has_permission(user, "launch_rockets", orgs["ics_a"])
    with pytest.raises(ValueError):
        Organisation.objects.in_reach(user, "launch_rockets")


def test_the_permission_vocabulary_imports_nothing_from_the_project():
    """orgs.permissions is the vocabulary only, so models, queries and every app can import it."""
    import ast
    from pathlib import Path

    import lodestar.orgs.permissions as vocabulary

    tree = ast.parse(Path(vocabulary.__file__).read_text())
    imported = [
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    ]
    assert not [name for name in imported if name and name.startswith("lodestar")]

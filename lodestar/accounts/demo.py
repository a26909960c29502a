"""Demo people, one for each kind of user, all with the password ``lodestar-demo-2026``."""

from __future__ import annotations

from lodestar.accounts import actions
from lodestar.accounts.models import User
from lodestar.orgs import actions as org_actions
from lodestar.orgs.models import Organisation, Role

PASSWORD = "lodestar-demo-2026"

# (email, full name, job title, role slug, organisation name, platform staff)
PEOPLE = [
    (
        "facilitator@demo.lodestar.test",
        "Fatima Khan",
        "Workforce transformation lead",
        "facilitator",
        "Riverside ICS",
        False,
    ),
    (
        "contributor@demo.lodestar.test",
        "Chris Taylor",
        "Matron",
        "contributor",
        "Riverside Hospitals NHS Foundation Trust",
        False,
    ),
    ("admin@demo.lodestar.test", "Alex Morgan", "Workforce programme manager", "org_admin", "Riverside ICS", False),
    (
        "region@demo.lodestar.test",
        "Rachel Okafor",
        "Regional workforce lead",
        "viewer",
        "North of England (demo)",
        False,
    ),
    ("platform@demo.lodestar.test", "Pat Lee", "Lodestar platform team", None, None, True),
]


def load(orgs: dict[str, Organisation]) -> list[User]:
    people = []
    for email, full_name, job_title, role_slug, org_name, platform in PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = actions.create_user(
                actor=None,
                email=email,
                full_name=full_name,
                job_title=job_title,
                password=PASSWORD,
                is_platform_staff=platform,
            )
        if role_slug:
            org_actions.add_membership(
                actor=None, user=user, organisation=orgs[org_name], role=Role.objects.get(slug=role_slug)
            )
        people.append(user)
    return people

"""The demo new roles load across the demo region's ICSs and sectors; loading again adds nothing."""

import pytest

from lodestar.accounts import demo as people_demo
from lodestar.orgs import demo as orgs_demo
from lodestar.roles import demo
from lodestar.roles.models import NewRole, PostCount

pytestmark = pytest.mark.django_db


def test_demo_roles_load_once_across_icss_and_sectors():
    people_demo.load(orgs_demo.load())
    demo.load()
    assert NewRole.objects.count() == len(demo.ROLES) >= 12
    assert len({r.setting for r in NewRole.objects.all()}) >= 4
    assert {r.organisation.parent.name for r in NewRole.objects.exclude(organisation__type="gp_practice")} >= {
        "Riverside ICS",
        "Moorland ICS",
    }
    posts = PostCount.objects.count()
    demo.load()
    assert (NewRole.objects.count(), PostCount.objects.count()) == (len(demo.ROLES), posts)

"""load_demo_data: idempotent; the demo people can sign in and see what their roles reach."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from lodestar.accounts.models import User
from lodestar.orgs.models import Membership, Organisation

pytestmark = pytest.mark.django_db

PASSWORD = "lodestar-demo-2026"


def _load():
    out = StringIO()
    call_command("load_demo_data", stdout=out)
    return out.getvalue()


def test_loading_twice_changes_nothing_the_second_time():
    out = _load()
    assert "http://127.0.0.1:8000" in out and "facilitator@demo.lodestar.test" in out and PASSWORD in out
    counts = (Organisation.objects.count(), User.objects.count(), Membership.objects.count())
    _load()
    assert (Organisation.objects.count(), User.objects.count(), Membership.objects.count()) == counts
    assert counts[0] >= 14


def test_demo_hierarchy_and_types():
    _load()
    trust = Organisation.objects.get(ods_code="RVX")
    assert trust.name == "Riverside Hospitals NHS Foundation Trust"
    assert [o.name for o in trust.ancestors] == ["NHS England (demo)", "North of England (demo)", "Riverside ICS"]
    assert Organisation.objects.get(name="Bridge Street Surgery").parent.name == "Riverside Central PCN"
    assert set(Organisation.objects.values_list("type", flat=True)) >= {
        "national_body",
        "region",
        "ics",
        "nhs_trust",
        "pcn",
        "gp_practice",
        "local_authority",
        "care_provider",
        "voluntary",
        "education",
    }


@pytest.mark.parametrize(
    "email, sees, does_not_see",
    [
        ("facilitator@demo.lodestar.test", "Bridge Street Surgery", "Moorland ICS"),
        ("contributor@demo.lodestar.test", "Riverside Hospitals NHS Foundation Trust", "Riverside City Council"),
        ("region@demo.lodestar.test", "Moorland Rural PCN", "NHS England (demo)"),
        ("platform@demo.lodestar.test", "NHS England (demo)", None),
    ],
)
def test_demo_people_sign_in_and_see_their_reach(client, email, sees, does_not_see):
    _load()
    response = client.post("/account/sign-in/", {"email": email, "password": PASSWORD})
    assert response.status_code == 302
    html = client.get("/organisations/").content.decode()
    assert sees in html
    if does_not_see:
        assert does_not_see not in html


def test_demo_people_have_their_roles():
    _load()
    fatima = User.objects.get(email="facilitator@demo.lodestar.test")
    assert (fatima.full_name, fatima.job_title) == ("Fatima Khan", "Workforce transformation lead")
    assert fatima.memberships.get().role.slug == "facilitator"
    chris = User.objects.get(email="contributor@demo.lodestar.test")
    assert (chris.full_name, chris.job_title) == ("Chris Taylor", "Matron")
    assert User.objects.get(email="admin@demo.lodestar.test").memberships.get().role.slug == "org_admin"
    assert User.objects.get(email="platform@demo.lodestar.test").is_platform_staff


def test_refuses_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        _load()
    assert Organisation.objects.count() == 0

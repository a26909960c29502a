"""The demo networks load in the demo region with members across ICSs and sectors, discussions,
events and resources, and loading again adds nothing."""

import pytest

from lodestar.accounts import demo as people_demo
from lodestar.core.models import AuditEvent
from lodestar.learning import demo as learning_demo
from lodestar.networks import demo, reach
from lodestar.networks.models import Event, NetworkMember, Post, Resource, Thread
from lodestar.orgs import demo as orgs_demo
from lodestar.star import demo as star_demo

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        "members": NetworkMember.objects.count(),
        "threads": Thread.objects.count(),
        "posts": Post.objects.count(),
        "events": Event.objects.count(),
        "resources": Resource.objects.count(),
        "audit": AuditEvent.objects.filter(action__startswith="networks.").count(),
    }


def test_demo_networks_load_once_and_cross_boundaries():
    people_demo.load(orgs_demo.load())
    star_demo.load()
    learning_demo.load()
    networks = demo.load()
    assert [n.name for n in networks] == [
        "Nursing associates community of practice",
        "Care home leaders network",
        "Digital workforce planners",
    ]
    sentences = [reach.of(n).sentence() for n in networks]
    assert sentences[0] == "Members come from 2 ICSs and 5 sectors: it crosses organisational boundaries."
    assert all("crosses organisational boundaries" in s for s in sentences)
    assert {m.sector for m in NetworkMember.objects.filter(status="member")} >= {
        "nhs",
        "primary_care",
        "social_care",
        "voluntary",
        "education",
    }
    assert NetworkMember.objects.filter(status="requested").count() == 2
    assert {r.kind for r in Resource.objects.all()} == {"file", "case_study", "intervention"}
    before = _counts()
    assert before["threads"] == 4 and before["events"] == 4
    demo.load()
    assert _counts() == before

"""The demo pilots load at every stage, one scaled up with its case study and local intervention,
and loading again adds nothing."""

from __future__ import annotations

import pytest

from lodestar.accounts import demo as people_demo
from lodestar.core.models import AuditEvent
from lodestar.learning.models import CaseStudy
from lodestar.orgs import demo as orgs_demo
from lodestar.pilots import demo
from lodestar.pilots.models import Pilot
from lodestar.programmes import demo as programmes_demo
from lodestar.star import demo as star_demo
from lodestar.star.models import Intervention

pytestmark = pytest.mark.django_db


def test_demo_pilots_load_once_at_every_stage():
    people_demo.load(orgs_demo.load())
    star_demo.load()
    programmes_demo.load()
    loaded = demo.load()
    assert len(loaded) == len(demo.PILOTS) == 10
    stages = {p.title: (p.stage, p.decision) for p in Pilot.objects.all()}
    assert {stage for stage, _d in stages.values()} == {"proposed", "approved", "running", "evaluating", "decided"}
    assert stages["Buddying for newly qualified nurses"] == ("decided", "scale_up")
    assert stages["Flexible retirement conversations at 55"] == ("decided", "stop")
    assert stages["Digital physiotherapy triage"] == ("running", "adapt")
    scaled = Pilot.objects.get(title="Buddying for newly qualified nurses")
    assert scaled.case_study.status == "draft" and scaled.intervention.levers[0]["type"] == "leaver_rate_change"
    paramedics = Pilot.objects.get(title="Rotational paramedics in primary care")
    assert paramedics.programme is not None and paramedics.programme.name.startswith("Rotational paramedics")
    counts = (
        Pilot.objects.count(),
        CaseStudy.objects.count(),
        Intervention.objects.count(),
        AuditEvent.objects.count(),
    )
    assert demo.load() == []
    assert (
        Pilot.objects.count(),
        CaseStudy.objects.count(),
        Intervention.objects.count(),
        AuditEvent.objects.count(),
    ) == counts

"""Loading the national catalogue: create, update, retire, idempotent, nothing written on a bad file."""

from __future__ import annotations

from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command

from lodestar.core.models import AuditEvent
from lodestar.star import catalogue
from lodestar.star.models import CatalogueLoad, Intervention, StarPoint
from tests.factories.star import InterventionFactory, star_points

pytestmark = pytest.mark.django_db


def shipped() -> dict:
    return yaml.safe_load(catalogue.DEFAULT_PATH.read_text(encoding="utf-8"))


def write(tmp_path, data: dict):
    path = tmp_path / "catalogue.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def run(*args) -> str:
    out = StringIO()
    call_command("load_catalogue", *args, stdout=out)
    return out.getvalue()


def test_load_creates_points_and_national_interventions_and_records_one_audit_event():
    output = run()
    data = shipped()
    assert StarPoint.objects.count() == 5
    assert list(StarPoint.objects.values_list("key", flat=True)) == [
        "supply",
        "upskilling",
        "new-roles",
        "new-ways-of-working",
        "leadership",
    ]
    assert Intervention.objects.filter(organisation__isnull=True, is_active=True).count() == len(data["interventions"])
    assert f"{len(data['interventions'])} created, 0 updated, 0 retired" in output
    retention = Intervention.objects.get(code="supply-retention-programme")
    assert retention.point.key == "supply"
    assert retention.catalogue_version == data["version"]
    assert retention.levers[0]["type"] == "leaver_rate_change"
    events = AuditEvent.objects.filter(action="catalogue.load")
    assert events.count() == 1
    assert events.get().after["version"] == data["version"]


def test_loading_twice_changes_nothing_the_second_time():
    run()
    stamps = dict(Intervention.objects.values_list("code", "updated_at"))
    events = AuditEvent.objects.count()

    output = run()

    assert "already up to date" in output
    assert dict(Intervention.objects.values_list("code", "updated_at")) == stamps
    assert AuditEvent.objects.count() == events
    assert CatalogueLoad.objects.count() == 1


def test_changed_entry_is_updated_with_new_version_and_missing_entry_retired_not_deleted(tmp_path):
    run()
    data = shipped()
    data["version"] = "2026.2"
    data["interventions"][0]["title"] = "Return to practice for nurses, midwives and AHPs"
    removed = data["interventions"].pop()["id"]
    output = run(str(write(tmp_path, data)))

    assert "0 created, 1 updated, 1 retired" in output
    changed = Intervention.objects.get(code=data["interventions"][0]["id"])
    assert changed.title == "Return to practice for nurses, midwives and AHPs"
    assert changed.catalogue_version == "2026.2"
    assert Intervention.objects.get(code=data["interventions"][1]["id"]).catalogue_version == "2026.1"
    gone = Intervention.objects.get(code=removed)
    assert gone.is_active is False
    event = AuditEvent.objects.filter(action="catalogue.load").first()
    assert event.after["retired"] == [removed]
    assert event.before == {"version": "2026.1"}


def test_an_entry_put_back_in_the_file_is_restored(tmp_path):
    run()
    data = shipped()
    removed = data["interventions"].pop()
    run(str(write(tmp_path, data)))
    data["interventions"].append(removed)
    output = run(str(write(tmp_path, data)))
    assert "0 created, 1 updated, 0 retired" in output
    assert Intervention.objects.get(code=removed["id"]).is_active is True


def test_local_interventions_are_never_retired_by_a_load(orgs):
    star_points()
    local = InterventionFactory(code="local-1-our-own", organisation=orgs["ics_a"])
    run()
    local.refresh_from_db()
    assert local.is_active is True


def test_bad_file_writes_nothing_and_lists_every_problem(tmp_path):
    run()
    before = dict(Intervention.objects.values_list("code", "title"))
    data = shipped()
    data["interventions"][0]["title"] = "A changed title that must not be saved"
    data["interventions"][3]["staff_groups"] = ["registered-nurses", "nurse"]
    data["interventions"][5]["levers"][0]["effect"] = {"dist": "triangular", "low": 0.2, "mode": 0.1, "high": 0.3}
    path = write(tmp_path, data)

    with pytest.raises(CommandError) as err:
        run(str(path))

    message = str(err.value)
    assert "Nothing was changed" in message
    assert "interventions[3].staff_groups[1]: 'nurse' is not a known staff group" in message
    assert "interventions[5].levers[0].effect: needs low <= mode <= high" in message
    assert dict(Intervention.objects.values_list("code", "title")) == before
    assert AuditEvent.objects.filter(action="catalogue.load").count() == 1


def test_file_that_is_not_yaml_is_reported_with_its_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("version: '2026.1'\npoints: [\n  - oops: {\n", encoding="utf-8")
    with pytest.raises(CommandError, match="not valid YAML at line"):
        run(str(path))
    assert StarPoint.objects.count() == 0


def test_missing_file_is_reported(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(tmp_path / "nope.yaml"))


def test_file_id_clashing_with_a_local_intervention_is_refused(orgs, tmp_path):
    star_points()
    InterventionFactory(code="supply-return-to-practice", organisation=orgs["trust_a"])
    with pytest.raises(CommandError, match="already used by a local intervention"):
        run()
    assert Intervention.objects.count() == 1


def test_demo_load_uses_the_same_loader():
    from lodestar.star import demo

    result = demo.load()
    assert len(result.created) == len(shipped()["interventions"])
    assert demo.load().changed is False

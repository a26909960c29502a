"""What a loaded file stores: organisations matched by ODS code (national codes Lodestar does not
know kept without one), staff records as cohorts, flows and turnover only, other sources'
figures, and saved column mappings."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from lodestar.core.models import AuditEvent
from lodestar.core.validation import ValidationProblem
from lodestar.orgs.models import OrganisationType
from lodestar.workforce import actions
from lodestar.workforce.models import (
    ColumnMapping,
    GPPractice,
    ImportStatus,
    Population,
    StaffFlow,
    StaffInPost,
    Turnover,
    WorkforceEvent,
)
from tests.factories import OrganisationFactory
from tests.integration.workforce.conftest import FIXTURES

RECORDS = FIXTURES / "staff_records" / "esr_two_snapshots.csv"
OWN_COLUMNS = FIXTURES / "staff_records" / "own_columns.csv"
OWN_MAPPING = {
    "snapshot": "Month",
    "person_id": "Staff ID",
    "org_code": "Trust",
    "staff_group": "Role group",
    "band": "Pay band",
    "wte": "FTE hours",
    "age_band": "Age group",
}


@pytest.fixture
def trusts(orgs):
    """RX1 and RX2, the organisations of the staff records fixtures, both in ICS A."""
    rx1 = OrganisationFactory(name="Trust X1", type=OrganisationType.NHS_TRUST, parent=orgs["ics_a"], ods_code="RX1")
    rx2 = OrganisationFactory(name="Trust X2", type=OrganisationType.NHS_TRUST, parent=orgs["ics_a"], ods_code="RX2")
    return {"rx1": rx1, "rx2": rx2}


def test_a_national_file_keeps_codes_lodestar_does_not_know_without_an_organisation(orgs, national_loader, load_file):
    OrganisationFactory(name="Royal Free", ods_code="RAL")
    loaded = load_file(national_loader, None, FIXTURES / "staff_in_post" / "good.csv")
    assert loaded.status == ImportStatus.LOADED
    assert loaded.summary["organisations"] == {"matched": 1, "unmatched": ["RRK"], "unmatched_count": 1}
    codes = dict(StaffInPost.objects.values_list("org_code", "organisation__ods_code").distinct())
    assert codes == {"RAL": "RAL", "RRK": None}


def test_staff_records_are_stored_as_cohorts_flows_and_turnover(orgs, trusts, analyst, load_file):
    loaded = load_file(analyst(orgs["ics_a"]), orgs["ics_a"], RECORDS, source="staff_records")
    assert loaded.status == ImportStatus.LOADED, loaded.problems
    records = loaded.summary["records"]
    assert records["snapshots"] == ["2023-09-01", "2024-09-01"]  # dated by month, as published
    assert records["persons"] == 12
    assert records["cohorts"] == StaffInPost.objects.filter(load=loaded).count() > 0
    assert records["flows"] == StaffFlow.objects.filter(load=loaded).count() > 0
    # Cohorts have age bands (published files never do); headcounts are people.
    assert StaffInPost.objects.filter(load=loaded, age_band="").count() == 0
    per_snapshot = {
        period: sum(StaffInPost.objects.filter(load=loaded, period=period).values_list("headcount", flat=True))
        for period in StaffInPost.objects.filter(load=loaded).values_list("period", flat=True).distinct()
    }
    assert sorted(per_snapshot.values()) == [10, 10]
    assert Turnover.objects.filter(load=loaded, live=True).exists()
    assert set(StaffInPost.objects.filter(load=loaded).values_list("organisation", flat=True)) == {
        trusts["rx1"].pk,
        trusts["rx2"].pk,
    }


def test_staff_records_store_no_record_level_rows(orgs, trusts, analyst, load_file, import_dir):
    loaded = load_file(analyst(orgs["ics_a"]), orgs["ics_a"], RECORDS, source="staff_records")
    stored = [str(v) for v in StaffInPost.objects.filter(load=loaded).values_list(flat=True)]
    assert not any(person in text for text in stored for person in ("P01", "P11"))
    assert list(import_dir.iterdir()) == []
    assert len(loaded.sha256) == 64  # the file is known by its hash only (ADR 0026)


def test_staff_records_of_another_organisation_are_refused_with_row_and_column(orgs, analyst, load_file):
    OrganisationFactory(name="Trust X1", parent=orgs["trust_a"], ods_code="RX1")
    OrganisationFactory(name="Trust X2", parent=orgs["ics_b"], ods_code="RX2")
    refused = load_file(analyst(orgs["trust_a"]), orgs["trust_a"], RECORDS, source="staff_records")
    assert refused.status == ImportStatus.REFUSED
    assert refused.problems == [
        {
            "row": 20,
            "column": "Reporting Org code",
            "message": '"RX2" is not Trust A or an organisation beneath it: '
            "a file loaded for Trust A may only hold its own figures",
        }
    ]
    assert not StaffInPost.objects.exists()


def test_staff_records_detected_in_a_national_upload_are_refused(orgs, trusts, national_loader, load_file):
    refused = load_file(national_loader, None, RECORDS)
    assert refused.status == ImportStatus.REFUSED
    assert refused.problems[0]["message"].startswith("Staff records are an organisation's own")
    assert not StaffInPost.objects.exists()


def test_staff_records_with_their_own_columns_are_read_through_a_mapping(orgs, trusts, analyst, load_file):
    person = analyst(orgs["ics_a"])
    without = load_file(person, trusts["rx1"], OWN_COLUMNS, source="staff_records")
    assert without.status == ImportStatus.REFUSED
    loaded = load_file(person, trusts["rx1"], OWN_COLUMNS, source="staff_records", options={"mapping": OWN_MAPPING})
    assert loaded.status == ImportStatus.LOADED, loaded.problems
    assert loaded.summary["records"]["persons"] == 4
    assert not StaffFlow.objects.exists()  # one snapshot: no flows


def test_gp_practice_figures_take_the_month_given(orgs, national_loader, load_file):
    loaded = load_file(
        national_loader, None, FIXTURES / "gp_practice" / "practice_level.csv", options={"period": "2024-09-01"}
    )
    assert loaded.status == ImportStatus.LOADED, loaded.problems
    assert loaded.periods == ["2024-09-01"]
    assert GPPractice.objects.filter(live=True, period=datetime.date(2024, 9, 1)).count() == 3


def test_population_projections_are_dated_by_year(orgs, national_loader, load_file):
    loaded = load_file(national_loader, None, FIXTURES / "population" / "snpp_2022_persons.csv")
    assert loaded.status == ImportStatus.LOADED, loaded.problems
    row = Population.objects.filter(load=loaded).first()
    assert row.period == datetime.date(row.year, 1, 1)
    assert loaded.periods[0] == "2022-01-01"


def test_a_mapping_is_saved_and_replaced(orgs, analyst):
    person = analyst(orgs["trust_a"])
    saved = actions.save_mapping(actor=person, organisation=orgs["trust_a"], name="Our extract", mapping=OWN_MAPPING)
    again = actions.save_mapping(
        actor=person, organisation=orgs["trust_a"], name="Our extract", mapping={"person_id": "Staff number"}
    )
    assert again.pk == saved.pk
    assert ColumnMapping.objects.get().mapping == {"person_id": "Staff number"}
    events = AuditEvent.objects.filter(action=WorkforceEvent.MAPPING_SAVE.value).order_by("pk")
    assert [e.organisation for e in events] == [orgs["trust_a"], orgs["trust_a"]]
    assert events[1].before == {"name": "Our extract", "mapping": OWN_MAPPING}


def test_a_bad_mapping_is_refused(orgs, analyst):
    person = analyst(orgs["trust_a"])
    with pytest.raises(ValidationProblem) as refused:
        actions.save_mapping(actor=person, organisation=orgs["trust_a"], name="", mapping={"shoe": "Shoe"})
    assert set(refused.value.by_field()) == {"name", "mapping"}
    with pytest.raises(PermissionDenied):
        actions.save_mapping(actor=analyst(orgs["trust_b"]), organisation=orgs["trust_a"], name="X", mapping={})
    assert not ColumnMapping.objects.exists()

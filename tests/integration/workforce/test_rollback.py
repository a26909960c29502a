"""Rolling back a loaded import shows the figures it replaced again, period by period."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from lodestar.core.models import AuditEvent
from lodestar.core.validation import ValidationProblem
from lodestar.workforce import actions
from lodestar.workforce.models import ImportStatus, StaffInPost, WorkforceEvent
from tests.integration.workforce.conftest import staff_in_post_csv

NURSES = "Nurses & health visitors"
SEPTEMBER, OCTOBER = datetime.date(2024, 9, 1), datetime.date(2024, 10, 1)


def month(date: str, headcount: int) -> bytes:
    return staff_in_post_csv([("RA1", "Trust A", NURSES, "Band 5", headcount, headcount)], date=date)


def live_figures():
    return sorted(StaffInPost.objects.filter(live=True).values_list("load_id", "period", "headcount"))


@pytest.fixture
def person(orgs, analyst):
    return analyst(orgs["trust_a"])


def test_rolling_back_shows_the_replaced_figures_again(orgs, person, load_file):
    first = load_file(person, orgs["trust_a"], month("2024-09-30", 12))
    second = load_file(person, orgs["trust_a"], month("2024-09-30", 20))
    rolled = actions.roll_back(actor=person, workforce_import=second)
    assert rolled.status == ImportStatus.ROLLED_BACK
    assert (rolled.rolled_back_by, rolled.rolled_back_at is not None) == (person, True)
    assert live_figures() == [(first.pk, SEPTEMBER, 12)]
    event = AuditEvent.objects.get(action=WorkforceEvent.IMPORT_ROLLBACK.value)
    assert (event.actor, event.organisation, event.target_id) == (person, orgs["trust_a"], str(second.pk))
    assert event.after["restored"] == {"StaffInPost": [first.pk]}


def test_rolling_back_restores_each_period_from_its_own_earlier_import(orgs, person, load_file):
    september = load_file(person, orgs["trust_a"], month("2024-09-30", 12))
    october = load_file(person, orgs["trust_a"], month("2024-10-31", 13))
    both = load_file(
        person,
        orgs["trust_a"],
        month("2024-09-30", 30) + month("2024-10-31", 31).split(b"\n", 1)[1],
    )
    assert live_figures() == [(both.pk, SEPTEMBER, 30), (both.pk, OCTOBER, 31)]
    actions.roll_back(actor=person, workforce_import=both)
    assert live_figures() == [(september.pk, SEPTEMBER, 12), (october.pk, OCTOBER, 13)]


def test_rolling_back_the_only_import_leaves_no_figures(orgs, person, load_file):
    only = load_file(person, orgs["trust_a"], month("2024-09-30", 12))
    actions.roll_back(actor=person, workforce_import=only)
    assert live_figures() == []


def test_rolling_back_a_new_period_leaves_the_earlier_ones(orgs, person, load_file):
    september = load_file(person, orgs["trust_a"], month("2024-09-30", 12))
    october = load_file(person, orgs["trust_a"], month("2024-10-31", 13))
    actions.roll_back(actor=person, workforce_import=october)
    assert live_figures() == [(september.pk, SEPTEMBER, 12)]


def test_a_rolled_back_import_is_never_restored(orgs, person, load_file):
    load_file(person, orgs["trust_a"], month("2024-09-30", 12))
    second = load_file(person, orgs["trust_a"], month("2024-09-30", 20))
    third = load_file(person, orgs["trust_a"], month("2024-09-30", 25))
    actions.roll_back(actor=person, workforce_import=second)  # replaced already: nothing to show again
    assert live_figures() == [(third.pk, SEPTEMBER, 25)]
    actions.roll_back(actor=person, workforce_import=third)
    assert [row[2] for row in live_figures()] == [12]


def test_only_a_loaded_import_can_be_rolled_back(orgs, person, load_file):
    refused = load_file(person, orgs["trust_a"], b"Name,Shoe size,Colour\nAda,5,Blue\n")
    with pytest.raises(ValidationProblem) as problem:
        actions.roll_back(actor=person, workforce_import=refused)
    assert problem.value.message == (
        'This import cannot be rolled back: its status is "Not loaded: the file has problems"'
    )


def test_someone_outside_the_organisation_cannot_roll_back(orgs, person, analyst, load_file):
    loaded = load_file(person, orgs["trust_a"], month("2024-09-30", 12))
    with pytest.raises(PermissionDenied):
        actions.roll_back(actor=analyst(orgs["trust_b"]), workforce_import=loaded)
    assert live_figures() == [(loaded.pk, SEPTEMBER, 12)]


def test_an_edition_split_into_two_files_loads_side_by_side_and_rolls_back_alone(orgs, person, load_file):
    """NHS Workforce Statistics publishes medical staff and all other staff as separate files for one
    month: the second file adds its staff groups, it does not replace the first file's."""
    doctors = "HCHS doctors"
    others = load_file(person, orgs["trust_a"], month("2024-09-30", 12))
    medical = load_file(
        person,
        orgs["trust_a"],
        staff_in_post_csv([("RA1", "Trust A", doctors, "Non AfC Grade", 7, 7)], date="2024-09-30"),
    )
    assert (others.status, medical.status) == (ImportStatus.LOADED, ImportStatus.LOADED)
    live = sorted(StaffInPost.objects.filter(live=True).values_list("staff_group", "headcount"))
    assert live == [(doctors, 7), (NURSES, 12)]
    assert medical.summary["replaces"] == []

    corrected = load_file(person, orgs["trust_a"], month("2024-09-30", 14))
    assert [r["import"] for r in corrected.summary["replaces"]] == [others.pk]
    live = sorted(StaffInPost.objects.filter(live=True).values_list("load_id", "staff_group", "headcount"))
    assert live == [(medical.pk, doctors, 7), (corrected.pk, NURSES, 14)]

    actions.roll_back(actor=person, workforce_import=corrected)
    live = sorted(StaffInPost.objects.filter(live=True).values_list("load_id", "staff_group", "headcount"))
    assert live == sorted([(others.pk, NURSES, 12), (medical.pk, doctors, 7)])

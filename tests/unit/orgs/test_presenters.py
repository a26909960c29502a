"""The audit log speaks plain English for every app's events, not internal codes."""

import pytest

from lodestar.orgs.presenters import action_label, field_label, value_text


@pytest.mark.parametrize(
    ("action", "label"),
    [
        ("plans.progress.add", "Progress update added"),
        ("workshop.shortlist.confirm", "Workshop shortlist confirmed"),
        ("intervention.retire", "Intervention retired"),
        ("api_token.revoke", "API token revoked"),
        ("membership.add", "Member added"),
        # Not listed yet: still readable, no dots or underscores.
        ("plans.risk_log.add_entry", "Plans risk log: add entry"),
    ],
)
def test_action_labels_read_as_words(action, label):
    assert action_label(action) == label


@pytest.mark.parametrize(
    ("field", "label"),
    [("progress.date", "Progress date"), ("lead_organisation_id", "Lead organisation"), ("ods_code", "ODS code")],
)
def test_field_labels_read_as_words(field, label):
    assert field_label(field) == label


def test_stored_choices_read_as_words_but_free_text_is_untouched():
    assert value_text("status", "not_started") == "Not started"
    assert value_text("status", "done") == "Done"
    assert value_text("unit", "people") == "people"
    assert value_text("email", "first_last@example.nhs.uk") == "first_last@example.nhs.uk"
    assert value_text("text", "Passport published") == "Passport published"
    assert value_text("type", "nhs_trust") == "NHS trust"

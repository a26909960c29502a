"""Organisation actions validate their own input; the web form, the import file and the action
itself give the same answer (one rule, one place), and nothing is written or audited on refusal."""

from __future__ import annotations

import html
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from lodestar.core.models import AuditEvent
from lodestar.core.validation import ValidationProblem
from lodestar.orgs import actions, importers
from lodestar.orgs.models import Organisation
from tests.factories import member

pytestmark = pytest.mark.django_db

FORMULA = "Name must start with a letter or number, not = + - @ (spreadsheet formulas are not allowed)"
BAD_CODE = "ODS code 'R-1' must contain only letters and numbers"


def _refused(**details) -> list[tuple[str, str]]:
    with pytest.raises(ValidationProblem) as exc:
        actions.create_organisation(actor=None, **{"name": "Good Trust", "type": "nhs_trust", **details})
    return exc.value.problems


def _form_errors(client, orgs, **details) -> str:
    client.force_login(member(orgs["ics_a"], "org_admin"))
    data = {"name": "Good Trust", "type": "nhs_trust", "ods_code": "", **details}
    response = client.post(f"/organisations/{orgs['ics_a'].pk}/add/", data)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _import_errors(**details) -> list[str]:
    row = {"code": "R55", "name": "Good Trust", "type": "nhs_trust", "parent_code": "", **details}
    line = ",".join(f'"{row[c]}"' for c in importers.COLUMNS)
    return importers.validate("code,name,type,parent_code\n" + line + "\n").errors


@pytest.mark.parametrize("name", ["=HYPERLINK(1)", "+44 1234", "-Trust", "@SUM(A1)"])
def test_a_formula_like_name_gets_the_same_answer_everywhere(client, orgs, name):
    assert _refused(name=name) == [("name", FORMULA)]
    assert FORMULA in _form_errors(client, orgs, name=name)
    assert _import_errors(name=name) == ["Row 2: name" + FORMULA.removeprefix("Name") + "."]
    assert not Organisation.objects.filter(name=name).exists()


def test_a_bad_ods_code_gets_the_same_answer_everywhere(client, orgs):
    assert _refused(ods_code="r-1") == [("ods_code", BAD_CODE)]
    assert BAD_CODE in _form_errors(client, orgs, ods_code="r-1")
    assert _import_errors(code="r-1") == ["Row 2: code" + BAD_CODE.removeprefix("ODS code") + "."]


def test_an_ods_code_in_use_gets_the_same_answer_from_the_form_and_the_action(client, orgs):
    message = "ODS code RB1 is already used by another organisation"
    assert _refused(ods_code="rb1") == [("ods_code", message)]
    assert message in _form_errors(client, orgs, ods_code="RB1")
    # In a file the code is the key: an existing code updates that organisation instead.


def test_every_rule_is_reported_at_once_and_nothing_is_written(orgs):
    before = (Organisation.objects.count(), AuditEvent.objects.count())
    problems = _refused(name="", type="hospital", ods_code="ABCDEFGHIJKLM")
    assert problems == [
        ("name", "Enter the organisation's name"),
        ("type", "Choose the type of organisation"),
        ("ods_code", "ODS code 'ABCDEFGHIJKLM' must be 12 characters or fewer"),
    ]
    assert _refused(name="x" * 201) == [("name", "Name must be 200 characters or fewer")]
    assert _refused(name="Bad\x00name") == [("name", "Name must not contain control characters")]
    assert (Organisation.objects.count(), AuditEvent.objects.count()) == before


def test_create_tidies_the_name_and_code_and_records_the_audit_row(orgs):
    org = actions.create_organisation(actor=None, name=" New \n  Trust ", type="nhs_trust", ods_code=" r77 ")
    assert (org.name, org.ods_code) == ("New Trust", "R77")
    event = AuditEvent.objects.get(action="organisation.create")
    assert event.after == {"name": "New Trust", "type": "nhs_trust", "ods_code": "R77", "parent": None}


def test_update_checks_only_what_changes_and_refuses_a_loop_by_field(orgs):
    with pytest.raises(actions.ActionError) as exc:
        actions.update_organisation(actor=None, organisation=orgs["ics_a"], parent=orgs["practice_a"])
    assert exc.value.problems == [("parent", "ICS A cannot sit beneath itself or one of its own organisations")]
    with pytest.raises(ValidationProblem, match="already used"):
        actions.update_organisation(actor=None, organisation=orgs["trust_a"], ods_code="RB1")
    assert not AuditEvent.objects.exists()
    actions.update_organisation(actor=None, organisation=orgs["trust_a"], ods_code="RA1", name="Trust A")
    assert not AuditEvent.objects.exists()  # its own code is not a clash; nothing changed, nothing recorded


# ---------------------------------------------------------------------------- hostile files, end to end


def _command(path) -> list[str]:
    err = StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_organisations", str(path), stdout=StringIO(), stderr=err)
    return err.getvalue().splitlines()


def test_a_100000_row_file_is_refused_at_row_1002_and_nothing_is_written(tmp_path):
    path = tmp_path / "big.csv"
    path.write_text("code,name,type,parent_code\n" + "".join(f"R{i},Trust {i},nhs_trust,\n" for i in range(100_000)))
    assert _command(path) == [
        "Row 1002: the file has more than 1,000 rows; the most is 1,000. Split it into smaller files and import each one."
    ]
    assert not Organisation.objects.exists()


def test_a_200kb_field_and_a_nul_byte_name_their_rows(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_bytes(b"code,name,type,parent_code\nR1," + b"x" * 200_000 + b",nhs_trust,\nR2,Bad\x00Trust,nhs_trust,\n")
    assert _command(path) == [
        "Row 2: column name is longer than 10,000 characters.",
        "Row 3: column name contains a control character. Retype the value and try again.",
    ]
    assert not Organisation.objects.exists()


def test_an_xlsx_file_imports_and_its_messages_name_the_column_letter(tmp_path, orgs):
    from lodestar.core.tabular import to_xlsx

    path = tmp_path / "orgs.xlsx"
    columns = ["Code", "Name", "Type", "Parent code"]
    path.write_bytes(to_xlsx(columns, [["r56", "New Trust", "NHS trust", "QA1"], ["R57", "", "nhs_trust", ""]]))
    assert _command(path) == ["Row 3: name (B) is missing."]
    path.write_bytes(to_xlsx(columns, [["r56", "New Trust", "NHS trust", "QA1"]]))
    call_command("import_organisations", str(path), stdout=StringIO())
    assert Organisation.objects.get(ods_code="R56").parent == orgs["ics_a"]

"""import_organisations: a good file imports (and again idempotently); a bad file lists every problem and writes nothing."""

import pytest
from django.core.management import CommandError, call_command

from lodestar.core.models import AuditEvent
from lodestar.orgs.models import Organisation

pytestmark = pytest.mark.django_db

GOOD = """code,name,type,parent_code
Y99,North Test Region,Region,
Q99,Coast ICS,integrated care system,Y99
R99,Coast Hospitals NHS Trust,NHS trust,Q99
U99,Coast PCN,pcn,Q99
P99,Harbour Surgery,GP practice,U99
L99,Coast Council,local_authority,Q99
"""

BAD = """code,name,type,parent_code
Q98,Bay ICS,ics,Y01
R98,Bay Hospital,hospital,Q98
R97,,nhs_trust,Q98
R96,Bay Care,care provider,ZZZ
R98,Bay Hospital again,nhs_trust,Q98
A1,Loop one,voluntary,A2
A2,Loop two,voluntary,A1
"""


def _write(tmp_path, text, name="orgs.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("import_organisations", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_good_file_imports_with_hierarchy_and_audit(tmp_path):
    out, _ = _run(_write(tmp_path, GOOD))
    assert "6 new, 0 updated, 0 unchanged" in out
    practice = Organisation.objects.get(ods_code="P99")
    assert practice.type == "gp_practice"
    assert [o.ods_code for o in practice.ancestors] == ["Y99", "Q99", "U99"]
    assert AuditEvent.objects.filter(action="organisation.import").count() == 6


def test_importing_again_updates_by_code_and_is_idempotent(tmp_path):
    path = _write(tmp_path, GOOD)
    _run(path)
    out, _ = _run(path)
    assert "0 new, 0 updated, 6 unchanged" in out
    assert Organisation.objects.count() == 6
    assert AuditEvent.objects.count() == 6

    changed = GOOD.replace("Harbour Surgery,GP practice,U99", "Harbour Medical Centre,GP practice,Q99")
    out, _ = _run(_write(tmp_path, changed, "changed.csv"))
    assert "0 new, 1 updated, 5 unchanged" in out
    practice = Organisation.objects.get(ods_code="P99")
    assert practice.name == "Harbour Medical Centre" and practice.parent.ods_code == "Q99"
    event = AuditEvent.objects.filter(action="organisation.import").first()
    assert event.before["name"] == "Harbour Surgery" and event.after["parent"] == "Coast ICS"


def test_parent_can_be_already_in_lodestar(tmp_path, orgs):
    _run(_write(tmp_path, "code,name,type,parent_code\nR55,New Trust,nhs_trust,qa1\n"))
    assert Organisation.objects.get(ods_code="R55").parent == orgs["ics_a"]


def test_bad_rows_are_all_reported_and_nothing_is_written(tmp_path, orgs):
    before_orgs, before_events = Organisation.objects.count(), AuditEvent.objects.count()
    with pytest.raises(CommandError, match="6 problems in orgs.csv. Nothing was imported."):
        _run(_write(tmp_path, BAD))
    assert Organisation.objects.count() == before_orgs
    assert AuditEvent.objects.count() == before_events


def test_each_problem_names_its_row(tmp_path, orgs, capsys):
    from io import StringIO

    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_organisations", _write(tmp_path, BAD), stdout=StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert lines[0].startswith("Row 3: type 'hospital' is not one of: National body (national_body)")
    assert "Row 4: name is missing." in lines
    assert "Row 5: parent code 'ZZZ' not found in the file or in Lodestar." in lines
    assert "Row 6: code 'R98' is a duplicate of row 3." in lines
    assert any(line.startswith("Row 7: parent code 'A2' makes a loop (A1 > A2 > A1)") for line in lines)
    assert any(line.startswith("Row 8: parent code 'A1' makes a loop") for line in lines)


def test_loop_through_organisations_already_in_lodestar_is_refused(tmp_path, orgs):
    # Moving the region beneath Trust A (which is beneath the region) would make a loop.
    with pytest.raises(CommandError):
        _run(_write(tmp_path, "code,name,type,parent_code\nY01,Test Region,region,RA1\n"))
    orgs["region"].refresh_from_db()
    assert orgs["region"].parent is None


def test_missing_columns_and_empty_files(tmp_path):
    with pytest.raises(CommandError):
        _run(_write(tmp_path, "code,name\nX1,Thing\n"))
    with pytest.raises(CommandError):
        _run(_write(tmp_path, ""))
    with pytest.raises(CommandError, match="File not found"):
        _run(str(tmp_path / "missing.csv"))
    assert Organisation.objects.count() == 0


def test_dry_run_reports_and_writes_nothing(tmp_path):
    out, _ = _run(_write(tmp_path, GOOD), "--dry-run")
    assert "Dry run: 6 new, 0 updated, 0 unchanged. Nothing was written." in out
    assert Organisation.objects.count() == 0 and AuditEvent.objects.count() == 0


def test_loop_message_names_the_chain(orgs):
    from lodestar.orgs import importers

    result = importers.validate("code,name,type,parent_code\nY01,Test Region,region,RA1\n")
    assert result.errors == ["Row 2: parent code 'RA1' makes a loop (Y01 > RA1 > QA1 > Y01)."]


def test_codes_must_be_letters_and_numbers_and_names_cannot_be_spreadsheet_formulas(tmp_path):
    from io import StringIO

    text = """code,name,type,parent_code
R 1,Space Trust,nhs_trust,
=CMD,Formula Code Trust,nhs_trust,
R2,"=HYPERLINK(""http://evil.example"",""Click"")",nhs_trust,
R3,@SUM(A1),nhs_trust,
R4,"Line
Break   Trust",nhs_trust,
"""
    err = StringIO()
    with pytest.raises(CommandError, match="4 problems"):
        call_command("import_organisations", _write(tmp_path, text), stdout=StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert "Row 2: code 'R 1' must contain only letters and numbers." in lines
    assert "Row 3: code '=CMD' must contain only letters and numbers." in lines
    # The rule is the action's (the web form gives the same words): "must start with a letter or number, not = + - @".
    assert any(line.startswith("Row 4: name must start with a letter or number, not = + - @") for line in lines)
    assert any(line.startswith("Row 5: name must start with a letter or number, not = + - @") for line in lines)
    assert not Organisation.objects.exists()

    # Line breaks and runs of spaces inside a name are tidied, as on the web form.
    _run(_write(tmp_path, 'code,name,type,parent_code\nR4,"Line\nBreak   Trust",nhs_trust,\n'))
    assert Organisation.objects.get(ods_code="R4").name == "Line Break Trust"

"""`lodestar import`: a workforce data file checked and loaded from the command line, with what
was detected, rows, months and problems printed, and exit codes 0 loaded, 1 refused, 2 usage."""

from __future__ import annotations

import pytest

from lodestar.cli import main
from lodestar.workforce.models import ImportStatus, StaffInPost, WorkforceImport
from tests.factories import UserFactory, member

pytestmark = pytest.mark.django_db

HEADER = (
    "Date,NHSE_Region_Name,ICS name,Org code,Org name,Main Staff Group,Staff Group 1,Staff Group 2,"
    "Care Setting,Level,AfC Band,Total FTE,Total Headcount\n"
)
ROW = (
    "2024-09-30,London,ICS A,RA1,Trust A,01_Professionally qualified clinical staff,"
    "005_Nurses & health visitors,012_Acute nurses,Acute,Registered,{band},{fte},{hc}\n"
)


@pytest.fixture(autouse=True)
def import_dir(settings, tmp_path):
    settings.LODESTAR_IMPORT_DIR = tmp_path / "imports"


@pytest.fixture
def good(tmp_path):
    path = tmp_path / "staff-in-post-sep-2024.csv"
    path.write_text(
        HEADER + ROW.format(band="Band 5", fte="120.5", hc="130") + ROW.format(band="Band 6", fte=80, hc=84)
    )
    return path


@pytest.fixture
def bad(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        HEADER + ROW.format(band="Band 5", fte="120.5", hc="130") + ROW.format(band="Band 6", fte="eighty", hc=84)
    )
    return path


@pytest.fixture
def analyst(orgs):
    return member(orgs["trust_a"], "analyst", email="ann@example.nhs.uk")


def run_cli(capsys, *args) -> tuple[int, str, str]:
    code = main(["import", *(str(a) for a in args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_good_file_is_loaded_with_what_was_found_printed(capsys, good, analyst):
    code, out, err = run_cli(capsys, good, "--organisation", "ra1", "--as", "ann@example.nhs.uk")
    assert code == 0, err + out
    assert "staff-in-post-sep-2024.csv: Loaded" in out
    assert "detected: Lodestar read this file as NHS Workforce Statistics: staff in post" in out
    assert "rows: 2" in out and "months: September 2024" in out
    assert "whose data: Trust A (RA1)" in out
    load = WorkforceImport.objects.get()
    assert load.status == ImportStatus.LOADED and load.uploaded_by == analyst
    assert StaffInPost.objects.filter(live=True, load=load).count() == 2


def test_the_same_file_again_changes_nothing_and_exits_0(capsys, good, analyst):
    assert run_cli(capsys, good, "--organisation", "RA1", "--as", "ann@example.nhs.uk")[0] == 0
    code, out, _ = run_cli(capsys, good, "--organisation", "RA1", "--as", "ann@example.nhs.uk")
    assert code == 0
    assert "already loaded" in out
    assert StaffInPost.objects.filter(live=True).count() == 2


def test_a_file_with_problems_is_refused_with_row_and_column_and_exit_1(capsys, bad, analyst):
    code, out, _ = run_cli(capsys, bad, "--organisation", "RA1", "--as", "ann@example.nhs.uk")
    assert code == 1
    assert "1 problem:" in out
    assert "  row 3, Total FTE: " in out
    assert not StaffInPost.objects.exists()


def test_check_only_prints_the_check_and_stores_nothing(capsys, good, bad, orgs):
    code, out, _ = run_cli(capsys, good, "--check-only")
    assert code == 0
    assert "staff-in-post-sep-2024.csv: NHS Workforce Statistics: staff in post" in out
    assert "rows: 2" in out and "months: September 2024" in out and "nothing was loaded" in out
    code, out, _ = run_cli(capsys, bad, "--check-only")
    assert code == 1 and "row 3, Total FTE" in out
    assert not WorkforceImport.objects.exists()


def test_a_national_file_needs_platform_staff(capsys, good, analyst):
    code, _, err = run_cli(capsys, good, "--as", "ann@example.nhs.uk")
    assert code == 2
    assert "may not load published national workforce data" in err
    UserFactory(email="platform@example.nhs.uk", is_platform_staff=True)
    code, out, _ = run_cli(capsys, good, "--as", "platform@example.nhs.uk")
    assert code == 0, out
    assert "whose data: Published national statistics" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.csv", "--as", "ann@example.nhs.uk"], "missing.csv: no such file"),
        (["{good}"], "give --as EMAIL"),
        (["{good}", "--as", "nobody@example.nhs.uk"], "no one uses Lodestar with that email address"),
        (
            ["{good}", "--organisation", "ZZ9", "--as", "ann@example.nhs.uk"],
            "no organisation in Lodestar has that ODS code",
        ),
        (["{good}", "--period", "Sept 2024", "--as", "ann@example.nhs.uk"], "--period must be a month written YYYY-MM"),
    ],
)
def test_bad_usage_is_a_message_and_exit_2(capsys, good, analyst, args, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(capsys, *(a.format(good=good) for a in args))
    assert code == 2
    assert message in err and "Traceback" not in err
    assert not WorkforceImport.objects.exists()


def test_an_unknown_source_is_refused_by_the_parser(capsys, good):
    with pytest.raises(SystemExit) as stop:
        run_cli(capsys, good, "--source", "payroll")
    assert stop.value.code == 2
    assert "invalid choice: 'payroll'" in capsys.readouterr().err

"""How an import is shown on the import pages, the CLI and the API: its status in words and
colour, its periods as months, its file's fingerprint shortened, and its preview (``summary``)
read into lists a template loops over without computing anything."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.utils.formats import date_format

from lodestar.workforce.models import ImportStatus, Source, WorkforceImport

IN_PROGRESS = (ImportStatus.QUEUED, ImportStatus.CHECKING, ImportStatus.LOADING)
FINISHED = (ImportStatus.LOADED, ImportStatus.REFUSED, ImportStatus.FAILED, ImportStatus.UNCHANGED)
TAGS = {
    ImportStatus.QUEUED: "nhsuk-tag--grey",
    ImportStatus.CHECKING: "nhsuk-tag--blue",
    ImportStatus.READY: "nhsuk-tag--yellow",
    ImportStatus.LOADING: "nhsuk-tag--blue",
    ImportStatus.LOADED: "nhsuk-tag--green",
    ImportStatus.REFUSED: "nhsuk-tag--red",
    ImportStatus.FAILED: "nhsuk-tag--red",
    ImportStatus.UNCHANGED: "nhsuk-tag--grey",
    ImportStatus.CANCELLED: "nhsuk-tag--grey",
    ImportStatus.ROLLED_BACK: "nhsuk-tag--orange",
}
SHORT_SHA = 12


def month(value) -> str:
    """An ISO date (or date) as "September 2024"; anything else as given."""
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, datetime.date):
        return date_format(value, "F Y")
    return str(value)


def periods_text(periods) -> str:
    months = [month(p) for p in sorted(periods or [])]
    if len(months) > 4:
        return f"{len(months)} months, {months[0]} to {months[-1]}"
    return ", ".join(months) or "None"


@dataclass
class ImportPresenter:
    load: WorkforceImport

    @property
    def pk(self) -> int:
        return self.load.pk

    @property
    def status(self) -> str:
        return self.load.status

    @property
    def status_label(self) -> str:
        return self.load.get_status_display()

    @property
    def tag(self) -> str:
        return TAGS.get(self.load.status, "nhsuk-tag--grey")

    @property
    def in_progress(self) -> bool:
        return self.load.status in IN_PROGRESS

    @property
    def ready(self) -> bool:
        return self.load.status == ImportStatus.READY

    @property
    def loaded(self) -> bool:
        return self.load.status == ImportStatus.LOADED

    @property
    def source_label(self) -> str:
        if not self.load.source:
            return "Not known yet" if self.in_progress else "Not recognised"
        return Source(self.load.source).label

    @property
    def owner(self) -> str:
        organisation = self.load.organisation
        if organisation is None:
            return "Published national statistics (everyone can see them)"
        return f"{organisation.name} ({organisation.ods_code})"

    @property
    def uploaded_by(self) -> str:
        person = self.load.uploaded_by
        return person.display_name if person else "Someone who no longer uses Lodestar"

    @property
    def sha_short(self) -> str:
        return self.load.sha256[:SHORT_SHA]

    @property
    def periods(self) -> str:
        return periods_text(self.load.periods)

    @property
    def progress(self) -> int:
        return max(0, min(100, int(self.load.progress or 0)))

    @property
    def stage(self) -> str:
        """What is happening now, for the progress bar's words."""
        return {
            ImportStatus.QUEUED: "Waiting for its turn to be checked",
            ImportStatus.CHECKING: "Checking the file",
            ImportStatus.LOADING: "Loading the figures",
        }.get(self.load.status, self.status_label)

    @property
    def problems(self) -> list[dict]:
        return [
            {"row": p.get("row"), "column": p.get("column") or "", "message": p.get("message", "")}
            for p in self.load.problems or []
        ]

    @cached_property
    def summary(self) -> dict:
        return self.load.summary if isinstance(self.load.summary, dict) else {}

    @property
    def organisations(self) -> dict:
        value = self.summary.get("organisations")
        return value if isinstance(value, dict) else {}

    @property
    def matched(self) -> int:
        """How many of the file's organisation codes are organisations in Lodestar."""
        return int(self.organisations.get("matched") or 0)

    @property
    def unmatched(self) -> list[str]:
        """The first codes that are not (their figures are kept under the code)."""
        return [str(code) for code in self.organisations.get("unmatched") or []]

    @property
    def unmatched_count(self) -> int:
        return int(self.organisations.get("unmatched_count") or len(self.unmatched))

    @property
    def replaces(self) -> list[str]:
        """Sentences about the loaded figures this import replaces."""
        out = []
        for item in self.summary.get("replaces") or []:
            if isinstance(item, dict):
                out.append(item.get("text") or f"Import {item.get('import')} ({item.get('file_name', '')})")
            else:
                out.append(str(item))
        return out

    @property
    def same_as(self) -> str:
        """For an unchanged file: which loaded import it is the same as, in a sentence."""
        return str(self.summary.get("text") or "")

    @property
    def totals(self) -> dict:
        """{"headings": [...], "rows": [[month, figure...]]}: the main figures per month."""
        totals = self.summary.get("totals")
        if not isinstance(totals, dict) or not totals:
            return {}
        names = []
        for figures in totals.values():
            for name in figures or {}:
                if name not in names:
                    names.append(name)
        rows = []
        for period in sorted(totals):
            figures = totals[period] or {}
            rows.append([month(period), *(_number(figures.get(name)) for name in names)])
        return {"headings": ["Month", *(TOTAL_WORDS.get(n, n.replace("_", " ")) for n in names)], "rows": rows}

    @property
    def records(self) -> list[tuple[str, str]]:
        """For staff records: snapshots, people, cohorts and flows counted (never the records)."""
        records = self.summary.get("records")
        if not isinstance(records, dict):
            return []
        words = {"snapshots": "Snapshots", "persons": "People", "cohorts": "Cohorts", "flows": "Flows"}
        out = []
        for key, value in records.items():
            shown = ", ".join(month(v) for v in value) if isinstance(value, list) else _number(value)
            out.append((words.get(key, key.capitalize()), shown))
        return out


TOTAL_WORDS = {
    "headcount": "Headcount",
    "fte": "FTE",
    "joiners_hc": "Joiners (headcount)",
    "leavers_hc": "Leavers (headcount)",
    "vacancies_fte": "Vacancies (FTE)",
    "total_patients": "Registered patients",
    "gp_fte": "GP FTE",
    "population": "Population",
}


def _number(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    if isinstance(value, (int, float)):
        return f"{int(value):,}"
    return str(value)

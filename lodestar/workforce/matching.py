"""Which Lodestar organisation each figure is about, by its code (``Organisation.ods_code``).

* A published national file (an import without ``organisation``) may name any organisation:
  codes Lodestar knows are tied to that organisation; the others are kept with no organisation
  and listed in the preview (``Match.unmatched``).
* An organisation's own file may only hold figures for that organisation or those beneath it:
  any other code is a problem, named by the file's row and column (``outside_problems``), and
  nothing is loaded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import polars as pl

from lodestar.ingest.common import MAX_PROBLEMS, ROW, Problem, RawTable
from lodestar.orgs.models import Organisation
from lodestar.workforce.models import Figure, GPPractice, Population, StaffFlow, StaffInPost, Turnover, Vacancy

# The column of each figure table that names the organisation (or area) a row is about.
CODE_COLUMN: dict[type[Figure], str] = {
    StaffInPost: "org_code",
    Turnover: "org_code",
    StaffFlow: "org_code",
    Vacancy: "area_code",
    GPPractice: "prac_code",
    Population: "area_code",
}
# Tables whose codes are not ODS codes (ONS areas): never a reason to refuse an organisation's file.
NOT_ODS = {Population}


@dataclass
class Match:
    ids: dict[str, int] = field(default_factory=dict)  # code -> organisation id, for codes Lodestar knows
    unmatched: list[str] = field(default_factory=list)  # codes no organisation has
    outside: list[str] = field(default_factory=list)  # codes beyond the import's organisation (own files)


def codes_of(frames: dict[type[Figure], pl.DataFrame], *, ods_only: bool = False) -> set[str]:
    codes: set[str] = set()
    for model, frame in frames.items():
        if ods_only and model in NOT_ODS:
            continue
        codes.update(c for c in frame.get_column(CODE_COLUMN[model]).unique().to_list() if c)
    return codes


def match(frames: dict[type[Figure], pl.DataFrame], owner: Organisation | None) -> Match:
    """Each code of ``frames`` to an organisation; for ``owner``'s own file, the codes outside it."""
    codes = codes_of(frames)
    known = {
        code.upper(): (pk, path)
        for code, pk, path in Organisation.objects.filter(ods_code__in=sorted(codes)).values_list(
            "ods_code", "pk", "path"
        )
    }
    result = Match(
        ids={code: known[code.upper()][0] for code in codes if code.upper() in known},
        unmatched=sorted(code for code in codes if code.upper() not in known),
    )
    if owner is not None:
        result.outside = sorted(
            code
            for code in codes_of(frames, ods_only=True)
            if code.upper() not in known or not known[code.upper()][1].startswith(owner.path)
        )
    return result


def outside_problems(table: RawTable, codes: Iterable[str], owner: Organisation) -> list[Problem]:
    """A problem for each row of the file holding one of ``codes``, naming the row and the column
    (the first column in which the codes appear, preferring one whose name says it is a code)."""
    wanted = sorted({c.upper() for c in codes})
    message = (
        f'"{{code}}" is not {owner.name} or an organisation beneath it: a file loaded for {owner.name} '
        "may only hold its own figures"
    )
    frame = table.frame
    columns = sorted((c for c in table.header if c in frame.columns), key=lambda c: ("code" not in c, c))
    for column in columns:
        hits = frame.select(ROW, pl.col(column).str.strip_chars().str.to_uppercase().alias("_code")).filter(
            pl.col("_code").is_in(wanted)
        )
        if hits.height:
            rows = hits.sort(ROW).head(MAX_PROBLEMS).iter_rows(named=True)
            problems = [Problem(r[ROW], table.label(column), message.format(code=r["_code"])) for r in rows]
            if hits.height > MAX_PROBLEMS:
                more = hits.height - MAX_PROBLEMS
                problems.append(Problem(None, None, f"and {more:,} more rows for organisations outside {owner.name}"))
            return problems
    return [Problem(None, None, message.format(code=code)) for code in wanted[:MAX_PROBLEMS]]

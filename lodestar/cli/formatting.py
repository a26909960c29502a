"""Turning results into text, JSON and spreadsheets: aligned tables, numbers as people write them, JSON without NaN."""

from __future__ import annotations

import io
import json
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl


def _clean(value: Any) -> Any:
    """JSON-safe: NaN and infinity become null (JSON has no NaN); everything else unchanged (not rounded)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def to_json(data: Any) -> str:
    return json.dumps(_clean(data), indent=2, ensure_ascii=False) + "\n"


def text_table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[bool] | None = None) -> str:
    """A plain aligned text table: header, a dashed rule, then rows; numbers right-aligned."""
    right = list(right) if right is not None else [False] * len(headers)
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))

    def line(cells: Sequence[str]) -> str:
        parts = [c.rjust(w) if r else c.ljust(w) for c, w, r in zip(cells, widths, right, strict=True)]
        return "  ".join(parts).rstrip()

    out = [line(headers), line(["-" * w for w in widths])]
    out += [line(row) for row in rows]
    return "\n".join(out) + "\n"


def fmt_number(value: Any, decimals: int = 2) -> str:
    """A result figure: thousands separators and a fixed number of decimals; blank for none or NaN."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        return f"{value:,.{decimals}f}"
    return str(value)


def fmt_plain(value: float | None) -> str:
    """An input-like figure as the user would write it: 18,000 or 7.5, never 18,000.00."""
    if value is None:
        return ""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


def frame_table(df: pl.DataFrame) -> str:
    """A Polars frame as a plain text table with every row and column (no truncation)."""
    headers = list(df.columns)
    right = [df.schema[c].is_numeric() for c in headers]
    decimals = {c: (3 if "probability" in c else 1) for c in headers}
    whole = {c for c in headers if df.schema[c].is_integer()}  # years and steps: no thousands separator
    rows = []
    for record in df.iter_rows(named=True):
        rows.append(
            [
                ("" if record[c] is None else str(record[c])) if c in whole else fmt_number(record[c], decimals[c])
                for c in headers
            ]
        )
    return text_table(headers, rows, right)


def frames_xlsx(tables: Mapping[str, pl.DataFrame], about: Sequence[tuple[str, Any]]) -> bytes:
    """A workbook with one sheet per table (bold, frozen header row) and an `about` sheet of name-value rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for key, df in tables.items():
        ws = wb.create_sheet(title=key[:31])
        ws.append(list(df.columns))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in df.iter_rows():
            ws.append([None if isinstance(v, float) and not math.isfinite(v) else v for v in row])
        ws.freeze_panes = "A2"
        for i, col in enumerate(df.columns, start=1):
            ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = max(10, len(col) + 2)
    sheet = wb.create_sheet(title="about")
    for name, value in about:
        sheet.append([name, value])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()

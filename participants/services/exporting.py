"""Export of the mentor and mentee bases to XLSX and CSV with formula (CSV)
injection neutralised in every cell (issue 3 item 9).

Why not django-import-export's own option
------------------------------------------
``IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True`` (import_export 4.4,
``formats/base_formats.py``, ``TablibFormat._escape_formulae``) does this to
the data rows only, and only when the admin's format classes write the file::

    s.replace("=", "", 1) if s.startswith("=") else s   # over str(cell)

That is not enough:

* only a leading ``=`` is handled; ``+``, ``-``, ``@``, tab and CR — which
  Excel and LibreOffice also start a formula (or a DDE call) with, e.g.
  ``+cmd|' /C calc'!A0`` or ``@SUM(1)`` — pass through untouched;
* it *deletes* the first ``=`` instead of quoting it, so ``==HYPERLINK(…)``
  becomes ``=HYPERLINK(…)``, still a live formula, and legitimate text is
  silently changed;
* it does not look past leading spaces (`` =1``), nor at the full-width
  ``＝ ＋ － ＠`` that some spreadsheet programs normalise to ASCII;
* the header row is not touched (``for r in dataset`` walks data rows only);
* it turns every cell into ``str`` (dates and numbers become text in XLSX);
* in XLSX, tablib's writer (``tablib/formats/_xlsx.py``) assigns the value to
  an openpyxl cell, and openpyxl makes any ``str`` starting with ``=`` a
  formula cell (``data_type == "f"``); tablib's own ``escape=True`` again only
  strips one ``=``.

So here every cell, headers included, goes through :func:`neutralise` (OWASP
"CSV Injection": prefix a dangerous first character with «'»), and the XLSX is
written by openpyxl directly with every text cell typed as a string
(``data_type = "s"``), never a formula.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass
from typing import Any

import tablib
from django.utils import timezone
from django.utils.translation import gettext

from mentoring.services import log_action

from ..resources import MenteeExportResource, MentorExportResource

# A text whose first character — or first character after leading whitespace
# and invisible characters — is one of these is taken for a formula by
# spreadsheet programs. OWASP lists = + - @ TAB CR; LF is added because some
# programs strip it like CR, and the full-width forms (U+FF1D, U+FF0B, U+FF0D,
# U+FF20) because spreadsheet programs with East Asian input normalise them to
# ASCII when they parse a cell.
FORMULA_TRIGGERS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
# Invisible characters a reader may drop before parsing: BOM, zero-width space,
# (non-)joiners, word joiner; ``str.lstrip()`` removes ordinary whitespace.
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_DELIMITER = ";"  # what Excel in the Russian locale expects
DATE_FORMAT = "%d.%m.%Y"
XLSX_DATE_FORMAT = "DD.MM.YYYY"
XLSX_MAX_COLUMN_WIDTH = 60

KINDS = ("mentors", "mentees")
FORMATS = ("xlsx", "csv")
RESOURCES = {"mentors": MentorExportResource, "mentees": MenteeExportResource}


@dataclass(frozen=True)
class ExportedFile:
    """An exported base: file name (``mentors-YYYY-MM-DD.xlsx``), MIME type and
    content."""

    filename: str
    content_type: str
    content: bytes
    rows: int


def neutralise(value: Any) -> Any:
    """``value`` made safe for a spreadsheet cell.

    A ``str`` whose first character, or whose first character after leading
    whitespace and invisible characters, is in :data:`FORMULA_TRIGGERS`
    (``= + - @``, TAB, CR, LF, full-width ``＝ ＋ － ＠``) is returned with a
    leading «'», so that no spreadsheet program reads it as a formula; every
    other value (other text, numbers, dates, ``None``) is returned unchanged.
    Idempotent: a neutralised text starts with «'» and is left alone.

    >>> neutralise("=1+1"), neutralise("  @SUM(1)"), neutralise("Иванов"), neutralise(-1)
    ("'=1+1", "'  @SUM(1)", 'Иванов', -1)
    """
    if not isinstance(value, str) or not value:
        return value
    if value[0] in FORMULA_TRIGGERS:
        return "'" + value
    stripped = value.lstrip().lstrip(_INVISIBLE).lstrip()
    if stripped[:1] in FORMULA_TRIGGERS:
        return "'" + value
    return value


def neutralise_dataset(dataset: tablib.Dataset) -> tablib.Dataset:
    """A copy of ``dataset`` with :func:`neutralise` applied to every header
    and every cell."""
    safe = tablib.Dataset(headers=[neutralise(h) for h in dataset.headers or []])
    safe.title = dataset.title
    for row in dataset:
        safe.append([neutralise(value) for value in row])
    return safe


def export_base(
    queryset,
    *,
    kind: str,
    file_format: str,
    actor=None,
    organization=None,
    criteria: dict | None = None,
) -> ExportedFile:
    """The base ``queryset`` as a file; the export is audited.

    ``queryset``: ``Mentor`` rows for ``kind="mentors"`` (as given by
    ``selectors.mentors_visible_to``, ``open_pairs`` annotated), ``Mentee``
    rows for ``kind="mentees"`` (``selectors.mentees_visible_to``, requests
    prefetched), in the order wanted in the file. ``file_format``: ``"xlsx"``
    or ``"csv"``. Columns and values come from ``resources.MentorExportResource``
    / ``MenteeExportResource`` (Russian headers; a minor's phone, e-mail and
    birth date without the representative's consent are «скрыто»). Every cell
    and header is neutralised (:func:`neutralise`).

    CSV: UTF-8 with BOM, «;»-separated, CRLF, dates as ``dd.mm.yyyy`` text.
    XLSX: one sheet written with openpyxl in write-only mode (memory stays flat
    for tens of thousands of rows), text cells typed as strings, dates as real
    dates shown ``DD.MM.YYYY``, the header row frozen.

    Writes the audit entry ``participants.base.exported`` (``organization``,
    ``actor``; data: kind, format, rows, ``criteria`` — the filter parameters):
    personal data leaving the portal is logged. Raises ``ValueError`` for an
    unknown ``kind`` or ``file_format``.
    """
    if kind not in RESOURCES:
        raise ValueError(f"unknown base {kind!r}")
    if file_format not in FORMATS:
        raise ValueError(f"unknown export format {file_format!r}")
    dataset = neutralise_dataset(RESOURCES[kind]().export(queryset))
    if file_format == "csv":
        content, content_type = write_csv(dataset), CSV_CONTENT_TYPE
    else:
        content, content_type = write_xlsx(dataset, title=_sheet_title(kind)), XLSX_CONTENT_TYPE
    filename = f"{kind}-{timezone.localdate():%Y-%m-%d}.{file_format}"
    log_action(
        "participants.base.exported",
        actor=actor,
        organization=organization,
        data={"kind": kind, "format": file_format, "rows": len(dataset), "criteria": criteria or {}},
    )
    return ExportedFile(filename, content_type, content, len(dataset))


def _sheet_title(kind: str) -> str:
    return gettext("Mentor base") if kind == "mentors" else gettext("Mentee base")


def _csv_text(value: Any) -> str:
    """A cell as CSV text: dates ``dd.mm.yyyy``, ``None`` empty; neutralised
    again because numbers become text here (``-1``)."""
    if value is None:
        return ""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.strftime(DATE_FORMAT)
    return neutralise(str(value))


def write_csv(dataset: tablib.Dataset) -> bytes:
    """``dataset`` (already neutralised) as CSV bytes: UTF-8 with BOM, «;»,
    CRLF line ends, fields quoted when needed — what Excel in the Russian
    locale opens as a table."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow([_csv_text(h) for h in dataset.headers or []])
    for row in dataset:
        writer.writerow([_csv_text(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(dataset: tablib.Dataset, *, title: str) -> bytes:
    """``dataset`` (already neutralised) as an XLSX workbook of one sheet
    ``title``: every ``str`` is a string cell (``data_type "s"``; characters
    XML cannot hold become U+FFFD), dates are date cells, numbers numbers."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    headers = list(dataset.headers or [])
    widths = [len(str(h)) for h in headers]
    for row in dataset:
        for index, value in enumerate(row):
            if isinstance(value, str):
                widths[index] = max(widths[index], min(len(value), XLSX_MAX_COLUMN_WIDTH))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(width, 10) + 2
    sheet.freeze_panes = "A2"

    bold = Font(bold=True)

    def cell(value, *, header=False):
        if value is None or value == "":
            return None  # nothing written
        if isinstance(value, str):
            result = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))
            result.data_type = "s"  # never a formula, whatever the text
        elif isinstance(value, (datetime.date, datetime.datetime)):
            result = WriteOnlyCell(sheet, value=value)
            result.number_format = XLSX_DATE_FORMAT
        elif header:
            result = WriteOnlyCell(sheet, value=value)
        else:
            return value  # a number
        if header:
            result.font = bold
        return result

    sheet.append([cell(h, header=True) for h in headers])
    for row in dataset:
        sheet.append([cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

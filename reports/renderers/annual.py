"""The annual (and monitoring) report as PDF and XLSX (seed 000 §9, 7.2 and 7.7).

Both take the saved Report and the figures gathered by
``reports.services.annual.collect_annual_data``; neither touches the database.
"""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .base import PDF, XLSX, RenderedFile, html_to_pdf

# Sheet names are part of the file's contract (readers look sheets up by name).
SHEET_PAIRS = "Пары"
SHEET_MEETINGS = "Встречи"
SHEET_FEEDBACK = "Обратная связь"
SHEET_INDICATORS = "Показатели"
SHEET_ROADMAP = "Дорожная карта"
SHEETS = (SHEET_PAIRS, SHEET_MEETINGS, SHEET_FEEDBACK, SHEET_INDICATORS, SHEET_ROADMAP)

# A text cell starting with one of these is read as a formula by spreadsheet
# programs (CSV/formula injection); such text is written with a leading «'».
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "DD.MM.YYYY"


def _file_stem(report) -> str:
    return "{kind}-{year}".format(kind=report.kind, year=report.academic_year.title.replace("/", "-"))


def render_annual_pdf(report, data) -> RenderedFile:
    """A4 PDF of the report with Russian headings; template
    ``reports/documents/annual.html``."""
    content = html_to_pdf("reports/documents/annual.html", {"report": report, "data": data})
    return RenderedFile(_file_stem(report) + ".pdf", PDF, content)


def neutralise(value):
    """``value`` safe for a spreadsheet cell: text that a spreadsheet would take
    for a formula gets a leading «'»; everything else is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class _Sheet:
    """Appends neutralised rows to a worksheet and formats dates."""

    def __init__(self, worksheet, widths: tuple[int, ...]):
        self.ws = worksheet
        for index, width in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(index)].width = width

    def row(self, *values) -> None:
        self.ws.append([neutralise(v) for v in values])
        for cell in self.ws[self.ws.max_row]:
            if cell.is_date:
                cell.number_format = DATE_FORMAT

    def header(self, *values) -> None:
        self.row(*values)
        for cell in self.ws[self.ws.max_row]:
            cell.font = Font(bold=True)

    def blank(self) -> None:
        self.ws.append([])


def _pairs_sheet(sheet: _Sheet, data) -> None:
    sheet.header(
        _("Pair no."), _("Mentor"), _("Mentees"), _("Mentoring form"), _("Mentoring kind"), _("Status"),
        _("Meetings"), _("Last meeting"),
    )
    for line in data.pairs:
        sheet.row(
            line.pk, line.mentor, line.mentees, line.form, line.kind, line.status,
            line.meetings, line.last_meeting,
        )
    sheet.blank()
    sheet.header(_("Status"), _("Number of pairs and groups"))
    for label, count in data.status_counts:
        sheet.row(label, count)
    sheet.row(_("Total"), len(data.pairs))


def _meetings_sheet(sheet: _Sheet, data) -> None:
    sheet.header(_("Meeting type"), _("Meetings held"))
    for label, count in data.meetings_by_type:
        sheet.row(label, count)
    sheet.row(_("Total"), data.meetings_total)
    sheet.blank()
    sheet.header(_("Pairs without a meeting for more than two weeks"))
    sheet.header(_("Pair no."), _("Mentor"), _("Mentees"), _("Last meeting"))
    for line in data.inactive:
        sheet.row(line.pk, line.mentor, line.mentees, line.last_meeting)


def _feedback_sheet(sheet: _Sheet, data) -> None:
    sheet.header(
        _("Questionnaire"), _("Respondent"), _("Forms sent"), _("Forms filled in"), _("Filled in, %")
    )
    for line in data.feedback:
        sheet.row(
            line.survey_kind, line.respondent_role, line.requested, line.submitted, line.percent
        )
    sheet.row(_("Total"), "", data.feedback_requested, data.feedback_submitted)
    sheet.blank()
    sheet.header(_("Respondent"), _("Mean satisfaction (1–5)"), _("Satisfaction, %"))
    for line in data.satisfaction:
        sheet.row(line.respondent_role, line.mean, line.percent)


def _indicators_sheet(sheet: _Sheet, data) -> None:
    sheet.header(
        _("Indicator"), _("Unit"), _("Target"), _("Actual"), _("Target met"), _("How computed")
    )
    for row in data.indicators:
        met = "" if row.met is None else (_("yes") if row.met else _("no"))
        sheet.row(row.indicator.title, row.unit_label, row.target, row.actual, met, row.note)


def _roadmap_sheet(sheet: _Sheet, data) -> None:
    sheet.header(_("Stage"), _("Title"), _("Activities"), _("Done"), _("Done, %"))
    for stage in data.stages:
        sheet.row(stage["number"], stage["title"], stage["total"], stage["done"], stage["percent"])


def render_annual_xlsx(report, data) -> RenderedFile:
    """XLSX workbook with the sheets «Пары», «Встречи», «Обратная связь»,
    «Показатели», «Дорожная карта»; text that could run as a formula is
    neutralised (see ``neutralise``)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    layout = (
        (SHEET_PAIRS, _pairs_sheet, (10, 40, 60, 30, 25, 20, 10, 16)),
        (SHEET_MEETINGS, _meetings_sheet, (30, 40, 60, 16)),
        (SHEET_FEEDBACK, _feedback_sheet, (40, 25, 14, 14, 14)),
        (SHEET_INDICATORS, _indicators_sheet, (80, 8, 10, 10, 14, 60)),
        (SHEET_ROADMAP, _roadmap_sheet, (8, 70, 12, 12, 12)),
    )
    for name, fill, widths in layout:
        fill(_Sheet(workbook.create_sheet(name), widths), data)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return RenderedFile(_file_stem(report) + ".xlsx", XLSX, buffer.getvalue())

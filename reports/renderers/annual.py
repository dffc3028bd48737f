"""The annual report and the monitoring as PDF (with charts) and XLSX (seed 000
§9, 7.2 and 7.7; seed 002, line 9).

Both take the saved Report and the figures gathered by
``reports.services.annual.collect_annual_data``; neither queries the database
itself, but iterating ``data.pairs`` streams the list of pairs from it
(``annual_pairs.PairRows``: the PDF's template once, the XLSX once).
Section titles are part of the documents' contract (Russian document text, the
same in the PDF headings and the XLSX sheet names).
"""

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .base import PDF, XLSX, RenderedFile, fewer_collections
from .charts import report_charts

# Sheet names / section titles (readers look sheets up by name).
SHEET_SUMMARY = "Сводка"
SHEET_PARTICIPANTS = "Участники"
SHEET_PAIRS = "Пары"
SHEET_MEETINGS = "Встречи"
SHEET_FEEDBACK = "Обратная связь"
SHEET_INDICATORS = "Показатели"
SHEET_ROADMAP = "Дорожная карта"
SHEET_AWARDS = "Награды"
SHEETS = (
    SHEET_SUMMARY, SHEET_PARTICIPANTS, SHEET_PAIRS, SHEET_MEETINGS, SHEET_FEEDBACK,
    SHEET_INDICATORS, SHEET_ROADMAP, SHEET_AWARDS,
)
SECTIONS = {
    "summary": "Программа наставничества",
    "participants": "Участники по формам наставничества и категориям",
    "pairs": "Наставнические пары и группы",
    "meetings": "Встречи и периодичность",
    "feedback": "Обратная связь и удовлетворенность",
    "indicators": "Показатели эффективности",
    "roadmap": "Выполнение дорожной карты",
    "awards": "Поощрение наставников",
}

# A text cell starting with one of these is read as a formula by spreadsheet
# programs (CSV/formula injection); such text is written with a leading «'».
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
HEADER_FONT = Font(bold=True)
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="top")
TITLE_FONT = Font(bold=True, size=12)


@dataclass(frozen=True)
class RenderedPdf(RenderedFile):
    """A rendered PDF and its number of pages."""

    pages: int = 0


def file_stem(report) -> str:
    """Name of the report's stored files without the extension, unique to the
    report (``annual-2025-2026-17``), so that files a killed build left behind
    can be told apart (``reports.services.report_files``). People download them
    under a plain name (reports.views.reports.report_download)."""
    return "{kind}-{year}-{pk}".format(
        kind=report.kind, year=report.academic_year.title.replace("/", "-"), pk=report.pk
    )


def annual_html(report, data) -> str:
    """The HTML the PDF is made from (template ``reports/documents/annual.html``)."""
    context = {"report": report, "data": data, "sections": SECTIONS, "charts": report_charts(data)}
    return render_to_string("reports/documents/annual.html", context)


def render_annual_pdf(report, data) -> RenderedPdf:
    """A4 PDF of the report with its charts; ``pages`` is the page count."""
    from weasyprint import HTML

    html = annual_html(report, data)
    with fewer_collections():
        document = HTML(string=html, base_url=str(settings.BASE_DIR / "static")).render()
        content = document.write_pdf()
    return RenderedPdf(file_stem(report) + ".pdf", PDF, content, pages=len(document.pages))


def neutralise(value):
    """``value`` safe for a spreadsheet cell: text that a spreadsheet would take
    for a formula gets a leading «'»; everything else is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _cell_value(value):
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return neutralise(value)


class _Sheet:
    """Appends neutralised rows to a write-only worksheet (openpyxl streams it:
    the 1,000-pair sheet costs a fraction of a normal workbook); numbers stay
    numbers, dates get a date format, headers are bold."""

    def __init__(self, worksheet, widths: tuple[int, ...]):
        self.ws = worksheet
        for index, width in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(index)].width = width

    def _styled(self, value, **style) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.ws, value=value)
        for name, setting in style.items():
            setattr(cell, name, setting)
        return cell

    def row(self, *values) -> None:
        cells = []
        for value in values:
            stored = _cell_value(value)
            if isinstance(value, datetime.datetime):
                stored = self._styled(stored, number_format=DATETIME_FORMAT)
            elif isinstance(value, datetime.date):
                stored = self._styled(stored, number_format=DATE_FORMAT)
            cells.append(stored)
        self.ws.append(cells)

    def header(self, *values) -> None:
        self.ws.append([
            self._styled(_cell_value(value), font=HEADER_FONT, alignment=HEADER_ALIGNMENT)
            for value in values
        ])

    def title(self, text: str) -> None:
        self.ws.append([self._styled(neutralise(text), font=TITLE_FONT)])

    def blank(self) -> None:
        self.ws.append([])


def _summary_sheet(sheet: _Sheet, data) -> None:
    sheet.title(data.title)
    sheet.row(data.subtitle)
    sheet.blank()
    sheet.header(_("Item"), _("Value"))
    sheet.row(_("Organisation"), data.organization.name)
    sheet.row(_("Academic year"), data.academic_year.title)
    sheet.row(_("Period from"), data.period.since)
    sheet.row(_("Period to"), data.period.until)
    for programme in data.programmes:
        sheet.row(_("Programme"), f"{programme.title} ({programme.years})")
        sheet.row(_("Forms of mentoring"), "; ".join(programme.forms))
        sheet.row(_("Kinds of mentoring"), "; ".join(programme.kinds))
    sheet.row(_("Mentors"), data.mentors_total)
    sheet.row(_("Mentees"), data.mentees_total)
    sheet.row(_("Pairs and groups formed"), data.totals.formed)
    sheet.row(_("Meetings held"), data.totals.meetings_held)
    sheet.row(_("Meetings expected by the cadence"), data.totals.meetings_expected)
    sheet.row(_("Pairs on cadence, %"), data.totals.cadence_percent)
    for line in data.satisfaction:
        sheet.row(_("Satisfaction, %%: %(role)s") % {"role": line.respondent_role}, line.percent)
    sheet.row(_("Built on"), data.generated_at)


def _participants_sheet(sheet: _Sheet, data) -> None:
    sheet.header(_("Mentoring form"), _("Mentors"), _("Mentees"))
    for line in data.forms:
        sheet.row(line.form, line.mentors, line.mentees)
    sheet.row(_("Total (each person once)"), data.mentors_total, data.mentees_total)
    sheet.blank()
    sheet.header(_("Mentoring form"), _("Role"), _("Category"), _("People"))
    for line in data.categories:
        sheet.row(line.form, line.role, line.category, line.people)


def _pair_lists(pairs: _Sheet, meetings: _Sheet, data) -> None:
    """The list of pairs («Пары») and of the pairs behind the cadence (the end of
    «Встречи») in ONE pass over the streamed pairs (write-only sheets can be
    appended to in turn)."""
    pairs.header(
        _("Pair no."), _("Mentor"), _("Mentees"), _("Mentoring form"), _("Mentoring kind"), _("Status"),
        _("Meetings"), _("Expected meetings"), _("Last meeting"),
    )
    meetings.header(_("Pairs behind the cadence"))
    meetings.header(_("Pair no."), _("Mentor"), _("Mentees"), _("Meetings expected"),
                    _("Meetings held"), _("Last meeting"))
    for line in data.pairs:
        pairs.row(
            line.pk, line.mentor, line.mentees, line.form, line.kind, line.status,
            line.meetings, line.expected if line.formed else None, line.last_meeting,
        )
        if line.on_cadence is False:
            meetings.row(line.pk, line.mentor, line.mentees, line.expected, line.meetings,
                         line.last_meeting)


def _pairs_sheet(sheet: _Sheet, data) -> None:
    """The summaries under the list of pairs (``_pair_lists``)."""
    sheet.blank()
    sheet.header(_("Mentoring form"), _("Formed (pairs)"), _("Active (pairs)"), _("Completed (pairs)"), _("Terminated (pairs)"))
    for line in [*data.forms, data.totals]:
        sheet.row(line.form, line.formed, line.active, line.completed, line.terminated)
    sheet.blank()
    sheet.header(_("Status"), _("Number of pairs and groups"))
    for label, count in data.status_counts:
        sheet.row(label, count)
    sheet.row(_("Total"), len(data.pairs))


def _meetings_sheet(sheet: _Sheet, data) -> None:
    sheet.header(
        _("Mentoring form"), _("Pairs formed"), _("Meetings expected"), _("Meetings held"),
        _("Pairs on cadence"), _("Pairs on cadence, %"),
    )
    for line in [*data.forms, data.totals]:
        sheet.row(line.form, line.formed, line.meetings_expected, line.meetings_held,
                  line.on_cadence, line.cadence_percent)
    sheet.blank()
    sheet.header(_("Meeting type"), _("Meetings held"))
    for label, count in data.meetings_by_type:
        sheet.row(label, count)
    sheet.row(_("Total"), data.meetings_total)
    sheet.blank()  # the pairs behind the cadence follow (``_pair_lists``)


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
    sheet.header(_("Respondent"), _("Answers"), _("Mean satisfaction (1–5)"), _("Satisfaction, %"))
    for line in data.satisfaction:
        sheet.row(line.respondent_role, line.answers, line.mean, line.percent)


def _indicators_sheet(sheet: _Sheet, data) -> None:
    sheet.header(
        _("No."), _("Indicator"), _("Unit"), _("Target"), _("Actual"), _("Target met"),
        _("How computed"),
    )
    for n, row in enumerate(data.indicators, start=1):
        met = "" if row.met is None else row.met
        sheet.row(n, row.indicator.title, row.unit_label, row.target, row.actual, met, row.note)


def _roadmap_sheet(sheet: _Sheet, data) -> None:
    sheet.header(_("Stage"), _("Title"), _("Activities"), _("Done"), _("Done, %"))
    for stage in data.stages:
        sheet.row(stage["number"], stage["title"], stage["total"], stage["done"], stage["percent"])


def _awards_sheet(sheet: _Sheet, data) -> None:
    sheet.header(
        _("Mentor"), _("Award"), _("For what"),
        # xgettext:no-python-format
        _("Supplement, % of salary"), _("Order"),
    )
    for line in data.awards:
        sheet.row(line.mentor, line.kind, line.reason, line.supplement_percent, line.order)


def render_annual_xlsx(report, data) -> RenderedFile:
    """XLSX workbook, one sheet per section (``SHEETS``: «Сводка», «Участники»,
    «Пары», «Встречи», «Обратная связь», «Показатели», «Дорожная карта»,
    «Награды»); bold headers, numbers as numbers, dates as DD.MM.YYYY; text that
    could run as a formula is neutralised (see ``neutralise``). The pairs are
    streamed once (``_pair_lists``), never held as a list."""
    workbook = Workbook(write_only=True)
    layout = (
        (SHEET_SUMMARY, _summary_sheet, (45, 80)),
        (SHEET_PARTICIPANTS, _participants_sheet, (40, 16, 30, 12)),
        (SHEET_PAIRS, _pairs_sheet, (30, 40, 60, 30, 25, 20, 10, 12, 16)),
        (SHEET_MEETINGS, _meetings_sheet, (30, 40, 60, 14, 14, 16)),
        (SHEET_FEEDBACK, _feedback_sheet, (40, 25, 14, 14, 14)),
        (SHEET_INDICATORS, _indicators_sheet, (6, 80, 8, 10, 10, 12, 60)),
        (SHEET_ROADMAP, _roadmap_sheet, (8, 70, 12, 12, 12)),
        (SHEET_AWARDS, _awards_sheet, (40, 30, 60, 14, 20)),
    )
    sheets = {name: _Sheet(workbook.create_sheet(name), widths) for name, _fill, widths in layout}
    _meetings_sheet(sheets[SHEET_MEETINGS], data)
    _pair_lists(sheets[SHEET_PAIRS], sheets[SHEET_MEETINGS], data)
    for name, fill, _widths in layout:
        if fill is not _meetings_sheet:
            fill(sheets[name], data)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return RenderedFile(file_stem(report) + ".xlsx", XLSX, buffer.getvalue())

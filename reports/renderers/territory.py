"""The territory monitoring report (PDF with charts, XLSX) and the XLSX of one
organisation's monitoring report (seed 002 items 9, 12). Neither touches the
database: they take the figures gathered by
``reports.services.territory_report.collect_territory_data`` or stored on a
``MonitoringReport``. Aggregates only — no person appears in them.

Charts are drawn like the annual report's (``charts``: matplotlib SVG embedded
as ``data:`` URIs, nothing fetched from the network); spreadsheets use the
annual report's write-only sheets with formula neutralisation
(``annual._Sheet``, ``annual.neutralise``).
"""

import io

from django.conf import settings
from django.template.loader import render_to_string
from openpyxl import Workbook

from mentoring.enums import ParticipantCategory
from pairs.enums import MeetingType

from .annual import RenderedPdf, _Sheet, file_stem
from .base import PDF, XLSX, RenderedFile, fewer_collections
from .charts import bar_chart, grouped_bars

# Sheet names (document text; readers look sheets up by name).
SHEET_ORGANIZATIONS = "Организации"
SHEET_FORMS = "Формы наставничества"
SHEET_SATISFACTION = "Удовлетворенность"
SHEET_TRENDS = "Динамика"
TERRITORY_SHEETS = (SHEET_ORGANIZATIONS, SHEET_FORMS, SHEET_SATISFACTION, SHEET_TRENDS)
SHEET_REPORT = "Отчет"
TOTAL = "Итого по территории"
ROLE_TITLES = {"mentee": "Наставляемые", "mentor": "Наставники"}


def territory_charts(data) -> dict[str, str]:
    """``forms`` (pairs by form, this campaign vs the previous one),
    ``participants`` (mentors and mentees, now vs before), ``satisfaction``
    (per cent by role, now vs before) and ``statuses`` (reports by status)."""
    before = data.previous_totals
    forms = [(key, title) for key, title in data.forms]
    series = [("Текущий мониторинг", [data.totals.forms[key] for key, _t in forms])]
    if before is not None:
        series.append(("Предыдущий мониторинг", [before.forms[key] for key, _t in forms]))
    people = ["Наставники", "Наставляемые", "Пары и группы"]
    people_series = [("Текущий мониторинг", [data.totals.mentors, data.totals.mentees, data.totals.pairs])]
    if before is not None:
        people_series.append(("Предыдущий мониторинг", [before.mentors, before.mentees, before.pairs]))
    roles = ["mentee", "mentor"]
    sat_series = [("Текущий мониторинг", [data.totals.satisfaction(r) for r in roles])]
    if before is not None:
        sat_series.append(("Предыдущий мониторинг", [before.satisfaction(r) for r in roles]))
    return {
        "forms": grouped_bars([title for _k, title in forms], series),
        "participants": grouped_bars(people, people_series),
        "satisfaction": grouped_bars([ROLE_TITLES[r] for r in roles], sat_series, unit="%", limit=100),
        "statuses": bar_chart([label for label, _n in data.status_counts],
                              [n for _label, n in data.status_counts]),
    }


def render_territory_pdf(report, data) -> RenderedPdf:
    """A4 landscape PDF: summary, one row per organisation with the totals, pairs
    by form, satisfaction, trends; ``pages`` is the page count."""
    from weasyprint import HTML

    html = render_to_string("reports/documents/territory.html", {
        "report": report, "data": data, "charts": territory_charts(data),
    })
    with fewer_collections():
        document = HTML(string=html, base_url=str(settings.BASE_DIR / "static")).render()
        content = document.write_pdf()
    return RenderedPdf(file_stem(report) + ".pdf", PDF, content, pages=len(document.pages))


def _organizations_sheet(sheet: _Sheet, data) -> None:
    sheet.title(data.title)
    sheet.row(data.subtitle)
    sheet.blank()
    sheet.header("Организация", "Тип", "Статус отчета", "Направлен", "Пары и группы", "Действующие",
                 "Наставники", "Наставляемые", "Встречи", "Показатели: достигнуто",
                 "Показатели: с целевым значением")
    for row in data.rows:
        sheet.row(row["name"], row["kind"], row["status"], row["submitted_at"], row["pairs"],
                  row["active"], row["mentors"], row["mentees"], row["meetings"],
                  row["indicators_met"], row["indicators_with_target"])
    t = data.totals
    sheet.row(TOTAL, "", "", None, t.pairs, t.active, t.mentors, t.mentees, t.meetings,
              t.indicators_met, t.indicators_with_target)


def _forms_sheet(sheet: _Sheet, data) -> None:
    sheet.header("Организация", *[title for _k, title in data.forms])
    for row in data.rows:
        sheet.row(row["name"], *[row["forms"][key] for key, _t in data.forms])
    sheet.row(TOTAL, *[data.totals.forms[key] for key, _t in data.forms])
    sheet.blank()
    sheet.header("Форма наставничества", "Пары и группы", "Наставники", "Наставляемые")
    for key, title in data.forms:
        mentors, mentees = data.totals.forms_people[key]
        sheet.row(title, data.totals.forms[key], mentors, mentees)


def _satisfaction_sheet(sheet: _Sheet, data) -> None:
    sheet.header("Организация", "Удовлетворенность наставляемых, %", "Удовлетворенность наставников, %")
    for row in data.rows:
        sheet.row(row["name"], row["mentee_satisfaction"], row["mentor_satisfaction"])
    sheet.row(TOTAL, data.totals.satisfaction("mentee"), data.totals.satisfaction("mentor"))


def _trends_sheet(sheet: _Sheet, data) -> None:
    previous = str(data.previous) if data.previous else "—"
    sheet.row("Сравнение с предыдущим мониторингом:", previous)
    sheet.blank()
    sheet.header("Показатель", "Текущий мониторинг", "Предыдущий мониторинг", "Изменение")
    for title, now, before, delta in data.trends:
        sheet.row(title, now, before, delta)
    sheet.blank()
    from ..services.territory_report import TREND_FIGURES

    sheet.header("Организация", *[f"{title}: изменение" for _k, title in TREND_FIGURES])
    for row in data.rows:
        sheet.row(row["name"], *[row["deltas"][key] for key, _t in TREND_FIGURES])


def render_territory_xlsx(report, data) -> RenderedFile:
    """XLSX with the sheets ``TERRITORY_SHEETS``: «Организации» (one row per
    organisation and the totals), «Формы наставничества», «Удовлетворенность»,
    «Динамика» (the change of each figure since the previous campaign)."""
    workbook = Workbook(write_only=True)
    layout = (
        (SHEET_ORGANIZATIONS, _organizations_sheet, (45, 18, 16, 16, 12, 12, 12, 12, 12, 14, 14)),
        (SHEET_FORMS, _forms_sheet, (45, 16, 16, 16, 16, 16, 16)),
        (SHEET_SATISFACTION, _satisfaction_sheet, (45, 20, 20)),
        (SHEET_TRENDS, _trends_sheet, (45, 20, 20, 20, 20, 20, 20, 20)),
    )
    for name, fill, widths in layout:
        fill(_Sheet(workbook.create_sheet(name), widths), data)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return RenderedFile(file_stem(report) + ".xlsx", XLSX, buffer.getvalue())


def _label(choices, code: str) -> str:
    try:
        return str(choices(code).label)
    except ValueError:
        return code


def render_organization_xlsx(report) -> RenderedFile:
    """One organisation's monitoring report (``MonitoringReport``) as an XLSX
    of one sheet «Отчет»: the campaign, the status, then the stored figures by
    section. File name ``monitoring-<period>-<year>-<organisation id>.xlsx``."""
    from ..services.monitoring_figures import FORM_BUCKETS

    data, campaign = report.data or {}, report.campaign
    workbook = Workbook(write_only=True)
    sheet = _Sheet(workbook.create_sheet(SHEET_REPORT), (50, 16, 16, 16, 16))
    sheet.title("Мониторинг эффективности внедрения целевой модели наставничества")
    sheet.row("Организация", report.organization.name)
    sheet.row("Мониторинг", f"{campaign.get_period_display()} {campaign.academic_year.title}")
    sheet.row("Статус", report.get_status_display())
    sheet.row("Данные рассчитаны", report.computed_at)
    sheet.row("Комментарий организации", report.curator_comment)
    sheet.blank()
    pairs = data.get("pairs", {})
    sheet.header("Пары и группы", "Всего", "Действующие", "Завершены", "Прекращены")
    sheet.row("", pairs.get("formed", 0), pairs.get("active", 0), pairs.get("completed", 0),
              pairs.get("terminated", 0))
    sheet.blank()
    sheet.header("Форма наставничества", "Пары и группы", "Действующие", "Наставники", "Наставляемые")
    for key, title in FORM_BUCKETS:
        form = data.get("forms", {}).get(key, {})
        sheet.row(title, form.get("pairs", 0), form.get("active", 0), form.get("mentors", 0),
                  form.get("mentees", 0))
    people = data.get("participants", {})
    sheet.blank()
    sheet.header("Участники", "Наставники", "Наставляемые")
    sheet.row("Всего", people.get("mentors", 0), people.get("mentees", 0))
    for category in ParticipantCategory:
        mentors = people.get("mentors_by_category", {}).get(category.value, 0)
        mentees = people.get("mentees_by_category", {}).get(category.value, 0)
        if mentors or mentees:
            sheet.row(str(category.label), mentors, mentees)
    meetings = data.get("meetings", {})
    sheet.blank()
    sheet.header("Встречи за период", "Количество")
    for code, n in meetings.get("by_type", {}).items():
        sheet.row(_label(MeetingType, code), n)
    sheet.row("Всего", meetings.get("held", 0))
    sheet.blank()
    sheet.header("Удовлетворенность", "Ответов", "Средний балл (1–5)", "%")
    for role, title in ROLE_TITLES.items():
        line = data.get("satisfaction", {}).get(role, {})
        sheet.row(title, line.get("answers", 0), line.get("mean"), line.get("percent"))
    sheet.blank()
    sheet.header("Показатель", "Ед.", "Целевое значение", "Фактическое значение", "Достигнуто")
    for row in data.get("indicators", {}).get("rows", []):
        met = "" if row.get("met") is None else ("да" if row["met"] else "нет")
        sheet.row(row.get("title", ""), row.get("unit", ""), row.get("target"), row.get("actual"), met)
    buffer = io.BytesIO()
    workbook.save(buffer)
    name = "monitoring-{period}-{year}-{org}.xlsx".format(
        period=campaign.period, year=campaign.academic_year.title.replace("/", "-"),
        org=report.organization_id,
    )
    return RenderedFile(name, XLSX, buffer.getvalue())


"""The dashboard's widgets (issue 5, item 3; seed 000 §7, §9): one function per
widget, each reading its figures with one aggregate query (a list widget with
its count: one query, plus one for the mentees it shows), never a query per row,
so that the page costs the same number of queries whatever the size of the data.

Figures are returned as plain dicts and lists ready for the templates of
``mentoring/templates/mentoring/dashboard/``; chart data are JSON-safe dicts the
template hands to ``static/js/dashboard.js`` through ``json_script``.
"""

from decimal import Decimal

from django.db.models import CharField, Count, F, OuterRef, QuerySet, Subquery, Value, Window
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

from pairs.enums import OPEN_STATUSES, PairStatus
from pairs.selectors import inactive_pairs, pairs_visible_to, with_inactivity, with_members
from participants.models import Participant
from reports.models import Order
from reports.services.indicators import indicator_table, indicator_trend
from roadmap.selectors import overdue_activities, stage_progress
from surveys.selectors import pending_responses_of

from .models import AcademicYear, Organization

# How many rows a list widget shows (the full lists are one link away).
LIST_LIMIT = 10
ORDERS_LIMIT = 5

# Traffic light of an indicator (``IndicatorRow.light``) → Bootstrap badge class
# and the word shown with the colour (colour is never the only cue).
LIGHTS = {
    "green": ("text-bg-success", _("met")),
    "yellow": ("text-bg-warning", _("near the target")),
    "red": ("text-bg-danger", _("below the target")),
    "grey": ("text-bg-secondary", _("no data")),
}


def _decimal_text(value: Decimal | None) -> str | None:
    """A Decimal as exact text for the chart data (None stays None)."""
    return None if value is None else str(value)


def _with_total(qs: QuerySet, limit: int) -> tuple[list, int]:
    """The first ``limit`` rows of ``qs`` and the number of all its rows, read by
    one query: every row carries ``COUNT(*) OVER ()`` (window functions run
    before LIMIT). Returns ``(rows, count)``; ``(rows, 0)`` when there are none."""
    rows = list(qs.annotate(total_rows=Window(Count("pk")))[:limit])
    return rows, (rows[0].total_rows if rows else 0)


# --- programme staff and director ------------------------------------------------


def stages_widget(organization: Organization, year: AcademicYear) -> list[dict]:
    """Progress of the seven stages of the year's roadmap (seed 000 §9), one query:
    ``[{"number", "title", "task", "total", "done", "percent"}]`` by stage number;
    empty without a roadmap. See ``roadmap.selectors.stage_progress``."""
    return stage_progress(organization, year)


def overdue_widget(organization: Organization, year: AcademicYear) -> dict:
    """Open roadmap activities past their deadline, earliest first, one query:
    ``{"items": [Activity] (at most LIST_LIMIT, with their stage), "count": int}``."""
    items, count = _with_total(overdue_activities(organization, year), LIST_LIMIT)
    return {"items": items, "count": count}


def pairs_widget(user) -> dict:
    """Pairs and groups the user sees by status × mentoring form, one grouped query.

    Returns ``{"statuses": [(code, label)] (lifecycle order), "forms": [{"id",
    "name", "counts": [int per status], "total"}] (by name), "by_status": [(code,
    label, int)], "total": int, "chart": {"forms": [name], "datasets": [{"status",
    "label", "data": [int per form]}]}}`` — the chart data for the stacked bar.
    """
    cells = (
        pairs_visible_to(user)
        .order_by()
        .values_list("form_id", "form__name", "status")
        .annotate(n=Count("pk", distinct=True))
    )
    statuses = [(code, str(label)) for code, label in PairStatus.choices]
    forms: dict[int, dict] = {}
    by_status = dict.fromkeys(PairStatus.values, 0)
    for form_id, form_name, status, n in cells:
        form = forms.setdefault(form_id, {"id": form_id, "name": form_name, "cells": {}})
        form["cells"][status] = n
        by_status[status] = by_status.get(status, 0) + n
    form_rows = []
    for form in sorted(forms.values(), key=lambda f: (f["name"], f["id"])):
        counts = [form["cells"].get(code, 0) for code, _label in statuses]
        form_rows.append({"id": form["id"], "name": form["name"], "counts": counts, "total": sum(counts)})
    return {
        "statuses": statuses,
        "forms": form_rows,
        "by_status": [(code, label, by_status[code]) for code, label in statuses],
        "status_totals": [by_status[code] for code, _label in statuses],
        "total": sum(by_status.values()),
        "chart": {
            "forms": [form["name"] for form in form_rows],
            "datasets": [
                {"status": code, "label": label, "data": [form["counts"][i] for form in form_rows]}
                for i, (code, label) in enumerate(statuses)
                if by_status[code]
            ],
        },
    }


def inactive_widget(user) -> dict:
    """Working pairs with no meeting for more than 14 days (seed 000 6.4), the
    longest silent first, one query: ``{"items": [Pair] (at most LIST_LIMIT, with
    the mentor, ``last_meeting_on``, ``mentee_name`` — the first mentee's full name
    by surname, "" for none — and ``more_mentees``, how many others the group
    has), "count": int}``."""
    mentees = Participant.objects.filter(mentee_profile__pairs=OuterRef("pk"))
    first = mentees.order_by("surname", "name", "patronymic", "pk")
    qs = (
        inactive_pairs(pairs_visible_to(user))
        .select_related("mentor__participant")
        .annotate(
            mentee_name=Subquery(
                first.annotate(
                    full=Concat("surname", Value(" "), "name", Value(" "), "patronymic",
                                output_field=CharField())
                ).values("full")[:1]
            ),
            mentee_total=Subquery(
                mentees.order_by().values("mentee_profile__pairs")
                .annotate(n=Count("pk")).values("n")[:1]
            ),
        )
        .order_by(F("last_meeting_on").asc(nulls_first=True), "approved_at", "pk")
    )
    items, count = _with_total(qs, LIST_LIMIT)
    for pair in items:
        pair.mentee_name = " ".join((pair.mentee_name or "").split())
        pair.more_mentees = max((pair.mentee_total or 0) - 1, 0)
    return {"items": items, "count": count}


def indicators_widget(organization: Organization, year: AcademicYear) -> list[dict]:
    """The organisation's picked indicators against their targets for the year
    (``reports.services.indicators.indicator_table``) with the traffic light:
    ``[{"row": IndicatorRow, "light": "green"|"yellow"|"red"|"grey", "badge":
    css class, "label": word}]`` in the table's order."""
    rows = []
    for row in indicator_table(organization, year):
        light = row.light if row.light in LIGHTS else "grey"
        badge, label = LIGHTS[light]
        rows.append({"row": row, "light": light, "badge": badge, "label": str(label)})
    return rows


def _ends_with_unit(title: str, unit: str) -> bool:
    """True when ``title`` already ends with ``unit`` («…, в %» and «%»)."""
    return bool(unit) and title.rstrip(" .").endswith(unit.rstrip(" ."))


def trend_widget(organization: Organization, year: AcademicYear, rows=None) -> dict:
    """Target against actual by academic year for each picked indicator
    (``reports.services.indicators.indicator_trend``), for the charts and their
    table fallback. ``rows``: the year's ``indicator_table`` when the caller
    has it (saves its queries).

    Returns ``{"series": [{"id": "trend-<code>", "code", "title", "unit",
    "years": [title] (oldest first), "targets": [str|None], "actuals":
    [str|None], "rows": [(year, target, actual)], "has_data": bool}],
    "has_data": bool}``; figures are the trend's Decimals as exact text (None
    when unknown), in the indicator's unit.
    """
    series = []
    for item in indicator_trend(organization, year, rows=rows):
        targets = [_decimal_text(v) for v in item.targets]
        actuals = [_decimal_text(v) for v in item.actuals]
        has_data = any(v is not None for v in targets + actuals)
        series.append(
            {
                "id": f"trend-{item.indicator.code}",
                "code": item.indicator.code,
                "title": item.indicator.title,
                "unit": str(item.unit_label),
                # the seeds' titles mostly end with their unit («…, в %», «…, ед.»)
                "unit_in_title": _ends_with_unit(item.indicator.title, str(item.unit_label)),
                "years": list(item.years),
                "targets": targets,
                "actuals": actuals,
                "rows": list(zip(item.years, item.targets, item.actuals, strict=True)),
                "has_data": has_data,
            }
        )
    return {"series": series, "has_data": any(s["has_data"] for s in series)}


def trend_chart_data(trend: dict) -> dict:
    """The JSON the trend charts are drawn from: the dataset labels and, per
    series with data, its canvas id, title, unit, years, targets and actuals."""
    return {
        "labels": {"target": str(_("Target")), "actual": str(_("Actual"))},
        "series": [
            {k: s[k] for k in ("id", "code", "title", "unit", "years", "targets", "actuals")}
            for s in trend["series"]
            if s["has_data"]
        ],
    }


def orders_widget(organization: Organization) -> list[Order]:
    """The organisation's latest orders (signed ones by date and number, then
    drafts), newest first, one query."""
    return list(
        Order.objects.filter(organization=organization).order_by(
            F("issued_on").desc(nulls_last=True), F("number").desc(nulls_last=True), "-pk"
        )[:ORDERS_LIMIT]
    )


# --- mentor and mentee -------------------------------------------------------------


def _own_pairs(user, **condition) -> list:
    """The user's pairs that have not ended, with members and the inactivity
    flag; silent pairs first, then the newest (one query and one for mentees)."""
    qs = pairs_visible_to(user).filter(status__in=OPEN_STATUSES, **condition)
    return list(
        with_inactivity(with_members(qs)).order_by("-is_inactive", "-created_at", "-pk")[:LIST_LIMIT]
    )


def mentor_pairs_widget(user) -> list:
    """The mentor's own open pairs and groups (see :func:`_own_pairs`)."""
    return _own_pairs(user, mentor__participant__user=user)


def mentee_pairs_widget(user) -> list:
    """The mentee's own open pairs, with the mentor's contacts (see :func:`_own_pairs`)."""
    return _own_pairs(user, mentees__participant__user=user)


def pending_forms_widget(user) -> dict:
    """Feedback forms the user has still to fill: ``{"items": [Response] (first
    LIST_LIMIT), "count": int}``, one query."""
    items, count = _with_total(pending_responses_of(user), LIST_LIMIT)
    return {"items": items, "count": count}

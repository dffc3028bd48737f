"""Indicators against targets, the indicator library, targets, hand-entered
values with evidence and head counts (seed 000 §7; seed 003)."""

import os
from itertools import groupby

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from mentoring.permissions import object_permission_required

from mentoring.models import AcademicYear
from mentoring.selectors import organization_or_404
from mentoring.services import log_action

from .. import selectors
from ..enums import IndicatorGroup, IndicatorMethod
from ..forms import HeadCountForm, IndicatorTargetsForm, IndicatorValueForm
from ..models import HeadCount, Indicator, IndicatorTarget, IndicatorValue, OrganizationIndicator
from ..services.indicators import (
    NOTES,
    IndicatorError,
    ensure_indicators,
    ensure_library,
    evidence_content_type,
    indicator_table,
    pick_indicators,
    set_head_counts,
    set_indicator_targets,
    set_indicator_value,
    unpick_indicator,
)
from mentoring.pages import stored_file_response

from .common import chosen_year

GROUP_ORDER = list(IndicatorGroup.values)


def _year_url(name: str, year: AcademicYear, *args) -> str:
    return reverse(name, args=args) + "?year=%d" % year.pk


def _grouped(items, group_of):
    """``[(group label, [items])]`` in IndicatorGroup order (items keep their order)."""
    ordered = sorted(items, key=lambda item: GROUP_ORDER.index(group_of(item)))
    return [
        (IndicatorGroup(group).label, list(members))
        for group, members in groupby(ordered, key=group_of)
    ]


# --- indicators ---------------------------------------------------------------------


@permission_required("reports.view_indicators", raise_exception=True)
def indicators(request: HttpRequest) -> HttpResponse:
    """The organisation's picked indicators for a year, grouped: target, actual,
    traffic light, how computed or the evidence, the targets of every year, the
    head counts. A fixed number of queries (about fifteen)."""
    organization = organization_or_404(request.user)
    year = chosen_year(request)
    target_years, targets = selectors.targets_by_year(organization, picked_only=True)
    rows = [
        (row, [targets.get(row.indicator.pk, {}).get(y.pk) for y in target_years])
        for row in indicator_table(organization, year)
    ]
    return render(request, "reports/indicators.html", {
        "academic_year": year,
        "years": AcademicYear.objects.order_by("-starts_on"),
        "rows": rows,
        "groups": _grouped(rows, lambda item: item[0].indicator.group),
        "target_years": target_years,
        "head_count": HeadCount.objects.filter(organization=organization, academic_year=year).first(),
        "has_targets": bool(targets),
        "may_edit": request.user.has_perm("reports.edit_indicators"),
        "may_edit_headcounts": request.user.has_perm("reports.edit_headcounts"),
    })


@require_POST
@permission_required("reports.edit_indicators", raise_exception=True)
def indicators_setup(request: HttpRequest) -> HttpResponse:
    """Pick the eight indicators of seed 000 §7 with their targets (idempotent)."""
    ensure_indicators(organization=organization_or_404(request.user), actor=request.user)
    messages.success(request, _("The indicators and their targets for 2021/2022–2025/2026 are set up."))
    return redirect("reports:indicators")


@permission_required("reports.edit_headcounts", raise_exception=True)
def headcount_edit(request: HttpRequest) -> HttpResponse:
    """The year's head counts (denominators of the share indicators)."""
    organization = organization_or_404(request.user)
    year = chosen_year(request)
    head_count = HeadCount.objects.filter(organization=organization, academic_year=year).first()
    form = HeadCountForm(request.POST or None, head_count=head_count)
    if request.method == "POST" and form.is_valid():
        set_head_counts(organization=organization, academic_year=year, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Head counts for %(year)s saved.") % {"year": year.title})
        return redirect(_year_url("reports:indicators", year))
    return render(request, "reports/headcount_form.html", {
        "form": form, "academic_year": year, "head_count": head_count,
    })


# --- library ------------------------------------------------------------------------


@permission_required("reports.view_indicators", raise_exception=True)
def indicator_library(request: HttpRequest) -> HttpResponse:
    """Every library indicator by group with its base value and the source's
    targets; curators and administrators tick the ones to follow. Unticking an
    indicator that has values asks for confirmation first (its targets and
    values are kept)."""
    organization = organization_or_404(request.user)
    may_edit = request.user.has_perm("reports.edit_indicators")
    if request.method == "POST" and not may_edit:
        raise PermissionDenied
    library = _library()
    picked = set(
        OrganizationIndicator.objects.filter(organization=organization).values_list(
            "indicator_id", flat=True
        )
    )
    if request.method == "POST":
        by_pk = {indicator.pk: indicator for indicator in library}
        chosen = {int(pk) for pk in request.POST.getlist("indicators") if pk.isdigit() and int(pk) in by_pk}
        to_pick = [by_pk[pk] for pk in sorted(chosen - picked, key=lambda pk: by_pk[pk].position)]
        to_unpick = [by_pk[pk] for pk in sorted(picked - chosen, key=lambda pk: by_pk[pk].position)]
        with_values = set(
            IndicatorValue.objects.filter(organization=organization, indicator__in=to_unpick)
            .values_list("indicator_id", flat=True)
        )
        if with_values and request.POST.get("confirm") != "1":
            return render(request, "reports/indicator_unpick_confirm.html", {
                "to_unpick": to_unpick, "with_values": with_values, "chosen": sorted(chosen),
            })
        pick_indicators(organization, to_pick, request.user)
        for indicator in to_unpick:
            unpick_indicator(organization, indicator, request.user)
        if to_pick or to_unpick:
            messages.success(request, _("Indicators picked: %(picked)d, removed: %(removed)d.") % {
                "picked": len(to_pick), "removed": len(to_unpick),
            })
        else:
            messages.info(request, _("Nothing changed."))
        return redirect("reports:indicators")
    targets_years = sorted({title for indicator in library for title in indicator.default_targets})
    entries = [
        {
            "indicator": indicator,
            "picked": indicator.pk in picked,
            "targets": [indicator.default_targets.get(title) for title in targets_years],
            "computed": indicator.method != IndicatorMethod.MANUAL,
            "how": NOTES[indicator.method],
        }
        for indicator in library
    ]
    return render(request, "reports/indicator_library.html", {
        "groups": _grouped(entries, lambda entry: entry["indicator"].group),
        "target_years": targets_years,
        "may_edit": may_edit,
        "library_missing": not library,
    })


def _library() -> list[Indicator]:
    """The library in order; loaded from the seeds when some of it is missing
    (idempotent reference data, ``ensure_library``)."""
    from ..data import library

    indicators = list(Indicator.objects.order_by("position", "pk"))
    if {spec["code"] for spec in library()} - {indicator.code for indicator in indicators}:
        ensure_library()
        indicators = list(Indicator.objects.order_by("position", "pk"))
    return indicators


# --- targets and values -------------------------------------------------------------


@object_permission_required("reports.edit_indicators")
def indicator_targets(request: HttpRequest, pk: int) -> HttpResponse:
    """The organisation's targets of one picked indicator per academic year
    (number ≥ 0; a percentage ≤ 100; an empty field removes the target)."""
    organization = organization_or_404(request.user)
    choice = selectors.picked_indicator_for_user(request.user, pk)
    indicator = choice.indicator
    years = list(AcademicYear.objects.order_by("starts_on"))
    current = dict(
        IndicatorTarget.objects.filter(organization=organization, indicator=indicator).values_list(
            "academic_year_id", "value"
        )
    )
    form = IndicatorTargetsForm(request.POST or None, indicator=indicator, years=years, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            changed = set_indicator_targets(
                organization=organization, indicator=indicator, targets=form.targets(), actor=request.user
            )
        except IndicatorError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Targets saved (%(count)d changed).") % {"count": changed})
            return redirect(_year_url("reports:indicators", chosen_year(request)))
    return render(request, "reports/indicator_targets.html", {
        "form": form, "indicator": indicator, "choice": choice, "academic_year": chosen_year(request),
    })


@object_permission_required("reports.edit_indicators")
def indicator_value(request: HttpRequest, pk: int) -> HttpResponse:
    """The hand-entered value of a picked manual indicator for the ``?year=``
    with its note and evidence file; computed indicators refuse."""
    organization = organization_or_404(request.user)
    choice = selectors.picked_indicator_for_user(request.user, pk)
    indicator = choice.indicator
    year = chosen_year(request)
    back = _year_url("reports:indicators", year)
    if indicator.method != IndicatorMethod.MANUAL:
        messages.error(request, _("This indicator is computed from the portal's data; its value cannot be entered by hand."))
        return redirect(back)
    record = IndicatorValue.objects.filter(
        organization=organization, indicator=indicator, academic_year=year
    ).first()
    initial = {"value": record.value, "note": record.note} if record else None
    form = IndicatorValueForm(request.POST or None, request.FILES or None, indicator=indicator, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            set_indicator_value(
                organization=organization, indicator=indicator, academic_year=year,
                value=form.cleaned_data["value"], note=form.cleaned_data["note"],
                evidence=form.cleaned_data["evidence"], actor=request.user,
            )
        except IndicatorError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The value for %(year)s is saved.") % {"year": year.title})
            return redirect(back)
    return render(request, "reports/indicator_value.html", {
        "form": form, "indicator": indicator, "academic_year": year, "record": record, "back": back,
    })


@object_permission_required("reports.view_indicators")
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The evidence file of an indicator value of the user's organisation;
    404 for other organisations' values and values without a file. Audited."""
    record = selectors.get_indicator_value_for_user(request.user, pk)
    name = record.evidence.name if record.evidence else ""
    extension = os.path.splitext(name)[1].lower()
    response = stored_file_response(
        record.evidence,
        f"evidence-{record.indicator.code}-{record.academic_year.title.replace('/', '-')}{extension}",
        evidence_content_type(name),
    )
    log_action(
        "reports.evidence.downloaded", actor=request.user, organization=organization_or_404(request.user),
        obj=record, data={"indicator": record.indicator.code, "academic_year": record.academic_year.title},
    )
    return response

"""Indicators against targets and head counts (seed 000 §7)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from mentoring.models import AcademicYear
from mentoring.selectors import organization_or_404

from .. import selectors
from ..forms import HeadCountForm
from ..models import HeadCount
from ..services.indicators import ensure_indicators, indicator_table, set_head_counts
from .common import chosen_year


# --- indicators ---------------------------------------------------------------------


@permission_required("reports.view_indicators", raise_exception=True)
def indicators(request: HttpRequest) -> HttpResponse:
    """The eight indicators of seed 000 §7 for a year: target, actual, met or not,
    how it is computed, and the targets of every year. About a dozen queries."""
    organization = organization_or_404(request.user)
    year = chosen_year(request)
    target_years, targets = selectors.targets_by_year(organization)
    rows = [
        (row, [targets.get(row.indicator.pk, {}).get(y.pk) for y in target_years])
        for row in indicator_table(organization, year)
    ]
    return render(request, "reports/indicators.html", {
        "academic_year": year,
        "years": AcademicYear.objects.order_by("-starts_on"),
        "rows": rows,
        "target_years": target_years,
        "head_count": HeadCount.objects.filter(organization=organization, academic_year=year).first(),
        "has_targets": bool(targets),
        "may_edit": request.user.has_perm("reports.edit_headcounts"),
    })


@require_POST
@permission_required("reports.edit_headcounts", raise_exception=True)
def indicators_setup(request: HttpRequest) -> HttpResponse:
    """Create the seed's indicators and the organisation's targets (idempotent)."""
    ensure_indicators(organization=organization_or_404(request.user), actor=request.user)
    messages.success(request, _("The indicators and their targets for 2021/2022–2025/2026 are set up."))
    return redirect("reports:indicators")


@permission_required("reports.edit_headcounts", raise_exception=True)
def headcount_edit(request: HttpRequest) -> HttpResponse:
    """The year's four head counts (denominators of the share indicators)."""
    organization = organization_or_404(request.user)
    year = chosen_year(request)
    head_count = HeadCount.objects.filter(organization=organization, academic_year=year).first()
    form = HeadCountForm(request.POST or None, head_count=head_count)
    if request.method == "POST" and form.is_valid():
        set_head_counts(organization=organization, academic_year=year, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Head counts for %(year)s saved.") % {"year": year.title})
        return redirect(reverse("reports:indicators") + "?year=%d" % year.pk)
    return render(request, "reports/headcount_form.html", {
        "form": form, "academic_year": year, "head_count": head_count,
    })




def indicator_library(request, *args, **kwargs):  # placeholder until the helper implements it
    raise Http404


def indicator_targets(request, *args, **kwargs):  # placeholder until the helper implements it
    raise Http404


def indicator_value(request, *args, **kwargs):  # placeholder until the helper implements it
    raise Http404


def evidence_download(request, *args, **kwargs):  # placeholder until the helper implements it
    raise Http404

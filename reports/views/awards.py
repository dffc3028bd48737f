"""Awards: the mentors' results, proposing awards, the rewards order (seed 003
1.8, 4.4; seed 004 §5; seed 000 7.4).

Object URLs (a mentor's or an award's key) answer 404 to anyone who may not
manage awards or is of another organisation (``mentoring.permissions``); the
lists answer 403 to people outside the programme staff."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from mentoring.models import AcademicYear
from mentoring.permissions import object_permission_required
from mentoring.selectors import organization_or_404
from participants.selectors import MAX_SEARCH_WORDS, name_search_q
from pairs.errors import PairError
from participants.models import Mentor

from ..forms_awards import AwardFilterForm, AwardForm, ResultsFilterForm
from ..services.awards import (
    AwardError,
    award_is_editable,
    awards_visible_to,
    delete_award,
    draft_rewards_order,
    mentor_results as results_of,
    propose_award,
    update_award,
)
from mentoring.pages import page_of

from .common import chosen_year



def _fold(text: str) -> str:
    return " ".join((text or "").split()).casefold().replace("ё", "е")


def _filter_data(request: HttpRequest, year: AcademicYear):
    data = request.GET.copy()
    data["year"] = str(year.pk)
    return data


def _query_without_page(request: HttpRequest, year: AcademicYear) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    query["year"] = str(year.pk)
    return query.urlencode()


def _year_url(name: str, year: AcademicYear) -> str:
    return reverse(name) + "?year=%d" % year.pk


def _staff_mentor(request: HttpRequest, pk: int) -> Mentor:
    """A mentor of the user's organisation; Http404 for any other."""
    organization = organization_or_404(request.user)
    return get_object_or_404(
        Mentor.objects.filter(participant__organization=organization).select_related("participant"),
        pk=pk,
    )


@permission_required("reports.view_awards", raise_exception=True)
def mentor_results(request: HttpRequest) -> HttpResponse:
    """The ranking of the organisation's mentors for a year (``?year=``):
    pairs, completed pairs, mentees, meetings, plan items done, satisfaction,
    the awards of the year, with a «Поощрить» button per mentor for the curator;
    search by name (``?q=``), paginated. A fixed number of queries."""
    organization = organization_or_404(request.user)
    year = chosen_year(request)
    form = ResultsFilterForm(_filter_data(request, year))
    search = form.cleaned_data.get("q", "") if form.is_valid() else ""
    results = results_of(organization, year)
    words = _fold(search).split()[:MAX_SEARCH_WORDS]
    if words:
        results = [r for r in results if all(word in _fold(r.full_name) for word in words)]
    page = page_of(request, results)
    return render(request, "reports/mentor_results.html", {
        "academic_year": year,
        "form": form,
        "search": search,
        "page": page,
        "query": _query_without_page(request, year),
        "may_manage": request.user.has_perm("reports.manage_awards"),
    })


@permission_required("reports.view_awards", raise_exception=True)
def award_list(request: HttpRequest) -> HttpResponse:
    """The awards of a year (``?year=``), filtered by kind (``?kind=``) and
    mentor name (``?q=``), paginated, each with its order's status, number and
    link; edit and delete while the award is in no order or a draft one; the
    button that drafts the rewards order from the awards outside an order."""
    organization_or_404(request.user)
    year = chosen_year(request)
    form = AwardFilterForm(_filter_data(request, year))
    awards = awards_visible_to(request.user).filter(academic_year=year)
    unordered = awards.filter(order__isnull=True).count()
    filtered = False
    if form.is_valid():
        if form.cleaned_data["kind"]:
            awards = awards.filter(kind=form.cleaned_data["kind"])
            filtered = True
        if form.cleaned_data["q"].split():
            awards = awards.filter(name_search_q(form.cleaned_data["q"], "mentor__participant__"))
            filtered = True
    page = page_of(request, awards.order_by(
        "mentor__participant__surname", "mentor__participant__name", "kind", "pk"
    ))
    for award in page.object_list:
        award.editable = award_is_editable(award)
    return render(request, "reports/award_list.html", {
        "academic_year": year,
        "form": form,
        "filtered": filtered,
        "page": page,
        "unordered": unordered,
        "query": _query_without_page(request, year),
        "may_manage": request.user.has_perm("reports.manage_awards"),
    })


@object_permission_required("reports.manage_awards")
def award_create(request: HttpRequest, mentor_pk: int) -> HttpResponse:
    """Propose an award for a mentor of the organisation (404 for others) for
    the year ``?year=``, with the mentor's results of that year beside the form."""
    organization = organization_or_404(request.user)
    mentor = _staff_mentor(request, mentor_pk)
    year = chosen_year(request)
    form = AwardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            propose_award(
                organization=organization, academic_year=year, mentor=mentor,
                actor=request.user, **form.cleaned_data,
            )
        except AwardError as error:
            form.add_award_error(error)
        else:
            messages.success(request, _("The award for %(name)s is proposed.") % {
                "name": mentor.participant.full_name,
            })
            return redirect(_year_url("reports:award_list", year))
    results = results_of(organization, year, mentor_ids=[mentor.pk])
    return render(request, "reports/award_form.html", {
        "form": form,
        "mentor": mentor,
        "academic_year": year,
        "result": results[0] if results else None,
        "creating": True,
    })


def _managed_award(request: HttpRequest, pk: int):
    return get_object_or_404(awards_visible_to(request.user), pk=pk)


@object_permission_required("reports.manage_awards")
def award_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an award's kind, reason or percentage; refused (with a message)
    once its order has left the draft."""
    award = _managed_award(request, pk)
    back = _year_url("reports:award_list", award.academic_year)
    if not award_is_editable(award):
        messages.error(request, _("The award is in an order that is with the director or signed: "
                                  "it can no longer be changed."))
        return redirect(back)
    form = AwardForm(request.POST or None, initial={
        "kind": award.kind, "reason": award.reason,
        "supplement_percent": award.supplement_percent,
    })
    if request.method == "POST" and form.is_valid():
        try:
            update_award(award, actor=request.user, **form.cleaned_data)
        except AwardError as error:
            form.add_award_error(error)
        else:
            messages.success(request, _("The award is saved."))
            return redirect(back)
    return render(request, "reports/award_form.html", {
        "form": form,
        "award": award,
        "mentor": award.mentor,
        "academic_year": award.academic_year,
        "creating": False,
    })


@object_permission_required("reports.manage_awards")
def award_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirmation page (GET) and deletion (POST) of an award; refused once its
    order has left the draft; in a draft order the award leaves the order."""
    award = _managed_award(request, pk)
    back = _year_url("reports:award_list", award.academic_year)
    if request.method == "POST":
        try:
            delete_award(award, actor=request.user)
        except AwardError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The award is deleted."))
        return redirect(back)
    return render(request, "reports/award_confirm_delete.html", {
        "award": award,
        "editable": award_is_editable(award),
        "back": back,
    })


@require_POST
@permission_required("reports.manage_awards", raise_exception=True)
def rewards_order_create(request: HttpRequest) -> HttpResponse:
    """Draft the rewards order from the year's awards outside an order (POST
    ``year``) and open it; back to the award list with the reason when refused."""
    organization = organization_or_404(request.user)
    pk = request.POST.get("year", "")
    year = AcademicYear.objects.filter(pk=pk).first() if pk.isdigit() else None
    year = year or AcademicYear.current()
    try:
        order = draft_rewards_order(organization=organization, academic_year=year, actor=request.user)
    except AwardError as error:
        messages.error(request, error.message)
    except PairError as error:  # the orders service's OrderError
        messages.error(request, str(error))
    else:
        messages.success(request, _("The rewards order is drafted: check it and submit it to the director."))
        return redirect("reports:order_detail", pk=order.pk)
    return redirect(_year_url("reports:award_list", year))

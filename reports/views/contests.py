"""The territory curator's contest pages (seed 002 items 10, 13): the
contests, announcing one with its criteria, the stages, the jury with its
progress (counts only until the closing), the closing, the ranking and the
results order. A contest of another territory, and every page for anyone
who is not the territory's curator, answers 404."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from mentoring.pages import page_of
from mentoring.selectors import territory_or_404

from .. import selectors_contests as selectors
from ..enums import ContestStage, OrderStatus
from ..forms_contests import (
    DEFAULT_CRITERIA,
    CloseForm,
    ContestForm,
    CriterionFormSet,
    JurorAccountForm,
    JurorPickForm,
    ResultsOrderForm,
    criteria_from,
)
from ..models import ContestJuror
from ..services import contest_jury, contests as service
from ..services.orders import OrderError
from ..services.orders import contest_results as results_service

NEXT_STAGE = {
    ContestStage.ANNOUNCED: ContestStage.NOMINATIONS,
    ContestStage.NOMINATIONS: ContestStage.JUDGING,
}


def _contest(request: HttpRequest, pk: int):
    return selectors.get_contest_for_coordinator(request.user, pk)


def contest_list(request: HttpRequest) -> HttpResponse:
    """The territory's contests with their stage and counts."""
    territory = territory_or_404(request.user)
    page = page_of(request, selectors.contests_of_territory(territory))
    return render(request, "reports/contests/contest_list.html", {"territory": territory, "page": page})


def _save_contest(request, form, formset, contest=None):
    data = form.cleaned_data
    terms = {
        "title": data["title"], "announcement": data["announcement"],
        "nominations_until": data["nominations_until"], "judging_until": data["judging_until"],
        "winners_count": data["winners_count"],
    }
    criteria = criteria_from(formset) if formset is not None else None
    if contest is None:
        return service.create_contest(territory=territory_or_404(request.user), actor=request.user,
                                      kind=data["kind"], criteria=criteria, **terms)
    return service.update_contest(contest, actor=request.user, criteria=criteria, **terms)


def contest_create(request: HttpRequest) -> HttpResponse:
    """Announce a contest: terms and the criteria with weights (a formset
    starting from a realistic methodology)."""
    territory = territory_or_404(request.user)
    form = ContestForm(request.POST or None)
    formset = CriterionFormSet(request.POST or None, prefix="criteria", initial=DEFAULT_CRITERIA)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            contest = _save_contest(request, form, formset)
        except service.ContestError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The contest is announced."))
            return redirect("reports:contest_detail", pk=contest.pk)
    return render(request, "reports/contests/contest_form.html",
                  {"form": form, "formset": formset, "territory": territory})


def contest_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the terms; the criteria only until judging starts."""
    contest = _contest(request, pk)
    if contest.stage not in service.OPEN_STAGES:
        messages.error(request, _("The contest is closed: its terms can no longer be changed."))
        return redirect("reports:contest_detail", pk=contest.pk)
    initial = {f: getattr(contest, f) for f in ("title", "announcement", "nominations_until",
                                                 "judging_until", "winners_count")}
    form = ContestForm(request.POST or None, initial=initial, editing=True)
    formset = None
    if contest.stage in service.EDITABLE_CRITERIA_STAGES:
        formset = CriterionFormSet(request.POST or None, prefix="criteria", initial=[
            {"title": c.title, "description": c.description, "weight": c.weight, "max_score": c.max_score}
            for c in contest.criteria.all()])
    if request.method == "POST" and form.is_valid() and (formset is None or formset.is_valid()):
        form.cleaned_data["kind"] = contest.kind
        try:
            _save_contest(request, form, formset, contest)
        except service.ContestError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The contest is saved."))
            return redirect("reports:contest_detail", pk=contest.pk)
    return render(request, "reports/contests/contest_form.html",
                  {"form": form, "formset": formset, "contest": contest})


def contest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The contest's terms, criteria, stage, jury with progress (counts, no
    values before closing) and nominations."""
    contest = _contest(request, pk)
    progress = selectors.jury_progress(contest)
    return render(request, "reports/contests/contest_detail.html", {
        "contest": contest,
        "criteria": list(contest.criteria.all()),
        "progress": progress,
        "nominations": list(selectors.contest_nominations(contest)),
        "next_stage": NEXT_STAGE.get(contest.stage),
        "next_stage_label": ContestStage(NEXT_STAGE[contest.stage]).label if contest.stage in NEXT_STAGE else "",
        "missing": service.missing_scores(contest) if contest.stage == ContestStage.JUDGING else 0,
        "pick_form": JurorPickForm(users=contest_jury.pickable_users(contest.territory)),
        "account_form": JurorAccountForm(),
        "close_form": CloseForm(),
        "jury_open": contest.stage in service.OPEN_STAGES,
        "new_juror_link": request.session.pop("contest_juror_link", None),
    })


def contest_stage(request: HttpRequest, pk: int) -> HttpResponse:
    """Move the contest to its next stage (nominations, judging); POST only,
    after the contest is found (404 first)."""
    contest = _contest(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        service.set_stage(contest, request.POST.get("stage", ""), actor=request.user)
    except service.ContestError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The contest is now at the stage «%(stage)s».")
                         % {"stage": contest.get_stage_display()})
    return redirect("reports:contest_detail", pk=contest.pk)


def contest_juror_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Put a staff member on the jury, or create a juror account (its one-time
    set-password link is shown once on the contest's page)."""
    contest = _contest(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        if request.POST.get("action") == "account":
            form = JurorAccountForm(request.POST)
            if not form.is_valid():
                raise service.ContestError(_("Give the login, the surname and the first name."))
            _juror, path = contest_jury.create_juror_account(contest, actor=request.user, **form.cleaned_data)
            request.session["contest_juror_link"] = request.build_absolute_uri(path)
        else:
            form = JurorPickForm(request.POST, users=contest_jury.pickable_users(contest.territory))
            if not form.is_valid():
                raise service.ContestError(_("Choose a staff member of the territory."))
            contest_jury.add_juror(contest, user=form.cleaned_data["user"], actor=request.user)
    except service.ContestError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The juror is added."))
    return redirect("reports:contest_detail", pk=contest.pk)


def contest_juror_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a juror (``pk``) who has not scored off the jury."""
    territory = territory_or_404(request.user)
    juror = get_object_or_404(ContestJuror.objects.select_related("user"), pk=pk,
                              contest__territory=territory)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        contest_jury.remove_juror(juror, actor=request.user)
    except service.ContestError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The juror is removed from the jury."))
    return redirect("reports:contest_detail", pk=juror.contest_id)


def contest_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close the judging and rank the nominations."""
    contest = _contest(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = CloseForm(request.POST)
    reason = form.cleaned_data["override_reason"] if form.is_valid() else ""
    try:
        service.close_contest(contest, actor=request.user, override_reason=reason)
    except service.ContestError as error:
        messages.error(request, error.message)
        return redirect("reports:contest_detail", pk=contest.pk)
    messages.success(request, _("The contest is closed and ranked."))
    return redirect("reports:contest_results", pk=contest.pk)


def contest_results(request: HttpRequest, pk: int) -> HttpResponse:
    """The ranking of a closed contest (totals, per-criterion weighted scores,
    places, tie notes) and its results order."""
    contest = _contest(request, pk)
    if contest.stage not in selectors.REVEALED_STAGES:
        messages.info(request, _("The ranking appears once the contest is closed."))
        return redirect("reports:contest_detail", pk=contest.pk)
    criteria = list(contest.criteria.all())
    ranked = {r.pk: r for r in service.compute_ranking(contest)}
    rows = []
    for nomination in selectors.contest_nominations(contest).filter(status="submitted"):
        entry = ranked.get(nomination.pk)
        rows.append({"nomination": nomination, "label": service.nomination_label(nomination),
                     "weighted": [entry.weighted.get(c.pk) for c in criteria] if entry else []})
    order = contest.order
    return render(request, "reports/contests/contest_results.html", {
        "contest": contest, "criteria": criteria, "rows": rows, "order": order,
        "order_content": _order_content(order),
        "can_draft": contest.stage == ContestStage.CLOSED and order is None,
        "can_edit_order": order is not None and order.status == OrderStatus.DRAFT,
    })


def _order_content(order):
    if order is None:
        return None
    from ..services.orders import document_content

    return document_content(order)


def contest_order(request: HttpRequest, pk: int) -> HttpResponse:
    """Draft the results order (default text) or edit the draft's text."""
    contest = _contest(request, pk)
    order = contest.order
    if order is not None and order.status != OrderStatus.DRAFT:
        messages.error(request, _("The results order is with the head or signed: it cannot be edited."))
        return redirect("reports:contest_results", pk=contest.pk)
    if order is not None:
        initial = {"title": order.title, "preamble": order.preamble, "points": "\n".join(order.points)}
    else:
        title, preamble, points = results_service.default_texts(contest)
        initial = {"title": title, "preamble": preamble, "points": "\n".join(points)}
    form = ResultsOrderForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if order is None:
                results_service.draft_results_order(contest, actor=request.user, **data)
            else:
                results_service.update_results_order(contest, actor=request.user, **data)
        except OrderError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The draft results order is saved."))
            return redirect("reports:contest_results", pk=contest.pk)
    return render(request, "reports/contests/contest_order.html",
                  {"contest": contest, "order": order, "form": form})


def contest_order_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the draft results order to the head for signature."""
    contest = _contest(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        results_service.submit_results_order(contest, actor=request.user)
    except OrderError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The results order is sent to the head for signature."))
    return redirect("reports:contest_results", pk=contest.pk)

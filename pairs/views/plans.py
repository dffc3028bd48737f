"""The personalised mentoring programme (seed 004 appendix), a mentor's «Мои
пары» and a mentee's «Мой наставник» (seed 000 stage 6)."""

from collections import defaultdict

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from rules.contrib.views import permission_required

from mentoring.permissions import object_permission_required

from mentoring.pages import file_response, page_of
from surveys.selectors import pending_responses_of

from ..enums import WORKING_STATUSES, PairStatus
from ..errors import PairError
from ..forms.plans import PlanForm, PlanItemForm
from ..models import Pair, PersonalPlan, PlanItem
from ..selectors import is_staff_of, pairs_of_user, pairs_visible_to, with_members
from ..services.plans import (
    add_plan_item,
    delete_plan_item,
    export_plan_pdf,
    is_plan_mentor,
    may_edit_plan,
    next_meeting_due,
    percent,
    plan_document,
    plans_by_pair,
    save_plan,
    suggested_header,
    update_plan_item,
    with_plan_progress,
)

ENDED_STATUSES = (PairStatus.COMPLETED, PairStatus.TERMINATED)
WAITING_STATUSES = (PairStatus.DRAFT, PairStatus.PROPOSED)
# pending feedback forms listed on «Мой наставник»; the rest are on «Анкеты»
PENDING_SHOWN = 20
MEETINGS_SHOWN = 10



def _visible_pair(user, pk: int) -> Pair:
    """The pair ``pk`` with its members, if ``user`` sees it; Http404 otherwise."""
    return get_object_or_404(with_members(pairs_visible_to(user)), pk=pk)


def _mentor_pair(user, pk: int) -> Pair:
    """The pair ``pk`` if ``user`` is its mentor; Http404 for everybody else, as
    if the pair did not exist (like get_pair_for_meeting_log)."""
    pair = _visible_pair(user, pk)
    if not is_plan_mentor(user, pair):
        raise Http404
    return pair


def _refuse_if_read_only(request: HttpRequest, pair: Pair) -> HttpResponse | None:
    if pair.status in WORKING_STATUSES:
        return None
    messages.error(
        request,
        _("The programme is changed only while the pair is approved or active; this one is «%(status)s».")
        % {"status": pair.get_status_display()},
    )
    return redirect("pairs:plan", pk=pair.pk)


def _add_error(form, error: PairError) -> None:
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, str(error))


# --- «Мои пары» and «Мой наставник» ------------------------------------------------------


@permission_required("pairs.view_pairs", raise_exception=True)
def my_pairs(request: HttpRequest) -> HttpResponse:
    """A mentor's pairs and groups, newest first: status, mentees, the
    programme's progress, last and next-due meeting (seed 000 6.4), the
    feedback forms still to fill; and, for a user who is also a mentee, a card
    of their mentor leading to «Мой наставник»."""
    own = pairs_of_user(request.user)
    page = page_of(request, with_plan_progress(own["as_mentor"]))
    rows = _mentor_rows(request.user, page.object_list)
    mentee_pairs = own["as_mentee"].filter(status__in=WORKING_STATUSES)
    return render(
        request,
        "pairs/my_pairs.html",
        {"mentor_page": page, "rows": rows, "mentee_pairs": mentee_pairs},
    )


def _mentor_rows(user, pairs) -> list[dict]:
    pairs = list(pairs)
    pending = defaultdict(list)
    responses = pending_responses_of(user).filter(meeting__pair__in=[p.pk for p in pairs])
    for response in responses:
        pending[response.meeting.pair_id].append(response)
    return [
        {
            "pair": pair,
            "working": pair.status in WORKING_STATUSES,
            "percent": percent(pair.plan_done, pair.plan_items),
            "next_due": next_meeting_due(pair),
            "pending": pending[pair.pk],
        }
        for pair in pairs
    ]


@permission_required("pairs.view_pairs", raise_exception=True)
def my_mentor(request: HttpRequest) -> HttpResponse:
    """A mentee's current pairs (approved or active): the mentor and how to reach
    them, the programme (read-only), the meetings, and the mentee's feedback
    forms still to fill. Earlier pairs are listed below; without a current
    pair, the page says what happens next."""
    own = pairs_of_user(request.user)["as_mentee"]
    page = page_of(request, own.filter(status__in=WORKING_STATUSES).prefetch_related("meetings"))
    plans = plans_by_pair(pair.pk for pair in page.object_list)
    current = [
        {
            "pair": pair,
            "doc": plan_document(pair, request.user, plan=plans.get(pair.pk)),
            "meetings": list(pair.meetings.all())[:MEETINGS_SHOWN],
            "next_due": next_meeting_due(pair),
        }
        for pair in page.object_list
    ]
    pending = pending_responses_of(request.user)
    return render(
        request,
        "pairs/my_mentor.html",
        {
            "page_obj": page,
            "current": current,
            "waiting": own.filter(status__in=WAITING_STATUSES).exists(),
            "past": page_of(request, own.filter(status__in=ENDED_STATUSES), "past_page"),
            "pending": pending[:PENDING_SHOWN],
            "pending_count": pending.count(),
        },
    )


# --- The programme ------------------------------------------------------------------------


@object_permission_required("pairs.view_pairs")
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The pair's programme in the seed's layout, read-only except for the pair's
    mentor while the pair works; 404 outside the user's reach."""
    pair = _visible_pair(request.user, pk)
    context = plan_document(pair, request.user)
    context.update(
        can_edit=may_edit_plan(request.user, pair),
        is_staff=is_staff_of(request.user, pair.organization),
    )
    return render(request, "pairs/plans/plan.html", context)


@object_permission_required("pairs.view_pairs")
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Create or change the programme's header (the pair's mentor only)."""
    pair = _mentor_pair(request.user, pk)
    refused = _refuse_if_read_only(request, pair)
    if refused:
        return refused
    instance = PersonalPlan.objects.filter(pair=pair).first()
    initial = suggested_header(pair) if instance is None else None
    form = PlanForm(request.POST or None, instance=instance, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            save_plan(pair, actor=request.user, **form.cleaned_data)
        except PairError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("The personalised programme is saved."))
            return redirect("pairs:plan", pk=pair.pk)
    return render(
        request, "pairs/plans/plan_form.html", {"pair": pair, "form": form, "creating": instance is None}
    )


def _plan_or_redirect(request: HttpRequest, pair: Pair):
    plan = PersonalPlan.objects.filter(pair=pair).first()
    if plan is None:
        messages.info(request, _("Fill in the programme's explanatory note and dates first."))
        return None, redirect("pairs:plan_edit", pk=pair.pk)
    return plan, None


@object_permission_required("pairs.view_pairs")
def item_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an activity to the plan (the pair's mentor only)."""
    pair = _mentor_pair(request.user, pk)
    refused = _refuse_if_read_only(request, pair)
    if refused:
        return refused
    plan, redirect_to = _plan_or_redirect(request, pair)
    if redirect_to:
        return redirect_to
    form = PlanItemForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            add_plan_item(pair, actor=request.user, **form.cleaned_data)
        except PairError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("The activity is added to the plan."))
            if "add_another" in request.POST:
                return redirect("pairs:plan_item_create", pk=pair.pk)
            return redirect(reverse("pairs:plan", args=[pair.pk]) + "#plan-items")
    return render(
        request, "pairs/plans/item_form.html", {"pair": pair, "plan": plan, "form": form, "item": None}
    )


def _item(pair: Pair, item_pk: int) -> PlanItem:
    return get_object_or_404(PlanItem.objects.select_related("plan"), plan__pair=pair, pk=item_pk)


@object_permission_required("pairs.view_pairs")
def item_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Change an activity of the plan, mark it done with the evidence (the pair's
    mentor only)."""
    pair = _mentor_pair(request.user, pk)
    item = _item(pair, item_pk)
    refused = _refuse_if_read_only(request, pair)
    if refused:
        return refused
    form = PlanItemForm(request.POST or None, instance=item, plan=item.plan)
    if request.method == "POST" and form.is_valid():
        try:
            update_plan_item(item, actor=request.user, **form.cleaned_data)
        except PairError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("The activity is saved."))
            return redirect(reverse("pairs:plan", args=[pair.pk]) + "#plan-items")
    return render(
        request, "pairs/plans/item_form.html", {"pair": pair, "plan": item.plan, "form": form, "item": item}
    )


@object_permission_required("pairs.view_pairs")
def item_delete(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """GET: ask to confirm; POST: delete the activity (the pair's mentor only)."""
    pair = _mentor_pair(request.user, pk)
    item = _item(pair, item_pk)
    refused = _refuse_if_read_only(request, pair)
    if refused:
        return refused
    if request.method == "POST":
        try:
            delete_plan_item(item, actor=request.user)
        except PairError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The activity is deleted from the plan."))
        return redirect(reverse("pairs:plan", args=[pair.pk]) + "#plan-items")
    return render(request, "pairs/plans/item_confirm_delete.html", {"pair": pair, "item": item})


@object_permission_required("pairs.view_pairs")
def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The programme as a PDF in the seed's layout, for everybody who sees the
    pair (a mentee of a group finds only their own details in it)."""
    pair = _visible_pair(request.user, pk)
    # Rendered in the request on purpose (issue 13 moved slow documents to the
    # worker): one pair, a few pages, about 0.1 s (0.7 s in a cold process), the
    # user's own download of live data; nothing is stored.
    rendered = export_plan_pdf(pair, actor=request.user)
    return file_response(rendered.content, content_type=rendered.content_type, filename=rendered.filename)


# --- The slot on the pair's page ------------------------------------------------------------


def detail_context(request, pair) -> dict:
    """Extra context of the pair's page: ``plan_info`` = {"exists", "done",
    "total", "percent", "starts_on", "ends_on", "can_edit"} (one query)."""
    rows = (
        PersonalPlan.objects.filter(pair=pair)
        .values("starts_on", "ends_on")
        .annotate(total=_count_items(), done=_count_items(done=True))[:1]
    )
    summary = next(iter(rows), None)
    info = {"exists": summary is not None, "can_edit": may_edit_plan(request.user, pair)}
    if summary is not None:
        info.update(summary, percent=percent(summary["done"], summary["total"]))
    return {"plan_info": info}


def _count_items(**filters) -> Count:
    condition = Q(**{"items__" + k: v for k, v in filters.items()}) if filters else None
    return Count("items", filter=condition)

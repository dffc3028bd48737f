"""Ending a pair (seed 004 §7) and the meeting cadence (seed 000 6.4: «не реже
одного раза в две недели»): the list of pairs that broke it and the reminder."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from mentoring.permissions import object_permission_required

from mentoring.pages import page_of
from mentoring.jobs import BackgroundUnavailable, enqueue_on_commit, require_background
from mentoring.selectors import organization_or_404

from ..enums import PairStatus
from ..errors import PairError
from ..forms.lifecycle import CadenceFilterForm, EndPairForm
from ..selectors import name_search_q, pairs_visible_to, with_members
from ..services.cadence import breaching_pairs, days_without_meeting, mentor_email
from ..services.lifecycle import end_outcomes_for, end_pair, may_end_pair
from ..tasks import task_remind_inactive_pairs

# --- Ending a pair ----------------------------------------------------------------------


@object_permission_required("pairs.view_pairs")
def end(request: HttpRequest, pk: int) -> HttpResponse:
    """Complete or terminate a pair: a form that is its own confirmation page.

    Curators and the director of the pair's organisation only; 404 for anybody
    else, as if the pair did not exist."""
    pair = get_object_or_404(with_members(pairs_visible_to(request.user)), pk=pk)
    if not may_end_pair(request.user, pair):
        raise Http404
    if not end_outcomes_for(pair):
        messages.error(request, _("Only approved or active pairs can be ended."))
        return redirect(pair)
    form = EndPairForm(request.POST or None, pair=pair)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            end_pair(
                pair, outcome=data["outcome"], actor=request.user, initiative=data["initiative"],
                reason=data["reason"], ended_on=data["ended_on"],
            )
        except PairError as error:
            form.add_error(None, str(error))
        else:
            if pair.status == PairStatus.COMPLETED:
                messages.success(request, _("The pair has completed its programme."))
            else:
                messages.success(request, _("The pair is terminated."))
            return redirect(pair)
    return render(request, "pairs/lifecycle/end_form.html", {"pair": pair, "form": form})


def detail_context(request, pair) -> dict:
    """Context of the slot includes/detail_end.html: ``can_end_pair`` (bool)."""
    return {"can_end_pair": bool(end_outcomes_for(pair)) and may_end_pair(request.user, pair)}


# --- The meeting cadence -------------------------------------------------------------------


def _breaches(organization, filters: CadenceFilterForm):
    qs = breaching_pairs(organization)
    if filters.is_valid():
        if filters.cleaned_data.get("form") is not None:
            qs = qs.filter(form=filters.cleaned_data["form"])
        if filters.cleaned_data.get("q", "").strip():
            qs = qs.filter(name_search_q(filters.cleaned_data["q"], "mentor__participant__"))
    return qs


def _filter_query(filters: CadenceFilterForm) -> dict:
    if not filters.is_valid():
        return {}
    data = filters.cleaned_data
    query = {"form": data["form"].pk if data.get("form") else "", "q": data.get("q", "").strip()}
    return {key: value for key, value in query.items() if value}


@permission_required("pairs.view_all_pairs", raise_exception=True)
def cadence(request: HttpRequest) -> HttpResponse:
    """Working pairs of the organisation with no meeting for more than
    MEETING_MAX_GAP_DAYS days, the longest gap first, filtered and paginated."""
    organization = organization_or_404(request.user)
    filters = CadenceFilterForm(request.GET)
    page = page_of(request, _breaches(organization, filters))
    today = timezone.localdate()
    for pair in page:
        pair.gap_days = days_without_meeting(pair, today)
        pair.mentor_email = mentor_email(pair.mentor)
    query = _filter_query(filters)
    return render(
        request,
        "pairs/lifecycle/cadence.html",
        {
            "filters": filters,
            "page_obj": page,
            "query": urlencode(query),
            "filtered": bool(query),
            "max_gap_days": settings.MEETING_MAX_GAP_DAYS,
        },
    )


@require_POST
@permission_required("pairs.view_all_pairs", raise_exception=True)
def remind(request: HttpRequest) -> HttpResponse:
    """Queue the cadence reminder for one pair (``one``), the ticked ones
    (``pair``) or all listed under the filters (``all``); the mentors are
    written to even if they were reminded lately."""
    organization = organization_or_404(request.user)
    filters = CadenceFilterForm(request.POST)
    qs = _breaches(organization, filters)
    if request.POST.get("all"):
        chosen = qs
    else:
        wanted = [request.POST.get("one", "")] if request.POST.get("one") else request.POST.getlist("pair")
        chosen = qs.filter(pk__in=[pk for pk in wanted if pk.isdigit()])
    pairs = list(chosen)
    back = reverse("pairs:cadence")
    query = _filter_query(filters)
    if request.POST.get("page", "").isdigit():
        query["page"] = request.POST["page"]
    if query:
        back += "?" + urlencode(query)
    if not pairs:
        messages.error(request, _("Choose at least one pair that broke the meeting cadence."))
        return redirect(back)
    _queue_reminders(request, pairs)
    return redirect(back)


def _reminder_queued(request: HttpRequest, pairs: list) -> bool:
    """Queue the reminder of ``pairs``; False, with the user's message, when
    the background service does not answer (nothing is sent or marked)."""
    unsent: list[str] = []
    try:
        require_background()
    except BackgroundUnavailable as error:
        unsent.append(error.message)
    else:
        enqueue_on_commit(
            task_remind_inactive_pairs,
            on_unsent=unsent.append,  # outside a transaction the job is sent at once
            pair_ids=[pair.pk for pair in pairs],
            force=True,
            requested_at=timezone.now().isoformat(),
            actor_id=request.user.pk,
        )
    if unsent:
        messages.error(request, unsent[0])
    return not unsent


def _queue_reminders(request: HttpRequest, pairs: list) -> None:
    sendable = [pair for pair in pairs if mentor_email(pair.mentor)]
    silent = sorted({
        pair.mentor_id: pair.mentor.participant.short_name
        for pair in pairs if not mentor_email(pair.mentor)
    }.values())
    if sendable and not _reminder_queued(request, sendable):
        return
    if sendable:
        mentors = len({pair.mentor_id for pair in sendable})
        messages.success(
            request,
            ngettext(
                "The reminder is queued: %(mentors)d mentor will get an e-mail (pairs and groups: %(pairs)d).",
                "The reminder is queued: %(mentors)d mentors will get an e-mail (pairs and groups: %(pairs)d).",
                mentors,
            ) % {"mentors": mentors, "pairs": len(sendable)},
        )
    if silent:
        messages.warning(
            request,
            _("No e-mail is known for these mentors, they were not reminded: %(names)s.")
            % {"names": ", ".join(silent)},
        )

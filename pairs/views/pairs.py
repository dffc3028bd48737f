"""Pages of pairs and groups: forming, the director's approval, lists, a pair's
page, the participant's own pairs and logging a meeting (seed 000 stages 5–6)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from rules.contrib.views import permission_required

from mentoring.permissions import object_permission_required

from mentoring.jobs import BackgroundUnavailable
from mentoring.pages import page_of
from mentoring.selectors import organization_or_404
from mentoring.trail import trail_context

from surveys.selectors import pending_links_for_pair

from ..enums import WORKING_STATUSES
from ..errors import PairError
from ..filters import PairFilter
from ..forms import DecisionForm, MeetingForm
from ..selectors import (
    get_pair_detail_for_user,
    get_pair_for_meeting_log,
    is_partner_view,
    is_staff_of,
    may_log_meeting,
    pair_records,
    pairs_seen_by,
    proposed_pairs,
    with_inactivity,
    with_members,
)
from ..services.approval import approve_pairs, return_pairs
from ..services.meetings import log_meeting



# --- Lists ----------------------------------------------------------------------------


@permission_required("pairs.view_all_pairs", raise_exception=True)
def list(request: HttpRequest) -> HttpResponse:  # noqa: A001 - URL contract name
    """All pairs of the user's organisation, and those other organisations
    formed with its mentors (marked, read-only), filtered and paginated."""
    qs = with_inactivity(with_members(pairs_seen_by(request.user))).order_by("-created_at", "-pk")
    pair_filter = PairFilter(request.GET or None, queryset=qs)
    page = page_of(request, pair_filter.qs)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "pairs/pair_list.html",
        {"filter": pair_filter, "page_obj": page, "query": query.urlencode()},
    )


@object_permission_required("pairs.view_pairs")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A pair's page: members, status history, order, meetings (404 outside reach)."""
    pair = get_pair_detail_for_user(request.user, pk)
    if is_partner_view(request.user, pair):
        # the mentor's organisation: the pair's work, the mentees' names only
        return render(request, "pairs/pair_detail_partner.html", {
            "pair": pair, "history": pair.status_changes.all(), "meetings": pair.meetings.all(),
        })
    is_staff = is_staff_of(request.user, pair.organization)
    is_mentor = pair.mentor.participant.user_id == request.user.pk
    context = {
        "pair": pair,
        "is_staff": is_staff,
        "is_mentor": is_mentor,
        "show_mentee_contacts": is_staff or is_mentor,
        "can_log_meeting": pair.status in WORKING_STATUSES and may_log_meeting(request.user, pair),
        "history": pair.status_changes.select_related("actor"),
        "meetings": pair.meetings.all(),
        # one-time feedback links for members without an account (seed 000 6.4)
        "feedback_links": [
            (link.participant, request.build_absolute_uri(link.url))
            for link in pending_links_for_pair(pair)
        ] if is_staff or is_mentor else [],
        **trail_context(request, *pair_records(pair)),
    }
    # each area fills its slot of the page (includes/detail_<area>.html)
    from . import lifecycle, matching, plans

    for area in (matching, plans, lifecycle):
        context.update(area.detail_context(request, pair))
    return render(request, "pairs/pair_detail.html", context)


# --- Approval (director) -----------------------------------------------------------------


@permission_required("pairs.approve_pairs", raise_exception=True)
def approval_queue(request: HttpRequest) -> HttpResponse:
    """Proposed pairs with «Approve» (issues the order) and «Return for revision»."""
    organization = organization_or_404(request.user)
    queue = proposed_pairs(organization)
    decision = DecisionForm(request.POST or None, queryset=queue)
    if request.method == "POST" and decision.is_valid():
        chosen = [*decision.cleaned_data["pairs"]]
        try:
            if decision.cleaned_data["action"] == DecisionForm.APPROVE:
                order = approve_pairs(chosen, actor=request.user)
                messages.success(request, _approved_message(order, len(chosen)))
            else:
                return_pairs(chosen, actor=request.user, comment=decision.cleaned_data["comment"])
                messages.success(
                    request,
                    _("Returned to the curator for revision: %(count)d.") % {"count": len(chosen)},
                )
        except PairError as error:
            messages.error(request, str(error))
        except BackgroundUnavailable as error:  # the order's documents could not be queued
            messages.error(request, error.message)
        return redirect("pairs:approval_queue")
    return render(
        request, "pairs/approval_queue.html", {"page_obj": page_of(request, queue), "decision": decision}
    )


def _approved_message(order, count: int):
    return format_html(
        '{} <a href="{}" class="alert-link">{}</a> · <a href="{}" class="alert-link">{}</a>',
        _("Pairs and groups approved: %(count)d. Order No. %(number)s of %(date)s is issued.")
        % {"count": count, "number": order.number, "date": order.issued_on.strftime("%d.%m.%Y")},
        reverse("reports:order_download", args=[order.pk]),
        _("Download the order (PDF)"),
        reverse("reports:order_detail", args=[order.pk]),
        _("Open the order"),
    )


# --- Meetings ------------------------------------------------------------------------------


@object_permission_required("pairs.view_pairs")
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Log a meeting of a pair: its mentor (or a curator); 404 for everybody else."""
    pair = get_pair_for_meeting_log(request.user, pk)
    if pair.status not in WORKING_STATUSES:
        messages.error(request, _("Meetings are logged only for approved or active pairs."))
        return redirect(pair)
    meeting_form = MeetingForm(request.POST or None, pair=pair)
    if request.method == "POST" and meeting_form.is_valid():
        try:
            log_meeting(pair, actor=request.user, **meeting_form.cleaned_data)
        except PairError as error:
            meeting_form.add_error(None, str(error))
        else:
            messages.success(request, _("The meeting is saved."))
            return redirect(pair)
    return render(request, "pairs/meeting_form.html", {"pair": pair, "form": meeting_form})

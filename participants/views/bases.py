"""The mentor and mentee bases and a participant's card."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from rules.contrib.views import permission_required

from mentoring.permissions import object_permission_required
from mentoring.trail import trail_context

from ..filters import MenteeFilter, MentorFilter
from ..forms import ConsentForm
from ..selectors import (
    get_participant_for_user,
    mentees_visible_to,
    mentors_visible_to,
    participant_records,
)
from mentoring.pages import page_of

from .common import profile_of

# Order of a base on its pages and in its export.
BASE_ORDER = ("participant__surname", "participant__name", "participant__patronymic", "pk")


def base_filterset(request, queryset, filter_class):
    """``filter_class`` bound to the request's GET parameters (search and
    filters) over ``queryset`` in name order; its ``.qs`` is the list shown on
    the page and exported (``views.exports``)."""
    return filter_class(request.GET or None, queryset=queryset.order_by(*BASE_ORDER), user=request.user)


def _base_page(request, queryset, filter_class, kind: str, heading):
    """A base (``kind`` "mentors" or "mentees") as a page: ``filter_class``
    search and filters over ``queryset`` ordered by name, paginated
    (``settings.PAGE_SIZE``), in ``participants/<kind minus s>_list.html``.
    Context: ``heading``, ``kind``, ``list_url``, ``export_url``, ``filter``,
    ``page``, ``filtered`` (any filter in use: the empty state offers a reset)."""
    filterset = base_filterset(request, queryset, filter_class)
    singular = kind[:-1]
    return render(request, f"participants/{singular}_list.html", {
        "heading": heading,
        "kind": kind,
        "list_url": reverse(f"participants:{singular}_list"),
        "export_url": reverse(f"participants:{singular}_export"),
        "filter": filterset,
        "page": page_of(request, filterset.qs),
        "filtered": any(request.GET.get(k) for k in filterset.filters),
    })


@permission_required("participants.view_bases", raise_exception=True)
def mentor_list(request):
    """The mentor base: search, filters, pages."""
    return _base_page(
        request, mentors_visible_to(request.user), MentorFilter, "mentors", _("Mentor base")
    )


@permission_required("participants.view_bases", raise_exception=True)
def mentee_list(request):
    """The mentee base: search, filters, pages."""
    return _base_page(
        request, mentees_visible_to(request.user), MenteeFilter, "mentees", _("Mentee base")
    )


@object_permission_required("participants.view_bases")
def participant_detail(request, pk: int):
    """A participant's card: profile, consents, mentor/mentee profile, pairs."""
    participant = get_participant_for_user(request.user, pk)
    mentor = profile_of(participant, "mentor_profile")
    mentee = profile_of(participant, "mentee_profile")
    mentor_pairs = (
        mentor.pairs.select_related("form", "kind", "academic_year")
        .prefetch_related("mentees__participant") if mentor else []
    )
    mentee_pairs = (
        mentee.pairs.select_related("form", "kind", "academic_year", "mentor__participant")
        if mentee else []
    )
    can_record = request.user.has_perm("participants.record_consent")
    return render(request, "participants/participant_detail.html", {
        "participant": participant,
        "mentor": mentor,
        "mentee": mentee,
        "mentor_pairs": mentor_pairs,
        "mentee_pairs": mentee_pairs,
        "consent_form": ConsentForm(participant=participant) if can_record else None,
        **trail_context(request, *participant_records(participant), hidden=(
            {"birth_date", "phone", "email"} if participant.personal_data_hidden else ()
        )),
    })

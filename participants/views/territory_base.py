"""Pages of the territory's mentor base (seed 002 items 6, 7, 11): the search for
the curators and directors of the territory's organisations and the territory
curator, a mentor's entry (the mentor on «Мой профиль наставника», the curator
of their organisation, the territory curator for a registered specialist), the
registration of specialists and the yearly update (territory curator).

Keyed URLs answer 404 outside the user's reach; the search never shows an
e-mail, a phone or a birth date."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from rules.contrib.views import permission_required

from mentoring.enums import Role
from mentoring.models import AcademicYear
from mentoring.pages import page_of
from mentoring.selectors import organization_of, roles_of, territory_or_404

from ..enums import ListingStatus
from ..filters_territory import ListingFilter
from ..forms.territory import ListingForm, SpecialistForm
from ..models import Mentor, MentorListing
from ..selectors_territory import base_territory_or_404, listed_mentors, managed_mentor_or_404
from ..services.territory_base import (
    ListingError,
    has_territory_consent,
    publish_listing,
    record_own_territory_consent,
    register_specialist,
    remove_listing,
    specialist_organizations,
)
from ..services.territory_update import (
    confirm_listing,
    expire_unconfirmed,
    in_window,
    start_update,
    unconfirmed,
    update_started,
    update_window,
)

SEARCH = "participants.search_territory_base"
MANAGE = "participants.manage_territory_base"


# --- the search ----------------------------------------------------------------------


@permission_required(SEARCH, raise_exception=True)
def territory_base(request: HttpRequest) -> HttpResponse:
    """The listed mentors of the user's territory: filters, a page of 25, free
    places across organisations; «Пригласить» for curators of another
    organisation than the mentor's."""
    territory = base_territory_or_404(request.user)
    listing_filter = ListingFilter(request.GET or None, queryset=listed_mentors(territory))
    page = page_of(request, listing_filter.qs)
    organization = organization_of(request.user)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "participants/territory/base_list.html", {
        "territory": territory, "filter": listing_filter, "page_obj": page,
        "query": query.urlencode(),
        "may_invite": bool(roles_of(request.user, organization) & {Role.CURATOR, Role.ADMIN}),
        "own_organization_id": organization.pk if organization else None,
        "is_coordinator": request.user.has_perm(MANAGE),
    })


# --- a mentor's entry ----------------------------------------------------------------


def _listing_of(mentor: Mentor) -> MentorListing | None:
    return MentorListing.objects.filter(mentor=mentor).prefetch_related("forms").first()


def _entry_page(request, mentor: Mentor, *, own: bool, back_url: str) -> HttpResponse:
    """Publish / update, remove and confirm the entry of ``mentor``: one page,
    the action in the POST."""
    listing = _listing_of(mentor)
    consent = has_territory_consent(mentor.participant)
    ask_consent = own and not consent
    initial = {}
    if listing is not None:
        initial = {"offered_forms": list(listing.forms.all()), "about": listing.about}
    action = request.POST.get("action", "publish") if request.method == "POST" else None
    form = ListingForm(request.POST if action == "publish" else None, initial=initial,
                       category=mentor.participant.category, ask_consent=ask_consent)
    if action is not None:
        try:
            done = _entry_action(request, action, mentor, listing, form, ask_consent)
        except ListingError as error:
            if action == "publish":
                form.add_error(None, error.message)
            else:
                messages.error(request, error.message)
                return redirect(request.path)
        else:
            if done:
                messages.success(request, done)
                return redirect(request.path)
    year = AcademicYear.current()
    return render(request, "participants/territory/listing_form.html", {
        "mentor": mentor, "participant": mentor.participant, "listing": listing, "form": form,
        "own": own, "has_consent": consent, "back_url": back_url,
        "territory": mentor.participant.organization.territory,
        "listed": listing is not None and listing.status == ListingStatus.LISTED,
        "needs_confirmation": listing is not None and listing.status == ListingStatus.LISTED
        and listing.confirmed_year_id != year.pk,
        "update_open": in_window(timezone.localdate()), "year": year,
    })


def _entry_action(request, action, mentor, listing, form, ask_consent) -> str | None:
    """Run ``action``; the success message, or None when the form has errors."""
    if action == "publish":
        if not form.is_valid():
            return None
        with transaction.atomic():  # the consent and the entry, or neither
            if ask_consent:
                record_own_territory_consent(mentor, actor=request.user)
            publish_listing(mentor, forms=form.cleaned_data["offered_forms"],
                            about=form.cleaned_data["about"], actor=request.user)
        return _("The entry is published in the territory's mentor base.")
    if listing is None:
        raise ListingError(_("The mentor is not in the territory base."))
    if action == "remove":
        remove_listing(listing, actor=request.user)
        return _("The mentor is removed from the territory's mentor base.")
    if action == "confirm":
        confirm_listing(listing, actor=request.user)
        return _("The entry is confirmed for this academic year.")
    raise Http404


def my_listing(request: HttpRequest) -> HttpResponse:
    """The signed-in mentor's own entry (from «Мой профиль наставника»)."""
    if not request.user.has_perm("participants.edit_own_mentor_profile"):
        raise Http404
    mentor = Mentor.objects.select_related("participant__organization__territory").filter(
        participant__user=request.user).first()
    if mentor is None:
        raise Http404
    return _entry_page(request, mentor, own=True, back_url=reverse("participants:my_profile"))


def listing_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The entry of mentor ``pk``: a curator of the mentor's organisation, the
    territory curator for a registered specialist; 404 for anyone else."""
    mentor = managed_mentor_or_404(request.user, pk)
    if mentor.participant.user_id == request.user.pk:
        return redirect("participants:my_listing")
    if request.user.has_perm(MANAGE):
        back = reverse("participants:territory_base")
    else:
        back = reverse("participants:participant_detail", args=[mentor.participant_id])
    return _entry_page(request, mentor, own=False, back_url=back)


# --- the territory curator ------------------------------------------------------------


@permission_required(MANAGE, raise_exception=True)
def specialist_register(request: HttpRequest) -> HttpResponse:
    """Register an enterprise's or a university's specialist (seed 002 item 11)."""
    territory = territory_or_404(request.user)
    form = SpecialistForm(request.POST or None, organizations=specialist_organizations(territory))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            register_specialist(
                territory=territory, actor=request.user, organization=data["organization"],
                new_organization_name=data["new_organization_name"],
                new_organization_kind=data["new_organization_kind"], surname=data["surname"],
                name=data["name"], patronymic=data["patronymic"], position=data["position"],
                competencies=data["competencies"], capacity=data["capacity"],
                forms=data["offered_forms"], about=data["about"],
                consent_given_on=data["consent_given_on"],
                consent_received_via=data["consent_received_via"],
            )
        except ListingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The specialist is registered and listed in the "
                                        "territory's mentor base."))
            return redirect("participants:territory_base")
    return render(request, "participants/territory/specialist_form.html",
                  {"form": form, "territory": territory})


@permission_required(MANAGE, raise_exception=True)
def listing_update(request: HttpRequest) -> HttpResponse:
    """The yearly update (seed 002 item 7): start it (e-mails), who has not
    answered, remove the unconfirmed entries after 31 October."""
    territory = territory_or_404(request.user)
    today = timezone.localdate()
    year = AcademicYear.current(today)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "expire":
                count = expire_unconfirmed(today=today, territory=territory, actor=request.user)
                messages.success(request, _("Entries removed from the base: %(count)d.")
                                 % {"count": count})
            else:
                count = start_update(territory, actor=request.user, today=today)
                messages.success(request, _("The update is started; mentors asked: %(count)d.")
                                 % {"count": count})
        except ListingError as error:
            messages.error(request, error.message)
        return redirect("participants:listing_update")
    waiting = unconfirmed(listed_mentors(territory), year)
    start, deadline = update_window(today)
    return render(request, "participants/territory/update.html", {
        "territory": territory, "year": year, "start": start, "deadline": deadline,
        "open": in_window(today), "after_deadline": today > deadline,
        "started_at": update_started(territory, year), "page_obj": page_of(request, waiting),
        "listed": listed_mentors(territory).count(),
    })


urlpatterns = [
    path("base/", territory_base, name="territory_base"),
    path("base/me/", my_listing, name="my_listing"),
    path("base/mentors/<int:pk>/", listing_edit, name="listing_edit"),
    path("base/specialists/new/", specialist_register, name="specialist_register"),
    path("base/update/", listing_update, name="listing_update"),
]

"""The yearly update of the territory's mentor base (seed 002 item 7:
«Обновление муниципальной базы наставников — ежегодно, сентябрь–октябрь»).

How it runs (decided here, documented in the README):

- The update window of an academic year is 1 September – 31 October. A
  listing is *confirmed* for the year when ``confirmed_year`` is that year;
  publishing a listing confirms it for the current year.
- The territory curator starts the update on the page «Обновление базы»
  (:func:`start_update`, only inside the window): every listed mentor not yet
  confirmed is asked by e-mail (``participants.notify_listing_update``) and on
  their profile page to confirm or leave; starting again re-sends the e-mail to
  those who have not answered. The page lists who has not answered.
- After 31 October the unconfirmed entries leave the base
  (:func:`expire_unconfirmed`): every day by the beat task
  ``participants.expire_territory_listings`` (idempotent; nothing to do inside
  the window), or at once by the curator's button on the same page.
"""

import datetime

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.jobs import enqueue_on_commit
from mentoring.models import AcademicYear
from mentoring.selectors import audit_events, territory_of
from mentoring.services import log_action

from ..enums import ListingStatus
from ..models import MentorListing
from .territory_base import REMOVED_UNCONFIRMED, ListingError, may_manage_listing

STARTED_EVENT = "participants.listing_update.started"


def update_window(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """First and last day (1 September, 31 October) of the update of the
    academic year containing ``day``."""
    _title, start, _end = AcademicYear.bounds_for(day)
    return start, datetime.date(start.year, 10, 31)


def in_window(day: datetime.date) -> bool:
    start, deadline = update_window(day)
    return start <= day <= deadline


def unconfirmed(qs: QuerySet[MentorListing], year: AcademicYear) -> QuerySet[MentorListing]:
    """Listed entries of ``qs`` not confirmed for ``year``."""
    return qs.filter(status=ListingStatus.LISTED).filter(
        Q(confirmed_year__isnull=True) | ~Q(confirmed_year=year)
    )


def update_started(territory, year: AcademicYear) -> datetime.datetime | None:
    """When the territory curator first started the update of ``year``, or None."""
    entry = (
        audit_events(STARTED_EVENT)
        .filter(additional_data__territory=territory.pk, additional_data__year=year.title)
        .order_by("timestamp").first()
    )
    return entry.timestamp if entry else None


def start_update(territory, *, actor, today: datetime.date | None = None) -> int:
    """Ask every listed, not yet confirmed mentor of ``territory`` to confirm or
    leave (e-mail after commit). Returns how many were asked. Raises
    ListingError outside 1 September – 31 October or when the actor is not the
    territory's curator. Audited as ``participants.listing_update.started``."""
    today = today or timezone.localdate()
    own = territory_of(actor)
    if own is None or own.pk != territory.pk:
        raise ListingError(_("Only the territory curator starts the update of the base."))
    if not in_window(today):
        raise ListingError(_("The yearly update of the base runs from 1 September to 31 "
                             "October."))
    year = AcademicYear.current(today)
    from ..tasks import task_notify_listing_update

    with transaction.atomic():
        ids = list(unconfirmed(MentorListing.objects.filter(territory=territory), year)
                   .order_by("pk").values_list("pk", flat=True))
        log_action(STARTED_EVENT, actor=actor, organization=own_authority(actor),
                   data={"territory": territory.pk, "year": year.title, "asked": len(ids)})
        if ids:
            enqueue_on_commit(task_notify_listing_update, listing_ids=ids, year=year.title)
    return len(ids)


def own_authority(actor):
    from mentoring.selectors import organization_of

    return organization_of(actor)


def confirm_listing(listing: MentorListing, *, actor) -> MentorListing:
    """The mentor (or the curator of their organisation, or the territory curator
    for a specialist without an account) confirms the entry for the current
    academic year. Raises ListingError when the entry is out of the base or the
    actor may not. Audited as ``participants.listing.confirmed``."""
    if not may_manage_listing(actor, listing.mentor):
        raise ListingError(_("Only the mentor or the curator of the mentor's organisation may "
                             "confirm the entry."))
    with transaction.atomic():
        listing = MentorListing.objects.select_for_update().select_related(
            "mentor__participant__organization").get(pk=listing.pk)
        if listing.status != ListingStatus.LISTED:
            raise ListingError(_("The mentor is not in the territory base; publish the entry "
                                 "again instead."))
        listing.confirmed_year = AcademicYear.current()
        listing.confirmed_at = timezone.now()
        listing.save(update_fields=["confirmed_year", "confirmed_at"])
        log_action("participants.listing.confirmed", actor=actor,
                   organization=listing.mentor.participant.organization, obj=listing,
                   data={"year": listing.confirmed_year.title})
    return listing


def expire_unconfirmed(*, today: datetime.date | None = None, territory=None, actor=None) -> int:
    """After 31 October, take every listed entry not confirmed for the current
    academic year out of the base (of ``territory``, or all); nothing inside the
    window. One UPDATE and one audit entry per territory touched
    (``participants.listing.expired``). Returns the number of entries removed;
    a second run removes nothing."""
    today = today or timezone.localdate()
    if in_window(today):
        return 0
    year = AcademicYear.current(today)
    qs = MentorListing.objects.all()
    if territory is not None:
        qs = qs.filter(territory=territory)
    with transaction.atomic():
        rows = list(unconfirmed(qs, year).select_for_update().values_list("pk", "territory_id"))
        if not rows:
            return 0
        MentorListing.objects.filter(pk__in=[pk for pk, _t in rows]).update(
            status=ListingStatus.LEFT, left_at=timezone.now()
        )
        by_territory: dict[int, list[int]] = {}
        for pk, territory_id in rows:
            by_territory.setdefault(territory_id, []).append(pk)
        for territory_id, ids in by_territory.items():
            log_action("participants.listing.expired", actor=actor,
                       data={"territory": territory_id, "year": year.title, "listings": ids,
                             "reason": REMOVED_UNCONFIRMED})
    return len(rows)


def account_email(participant) -> str:
    """The e-mail of the participant's active account, or ""."""
    user = participant.user if participant.user_id else None
    if user is None or not user.is_active:
        return ""
    return (user.email or "").strip()


def send_update_requests(listing_ids: list[int], *, year: str) -> int:
    """E-mail the mentors of ``listing_ids`` still listed and not confirmed for
    academic year ``year`` (title «2026/2027») the request to confirm or leave;
    mentors without an account e-mail are skipped (their curator or the
    territory curator answers for them). Returns the number of e-mails sent; a
    second run sends them again only to those who still have not answered."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.urls import reverse

    url = settings.PORTAL_URL.rstrip("/") + reverse("participants:my_listing")
    sent = 0
    listings = MentorListing.objects.filter(pk__in=listing_ids, status=ListingStatus.LISTED).exclude(
        confirmed_year__title=year).select_related("mentor__participant__user")
    for listing in listings:
        address = account_email(listing.mentor.participant)
        if not address:
            continue
        body = _(
            "Hello, %(name)s!\n\nThe territory's mentor base is updated every September and "
            "October. Please confirm by 31 October that you stay in the base for the %(year)s "
            "academic year, or leave it:\n%(url)s\n\nEntries not confirmed by then leave the "
            "base.\n\nThis message was sent by the mentoring portal; please do not reply to it."
        ) % {"name": listing.mentor.participant.name, "year": year, "url": url}
        send_mail(_("Mentoring: confirm your entry in the territory's mentor base"), body,
                  settings.DEFAULT_FROM_EMAIL, [address])
        sent += 1
    return sent

"""The territory's mentor base («муниципальная база наставников», seed 002 items
6, 11): publishing a mentor, removing them, the consent it needs, and the
registration of enterprises' and universities' specialists by the territory
curator. The yearly update (item 7) is in ``services.territory_update``.

A mentor is listed (``MentorListing``, status LISTED) only while a consent not
withdrawn names ``ConsentPurpose.TERRITORY_BASE`` (for a minor, given by the
legal representative): :func:`drop_listing_without_consent` runs inside every
withdrawal and anonymisation (``services.consents``), so no listing outlives
its consent. The organisation must belong to a territory.
"""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.enums import OrganizationKind, ParticipantCategory, Role
from mentoring.models import AcademicYear, MentoringForm, Organization
from mentoring.selectors import roles_of, territory_of
from mentoring.services import log_action

from ..data.consent_texts import TERRITORY_BASE_VERSION, current_text
from ..enums import ConsentChannel, ConsentGiver, ConsentPurpose, ListingStatus, MentorStatus
from ..errors import ConsentError
from ..models import ADULT_AGE, Consent, Mentor, MentorListing, Participant
from .profiles import CAPACITY_MAX, CAPACITY_MIN

ABOUT_MAX_LENGTH = 1000
# Why a listing left the base (``participants.listing.removed`` data "reason").
REMOVED_BY_HAND = "removed"
REMOVED_CONSENT = "consent_withdrawn"
REMOVED_UNCONFIRMED = "not_confirmed"
# Kinds of organisation whose specialists the territory registers (seed 002 item 11).
SPECIALIST_KINDS = (OrganizationKind.ENTERPRISE, OrganizationKind.UNIVERSITY)
LISTING_MANAGERS = {Role.CURATOR, Role.ADMIN}


class ListingError(Exception):
    """A refused action on the territory's mentor base; ``message`` is Russian."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = str(message)


# --- the consent ---------------------------------------------------------------------


def _counts_for(participant: Participant, consent: Consent, today: datetime.date) -> bool:
    age = participant.age_on(today)
    minor = age is not None and age < ADULT_AGE
    return (
        consent.withdrawn_on is None
        and ConsentPurpose.TERRITORY_BASE.value in (consent.purposes or [])
        and (not minor or consent.given_by == ConsentGiver.REPRESENTATIVE)
    )


def has_territory_consent(participant: Participant, *, today: datetime.date | None = None) -> bool:
    """True when a consent not withdrawn names the territory base purpose (for a
    minor: the legal representative's) and the person is not anonymised. One
    query."""
    if participant.anonymised_at is not None:
        return False
    today = today or timezone.localdate()
    return any(
        _counts_for(participant, c, today)
        for c in Consent.objects.filter(participant=participant, withdrawn_on__isnull=True)
    )


def record_own_territory_consent(mentor: Mentor, *, actor) -> Consent:
    """The mentor's own electronic consent to the listing, given on their profile
    page (text ``TERRITORY_BASE_VERSION``). Raises ListingError for a minor (the
    legal representative signs a paper one that the curator records)."""
    participant = mentor.participant
    if participant.is_minor:
        raise ListingError(_(
            "A minor's consent to the territory base is given by the legal representative; "
            "ask the curator to record it."
        ))
    from .consents import record_consent

    try:
        return record_consent(
            participant, given_by=ConsentGiver.SELF, given_on=timezone.localdate(), actor=actor,
            received_via=ConsentChannel.ELECTRONIC, text_version=TERRITORY_BASE_VERSION,
            purposes=[ConsentPurpose.TERRITORY_BASE.value],
        )
    except ConsentError as error:
        raise ListingError(error.message) from error


# --- who may act -------------------------------------------------------------------


def may_manage_listing(user, mentor: Mentor) -> bool:
    """The mentor themselves (their account) or a curator (admin) of the mentor's
    organisation; the territory curator for a specialist registered without an
    account in an organisation of their territory."""
    participant = mentor.participant
    if not getattr(user, "is_authenticated", False):
        return False
    if participant.user_id is not None and participant.user_id == user.pk:
        return True
    if roles_of(user, participant.organization) & LISTING_MANAGERS:
        return True
    territory = territory_of(user)
    return (
        participant.user_id is None
        and territory is not None
        and participant.organization.territory_id == territory.pk
        and participant.organization.kind in SPECIALIST_KINDS
    )


def _check_actor(actor, mentor: Mentor) -> None:
    if actor is not None and not may_manage_listing(actor, mentor):
        raise ListingError(_(
            "Only the mentor or the curator of the mentor's organisation may change the "
            "mentor's entry in the territory base."
        ))


# --- publishing and removing -------------------------------------------------------


def _clean_forms(mentor: Mentor, forms) -> list[MentoringForm]:
    forms = list({f.pk: f for f in forms}.values())
    if not forms:
        raise ListingError(_("Choose at least one form of mentoring the mentor offers."))
    category = mentor.participant.category
    foreign = [f.name for f in forms if category not in f.mentor_categories]
    if foreign:
        raise ListingError(
            _("These forms do not admit a %(category)s as a mentor: %(forms)s.")
            % {"category": ParticipantCategory(category).label, "forms": ", ".join(foreign)}
        )
    return forms


def publish_listing(mentor: Mentor, *, forms, about: str = "", actor) -> MentorListing:
    """Put ``mentor`` into the base of their organisation's territory, or update
    the entry (forms, «о себе»); a published entry counts as confirmed for the
    current academic year. ``forms``: MentoringForm objects admitting the
    mentor's category as mentor; ``about``: up to 1000 characters.

    Raises ListingError (nothing written) when the actor may not
    (:func:`may_manage_listing`), the organisation has no territory, the person
    is anonymised or has no territory base consent, no or a foreign form is
    chosen, or «о себе» is too long. Audited as ``participants.listing.published``.
    """
    _check_actor(actor, mentor)
    participant = mentor.participant
    organization = participant.organization
    if organization.territory_id is None:
        raise ListingError(_("The organisation does not belong to a territory: there is no "
                             "territory base to publish to."))
    if not has_territory_consent(participant):
        raise ListingError(_(
            "There is no consent to the listing in the territory's mentor base on record: "
            "the mentor gives it on their profile page, or the curator records the signed "
            "form «%(title)s»."
        ) % {"title": _consent_title()})
    chosen = _clean_forms(mentor, forms)
    about = "\n".join(" ".join(line.split()) for line in (about or "").strip().splitlines())
    if len(about) > ABOUT_MAX_LENGTH:
        raise ListingError(_("Keep «about the mentor» within %(max)d characters.")
                           % {"max": ABOUT_MAX_LENGTH})
    now = timezone.now()
    with transaction.atomic():
        listing, created = MentorListing.objects.select_for_update().get_or_create(
            mentor=mentor, defaults={"territory_id": organization.territory_id},
        )
        listing.territory_id = organization.territory_id
        listing.about = about
        listing.status = ListingStatus.LISTED
        listing.listed_by = actor if getattr(actor, "is_authenticated", False) else None
        listing.confirmed_year = AcademicYear.current()
        listing.confirmed_at = now
        listing.left_at = None
        listing.save(update_fields=[
            "territory", "about", "status", "listed_by", "confirmed_year", "confirmed_at",
            "left_at",
        ])
        listing.forms.set(chosen)
        log_action(
            "participants.listing.published", actor=actor, organization=organization,
            obj=listing, data={"mentor": mentor.pk, "forms": [f.code for f in chosen],
                               "new": created},
        )
    return listing


def _consent_title() -> str:
    from ..data.consent_texts import CONSENT_TEXTS

    return CONSENT_TEXTS[TERRITORY_BASE_VERSION].title


def remove_listing(listing: MentorListing, *, actor, reason: str = REMOVED_BY_HAND) -> MentorListing:
    """Take the mentor out of the territory base (status LEFT, ``left_at`` now);
    an entry already out stays as it is. ``reason`` is REMOVED_BY_HAND,
    REMOVED_CONSENT or REMOVED_UNCONFIRMED. Raises ListingError when the actor
    may not. Audited as ``participants.listing.removed``. Pending invitations
    of the mentor stay for their senders to see; they cannot be accepted
    while the mentor is out of the base."""
    if reason == REMOVED_BY_HAND:
        _check_actor(actor, listing.mentor)
    with transaction.atomic():
        listing = MentorListing.objects.select_for_update().select_related(
            "mentor__participant__organization"
        ).get(pk=listing.pk)
        if listing.status == ListingStatus.LEFT:
            return listing
        listing.status = ListingStatus.LEFT
        listing.left_at = timezone.now()
        listing.save(update_fields=["status", "left_at"])
        log_action(
            "participants.listing.removed", actor=actor,
            organization=listing.mentor.participant.organization, obj=listing,
            data={"mentor": listing.mentor_id, "reason": reason},
        )
    return listing


def drop_listing_without_consent(participant: Participant, *, actor) -> bool:
    """Called inside a consent withdrawal and an anonymisation: remove the
    participant's listing when no territory base consent stands any more.
    Returns True when a listing was removed."""
    listing = MentorListing.objects.filter(
        mentor__participant=participant, status=ListingStatus.LISTED
    ).first()
    if listing is None or has_territory_consent(participant):
        return False
    remove_listing(listing, actor=actor, reason=REMOVED_CONSENT)
    return True


# --- specialists registered by the territory (seed 002 item 11) ---------------------


def specialist_organizations(territory):
    """Enterprises and universities of ``territory``, by name."""
    return Organization.objects.filter(territory=territory, kind__in=SPECIALIST_KINDS).order_by(
        "short_name", "pk"
    )


def _specialist_organization(territory, *, organization, new_name: str, kind: str, actor):
    if organization is not None:
        if organization.territory_id != territory.pk or organization.kind not in SPECIALIST_KINDS:
            raise ListingError(_("Choose an enterprise or a university of your territory."))
        return organization
    name = " ".join((new_name or "").split())
    if not name:
        raise ListingError(_("Choose the specialist's organisation or type the name of a new one."))
    if kind not in SPECIALIST_KINDS:
        raise ListingError(_("A new organisation is an enterprise or a university."))
    existing = Organization.objects.filter(territory=territory, kind__in=SPECIALIST_KINDS).filter(
        Q(name__iexact=name) | Q(short_name__iexact=name)
    ).first()
    if existing is not None:
        return existing
    if Organization.objects.filter(short_name=name[:200]).exists():
        raise ListingError(_("An organisation named «%(name)s» already exists outside the list; "
                             "choose another name.") % {"name": name})
    organization = Organization.objects.create(
        territory=territory, kind=kind, name=name[:500], short_name=name[:200], director_name="",
    )
    log_action("mentoring.organization.created", actor=actor, organization=organization,
               obj=organization, data={"short_name": organization.short_name, "kind": kind,
                                       "by_territory": territory.pk})
    return organization


def register_specialist(
    *, territory, actor, surname: str, name: str, patronymic: str = "", position: str = "",
    competencies: str = "", capacity: int = 1, forms=(), about: str = "",
    organization: Organization | None = None, new_organization_name: str = "",
    new_organization_kind: str = OrganizationKind.ENTERPRISE,
    consent_given_on: datetime.date, consent_received_via: str = ConsentChannel.PAPER,
) -> MentorListing:
    """The territory curator registers an enterprise's or a university's
    specialist straight into the base (seed 002 item 11): the organisation (one
    of the territory's enterprises/universities, or a new one created from
    ``new_organization_name`` of ``new_organization_kind``), a participant of
    category employer_rep, their mentor profile (approved, ``capacity`` 1..10)
    and the listing, with two consents recorded through ``record_consent``: the
    programme consent (text of the current version, all its purposes) and the
    territory base consent, both dated ``consent_given_on``.

    All or nothing. Raises ListingError (Russian) for a missing name, a wrong
    organisation, a capacity out of range, a consent date in the future, or
    anything :func:`publish_listing` refuses; the actor must be the territory
    curator of ``territory``.
    """
    if territory_of(actor) is None or territory_of(actor).pk != territory.pk:
        raise ListingError(_("Only the territory curator registers specialists."))
    surname, name = " ".join((surname or "").split()), " ".join((name or "").split())
    if not surname or not name:
        raise ListingError(_("Give the specialist's surname and name."))
    if capacity is None or not CAPACITY_MIN <= capacity <= CAPACITY_MAX:
        raise ListingError(_("The capacity must be from %(min)s to %(max)s mentees.")
                           % {"min": CAPACITY_MIN, "max": CAPACITY_MAX})
    from .consents import record_consent

    with transaction.atomic():
        org = _specialist_organization(territory, organization=organization, new_name=new_organization_name,
                                       kind=new_organization_kind, actor=actor)
        participant = Participant.objects.create(
            organization=org, surname=surname, name=name,
            patronymic=" ".join((patronymic or "").split()),
            category=ParticipantCategory.EMPLOYER_REP, position=" ".join((position or "").split())[:200],
            employer=org.name[:300],
        )
        mentor = Mentor.objects.create(
            participant=participant, competencies=(competencies or "").strip(), capacity=capacity,
            status=MentorStatus.APPROVED,
        )
        try:
            for version in (current_text().version, TERRITORY_BASE_VERSION):
                record_consent(participant, given_by=ConsentGiver.SELF, given_on=consent_given_on,
                               actor=actor, received_via=consent_received_via, text_version=version)
        except ConsentError as error:
            raise ListingError(error.message) from error
        participant.refresh_from_db()
        listing = publish_listing(mentor, forms=forms, about=about, actor=actor)
        log_action("participants.listing.specialist_registered", actor=actor, organization=org,
                   obj=listing, data={"mentor": mentor.pk, "organization": org.pk})
    return listing

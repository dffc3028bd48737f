"""Consents to the processing of personal data (152-ФЗ; seed 000 stage 2.2,
seed 001 stage 2: «согласия на обработку персональных данных» of mentees and,
for minors, of their legal representatives)."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.services import log_action

from ..data.consent_texts import current_text
from ..enums import ConsentChannel, ConsentGiver, ConsentStatus
from ..errors import ConsentError
from ..models import ADULT_AGE, Consent, Participant


def consent_status_for(
    participant: Participant, consents: Iterable[Consent], *, today: datetime.date | None = None
) -> str:
    """The ``ConsentStatus`` that ``consents`` (all of the participant's, in memory)
    give.

    An adult with a consent not withdrawn: GIVEN. A minor (under 18 on ``today``,
    default today) needs a legal representative's consent not withdrawn; their own
    consent does not count: REPRESENTATIVE_REQUIRED. Only withdrawn consents of the
    kind that counts: WITHDRAWN. No consent at all: MISSING (adults).
    """
    today = today or timezone.localdate()
    age = participant.age_on(today)
    minor = age is not None and age < ADULT_AGE
    counting = [
        c for c in consents
        if not minor or c.given_by == ConsentGiver.REPRESENTATIVE
    ]
    if any(c.withdrawn_on is None for c in counting):
        return ConsentStatus.GIVEN
    if counting:
        return ConsentStatus.WITHDRAWN
    return ConsentStatus.REPRESENTATIVE_REQUIRED if minor else ConsentStatus.MISSING


def record_consent(
    participant: Participant,
    *,
    given_by: str,
    given_on: datetime.date,
    actor,
    representative_name: str = "",
    representative_relation: str = "",
    representative_document: str = "",
    received_via: str = ConsentChannel.PAPER,
    note: str = "",
    purposes: list[str] | None = None,
    data_categories: list[str] | None = None,
    text_version: str = "",
) -> Consent:
    """Record a consent (``given_by``: a ``ConsentGiver`` value) and recompute the
    participant's ``consent_status``; audited as ``participants.consent.recorded``.

    Raises ConsentError for a date in the future or a representative's consent
    without the representative's name.
    """
    if given_on > timezone.localdate():
        raise ConsentError(_("A consent cannot be dated in the future."))
    if given_by == ConsentGiver.REPRESENTATIVE and not representative_name.strip():
        raise ConsentError(_("Give the legal representative's full name."))
    text = current_text()
    with transaction.atomic():
        consent = Consent.objects.create(
            participant=participant,
            given_by=given_by,
            given_on=given_on,
            representative_name=" ".join(representative_name.split()),
            representative_relation=" ".join(representative_relation.split()),
            representative_document=" ".join(representative_document.split()),
            received_via=received_via,
            note=note,
            purposes=list(purposes if purposes is not None else text.purposes),
            data_categories=list(
                data_categories if data_categories is not None else text.data_categories
            ),
            text_version=text_version or text.version,
            recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        status = refresh_consent_status(participant)
        log_action(
            "participants.consent.recorded",
            actor=actor,
            organization=participant.organization,
            obj=consent,
            data={"participant": participant.pk, "given_by": given_by, "consent_status": status},
        )
    return consent


def withdraw_consent(consent: Consent, *, withdrawn_on: datetime.date, actor) -> Consent:
    """Mark ``consent`` withdrawn on ``withdrawn_on`` and recompute the status;
    audited as ``participants.consent.withdrawn``. Raises ConsentError when it is
    already withdrawn or the date is before the consent or in the future."""
    if consent.withdrawn_on is not None:
        raise ConsentError(_("This consent has already been withdrawn."))
    if withdrawn_on < consent.given_on or withdrawn_on > timezone.localdate():
        raise ConsentError(_("The withdrawal date must be between the consent date and today."))
    participant = consent.participant
    with transaction.atomic():
        consent.withdrawn_on = withdrawn_on
        consent.save(update_fields=["withdrawn_on"])
        status = refresh_consent_status(participant)
        log_action(
            "participants.consent.withdrawn",
            actor=actor,
            organization=participant.organization,
            obj=consent,
            data={"participant": participant.pk, "consent_status": status},
        )
    return consent


def refresh_consent_status(participant: Participant) -> str:
    """Recompute and save ``participant.consent_status`` from its consents; returns it."""
    # not participant.consents.all(): a prefetched cache would miss the new row
    status = consent_status_for(participant, Consent.objects.filter(participant=participant))
    if status != participant.consent_status:
        participant.consent_status = status
        participant.save(update_fields=["consent_status", "updated_at"])
    return status

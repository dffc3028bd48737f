"""Statuses of mentors and mentees in the bases.

Mentors: candidate → approved (by an order, seed 000 §4.1) → trained (seed 000
stage 4). Mentees: applicant → in base (consent on record, seed 000 §2.2) →
paired → completed; ``pairs.services.lifecycle`` moves mentees between «in base»,
«paired» and «completed» as their pairs change.
"""

from django.utils.translation import gettext as _  # noqa: F401  (used by the moves below)

from ..enums import ConsentStatus, MenteeStatus
from ..models import Mentee, Participant


def sync_base_status(participant: Participant) -> None:
    """Move the participant's mentee profile between «applicant» and «in base»
    to follow ``consent_status``: an applicant with consent GIVEN enters the base;
    a mentee in the base whose consent is no longer given goes back to
    «applicant». Paired and completed mentees are left to the pairs' lifecycle.
    One UPDATE at most; no audit entry (the consent change that causes it has one)."""
    if participant.consent_status == ConsentStatus.GIVEN:
        moves = (MenteeStatus.APPLICANT, MenteeStatus.IN_BASE)
    else:
        moves = (MenteeStatus.IN_BASE, MenteeStatus.APPLICANT)
    Mentee.objects.filter(participant=participant, status=moves[0]).update(status=moves[1])

"""Statuses of mentors and mentees in the bases.

Mentors: candidate → approved (by an order, seed 000 §4.1) → trained (seed 000
§4.5). Mentees: applicant → in base (consent on record, seed 000 §2.2) →
paired → completed; ``pairs.services.lifecycle`` moves mentees between «in base»,
«paired» and «completed» as their pairs change, this module makes the moves a
curator makes by hand.
"""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.services import log_action

from ..enums import ConsentStatus, MenteeStatus, MentorStatus
from ..models import Mentee, Mentor, MentorTraining, Participant
from .profiles import ProfileError, check_upload, delete_stored, store_upload

# Every legal move of a mentor; nothing leads back (a mistake is fixed in the admin).
MENTOR_TRANSITIONS: dict[str, set[str]] = {
    MentorStatus.CANDIDATE: {MentorStatus.APPROVED},
    MentorStatus.APPROVED: {MentorStatus.TRAINED},
    MentorStatus.TRAINED: set(),
}

# Moves of a mentee a curator may make by hand (set_mentee_status). «Paired» and
# «completed» follow the mentee's pairs (pairs.services.lifecycle.sync_mentee_statuses)
# and are never set by hand.
MANUAL_MENTEE_TRANSITIONS: dict[str, set[str]] = {
    # into the base: only with consent GIVEN (the rule of sync_base_status)
    MenteeStatus.APPLICANT: {MenteeStatus.IN_BASE},
    # the applicant withdrew the request before being paired
    MenteeStatus.IN_BASE: {MenteeStatus.APPLICANT},
    MenteeStatus.PAIRED: set(),
    # a new cycle of the programme (seed 000 §6.5: participants return to the base)
    MenteeStatus.COMPLETED: {MenteeStatus.IN_BASE},
}

TRAINING_HOURS_MIN, TRAINING_HOURS_MAX = 1, 500


class StatusError(ProfileError):
    """An illegal status move; ``message`` is a translated sentence shown to the user."""

    def __init__(self, message: str):
        super().__init__(message)


def base_status(status: str | None, consent_status: str) -> str:
    """The mentee status the consent gives (seed 000 §2.2): a new mentee
    (``status`` None) or an «applicant» is «in base» once the consent that
    counts is GIVEN, an «applicant» before; «in base» goes back to «applicant»
    when it is no longer given. «Paired» and «completed» are the pairs' business
    and stay as they are."""
    given = consent_status == ConsentStatus.GIVEN
    if status in (None, MenteeStatus.APPLICANT, MenteeStatus.IN_BASE):
        return MenteeStatus.IN_BASE if given else MenteeStatus.APPLICANT
    return status


def sync_base_status(participant: Participant) -> None:
    """Move the participant's mentee profile between «applicant» and «in base»
    to follow ``consent_status`` (``base_status``). One UPDATE at most; no audit
    entry (the consent change that causes it has one)."""
    for current in (MenteeStatus.APPLICANT, MenteeStatus.IN_BASE):
        target = base_status(current, participant.consent_status)
        if target != current:
            Mentee.objects.filter(participant=participant, status=current).update(status=target)


def allowed_mentee_moves(mentee: Mentee) -> list[str]:
    """The statuses a curator may move the mentee to by hand, in enum order."""
    allowed = MANUAL_MENTEE_TRANSITIONS[mentee.status]
    return [status for status in MenteeStatus.values if status in allowed]


# --- mentors ------------------------------------------------------------------------


def approve_mentors(
    mentors: Iterable[Mentor], *, order_number: str, order_date: datetime.date, actor
) -> list[Mentor]:
    """Approve candidates into the mentor base by the director's order (seed 000
    §4.1 «Приказ об утверждении базы наставников»): each goes candidate →
    approved with ``order_number`` (up to 30 characters) and ``order_date``
    recorded; a candidate who already has a training record becomes trained
    at once. All or nothing, in one transaction with one audit entry
    ``participants.mentor.approved`` (order, mentor ids). Returns the mentors.

    Raises StatusError when nobody is chosen, the order number is empty or too
    long, the date is in the future, or any mentor is not a candidate or has no
    consent to the processing of personal data (naming the people)."""
    mentors = list(mentors)
    order_number = " ".join((order_number or "").split())
    if not mentors:
        raise StatusError(_("Choose at least one candidate."))
    if not order_number:
        raise StatusError(_("Give the number of the order."))
    if len(order_number) > 30:
        raise StatusError(_("The order number is longer than 30 characters."))
    if order_date is None:
        raise StatusError(_("Give the date of the order."))
    if order_date > timezone.localdate():
        raise StatusError(_("The order cannot be dated in the future."))
    problems = [
        _("%(name)s is not a candidate: the status is already «%(status)s».")
        % {"name": m.participant.full_name, "status": MentorStatus(m.status).label}
        for m in mentors if MentorStatus.APPROVED not in MENTOR_TRANSITIONS[m.status]
    ]
    no_consent = [m.participant.full_name for m in mentors
                  if m.participant.consent_status != ConsentStatus.GIVEN]
    if no_consent:
        problems.append(_(
            "No consent to the processing of personal data on record: %(names)s."
        ) % {"names": ", ".join(no_consent)})
    if problems:
        raise StatusError(" ".join(problems))
    with transaction.atomic():
        ids = [m.pk for m in mentors]
        # refuse a concurrent double approval: only candidates are updated
        # a candidate who has already completed a course enters the base trained
        trained = set(
            MentorTraining.objects.filter(mentor_id__in=ids).values_list("mentor_id", flat=True)
        )
        candidates = Mentor.objects.filter(pk__in=ids, status=MentorStatus.CANDIDATE)
        updated = candidates.exclude(pk__in=trained).update(
            status=MentorStatus.APPROVED, approval_order_number=order_number,
            approval_order_date=order_date,
        ) + candidates.filter(pk__in=trained).update(
            status=MentorStatus.TRAINED, approval_order_number=order_number,
            approval_order_date=order_date,
        )
        if updated != len(set(ids)):
            raise StatusError(_("Some of the chosen mentors have just been approved by someone else."))
        for mentor in mentors:
            mentor.status = MentorStatus.TRAINED if mentor.pk in trained else MentorStatus.APPROVED
            mentor.approval_order_number, mentor.approval_order_date = order_number, order_date
        log_action(
            "participants.mentor.approved", actor=actor,
            organization=mentors[0].participant.organization,
            data={"order_number": order_number, "order_date": order_date.isoformat(),
                  "mentors": sorted(ids)},
        )
    return mentors


def _validate_training(course: str, hours, started_on, finished_on) -> None:
    errors: dict[str, str] = {}
    if not course:
        errors["course"] = _("Give the name of the course.")
    elif len(course) > 300:
        errors["course"] = _("Keep the name of the course within 300 characters.")
    if hours is None or not TRAINING_HOURS_MIN <= hours <= TRAINING_HOURS_MAX:
        errors["hours"] = _("The hours must be from %(min)s to %(max)s.") % {
            "min": TRAINING_HOURS_MIN, "max": TRAINING_HOURS_MAX,
        }
    if started_on is None:
        errors["started_on"] = _("Give the start date.")
    if finished_on is None:
        errors["finished_on"] = _("Give the end date.")
    elif finished_on > timezone.localdate():
        errors["finished_on"] = _("A course that has not finished yet cannot be recorded.")
    elif started_on is not None and finished_on < started_on:
        errors["finished_on"] = _("The course cannot end before it starts.")
    if errors:
        raise ProfileError(errors=errors)


def record_training(
    mentor: Mentor,
    *,
    course: str,
    hours: int,
    started_on: datetime.date,
    finished_on: datetime.date,
    actor,
    provider: str = "",
    certificate=None,
) -> MentorTraining:
    """Record a course the mentor took (seed 000 §4.5 «курсы повышения
    квалификации»): ``hours`` academic hours 1..500, ``started_on`` ≤
    ``finished_on`` ≤ today, ``certificate`` an optional uploaded PDF/JPEG/PNG
    up to 5 MB (profiles.check_upload). An APPROVED mentor becomes TRAINED; a
    candidate stays a candidate (training does not replace the approval by
    order); a trained mentor stays trained. One transaction, one audit entry
    ``participants.mentor.training_recorded`` with the status move.

    Raises ProfileError with per-field messages for bad input."""
    course, provider = " ".join((course or "").split()), " ".join((provider or "").split())
    _validate_training(course, hours, started_on, finished_on)
    if len(provider) > 300:
        raise ProfileError(errors={"provider": _("Keep the provider within 300 characters.")})
    extension = check_upload(certificate, field="certificate") if certificate else None
    training = MentorTraining(
        mentor=mentor, course=course, provider=provider, hours=hours,
        started_on=started_on, finished_on=finished_on,
    )
    old = mentor.status
    try:
        with transaction.atomic():
            if certificate:
                store_upload(training.certificate, certificate, extension)
            training.save()
            if old == MentorStatus.APPROVED:
                mentor.status = MentorStatus.TRAINED
                mentor.save(update_fields=["status"])
            log_action(
                "participants.mentor.training_recorded", actor=actor,
                organization=mentor.participant.organization, obj=mentor,
                data={"training": training.pk, "course": course, "hours": hours,
                      "from": old, "to": mentor.status},
            )
    except Exception:
        mentor.status = old
        delete_stored(training.certificate)
        raise
    return training


def remove_training(training: MentorTraining, *, actor) -> None:
    """Delete a training record entered by mistake and its certificate. The
    mentor's status is left as it is (a status never moves back); audited as
    ``participants.mentor.training_removed``."""
    mentor = training.mentor
    field_file = training.certificate
    with transaction.atomic():
        log_action(
            "participants.mentor.training_removed", actor=actor,
            organization=mentor.participant.organization, obj=mentor,
            data={"training": training.pk, "course": training.course},
        )
        training.delete()
    delete_stored(field_file)


# --- mentees ------------------------------------------------------------------------


def set_mentee_status(mentee: Mentee, status: str, *, actor) -> Mentee:
    """Move a mentee by hand (MANUAL_MENTEE_TRANSITIONS): applicant → in base
    (only with consent to the processing of personal data GIVEN, as in
    sync_base_status), in base → applicant, completed → in base (a new cycle).
    Unchanged when the mentee already has ``status``; audited as
    ``participants.mentee.status_changed``.

    Raises StatusError for any other move, in particular to or from «paired»
    and to «completed», which only the pairs' lifecycle makes."""
    old = mentee.status
    if old == status:
        return mentee
    participant = mentee.participant
    if status not in MANUAL_MENTEE_TRANSITIONS.get(old, set()):
        if MenteeStatus.PAIRED in (old, status) or status == MenteeStatus.COMPLETED:
            raise StatusError(_(
                "«Paired» and «Completed» follow the mentee's pairs: form, end or "
                "complete a pair instead."
            ))
        raise StatusError(_("%(name)s cannot move from «%(old)s» to «%(new)s».") % {
            "name": participant.full_name,
            "old": MenteeStatus(old).label,
            "new": MenteeStatus(status).label if status in MenteeStatus.values else status,
        })
    if status == MenteeStatus.IN_BASE and participant.consent_status != ConsentStatus.GIVEN:
        raise StatusError(_(
            "%(name)s can enter the mentee base only with consent to the processing of "
            "personal data on record."
        ) % {"name": participant.full_name})
    with transaction.atomic():
        mentee.status = status
        mentee.save(update_fields=["status"])
        log_action(
            "participants.mentee.status_changed", actor=actor,
            organization=participant.organization, obj=mentee,
            data={"from": old, "to": status},
        )
    return mentee

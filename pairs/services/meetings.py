"""Meetings of pairs and groups (seed 000 stage 6, 6.1–6.5: introductory, trial,
planning, regular and final meetings, «не реже одного раза в две недели»)."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.services import log_action

from ..enums import WORKING_STATUSES, MeetingFormat, MeetingType, PairStatus
from ..errors import PairError
from ..models import Meeting, Pair
from ..selectors import may_log_meeting
from .lifecycle import set_pair_status

MAX_DURATION_MINUTES = 24 * 60


def _check_meeting(pair: Pair, *, actor, meeting_type, held_on, topic, duration_minutes, meeting_format):
    if pair.status not in WORKING_STATUSES:
        raise PairError(
            _("Meetings are logged only for approved or active pairs; this one is «%(status)s».")
            % {"status": pair.get_status_display()}
        )
    if not may_log_meeting(actor, pair):
        raise PairError(_("Only the pair's mentor or the curator may log its meetings."))
    if meeting_type not in MeetingType.values:
        raise PairError(_("Unknown meeting type."))
    if meeting_format not in MeetingFormat.values:
        raise PairError(_("Unknown meeting format."))
    if not isinstance(held_on, datetime.date):
        raise PairError(_("Give the date of the meeting."))
    if held_on > timezone.localdate():
        raise PairError(_("A meeting cannot be logged in advance: the date is in the future."))
    if pair.approved_at is not None and held_on < timezone.localdate(pair.approved_at):
        raise PairError(
            _("The date is before the pair was approved (%(date)s).")
            % {"date": timezone.localdate(pair.approved_at).strftime("%d.%m.%Y")}
        )
    if not (topic or "").strip():
        raise PairError(_("Give the topic of the meeting."))
    if duration_minutes is not None and not (0 < duration_minutes <= MAX_DURATION_MINUTES):
        raise PairError(_("The duration must be between 1 minute and 24 hours."))


def log_meeting(
    pair: Pair,
    *,
    actor,
    meeting_type: str,
    held_on: datetime.date,
    topic: str,
    duration_minutes: int | None = None,
    meeting_format: str = MeetingFormat.IN_PERSON,
    notes: str = "",
) -> Meeting:
    """Record a meeting of ``pair`` and ask its members for feedback.

    Only for approved or active pairs, only by the pair's mentor or a curator
    of its organisation; ``held_on`` not in the future and not before the
    approval date; ``duration_minutes`` 1…1440 or None. The first meeting of
    an approved pair makes it active (seed 000 6.1). Then
    ``surveys.services.request_meeting_feedback(meeting, actor=actor)`` creates
    the feedback forms (seed 000 6.4), in the same transaction. Audited as
    ``pairs.meeting.logged``. Raises PairError (nothing written) otherwise.
    """
    from surveys.services import request_meeting_feedback

    _check_meeting(
        pair,
        actor=actor,
        meeting_type=meeting_type,
        held_on=held_on,
        topic=topic,
        duration_minutes=duration_minutes,
        meeting_format=meeting_format,
    )
    with transaction.atomic():
        meeting = Meeting.objects.create(
            pair=pair,
            meeting_type=meeting_type,
            held_on=held_on,
            topic=topic.strip(),
            duration_minutes=duration_minutes,
            meeting_format=meeting_format,
            notes=(notes or "").strip(),
            logged_by=actor,
        )
        # Re-read the status under a lock: two first meetings logged at once
        # must record one approved → active move.
        current = Pair.objects.select_for_update().select_related("organization").get(pk=pair.pk)
        if current.status == PairStatus.APPROVED:
            set_pair_status(
                current, PairStatus.ACTIVE, actor=actor, comment=_("First meeting held.")
            )
        pair.status = current.status
        log_action(
            "pairs.meeting.logged",
            actor=actor,
            organization=pair.organization,
            obj=meeting,
            data={
                "pair": pair.pk,
                "type": meeting_type,
                "held_on": held_on.isoformat(),
                "format": meeting_format,
            },
        )
        request_meeting_feedback(meeting, actor=actor)
    return meeting

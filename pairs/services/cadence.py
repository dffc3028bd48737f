"""The meeting cadence: pairs that broke «не реже одного раза в две недели»
(seed 000, 6.4; ``settings.MEETING_MAX_GAP_DAYS``) and the e-mail reminder to
their mentors (issue 4, item 7).

The periodic task ``pairs.remind_inactive_pairs`` (pairs/tasks.py, daily by
``CELERY_BEAT_SCHEDULE``) and the curator's «Напомнить» both call
:func:`remind_inactive_pairs`.
"""

import datetime
import logging
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from mentoring.models import Organization
from mentoring.services import log_action

from ..models import Pair
from ..selectors import inactive_pairs, with_members

logger = logging.getLogger(__name__)


def breaching_pairs(
    organization: Organization | None = None, *, today: datetime.date | None = None
) -> QuerySet[Pair]:
    """Working pairs (approved or active) of ``organization`` (all organisations
    when None) with no meeting for more than MEETING_MAX_GAP_DAYS days; a pair
    that never met counts from its approval date (``selectors.inactive_pairs``).

    Annotated ``last_meeting_on`` (date or None) and ``since_on`` (date the gap
    counts from); members and the mentor's account loaded; the longest gap first.
    """
    qs = Pair.objects.all() if organization is None else Pair.objects.filter(
        organization=organization
    )
    return (
        with_members(inactive_pairs(qs, today))
        .select_related("mentor__participant__user")
        .annotate(since_on=Coalesce("last_meeting_on", TruncDate("approved_at")))
        .order_by("since_on", "pk")
    )


def days_without_meeting(pair: Pair, today: datetime.date | None = None) -> int | None:
    """Whole days since the pair's last meeting or, if it never met, since its
    approval; None for a pair neither met nor approved. Uses the
    ``last_meeting_on`` annotation when present (no query)."""
    today = today or timezone.localdate()
    if hasattr(pair, "last_meeting_on"):
        since = pair.last_meeting_on
    else:
        since = max((m.held_on for m in pair.meetings.all()), default=None)
    if since is None and pair.approved_at is not None:
        since = timezone.localdate(pair.approved_at)
    return None if since is None else (today - since).days


def mentor_email(mentor) -> str:
    """The address a mentor is written to: the participant's e-mail, else the
    account's; "" when neither is known."""
    participant = mentor.participant
    if participant.email:
        return participant.email.strip()
    user = participant.user if participant.user_id else None
    return (user.email or "").strip() if user is not None else ""


def reminder_interval_days() -> int:
    """Days between two automatic reminders about the same pair (at least 1)."""
    return max(1, int(settings.CADENCE_REMINDER_INTERVAL_DAYS))


@dataclass
class ReminderCounts:
    """What one run of :func:`remind_inactive_pairs` did."""

    mentors: int = 0  # e-mails sent, one per mentor
    pairs: int = 0  # pairs listed in those e-mails (reminded_at set)
    no_email: int = 0  # mentors skipped: no address known
    recent: int = 0  # pairs skipped: reminded lately
    failed: int = 0  # mentors whose e-mail could not be sent (logged)


def remind_inactive_pairs(
    *,
    organization: Organization | None = None,
    pair_ids: Iterable[int] | None = None,
    force: bool = False,
    requested_at: datetime.datetime | None = None,
    actor=None,
    today: datetime.date | None = None,
) -> dict[str, int]:
    """E-mail every mentor one reminder listing all their pairs that broke the
    cadence (:func:`breaching_pairs`), in Russian, plain text and HTML, with
    absolute links (``settings.PORTAL_URL``); set ``Pair.reminded_at``.

    - ``organization`` / ``pair_ids`` narrow the pairs (only breaching ones are
      ever reminded);
    - without ``force`` (the daily task) a pair reminded on one of the last
      ``CADENCE_REMINDER_INTERVAL_DAYS`` days (today included) is skipped, so a
      second run the same day sends nothing;
    - with ``force`` (the curator's «Напомнить») those pairs are reminded anyway,
      except the ones reminded at or after ``requested_at`` (a redelivered job
      sends nothing twice);
    - a mentor without an address is skipped; an e-mail that fails is logged and
      the run goes on (its pairs stay unreminded).

    Each mentor's pairs are locked while the e-mail goes out, so two runs at once
    send it once. Audited per e-mail as ``pairs.cadence.reminded``. Returns the
    counts of :class:`ReminderCounts` as a dict.
    """
    today = today or timezone.localdate()
    counts = ReminderCounts()
    qs = breaching_pairs(organization, today=today)
    if pair_ids is not None:
        qs = qs.filter(pk__in=list(pair_ids))
    by_mentor: dict[int, list[Pair]] = {}
    for pair in qs:
        if _recently_reminded(pair.reminded_at, today, force, requested_at):
            counts.recent += 1
        else:
            by_mentor.setdefault(pair.mentor_id, []).append(pair)
    with translation.override(settings.LANGUAGE_CODE):
        for pairs in by_mentor.values():
            _remind_mentor(pairs, counts, today=today, force=force, requested_at=requested_at,
                           actor=actor)
    return asdict(counts)


def _recently_reminded(reminded_at, today, force, requested_at) -> bool:
    if reminded_at is None:
        return False
    if force:
        return requested_at is not None and reminded_at >= requested_at
    first_quiet_day = today - datetime.timedelta(days=reminder_interval_days() - 1)
    return timezone.localdate(reminded_at) >= first_quiet_day


def _remind_mentor(pairs: list[Pair], counts: ReminderCounts, *, today, force, requested_at, actor):
    mentor = pairs[0].mentor
    address = mentor_email(mentor)
    if not address:
        counts.no_email += 1
        logger.info("cadence reminder: mentor %s has no e-mail, %d pairs", mentor.pk, len(pairs))
        return
    with transaction.atomic():
        # Re-read under a lock: another run may have reminded them meanwhile.
        fresh = dict(
            Pair.objects.select_for_update()
            .filter(pk__in=[p.pk for p in pairs])
            .values_list("pk", "reminded_at")
        )
        pairs = [
            pair for pair in pairs
            if pair.pk in fresh
            and not _recently_reminded(fresh[pair.pk], today, force, requested_at)
        ]
        if not pairs:
            return
        try:
            _reminder_message(mentor, address, pairs, today).send()
        except Exception:  # one bad address or a refusing server must not stop the run
            logger.exception("cadence reminder to mentor %s failed", mentor.pk)
            counts.failed += 1
            return
        now = timezone.now()
        Pair.objects.filter(pk__in=[p.pk for p in pairs]).update(reminded_at=now)
        for pair in pairs:
            pair.reminded_at = now
        log_action(
            "pairs.cadence.reminded", actor=actor, organization=pairs[0].organization, obj=mentor,
            data={"pairs": [p.pk for p in pairs], "manual": bool(force)},
        )
    counts.mentors += 1
    counts.pairs += len(pairs)


def _reminder_message(mentor, address: str, pairs: list[Pair], today) -> EmailMultiAlternatives:
    base = settings.PORTAL_URL.rstrip("/")
    rows = [
        {
            "pair": pair,
            "url": base + pair.get_absolute_url(),
            "mentees": ", ".join(m.participant.short_name for m in pair.mentees.all()),
            "last_meeting_on": pair.last_meeting_on,
            "days": days_without_meeting(pair, today),
        }
        for pair in pairs
    ]
    context = {
        "mentor": mentor.participant,
        "addressee": " ".join(
            part for part in (mentor.participant.name, mentor.participant.patronymic) if part
        ),
        "rows": rows,
        "max_gap_days": settings.MEETING_MAX_GAP_DAYS,
        "portal_url": base,
        "my_pairs_url": base + _my_pairs_path(),
        "organization": pairs[0].organization,
    }
    days = settings.MEETING_MAX_GAP_DAYS
    subject = ngettext(
        "Mentoring: pairs without a meeting for more than %(days)d day",
        "Mentoring: pairs without a meeting for more than %(days)d days",
        days,
    ) % {"days": days}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("pairs/email/cadence_reminder.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
    )
    message.attach_alternative(render_to_string("pairs/email/cadence_reminder.html", context), "text/html")
    return message


def _my_pairs_path() -> str:
    return reverse("pairs:my_pairs")

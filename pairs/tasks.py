"""Celery jobs of the pairs: the meeting-cadence reminder (seed 000 6.4), thin
and idempotent (CONVENTIONS.md, Celery tasks)."""

import datetime
import logging

from celery import shared_task
from django.contrib.auth import get_user_model

logger = logging.getLogger(__name__)


@shared_task(name="pairs.remind_inactive_pairs", acks_late=True)
def task_remind_inactive_pairs(
    *,
    pair_ids: list[int] | None = None,
    force: bool = False,
    requested_at: str | None = None,
    actor_id: int | None = None,
) -> dict[str, int]:
    """E-mail mentors about their pairs that broke the cadence
    (``pairs.services.cadence.remind_inactive_pairs``).

    Without arguments (the daily beat run): every organisation, pairs not reminded
    lately. The curator's «Напомнить» passes ``pair_ids``, ``force=True`` and
    ``requested_at`` (ISO time of the click), so a redelivered job sends nothing
    twice. Returns the counts (mentors, pairs, no_email, recent, failed).
    """
    from .services.cadence import remind_inactive_pairs

    moment = datetime.datetime.fromisoformat(requested_at) if requested_at else None
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    counts = remind_inactive_pairs(
        pair_ids=pair_ids, force=force, requested_at=moment, actor=actor
    )
    logger.info("cadence reminders: %s", counts)
    return counts

"""Handing work to the Celery worker after the transaction that made it commits.

``enqueue_on_commit(task, **kwargs)`` sends ``task`` to the broker once the
current transaction commits (at once outside one). When the broker cannot be
reached (Redis down), the task runs in this process instead and a warning is
logged: the request is slower, but it neither fails with a 500 nor leaves a
job waiting for ever (issue 3, "a missing service"). Tasks must be idempotent
and tolerant of a missing row, as the portal's are (CONVENTIONS.md).
"""

import logging
from functools import partial

from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, **kwargs) -> None:
    """Send ``task`` with ``kwargs`` after commit; run it here if sending fails."""
    transaction.on_commit(partial(_send, task, kwargs))


def _send(task, kwargs: dict) -> None:
    try:
        task.apply_async(kwargs=kwargs, retry=False)
    except OperationalError as exc:
        logger.warning("broker unreachable (%s): running %s here", exc, task.name)
        task.apply(kwargs=kwargs, throw=False)


# --- Delivery policy of every task (issue 13) -------------------------------------------

# Errors after which a task is retried with back-off: the database, the broker or a
# socket went away for a moment. Anything else is a bug or bad data: no retry.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    ConnectionError,
    TimeoutError,
    OperationalError,
)


def reliable_task(name: str, *, soft_time_limit: int = 300, time_limit: int = 360,
                  max_retries: int = 5, **options):
    """``shared_task`` with the portal's delivery policy.

    - ``acks_late`` and ``reject_on_worker_lost``: a job whose worker dies is
      delivered again, so every task must be idempotent (running it twice leaves
      the same state);
    - soft and hard time limits in seconds (``SoftTimeLimitExceeded`` is raised
      inside the task at the soft one, the process is killed at the hard one);
    - at most ``max_retries`` retries with exponential back-off (2, 4, 8 … s,
      at most 120 s, jittered) after a transient error (``TRANSIENT_ERRORS``,
      database ones added by Django's ``OperationalError``/``InterfaceError``).
    """
    from celery import shared_task
    from django.db import InterfaceError
    from django.db import OperationalError as DatabaseOperationalError

    return shared_task(
        name=name,
        acks_late=True,
        reject_on_worker_lost=True,
        soft_time_limit=soft_time_limit,
        time_limit=time_limit,
        autoretry_for=TRANSIENT_ERRORS + (DatabaseOperationalError, InterfaceError),
        retry_backoff=2,
        retry_backoff_max=120,
        retry_jitter=True,
        max_retries=max_retries,
        **options,
    )

"""Handing work to the Celery worker, reliably (issue 13, "Work in the background").

- ``require_background()`` asks the broker, with a short timeout, whether it
  answers; a service calls it *before* writing anything, so that a page whose
  job could not be queued answers at once with :class:`BackgroundUnavailable`
  (a plain Russian message, nothing written) instead of leaving a job row that
  nobody will ever pick up.
- ``enqueue_on_commit(task, **kwargs)`` sends ``task`` to the broker once the
  current transaction commits (at once outside one). When sending fails all
  the same (the broker went away between the check and the commit) the job is
  *not* run in the web process: the error is logged and ``on_unsent`` (if
  given) is called with the message, so that the service marks its job row
  failed — never pending for ever.
- ``reliable_task(name, ...)`` is ``shared_task`` with the delivery policy of
  every task of the portal.

With the embedded default (no ``REDIS_URL``) tasks run eagerly in this process:
the check passes without asking anybody and sending runs the task at once.
Tasks must be idempotent and tolerant of a missing row (CONVENTIONS.md).
"""

import logging
from collections.abc import Callable
from functools import partial

from django.db import transaction
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

# The broker, the database or a socket went away for a moment: sending is given
# up (and reported), a task is retried with back-off. Anything else is a bug or
# bad data.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    ConnectionError,
    TimeoutError,
    OperationalError,
)


class BackgroundUnavailable(Exception):
    """The broker does not answer: a job cannot be queued now. ``message`` is a
    translated sentence for the user (nothing was changed)."""

    def __init__(self, message: str | None = None):
        message = message or unavailable_message()
        super().__init__(message)
        self.message = str(message)


def unavailable_message() -> str:
    """The sentence a user reads when a job cannot be queued."""
    return _("The background task service is unavailable. Try again later; the data has not "
             "been changed.")


def _celery_app():
    from mentoring.celery import app

    return app


def require_background() -> None:
    """Raise :class:`BackgroundUnavailable` unless the broker answers now.

    A new connection (never a pooled one, which may look alive) and a single
    attempt bounded by the transport's ``socket_connect_timeout``/
    ``socket_timeout`` (``REDIS_CONNECT_TIMEOUT_MS``, ``REDIS_SOCKET_TIMEOUT_MS``):
    a refused connection fails in milliseconds, an unreachable host within the
    connect timeout. Nothing is asked when tasks run eagerly (embedded default).
    """
    app = _celery_app()
    if app.conf.task_always_eager:
        return
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=0)
    except Exception as exc:  # noqa: BLE001 — any failure to reach the broker means "not now"
        logger.warning("broker unreachable (%s): refusing to queue a job", exc)
        raise BackgroundUnavailable() from exc


def enqueue_on_commit(task, *, on_unsent: Callable[[str], None] | None = None, **kwargs) -> None:
    """Send ``task`` with ``kwargs`` after commit. If sending fails, log it and
    call ``on_unsent(message)`` (the user's message) so that the caller can
    mark its job failed; the job is never run here."""
    transaction.on_commit(partial(_send, task, kwargs, on_unsent))


def _send(task, kwargs: dict, on_unsent) -> None:
    try:
        task.apply_async(kwargs=kwargs, retry=False)
    except TRANSIENT_ERRORS as exc:
        logger.error("broker unreachable (%s): %s %s was not queued", exc, task.name, kwargs)
        if on_unsent is not None:
            on_unsent(unavailable_message())


# --- Delivery policy of every task (issue 13) -------------------------------------------

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

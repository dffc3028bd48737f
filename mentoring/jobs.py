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

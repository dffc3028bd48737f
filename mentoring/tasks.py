"""Celery jobs of the shared core: the audit trail's retention (thin and
idempotent, CONVENTIONS.md "Celery tasks")."""

import logging

from mentoring.jobs import reliable_task

logger = logging.getLogger(__name__)


@reliable_task("mentoring.purge_audit_trail", soft_time_limit=1800, time_limit=1900)
def task_purge_audit_trail() -> int:
    """Delete the audit trail's entries older than ``AUDIT_RETENTION_DAYS``
    (``mentoring.services.purge_audit_trail``); daily by beat. Returns how many
    went; a second run deletes nothing more."""
    from .services import purge_audit_trail

    deleted = purge_audit_trail()
    logger.info("audit trail: %s entries past retention deleted", deleted)
    return deleted

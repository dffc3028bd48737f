"""Celery tasks of reports: thin, idempotent, tolerant of a missing row
(CONVENTIONS.md, Celery tasks). Each block belongs to one feature."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


# --- Annual and monitoring reports ----------------------------------------------------


@shared_task(name="reports.build_report", acks_late=True)
def task_build_report(*, report_id: int) -> None:
    """Build report ``report_id`` (PDF + XLSX); a deleted report is skipped.

    Running it twice leaves the same state: the second build replaces the files.
    """
    from .models import Report
    from .services.annual import build_report

    report = (
        Report.objects.select_related("organization", "academic_year").filter(pk=report_id).first()
    )
    if report is None:
        logger.warning("report %s is gone", report_id)
        return
    build_report(report)


# --- end of reports block -------------------------------------------------------------

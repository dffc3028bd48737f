"""Celery tasks of reports: thin, idempotent, tolerant of a missing row, with the
portal's delivery policy (mentoring.jobs.reliable_task; CONVENTIONS.md, Celery
tasks). Each block belongs to one feature."""

import logging

from mentoring.jobs import reliable_task

logger = logging.getLogger(__name__)


# --- Annual and monitoring reports ----------------------------------------------------


# A build of the 1,000-pair annual report takes about a minute (benchmarks/documents.py);
# ten minutes leave room for a slow machine before the soft limit fails it cleanly.
@reliable_task("reports.build_report", soft_time_limit=600, time_limit=660, max_retries=3)
def task_build_report(*, report_id: int) -> None:
    """Build report ``report_id`` (PDF + XLSX) if it is waiting (PENDING) or was
    interrupted (RUNNING: its worker died, the job is delivered again); a
    deleted, built or failed report is skipped, so a repeated delivery changes
    nothing (a rebuild is requested by ``request_report``, which sets PENDING).
    """
    from .models import Report
    from .selectors import ACTIVE_JOB_STATUSES
    from .services.annual import build_report

    report = (
        Report.objects.select_related("organization", "academic_year")
        .filter(pk=report_id, status__in=ACTIVE_JOB_STATUSES).first()
    )
    if report is None:
        logger.warning("report %s is gone or not waiting to be built", report_id)
        return
    build_report(report)


# --- Signed orders' documents ------------------------------------------------------------


# One order renders in 1.5–2.4 s for 100 pairs (PDF and DOCX); two minutes is generous.
@reliable_task("reports.render_order_files", bind=True, soft_time_limit=120, time_limit=150)
def task_render_order_files(self, *, order_id: int) -> None:
    """Render and store the signed order ``order_id``'s PDF and DOCX from its
    frozen content (``reports.services.orders.render_order_files``: nothing to
    do when they are stored and intact). Transient errors are retried with
    back-off; after the last retry the documents are marked failed, so that the
    page offers «Повторить» instead of waiting for ever."""
    from .services.orders import mark_files_failed, render_order_files
    from .services.orders.files import RETRIED

    try:
        render_order_files(order_id)
    except RETRIED as exc:
        if self.request.retries >= self.max_retries:
            logger.error("order %s: rendering failed after %s retries: %s", order_id,
                         self.request.retries, exc)
            mark_files_failed(order_id, _render_gave_up())
            return
        raise


def _render_gave_up() -> str:
    from django.utils.translation import gettext

    return gettext("The documents of the order could not be prepared: the database or the "
                   "storage did not answer. Press «Retry» a little later.")


# --- Territory monitoring (issue 14; seed 002 items 9, 12) ------------------------------


@reliable_task("reports.build_territory_report", soft_time_limit=600, time_limit=660, max_retries=3)
def task_build_territory_report(*, report_id: int) -> None:
    """Build the territory monitoring report ``report_id`` if it is waiting or was
    interrupted; otherwise nothing (a repeated delivery changes nothing)."""
    from .enums import ReportKind
    from .models import Report
    from .selectors import ACTIVE_JOB_STATUSES
    from .services.territory_report import build_territory_report

    report = (
        Report.objects.select_related("organization", "academic_year", "campaign__territory",
                                      "campaign__academic_year")
        .filter(pk=report_id, status__in=ACTIVE_JOB_STATUSES,
                kind=ReportKind.TERRITORY_MONITORING).first()
    )
    if report is None:
        logger.warning("territory report %s is gone or not waiting to be built", report_id)
        return
    build_territory_report(report)


@reliable_task("reports.remind_late_monitoring", soft_time_limit=120, time_limit=150, max_retries=3)
def task_remind_late_monitoring(*, report_ids: list[int] | None = None) -> dict:
    """E-mail the curators of late organisations (``report_ids``: the territory
    curator's «Напомнить»; none: the daily beat run over every open campaign),
    each organisation at most once a day (``services.monitoring.send_reminders``)."""
    from .services.monitoring import send_reminders

    counts = send_reminders(report_ids)
    logger.info("monitoring reminders: %s", counts)
    return counts


# --- end of reports block -------------------------------------------------------------

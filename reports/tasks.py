"""Celery tasks of reports: thin, idempotent, tolerant of a missing row
(CONVENTIONS.md, Celery tasks). Each block belongs to one feature."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


# --- Orders (pairs approval PDF) ------------------------------------------------


@shared_task(name="reports.render_order", acks_late=True)
def task_render_order(*, order_id: int) -> None:
    """Render and store the PDF of order ``order_id`` (orders of the legacy
    ``issue_pairs_order``; signed orders get their file at signing); a deleted
    order is skipped, and so is one that names a person without consent or
    whose signed content no longer reproduces its hash (no file, a warning)."""
    from .models import Order
    from .services.orders import OrderError, render_order_file

    order = Order.objects.select_related("organization", "academic_year").filter(pk=order_id).first()
    if order is None:
        logger.warning("order %s is gone", order_id)
        return
    try:
        render_order_file(order)
    except OrderError as refused:
        logger.warning("order %s not rendered: %s", order_id, refused)


# --- end of orders block ------------------------------------------------------------


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

"""The report job (seed 000 §9, stage 7): ``request_report`` creates or
re-queues the one Report row of an organisation, year and kind and sends
``reports.build_report`` after commit; ``build_report`` (the task's work)
renders the PDF with charts and the XLSX from ``annual.collect_annual_data``
and replaces the previous build's files; ``set_report_published`` marks a built
report for the website. Split from ``annual.py`` (which re-exports these names)
to keep both under 700 lines."""

import datetime
import logging
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mentoring.jobs import enqueue_on_commit, require_background
from mentoring.models import AcademicYear, Organization
from mentoring.services import log_action

from ..enums import JobStatus, ReportKind
from ..models import Report
from ..selectors import ACTIVE_JOB_STATUSES
from .annual import ReportError, collect_annual_data
from .indicators import record_indicator_values
from .report_files import remove_stray_files

logger = logging.getLogger(__name__)

# A report still waiting this long was lost with the broker's data (a worker takes
# a job within minutes); one still "running" this long outlived the task's hard
# limit (660 s, reports/tasks.py) and the retries' back-off, so its worker died
# before the job could be delivered again. A new request then re-queues it.
LOST_PENDING_AFTER = datetime.timedelta(minutes=30)
LOST_RUNNING_AFTER = datetime.timedelta(seconds=660 + 240)


def request_report(
    *, organization: Organization, academic_year: AcademicYear, kind: str, actor
) -> Report:
    """Queue the report of ``kind`` (ReportKind) for the organisation's year.

    There is one Report per organisation, year and kind: the first request
    creates it, a later one re-queues the same row (status PENDING, progress 0,
    error cleared, requester and time updated; the previous files stay until the
    new build replaces them). ``reports.build_report`` is queued after commit.
    When the report is already pending or running it is returned unchanged and
    nothing is queued — unless it is lost (:func:`is_lost`), then it is queued
    again. Audited as ``reports.report.requested``.

    Raises BackgroundUnavailable (mentoring.jobs), writing nothing, when the
    broker does not answer; if sending fails after commit all the same, the
    report is marked FAILED with the reason (never left queued for ever).
    """
    from ..tasks import task_build_report

    requester = actor if getattr(actor, "is_authenticated", False) else None
    require_background()
    with transaction.atomic():
        # Serialise concurrent requests of one organisation (a no-op on SQLite,
        # which serialises writers anyway).
        Organization.objects.select_for_update().filter(pk=organization.pk).exists()
        report, created = Report.objects.select_for_update().get_or_create(
            organization=organization,
            academic_year=academic_year,
            kind=kind,
            defaults={"requested_by": requester},
        )
        if not created:
            if report.status in ACTIVE_JOB_STATUSES and not is_lost(report):
                return report
            report.status, report.progress, report.error = JobStatus.PENDING, 0, ""
            report.requested_by, report.requested_at = requester, timezone.now()
            report.started_at = report.finished_at = None
            report.save(update_fields=["status", "progress", "error", "requested_by",
                                       "requested_at", "started_at", "finished_at"])
        log_action(
            "reports.report.requested",
            actor=actor,
            organization=organization,
            obj=report,
            data={"kind": kind, "academic_year": academic_year.title, "again": not created},
        )
        enqueue_on_commit(task_build_report, report_id=report.pk,
                          on_unsent=partial(_mark_unsent, report.pk))
    return report


def is_lost(report: Report) -> bool:
    """Pending for longer than ``LOST_PENDING_AFTER`` or running for longer than
    ``LOST_RUNNING_AFTER``: nobody will finish it."""
    now = timezone.now()
    if report.status == JobStatus.RUNNING:
        return report.started_at is not None and now - report.started_at > LOST_RUNNING_AFTER
    return report.status == JobStatus.PENDING and now - report.requested_at > LOST_PENDING_AFTER


def _mark_unsent(report_id: int, message: str) -> None:
    """The build job could not be queued: the report is FAILED with ``message``."""
    Report.objects.filter(pk=report_id, status=JobStatus.PENDING).update(
        status=JobStatus.FAILED, error=str(message), finished_at=timezone.now()
    )


def set_report_published(report: Report, *, actor, published: bool) -> Report:
    """Mark the report for publication on the website (or take the mark off).

    Only a report that has been built (has a PDF) can be marked; ReportError
    otherwise. Records who and when (cleared when unmarked); audited as
    ``reports.report.published`` / ``reports.report.unpublished``.
    """
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if published and not report.pdf:
            raise ReportError(_("Only a built report can be marked for publication."))
        report.published = published
        report.published_by = actor if published else None
        report.published_at = timezone.now() if published else None
        report.save(update_fields=["published", "published_by", "published_at"])
        log_action(
            "reports.report.published" if published else "reports.report.unpublished",
            actor=actor,
            organization=report.organization,
            obj=report,
        )
    return report


def _set_progress(report: Report, progress: int, **fields) -> None:
    report.progress = progress
    for name, value in fields.items():
        setattr(report, name, value)
    report.save(update_fields=["progress", *fields])


def _record_indicators(report: Report) -> None:
    """Store the computed indicators' values of the year (annual report only)."""
    if report.kind == ReportKind.ANNUAL:
        record_indicator_values(report.organization, report.academic_year)


def build_report(report: Report) -> Report:
    """Build the organisation's report (annual, December or May monitoring):
    the annual report first records the computed indicator values of the year
    (``indicators.record_indicator_values``), then :func:`build_files` with the
    annual report's data and renderers."""
    from ..renderers.annual import render_annual_pdf, render_annual_xlsx

    def collect():
        _record_indicators(report)
        return collect_annual_data(report.organization, report.academic_year, kind=report.kind)

    return build_files(report, collect=collect, render_pdf=render_annual_pdf,
                       render_xlsx=render_annual_xlsx)


def build_files(report: Report, *, collect, render_pdf, render_xlsx) -> Report:
    """Build a report's PDF (with charts) and XLSX and store them on it — the
    one job of every kind of report (the organisation's, the territory's).

    ``collect()`` gathers the data, ``render_pdf(report, data)`` and
    ``render_xlsx(report, data)`` return rendered files (``filename``,
    ``content``, and ``pages`` for the PDF). Sets ``started_at``; progress goes
    5 → 25 (figures gathered) → 75 (PDF) → 90 (XLSX) → 100, each saved so that
    the page can show it. On success: status DONE, ``finished_at``, ``pages``,
    and only then the previous build's files are deleted, with any file of this
    report a killed build left (``report_files.remove_stray_files``) — building
    again replaces the files. On any exception: status FAILED with a plain
    Russian message in ``error`` (a ReportError's own), the traceback logged,
    this attempt's files removed and the previous build's files kept on the row.
    """
    old_names = (report.pdf.name or "", report.xlsx.name or "")
    written: list[str] = []
    try:
        with translation.override(settings.LANGUAGE_CODE):
            _set_progress(report, 5, status=JobStatus.RUNNING, error="", finished_at=None,
                          started_at=timezone.now())
            data = collect()
            _set_progress(report, 25)
            pdf = render_pdf(report, data)
            _set_progress(report, 75)
            xlsx = render_xlsx(report, data)
            _set_progress(report, 90)
            for field_file, rendered in ((report.pdf, pdf), (report.xlsx, xlsx)):
                field_file.save(rendered.filename, ContentFile(rendered.content), save=False)
                written.append(field_file.name)
            report.progress, report.status, report.pages = 100, JobStatus.DONE, pdf.pages
            report.finished_at = timezone.now()
            report.save(
                update_fields=["progress", "status", "finished_at", "pdf", "xlsx", "pages"]
            )
    except Exception as exc:
        logger.exception("Report %s (%s) failed", report.pk, report.kind)
        _fail(report, exc, old_names, written)
        return report
    # the previous build's files, and any a killed build left (issue 13)
    remove_stray_files(report)
    log_action(
        "reports.report.built",
        organization=report.organization,
        obj=report,
        data={"pdf": report.pdf.name, "xlsx": report.xlsx.name, "pages": report.pages},
    )
    return report


def _fail(report: Report, exc: Exception, old_names: tuple[str, str], written: list[str]) -> None:
    storage = report.pdf.storage
    for name in written:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("Could not remove %s after a failed build", name)
    # keep pointing at the previous build's files (if any); a later build replaces them
    report.pdf.name, report.xlsx.name = old_names
    with translation.override(settings.LANGUAGE_CODE):
        if isinstance(exc, ReportError):
            message = str(exc)
        else:
            message = _(
                "The report could not be built because of an internal error. Try again "
                "later; if it fails again, tell the administrator (details are in the "
                "server log)."
            )
    report.status, report.error, report.finished_at = JobStatus.FAILED, message, timezone.now()
    report.save(update_fields=["status", "error", "finished_at", "pdf", "xlsx"])

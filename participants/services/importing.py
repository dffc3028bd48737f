"""Import of applicant lists (.xlsx, .xls, .ods, .csv) into the mentor and
mentee bases.

Seed 000 stages 2–3 (forming the mentee and mentor bases from applications and
consents). The flow follows CONVENTIONS.md "Imports":

1. ``upload_import`` (the web page) checks the bytes before any parsing
   (``spreadsheet.check_upload``: size, kind, zip bombs, DTDs) and stores the file
   as an ApplicantImport in CHECKING; a Celery job (``check_import``) reads it,
   finds the header (a mapping the curator saved for these headers, else the
   synonyms), cleans every row, collects every error and matches people already
   in the base: PREVIEW, REFUSED (row errors), NEEDS_MAPPING (columns not
   recognised: ``set_mapping``) or FAILED (unreadable).
2. ``queue_apply`` (the curator confirms) hands the import to ``apply_import``
   in a job: it re-reads and re-validates the stored file against the base as it
   is then and writes everything in one transaction with bulk operations and one
   audit entry; the number of queries does not grow with the rows.

Progress (0–100) is kept in the cache while a job runs (``import_progress``) so
that the page can show it from another process; the row's ``progress`` holds it
between steps. ``preview_import`` and ``import_files`` run the same steps
synchronously (management command, demo, tests).

This module holds the entry points, the column mapping, the errors workbook and
the progress; cleaning the rows, matching the base and planning are in
``importing_plan``, writing in ``importing_write``.
"""

import hashlib
import io
import logging
import os
from collections import defaultdict
from collections.abc import Iterable
from functools import partial
from pathlib import Path

import openpyxl
from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.jobs import enqueue_on_commit, require_background
from mentoring.models import Organization
from mentoring.services import log_action

from ..enums import IMPORT_RUNNING, ImportStatus
from ..errors import ImportRefused
from ..models import ApplicantImport, ColumnMapping
from .cleaning import cell_text
from .exporting import neutralise
from .importing_plan import Analysis, Progress, plan_sheet
from .importing_write import write_plans
from .spreadsheet import (
    FIELD_LABELS,
    HEADER_SEARCH_ROWS,
    Grid,
    MappingNeeded,
    Sheet,
    check_upload,
    find_header,
    header_signature,
    read_grid,
    sheet_from_grid,
    too_large,
)

__all__ = [
    "ImportRefused",
    "apply_import",
    "check_import",
    "errors_workbook",
    "import_files",
    "import_progress",
    "mapping_choices",
    "preview_import",
    "queue_apply",
    "set_mapping",
    "upload_import",
]

PROGRESS_TIMEOUT = 60 * 60
# share of the progress bar reached once the file is read (see importing_plan)
READ_DONE = 25

logger = logging.getLogger(__name__)


def _no_progress(_percent: int) -> None:
    return None


# --- entry points -----------------------------------------------------------------


def upload_import(*, organization: Organization, uploaded_file, actor) -> ApplicantImport:
    """Check ``uploaded_file`` (a Django File/UploadedFile) before parsing, store
    it as an ApplicantImport in CHECKING and queue ``check_import`` after commit.

    Raises ImportRefused (nothing stored) for a file refused by
    ``spreadsheet.check_upload``: empty, too large, not a spreadsheet, a text
    renamed to .xlsx, a zip bomb, a DTD in its XML; BackgroundUnavailable
    (mentoring.jobs; nothing stored) when the broker does not answer. If the
    job cannot be sent after commit all the same, the import is FAILED with
    the reason (never left in CHECKING).
    """
    from ..tasks import task_check_import

    require_background()
    applicant_import = _store(organization, uploaded_file, actor)
    _queue_check(task_check_import, applicant_import)
    return applicant_import


def _queue_check(task, applicant_import: ApplicantImport) -> None:
    enqueue_on_commit(task, import_id=applicant_import.pk,
                      on_unsent=partial(_check_unsent, applicant_import.pk))


def _check_unsent(import_id: int, message: str) -> None:
    """The check could not be queued: the import is FAILED with ``message``."""
    ApplicantImport.objects.filter(pk=import_id, status=ImportStatus.CHECKING).update(
        status=ImportStatus.FAILED, message=str(message), progress=100
    )


def _apply_unsent(import_id: int, message: str) -> None:
    """The import could not be queued: back to PREVIEW (nothing was written),
    with ``message``, so that the curator may confirm it again later."""
    ApplicantImport.objects.filter(pk=import_id, status=ImportStatus.IMPORTING).update(
        status=ImportStatus.PREVIEW, message=str(message), progress=100
    )


def preview_import(*, organization: Organization, uploaded_file, actor) -> ApplicantImport:
    """``upload_import`` and ``check_import`` at once, in this process.

    Returns the saved ApplicantImport in PREVIEW, REFUSED (row errors in
    ``report["errors"]``) or NEEDS_MAPPING. ``report`` = {"rows": [{"row",
    "action" (create|update|unchanged), "full_name", "category", "role", "minor",
    "consent"}], "errors": [{"row", "column", "message"}], "counts": {"create",
    "update", "unchanged", "errors", "mentors", "mentees"}}. Raises
    ImportRefused, storing nothing, for a file refused before parsing or
    unreadable.
    """
    applicant_import = _store(organization, uploaded_file, actor)
    check_import(applicant_import)
    if applicant_import.status == ImportStatus.FAILED:
        message = applicant_import.message
        applicant_import.file.delete(save=False)
        applicant_import.delete()
        raise ImportRefused(message)
    return applicant_import


def check_import(applicant_import: ApplicantImport, *, progress: Progress | None = None) -> ApplicantImport:
    """Read, validate and classify the stored file without writing any
    participant; sets status PREVIEW, REFUSED, NEEDS_MAPPING (``message`` says
    why) or FAILED (``message``), ``report``, ``progress`` = 100. Never raises
    for a bad file."""
    progress = progress or _progress_of(applicant_import)
    try:
        analysis = _analyse(applicant_import, progress=progress)
    except MappingNeeded as exc:
        _finish(applicant_import, ImportStatus.NEEDS_MAPPING, message=exc.message, report={})
    except ImportRefused as exc:
        _finish(applicant_import, ImportStatus.FAILED, message=exc.message, report={})
    else:
        status = ImportStatus.REFUSED if analysis.errors else ImportStatus.PREVIEW
        report = analysis.report()
        del analysis  # the plans are freed before the report is encoded and stored
        _finish(applicant_import, status, message="", report=report)
    return applicant_import


def queue_apply(applicant_import: ApplicantImport, *, actor) -> ApplicantImport:
    """Mark a PREVIEW import IMPORTING and queue ``apply_import`` after commit.
    Raises ImportRefused when it is not in PREVIEW (already imported, being
    imported, has errors); BackgroundUnavailable (nothing changed) when the
    broker does not answer. If the job cannot be sent after commit all the
    same, the import goes back to PREVIEW with the reason."""
    from ..tasks import task_apply_import

    require_background()
    with transaction.atomic():
        locked = ApplicantImport.objects.select_for_update().get(pk=applicant_import.pk)
        _check_can_apply(locked)
        locked.status = ImportStatus.IMPORTING
        locked.progress = 0
        locked.save(update_fields=["status", "progress"])
        actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
        enqueue_on_commit(task_apply_import, import_id=locked.pk, actor_id=actor_id,
                          on_unsent=partial(_apply_unsent, locked.pk))
    return locked


def apply_import(
    applicant_import: ApplicantImport, *, actor, progress: Progress | None = None
) -> ApplicantImport:
    """Re-read and re-validate the stored file against the base as it is now and
    write it: participants, mentor/mentee profiles, requests and consents, in one
    transaction with bulk operations; status APPLIED; one audit entry
    ``participants.import.applied`` with the file's sha256 and the counts.

    Accepts an import in PREVIEW or IMPORTING (queued by ``queue_apply``).
    Raises ImportRefused when it was already applied or the file now has errors
    (the report is then updated, status REFUSED, nothing written).
    """
    progress = progress or _progress_of(applicant_import)
    refused = None
    with transaction.atomic():
        # the preview's report is not loaded: it is computed again below
        locked = (
            ApplicantImport.objects.select_for_update().defer("report")
            .select_related("organization").get(pk=applicant_import.pk)
        )
        if locked.status == ImportStatus.APPLIED:
            raise ImportRefused(_("This list has already been imported."))
        if locked.status not in (ImportStatus.PREVIEW, ImportStatus.IMPORTING):
            raise ImportRefused(_("This list cannot be imported: check it and correct the errors first."))
        try:
            analysis = _analyse(locked, progress=progress)
        except ImportRefused as exc:
            refused = exc
            analysis = None
        if analysis is not None and analysis.errors:
            refused = ImportRefused(_(
                "The list has errors now (the base may have changed since the preview); "
                "nothing was imported. Correct the file and upload it again."
            ))
        if refused is not None:
            locked.status = ImportStatus.REFUSED
            if analysis is not None:
                locked.report = analysis.report()
            else:
                locked.message = refused.message
            locked.progress = 100
            locked.save(update_fields=["report", "status", "message", "progress"])
        else:
            write_plans(analysis.plans, locked.organization)
            progress(95)
            locked.report = analysis.report()
            analysis = None  # the plans are freed before the report is encoded and stored
            locked.status = ImportStatus.APPLIED
            locked.applied_at = timezone.now()
            locked.progress = 100
            locked.save(update_fields=["report", "status", "applied_at", "progress"])
            counts = locked.report["counts"]
            log_action(
                "participants.import.applied",
                actor=actor,
                organization=locked.organization,
                obj=locked,
                data={
                    "sha256": locked.sha256,
                    "created": counts["create"],
                    "updated": counts["update"],
                    "unchanged": counts["unchanged"],
                },
            )
    _forget_progress(locked.pk)
    if refused is not None:
        raise refused
    applicant_import.refresh_from_db()
    return locked


def import_files(
    *, organization: Organization, paths: Iterable[str | Path], actor=None
) -> list[ApplicantImport]:
    """Preview and, when it has no errors, apply each file in ``paths``; returns
    the imports in order (REFUSED or NEEDS_MAPPING ones were not written).
    Raises ImportRefused (naming the file) for a file refused before parsing or
    unreadable; files before it stay imported. Used by ``manage.py
    import_applicants`` and the demo loader."""
    results = []
    for path in map(Path, paths):
        try:
            with path.open("rb") as handle:
                applicant_import = preview_import(
                    organization=organization, uploaded_file=File(handle, name=path.name),
                    actor=actor,
                )
        except ImportRefused as exc:
            raise ImportRefused(f"{path.name}: {exc.message}") from exc
        if applicant_import.status == ImportStatus.PREVIEW:
            applicant_import.report = {}  # not kept in memory while the list is written
            applicant_import = apply_import(applicant_import, actor=actor)
        results.append(applicant_import)
    return results


# --- column mapping ---------------------------------------------------------------


def mapping_choices(applicant_import: ApplicantImport) -> dict:
    """What the manual mapping page shows: {"rows": [(row number, [cell texts])]
    of the first 10 non-blank rows, "width": columns, "header_row": the row
    proposed as the header, "columns": {field: index} proposed (from the import's
    mapping, a saved mapping or the synonyms), "fields": [(field, label)]}.
    Raises ImportRefused when the file cannot be read."""
    grid = read_grid(_read_stored(applicant_import), applicant_import.file_format)
    top = grid.rows[:HEADER_SEARCH_ROWS]
    header_row, columns = None, {}
    if applicant_import.mapping:
        header_row = applicant_import.mapping["header_row"]
        columns = dict(applicant_import.mapping["columns"])
    else:
        saved = _saved_mapping(applicant_import.organization, grid)
        found = saved or _auto_header(grid)
        if found:
            header_row, columns = found
    if header_row is None and top:
        # no header known: propose the fullest of the first rows (titles above
        # a table are usually one long cell)
        header_row = max(top, key=lambda r: (sum(v not in (None, "") for v in r[1]), -r[0]))[0]
    return {
        "rows": [
            (number, [_cell_label(v) for v in values] + [""] * (grid.width - len(values)))
            for number, values in top
        ],
        "width": grid.width,
        "header_row": header_row or 1,
        "columns": columns,
        "fields": list(FIELD_LABELS.items()),
    }


def set_mapping(
    applicant_import: ApplicantImport, *, header_row: int, columns: dict[str, int],
    actor, remember_as: str = "",
) -> ApplicantImport:
    """Use the curator's column mapping (``columns``: {field: 0-based column
    index} under the header in row ``header_row``) for this import and check it
    again in a job; with ``remember_as`` the mapping is saved for files whose
    header row has the same titles.

    Raises ImportRefused when the import is already imported or being processed,
    when a field is given two columns, or when the mapping lacks the name columns
    (MappingNeeded); BackgroundUnavailable (nothing changed) when the broker
    does not answer.
    """
    if applicant_import.status in (*IMPORT_RUNNING, ImportStatus.APPLIED):
        raise ImportRefused(_("This list is being processed or already imported; its columns cannot be changed."))
    if len(set(columns.values())) != len(columns):
        raise ImportRefused(_("Each column of the file may be mapped to one field only."))
    grid = read_grid(_read_stored(applicant_import), applicant_import.file_format)
    sheet_from_grid(grid, header_row, columns)  # raises MappingNeeded / ImportRefused
    header = dict(grid.rows).get(header_row, ())
    from ..tasks import task_check_import

    require_background()
    with transaction.atomic():
        applicant_import.mapping = {"header_row": header_row, "columns": columns}
        applicant_import.status = ImportStatus.CHECKING
        applicant_import.progress = 0
        applicant_import.message = ""
        applicant_import.save(update_fields=["mapping", "status", "progress", "message"])
        if remember_as.strip():
            ColumnMapping.objects.update_or_create(
                organization=applicant_import.organization,
                signature=header_signature(header),
                defaults={"name": remember_as.strip()[:200], "columns": columns,
                          "created_by": actor if getattr(actor, "is_authenticated", False) else None},
            )
        log_action(
            "participants.import.mapped", actor=actor,
            organization=applicant_import.organization, obj=applicant_import,
            data={"header_row": header_row, "columns": columns, "remembered": bool(remember_as.strip())},
        )
        _queue_check(task_check_import, applicant_import)
    return applicant_import


def _cell_label(value) -> str:
    return cell_text(value)[:60]


def _saved_mapping(organization: Organization, grid: Grid) -> tuple[int, dict] | None:
    signatures = {
        header_signature(values): number for number, values in grid.rows[:HEADER_SEARCH_ROWS]
    }
    saved = ColumnMapping.objects.filter(
        organization=organization, signature__in=[s for s in signatures if s]
    ).first()
    if saved is None:
        return None
    return signatures[saved.signature], {k: int(v) for k, v in saved.columns.items()}


def _auto_header(grid: Grid) -> tuple[int, dict] | None:
    found = find_header(grid)
    if found is None:
        return None
    header_row, columns = found
    return header_row, {name: index for name, (index, _title) in columns.items()}


def _sheet(applicant_import: ApplicantImport, grid: Grid) -> Sheet:
    """The Sheet under the import's own mapping, else a saved mapping for these
    headers, else the automatic header. Raises MappingNeeded."""
    if applicant_import.mapping:
        mapping = applicant_import.mapping
        return sheet_from_grid(grid, mapping["header_row"], {k: int(v) for k, v in mapping["columns"].items()})
    found = _saved_mapping(applicant_import.organization, grid) or _auto_header(grid)
    if found is None:
        raise MappingNeeded(_(
            "The header row was not recognised. Show which columns hold the surname, "
            "name, birth date, role and the other fields."
        ))
    return sheet_from_grid(grid, *found)


# --- errors as a workbook ---------------------------------------------------------


def errors_workbook(applicant_import: ApplicantImport) -> bytes:
    """The rows of the file that have errors, as an .xlsx: the header row, then
    each such row with its cells as in the file and a last column «Ошибки» with
    every problem of the row («Столбец: причина»). Every text cell is
    neutralised against formula injection. Raises ImportRefused when the stored
    file cannot be read."""
    grid = read_grid(_read_stored(applicant_import), applicant_import.file_format)
    sheet = _sheet(applicant_import, grid)
    by_row: dict[int, list[str]] = defaultdict(list)
    for error in applicant_import.errors:
        by_row[error["row"]].append(f"{error['column']}: {error['message']}")
    values_of = dict(grid.rows)
    workbook = openpyxl.Workbook(write_only=True)
    worksheet = workbook.create_sheet(_("Errors")[:31])
    header = list(values_of.get(sheet.header_row, ()))
    header += [None] * (grid.width - len(header))
    worksheet.append([_("Row")] + [neutralise(v) for v in header] + [_("Errors")])
    for number in sorted(by_row):
        cells = list(values_of.get(number, ()))
        cells += [None] * (grid.width - len(cells))
        worksheet.append([number] + [neutralise(v) for v in cells] + [neutralise("\n".join(by_row[number]))])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- progress -----------------------------------------------------------------------


def _progress_key(pk: int) -> str:
    return f"participants:import-progress:{pk}"


def _progress_of(applicant_import: ApplicantImport) -> Progress:
    key = _progress_key(applicant_import.pk)

    def report(percent: int) -> None:
        try:
            cache.set(key, int(percent), PROGRESS_TIMEOUT)
        except Exception:  # noqa: BLE001 — progress is best effort; the import goes on without Redis
            logger.warning("import %s: progress not stored (cache unavailable)", applicant_import.pk)

    return report


def import_progress(applicant_import: ApplicantImport) -> int:
    """0–100: the running job's progress from the cache, else the saved one."""
    if applicant_import.status in IMPORT_RUNNING:
        try:
            return int(cache.get(_progress_key(applicant_import.pk), applicant_import.progress))
        except Exception:  # noqa: BLE001 — without the cache the saved figure will do
            return applicant_import.progress
    return applicant_import.progress


def _finish(applicant_import: ApplicantImport, status: str, *, message: str, report: dict) -> None:
    applicant_import.status = status
    applicant_import.message = message
    applicant_import.report = report
    applicant_import.progress = 100
    applicant_import.save(update_fields=["status", "message", "report", "progress"])
    _forget_progress(applicant_import.pk)


def _forget_progress(pk: int) -> None:
    try:
        cache.delete(_progress_key(pk))
    except Exception:  # noqa: BLE001 — the key expires by itself
        logger.warning("import %s: progress not cleared (cache unavailable)", pk)


def _check_can_apply(applicant_import: ApplicantImport) -> None:
    if applicant_import.status == ImportStatus.APPLIED:
        raise ImportRefused(_("This list has already been imported."))
    if applicant_import.status == ImportStatus.IMPORTING:
        raise ImportRefused(_("This list is being imported already."))
    if applicant_import.status != ImportStatus.PREVIEW or applicant_import.errors:
        raise ImportRefused(_("This list cannot be imported: check it and correct the errors first."))


# --- reading --------------------------------------------------------------------


def _store(organization: Organization, uploaded_file, actor) -> ApplicantImport:
    data = _read_upload(uploaded_file)
    name = os.path.basename(uploaded_file.name or "list.xlsx")[:255]
    file_format = check_upload(data, name)
    sha256 = hashlib.sha256(data).hexdigest()
    applicant_import = ApplicantImport(
        organization=organization,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        original_name=name,
        sha256=sha256,
        file_format=file_format,
        status=ImportStatus.CHECKING,
    )
    applicant_import.file.save(f"{sha256[:16]}.{file_format}", ContentFile(data), save=False)
    applicant_import.save()
    return applicant_import


def _read_upload(uploaded_file) -> bytes:
    limit = settings.IMPORT_MAX_UPLOAD_BYTES
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > limit:
        raise too_large(size)
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    data = uploaded_file.read(limit + 1)
    if len(data) > limit:
        raise too_large(len(data))
    return data


def _read_stored(applicant_import: ApplicantImport) -> bytes:
    try:
        with applicant_import.file.open("rb") as handle:
            return handle.read(settings.IMPORT_MAX_UPLOAD_BYTES + 1)
    except (OSError, ValueError) as exc:
        raise ImportRefused(_("The stored file of this import is missing; upload the list again.")) from exc


# --- analysis -------------------------------------------------------------------


def _analyse(applicant_import: ApplicantImport, *, progress: Progress = _no_progress) -> Analysis:
    """Read the stored file, clean its rows, match the base and plan the writes
    (``importing_plan.plan_sheet``). Raises MappingNeeded / ImportRefused for a
    file that cannot be read as a list. Runs a fixed number of queries whatever
    the number of rows."""
    progress(5)
    grid = read_grid(_read_stored(applicant_import), applicant_import.file_format)
    sheet = _sheet(applicant_import, grid)
    del grid
    progress(READ_DONE)
    return plan_sheet(applicant_import.organization, sheet, progress=progress)

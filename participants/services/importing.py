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
"""

import hashlib
import logging
import io
import os
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from types import SimpleNamespace

import openpyxl
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.enums import OrganizationKind, ParticipantCategory, Role
from mentoring.jobs import enqueue_on_commit, require_background
from mentoring.models import Organization
from mentoring.services import log_action

from ..data.consent_texts import current_text
from ..enums import (
    IMPORT_RUNNING,
    ConsentChannel,
    ConsentGiver,
    ImportStatus,
    MentorStatus,
    NeedCategory,
)
from ..errors import ImportRefused
from ..models import (
    ADULT_AGE,
    age_on,
    ApplicantImport,
    ColumnMapping,
    Consent,
    Mentee,
    MenteeRequest,
    Mentor,
    Participant,
)
from .cleaning import Applicant, RowErrors, cell_text, clean_rows, person_key
from .consents import consent_status_at_age, consent_status_for
from .exporting import neutralise
from .statuses import base_status
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

# Mentees a new mentor may take by default, by category (seed 000 §4.2).
DEFAULT_CAPACITY = {
    ParticipantCategory.TEACHER: 3,
    ParticipantCategory.EMPLOYER_REP: 2,
    ParticipantCategory.STUDENT: 1,
}
PROGRESS_TIMEOUT = 60 * 60
# rows written per bulk statement (see _write)
WRITE_BATCH = 10_000
# shares of the progress bar taken by each step of a job
READ_DONE, CLEAN_DONE, MATCH_DONE = 25, 70, 85

logger = logging.getLogger(__name__)

Progress = Callable[[int], None]


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
        _finish(applicant_import, status, message="", report=analysis.report())
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
            _write(analysis.plans, locked.organization)
            progress(95)
            locked.report = analysis.report()
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


@dataclass(slots=True)
class RowPlan:
    """What writing one valid row will do.

    For a person already in the base ``participant`` is that participant with
    the file's values set in memory. For a new person ``participant`` stays None
    until ``materialise`` builds the unsaved instances just before their batch
    is written, so that a long list does not hold tens of thousands of model
    instances at once.
    """

    applicant: Applicant
    participant: Participant | None
    is_new: bool
    consent_status: str = ""
    minor: bool = False
    changed: set[str] = field(default_factory=set)
    mentor: Mentor | None = None
    new_mentor: bool = False
    mentor_changed: bool = False
    mentee: Mentee | None = None
    new_mentee: bool = False
    mentee_changed: bool = False
    mentee_status: str = ""
    new_requests: list[str] = field(default_factory=list)
    add_consent: bool = False
    new_consent: Consent | None = None

    @property
    def action(self) -> str:
        if self.is_new:
            return "create"
        touched = (
            self.changed or self.new_mentor or self.mentor_changed or self.new_mentee
            or self.mentee_changed or self.new_requests or self.new_consent
        )
        return "update" if touched else "unchanged"

    def as_row(self) -> dict:
        if self.is_new:
            a = self.applicant
            full_name, category = a.full_name, a.category
            minor, consent = self.minor, self.consent_status
        else:
            p = self.participant
            full_name, category, minor, consent = p.full_name, p.category, p.is_minor, p.consent_status
        return {
            "row": self.applicant.row,
            "action": self.action,
            "full_name": full_name,
            "category": category,
            "role": self.applicant.role,
            "minor": minor,
            "consent": consent,
        }

    def materialise(self, organization: Organization, today) -> None:
        """Build the unsaved participant, profile and consent of a new row."""
        a = self.applicant
        p = Participant(organization=organization, consent_status=self.consent_status, **_values(a))
        self.participant = p
        if self.add_consent:
            self.new_consent = _own_consent(p, today)
        if self.new_mentor:
            self.mentor = Mentor(
                participant=p, competencies=a.competencies, interests=a.interests,
                capacity=DEFAULT_CAPACITY.get(p.category, 1), status=MentorStatus.CANDIDATE,
            )
        if self.new_mentee:
            self.mentee = _new_mentee(p, self.mentee_status)

    def release(self) -> None:
        """Drop the instances of a new row once written."""
        self.participant = self.mentor = self.mentee = self.new_consent = None


@dataclass
class Analysis:
    errors: list[dict]
    plans: list[RowPlan]

    def report(self) -> dict:
        rows = [plan.as_row() for plan in self.plans]
        counts = {action: 0 for action in ("create", "update", "unchanged")}
        for row in rows:
            counts[row["action"]] += 1
        counts["errors"] = len(self.errors)
        counts["mentors"] = sum(1 for row in rows if row["role"] == Role.MENTOR)
        counts["mentees"] = sum(1 for row in rows if row["role"] == Role.MENTEE)
        return {"rows": rows, "errors": self.errors, "counts": counts}


def _analyse(applicant_import: ApplicantImport, *, progress: Progress = _no_progress) -> Analysis:
    """Read the stored file, clean its rows, match the base and plan the writes.
    Raises MappingNeeded / ImportRefused for a file that cannot be read as a list.
    Runs a fixed number of queries whatever the number of rows."""
    organization = applicant_import.organization
    progress(5)
    grid = read_grid(_read_stored(applicant_import), applicant_import.file_format)
    sheet = _sheet(applicant_import, grid)
    del grid
    progress(READ_DONE)
    errors = RowErrors(sheet)
    applicants = clean_rows(sheet, errors)
    _learners_of_school(organization, applicants)
    sheet.rows = []  # the cleaned applicants carry all that is needed from here on
    progress(CLEAN_DONE)
    valid = [a for a in applicants if a.valid]
    base = _Base.load(organization)
    matches = _match_existing(base, valid, errors)
    progress(MATCH_DONE)
    today = timezone.localdate()
    plans = [
        _plan(organization, a, matches.get(a.row), base, today)
        for a in valid
        if a.valid  # _match_existing may find two rows for one person
    ]
    return Analysis(errors=errors.sorted(), plans=plans)


def _learners_of_school(organization: Organization, applicants: list[Applicant]) -> None:
    """A school's list of learners («Группа» / «Курс» columns) lists pupils,
    not students: the school forms («учитель – ученик», «ученик – ученик»,
    seed 002) admit pupils only. A list of a college or any other kind is left
    as it is."""
    if organization.kind != OrganizationKind.SCHOOL:
        return
    for applicant in applicants:
        if applicant.category == ParticipantCategory.STUDENT:
            applicant.category = ParticipantCategory.PUPIL


@dataclass
class _Base:
    """The organisation's base as the matcher needs it, loaded in 3 queries:
    participants with their profiles, their consents, the mentees' requests."""

    by_email: dict[str, Participant]
    by_person: dict[tuple, Participant]
    consents: dict[int, list[Consent]]
    requests: dict[int, list[MenteeRequest]]

    @classmethod
    def load(cls, organization: Organization) -> "_Base":
        people = (
            Participant.objects.filter(organization=organization, anonymised_at__isnull=True)
            .select_related("mentor_profile", "mentee_profile")
            .order_by("pk")
        )
        by_email, by_person = {}, {}
        for p in people:
            if p.email:
                by_email.setdefault(p.email.lower(), p)
            if p.birth_date:
                by_person.setdefault(person_key(p.surname, p.name, p.patronymic, p.birth_date), p)
        consents: dict[int, list[Consent]] = defaultdict(list)
        for consent in Consent.objects.filter(participant__organization=organization):
            consents[consent.participant_id].append(consent)
        requests: dict[int, list[MenteeRequest]] = defaultdict(list)
        for request in MenteeRequest.objects.filter(mentee__participant__organization=organization):
            requests[request.mentee_id].append(request)
        return cls(by_email, by_person, consents, requests)


def _match_existing(
    base: _Base, applicants: list[Applicant], errors: RowErrors
) -> dict[int, Participant]:
    """Row → participant of the organisation with the same e-mail (ignoring case)
    or the same full name and birth date. Two rows that meet one participant are
    an error on the later row."""
    matches: dict[int, Participant] = {}
    claimed: dict[int, int] = {}
    name_field = "surname" if "surname" in errors.sheet.columns else "full_name"
    for applicant in applicants:
        participant = base.by_email.get(applicant.email) if applicant.email else None
        column = "email"
        if participant is None:
            participant = base.by_person.get(applicant.person_key())
            column = name_field
        if participant is None:
            continue
        if participant.pk in claimed:
            errors.add(applicant.row, column, _(
                "Rows %(other)s and %(row)s refer to the same person already in the base "
                "(%(name)s)."
            ) % {"other": claimed[participant.pk], "row": applicant.row, "name": participant.full_name})
            applicant.valid = False
            continue
        claimed[participant.pk] = applicant.row
        matches[applicant.row] = participant
    return matches


def _profile(participant: Participant, name: str):
    try:
        return getattr(participant, name)
    except ObjectDoesNotExist:
        return None


def _values(applicant: Applicant) -> dict:
    return {
        "surname": applicant.surname,
        "name": applicant.name,
        "patronymic": applicant.patronymic,
        "category": applicant.category,
        **applicant.values,
    }


# what _own_consent will write, as consent_status_at_age sees it
OWN_CONSENT = SimpleNamespace(given_by=ConsentGiver.SELF, withdrawn_on=None)


def _own_consent(participant: Participant, today) -> Consent:
    """The person's own consent that an application with «да» carries."""
    text = current_text()
    return Consent(
        participant=participant, given_by=ConsentGiver.SELF, given_on=today,
        received_via=ConsentChannel.APPLICATION, text_version=text.version,
        purposes=list(text.purposes), data_categories=list(text.data_categories),
    )


def _plan(
    organization, applicant: Applicant, existing: Participant | None, base: _Base, today
) -> RowPlan:
    if existing is None:
        return _plan_new(organization, applicant, today)
    plan = RowPlan(applicant, existing, is_new=False)
    for name, value in _values(applicant).items():
        current = getattr(existing, name)
        if name == "email":
            current = current.lower()
        if value not in ("", None) and current != value:
            setattr(existing, name, value)
            plan.changed.add(name)
    _plan_consent(plan, list(base.consents.get(existing.pk, ())), today)
    if applicant.role == Role.MENTOR:
        _plan_mentor(plan)
    else:
        _plan_mentee(plan, base)
    return plan


def _plan_new(organization, applicant: Applicant, today) -> RowPlan:
    """A new person: only flags and the computed consent status are kept; the
    instances are built by ``RowPlan.materialise`` when their batch is written."""
    plan = RowPlan(applicant, None, is_new=True)
    plan.add_consent = applicant.consent
    age = age_on(applicant.birth_date, today)
    plan.consent_status = consent_status_at_age(age, [OWN_CONSENT] if applicant.consent else [])
    plan.minor = age is not None and age < ADULT_AGE
    if applicant.role == Role.MENTOR:
        plan.new_mentor = True
    else:
        plan.new_mentee = True
        plan.mentee_status = base_status(None, plan.consent_status)
        plan.new_requests = list(applicant.requests)
    return plan


def _plan_consent(plan: RowPlan, consents: list[Consent], today) -> None:
    """«да» adds the person's own consent unless one is on record. The status is
    recomputed from the consents, except for an adult already in the base with no
    consent records (their status was set by hand and the list does not undo it)."""
    p = plan.participant
    if plan.applicant.consent and not any(
        c.given_by == ConsentGiver.SELF and c.withdrawn_on is None for c in consents
    ):
        plan.new_consent = _own_consent(p, today)
        consents = [*consents, plan.new_consent]
    if not consents and not p.is_minor:
        return
    status = consent_status_for(p, consents, today=today)
    if status != p.consent_status:
        p.consent_status = status
        plan.changed.add("consent_status")


def _plan_mentor(plan: RowPlan) -> None:
    a = plan.applicant
    mentor = _profile(plan.participant, "mentor_profile")
    if mentor is None:
        plan.mentor = Mentor(
            participant=plan.participant,
            competencies=a.competencies,
            interests=a.interests,
            capacity=DEFAULT_CAPACITY.get(plan.participant.category, 1),
            status=MentorStatus.CANDIDATE,
        )
        plan.new_mentor = True
        return
    plan.mentor = mentor
    for name in ("competencies", "interests"):
        value = getattr(a, name)
        if value and getattr(mentor, name) != value:
            setattr(mentor, name, value)
            plan.mentor_changed = True


def _plan_mentee(plan: RowPlan, base: _Base) -> None:
    """A new mentee is an «applicant» until the consent that counts is on
    record, then «in the base» (seed 000 §2.2); an applicant already in the base
    enters it when the list brings the consent."""
    mentee = _profile(plan.participant, "mentee_profile")
    known: set[str] = set()
    consent_status = plan.participant.consent_status
    if mentee is None:
        mentee = _new_mentee(plan.participant, base_status(None, consent_status))
        plan.new_mentee = True
    else:
        known = {_fold(r.text) for r in base.requests.get(mentee.pk, ())}
        status = base_status(mentee.status, consent_status)
        if status != mentee.status:
            mentee.status = status
            plan.mentee_changed = True
    plan.mentee = mentee
    plan.new_requests = [text for text in plan.applicant.requests if _fold(text) not in known]


def _new_mentee(participant: Participant, status: str) -> Mentee:
    young = participant.category == ParticipantCategory.YOUNG_SPECIALIST
    return Mentee(
        participant=participant, status=status,
        # seed 002's list of mentees: «молодые специалисты» (up to 3 years)
        need_category=NeedCategory.YOUNG_TEACHER if young else "",
    )


def _fold(text: str) -> str:
    return " ".join(text.split()).lower().replace("ё", "е")


# --- writing --------------------------------------------------------------------


def _write(plans: list[RowPlan], organization: Organization) -> None:
    """Write the plans with bulk operations, ``WRITE_BATCH`` rows at a time: up
    to 10,000 rows one statement per table whatever the number of rows, and the
    memory of a statement stays bounded for longer lists. Call inside a
    transaction."""
    today = timezone.localdate()
    for start in range(0, len(plans), WRITE_BATCH):
        batch = plans[start:start + WRITE_BATCH]
        for plan in batch:
            if plan.is_new:
                plan.materialise(organization, today)
        _write_batch(batch)
        for plan in batch:
            if plan.is_new:
                plan.release()


def _write_batch(plans: list[RowPlan]) -> None:
    Participant.objects.bulk_create([plan.participant for plan in plans if plan.is_new])
    updated = [plan for plan in plans if not plan.is_new and plan.changed]
    if updated:
        now = timezone.now()
        for plan in updated:
            plan.participant.updated_at = now
        fields = sorted(set().union(*(plan.changed for plan in updated)) | {"updated_at"})
        Participant.objects.bulk_update([plan.participant for plan in updated], fields)
    Mentor.objects.bulk_create([plan.mentor for plan in plans if plan.new_mentor])
    changed_mentors = [plan.mentor for plan in plans if plan.mentor_changed]
    if changed_mentors:
        Mentor.objects.bulk_update(changed_mentors, ["competencies", "interests"])
    Mentee.objects.bulk_create([plan.mentee for plan in plans if plan.new_mentee])
    changed_mentees = [plan.mentee for plan in plans if plan.mentee_changed]
    if changed_mentees:
        Mentee.objects.bulk_update(changed_mentees, ["status"])
    MenteeRequest.objects.bulk_create(
        [
            MenteeRequest(mentee=plan.mentee, text=text)
            for plan in plans
            for text in plan.new_requests
        ]
    )
    Consent.objects.bulk_create([plan.new_consent for plan in plans if plan.new_consent])

"""Import of applicant lists (Excel) into the mentor and mentee bases.

Seed 000 stages 2–3 (forming the mentee and mentor bases from applications and
consents). The flow follows CONVENTIONS.md "Imports": read the file safely
(``spreadsheet``), clean every row and collect every error (``cleaning``), match
people already in the organisation, show a preview; on confirmation re-read and
re-validate the stored file and write everything in one transaction with bulk
operations, with one audit entry for the batch.

Public API: ``preview_import``, ``apply_import``, ``import_files`` and
``ImportRefused``.
"""

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.enums import ParticipantCategory, Role
from mentoring.models import Organization
from mentoring.services import log_action

from ..data.consent_texts import current_text
from ..enums import ConsentChannel, ConsentGiver, ImportStatus, MenteeStatus, MentorStatus, NeedCategory
from ..errors import ImportRefused
from ..models import ApplicantImport, Consent, Mentee, MenteeRequest, Mentor, Participant
from .cleaning import Applicant, RowErrors, clean_rows, person_key
from .consents import consent_status_for
from .spreadsheet import read_sheet, too_large

__all__ = ["ImportRefused", "apply_import", "import_files", "preview_import"]

# Mentees a new mentor may take by default, by category (seed 000 §4.2).
DEFAULT_CAPACITY = {
    ParticipantCategory.TEACHER: 3,
    ParticipantCategory.EMPLOYER_REP: 2,
    ParticipantCategory.STUDENT: 1,
}
LOOKUP_CHUNK = 500


def preview_import(*, organization: Organization, uploaded_file, actor) -> ApplicantImport:
    """Read, validate and classify an uploaded applicant list without writing any
    participant.

    ``uploaded_file`` is a Django ``File``/``UploadedFile``. Returns a saved
    ApplicantImport holding the file, its sha256 and ``report`` = {"rows": [{"row",
    "action" (create|update|unchanged), "full_name", "category", "role", "minor",
    "consent"}], "errors": [{"row", "column", "message"}], "counts": {"create",
    "update", "unchanged", "errors", "mentors", "mentees"}}; status PREVIEW, or
    REFUSED when there are row errors. Raises ImportRefused for a file refused
    before or instead of row validation (too big, not .xlsx, zip bomb, forbidden
    XML, damaged, no header); nothing is stored then.
    """
    data = _read_upload(uploaded_file)
    analysis = _analyse(organization, data)
    sha256 = hashlib.sha256(data).hexdigest()
    applicant_import = ApplicantImport(
        organization=organization,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        original_name=os.path.basename(uploaded_file.name or "list.xlsx")[:255],
        sha256=sha256,
        status=ImportStatus.REFUSED if analysis.errors else ImportStatus.PREVIEW,
        report=analysis.report(),
    )
    applicant_import.file.save(sha256[:16] + ".xlsx", ContentFile(data), save=False)
    applicant_import.save()
    return applicant_import


def apply_import(applicant_import: ApplicantImport, *, actor) -> ApplicantImport:
    """Re-read and re-validate the stored file against the base as it is now and
    write it: participants, mentor/mentee profiles, requests and consents, in one
    transaction with bulk operations; status APPLIED; one audit entry
    ``participants.import.applied`` with the file's sha256 and the counts.

    Raises ImportRefused when the import was already applied or the file now has
    errors (the report is then updated, status REFUSED, nothing written).
    """
    refused = None
    with transaction.atomic():
        locked = ApplicantImport.objects.select_for_update().get(pk=applicant_import.pk)
        if locked.status == ImportStatus.APPLIED:
            raise ImportRefused(_("This list has already been imported."))
        analysis = _analyse(locked.organization, _read_stored(locked))
        locked.report = analysis.report()
        if analysis.errors:
            locked.status = ImportStatus.REFUSED
            locked.save(update_fields=["report", "status"])
            refused = ImportRefused(_(
                "The list has errors now (the base may have changed since the preview); "
                "nothing was imported. Correct the file and upload it again."
            ))
        else:
            _write(analysis.plans)
            locked.status = ImportStatus.APPLIED
            locked.applied_at = timezone.now()
            locked.save(update_fields=["report", "status", "applied_at"])
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
    if refused is not None:
        raise refused
    return locked


def import_files(
    *, organization: Organization, paths: Iterable[str | Path], actor=None
) -> list[ApplicantImport]:
    """Preview and, when it has no errors, apply each file in ``paths``; returns
    the imports in order (REFUSED ones were not written). Raises ImportRefused
    (naming the file) for a file refused before parsing; files before it stay
    imported. Used by ``manage.py import_applicants`` and the demo loader."""
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
            applicant_import = apply_import(applicant_import, actor=actor)
        results.append(applicant_import)
    return results


# --- reading --------------------------------------------------------------------


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


@dataclass
class RowPlan:
    """What writing one valid row will do. ``participant`` is unsaved when new,
    or the matched participant with the file's values set in memory."""

    applicant: Applicant
    participant: Participant
    is_new: bool
    changed: set[str] = field(default_factory=set)
    mentor: Mentor | None = None
    new_mentor: bool = False
    mentor_changed: bool = False
    mentee: Mentee | None = None
    new_mentee: bool = False
    new_requests: list[str] = field(default_factory=list)
    new_consent: Consent | None = None

    @property
    def action(self) -> str:
        if self.is_new:
            return "create"
        touched = (
            self.changed or self.new_mentor or self.mentor_changed or self.new_mentee
            or self.new_requests or self.new_consent
        )
        return "update" if touched else "unchanged"

    def as_row(self) -> dict:
        p = self.participant
        return {
            "row": self.applicant.row,
            "action": self.action,
            "full_name": p.full_name,
            "category": p.category,
            "role": self.applicant.role,
            "minor": p.is_minor,
            "consent": p.consent_status,
        }


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


def _analyse(organization: Organization, data: bytes) -> Analysis:
    sheet = read_sheet(data)
    errors = RowErrors(sheet)
    applicants = clean_rows(sheet, errors)
    valid = [a for a in applicants if a.valid]
    matches = _match_existing(organization, valid, errors)
    today = timezone.localdate()
    plans = [
        _plan(organization, a, matches.get(a.row), today)
        for a in valid
        if a.valid  # _match_existing may find two rows for one person
    ]
    return Analysis(errors=errors.sorted(), plans=plans)


def _match_existing(
    organization: Organization, applicants: list[Applicant], errors: RowErrors
) -> dict[int, Participant]:
    """Row → participant of the organisation with the same e-mail (ignoring case)
    or the same full name and birth date. Two rows that meet one participant are
    an error on the later row."""
    by_email, by_person = _existing_people(organization, applicants)
    matches: dict[int, Participant] = {}
    claimed: dict[int, int] = {}
    name_field = "surname" if "surname" in errors.sheet.columns else "full_name"
    for applicant in applicants:
        participant = by_email.get(applicant.email) if applicant.email else None
        column = "email"
        if participant is None:
            participant = by_person.get(applicant.person_key())
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


def _existing_people(organization, applicants):
    base = (
        Participant.objects.filter(organization=organization)
        .select_related("mentor_profile", "mentee_profile")
        .prefetch_related("consents", "mentee_profile__requests")
    )
    emails = sorted({a.email for a in applicants if a.email})
    dates = sorted({a.birth_date for a in applicants if a.birth_date})
    found: dict[int, Participant] = {}
    for chunk in _chunks(emails):
        found.update((p.pk, p) for p in base.annotate(email_lower=Lower("email")).filter(email_lower__in=chunk))
    for chunk in _chunks(dates):
        found.update((p.pk, p) for p in base.filter(birth_date__in=chunk) if p.pk not in found)
    by_email, by_person = {}, {}
    for p in sorted(found.values(), key=lambda p: p.pk):
        if p.email:
            by_email.setdefault(p.email.lower(), p)
        if p.birth_date:
            by_person.setdefault(person_key(p.surname, p.name, p.patronymic, p.birth_date), p)
    return by_email, by_person


def _chunks(items: list) -> Iterable[list]:
    for start in range(0, len(items), LOOKUP_CHUNK):
        yield items[start:start + LOOKUP_CHUNK]


def _profile(participant: Participant, name: str):
    try:
        return getattr(participant, name)
    except ObjectDoesNotExist:
        return None


def _plan(organization, applicant: Applicant, existing: Participant | None, today) -> RowPlan:
    values = {
        "surname": applicant.surname,
        "name": applicant.name,
        "patronymic": applicant.patronymic,
        "category": applicant.category,
        **applicant.values,
    }
    if existing is None:
        plan = RowPlan(applicant, Participant(organization=organization, **values), is_new=True)
        consents = []
    else:
        plan = RowPlan(applicant, existing, is_new=False)
        for name, value in values.items():
            current = getattr(existing, name)
            if name == "email":
                current = current.lower()
            if value not in ("", None) and current != value:
                setattr(existing, name, value)
                plan.changed.add(name)
        consents = list(existing.consents.all())
    _plan_consent(plan, consents, today)
    if applicant.role == Role.MENTOR:
        _plan_mentor(plan)
    else:
        _plan_mentee(plan)
    return plan


def _plan_consent(plan: RowPlan, consents: list[Consent], today) -> None:
    """«да» adds the person's own consent unless one is on record. The status is
    recomputed from the consents, except for an adult already in the base with no
    consent records (their status was set by hand and the list does not undo it)."""
    p = plan.participant
    if plan.applicant.consent and not any(
        c.given_by == ConsentGiver.SELF and c.withdrawn_on is None for c in consents
    ):
        text = current_text()
        plan.new_consent = Consent(
            participant=p, given_by=ConsentGiver.SELF, given_on=today,
            received_via=ConsentChannel.APPLICATION, text_version=text.version,
            purposes=list(text.purposes), data_categories=list(text.data_categories),
        )
        consents = [*consents, plan.new_consent]
    if not plan.is_new and not consents and not p.is_minor:
        return
    status = consent_status_for(p, consents, today=today)
    if status != p.consent_status:
        p.consent_status = status
        if not plan.is_new:
            plan.changed.add("consent_status")


def _plan_mentor(plan: RowPlan) -> None:
    a = plan.applicant
    mentor = None if plan.is_new else _profile(plan.participant, "mentor_profile")
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


def _plan_mentee(plan: RowPlan) -> None:
    mentee = None if plan.is_new else _profile(plan.participant, "mentee_profile")
    known: set[str] = set()
    if mentee is None:
        young = plan.participant.category == ParticipantCategory.YOUNG_SPECIALIST
        mentee = Mentee(
            participant=plan.participant,
            status=MenteeStatus.IN_BASE,
            # seed 002's list of mentees: «молодые специалисты» (up to 3 years)
            need_category=NeedCategory.YOUNG_TEACHER if young else "",
        )
        plan.new_mentee = True
    else:
        known = {_fold(r.text) for r in mentee.requests.all()}
    plan.mentee = mentee
    plan.new_requests = [text for text in plan.applicant.requests if _fold(text) not in known]


def _fold(text: str) -> str:
    return " ".join(text.split()).lower().replace("ё", "е")


# --- writing --------------------------------------------------------------------


def _write(plans: list[RowPlan]) -> None:
    """Write the plans with bulk operations: a fixed number of statements per
    batch of rows, whatever the size of the list. Call inside a transaction."""
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
    MenteeRequest.objects.bulk_create(
        [
            MenteeRequest(mentee=plan.mentee, text=text)
            for plan in plans
            for text in plan.new_requests
        ]
    )
    Consent.objects.bulk_create([plan.new_consent for plan in plans if plan.new_consent])

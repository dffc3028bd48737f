"""The base of successful practices («база успешных практик», seed 000 stage
7.5: «Сформировать базу успешных практик … оформление кейсов и баз практик на
сайте колледжа»; seed 001 6.3: «публикация подготовленных командами успешных
кейсов»).

An organisation's curator writes up a case: title, form of mentoring, the
mentor of the organisation who led it, summary, results and an optional file
(PDF, DOCX, ODT, JPEG or PNG up to 10 MB, checked by its content and stored
under a random name). A practice marked ``published`` appears on the
organisation's public page (reports.views.public), its mentor's name only with
the mentor's publication consent. Contests of the territory take nominated
practices from this base.
"""

import os
import uuid

from django.db import transaction
from django.utils.translation import gettext as _

from mentoring.models import AcademicYear, MentoringForm, Organization
from mentoring.services import log_action
from mentoring.uploads import document_kind
from participants.models import Mentor

from ..models import Practice

MAX_PRACTICE_FILE_BYTES = 10 * 1024 * 1024
TITLE_MAX_LENGTH = 300
TEXT_MAX_LENGTH = 20_000

# extension → content type
PRACTICE_FILE_TYPES: dict[str, str] = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}


class PracticeError(ValueError):
    """Input the base of practices refuses; ``message`` (Russian) is shown as
    it is next to ``field`` ("" for the whole form)."""

    def __init__(self, message: str, *, field: str = ""):
        super().__init__(message)
        self.message = message
        self.field = field


def check_practice_file(upload) -> str:
    """The lower-case extension of an uploaded practice file that may be
    stored. Raises PracticeError (field ``file``) for another extension, an
    empty file, more than 10 MB, or content that is not of its extension's type
    (a renamed file)."""
    extension = os.path.splitext(upload.name or "")[1].lower()
    if extension not in PRACTICE_FILE_TYPES:
        raise PracticeError(
            _("Only PDF, DOCX, ODT, JPEG or PNG files can be attached."), field="file"
        )
    if not upload.size:
        raise PracticeError(_("The file is empty."), field="file")
    if upload.size > MAX_PRACTICE_FILE_BYTES:
        raise PracticeError(_("The file is larger than 10 MB."), field="file")
    # the content must be of the name's type (a renamed file is refused)
    if document_kind(upload) != (".jpg" if extension == ".jpeg" else extension):
        raise PracticeError(
            _("The file's content is not %(type)s: it may be damaged or renamed.")
            % {"type": extension[1:].upper()},
            field="file",
        )
    return extension


def practice_file_name(practice: Practice) -> str:
    """The name a practice's file is downloaded under: ``practice-<pk>.<ext>``
    (never the uploader's name: it may hold a person's name or odd characters)."""
    extension = os.path.splitext(practice.file.name)[1].lower() if practice.file else ""
    return "practice-%d%s" % (practice.pk, extension)


def _clean_values(organization: Organization, values: dict) -> dict:
    """Trimmed values; PracticeError on the first bad field."""
    title = " ".join(str(values.get("title") or "").split())
    if not title:
        raise PracticeError(_("Give the title of the practice."), field="title")
    if len(title) > TITLE_MAX_LENGTH:
        raise PracticeError(_("The title is too long: at most 300 characters."), field="title")
    summary = str(values.get("summary") or "").strip()
    if not summary:
        raise PracticeError(_("Describe the practice in a few sentences."), field="summary")
    results = str(values.get("results") or "").strip()
    for field, text in (("summary", summary), ("results", results)):
        if len(text) > TEXT_MAX_LENGTH:
            raise PracticeError(_("The text is too long: at most 20,000 characters."), field=field)
    mentor = values.get("mentor")
    if mentor is not None and (
        not isinstance(mentor, Mentor) or mentor.participant.organization_id != organization.pk
        or mentor.participant.anonymised_at is not None
    ):
        raise PracticeError(_("Choose a mentor of your organisation."), field="mentor")
    form = values.get("form")
    if form is not None and not isinstance(form, MentoringForm):
        raise PracticeError(_("Choose a form of mentoring from the list."), field="form")
    year = values.get("academic_year")
    if not isinstance(year, AcademicYear):
        raise PracticeError(_("Choose the academic year."), field="academic_year")
    return {"title": title, "summary": summary, "results": results, "mentor": mentor,
            "form": form, "academic_year": year}


def _store(practice: Practice, upload, extension: str) -> None:
    practice.file.save(uuid.uuid4().hex + extension, upload, save=False)


def create_practice(organization: Organization, *, actor, upload=None, **values) -> Practice:
    """Add a practice to the organisation's base. ``values``: ``title``
    (≤ 300 characters), ``summary`` (required), ``results``, ``mentor`` (a
    Mentor of the organisation or None), ``form`` (a MentoringForm or None),
    ``academic_year``; ``upload`` an optional file (:func:`check_practice_file`).
    Audited as ``reports.practice.created``. Raises PracticeError, nothing
    written."""
    data = _clean_values(organization, values)
    extension = check_practice_file(upload) if upload else ""
    with transaction.atomic():
        practice = Practice(organization=organization, created_by=actor, **data)
        if upload:
            _store(practice, upload, extension)
        practice.save()
        log_action("reports.practice.created", actor=actor, organization=organization,
                   obj=practice, data={"title": practice.title, "file": bool(upload)})
    return practice


def update_practice(practice: Practice, *, actor, upload=None, remove_file: bool = False,
                    **values) -> Practice:
    """Change a practice (the same ``values`` as :func:`create_practice`);
    ``upload`` replaces the file, ``remove_file`` drops it; the old file leaves
    the storage after the commit. Audited as ``reports.practice.updated``."""
    data = _clean_values(practice.organization, values)
    extension = check_practice_file(upload) if upload else ""
    old = practice.file.name if (upload or remove_file) and practice.file else ""
    storage = practice.file.storage
    with transaction.atomic():
        for name, value in data.items():
            setattr(practice, name, value)
        fields = list(data)
        if upload:
            _store(practice, upload, extension)
            fields.append("file")
        elif remove_file and practice.file:
            practice.file = ""
            fields.append("file")
        practice.save(update_fields=fields)
        log_action("reports.practice.updated", actor=actor, organization=practice.organization,
                   obj=practice, data={"fields": fields})
        if old:
            transaction.on_commit(lambda: storage.delete(old))
    return practice


def delete_practice(practice: Practice, *, actor) -> None:
    """Delete a practice and its file. Refused (PracticeError) while it is
    nominated for a contest: the jury's scores refer to it. Audited as
    ``reports.practice.deleted``."""
    if practice.nominations.exists():
        raise PracticeError(_(
            "The practice is nominated for a contest and cannot be deleted; "
            "you can unpublish it instead."
        ))
    name, storage = practice.file.name, practice.file.storage
    with transaction.atomic():
        log_action("reports.practice.deleted", actor=actor, organization=practice.organization,
                   obj=practice, data={"title": practice.title})
        practice.delete()
        if name:
            transaction.on_commit(lambda: storage.delete(name))


def set_practice_published(practice: Practice, *, published: bool, actor) -> bool:
    """Put the practice on the organisation's public page or take it off;
    False when nothing changed. Audited as ``reports.practice.published`` /
    ``reports.practice.unpublished``."""
    if practice.published == published:
        return False
    with transaction.atomic():
        practice.published = published
        practice.save(update_fields=["published"])
        log_action(
            "reports.practice.published" if published else "reports.practice.unpublished",
            actor=actor, organization=practice.organization, obj=practice,
        )
    return True


# --- reading --------------------------------------------------------------------------


def practices_visible_to(user):
    """Practices of the user's organisation for programme staff (curator,
    director, working group, admin); none otherwise."""
    from mentoring.selectors import staff_organization_of

    organization = staff_organization_of(user)
    if organization is None:
        return Practice.objects.none()
    return Practice.objects.filter(organization=organization).select_related(
        "academic_year", "form", "mentor__participant"
    )

"""The mentor's digital profile and portfolio, the mentee's requests (seed 000
§3.2 «цифровой профиль наставника», §4.2 «анкеты о наставниках», §4.4
«портфолио»; seed 002 «Наставляемый» for the categories of need).

Every write checks its input and raises ProfileError with Russian messages per
field; nothing is written while an error stands. Uploaded files (certificates,
portfolio files) are PDF, JPEG or PNG up to 5 MB, checked by their first bytes
and stored under a random name; they are served only through access-checked
views, never from MEDIA_URL.
"""

import os
import uuid
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.services import log_action
from pairs.enums import OPEN_STATUSES

from ..enums import MeetingFormat, MeetingFrequency, NeedCategory, PortfolioKind
from ..models import Mentee, MenteeRequest, Mentor, PortfolioItem

# Preferred age of mentees, full years (school pupils from 5 to retired teachers).
AGE_MIN, AGE_MAX = 5, 80
CAPACITY_MIN, CAPACITY_MAX = 1, 10
HOURS_MIN, HOURS_MAX = 1, 200
REQUEST_MAX_LENGTH = 300
PORTFOLIO_FIRST_YEAR = 1950
MAX_UPLOAD_BYTES = 5 * 1024 * 1024

# extension → (content type, accepted leading bytes)
UPLOAD_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
}

# Fields of the digital profile a curator or the mentor may change; the status and
# the approving order change only through services.statuses.
PROFILE_FIELDS = (
    "competencies", "interests", "life_experience", "preferred_age_min", "preferred_age_max",
    "hours_per_month", "capacity", "motivation", "mentee_preferences", "meeting_format",
    "meeting_frequency", "meeting_times",
)
_TEXT_FIELDS = {
    "competencies", "interests", "life_experience", "motivation", "mentee_preferences",
    "meeting_times",
}


class ProfileError(Exception):
    """Input that cannot be saved in a profile. ``errors`` maps a field name (or
    None for the whole input) to a translated sentence; ``message`` joins them."""

    def __init__(self, message: str | None = None, *, errors: Mapping[str | None, str] | None = None):
        self.errors: dict[str | None, str] = dict(errors or {})
        if message is not None:
            self.errors.setdefault(None, str(message))
        self.message = " ".join(str(m) for m in self.errors.values())
        super().__init__(self.message)


def _raise_if(errors: dict) -> None:
    if errors:
        raise ProfileError(errors=errors)


def _clean_text(value) -> str:
    """Trimmed text; inner line breaks kept, runs of spaces collapsed per line."""
    lines = [" ".join(line.split()) for line in str(value or "").strip().splitlines()]
    return "\n".join(lines)


def _one_line(value) -> str:
    return " ".join(str(value or "").split())


# --- uploaded files -----------------------------------------------------------------


def check_upload(upload, *, field: str = "file") -> str:
    """The lower-case extension (``.pdf``, ``.jpg``, ``.jpeg``, ``.png``) of an
    uploaded file that may be stored as a certificate or portfolio file.

    Raises ProfileError (on ``field``) for another extension, an empty file, a
    file over 5 MB, or content whose first bytes are not of its extension's type
    (e.g. a text file renamed to .pdf)."""
    extension = os.path.splitext(upload.name or "")[1].lower()
    if extension not in UPLOAD_TYPES:
        raise ProfileError(errors={field: _("Only PDF, JPEG or PNG files can be attached.")})
    if not upload.size:
        raise ProfileError(errors={field: _("The file is empty.")})
    if upload.size > MAX_UPLOAD_BYTES:
        raise ProfileError(errors={field: _("The file is larger than 5 MB.")})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(UPLOAD_TYPES[extension][1]):
        raise ProfileError(errors={
            field: _("The file's content is not %(type)s: it may be damaged or renamed.")
            % {"type": extension[1:].upper()}
        })
    return extension


def content_type_of(name: str) -> str:
    """The content type of a stored certificate or portfolio file by its name."""
    extension = os.path.splitext(name)[1].lower()
    return UPLOAD_TYPES.get(extension, ("application/octet-stream", ()))[0]


def store_upload(field_file, upload, extension: str) -> None:
    """Save ``upload`` into ``field_file`` under a random name (the instance is
    not saved)."""
    field_file.save(uuid.uuid4().hex + extension, upload, save=False)


def delete_stored(field_file) -> None:
    """Delete a stored file; a file already gone is not an error."""
    if field_file and field_file.name:
        field_file.storage.delete(field_file.name)


# --- the mentor's digital profile ---------------------------------------------------


def open_mentee_count(mentor: Mentor) -> int:
    """Mentees in the mentor's open pairs (pairs.enums.OPEN_STATUSES): the part
    of the capacity already taken."""
    return (
        Mentee.objects.filter(pairs__mentor=mentor, pairs__status__in=OPEN_STATUSES)
        .distinct()
        .count()
    )


def _in_range(errors: dict, field: str, value, low: int, high: int, message: str) -> None:
    if value is not None and not low <= value <= high:
        errors[field] = message % {"min": low, "max": high}


def _validate_profile(mentor: Mentor, values: dict) -> None:
    errors: dict[str, str] = {}
    for field in ("preferred_age_min", "preferred_age_max"):
        _in_range(errors, field, values[field], AGE_MIN, AGE_MAX,
                  _("The age must be from %(min)s to %(max)s years."))
    low, high = values["preferred_age_min"], values["preferred_age_max"]
    if not errors and low is not None and high is not None and low > high:
        errors["preferred_age_max"] = _("The upper age cannot be lower than the lower age.")
    _in_range(errors, "hours_per_month", values["hours_per_month"], HOURS_MIN, HOURS_MAX,
              _("The time available must be from %(min)s to %(max)s hours a month."))
    if values["capacity"] is None:
        errors["capacity"] = _("Give the number of mentees.")
    else:
        _in_range(errors, "capacity", values["capacity"], CAPACITY_MIN, CAPACITY_MAX,
                  _("The capacity must be from %(min)s to %(max)s mentees."))
    if "capacity" not in errors and values["capacity"] != mentor.capacity:
        taken = open_mentee_count(mentor)
        if values["capacity"] < taken:
            errors["capacity"] = _(
                "The mentor already has %(count)s mentee(s) in open pairs or groups; the "
                "capacity cannot be lower."
            ) % {"count": taken}
    if values["meeting_format"] not in {"", *MeetingFormat.values}:
        errors["meeting_format"] = _("Choose a meeting format from the list.")
    if values["meeting_frequency"] not in {"", *MeetingFrequency.values}:
        errors["meeting_frequency"] = _("Choose a meeting frequency from the list.")
    if len(values["meeting_times"]) > 300:
        errors["meeting_times"] = _("Keep the days and times within 300 characters.")
    _raise_if(errors)


def update_mentor_profile(mentor: Mentor, *, actor, **fields) -> list[str]:
    """Change fields of the mentor's digital profile (seed 000 §3.2, §4.2).

    ``fields``: any of PROFILE_FIELDS — texts (trimmed), ``preferred_age_min`` /
    ``preferred_age_max`` (years, 5..80, min ≤ max, None to clear),
    ``hours_per_month`` (1..200 or None), ``capacity`` (mentees, 1..10, not below
    the mentees already in the mentor's open pairs), ``meeting_format`` /
    ``meeting_frequency`` (enum values or ""). Returns the names of the fields
    that changed (saved with ``update_fields``, audited as
    ``participants.mentor.profile_updated``); [] when nothing changed.

    Raises TypeError for a field outside PROFILE_FIELDS (e.g. ``status``) and
    ProfileError with per-field messages for bad values.
    """
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError("not profile fields: " + ", ".join(sorted(unknown)))
    values = {name: getattr(mentor, name) for name in PROFILE_FIELDS}
    for name, value in fields.items():
        if name in _TEXT_FIELDS:
            value = _one_line(value) if name == "meeting_times" else _clean_text(value)
        elif name in ("meeting_format", "meeting_frequency"):
            value = value or ""
        values[name] = value
    _validate_profile(mentor, values)
    changed = [name for name in PROFILE_FIELDS if values[name] != getattr(mentor, name)]
    if not changed:
        return []
    with transaction.atomic():
        for name in changed:
            setattr(mentor, name, values[name])
        mentor.save(update_fields=changed)
        log_action(
            "participants.mentor.profile_updated", actor=actor,
            organization=mentor.participant.organization, obj=mentor, data={"fields": changed},
        )
    return changed


# --- portfolio ----------------------------------------------------------------------


def _check_link(link: str) -> str:
    link = link.strip()
    if not link:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(link)
    except ValidationError:
        raise ProfileError(errors={
            "link": _("Give a web address that starts with http:// or https://.")
        }) from None
    if len(link) > 200:
        raise ProfileError(errors={"link": _("The web address is too long.")})
    return link


def add_portfolio_item(
    mentor: Mentor,
    *,
    kind: str,
    title: str,
    actor,
    description: str = "",
    year: int | None = None,
    link: str = "",
    file=None,
) -> PortfolioItem:
    """Add an entry to the mentor's portfolio (seed 000 §4.4): ``kind`` a
    PortfolioKind value, ``title`` up to 300 characters, ``year`` from 1950 to
    this year, ``link`` an http(s) address, ``file`` an uploaded PDF/JPEG/PNG
    (see check_upload). Audited as ``participants.portfolio.added``.

    Raises ProfileError with per-field messages."""
    errors: dict[str, str] = {}
    title = _one_line(title)
    if not title:
        errors["title"] = _("Give the title.")
    elif len(title) > 300:
        errors["title"] = _("Keep the title within 300 characters.")
    if kind not in PortfolioKind.values:
        errors["kind"] = _("Choose the kind from the list.")
    this_year = timezone.localdate().year
    if year is not None and not PORTFOLIO_FIRST_YEAR <= year <= this_year:
        errors["year"] = _("The year must be from %(min)s to %(max)s.") % {
            "min": PORTFOLIO_FIRST_YEAR, "max": this_year,
        }
    try:
        link = _check_link(link or "")
    except ProfileError as exc:
        errors.update(exc.errors)
    extension = None
    if file:
        try:
            extension = check_upload(file)
        except ProfileError as exc:
            errors.update(exc.errors)
    _raise_if(errors)
    item = PortfolioItem(
        mentor=mentor, kind=kind, title=title, description=_clean_text(description),
        year=year, link=link,
    )
    try:
        with transaction.atomic():
            if file:
                store_upload(item.file, file, extension)
            item.save()
            log_action(
                "participants.portfolio.added", actor=actor,
                organization=mentor.participant.organization, obj=item,
                data={"mentor": mentor.pk, "kind": kind, "file": bool(file)},
            )
    except Exception:
        delete_stored(item.file)
        raise
    return item


def remove_portfolio_item(item: PortfolioItem, *, actor) -> None:
    """Delete a portfolio entry and its file; audited as
    ``participants.portfolio.removed`` (title kept in the entry)."""
    mentor = item.mentor
    field_file = item.file
    with transaction.atomic():
        log_action(
            "participants.portfolio.removed", actor=actor,
            organization=mentor.participant.organization, obj=item,
            data={"mentor": mentor.pk, "title": item.title},
        )
        item.delete()
    delete_stored(field_file)


# --- mentee's requests --------------------------------------------------------------


def _fold(text: str) -> str:
    return text.lower().replace("ё", "е")


def _clean_request(mentee: Mentee, text: str, category: str, *, exclude: int | None = None) -> str:
    errors: dict[str, str] = {}
    text = _one_line(text)
    if not text:
        errors["text"] = _("Write the request.")
    elif len(text) > REQUEST_MAX_LENGTH:
        errors["text"] = _("Keep the request within %(max)s characters.") % {"max": REQUEST_MAX_LENGTH}
    else:
        others = mentee.requests.exclude(pk=exclude).values_list("text", flat=True)
        if any(_fold(other) == _fold(text) for other in others):
            errors["text"] = _("The mentee already has this request.")
    if category and category not in NeedCategory.values:
        errors["category"] = _("Choose the category from the list.")
    _raise_if(errors)
    return text


def add_mentee_request(mentee: Mentee, *, text: str, category: str = "", actor) -> MenteeRequest:
    """Add what the mentee wants to solve («запрос наставляемого», seed 000 §2.3)
    with a category of need (NeedCategory value of seed 002, or ""). ``text``:
    1..300 characters after trimming, not a repeat of one of the mentee's
    requests (case and ё/е ignored). Audited as ``participants.request.added``.

    Raises ProfileError with per-field messages."""
    text = _clean_request(mentee, text, category)
    with transaction.atomic():
        request = MenteeRequest.objects.create(mentee=mentee, text=text, category=category or "")
        log_action(
            "participants.request.added", actor=actor,
            organization=mentee.participant.organization, obj=request,
            data={"mentee": mentee.pk, "category": request.category},
        )
    return request


def update_mentee_request(request: MenteeRequest, *, text: str, category: str = "", actor) -> MenteeRequest:
    """Change a mentee's request (same rules as add_mentee_request); audited as
    ``participants.request.updated``. Raises ProfileError."""
    text = _clean_request(request.mentee, text, category, exclude=request.pk)
    with transaction.atomic():
        request.text, request.category = text, category or ""
        request.save(update_fields=["text", "category"])
        log_action(
            "participants.request.updated", actor=actor,
            organization=request.mentee.participant.organization, obj=request,
            data={"mentee": request.mentee_id, "category": request.category},
        )
    return request


def remove_mentee_request(request: MenteeRequest, *, actor) -> None:
    """Delete a mentee's request; audited as ``participants.request.removed``."""
    with transaction.atomic():
        log_action(
            "participants.request.removed", actor=actor,
            organization=request.mentee.participant.organization, obj=request,
            data={"mentee": request.mentee_id},
        )
        request.delete()


def update_mentee_profile(mentee: Mentee, *, need_category: str, actor) -> bool:
    """Set the mentee's main category of need (NeedCategory value or ""). Returns
    whether it changed; audited as ``participants.mentee.profile_updated``.
    Raises ProfileError for a value outside the list."""
    need_category = need_category or ""
    if need_category and need_category not in NeedCategory.values:
        raise ProfileError(errors={"need_category": _("Choose the category from the list.")})
    if need_category == mentee.need_category:
        return False
    with transaction.atomic():
        mentee.need_category = need_category
        mentee.save(update_fields=["need_category"])
        log_action(
            "participants.mentee.profile_updated", actor=actor,
            organization=mentee.participant.organization, obj=mentee,
            data={"need_category": need_category},
        )
    return True

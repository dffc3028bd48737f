"""Cleaning and validation of applicant-list rows.

Every row of a read ``Sheet`` becomes an ``Applicant`` (the cleaned values) and
any number of row errors ``{"row": <row in the file>, "column": <header as in
the file>, "message": <Russian>}``; every error of the file is collected, none
stops the others (CONVENTIONS.md, Imports; issue 3, items 3 and 4).

Cells come from calamine or CSV: an empty cell is None, a number may be a float
(89161234567.0), a date a ``date``/``datetime`` or text («01.09.2007»,
«1.9.2007», «2007-09-01», «01.09.2007 г.», «1 сентября 2007 г.»); CSV gives
text only.
"""

import datetime
import math
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from mentoring.enums import ParticipantCategory, Role

from ..errors import ImportRefused
from ..models import Participant
from .spreadsheet import Sheet, normalize_header

YOUNG_SPECIALIST_MAX_YEARS = 3
OLDEST_BIRTH_YEAR = 1900
MAX_COURSE = 6
MAX_EXPERIENCE_YEARS = 80
REQUEST_MAX_LENGTH = 300

# Keys are normalised (see normalize_header: case, «ё», spaces and punctuation
# folded), so «Наставник », «НАСТАВЛЯЕМЫЙ» and «наставляемый.» all match.
ROLE_WORDS = {
    "наставник": Role.MENTOR,
    "наставница": Role.MENTOR,
    "mentor": Role.MENTOR,
    "наставляемый": Role.MENTEE,
    "наставляемая": Role.MENTEE,
    "mentee": Role.MENTEE,
}
YES_WORDS = {"да", "yes", "есть", "+", "1", "true", "получено", "согласен", "согласна", "дано",
             "имеется", "подписано"}
NO_WORDS = {"", "нет", "no", "-", "0", "false", "не получено", "отсутствует", "не дано",
            "не подписано"}
# Words that stay in lower case inside a name typed in capitals («АЛИЕВ РУСТАМ
# АХМЕД ОГЛЫ» → «Алиев Рустам Ахмед оглы»).
NAME_PARTICLES = {"оглы", "кызы", "угли", "кизи"}
MONTHS = {
    "янв": 1, "фев": 2, "мар": 3, "апр": 4, "мая": 5, "май": 5, "июн": 6, "июл": 7,
    "авг": 8, "сен": 9, "окт": 10, "ноя": 11, "дек": 12,
}

STUDENT_COLUMNS = {"study_group", "course"}
TEACHER_COLUMNS = {"experience", "qualification"}
EMPLOYER_COLUMNS = {"employer"}
# text columns copied as they are onto Participant fields
TEXT_FIELDS = {
    "study_group": "study_group",
    "specialty": "specialty",
    "position": "position",
    "employer": "employer",
    "qualification": "qualification_category",
    "education": "education",
}


@dataclass
class Applicant:
    """One cleaned row. ``values`` holds the Participant fields the file gives a
    non-empty value for (an update never blanks a field the file leaves empty)."""

    row: int
    surname: str = ""
    name: str = ""
    patronymic: str = ""
    category: str = ""
    role: str = ""
    consent: bool = False
    values: dict = field(default_factory=dict)
    competencies: str = ""
    interests: str = ""
    requests: list[str] = field(default_factory=list)
    valid: bool = True

    @property
    def birth_date(self) -> datetime.date | None:
        return self.values.get("birth_date")

    @property
    def email(self) -> str:
        return self.values.get("email", "")

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.surname, self.name, self.patronymic) if p)

    def person_key(self) -> tuple | None:
        """(surname, name, patronymic, birth date), case- and «ё»-folded; None
        without a birth date (a name alone does not identify a person)."""
        if self.birth_date is None or not (self.surname and self.name):
            return None
        return person_key(self.surname, self.name, self.patronymic, self.birth_date)


def person_key(surname: str, name: str, patronymic: str, birth_date) -> tuple:
    fold = lambda text: " ".join((text or "").split()).lower().replace("ё", "е")  # noqa: E731
    return (fold(surname), fold(name), fold(patronymic), birth_date)


class RowErrors(list):
    """Errors of a file, each ``{"row", "column", "message"}``, kept sortable by
    row and column position."""

    def __init__(self, sheet: Sheet):
        super().__init__()
        self.sheet = sheet

    def add(self, row: int, field_name: str, message: str) -> None:
        index, header = self.sheet.columns.get(field_name, (-1, _("Role")))
        self.append({"row": row, "column": header, "message": str(message), "_index": index})

    def sorted(self) -> list[dict]:
        ordered = sorted(self, key=lambda e: (e["row"], e["_index"]))
        return [{k: v for k, v in e.items() if k != "_index"} for e in ordered]


def check_category_columns(sheet: Sheet) -> None:
    """Refuse a list whose columns say nothing about who its people are."""
    columns = sheet.columns.keys()
    if columns & (STUDENT_COLUMNS | TEACHER_COLUMNS | EMPLOYER_COLUMNS):
        return
    raise ImportRefused(
        _("Cannot tell who the people in the list are: it needs «Группа» or «Курс» "
          "(students), «Педагогический стаж» or «Квалификационная категория» "
          "(teachers), or «Организация» (employers' representatives).")
    )


def clean_rows(sheet: Sheet, errors: RowErrors) -> list[Applicant]:
    """Clean every row of ``sheet``; errors go to ``errors``. Rows with errors
    come back with ``valid=False`` so that duplicates can still be found."""
    check_category_columns(sheet)
    today = timezone.localdate()
    applicants = []
    for number, values in sheet.rows:
        before = len(errors)
        applicant = _RowCleaner(sheet, number, values, errors, today).clean()
        applicant.valid = len(errors) == before
        applicants.append(applicant)
    find_duplicates(applicants, sheet, errors)
    return applicants


def find_duplicates(applicants: list[Applicant], sheet: Sheet, errors: RowErrors) -> None:
    """The same person twice in the file: same e-mail (case-insensitive) or same
    full name and birth date. The later row gets the error."""
    by_email: dict[str, int] = {}
    by_person: dict[tuple, int] = {}
    name_field = "surname" if "surname" in sheet.columns else "full_name"
    for applicant in applicants:
        email = applicant.email.lower()
        if email and email in by_email:
            errors.add(applicant.row, "email", _(
                "The same person is already in row %(row)s (the same e-mail)."
            ) % {"row": by_email[email]})
            applicant.valid = False
            continue
        key = applicant.person_key()
        if key is not None and key in by_person:
            errors.add(applicant.row, name_field, _(
                "The same person is already in row %(row)s (the same full name and "
                "birth date)."
            ) % {"row": by_person[key]})
            applicant.valid = False
            continue
        if email:
            by_email[email] = applicant.row
        if key is not None:
            by_person[key] = applicant.row


def cell_text(value) -> str:
    """A cell as trimmed text with inner spaces collapsed; 89161234567.0 →
    «89161234567»; a date → «dd.mm.yyyy»."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return " ".join(str(value).split())


def fix_name_case(text: str) -> str:
    """A name typed in capitals or in lower case in the usual capitalisation:
    «ИВАНОВ» → «Иванов», «петров-водкин» → «Петров-Водкин»; a name in mixed case
    is kept as typed («МакГрегор»)."""
    if not (text.isupper() or text.islower()):
        return text
    words = []
    for position, word in enumerate(text.split(" ")):
        if position and word.lower() in NAME_PARTICLES:
            words.append(word.lower())
        else:
            words.append("-".join(part[:1].upper() + part[1:].lower() for part in word.split("-")))
    return " ".join(words)


def role_for(value) -> str | None:
    """Role of a «Роль» cell, ignoring case, «ё», spaces, punctuation and text in
    parentheses («Наставляемый (студент)»); None when unknown."""
    word = normalize_header(value)
    if word not in ROLE_WORDS and "(" in str(value):
        word = normalize_header(re.sub(r"\([^)]*\)?", " ", str(value)))
    return ROLE_WORDS.get(word)


def split_requests(text: str) -> list[str]:
    """«спорт, IT; спорт» → ["спорт", "IT"]: items split on «,» and «;», blanks
    and repeats (ignoring case) dropped, spelling kept."""
    items, seen = [], set()
    for part in re.split(r"[,;]", text or ""):
        item = " ".join(part.split())
        key = item.lower().replace("ё", "е")
        if item and key not in seen:
            seen.add(key)
            items.append(item)
    return items


class _RowCleaner:
    """Cleans one row; each ``_clean_*`` step adds its own errors."""

    def __init__(self, sheet: Sheet, row: int, values: tuple, errors: RowErrors, today):
        self.sheet, self.row, self.cells, self.errors, self.today = sheet, row, values, errors, today
        self.applicant = Applicant(row=row)
        self.experience: float | None = None

    def raw(self, field_name: str):
        column = self.sheet.columns.get(field_name)
        return None if column is None else self.cells[column[0]]

    def text(self, field_name: str) -> str:
        return cell_text(self.raw(field_name))

    def error(self, field_name: str, message: str) -> None:
        self.errors.add(self.row, field_name, message)

    def clean(self) -> Applicant:
        self._clean_names()
        self._clean_birth_date()
        self._clean_contacts()
        self._clean_texts()
        self._clean_numbers()
        self._clean_category_and_role()
        self._clean_consent()
        self._clean_lists()
        return self.applicant

    def _clean_names(self) -> None:
        a = self.applicant
        if "surname" in self.sheet.columns:
            a.surname, a.name, a.patronymic = (
                fix_name_case(self.text("surname")), fix_name_case(self.text("name")),
                fix_name_case(self.text("patronymic")),
            )
            if not a.surname:
                self.error("surname", _("The surname is missing."))
            if not a.name:
                self.error("name", _("The name is missing."))
        else:
            parts = self.text("full_name").split()
            if len(parts) < 2:
                self.error("full_name", _(
                    "The full name must hold at least a surname and a name."
                ))
            # «ИВАНОВ Иван Иванович»: each part on its own
            a.surname = fix_name_case(parts[0]) if parts else ""
            a.name = fix_name_case(parts[1]) if len(parts) > 1 else ""
            a.patronymic = fix_name_case(" ".join(parts[2:]))
        separate = "surname" in self.sheet.columns
        for attr in ("surname", "name", "patronymic"):
            self._check_length(attr if separate else "full_name", attr, getattr(a, attr))

    def _check_length(self, field_name: str, model_field: str, value: str) -> bool:
        limit = Participant._meta.get_field(model_field).max_length
        if len(value) > limit:
            self.error(field_name, _("The text is too long: at most %(max)s characters.") % {"max": limit})
            return False
        return True

    def _clean_birth_date(self) -> None:
        raw = self.raw("birth_date")
        if raw is None or cell_text(raw) == "":
            return
        try:
            day = parse_date(raw)
        except ValueError as exc:
            self.error("birth_date", str(exc))
            return
        if day > self.today:
            self.error("birth_date", _("The birth date %(date)s is in the future.") % {
                "date": day.strftime("%d.%m.%Y")})
        elif day.year < OLDEST_BIRTH_YEAR:
            self.error("birth_date", _("The birth date %(date)s is impossible.") % {
                "date": day.strftime("%d.%m.%Y")})
        else:
            self.applicant.values["birth_date"] = day

    def _clean_contacts(self) -> None:
        email = self.text("email").lower()
        if email.startswith("mailto:"):
            email = email[len("mailto:"):].strip()
        if email:
            try:
                EmailValidator()(email)
            except ValidationError:
                self.error("email", _("Invalid e-mail address «%(value)s».") % {"value": email})
            else:
                if self._check_length("email", "email", email):
                    self.applicant.values["email"] = email
        phone = self.text("phone")
        if phone:
            normalised = normalize_phone(phone)
            if normalised is None:
                self.error("phone", _(
                    "Invalid phone number «%(value)s»: a Russian number of 11 digits "
                    "is expected (+7… or 8…)."
                ) % {"value": phone})
            else:
                self.applicant.values["phone"] = normalised

    def _clean_texts(self) -> None:
        for field_name, model_field in TEXT_FIELDS.items():
            value = self.text(field_name)
            if value and self._check_length(field_name, model_field, value):
                self.applicant.values[model_field] = value

    def _clean_numbers(self) -> None:
        course = self.text("course")
        if course:
            number = _course_number(course)
            if number is None or not number.is_integer() or not 1 <= number <= MAX_COURSE:
                self.error("course", _("The course must be a whole number from 1 to %(max)s.") % {
                    "max": MAX_COURSE})
            else:
                self.applicant.values["course"] = int(number)
        experience = self.text("experience")
        if experience:
            number = _years_number(experience)
            if number is None or not 0 <= number <= MAX_EXPERIENCE_YEARS:
                self.error("experience", _(
                    "The teaching experience must be a number of years from 0 to %(max)s."
                ) % {"max": MAX_EXPERIENCE_YEARS})
            else:
                self.experience = number
                self.applicant.values["teaching_experience_years"] = int(number)

    def _clean_category_and_role(self) -> None:
        a, columns = self.applicant, self.sheet.columns.keys()
        a.category = self._category(columns)
        if "role" in columns:
            word = normalize_header(self.raw("role"))
            role = role_for(self.raw("role"))
            if not word:
                self.error("role", _("The role is missing: «наставник» or «наставляемый» is expected."))
            elif role is None:
                self.error("role", _(
                    "Unknown role «%(value)s»: «наставник» or «наставляемый» is expected."
                ) % {"value": self.text("role")})
            else:
                a.role = role
        elif a.category == ParticipantCategory.EMPLOYER_REP:
            a.role = Role.MENTOR  # employers' lists are lists of mentors
        else:
            self.error("role", _("The list has no «Роль» column: the role cannot be determined."))
        if (
            a.category == ParticipantCategory.TEACHER
            and a.role == Role.MENTEE
            and self.experience is not None
            and self.experience <= YOUNG_SPECIALIST_MAX_YEARS
        ):
            a.category = ParticipantCategory.YOUNG_SPECIALIST

    def _category(self, columns) -> str:
        kinds = [
            (STUDENT_COLUMNS, ParticipantCategory.STUDENT),
            (TEACHER_COLUMNS, ParticipantCategory.TEACHER),
            (EMPLOYER_COLUMNS, ParticipantCategory.EMPLOYER_REP),
        ]
        for names, category in kinds:
            if any(self.text(n) for n in names & columns):
                return category
        return next(category for names, category in kinds if names & columns)

    def _clean_consent(self) -> None:
        if "consent" not in self.sheet.columns:
            return
        word = self.text("consent").lower().replace("ё", "е").rstrip(".!")
        if word in YES_WORDS:
            self.applicant.consent = True
        elif word not in NO_WORDS:
            self.error("consent", _("The consent must be «да» or «нет», not «%(value)s».") % {
                "value": self.text("consent")})

    def _clean_lists(self) -> None:
        a = self.applicant
        a.competencies = self.text("competencies")
        a.interests = self.text("interests")
        a.requests = split_requests(a.interests + ";" + a.competencies)
        for field_name in ("interests", "competencies"):
            if any(len(item) > REQUEST_MAX_LENGTH for item in split_requests(self.text(field_name))):
                self.error(field_name, _(
                    "One of the items is too long: at most %(max)s characters each."
                ) % {"max": REQUEST_MAX_LENGTH})


_DMY = re.compile(
    r"(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})\s*(?:г\.?|года?)?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"
)
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_D_MONTH_Y = re.compile(r"(\d{1,2})\s+([а-яё]+)\.?\s+(\d{4})\s*(?:г\.?|года?)?", re.IGNORECASE)


def parse_date(value) -> datetime.date:
    """A cell as a date: a real date, text «dd.mm.yyyy» (also «d.m.yyyy»,
    «dd/mm/yyyy», «dd.mm.yy», «01.09.2007 г.», a time after it),
    «yyyy-mm-dd», «1 сентября 2007 г.», or an Excel day number. A two-digit
    year is in this century unless that is in the future. Raises ValueError with
    a Russian message otherwise."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    # an Excel day number in a cell without a date format (10 000 is 1927)
    if isinstance(value, int | float) and not isinstance(value, bool) and 10_000 <= value <= 100_000:
        return from_excel(value).date()
    text = cell_text(value)
    if match := _DMY.fullmatch(text):
        day, month, year = (int(g) for g in match.groups())
        if len(match.group(3)) == 2:
            this_year = timezone.localdate().year
            year += 2000 if 2000 + year <= this_year else 1900
    elif match := _YMD.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    elif (match := _D_MONTH_Y.fullmatch(text)) and match.group(2).lower()[:3] in MONTHS:
        day, year = int(match.group(1)), int(match.group(3))
        month = MONTHS[match.group(2).lower()[:3]]
    else:
        raise ValueError(_("«%(value)s» is not a date: the format dd.mm.yyyy is expected.") % {
            "value": text})
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError(_("The date «%(value)s» does not exist.") % {"value": text}) from None


def normalize_phone(text: str) -> str | None:
    """«8 (916) 123-45-67» → «+79161234567»; None when it is not an 11-digit
    Russian number (or 10 digits without the country code)."""
    if re.search(r"[^\d\s()+\-.]", text):
        return None
    digits = re.sub(r"\D", "", text)
    if len(digits) == 11 and digits[0] in "78":
        return "+7" + digits[1:]
    if len(digits) == 10 and not text.lstrip().startswith("+"):
        return "+7" + digits
    return None


def _to_number(text: str) -> float | None:
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6}
_COURSE = re.compile(r"(\d+|[IVX]+)\s*(?:-?(?:й|ой|ий))?\s*(?:курс|к\.?)?", re.IGNORECASE)
_YEARS = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:лет|год|года|г\.?)?", re.IGNORECASE)


def _course_number(text: str) -> float | None:
    """«3», «3.0», «3 курс», «3-й курс», «III» → 3.0; None otherwise."""
    match = _COURSE.fullmatch(text)
    if match is None:
        return _to_number(text)
    number = match.group(1).upper()
    return float(_ROMAN[number]) if number in _ROMAN else _to_number(number)


def _years_number(text: str) -> float | None:
    """«5», «5,5», «5 лет», «1 год», «2 года» → years; None otherwise."""
    match = _YEARS.fullmatch(text)
    return _to_number(match.group(1) if match else text)

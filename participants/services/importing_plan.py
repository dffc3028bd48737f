"""Planning an applicant list's writes (a step of ``importing``'s check and
import).

``plan_sheet`` turns the rows of a read ``Sheet`` into cleaned applicants and
row errors (``cleaning``), matches them with the organisation's base (same
e-mail, or same full name and birth date; the base loaded in 3 queries) and
plans, row by row, what the import will write (``RowPlan``), which
``importing_write.write_plans`` then writes.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.enums import OrganizationKind, ParticipantCategory, Role
from mentoring.models import Organization

from ..enums import ConsentGiver
from ..models import ADULT_AGE, age_on, Consent, Mentee, MenteeRequest, Mentor, Participant
from .cleaning import Applicant, RowErrors, clean_rows, person_key
from .consents import consent_status_at_age, consent_status_for
from .spreadsheet import Sheet
from .statuses import base_status

__all__ = ["Analysis", "RowPlan", "plan_sheet"]

# shares of the progress bar reached after cleaning and after matching
CLEAN_DONE, MATCH_DONE = 70, 85

Progress = Callable[[int], None]


def _no_progress(_percent: int) -> None:
    return None


@dataclass(slots=True)
class RowPlan:
    """What writing one valid row will do.

    For a person already in the base ``participant`` is that participant with
    the file's values set in memory (``changed`` names them), ``mentor`` /
    ``mentee`` their profiles, changed in memory when ``mentor_changed`` /
    ``mentee_changed``. What is added is said by flags and values, never by
    model instances (a long list would hold tens of thousands of them):
    ``new_mentor``, ``new_mentee`` with ``mentee_status``, ``new_requests``,
    ``add_consent`` (the person's own consent); a new person (``is_new``) is
    written from ``applicant`` and ``consent_status``. ``participant_pk`` and
    ``mentee_pk`` are known for rows in the base and set by
    ``importing_write.write_plans`` for the rows it inserts.
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
    participant_pk: int | None = None
    mentee_pk: int | None = None

    @property
    def action(self) -> str:
        if self.is_new:
            return "create"
        touched = (
            self.changed or self.new_mentor or self.mentor_changed or self.new_mentee
            or self.mentee_changed or self.new_requests or self.add_consent
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


def plan_sheet(organization: Organization, sheet: Sheet, *, progress: Progress = _no_progress) -> Analysis:
    """Clean the rows of ``sheet``, match the organisation's base and plan the
    writes; ``progress`` hears CLEAN_DONE and MATCH_DONE (percent). Raises
    ImportRefused for a list whose columns say nothing of who its people are.
    Runs a fixed number of queries whatever the number of rows."""
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


# the person's own consent the import adds (importing_write), as
# consent_status_at_age sees it
OWN_CONSENT = SimpleNamespace(given_by=ConsentGiver.SELF, withdrawn_on=None)


def _plan(
    organization, applicant: Applicant, existing: Participant | None, base: _Base, today
) -> RowPlan:
    if existing is None:
        return _plan_new(organization, applicant, today)
    plan = RowPlan(applicant, existing, is_new=False, participant_pk=existing.pk)
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
    """A new person: only flags and the computed consent status are kept."""
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
        plan.add_consent = True
        consents = [*consents, OWN_CONSENT]
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
        plan.new_mentee = True
        plan.mentee_status = base_status(None, consent_status)
    else:
        known = {_fold(r.text) for r in base.requests.get(mentee.pk, ())}
        status = base_status(mentee.status, consent_status)
        if status != mentee.status:
            mentee.status = status
            plan.mentee_changed = True
        plan.mentee, plan.mentee_pk = mentee, mentee.pk
    plan.new_requests = [text for text in plan.applicant.requests if _fold(text) not in known]


def _fold(text: str) -> str:
    return " ".join(text.split()).lower().replace("ё", "е")

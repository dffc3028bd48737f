"""Facts for the score, read from the database in a fixed number of queries
whatever the size of the cohort (seed 000 stage 5: the mentee base, the
approved mentor base, the wishes of the questionnaire after the group meeting).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from participants.enums import ConsentStatus, MenteeStatus, MentorStatus
from participants.models import FamilyTie, Mentee, MenteeRequest, Mentor, age_on, split_keywords

from ..enums import OPEN_STATUSES, Attitude
from ..models import DEFAULT_WEIGHTS, MatchingPreference, MatchingWeights
from ..selectors import with_open_mentee_count
from .scoring import FormRules, MenteeFacts, MentorFacts, Wishes

# Mentors the matcher pairs: approved by order, or approved and trained (seed
# 000 4.1); candidates are not yet approved and are left out.
MATCHABLE_MENTOR_STATUSES = (MentorStatus.APPROVED, MentorStatus.TRAINED)
# Mentees of the base the matcher looks at; without consent they are reported.
SEARCHING_MENTEE_STATUSES = (MenteeStatus.APPLICANT, MenteeStatus.IN_BASE)


def load_weights(programme) -> dict[str, int]:
    """The score's weights of ``programme`` in points: its MatchingWeights, or
    DEFAULT_WEIGHTS when the programme is None or has none. At most one query."""
    if programme is None:
        return dict(DEFAULT_WEIGHTS)
    try:
        return programme.matching_weights.as_dict()
    except MatchingWeights.DoesNotExist:
        return dict(DEFAULT_WEIGHTS)


def form_rules(form) -> FormRules:
    return FormRules(
        name=form.name,
        mentor_categories=frozenset(form.mentor_categories),
        mentee_categories=frozenset(form.mentee_categories),
    )


def _name(surname: str, name: str, patronymic: str) -> str:
    return " ".join(p for p in (surname, name, patronymic) if p)


def mentee_facts(mentee: Mentee, *, today: datetime.date, keywords: Iterable[str] | None = None) -> MenteeFacts:
    """Facts of a loaded mentee (``participant`` selected); ``keywords`` default to
    their requests (a prefetched ``requests`` is used)."""
    p = mentee.participant
    if keywords is None:
        keywords = split_keywords(*(r.text for r in mentee.requests.all()))
    return MenteeFacts(
        pk=mentee.pk, participant_id=p.pk, name=p.full_name, category=p.category,
        keywords=frozenset(keywords), age=p.age_on(today), specialty=p.specialty,
        consent_status=p.consent_status,
    )


def mentor_facts(mentor: Mentor, *, today: datetime.date, free: int | None = None) -> MentorFacts:
    """Facts of a loaded mentor (``participant`` selected); ``free`` defaults to the
    ``free_capacity`` annotation of ``with_open_mentee_count``, else the capacity."""
    p = mentor.participant
    if free is None:
        free = getattr(mentor, "free_capacity", mentor.capacity)
    return MentorFacts(
        pk=mentor.pk, participant_id=p.pk, name=p.full_name, category=p.category,
        keywords=frozenset(mentor.keywords()), age_min=mentor.preferred_age_min,
        age_max=mentor.preferred_age_max, hours_per_month=mentor.hours_per_month,
        capacity=mentor.capacity, free=free, specialty=p.specialty,
        consent_status=p.consent_status, age=p.age_on(today), status=mentor.status,
    )


def _wishes(rows) -> Wishes:
    prefer, avoid = set(), set()
    for who, other, attitude in rows:
        (avoid if attitude == Attitude.AVOID else prefer).add((who, other))
    return Wishes(prefer=frozenset(prefer), avoid=frozenset(avoid))


def load_wishes(
    *, organization=None, participant_ids: Iterable[int] | None = None, involving: int | None = None
) -> Wishes:
    """The wishes of an organisation, those among ``participant_ids``, or those
    given by or about the participant ``involving``. One query."""
    qs = MatchingPreference.objects.all()
    if organization is not None:
        qs = qs.filter(organization=organization)
    if involving is not None:
        qs = qs.filter(Q(participant_id=involving) | Q(other_id=involving))
    if participant_ids is not None:
        ids = list(set(participant_ids))
        qs = qs.filter(participant_id__in=ids, other_id__in=ids)
    return _wishes(qs.values_list("participant_id", "other_id", "attitude"))


def load_ties(
    *, organization=None, participant_ids: Iterable[int] | None = None, involving: int | None = None
) -> frozenset:
    """``(parent participant id, child participant id)`` of an organisation, among
    ``participant_ids``, or with the participant ``involving`` on either side.
    One query."""
    qs = FamilyTie.objects.all()
    if organization is not None:
        qs = qs.filter(child__organization=organization)
    if involving is not None:
        qs = qs.filter(Q(parent_id=involving) | Q(child_id=involving))
    if participant_ids is not None:
        ids = list(set(participant_ids))
        qs = qs.filter(parent_id__in=ids, child_id__in=ids)
    return frozenset(qs.values_list("parent_id", "child_id"))


def pair_facts(mentors: Iterable[Mentor], mentees: Iterable[Mentee], *, today=None):
    """Facts of a few loaded mentors and mentees (participants selected) for
    explaining or checking hand-made pairs: ``(mentor facts, mentee facts,
    wishes, ties)``. Three queries: the mentees' requests, wishes and ties."""
    today = today or timezone.localdate()
    mentors, mentees = list(mentors), list(mentees)
    texts = defaultdict(list)
    for mentee_id, text in MenteeRequest.objects.filter(
        mentee__in=[m.pk for m in mentees]
    ).values_list("mentee_id", "text"):
        texts[mentee_id].append(text)
    ids = [m.participant_id for m in (*mentors, *mentees)]
    return (
        [mentor_facts(m, today=today) for m in mentors],
        [mentee_facts(m, today=today, keywords=split_keywords(*texts[m.pk])) for m in mentees],
        load_wishes(participant_ids=ids),
        load_ties(participant_ids=ids),
    )


@dataclass(frozen=True)
class Cohort:
    """Who the matcher works with for one organisation and form.

    ``mentees``: in the base (applicant or «in the base»), of a category the form
    admits, not in an open pair, with consent; ``no_consent``: the same without
    consent (reported, never paired); ``mentors``: of a category the form
    admits, consent given, approved or trained, with a free place; counts of
    the mentors left out: ``full_mentors`` (no free place), ``candidates``
    (not yet approved by order), ``mentors_without_consent``.
    """

    form: FormRules
    mentees: tuple[MenteeFacts, ...]
    no_consent: tuple[MenteeFacts, ...]
    mentors: tuple[MentorFacts, ...]
    full_mentors: int
    candidates: int
    mentors_without_consent: int
    wishes: Wishes
    ties: frozenset


def cohort_mentees(organization, form):
    """The mentees a run looks at (with and without consent), as a queryset."""
    return (
        Mentee.objects.filter(
            participant__organization=organization,
            participant__category__in=form.mentee_categories,
            status__in=SEARCHING_MENTEE_STATUSES,
        )
        .exclude(pairs__status__in=OPEN_STATUSES)
    )


def load_cohort(organization, form, *, today: datetime.date | None = None) -> Cohort:
    """Load the cohort of ``organization`` for ``form``: five queries (mentees,
    their requests, mentors with their open mentees, wishes, family ties)."""
    today = today or timezone.localdate()
    mentees_qs = cohort_mentees(organization, form)
    texts = defaultdict(list)
    for mentee_id, text in MenteeRequest.objects.filter(
        mentee__in=mentees_qs.values("pk")
    ).values_list("mentee_id", "text"):
        texts[mentee_id].append(text)
    mentees, no_consent = [], []
    rows = mentees_qs.order_by(
        "participant__surname", "participant__name", "participant__patronymic", "pk"
    ).values_list(
        "pk", "participant_id", "participant__surname", "participant__name",
        "participant__patronymic", "participant__category", "participant__birth_date",
        "participant__specialty", "participant__consent_status",
    )
    for pk, pid, surname, name, patronymic, category, born, specialty, consent in rows:
        facts = MenteeFacts(
            pk=pk, participant_id=pid, name=_name(surname, name, patronymic), category=category,
            keywords=frozenset(split_keywords(*texts[pk])), age=age_on(born, today),
            specialty=specialty, consent_status=consent,
        )
        (mentees if consent == ConsentStatus.GIVEN else no_consent).append(facts)

    mentor_rows = with_open_mentee_count(
        Mentor.objects.filter(
            participant__organization=organization,
            participant__category__in=form.mentor_categories,
        )
    ).order_by(
        "participant__surname", "participant__name", "participant__patronymic", "pk"
    ).values_list(
        "pk", "participant_id", "participant__surname", "participant__name",
        "participant__patronymic", "participant__category", "participant__birth_date",
        "participant__specialty", "participant__consent_status", "competencies", "interests",
        "preferred_age_min", "preferred_age_max", "hours_per_month", "capacity", "status",
        "open_mentees",
    )
    mentors, full, candidates, without_consent = [], 0, 0, 0
    for (pk, pid, surname, name, patronymic, category, born, specialty, consent, competencies,
         interests, age_min, age_max, hours, capacity, status, busy) in mentor_rows:
        if status not in MATCHABLE_MENTOR_STATUSES:
            candidates += 1
            continue
        if consent != ConsentStatus.GIVEN:
            without_consent += 1
            continue
        free = capacity - busy
        if free <= 0:
            full += 1
            continue
        mentors.append(MentorFacts(
            pk=pk, participant_id=pid, name=_name(surname, name, patronymic), category=category,
            keywords=frozenset(split_keywords(competencies, interests)), age_min=age_min,
            age_max=age_max, hours_per_month=hours, capacity=capacity, free=free,
            specialty=specialty, consent_status=consent, age=age_on(born, today), status=status,
        ))
    return Cohort(
        form=form_rules(form), mentees=tuple(mentees), no_consent=tuple(no_consent),
        mentors=tuple(mentors), full_mentors=full, candidates=candidates,
        mentors_without_consent=without_consent,
        wishes=load_wishes(organization=organization), ties=load_ties(organization=organization),
    )

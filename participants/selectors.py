"""What part of the participant bases a user may see (CONVENTIONS.md,
"Permissions: a rule and a queryset for every check")."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from mentoring.selectors import staff_organization_of
from pairs.enums import OPEN_STATUSES

from .models import ApplicantImport, Consent, Mentee, MenteeRequest, Mentor, Participant

# A search uses at most this many words of what was typed.
MAX_SEARCH_WORDS = 5
NAME_FIELDS = ("surname", "name", "patronymic")


def name_search_q(text: str, prefix: str = "", fields: tuple[str, ...] = NAME_FIELDS) -> Q:
    """A condition: every word of ``text`` (at most MAX_SEARCH_WORDS) occurs in
    one of ``fields`` of the participant at ``prefix`` (e.g.
    ``"mentor__participant__"``). SQLite folds the case of ASCII letters only,
    so the lower-case, capitalised and upper-case spellings are tried too.
    An empty ``text`` gives an empty condition (everything)."""
    condition = Q()
    for word in text.split()[:MAX_SEARCH_WORDS]:
        any_field = Q()
        for variant in {word, word.lower(), word.capitalize(), word.upper()}:
            for field in fields:
                any_field |= Q(**{f"{prefix}{field}__icontains": variant})
        condition &= any_field
    return condition


def participants_visible_to(user) -> QuerySet[Participant]:
    """Participants of the user's organisation for programme staff (curator,
    director, working group, admin); nothing for anybody else."""
    organization = staff_organization_of(user)
    if organization is None:
        return Participant.objects.none()
    return Participant.objects.filter(organization=organization)


def get_participant_for_user(user, pk: int) -> Participant:
    """The participant ``pk`` with profiles and consents loaded; Http404 when the
    user may not see them."""
    queryset = participants_visible_to(user).select_related(
        "organization", "mentor_profile", "mentee_profile"
    ).prefetch_related(
        Prefetch("consents", queryset=Consent.objects.order_by("-given_on", "-pk")),
        "mentee_profile__requests",
    )
    return get_object_or_404(queryset, pk=pk)


def mentors_visible_to(user) -> QuerySet[Mentor]:
    """The mentor base with the participant joined and ``open_pairs`` (pairs
    that hold the mentor's capacity) annotated."""
    return (
        Mentor.objects.filter(participant__in=participants_visible_to(user))
        .select_related("participant")
        .annotate(open_pairs=Count("pairs", filter=Q(pairs__status__in=OPEN_STATUSES), distinct=True))
    )


def mentees_visible_to(user) -> QuerySet[Mentee]:
    """The mentee base with the participant joined and the requests prefetched."""
    return (
        Mentee.objects.filter(participant__in=participants_visible_to(user))
        .select_related("participant")
        .prefetch_related(Prefetch("requests", queryset=MenteeRequest.objects.order_by("pk")))
    )


def study_groups(user) -> list[str]:
    """Distinct study groups of the user's visible participants, sorted."""
    return list(
        participants_visible_to(user)
        .exclude(study_group="")
        .order_by("study_group")
        .values_list("study_group", flat=True)
        .distinct()
    )


def imports_visible_to(user) -> QuerySet[ApplicantImport]:
    """Applicant-list imports of the user's organisation (programme staff only)."""
    organization = staff_organization_of(user)
    if organization is None:
        return ApplicantImport.objects.none()
    return ApplicantImport.objects.filter(organization=organization).select_related("uploaded_by")


def get_import_for_user(user, pk: int) -> ApplicantImport:
    return get_object_or_404(imports_visible_to(user), pk=pk)


def participant_records(participant: Participant) -> list:
    """The participant and the records that hold their data — profiles,
    requests, consents, trainings, portfolio, family ties, wishes and account —
    as instances and querysets (``mentoring.selectors.audit_trail`` targets:
    their history is the participant's history)."""
    from pairs.models import MatchingPreference

    from .models import FamilyTie, MentorTraining, PortfolioItem

    return [
        participant,
        participant.user,
        Mentor.objects.filter(participant=participant),
        Mentee.objects.filter(participant=participant),
        MenteeRequest.objects.filter(mentee__participant=participant),
        Consent.objects.filter(participant=participant),
        MentorTraining.objects.filter(mentor__participant=participant),
        PortfolioItem.objects.filter(mentor__participant=participant),
        FamilyTie.objects.filter(Q(parent=participant) | Q(child=participant)),
        MatchingPreference.objects.filter(participant=participant),
    ]


def publishable_mentors(*, today=None) -> QuerySet[Mentor]:
    """Mentors whose name, photo, competencies and awards may be shown on the
    public pages (seed 002 item 14, seed 001 6.3): the participant is not
    anonymised, their consent status is GIVEN, and a consent naming the
    ``publication`` purpose stands (not withdrawn; for a minor, given by the
    legal representative). Checked in SQL on every request: a withdrawal
    removes the person from the next page served."""
    from django.db.models import CharField, Exists, OuterRef
    from django.db.models.functions import Cast
    from django.utils import timezone

    from .enums import ConsentGiver, ConsentPurpose, ConsentStatus
    from .models import ADULT_AGE

    today = today or timezone.localdate()
    try:
        adult_born_by = today.replace(year=today.year - ADULT_AGE)
    except ValueError:  # 29 February
        adult_born_by = today.replace(year=today.year - ADULT_AGE, day=28)
    consents = (
        Consent.objects.filter(participant=OuterRef("participant"), withdrawn_on__isnull=True)
        .annotate(purpose_text=Cast("purposes", CharField()))
        # the JSON list as text: portable to SQLite, which has no JSON containment
        .filter(purpose_text__contains='"%s"' % ConsentPurpose.PUBLICATION.value)
        .filter(
            Q(given_by=ConsentGiver.REPRESENTATIVE)
            | Q(participant__birth_date__isnull=True)
            | Q(participant__birth_date__lte=adult_born_by)
        )
    )
    return Mentor.objects.filter(
        Exists(consents),
        participant__anonymised_at__isnull=True,
        participant__consent_status=ConsentStatus.GIVEN,
    )

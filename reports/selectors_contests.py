"""Reads of the territory contests (seed 002 items 10, 13), scoped to who asks:
the territory's coordinator (its contests; no score value before closing), a
curator or director of an organisation of the territory (the contests, their
own nominations; places after the results), a juror (their contests, the
nominations with their own scores only) and the public (``contest_results``
once the results order is signed). Objects out of reach answer 404."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.http import Http404

from mentoring.enums import EDUCATIONAL_KINDS, Role
from mentoring.selectors import organization_of, roles_of, territory_of

from .enums import AwardKind, ContestStage, NominationStatus
from .models import Contest, ContestJuror, Nomination, Score

REVEALED_STAGES = (ContestStage.CLOSED, ContestStage.RESULTS)
ORG_ROLES = {Role.CURATOR, Role.DIRECTOR}


# --- the coordinator ----------------------------------------------------------------------


def contests_of_territory(territory):
    """The territory's contests, newest first, with the counts of submitted
    nominations and jurors."""
    return (
        Contest.objects.filter(territory=territory)
        .annotate(
            nomination_count=Count("nominations", filter=Q(nominations__status=NominationStatus.SUBMITTED),
                                   distinct=True),
            juror_count=Count("jurors", distinct=True),
        )
        .select_related("academic_year", "order")
        .order_by("-created_at", "-pk")
    )


def get_contest_for_coordinator(user, pk: int) -> Contest:
    """The contest ``pk`` of the coordinator's territory; Http404 otherwise."""
    territory = territory_of(user)
    contest = Contest.objects.select_related("territory", "academic_year", "order").filter(
        pk=pk, territory=territory).first() if territory else None
    if contest is None:
        raise Http404
    return contest


@dataclass
class JurorProgress:
    """How far a juror is: ``given`` scores of ``expected`` (no values)."""

    juror: ContestJuror
    given: int
    expected: int

    @property
    def done(self) -> bool:
        return self.given >= self.expected


def jury_progress(contest: Contest) -> list[JurorProgress]:
    """Per juror the number of scores given and owed (every submitted
    nomination not of the juror's organisation × every criterion); never a
    value. Three queries."""
    criteria = contest.criteria.count()
    orgs = list(contest.nominations.filter(status=NominationStatus.SUBMITTED)
                .values_list("organization_id", flat=True))
    jurors = list(contest.jurors.select_related("user", "organization").annotate(
        given=Count("scores", filter=Q(scores__nomination__status=NominationStatus.SUBMITTED))))
    return [
        JurorProgress(juror, juror.given,
                      criteria * sum(1 for o in orgs if juror.organization_id is None or o != juror.organization_id))
        for juror in jurors
    ]


def contest_nominations(contest: Contest):
    """The contest's nominations (submitted first, then by place), with the
    nominee, the practice and the organisation loaded."""
    return contest.nominations.select_related(
        "organization", "mentor__participant", "practice"
    ).order_by("status", "rank", "pk")


# --- organisations --------------------------------------------------------------------------


def contest_organization_or_404(user):
    """The user's organisation when they are its curator or director and it
    is a school or college of a territory; Http404 otherwise."""
    organization = organization_of(user)
    if (
        organization is None or organization.territory_id is None
        or organization.kind not in EDUCATIONAL_KINDS
        or not roles_of(user, organization) & ORG_ROLES
    ):
        raise Http404
    return organization


def contests_for_organization(organization):
    """The contests of the organisation's territory, newest first."""
    return Contest.objects.filter(territory_id=organization.territory_id).select_related("academic_year")


def get_contest_for_organization(user, pk: int) -> tuple[Contest, object]:
    """``(contest, organization)`` for a contest of the user's territory
    (curator or director of an organisation there); Http404 otherwise."""
    organization = contest_organization_or_404(user)
    contest = Contest.objects.select_related("territory", "academic_year").filter(
        pk=pk, territory_id=organization.territory_id).first()
    if contest is None:
        raise Http404
    return contest, organization


def get_nomination_for_organization(user, pk: int) -> Nomination:
    """A nomination of the user's own organisation; Http404 otherwise."""
    organization = contest_organization_or_404(user)
    nomination = Nomination.objects.select_related("contest__territory", "organization").filter(
        pk=pk, organization=organization).first()
    if nomination is None:
        raise Http404
    return nomination


# --- jurors -----------------------------------------------------------------------------------


def juror_contests(user):
    """The contests on whose jury the user sits, newest first."""
    return ContestJuror.objects.filter(user=user).select_related("contest", "contest__academic_year").order_by(
        "-contest__created_at", "-pk")


def get_juror(user, contest_pk: int) -> ContestJuror:
    """The user's seat on the jury of contest ``contest_pk``; Http404 otherwise."""
    juror = ContestJuror.objects.select_related("contest__territory", "organization").filter(
        user=user, contest_id=contest_pk).first() if getattr(user, "is_authenticated", False) else None
    if juror is None:
        raise Http404
    return juror


def get_nomination_for_juror(user, pk: int) -> tuple[Nomination, ContestJuror]:
    """A submitted nomination of a contest the user judges, with their seat;
    Http404 otherwise (a conflicted one is returned: the page says so)."""
    nomination = Nomination.objects.select_related(
        "organization", "mentor__participant", "practice", "contest"
    ).filter(pk=pk, status=NominationStatus.SUBMITTED).first()
    if nomination is None:
        raise Http404
    return nomination, get_juror(user, nomination.contest_id)


def jury_rows(juror: ContestJuror) -> list[dict]:
    """The nominations the juror sees: ``{"nomination", "conflict" (bool),
    "given" (the juror's own scores of it)}``. Two queries."""
    given = dict(
        Score.objects.filter(juror=juror).values("nomination_id").annotate(n=Count("pk"))
        .values_list("nomination_id", "n")
    )
    rows = []
    for nomination in juror.contest.nominations.filter(status=NominationStatus.SUBMITTED).select_related(
        "organization", "mentor__participant", "practice"
    ).order_by("organization__short_name", "pk"):
        conflict = juror.organization_id is not None and juror.organization_id == nomination.organization_id
        rows.append({"nomination": nomination, "conflict": conflict, "given": given.get(nomination.pk, 0)})
    return rows


def own_scores(juror: ContestJuror, nomination: Nomination) -> dict[int, Score]:
    """The juror's own scores of the nomination, by criterion pk (only theirs)."""
    return {s.criterion_id: s for s in Score.objects.filter(juror=juror, nomination=nomination)}


def nominee_dossier(nomination: Nomination):
    """The mentor of a nomination with their trainings and portfolio loaded
    (what the jury reads), or None for a practice without a mentor."""
    from participants.models import Mentor

    mentor_id = nomination.mentor_id or (nomination.practice.mentor_id if nomination.practice_id else None)
    if mentor_id is None:
        return None
    return Mentor.objects.select_related("participant").prefetch_related(
        "trainings", "portfolio").filter(pk=mentor_id).first()


# --- results ---------------------------------------------------------------------------------


def contest_results(contest: Contest) -> list[dict]:
    """The winners and prize-winners of a contest whose results order is
    signed (stage RESULTS; [] before): ``{"place" (int), "award_kind"
    (AwardKind value), "nomination", "organization", "mentor" (Mentor|None),
    "practice" (Practice|None), "total" (Decimal), "publishable" (bool: the
    named mentor may be published — ``participants.selectors.publishable_mentors``
    — or no person is named)}`` by place. Two queries."""
    if contest.stage != ContestStage.RESULTS:
        return []
    return _winners(contest)


def _winners(contest: Contest) -> list[dict]:
    from participants.selectors import publishable_mentors

    nominations = list(
        contest.nominations.filter(status=NominationStatus.SUBMITTED, rank__isnull=False,
                                   rank__lte=contest.winners_count)
        .select_related("organization", "mentor__participant", "practice__mentor__participant")
        .order_by("rank", "pk")
    )
    named = {n.mentor_id or n.practice.mentor_id for n in nominations
             if n.mentor_id or (n.practice_id and n.practice.mentor_id)}
    # the one definition of who may be published (participants.selectors)
    publishable = set(publishable_mentors().filter(pk__in=named).values_list("pk", flat=True))
    rows = []
    for n in nominations:
        mentor = n.mentor or (n.practice.mentor if n.practice_id else None)
        rows.append({
            "place": n.rank, "nomination": n, "organization": n.organization, "mentor": mentor,
            "practice": n.practice, "total": n.total,
            "award_kind": AwardKind.CONTEST_WINNER if n.rank == 1 else AwardKind.CONTEST_PRIZE,
            "publishable": mentor is None or mentor.pk in publishable,
        })
    return rows


def winners_of_closed(contest: Contest) -> list[dict]:
    """The same rows as :func:`contest_results` for a closed contest (the
    results order lists them before it is signed); [] before closing."""
    if contest.stage not in REVEALED_STAGES:
        return []
    return _winners(contest)


def prefetch_nomination_scores(contest: Contest):
    """Submitted nominations with every score (values: only after closing)."""
    if contest.stage not in REVEALED_STAGES:
        raise PermissionError("scores are secret until the contest is closed")
    return contest_nominations(contest).filter(status=NominationStatus.SUBMITTED).prefetch_related(
        Prefetch("scores", queryset=Score.objects.select_related("criterion", "juror__user")))

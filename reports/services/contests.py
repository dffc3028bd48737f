"""The territory's contests («Лучший наставник», «Лучшие практики реализации
программ наставничества»; seed 002 items 10, 13): the contest with its
criteria, the stages, the jury, the nominations, the scores and the closing
with the ranking (``contest_ranking``). The results order and the awards are
in ``reports.services.orders.contest_results``.

Stages (``ContestStage``): announced → nominations (organisations nominate) →
judging (jurors score; criteria and weights frozen) → closed (ranked) →
results (the results order is signed). Every write is audited
(``reports.contest.*``) in the territory's education authority.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mentoring.models import AcademicYear
from mentoring.services import log_action

from ..enums import ContestKind, ContestStage, NominationStatus
from ..models import Contest, ContestCriterion, ContestJuror, Nomination, Score
from .contest_ranking import CriterionInfo, rank_nominations, score_nomination

MAX_WEIGHT = Decimal("100")
MAX_SCORE_LIMIT = 100
MAX_CRITERIA = 20
MAX_PLACES = 10
# The moves ``set_stage`` makes; judging → closed is ``close_contest``,
# closed → results the signature of the results order.
STAGE_MOVES = {
    ContestStage.ANNOUNCED: {ContestStage.NOMINATIONS},
    ContestStage.NOMINATIONS: {ContestStage.JUDGING},
}
EDITABLE_CRITERIA_STAGES = (ContestStage.ANNOUNCED, ContestStage.NOMINATIONS)
OPEN_STAGES = (ContestStage.ANNOUNCED, ContestStage.NOMINATIONS, ContestStage.JUDGING)


class ContestError(ValueError):
    """A contest action the rules refuse; the message (Russian) is shown as it is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class CriterionData:
    """A criterion as a form gives it: title, description, weight, max score."""

    title: str
    weight: object
    max_score: object
    description: str = ""


def _log(action: str, contest: Contest, actor, obj=None, **data) -> None:
    log_action(
        "reports.contest." + action, actor=actor, organization=contest.territory.authority,
        obj=obj or contest, data={"contest": contest.pk, "stage": contest.stage, **data},
    )


# --- the contest and its criteria -------------------------------------------------------


def _clean_criteria(criteria) -> list[CriterionData]:
    cleaned = []
    for number, item in enumerate(criteria, start=1):
        title = " ".join((item.title or "").split())
        if not title:
            raise ContestError(_("Criterion %(n)s: give its title.") % {"n": number})
        try:
            weight = Decimal(str(item.weight))
            max_score = int(item.max_score)
        except (InvalidOperation, TypeError, ValueError):
            raise ContestError(
                _("Criterion «%(title)s»: the weight and the maximum score are numbers.")
                % {"title": title}
            ) from None
        if not (Decimal(0) < weight <= MAX_WEIGHT) or weight != weight.quantize(Decimal("0.01")):
            raise ContestError(
                _("Criterion «%(title)s»: the weight must be greater than 0 and at most 100, "
                  "with at most two decimals.") % {"title": title}
            )
        if not 1 <= max_score <= MAX_SCORE_LIMIT:
            raise ContestError(
                _("Criterion «%(title)s»: the maximum score is from 1 to 100.") % {"title": title}
            )
        cleaned.append(CriterionData(title[:300], weight, max_score, (item.description or "").strip()))
    if not cleaned:
        raise ContestError(_("Give at least one criterion with its weight."))
    if len(cleaned) > MAX_CRITERIA:
        raise ContestError(_("A contest has at most 20 criteria."))
    return cleaned


def _clean_terms(*, kind, title, nominations_until, judging_until, winners_count) -> str:
    if kind not in ContestKind.values:
        raise ContestError(_("Choose the kind of contest."))
    title = " ".join((title or "").split())
    if not title:
        raise ContestError(_("Give the title of the contest."))
    if nominations_until and judging_until and judging_until < nominations_until:
        raise ContestError(_("Judging cannot end before the nominations do."))
    if not 1 <= int(winners_count or 0) <= MAX_PLACES:
        raise ContestError(_("The number of prize places is from 1 to 10."))
    return title[:300]


def _replace_criteria(contest: Contest, criteria: list[CriterionData]) -> None:
    """No score exists before judging: the criteria are simply written anew."""
    contest.criteria.all().delete()
    ContestCriterion.objects.bulk_create([
        ContestCriterion(contest=contest, title=c.title, description=c.description,
                         weight=c.weight, max_score=c.max_score, position=i)
        for i, c in enumerate(criteria, start=1)
    ])


def _criteria_data(contest: Contest) -> list[dict]:
    return [{"title": c.title, "weight": str(c.weight), "max_score": c.max_score}
            for c in contest.criteria.all()]


def create_contest(*, territory, actor, kind: str, title: str, announcement: str = "",
                   nominations_until: datetime.date | None = None,
                   judging_until: datetime.date | None = None, winners_count: int = 3,
                   criteria) -> Contest:
    """Announce a contest of ``territory`` in the current academic year, stage
    ANNOUNCED, with ``criteria`` (CriterionData, at least one; weight 0 < w ≤
    100, max score 1…100). Raises ContestError (nothing written). Audited
    ``reports.contest.created``."""
    title = _clean_terms(kind=kind, title=title, nominations_until=nominations_until,
                         judging_until=judging_until, winners_count=winners_count)
    criteria = _clean_criteria(criteria)
    with transaction.atomic():
        contest = Contest.objects.create(
            territory=territory, academic_year=AcademicYear.current(), kind=kind, title=title,
            announcement=(announcement or "").strip(), nominations_until=nominations_until,
            judging_until=judging_until, winners_count=int(winners_count), created_by=actor,
        )
        _replace_criteria(contest, criteria)
        _log("created", contest, actor, title=title, criteria=_criteria_data(contest))
    return contest


def update_contest(contest: Contest, *, actor, title: str, announcement: str = "",
                   nominations_until=None, judging_until=None, winners_count: int = 3,
                   criteria=None) -> Contest:
    """Change the terms (and, while announced or taking nominations, the
    criteria: ``criteria`` None keeps them). Refused (ContestError) once the
    contest is closed, and for criteria once judging has started (they are
    frozen). Audited ``reports.contest.updated``."""
    title = _clean_terms(kind=contest.kind, title=title, nominations_until=nominations_until,
                         judging_until=judging_until, winners_count=winners_count)
    if criteria is not None:
        criteria = _clean_criteria(criteria)
    with transaction.atomic():
        locked = Contest.objects.select_for_update().get(pk=contest.pk)
        if locked.stage not in OPEN_STAGES:
            raise ContestError(_("The contest is closed: its terms can no longer be changed."))
        if criteria is not None and locked.stage not in EDITABLE_CRITERIA_STAGES:
            raise ContestError(_("Judging has started: the criteria and weights are frozen."))
        locked.title, locked.announcement = title, (announcement or "").strip()
        locked.nominations_until, locked.judging_until = nominations_until, judging_until
        locked.winners_count = int(winners_count)
        locked.save(update_fields=["title", "announcement", "nominations_until", "judging_until",
                                   "winners_count"])
        if criteria is not None:
            _replace_criteria(locked, criteria)
        _log("updated", locked, actor, title=title, criteria=_criteria_data(locked))
    contest.refresh_from_db()
    return contest


# --- stages ---------------------------------------------------------------------------------


def _check_judging_possible(contest: Contest) -> None:
    nominations = list(contest.nominations.filter(status=NominationStatus.SUBMITTED)
                       .select_related("organization"))
    if not nominations:
        raise ContestError(_("There is no nomination to judge yet."))
    juror_orgs = list(contest.jurors.values_list("organization_id", flat=True))
    if not juror_orgs:
        raise ContestError(_("Form the jury first: add at least one juror."))
    if not contest.criteria.exists():
        raise ContestError(_("Give at least one criterion with its weight."))
    orphans = [n for n in nominations if all(o == n.organization_id for o in juror_orgs)]
    if orphans:
        raise ContestError(
            _("Nobody can judge the nominations of %(orgs)s: every juror is from that "
              "organisation (conflict of interest). Add a juror from elsewhere.")
            % {"orgs": ", ".join(sorted({n.organization.short_name for n in orphans}))}
        )


def set_stage(contest: Contest, stage: str, *, actor) -> Contest:
    """Move the contest announced → nominations → judging (ContestStage).
    Judging needs a submitted nomination, a juror, and for every nomination a
    juror of another organisation. Closing is :func:`close_contest`, results
    the signed order. Raises ContestError with the reason otherwise. Audited
    ``reports.contest.stage``."""
    with transaction.atomic():
        locked = Contest.objects.select_for_update().select_related("territory").get(pk=contest.pk)
        if stage == locked.stage:
            return locked
        if stage not in STAGE_MOVES.get(locked.stage, set()):
            raise ContestError(
                _("The contest cannot move from «%(old)s» to «%(new)s».")
                % {"old": locked.get_stage_display(), "new": _stage_label(stage)}
            )
        if stage == ContestStage.JUDGING:
            _check_judging_possible(locked)
        old = locked.stage
        locked.stage = stage
        locked.save(update_fields=["stage"])
        _log("stage", locked, actor, old=old, new=stage)
    contest.refresh_from_db()
    return contest


def _stage_label(stage: str) -> str:
    return str(ContestStage(stage).label) if stage in ContestStage.values else stage


# --- nominations ------------------------------------------------------------------------------


def _mentor_consent_problem(mentor) -> str | None:
    """Why the mentor may not be shown to the jury, or None: a consent given (not
    withdrawn) naming the purpose «documents» or «publication»."""
    from participants.enums import ConsentPurpose, ConsentStatus

    participant = mentor.participant
    allowed = {ConsentPurpose.DOCUMENTS, ConsentPurpose.PUBLICATION}
    if participant.consent_status == ConsentStatus.GIVEN and any(
        allowed & set(c.purposes) for c in participant.consents.filter(withdrawn_on__isnull=True)
    ):
        return None
    return _(
        "%(name)s cannot be nominated: the jury sees the nominee's name and portfolio, and the "
        "results order names the winners, so a consent to the processing of personal data for "
        "«orders, reports and monitoring» or «publishing results and awards» must be on record "
        "and not withdrawn. Record the consent in the mentor base first."
    ) % {"name": participant.full_name}


def _check_nominee(contest: Contest, organization, mentor, practice) -> None:
    from participants.enums import MentorStatus

    if contest.kind == ContestKind.BEST_MENTOR:
        if mentor is None:
            raise ContestError(_("Choose the mentor you nominate."))
        if mentor.participant.organization_id != organization.pk:
            raise ContestError(_("Only a mentor of your own organisation can be nominated."))
        if mentor.participant.anonymised_at is not None or mentor.status not in (
            MentorStatus.APPROVED, MentorStatus.TRAINED
        ):
            raise ContestError(_("Only a mentor of the approved mentor base can be nominated."))
    elif practice is None:
        raise ContestError(_("Choose the practice you nominate."))
    if practice is not None and practice.organization_id != organization.pk:
        raise ContestError(_("Only a practice of your own organisation's practice base can be chosen."))
    named = mentor or (practice.mentor if practice is not None else None)
    if named is not None:
        problem = _mentor_consent_problem(named)
        if problem:
            raise ContestError(problem)


def nominate(contest: Contest, *, organization, actor, mentor=None, practice=None,
             statement: str = "") -> Nomination:
    """An organisation of the contest's territory nominates a mentor (with a
    presentation and optionally a practice of its practice base) or, for the
    practices contest, a practice, while the contest takes nominations.

    Refused (ContestError, Russian): another stage, an organisation outside the
    territory, a mentor or practice of another organisation, a mentor outside
    the approved base, the same nominee twice, a mentor without a consent for
    documents or publication on record. Audited ``reports.contest.nominated``.
    """
    if contest.kind != ContestKind.BEST_MENTOR:
        mentor = None
    _check_nominee(contest, organization, mentor, practice)
    with transaction.atomic():
        locked = Contest.objects.select_for_update().select_related("territory").get(pk=contest.pk)
        if locked.stage != ContestStage.NOMINATIONS:
            raise ContestError(_("The contest does not take nominations now."))
        if organization.territory_id != locked.territory_id:
            raise ContestError(_("Only organisations of the contest's territory nominate."))
        same = locked.nominations.filter(status=NominationStatus.SUBMITTED)
        same = same.filter(mentor=mentor) if mentor is not None else same.filter(practice=practice)
        if same.exists():
            raise ContestError(_("This nominee is already nominated for the contest."))
        nomination = Nomination.objects.create(
            contest=locked, organization=organization, mentor=mentor, practice=practice,
            statement=(statement or "").strip(), submitted_by=actor,
        )
        _log("nominated", locked, actor, obj=nomination, nomination=nomination.pk,
             nominated_by_organization=organization.pk)
    return nomination


def withdraw_nomination(nomination: Nomination, *, actor) -> Nomination:
    """The organisation withdraws its nomination before judging starts.
    Refused (ContestError) later. Audited ``reports.contest.withdrawn``."""
    with transaction.atomic():
        contest = Contest.objects.select_for_update().select_related("territory").get(
            pk=nomination.contest_id)
        locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if contest.stage not in (ContestStage.ANNOUNCED, ContestStage.NOMINATIONS):
            raise ContestError(_("Judging has started: the nomination can no longer be withdrawn."))
        if locked.status == NominationStatus.WITHDRAWN:
            return locked
        locked.status = NominationStatus.WITHDRAWN
        locked.save(update_fields=["status"])
        _log("withdrawn", contest, actor, obj=locked, nomination=locked.pk)
    nomination.refresh_from_db()
    return nomination


# --- scores --------------------------------------------------------------------------------


def is_conflicted(juror: ContestJuror, nomination: Nomination) -> bool:
    """A juror never scores a nomination of their own organisation."""
    return juror.organization_id is not None and juror.organization_id == nomination.organization_id


def save_scores(nomination: Nomination, *, juror: ContestJuror, actor, values: dict) -> int:
    """The juror's scores of ``nomination``: ``values`` maps a criterion pk to
    ``(score, comment)``; ``score`` None leaves the criterion unscored (an
    existing score is removed). Allowed while the contest is judging, to a
    juror of the contest who is not of the nomination's organisation.

    Raises ContestError (nothing written): another stage, a conflict of
    interest, a withdrawn nomination, a criterion of another contest, a score
    outside 0…max. Returns how many scores the juror now has on it. Audited
    ``reports.contest.scored`` (without the values: they stay secret until
    the closing)."""
    criteria = {c.pk: c for c in ContestCriterion.objects.filter(contest_id=nomination.contest_id)}
    cleaned = _clean_scores(criteria, values)
    with transaction.atomic():
        contest = Contest.objects.select_for_update().select_related("territory").get(
            pk=nomination.contest_id)
        if juror.contest_id != contest.pk or nomination.contest_id != contest.pk:
            raise ContestError(_("You are not on the jury of this contest."))
        if contest.stage != ContestStage.JUDGING:
            raise ContestError(_("Scores are given only while the contest is being judged."))
        if is_conflicted(juror, nomination):
            raise ContestError(_("Not scored: conflict of interest (the nominee is from your organisation)."))
        if nomination.status != NominationStatus.SUBMITTED:
            raise ContestError(_("The nomination was withdrawn."))
        for pk, (value, comment) in cleaned.items():
            if value is None:
                Score.objects.filter(nomination=nomination, juror=juror, criterion_id=pk).delete()
                continue
            Score.objects.update_or_create(
                nomination=nomination, juror=juror, criterion_id=pk,
                defaults={"value": value, "comment": comment},
            )
        count = Score.objects.filter(nomination=nomination, juror=juror).count()
        _log("scored", contest, actor, obj=nomination, nomination=nomination.pk,
             juror=juror.pk, scored=count)
    return count


def _clean_scores(criteria: dict, values: dict) -> dict:
    cleaned = {}
    for pk, (value, comment) in values.items():
        criterion = criteria.get(int(pk))
        if criterion is None:
            raise ContestError(_("A criterion of another contest."))
        if value is not None:
            try:
                value = int(value)
            except (TypeError, ValueError):
                raise ContestError(_("A score is a whole number.")) from None
            if not 0 <= value <= criterion.max_score:
                raise ContestError(
                    _("«%(title)s»: the score is from 0 to %(max)s.")
                    % {"title": criterion.title, "max": criterion.max_score}
                )
        cleaned[criterion.pk] = (value, (comment or "").strip()[:2000])
    return cleaned


# --- closing -----------------------------------------------------------------------------


def missing_scores(contest: Contest) -> int:
    """How many scores the jurors still owe: for every submitted nomination,
    every juror not of its organisation times every criterion, less the
    scores given. Three queries."""
    criteria = contest.criteria.count()
    jurors = list(contest.jurors.values_list("organization_id", flat=True))
    nominations = list(contest.nominations.filter(status=NominationStatus.SUBMITTED)
                       .values_list("organization_id", flat=True))
    expected = sum(criteria * sum(1 for o in jurors if o is None or o != org) for org in nominations)
    given = Score.objects.filter(nomination__contest=contest,
                                 nomination__status=NominationStatus.SUBMITTED).count()
    return max(expected - given, 0)


def nomination_label(nomination: Nomination) -> str:
    """«Иванова Анна Петровна (Школа № 3)» or «<practice> (Школа № 3)»."""
    if nomination.mentor_id:
        name = nomination.mentor.participant.full_name
    elif nomination.practice_id:
        name = nomination.practice.title
    else:
        name = "—"
    return "{} ({})".format(name, nomination.organization.short_name)


def compute_ranking(contest: Contest):
    """The ranking of the submitted nominations from the scores given
    (``contest_ranking.rank_nominations``): a list of RankedNomination by
    place. A fixed number of queries."""
    criteria = [CriterionInfo(c.pk, c.title, c.weight, c.position) for c in contest.criteria.all()]
    nominations = list(contest.nominations.filter(status=NominationStatus.SUBMITTED)
                       .select_related("organization", "mentor__participant", "practice"))
    values: dict[int, dict[int, list[int]]] = {}
    for nomination_id, criterion_id, value in Score.objects.filter(
        nomination__in=nominations
    ).values_list("nomination_id", "criterion_id", "value"):
        values.setdefault(nomination_id, {}).setdefault(criterion_id, []).append(value)
    entries = [score_nomination(n.pk, nomination_label(n), criteria, values.get(n.pk, {}))
               for n in nominations]
    return rank_nominations(criteria, entries)


def close_contest(contest: Contest, *, actor, override_reason: str = "") -> Contest:
    """Close the judging and rank the nominations: ``total``, ``rank`` and
    ``tie_note`` of every submitted nomination are written, the stage becomes
    CLOSED and ``closed_at`` is set; the scores become visible.

    While a juror still owes scores (:func:`missing_scores`) closing is refused
    unless ``override_reason`` says why (then a criterion nobody scored counts
    0, and the notes say the scores were incomplete). Raises ContestError for
    another stage. Audited ``reports.contest.closed`` with the reason."""
    reason = " ".join((override_reason or "").split())
    with transaction.atomic():
        locked = Contest.objects.select_for_update().select_related("territory").get(pk=contest.pk)
        if locked.stage != ContestStage.JUDGING:
            raise ContestError(_("Only a contest being judged can be closed."))
        missing = missing_scores(locked)
        if missing and not reason:
            raise ContestError(
                ngettext("The jurors still owe %(count)s score. Wait for it, or give the reason "
                         "to close with the scores given.",
                         "The jurors still owe %(count)s scores. Wait for them, or give the reason "
                         "to close with the scores given.", missing) % {"count": missing}
            )
        ranked = compute_ranking(locked)
        _write_ranking(locked, ranked, incomplete=bool(missing))
        locked.stage, locked.closed_at = ContestStage.CLOSED, timezone.now()
        locked.save(update_fields=["stage", "closed_at"])
        _log("closed", locked, actor, missing=missing, reason=reason,
             ranking=[[r.pk, r.rank, str(r.total)] for r in ranked])
    contest.refresh_from_db()
    return contest


def _write_ranking(contest: Contest, ranked, *, incomplete: bool) -> None:
    rows = {n.pk: n for n in contest.nominations.filter(pk__in=[r.pk for r in ranked])}
    for entry in ranked:
        row = rows[entry.pk]
        note = entry.tie_note
        if incomplete:
            note = ("Закрыто при неполных оценках жюри (учтено оценок: {}). ".format(entry.scores)
                    + note).strip()[:500]
        row.total, row.rank, row.tie_note = entry.total, entry.rank, note
    Nomination.objects.bulk_update(list(rows.values()), ["total", "rank", "tie_note"])

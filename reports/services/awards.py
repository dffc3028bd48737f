"""Awards for mentors («поощрения»; seed 003 1.8 and 4.4; seed 004 §5): the
mentors' results of a year, proposing awards, and the rewards order they flow
into (seed 000 7.4 «Приказ о поощрении участников наставнической деятельности»).

Incentives of the seeds: a letter of thanks («объявление благодарности»), a
certificate of honour («награждение грамотой»), a petition to the founder
(«ходатайство перед учредителем о награждении») and a pay supplement set by
the director's order («установление стимулирующих выплат приказом директора»;
seed 004 §5.2: 15 % of the salary).

What counts for a mentor's results in an academic year is what counts for the
indicators (``reports.services.indicators``): the pairs and groups of that year
the director approved — approved, active, completed, or terminated after the
approval.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from mentoring.models import AcademicYear, Organization
from mentoring.selectors import staff_organization_of
from mentoring.services import log_action
from pairs.enums import PairStatus
from pairs.models import Meeting, Pair, PlanItem
from participants.enums import ConsentStatus, MentorStatus
from participants.models import Mentor
from surveys.enums import RespondentRole
from surveys.models import Answer

from ..enums import AwardKind, OrderKind, OrderStatus
from ..models import Award, Order
from .indicators import counted_pairs, year_bounds

# Mentors who may be awarded: in the approved mentor base (seed 000 §4.1).
AWARDABLE_STATUSES = (MentorStatus.APPROVED, MentorStatus.TRAINED)
# Seed 004 §5.2: «в размере 15% от должностного оклада».
DEFAULT_SUPPLEMENT_PERCENT = Decimal("15")
MAX_SUPPLEMENT_PERCENT = Decimal("100")
SCALE_MIN, SCALE_MAX = 1, 5
TWO_PLACES = Decimal("0.01")
# Orders an award may still leave or change with (not yet with the director).
EDITABLE_ORDER_STATUSES = (OrderStatus.DRAFT,)


class AwardError(ValueError):
    """An award the rules refuse; ``message`` is shown to the user as it is,
    ``field`` names the form field it belongs to ("" for the whole form) and
    ``code`` says which rule refused (stable, for tests and callers)."""

    def __init__(self, message: str, *, code: str, field: str = ""):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field


# --- results -----------------------------------------------------------------------


@dataclass
class MentorResult:
    """One mentor's figures for an academic year.

    ``pairs``: the mentor's pairs and groups of the year that count (module
    docstring); ``completed_pairs``: those completed; ``mentees``: distinct
    mentees of those pairs; ``meetings``: meetings of those pairs held within
    the year's dates (a group meeting counts once); ``plan_items_done``: items
    of their personalised programmes marked done; ``satisfaction``: the mean
    (1–5, two decimals) of the mentees' answers to satisfaction questions in
    forms submitted within the year — an answer about a meeting counts for that
    meeting's pair, an answer about no meeting counts for the mentor(s) of the
    respondent's pairs of the year — None without answers;
    ``satisfaction_answers``: how many answers the mean is of; ``awards``: the
    mentor's awards of the year; ``rank``: 1-based place in the ranking.
    """

    mentor: Mentor
    full_name: str
    category: str
    pairs: int = 0
    completed_pairs: int = 0
    mentees: int = 0
    meetings: int = 0
    plan_items_done: int = 0
    satisfaction: Decimal | None = None
    satisfaction_answers: int = 0
    awards: list[Award] = field(default_factory=list)
    rank: int = 0

    @property
    def may_be_awarded(self) -> bool:
        """In the approved mentor base with consent given (:func:`propose_award`)."""
        participant = self.mentor.participant
        return (
            self.mentor.status in AWARDABLE_STATUSES
            and participant.consent_status == ConsentStatus.GIVEN
        )

    def sort_key(self) -> tuple:
        """The ranking: completed pairs, then meetings held, then mean
        satisfaction (none last), then plan items done, then pairs, all
        descending; then the name."""
        return (
            -self.completed_pairs,
            -self.meetings,
            -(self.satisfaction if self.satisfaction is not None else Decimal(0)),
            -self.plan_items_done,
            -self.pairs,
            self.full_name.casefold(),
            self.mentor.pk,
        )


def _counts(rows) -> dict[int, int]:
    return {key: value for key, value in rows}


def _satisfaction_answers(
    organization: Organization, academic_year: AcademicYear, pairs: QuerySet[Pair],
    mentors_of_participant: dict[int, set[int]],
) -> dict[int, tuple[int, int]]:
    """``{mentor pk: (sum, count)}`` of the mentees' satisfaction answers of the
    year (see MentorResult). Two queries; every answer counts once per mentor."""
    start, end = year_bounds(academic_year)
    answers = Answer.objects.filter(
        question__measures_satisfaction=True,
        response__survey__organization=organization,
        response__survey__respondent_role=RespondentRole.MENTEE,
        response__submitted_at__gte=start,
        response__submitted_at__lt=end,
        value_int__gte=SCALE_MIN,
        value_int__lte=SCALE_MAX,
    ).order_by()
    seen: dict[int, set[int]] = defaultdict(set)
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])

    def add(answer_pk: int, mentor_pk: int, value: int) -> None:
        if answer_pk in seen[mentor_pk]:
            return
        seen[mentor_pk].add(answer_pk)
        totals[mentor_pk][0] += value
        totals[mentor_pk][1] += 1

    about_meetings = answers.filter(response__meeting__pair__in=pairs.values("pk")).values_list(
        "pk", "response__meeting__pair__mentor_id", "value_int"
    )
    for answer_pk, mentor_pk, value in about_meetings:
        add(answer_pk, mentor_pk, value)
    general = answers.filter(
        response__meeting__isnull=True,
        response__respondent_id__in=Pair.mentees.through.objects.filter(
            pair__in=pairs.values("pk")
        ).values("mentee__participant_id"),
    ).values_list("pk", "response__respondent_id", "value_int")
    for answer_pk, participant_pk, value in general:
        for mentor_pk in mentors_of_participant.get(participant_pk, ()):
            add(answer_pk, mentor_pk, value)
    return {mentor_pk: (total, count) for mentor_pk, (total, count) in totals.items()}


def mentor_results(
    organization: Organization, academic_year: AcademicYear, *, mentor_ids=None
) -> list[MentorResult]:
    """The results of the organisation's mentors in ``academic_year``, ranked
    (``MentorResult.sort_key``: completed pairs, then meetings, then mean
    satisfaction, then plan items done, then pairs; ``rank`` 1, 2, …).

    Listed: mentors of the organisation in the approved base (approved or
    trained), plus any mentor with a counted pair or an award in the year;
    ``mentor_ids`` (iterable of pks) restricts the list. Figures are defined in
    :class:`MentorResult`. Eight queries whatever the number of mentors, pairs,
    meetings and answers (seed 003 1.8: awards go to the best mentors).
    """
    pairs = counted_pairs(organization, academic_year).order_by()
    awards = Award.objects.filter(organization=organization, academic_year=academic_year)
    mentors = Mentor.objects.filter(participant__organization=organization).filter(
        Q(status__in=AWARDABLE_STATUSES)
        | Q(pk__in=pairs.values("mentor_id"))
        | Q(pk__in=awards.values("mentor_id"))
    )
    if mentor_ids is not None:
        mentors = mentors.filter(pk__in=list(mentor_ids))
    mentors = list(mentors.select_related("participant").order_by())
    if not mentors:
        return []

    pair_rows = pairs.values("mentor_id").annotate(
        total=Count("pk"), completed=Count("pk", filter=Q(status=PairStatus.COMPLETED))
    )
    pair_counts = {row["mentor_id"]: (row["total"], row["completed"]) for row in pair_rows}
    membership = Pair.mentees.through.objects.filter(pair__in=pairs.values("pk")).values_list(
        "pair__mentor_id", "mentee__participant_id"
    ).distinct()
    mentees_of_mentor: dict[int, set[int]] = defaultdict(set)
    mentors_of_participant: dict[int, set[int]] = defaultdict(set)
    for mentor_pk, participant_pk in membership:
        mentees_of_mentor[mentor_pk].add(participant_pk)
        mentors_of_participant[participant_pk].add(mentor_pk)
    meetings = _counts(
        Meeting.objects.filter(
            pair__in=pairs.values("pk"),
            held_on__gte=academic_year.starts_on,
            held_on__lte=academic_year.ends_on,
        ).order_by().values("pair__mentor_id").annotate(n=Count("pk")).values_list("pair__mentor_id", "n")
    )
    items_done = _counts(
        PlanItem.objects.filter(plan__pair__in=pairs.values("pk"), done=True)
        .order_by().values("plan__pair__mentor_id").annotate(n=Count("pk"))
        .values_list("plan__pair__mentor_id", "n")
    )
    satisfaction = _satisfaction_answers(organization, academic_year, pairs, mentors_of_participant)
    awards_of: dict[int, list[Award]] = defaultdict(list)
    for award in awards.select_related("order").order_by("kind", "pk"):
        awards_of[award.mentor_id].append(award)

    results = []
    for mentor in mentors:
        total, completed = pair_counts.get(mentor.pk, (0, 0))
        answers_sum, answers_count = satisfaction.get(mentor.pk, (0, 0))
        mean = None
        if answers_count:
            mean = (Decimal(answers_sum) / answers_count).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
        results.append(
            MentorResult(
                mentor=mentor,
                full_name=mentor.participant.full_name,
                category=str(mentor.participant.get_category_display()),
                pairs=total,
                completed_pairs=completed,
                mentees=len(mentees_of_mentor.get(mentor.pk, ())),
                meetings=meetings.get(mentor.pk, 0),
                plan_items_done=items_done.get(mentor.pk, 0),
                satisfaction=mean,
                satisfaction_answers=answers_count,
                awards=awards_of.get(mentor.pk, []),
            )
        )
    results.sort(key=MentorResult.sort_key)
    for place, result in enumerate(results, start=1):
        result.rank = place
    return results


# --- reading awards ------------------------------------------------------------------


def awards_visible_to(user) -> QuerySet[Award]:
    """Awards of the user's organisation for programme staff; none otherwise."""
    organization = staff_organization_of(user)
    if organization is None:
        return Award.objects.none()
    return Award.objects.filter(organization=organization).select_related(
        "mentor__participant", "order", "academic_year", "proposed_by"
    )


def award_summary(organization: Organization, academic_year: AcademicYear) -> list[Award]:
    """The organisation's awards of the year for reports, by kind (in the order
    of AwardKind) then mentor name. Each award carries ``mentor_name`` (full
    name), ``kind_label`` (translated kind), ``order_number`` (int, only once the
    order is signed, else None) and ``order_date`` (date or None). One query."""
    kind_order = {value: index for index, value in enumerate(AwardKind.values)}
    awards = list(
        Award.objects.filter(organization=organization, academic_year=academic_year)
        .select_related("mentor__participant", "order")
    )
    for award in awards:
        award.mentor_name = award.mentor.participant.full_name
        award.kind_label = str(award.get_kind_display())
        signed = award.order is not None and award.order.is_frozen
        award.order_number = award.order.number if signed else None
        award.order_date = award.order.issued_on if signed else None
    awards.sort(key=lambda a: (kind_order.get(a.kind, 99), a.mentor_name.casefold(), a.pk))
    return awards


def award_is_editable(award: Award) -> bool:
    """True while the award is in no order or in a draft order."""
    return award.order_id is None or award.order.status in EDITABLE_ORDER_STATUSES


# --- writing awards ------------------------------------------------------------------


def _clean_percent(kind: str, supplement_percent) -> Decimal | None:
    if kind != AwardKind.PAY_SUPPLEMENT:
        if supplement_percent not in (None, ""):
            raise AwardError(
                _("A percentage is given only for a pay supplement."),
                code="percent_not_allowed", field="supplement_percent",
            )
        return None
    if supplement_percent in (None, ""):
        raise AwardError(
            _("Give the pay supplement as a percentage of the salary."),
            code="percent_required", field="supplement_percent",
        )
    try:
        percent = Decimal(str(supplement_percent))
    except InvalidOperation:
        raise AwardError(
            _("Give the pay supplement as a number of per cent."),
            code="percent_invalid", field="supplement_percent",
        ) from None
    if not percent.is_finite() or not Decimal(0) < percent <= MAX_SUPPLEMENT_PERCENT:
        raise AwardError(
            _("The pay supplement must be more than 0 and at most 100 per cent of the salary."),
            code="percent_range", field="supplement_percent",
        )
    if percent != percent.quantize(TWO_PLACES):
        raise AwardError(
            _("Give the pay supplement with at most two decimal places."),
            code="percent_precision", field="supplement_percent",
        )
    return percent.quantize(TWO_PLACES)


def _clean(kind: str, reason: str, supplement_percent) -> tuple[str, Decimal | None]:
    if kind not in AwardKind.values:
        raise AwardError(_("Choose the kind of award."), code="invalid_kind", field="kind")
    reason = (reason or "").strip()
    if not reason:
        raise AwardError(
            _("Say what the mentor is awarded for."), code="reason_required", field="reason"
        )
    return reason, _clean_percent(kind, supplement_percent)


def _duplicate(mentor: Mentor, kind: str) -> AwardError:
    return AwardError(
        _("%(name)s already has an award of this kind for this academic year.")
        % {"name": mentor.participant.full_name},
        code="duplicate", field="kind",
    )


def _award_data(award: Award) -> dict:
    return {
        "mentor": award.mentor_id,
        "academic_year": award.academic_year.title,
        "kind": award.kind,
        "supplement_percent": str(award.supplement_percent) if award.supplement_percent else None,
        "order": award.order_id,
    }


def propose_award(
    *, organization: Organization, academic_year: AcademicYear, mentor: Mentor, kind: str,
    reason: str, supplement_percent=None, actor,
) -> Award:
    """Propose an award for ``mentor`` for ``academic_year`` (seed 003 1.8, 4.4).

    ``kind`` is an AwardKind value; ``reason`` what for (required);
    ``supplement_percent`` (Decimal, per cent of the salary, more than 0 and at
    most 100, two decimals; seed 004 §5.2 gives 15) only for a pay supplement.
    The mentor must belong to the organisation, be in the approved mentor base
    (approved or trained) and have consent to the processing of personal data
    given (their name goes into an order). One award of each kind per mentor and
    year. Raises AwardError (``code``: other_organization, not_in_base,
    no_consent, invalid_kind, reason_required, percent_required,
    percent_not_allowed, percent_invalid, percent_range, percent_precision,
    duplicate); nothing is written then. Audited as ``reports.award.proposed``.
    """
    participant = mentor.participant
    if participant.organization_id != organization.pk:
        raise AwardError(
            _("This mentor is not in your organisation."), code="other_organization",
            field="mentor",
        )
    if mentor.status not in AWARDABLE_STATUSES:
        raise AwardError(
            _("%(name)s is not in the approved mentor base: only approved or trained mentors "
              "are awarded.") % {"name": participant.full_name},
            code="not_in_base", field="mentor",
        )
    if participant.consent_status != ConsentStatus.GIVEN:
        raise AwardError(
            _("There is no consent to the processing of personal data on record for "
              "%(name)s: their name cannot go into a rewards order.") % {"name": participant.full_name},
            code="no_consent", field="mentor",
        )
    reason, percent = _clean(kind, reason, supplement_percent)
    if Award.objects.filter(mentor=mentor, academic_year=academic_year, kind=kind).exists():
        raise _duplicate(mentor, kind)
    try:
        with transaction.atomic():
            award = Award.objects.create(
                organization=organization, academic_year=academic_year, mentor=mentor, kind=kind,
                reason=reason, supplement_percent=percent, proposed_by=actor,
            )
            log_action(
                "reports.award.proposed", actor=actor, organization=organization, obj=award,
                data=_award_data(award),
            )
    except IntegrityError:  # a concurrent proposal of the same kind won
        raise _duplicate(mentor, kind) from None
    return award


def _refuse_if_locked(award: Award, message: str) -> None:
    if not award_is_editable(award):
        raise AwardError(message, code="in_order")


def update_award(award: Award, *, kind: str, reason: str, supplement_percent=None, actor) -> Award:
    """Change an award's kind, reason or percentage (rules of :func:`propose_award`).

    Refused (AwardError ``in_order``) once the award is in an order that has
    left the draft (submitted, signed or issued); in a draft order it changes
    with it. Audited as ``reports.award.updated`` with the old and new values.
    """
    _refuse_if_locked(
        award,
        _("The award is in an order that is with the director or signed: it can no longer be "
          "changed."),
    )
    reason, percent = _clean(kind, reason, supplement_percent)
    if Award.objects.filter(
        mentor_id=award.mentor_id, academic_year_id=award.academic_year_id, kind=kind
    ).exclude(pk=award.pk).exists():
        raise _duplicate(award.mentor, kind)
    before = _award_data(award) | {"reason": award.reason}
    award.kind, award.reason, award.supplement_percent = kind, reason, percent
    try:
        with transaction.atomic():
            award.save(update_fields=["kind", "reason", "supplement_percent"])
            log_action(
                "reports.award.updated", actor=actor, organization=award.organization, obj=award,
                data={"before": before, "after": _award_data(award) | {"reason": award.reason}},
            )
    except IntegrityError:
        raise _duplicate(award.mentor, kind) from None
    return award


def delete_award(award: Award, *, actor) -> None:
    """Delete an award. Refused (AwardError ``in_order``) once it is in an order
    that has left the draft (submitted, signed or issued: what the director
    signed stays as signed); an award in a draft order is removed from that
    order with it. Audited as ``reports.award.deleted``."""
    _refuse_if_locked(
        award,
        _("The award is in an order that is with the director or signed: it cannot be deleted."),
    )
    data = _award_data(award) | {"reason": award.reason}
    organization = award.organization
    with transaction.atomic():
        log_action("reports.award.deleted", actor=actor, organization=organization, obj=award, data=data)
        award.delete()


def draft_rewards_order(*, organization: Organization, academic_year: AcademicYear, actor) -> Order:
    """Put the year's awards that are in no order yet into a new draft rewards
    order (OrderKind.REWARDS; seed 000 7.4 «Приказ о поощрении участников
    наставнической деятельности»), drafted through
    ``reports.services.orders.draft_order`` (its default title, preamble and
    points; the awards are linked through ``Award.order``). Returns the order.

    Raises AwardError ``nothing_to_order`` when the year has no award outside
    an order, ``no_consent`` when a mentor of those awards has no consent given
    any more (naming them); the orders service's OrderError passes through.
    Nothing is written then. Audited as ``reports.awards.ordered``.
    """
    from .orders import draft_order

    with transaction.atomic():
        awards = list(
            Award.objects.select_for_update(of=("self",))
            .filter(organization=organization, academic_year=academic_year, order__isnull=True)
            .select_related("mentor__participant")
            .order_by("pk")
        )
        if not awards:
            raise AwardError(
                _("There are no awards for %(year)s outside an order: propose awards from the "
                  "mentors' results first.") % {"year": academic_year.title},
                code="nothing_to_order",
            )
        refused = sorted(
            a.mentor.participant.full_name for a in awards
            if a.mentor.participant.consent_status != ConsentStatus.GIVEN
        )
        if refused:
            raise AwardError(
                _("The order cannot be drawn up: there is no consent to the processing of personal "
                  "data on record for %(names)s.") % {"names": ", ".join(refused)},
                code="no_consent",
            )
        order = draft_order(
            organization=organization, kind=OrderKind.REWARDS, actor=actor, awards=awards
        )
        log_action(
            "reports.awards.ordered", actor=actor, organization=organization, obj=order,
            data={"academic_year": academic_year.title, "awards": [a.pk for a in awards]},
        )
    return order

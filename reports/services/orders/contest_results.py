"""The results order of a territory contest (``OrderKind.CONTEST_RESULTS``;
seed 002 items 10, 13): drafted by the territory's coordinator in the
education authority once the contest is closed, listing the winners and
prize-winners with places, organisations and totals; signed by the head (the
authority's director) through the ordinary order pages (``sign_order``).

At the signature (``apply_contest_results``, called from ``signing.
_apply_effects``, inside its transaction) the awards are created — place 1
``CONTEST_WINNER``, other prize places ``CONTEST_PRIZE`` — for the mentor of
each winning nomination (a practice without a named mentor gets none), in the
winner's organisation, with the contest, the place and the order (as a
rewards order's awards are linked through ``Award.order``); the contest
moves to ``results``. A second signature is refused by ``sign_order``.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.models import AcademicYear
from mentoring.selectors import territory_of

from ...enums import AwardKind, ContestStage, OrderKind, OrderStatus
from ...models import Award, Contest, Order
from ..contest_ranking import fmt
from .common import OrderError, _check_status, _log, check_consents_for_mentors
from .drafting import _clean_text

LIST_TITLE = "Победители и призёры конкурса"
PLACE_NAMES = {1: "Победитель (I место)", 2: "Призёр (II место)", 3: "Призёр (III место)"}


def _check_coordinator(actor, contest: Contest) -> None:
    territory = territory_of(actor)
    if territory is None or territory.pk != contest.territory_id:
        raise OrderError(_("Only the territory curator may draw up the results order."))


def _place_name(place: int) -> str:
    return PLACE_NAMES.get(place, "Призёр ({} место)".format(place))


def default_texts(contest: Contest) -> tuple[str, str, list[str]]:
    """``(title, preamble, points)`` of a new results order (Russian legal
    text, data like ``reports.data.order_texts``; editable in the draft)."""
    closed = timezone.localtime(contest.closed_at).strftime("%d.%m.%Y") if contest.closed_at else ""
    title = "Об итогах муниципального конкурса «{}»".format(contest.title)
    preamble = (
        "В соответствии с дорожной картой внедрения целевой модели наставничества в "
        "образовательных организациях ({territory}), положением о муниципальном конкурсе "
        "«{title}», на основании протокола заседания жюри{closed}"
    ).format(territory=contest.territory.name, title=contest.title,
             closed=" от " + closed if closed else "")
    points = [
        "Утвердить итоги муниципального конкурса «{}» согласно приложению.".format(contest.title),
        "Наградить победителя и призёров конкурса дипломами согласно приложению.",
        "Руководителям образовательных организаций довести настоящий приказ до сведения "
        "победителя и призёров конкурса.",
        "Контроль за исполнением настоящего приказа оставляю за собой.",
    ]
    return title, preamble, points


def contest_of(order: Order) -> Contest | None:
    """The contest whose results ``order`` is."""
    return Contest.objects.select_related("territory").filter(order=order).first()


def winner_rows(order: Order) -> list[dict]:
    """What the order's appendix prints: ``[{"place" (int), "award" (str),
    "name", "organization", "total" ("8,75")}]`` by place; [] for an order
    without its contest."""
    from ...selectors_contests import winners_of_closed

    contest = contest_of(order) if order.pk else None
    if contest is None:
        return []
    rows = []
    for row in winners_of_closed(contest):
        nomination = row["nomination"]
        if nomination.mentor_id:
            name = row["mentor"].participant.full_name
        else:
            name = "«{}»".format(row["practice"].title)
            if row["mentor"] is not None:
                name += " ({})".format(row["mentor"].participant.full_name)
        rows.append({
            "place": row["place"], "award": _place_name(row["place"]), "name": name,
            "organization": row["organization"].name, "total": fmt(nomination.total),
        })
    return rows


def _winner_mentor_ids(contest: Contest) -> list[int]:
    from ...selectors_contests import winners_of_closed

    return [row["mentor"].pk for row in winners_of_closed(contest) if row["mentor"] is not None]


def _check_awards_free(contest: Contest) -> None:
    """Refuse a winner who already holds an award of the same kind that year
    (one award of a kind per mentor and year: ``unique_award_per_year``)."""
    from ...selectors_contests import winners_of_closed

    for row in winners_of_closed(contest):
        if row["mentor"] is None:
            continue
        taken = Award.objects.filter(mentor=row["mentor"], academic_year=contest.academic_year,
                                     kind=row["award_kind"]).exclude(contest=contest)
        if taken.exists():
            raise OrderError(
                _("%(name)s already holds «%(kind)s» for %(year)s: one award of a kind per year.")
                % {"name": row["mentor"].participant.full_name,
                   "kind": AwardKind(row["award_kind"]).label, "year": contest.academic_year.title}
            )


def draft_results_order(contest: Contest, *, actor, title=None, preamble=None, points=None) -> Order:
    """Draft the results order of a closed contest in the territory's
    authority (current academic year), linked as ``contest.order``. Text
    defaults to :func:`default_texts`. Raises OrderError (nothing written):
    not the territory's coordinator, the contest not closed, an order already
    drafted, no winner, a winner without consent (OrderRefused), an award
    clash. Audited ``reports.order.drafted``."""
    _check_coordinator(actor, contest)
    default_title, default_preamble, default_points = default_texts(contest)
    title, preamble, points = _clean_text(
        default_title if title is None else title,
        default_preamble if preamble is None else preamble,
        default_points if points is None else points,
    )
    with transaction.atomic():
        locked = Contest.objects.select_for_update().select_related("territory").get(pk=contest.pk)
        if locked.stage != ContestStage.CLOSED:
            raise OrderError(_("The results order is drawn up once the contest is closed."))
        if locked.order_id is not None:
            raise OrderError(_("The results order of this contest is already drawn up."))
        mentor_ids = _winner_mentor_ids(locked)
        if not locked.nominations.filter(rank__isnull=False, rank__lte=locked.winners_count).exists():
            raise OrderError(_("The contest has no winner to list."))
        check_consents_for_mentors(mentor_ids)
        _check_awards_free(locked)
        order = Order.objects.create(
            organization=locked.territory.authority, academic_year=AcademicYear.current(),
            kind=OrderKind.CONTEST_RESULTS, title=title, preamble=preamble, points=points,
            created_by=actor,
        )
        locked.order = order
        locked.save(update_fields=["order"])
        _log("drafted", order, actor, contest=locked.pk)
    contest.refresh_from_db()
    return order


def _locked_order(contest: Contest) -> Order:
    if contest.order_id is None:
        raise OrderError(_("The results order is not drawn up yet."))
    return Order.objects.select_for_update().select_related("organization").get(pk=contest.order_id)


def update_results_order(contest: Contest, *, actor, title, preamble, points) -> Order:
    """Change the text of the results order while it is a draft (also after
    the head returned it). Raises OrderError otherwise. Audited."""
    _check_coordinator(actor, contest)
    title, preamble, points = _clean_text(title, preamble, points)
    with transaction.atomic():
        order = _locked_order(contest)
        _check_status(order, OrderStatus.DRAFT)
        order.title, order.preamble, order.points = title, preamble, points
        order.save(update_fields=["title", "preamble", "points"])
        _log("updated", order, actor, contest=contest.pk)
    return order


def submit_results_order(contest: Contest, *, actor) -> Order:
    """Send the draft results order to the head for signature (draft →
    submitted). Raises OrderError for another status, a winner without
    consent or an award clash. Audited ``reports.order.submitted``."""
    _check_coordinator(actor, contest)
    with transaction.atomic():
        order = _locked_order(contest)
        _check_status(order, OrderStatus.DRAFT)
        check_consents_for_mentors(_winner_mentor_ids(contest))
        _check_awards_free(contest)
        order.status, order.submitted_at = OrderStatus.SUBMITTED, timezone.now()
        order.save(update_fields=["status", "submitted_at"])
        _log("submitted", order, actor, contest=contest.pk)
    return order


def check_results_consents(order: Order) -> None:
    """``sign_order``'s consent guard for a results order (OrderRefused)."""
    contest = contest_of(order)
    if contest is not None:
        check_consents_for_mentors(_winner_mentor_ids(contest))


def apply_contest_results(order: Order, actor) -> list[Award]:
    """The signature's effect (inside ``sign_order``'s transaction): create
    the winners' awards and move the contest to RESULTS. Raises OrderError
    (the signature is rolled back) for an order without a closed contest or
    an award clash."""
    from ...selectors_contests import winners_of_closed

    contest = Contest.objects.select_for_update().filter(order=order).first()
    if contest is None or contest.stage != ContestStage.CLOSED:
        raise OrderError(_("The contest of this order is not closed: its results cannot be signed."))
    _check_awards_free(contest)
    awards = []
    for row in winners_of_closed(contest):
        if row["mentor"] is None:
            continue
        awards.append(Award(
            organization=row["organization"], academic_year=contest.academic_year,
            mentor=row["mentor"], kind=row["award_kind"], contest=contest, place=row["place"],
            order=order, proposed_by=actor,
            reason="{} муниципального конкурса «{}», итоговый балл {}".format(
                _place_name(row["place"]), contest.title, fmt(row["total"])),
        ))
    try:
        with transaction.atomic():
            Award.objects.bulk_create(awards)
    except IntegrityError as error:
        raise OrderError(_("An award of the contest clashes with an existing one.")) from error
    contest.stage = ContestStage.RESULTS
    contest.save(update_fields=["stage"])
    _log("contest_results", order, actor, contest=contest.pk,
         awards=[[a.mentor_id, a.kind, a.place] for a in awards])
    return awards

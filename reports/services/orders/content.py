"""The order's lists and content: the objects an order may list and everything
its documents print (``order_content``), frozen at signing with its checksum
(``content_hash``)."""

import hashlib
import json

from django.db.models import Q

from mentoring.enums import OrganizationKind, Role
from mentoring.models import AcademicYear, Organization

from ...data import order_texts
from ...enums import OrderKind
from ...models import Award, Order
from .common import OPEN_ORDER_STATUSES, check_consents_for_document, check_consents_for_mentors


# --- eligible objects ---------------------------------------------------------------


def eligible_pairs(organization: Organization, order: Order | None = None):
    """Pairs a pairs approval order may list: proposed, of the organisation,
    not in another order. A queryset with the members loaded, by mentor."""
    from pairs.enums import PairStatus
    from pairs.models import Pair
    from pairs.selectors import with_members

    linked = Q(order__isnull=True) | (Q(order=order) if order is not None else Q(pk__in=[]))
    return with_members(
        Pair.objects.filter(organization=organization, status=PairStatus.PROPOSED).filter(linked)
    ).order_by("mentor__participant__surname", "mentor__participant__name", "pk")


def eligible_mentors(organization: Organization, order: Order | None = None):
    """Mentors a mentor base order may list: candidates of the organisation
    with consent GIVEN, not in another open mentor base order (seed 000 4.1)."""
    from participants.enums import ConsentStatus, MentorStatus
    from participants.models import Mentor

    others = Order.objects.filter(
        organization=organization, kind=OrderKind.MENTOR_BASE, status__in=OPEN_ORDER_STATUSES
    )
    if order is not None:
        others = others.exclude(pk=order.pk)
    return (
        Mentor.objects.filter(
            participant__organization=organization, status=MentorStatus.CANDIDATE,
            participant__consent_status=ConsentStatus.GIVEN,
        )
        .exclude(base_orders__in=others)
        .select_related("participant")
        .order_by("participant__surname", "participant__name", "pk")
    )


def eligible_awards(organization: Organization, academic_year: AcademicYear, order: Order | None = None):
    """Awards of the organisation's ``academic_year`` without an order (or in
    ``order``), for the rewards order (seed 000 7.4)."""
    condition = Q(academic_year=academic_year, order__isnull=True)
    if order is not None:
        condition |= Q(order=order)
    return (
        Award.objects.filter(organization=organization)
        .filter(condition)
        .select_related("mentor__participant")
        .order_by("mentor__participant__surname", "mentor__participant__name", "kind", "pk")
    )


def _listed_pairs(order: Order):
    """The pairs the order lists: its own (pairs approval) or the pairs of its
    year completed so far (completion)."""
    from pairs.enums import PairStatus
    from pairs.models import Pair
    from pairs.selectors import with_members

    if order.kind == OrderKind.COMPLETION:
        qs = Pair.objects.filter(
            organization_id=order.organization_id, academic_year_id=order.academic_year_id,
            status=PairStatus.COMPLETED,
        )
    elif order.kind == OrderKind.PAIRS_APPROVAL:
        qs = Pair.objects.filter(order=order)
    else:
        qs = Pair.objects.none()
    return with_members(qs).order_by(
        "mentor__participant__surname", "mentor__participant__name", "pk"
    )


def _curators(organization: Organization) -> list[str]:
    from mentoring.models import Membership

    memberships = (
        Membership.objects.filter(organization=organization, role=Role.CURATOR)
        .select_related("user__participant")
        .order_by("user__last_name", "user__first_name", "user__pk")
    )
    names = []
    for membership in memberships:
        user = membership.user
        participant = getattr(user, "participant", None)
        names.append(participant.full_name if participant else (user.get_full_name() or user.username))
    return names


# --- content (what the documents print) ----------------------------------------------


def _category(code: str) -> str:
    return order_texts.CATEGORY_NAMES.get(code, code)


def _pair_rows(pairs) -> list[dict]:
    rows = []
    for pair in pairs:
        mentor = pair.mentor.participant
        rows.append({
            "id": pair.pk,
            "mentor": mentor.full_name,
            "mentor_category": _category(mentor.category),
            "mentees": [m.participant.full_name for m in pair.mentees.all()],
            "form": pair.form.name,
            "kind": pair.kind.name,
        })
    return rows


def _people_rows(mentors) -> list[dict]:
    return [
        {
            "id": mentor.pk,
            "name": mentor.participant.full_name,
            "category": _category(mentor.participant.category),
            "position": mentor.participant.position,
        }
        for mentor in mentors
    ]


def _award_rows(awards) -> list[dict]:
    rows = []
    for award in awards:
        percent = award.supplement_percent
        rows.append({
            "id": award.pk,
            "mentor": award.mentor.participant.full_name,
            "kind": order_texts.AWARD_NAMES.get(award.kind, award.kind),
            "reason": award.reason,
            "percent": None if percent is None else format(percent.normalize(), "f").replace(".", ","),
        })
    return rows


# The head of an education authority by the first word of its name
# («Управление образования…» → «Начальник управления образования»).
_AUTHORITY_HEADS = {
    "управление": "Начальник управления образования",
    "отдел": "Начальник отдела образования",
    "департамент": "Директор департамента образования",
    "комитет": "Председатель комитета по образованию",
}


def signatory_title(organization) -> str:
    """The position printed at the signature: «Директор» of a school or college;
    the head of an education authority by its name («Начальник управления
    образования»), else «Руководитель»."""
    if organization.kind != OrganizationKind.AUTHORITY:
        return "Директор"
    first_word = (organization.name.split() or [""])[0].lower()
    return _AUTHORITY_HEADS.get(first_word, "Руководитель")


def order_content(order: Order) -> dict:
    """Everything the order's PDF and DOCX print, as JSON-ready data.

    ``{"version": 1, "kind", "organization": {"name", "short_name"}, "letterhead",
    "place" ("г. <city>" or ""), "number" (int|None), "date" ("dd.mm.yyyy"|None),
    "academic_year", "title", "preamble", "points": [str], "list_title",
    "people": [{"name", "category", "position"}] (mentor base; the curators of
    an introduction order), "pairs": [{"mentor", "mentor_category", "mentees":
    [str], "form", "kind"}], "awards": [{"mentor", "kind", "reason", "percent"}],
    "director": str, "signatory": str (the signer's position), "acquainted":
    [str]}``. Reads live data (the frozen copy
    is ``order.content`` once signed). A fixed number of queries.
    """
    organization = order.organization
    people, pairs, awards, acquainted = [], [], [], []
    if order.kind == OrderKind.INTRODUCTION:
        people = [{"id": None, "name": name, "category": "", "position": "куратор"}
                  for name in _curators(organization)]
        acquainted = [p["name"] for p in people]
    elif order.kind == OrderKind.TERRITORY_CURATOR:
        from .territory_curator import appointee_rows

        people = appointee_rows(order)
        acquainted = [p["name"] for p in people]
    elif order.kind == OrderKind.MENTOR_BASE:
        mentors = order.mentors.select_related("participant").order_by(
            "participant__surname", "participant__name", "pk"
        ) if order.pk else []
        people = _people_rows(mentors)
        acquainted = [p["name"] for p in people]
    elif order.kind in (OrderKind.PAIRS_APPROVAL, OrderKind.COMPLETION):
        pairs = _pair_rows(_listed_pairs(order)) if order.pk else []
        acquainted = [row["mentor"] for row in pairs]
    elif order.kind == OrderKind.REWARDS:
        awards = _award_rows(
            order.awards.select_related("mentor__participant").order_by(
                "mentor__participant__surname", "mentor__participant__name", "kind", "pk"
            )
        ) if order.pk else []
        acquainted = [row["mentor"] for row in awards]
    extra = {}
    if order.kind == OrderKind.CONTEST_RESULTS:
        from .contest_results import LIST_TITLE, winner_rows

        extra = {"winners": winner_rows(order), "list_title": LIST_TITLE}
    return {
        "version": 1,
        "kind": order.kind,
        "organization": {"name": organization.name, "short_name": organization.short_name},
        "letterhead": organization.letterhead,
        "place": "г. " + organization.city if organization.city else "",
        "number": order.number,
        "date": order.issued_on.strftime("%d.%m.%Y") if order.issued_on else None,
        "academic_year": order.academic_year.title,
        "title": order.title,
        "preamble": order.preamble,
        "points": [str(p) for p in order.points],
        "list_title": order_texts.LIST_TITLES.get(order.kind, ""),
        "people": people,
        "pairs": pairs,
        "awards": awards,
        "director": organization.director_name,
        "signatory": signatory_title(organization),
        "acquainted": list(dict.fromkeys(acquainted)),
        **extra,
    }


def document_content(order: Order) -> dict:
    """What the documents of ``order`` print: the frozen ``content`` of a
    signed order (byte-stable renders), live data for a draft (preview)."""
    if order.is_frozen and order.content:
        return order.content
    return order_content(order)


def canonical_content(content: dict) -> bytes:
    """The canonical serialisation of an order's content: JSON with sorted keys,
    UTF-8, no spaces — the same bytes whatever order the database returns the
    keys in."""
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def content_hash(content: dict) -> str:
    """SHA-256 (hex) of :func:`canonical_content`: the checksum frozen at
    signing; a render refuses content that no longer matches it."""
    return hashlib.sha256(canonical_content(content)).hexdigest()


def _check_consents(order: Order) -> None:
    if order.kind in (OrderKind.PAIRS_APPROVAL, OrderKind.COMPLETION):
        check_consents_for_document(_listed_pairs(order).values_list("pk", flat=True))
    elif order.kind == OrderKind.MENTOR_BASE:
        check_consents_for_mentors(order.mentors.values_list("pk", flat=True))
    elif order.kind == OrderKind.REWARDS:
        check_consents_for_mentors(order.awards.values_list("mentor_id", flat=True))
    elif order.kind == OrderKind.CONTEST_RESULTS:
        from .contest_results import check_results_consents

        check_results_consents(order)

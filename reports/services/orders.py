"""Orders («приказы») of the programme: drafting, submission, the director's
signature with the number, the frozen content and the PDF, issue (seed 000
1.1, 4.1, 5.6, 7.4 and stage 7; DESIGN.md glossary «приказ»).

Lifecycle: ``draft_order`` (curator, administrator) → ``submit_order`` →
``sign_order`` (director: number, date, frozen ``content``, kind effects, PDF
and SHA-256, all in one transaction) → ``issue_order``. ``return_order`` puts a
submitted order back to draft with the director's comment; ``delete_draft``
removes a draft. A signed order refuses every edit; ``verify_order_file``
re-renders it from the frozen content and compares the bytes with the stored
hash. Every write is audited (``reports.order.*``).
"""

import hashlib

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.enums import Role
from mentoring.models import AcademicYear, Organization
from mentoring.selectors import roles_of
from mentoring.services import log_action
from pairs.errors import PairError

from ..data import order_texts
from ..enums import OrderKind, OrderStatus
from ..models import Award, Order


DRAFTING_ROLES = {Role.CURATOR, Role.ADMIN}
SIGNING_ROLES = {Role.DIRECTOR}
ISSUING_ROLES = {Role.CURATOR, Role.DIRECTOR, Role.ADMIN}
OPEN_ORDER_STATUSES = (OrderStatus.DRAFT, OrderStatus.SUBMITTED)
# The kinds whose list is chosen by the curator (the others list what the data say).
CHOSEN_LISTS = {
    OrderKind.PAIRS_APPROVAL: "pairs",
    OrderKind.MENTOR_BASE: "mentors",
    OrderKind.REWARDS: "awards",
}


class OrderError(PairError):
    """An order operation that is not allowed; the message is shown to users
    as it is. A PairError, so that the director's approval page (which shows
    PairError messages) rolls back with the reason."""


class OrderRefused(OrderError):
    """An order that may not be drawn up or rendered (a person it names has no
    consent to the processing of personal data)."""


# --- consents ---------------------------------------------------------------------


def _refuse_without_consent(people) -> None:
    people = list(people)
    if not people:
        return
    names = ", ".join(p.full_name for p in people[:10])
    if len(people) > 10:
        names += " " + _("and %(count)d more") % {"count": len(people) - 10}
    raise OrderRefused(
        _(
            "The order cannot be drawn up: there is no consent to the processing of personal "
            "data on record for %(names)s."
        )
        % {"names": names}
    )


def check_consents_for_document(pair_ids) -> None:
    """Refuse a document that would name a person whose personal data may not
    be processed (152-ФЗ; issue 3: «minors without a representative's consent
    cannot be put into a pair or a document»): every mentor and mentee of the
    pairs ``pair_ids`` must have consent GIVEN.

    Raises OrderRefused naming the people (at most 10, then «and N more»).
    One query.
    """
    from participants.enums import ConsentStatus
    from participants.models import Participant

    pair_ids = list(pair_ids)
    _refuse_without_consent(
        Participant.objects.filter(
            Q(mentor_profile__pairs__in=pair_ids) | Q(mentee_profile__pairs__in=pair_ids)
        )
        .exclude(consent_status=ConsentStatus.GIVEN)
        .distinct()
        .order_by("surname", "name", "pk")
    )


def check_consents_for_mentors(mentor_ids) -> None:
    """Like :func:`check_consents_for_document` for mentors (the mentor base and
    the rewards orders). One query; raises OrderRefused."""
    from participants.enums import ConsentStatus
    from participants.models import Participant

    _refuse_without_consent(
        Participant.objects.filter(mentor_profile__in=list(mentor_ids))
        .exclude(consent_status=ConsentStatus.GIVEN)
        .order_by("surname", "name", "pk")
    )


def _check_consents(order: Order) -> None:
    if order.kind in (OrderKind.PAIRS_APPROVAL, OrderKind.COMPLETION):
        check_consents_for_document(_listed_pairs(order).values_list("pk", flat=True))
    elif order.kind == OrderKind.MENTOR_BASE:
        check_consents_for_mentors(order.mentors.values_list("pk", flat=True))
    elif order.kind == OrderKind.REWARDS:
        check_consents_for_mentors(order.awards.values_list("mentor_id", flat=True))


# --- numbering --------------------------------------------------------------------


def next_order_number(organization: Organization, academic_year: AcademicYear) -> int:
    """The next order number of ``organization`` in ``academic_year`` (1, 2, …).

    Call inside a transaction that holds the organisation row locked
    (:func:`lock_organization`), or two callers may get the same number; the
    ``unique_order_number`` constraint then refuses the second.
    """
    last = Order.objects.filter(organization=organization, academic_year=academic_year).aggregate(
        last=Max("number")
    )["last"]
    return (last or 0) + 1


def _for_update(qs):
    """``qs`` locking only its own rows (``of=("self",)`` where supported)."""
    if connection.features.has_select_for_update_of:
        return qs.select_for_update(of=("self",))
    return qs.select_for_update()


def lock_organization(organization: Organization) -> None:
    """Lock the organisation's row until the end of the transaction (the
    numbering of its orders is serialised on it). A no-op on SQLite, which
    serialises writers anyway."""
    _for_update(Organization.objects.only("pk")).get(pk=organization.pk)


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


def order_content(order: Order) -> dict:
    """Everything the order's PDF and DOCX print, as JSON-ready data.

    ``{"version": 1, "kind", "organization": {"name", "short_name"}, "letterhead",
    "place" ("г. <city>" or ""), "number" (int|None), "date" ("dd.mm.yyyy"|None),
    "academic_year", "title", "preamble", "points": [str], "list_title",
    "people": [{"name", "category", "position"}] (mentor base; the curators of
    an introduction order), "pairs": [{"mentor", "mentor_category", "mentees":
    [str], "form", "kind"}], "awards": [{"mentor", "kind", "reason", "percent"}],
    "director": str, "acquainted": [str]}``. Reads live data (the frozen copy
    is ``order.content`` once signed). A fixed number of queries.
    """
    organization = order.organization
    people, pairs, awards, acquainted = [], [], [], []
    if order.kind == OrderKind.INTRODUCTION:
        people = [{"id": None, "name": name, "category": "", "position": "куратор"}
                  for name in _curators(organization)]
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
        "acquainted": list(dict.fromkeys(acquainted)),
    }


def document_content(order: Order) -> dict:
    """What the documents of ``order`` print: the frozen ``content`` of a
    signed order (byte-stable renders), live data for a draft (preview)."""
    if order.is_frozen and order.content:
        return order.content
    return order_content(order)


# --- checks -----------------------------------------------------------------------------


def _check_role(actor, organization, roles, message: str) -> None:
    if not roles_of(actor, organization) & set(roles):
        raise OrderError(message)


def _check_status(order: Order, *statuses) -> None:
    if order.status in statuses:
        return
    if order.is_frozen:
        raise OrderError(
            _("Order No. %(number)s is signed: it can no longer be changed.") % {"number": order.number}
        )
    raise OrderError(
        _("The order is «%(status)s»: this action is not possible now.")
        % {"status": order.get_status_display()}
    )


def _clean_text(title, preamble, points) -> tuple[str, str, list[str]]:
    title = " ".join((title or "").split())
    if not title:
        raise OrderError(_("Give the title of the order."))
    if len(title) > 500:
        raise OrderError(_("The title is longer than 500 characters."))
    points = [" ".join(str(p).split()) for p in (points or [])]
    points = [p for p in points if p]
    if not points:
        raise OrderError(_("Give at least one point of the order."))
    return title, (preamble or "").strip(), points


def _check_pairs(organization, pairs, order) -> list:
    from pairs.enums import PairStatus
    from pairs.models import Pair

    ids = list(dict.fromkeys(p.pk for p in pairs))
    # re-read locked: the caller's objects may be stale
    pairs = list(Pair.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    if len(pairs) != len(ids):
        raise OrderError(_("Some of the chosen pairs no longer exist."))
    for pair in pairs:
        if pair.organization_id != organization.pk:
            raise OrderError(_("Pair #%(pk)s belongs to another organisation.") % {"pk": pair.pk})
        if pair.status != PairStatus.PROPOSED:
            raise OrderError(
                _("Pair #%(pk)s is not waiting for approval (status: %(status)s).")
                % {"pk": pair.pk, "status": pair.get_status_display()}
            )
        if pair.order_id is not None and (order is None or pair.order_id != order.pk):
            raise OrderError(
                _("Pair #%(pk)s is already in another order that is not signed yet.") % {"pk": pair.pk}
            )
    check_consents_for_document(p.pk for p in pairs)
    return pairs


def _check_mentors(organization, mentors, order) -> list:
    mentors = list(mentors)
    allowed = set(eligible_mentors(organization, order).filter(
        pk__in=[m.pk for m in mentors]).values_list("pk", flat=True))
    refused = [m for m in mentors if m.pk not in allowed]
    if refused:
        check_consents_for_mentors(m.pk for m in refused)
        raise OrderError(
            _("Not a candidate of this organisation, or already in another order: %(names)s.")
            % {"names": ", ".join(m.participant.full_name for m in refused)}
        )
    return mentors


def _check_awards(organization, awards, order) -> list:
    ids = list(dict.fromkeys(a.pk for a in awards))
    awards = list(_for_update(Award.objects.filter(pk__in=ids).select_related("mentor__participant")))
    if len(awards) != len(ids):
        raise OrderError(_("Some of the chosen awards no longer exist."))
    for award in awards:
        if award.organization_id != organization.pk:
            raise OrderError(_("An award belongs to another organisation."))
        if award.order_id is not None and (order is None or award.order_id != order.pk):
            raise OrderError(
                _("The award of %(name)s is already in another order.")
                % {"name": award.mentor.participant.full_name}
            )
    check_consents_for_mentors(a.mentor_id for a in awards)
    return awards


def _set_lists(order: Order, *, pairs=None, mentors=None, awards=None) -> None:
    """Link the chosen objects to ``order`` (None keeps the current list)."""
    from pairs.models import Pair

    if pairs is not None:
        pairs = _check_pairs(order.organization, pairs, order)
        Pair.objects.filter(order=order).exclude(pk__in=[p.pk for p in pairs]).update(order=None)
        Pair.objects.filter(pk__in=[p.pk for p in pairs]).update(order=order)
    if mentors is not None:
        order.mentors.set(_check_mentors(order.organization, mentors, order))
    if awards is not None:
        awards = _check_awards(order.organization, awards, order)
        Award.objects.filter(order=order).exclude(pk__in=[a.pk for a in awards]).update(order=None)
        Award.objects.filter(pk__in=[a.pk for a in awards]).update(order=order)


def _list_ids(order: Order) -> dict:
    return {
        "pairs": sorted(order.pairs.values_list("pk", flat=True)),
        "mentors": sorted(order.mentors.values_list("pk", flat=True)),
        "awards": sorted(order.awards.values_list("pk", flat=True)),
    }


def _log(action: str, order: Order, actor, **data) -> None:
    log_action(
        "reports.order." + action, actor=actor, organization=order.organization, obj=order,
        data={"kind": order.kind, "status": order.status, "number": order.number, **data},
    )


# --- lifecycle ----------------------------------------------------------------------------


def _create_draft(*, organization, kind, actor, title, preamble, points, pairs, mentors, awards) -> Order:
    if kind not in OrderKind.values:
        raise OrderError(_("Unknown kind of order."))
    year = AcademicYear.current()
    default_title, default_preamble, default_points = order_texts.defaults(kind, organization, year)
    title, preamble, points = _clean_text(
        default_title if title is None else title,
        default_preamble if preamble is None else preamble,
        default_points if points is None else points,
    )
    order = Order.objects.create(
        organization=organization, academic_year=year, kind=kind, title=title,
        preamble=preamble, points=points, created_by=actor,
    )
    _set_lists(
        order,
        pairs=pairs if kind == OrderKind.PAIRS_APPROVAL else None,
        mentors=mentors if kind == OrderKind.MENTOR_BASE else None,
        awards=awards if kind == OrderKind.REWARDS else None,
    )
    _log("drafted", order, actor, **_list_ids(order))
    return order


def draft_order(
    *, organization, kind, actor, title=None, preamble=None, points=None, pairs=(), mentors=(), awards=()
) -> Order:
    """Draft an order of ``kind`` (OrderKind value) for ``organization`` in the
    current academic year; the curator's or administrator's work.

    ``title``/``preamble``/``points`` (list of str) default to the kind's legal
    text (``reports.data.order_texts``). The list is linked by kind: ``pairs``
    (pairs approval; proposed pairs not in another order, via ``Pair.order``),
    ``mentors`` (mentor base; candidates with consent, M2M ``Order.mentors``),
    ``awards`` (rewards; awards without an order, via ``Award.order``);
    introduction and completion list what the data say. Audited
    ``reports.order.drafted``. Raises OrderError (nothing written) for a wrong
    role, an unknown kind, an empty title or points, a pair not proposed or in
    another order, a mentor not a candidate, a person without consent
    (OrderRefused).
    """
    _check_role(actor, organization, DRAFTING_ROLES,
                _("Only the curator or the administrator may draft orders."))
    with transaction.atomic():
        return _create_draft(
            organization=organization, kind=kind, actor=actor, title=title, preamble=preamble,
            points=points, pairs=pairs, mentors=mentors, awards=awards,
        )


def update_draft(order: Order, *, actor, title, preamble, points, pairs=None, mentors=None,
                 awards=None) -> Order:
    """Change a draft's text and list (None keeps a list as it is). Refused
    (OrderError, nothing written) for a submitted, signed or issued order, a
    wrong role and the same list problems as :func:`draft_order`. Audited
    ``reports.order.updated``."""
    _check_role(actor, order.organization, DRAFTING_ROLES,
                _("Only the curator or the administrator may edit orders."))
    title, preamble, points = _clean_text(title, preamble, points)
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        _check_status(locked, OrderStatus.DRAFT)
        locked.title, locked.preamble, locked.points = title, preamble, points
        locked.save(update_fields=["title", "preamble", "points"])
        _set_lists(locked, pairs=pairs, mentors=mentors, awards=awards)
        _log("updated", locked, actor, **_list_ids(locked))
    order.refresh_from_db()
    return order


def submit_order(order: Order, *, actor) -> Order:
    """Send a draft to the director: draft → submitted. Refused (OrderError)
    for another status, a wrong role, an empty list (pairs approval, mentor
    base, rewards) or a person without consent. Audited."""
    _check_role(actor, order.organization, DRAFTING_ROLES,
                _("Only the curator or the administrator may submit orders."))
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        _check_status(locked, OrderStatus.DRAFT)
        _check_list_not_empty(locked)
        _check_consents(locked)
        locked.status, locked.submitted_at = OrderStatus.SUBMITTED, timezone.now()
        locked.save(update_fields=["status", "submitted_at"])
        _log("submitted", locked, actor)
    order.refresh_from_db()
    return order


def _check_list_not_empty(order: Order) -> None:
    name = CHOSEN_LISTS.get(order.kind)
    if name and not getattr(order, name).exists():
        raise OrderError(_("The order lists nobody: choose at least one entry of its list."))


def return_order(order: Order, *, actor, comment: str) -> Order:
    """The director returns a submitted order to draft with ``comment``
    (required). Refused (OrderError) otherwise. Audited with the comment."""
    _check_role(actor, order.organization, SIGNING_ROLES,
                _("Only the director may return an order."))
    comment = (comment or "").strip()
    if not comment:
        raise OrderError(_("Say what should be changed: the comment is required."))
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        _check_status(locked, OrderStatus.SUBMITTED)
        locked.status, locked.return_comment, locked.submitted_at = OrderStatus.DRAFT, comment, None
        locked.save(update_fields=["status", "return_comment", "submitted_at"])
        _log("returned", locked, actor, comment=comment)
    order.refresh_from_db()
    return order


def delete_draft(order: Order, *, actor) -> None:
    """Delete a draft (its pairs and awards become free again). Refused
    (OrderError) for any other status or a wrong role. Audited before the row
    goes."""
    _check_role(actor, order.organization, DRAFTING_ROLES,
                _("Only the curator or the administrator may delete drafts."))
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        _check_status(locked, OrderStatus.DRAFT)
        _log("deleted", locked, actor, title=locked.title, **_list_ids(locked))
        locked.delete()


def issue_order(order: Order, *, actor) -> Order:
    """Mark a signed order issued (brought to the attention of the people it
    names): signed → issued with ``issued_by``/``issued_at``. Audited."""
    _check_role(actor, order.organization, ISSUING_ROLES,
                _("Only the curator, the director or the administrator may issue orders."))
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.status != OrderStatus.SIGNED:
            raise OrderError(_("Only a signed order can be issued."))
        locked.status, locked.issued_by, locked.issued_at = OrderStatus.ISSUED, actor, timezone.now()
        locked.save(update_fields=["status", "issued_by", "issued_at"])
        _log("issued", locked, actor)
    order.refresh_from_db()
    return order


# --- signing ------------------------------------------------------------------------------


def _apply_effects(order: Order, actor) -> None:
    """What the signature does besides the document: pairs approval → the
    pairs are approved; mentor base → the mentors enter the base with the
    order's number and date."""
    if order.kind == OrderKind.PAIRS_APPROVAL:
        _approve_listed_pairs(order, actor)
    elif order.kind == OrderKind.MENTOR_BASE:
        from participants.services.statuses import StatusError, approve_mentors

        mentors = list(order.mentors.select_related("participant"))
        try:
            approve_mentors(mentors, order_number=str(order.number), order_date=order.issued_on,
                            actor=actor)
        except StatusError as error:
            raise OrderError(str(error)) from error


def _approve_listed_pairs(order: Order, actor) -> None:
    from pairs.enums import PairStatus
    from pairs.models import Pair
    from pairs.services.lifecycle import set_pair_status

    pairs = list(Pair.objects.select_for_update().filter(order=order).order_by("pk"))
    for pair in pairs:
        if pair.status != PairStatus.PROPOSED:
            raise OrderError(
                _("Pair #%(pk)s is no longer waiting for approval (status: %(status)s).")
                % {"pk": pair.pk, "status": pair.get_status_display()}
            )
    now = timezone.now()
    for pair in pairs:
        pair.approved_by, pair.approved_at = actor, now
        set_pair_status(pair, PairStatus.APPROVED, actor=actor,
                        extra_fields=("approved_by", "approved_at"))


def _store_file(order: Order) -> str:
    """Render the frozen order, store the PDF and its hash; the stored name."""
    from ..renderers.order import render_order

    rendered = render_order(order)
    order.file.save(rendered.filename, ContentFile(rendered.content), save=False)
    order.sha256 = hashlib.sha256(rendered.content).hexdigest()
    return order.file.name


def sign_order(order: Order, *, actor) -> Order:
    """The director signs a submitted order, in one transaction: the
    organisation row is locked; the order gets the next ``number`` of the
    organisation's academic year of today (no gaps, no duplicates),
    ``issued_on`` = today, ``signed_by``/``signed_at``; the kind's effects
    apply (pairs approval: the pairs proposed → approved; mentor base:
    ``approve_mentors`` with the number and date); ``content`` is frozen
    (:func:`order_content`); the PDF is rendered from it and stored with its
    SHA-256. Audited ``reports.order.signed``.

    Raises OrderError and writes nothing (a file already stored is deleted)
    when the actor is not the director, the order is not submitted, a pair is
    no longer proposed, a mentor no longer a candidate, a person has no
    consent (OrderRefused) or rendering fails. Returns the order (refreshed).
    """
    _check_role(actor, order.organization, SIGNING_ROLES, _("Only the director may sign orders."))
    stored = ""
    try:
        with transaction.atomic():
            lock_organization(order.organization)
            locked = _for_update(
                Order.objects.select_related("organization", "academic_year")
            ).get(pk=order.pk)
            _check_status(locked, OrderStatus.SUBMITTED)
            _check_list_not_empty(locked)
            today = timezone.localdate()
            locked.academic_year = AcademicYear.current(today)
            _check_consents(locked)
            locked.number = next_order_number(locked.organization, locked.academic_year)
            locked.issued_on, locked.signed_by, locked.signed_at = today, actor, timezone.now()
            locked.status = OrderStatus.SIGNED
            locked.save(update_fields=[
                "academic_year", "number", "issued_on", "signed_by", "signed_at", "status",
            ])
            _apply_effects(locked, actor)
            locked.content = order_content(locked)
            stored = _store_file(locked)
            locked.save(update_fields=["content", "file", "sha256"])
            _log("signed", locked, actor, academic_year=locked.academic_year.title,
                 date=locked.issued_on.isoformat(), sha256=locked.sha256, **_list_ids(locked))
    except Exception:
        if stored:
            order.file.storage.delete(stored)
        raise
    order.refresh_from_db()
    return order


def approve_pairs_by_order(*, organization, pairs, actor) -> Order:
    """The director's approval page: a pairs approval order with ``pairs``
    (proposed, not in another order) drafted and signed at once by the
    director (:func:`sign_order`: number, pairs approved, PDF). Raises
    OrderError (nothing written) as :func:`draft_order` and :func:`sign_order`
    do. Returns the signed order."""
    _check_role(actor, organization, SIGNING_ROLES, _("Only the director may sign orders."))
    with transaction.atomic():
        order = _create_draft(
            organization=organization, kind=OrderKind.PAIRS_APPROVAL, actor=actor, title=None,
            preamble=None, points=None, pairs=pairs, mentors=(), awards=(),
        )
        _check_list_not_empty(order)
        order.status, order.submitted_at = OrderStatus.SUBMITTED, timezone.now()
        order.save(update_fields=["status", "submitted_at"])
        _log("submitted", order, actor, by_director=True)
        return sign_order(order, actor=actor)


# --- the stored file ------------------------------------------------------------------------


def _stored_bytes(order: Order) -> bytes | None:
    if not order.file or not order.file.storage.exists(order.file.name):
        return None
    with order.file.storage.open(order.file.name, "rb") as stored:
        return stored.read()


def verify_order_file(order: Order) -> bool:
    """Check a signed order's PDF byte for byte: re-render it from the frozen
    ``content`` and compare the SHA-256 with the stored ``sha256``; the stored
    file must match too. A missing file is re-created (audited
    ``reports.order.file_restored``) only when the re-render's hash equals the
    stored one. Returns True when the document is intact.

    Raises OrderError, changing nothing, for an order that is not signed or
    has no stored hash, a re-render that differs (the content was altered) or
    a stored file that differs (the file was altered).
    """
    from ..renderers.order import render_order

    if not order.is_frozen or not order.sha256:
        raise OrderError(_("Only a signed order with a stored checksum can be verified."))
    rendered = render_order(order)
    if hashlib.sha256(rendered.content).hexdigest() != order.sha256:
        raise OrderError(
            _("Order No. %(number)s cannot be reproduced: the re-rendered document differs from "
              "the signed one. Nothing was changed.") % {"number": order.number}
        )
    stored = _stored_bytes(order)
    if stored is None:
        old_name = order.file.name
        order.file.save(rendered.filename, ContentFile(rendered.content), save=False)
        Order.objects.filter(pk=order.pk).update(file=order.file.name)
        log_action("reports.order.file_restored", organization=order.organization, obj=order,
                   data={"number": order.number, "old_name": old_name, "name": order.file.name})
        return True
    if hashlib.sha256(stored).hexdigest() != order.sha256:
        raise OrderError(
            _("The stored file of order No. %(number)s differs from the signed document.")
            % {"number": order.number}
        )
    return True

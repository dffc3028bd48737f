"""Drafting, submitting, returning, deleting and issuing orders (the curator's
and the director's work before and after the signature)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.models import AcademicYear

from ...data import order_texts
from ...enums import OrderKind, OrderStatus
from ...models import Award, Order
from .common import (
    CHOSEN_LISTS,
    DRAFTING_ROLES,
    ISSUING_ROLES,
    SIGNING_ROLES,
    OrderError,
    _check_role,
    _check_status,
    _for_update,
    _log,
    check_consents_for_document,
    check_consents_for_mentors,
)
from .content import _check_consents, eligible_mentors


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


# --- lifecycle ----------------------------------------------------------------------------


def _create_draft(*, organization, kind, actor, title, preamble, points, pairs, mentors, awards,
                  appointee=None) -> Order:
    from .territory_curator import check_appointee, check_kind

    if kind not in OrderKind.values:
        raise OrderError(_("Unknown kind of order."))
    check_kind(organization, kind)
    if kind == OrderKind.TERRITORY_CURATOR:
        check_appointee(organization, appointee)
    else:
        appointee = None
    year = AcademicYear.current()
    default_title, default_preamble, default_points = order_texts.defaults(kind, organization, year)
    title, preamble, points = _clean_text(
        default_title if title is None else title,
        default_preamble if preamble is None else preamble,
        default_points if points is None else points,
    )
    order = Order.objects.create(
        organization=organization, academic_year=year, kind=kind, title=title,
        preamble=preamble, points=points, created_by=actor, appointee=appointee,
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
    *, organization, kind, actor, title=None, preamble=None, points=None, pairs=(), mentors=(), awards=(),
    appointee=None,
) -> Order:
    """Draft an order of ``kind`` (OrderKind value) for ``organization`` in the
    current academic year; the curator's or administrator's work.

    ``title``/``preamble``/``points`` (list of str) default to the kind's legal
    text (``reports.data.order_texts``). The list is linked by kind: ``pairs``
    (pairs approval; proposed pairs not in another order, via ``Pair.order``),
    ``mentors`` (mentor base; candidates with consent, M2M ``Order.mentors``),
    ``awards`` (rewards; awards without an order, via ``Award.order``);
    introduction and completion list what the data say; ``appointee`` (a
    user of the authority) is the person a territory curator order appoints
    (``territory_curator``). Audited
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
            points=points, pairs=pairs, mentors=mentors, awards=awards, appointee=appointee,
        )


def update_draft(order: Order, *, actor, title, preamble, points, pairs=None, mentors=None,
                 awards=None, appointee=None) -> Order:
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
        if appointee is not None and locked.kind == OrderKind.TERRITORY_CURATOR:
            from .territory_curator import check_appointee

            check_appointee(locked.organization, appointee)
            locked.appointee = appointee
        locked.save(update_fields=["title", "preamble", "points", "appointee"])
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
    from .territory_curator import check_ready

    check_ready(order)
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

"""The director's decision on proposed pairs: approval by order, or return to the
curator with a comment (seed 000 5.6 «Закрепление пар/групп распоряжением
руководителя», DESIGN.md "Pair lifecycle")."""

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from mentoring.enums import Role
from mentoring.selectors import roles_of

from ..enums import PairStatus
from ..errors import PairError
from ..models import Pair
from .formation import lock_pairs
from .lifecycle import set_pair_status


def _check_director(actor, organization) -> None:
    if Role.DIRECTOR not in roles_of(actor, organization):
        raise PairError(_("Only the director of the organisation may approve or return pairs."))


def _check_proposed(pairs: list[Pair]) -> None:
    for pair in pairs:
        if pair.status != PairStatus.PROPOSED:
            raise PairError(
                _("Pair #%(pk)s is not waiting for approval (status: %(status)s).")
                % {"pk": pair.pk, "status": pair.get_status_display()}
            )


def _check_not_in_open_order(pairs: list[Pair]) -> None:
    for pair in pairs:
        if pair.order_id is not None:
            raise PairError(
                _("Pair #%(pk)s is already in an order that is not signed yet: sign that order "
                  "or take the pair out of it.") % {"pk": pair.pk}
            )


def approve_pairs(pairs: Iterable[Pair], *, actor):
    """Approve proposed pairs by an order the director signs at once.

    In one transaction: ``reports.services.orders.approve_pairs_by_order``
    drafts the pairs approval order («Об утверждении наставнических пар
    (групп)») with the pairs and signs it (number, ``pair.order``, every pair
    proposed → approved with ``approved_by``/``approved_at``, the PDF).
    Returns the signed ``reports.Order``.

    Raises PairError (nothing written) when no pair is given, the pairs span
    several organisations, one is not proposed or already in another order
    not signed yet, the actor is not the director of their organisation, or a
    person named has no consent (OrderRefused, a PairError).
    """
    from reports.services.orders import approve_pairs_by_order

    with transaction.atomic():
        locked = lock_pairs(pairs)
        organization = locked[0].organization
        _check_director(actor, organization)
        _check_proposed(locked)
        _check_not_in_open_order(locked)
        order = approve_pairs_by_order(organization=organization, pairs=locked, actor=actor)
    fresh = list(Pair.objects.select_related("order").filter(pk__in=[p.pk for p in locked]))
    _refresh_given(pairs, fresh)
    return order


def return_pairs(pairs: Iterable[Pair], *, actor, comment: str) -> list[Pair]:
    """Return proposed pairs to the curator: proposed → draft, keeping the
    director's ``comment`` on the pair and in the status history.

    A returned pair leaves the unsigned order it was in (``pair.order`` cleared;
    proposed pairs are never in a signed one).

    Raises PairError (nothing written) when the comment is empty, a pair is not
    proposed, or the actor is not the director. Returns the updated pairs.
    """
    comment = (comment or "").strip()
    if not comment:
        raise PairError(_("Say what should be changed: the comment is required."))
    with transaction.atomic():
        locked = lock_pairs(pairs)
        _check_director(actor, locked[0].organization)
        _check_proposed(locked)
        for pair in locked:
            pair.return_comment = comment
            # a returned pair leaves the unsigned order it was put into
            pair.order = None
            set_pair_status(
                pair, PairStatus.DRAFT, actor=actor, comment=comment,
                extra_fields=("return_comment", "order"),
            )
    _refresh_given(pairs, locked)
    return locked


def _refresh_given(given: Iterable[Pair], fresh: list[Pair]) -> None:
    """Copy the new state onto the caller's pair objects, so that they do not
    keep a stale status."""
    by_pk = {p.pk: p for p in fresh}
    fields = ("status", "approved_by_id", "approved_at", "return_comment", "order_id")
    for pair in given if isinstance(given, list | tuple) else ():
        source = by_pk.get(pair.pk)
        if source is not None and source is not pair:
            for name in fields:
                setattr(pair, name, getattr(source, name))
            if Pair.order.field.is_cached(source):
                pair.order = source.order

"""The director's decision on proposed pairs: approval by order, or return to the
curator with a comment (seed 000 5.6 «Закрепление пар/групп распоряжением
руководителя», DESIGN.md "Pair lifecycle")."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
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


def approve_pairs(pairs: Iterable[Pair], *, actor):
    """Approve proposed pairs and issue the order that fixes them.

    In one transaction: every pair moves proposed → approved with
    ``approved_by``/``approved_at``, then ``reports.services.orders.
    issue_pairs_order`` creates the signed order («Об утверждении наставнических
    пар (групп)») and links ``pair.order``; the PDF is rendered after commit.
    Returns the ``reports.Order``.

    Raises PairError (nothing written) when no pair is given, the pairs span
    several organisations, one is not proposed, or the actor is not the
    director of their organisation.
    """
    from reports.services.orders import issue_pairs_order

    with transaction.atomic():
        locked = lock_pairs(pairs)
        organization = locked[0].organization
        _check_director(actor, organization)
        _check_proposed(locked)
        now = timezone.now()
        for pair in locked:
            pair.approved_by = actor
            pair.approved_at = now
            set_pair_status(
                pair, PairStatus.APPROVED, actor=actor, extra_fields=("approved_by", "approved_at")
            )
        order = issue_pairs_order(organization=organization, pairs=locked, actor=actor)
    _refresh_given(pairs, locked)
    return order


def return_pairs(pairs: Iterable[Pair], *, actor, comment: str) -> list[Pair]:
    """Return proposed pairs to the curator: proposed → draft, keeping the
    director's ``comment`` on the pair and in the status history.

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
            set_pair_status(
                pair, PairStatus.DRAFT, actor=actor, comment=comment, extra_fields=("return_comment",)
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

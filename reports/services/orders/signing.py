"""The director's signature (seed 000 1.1, 4.1, 5.6, 7.4): one short
transaction gives the number and date, applies the kind's effects and freezes
the content with its checksum; the PDF and DOCX are rendered afterwards, from
the frozen content, by ``reports.render_order_files`` (files.py), so that
signing answers at once (issue 13)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.jobs import require_background
from mentoring.models import AcademicYear

from ...enums import OrderFileStatus, OrderKind, OrderStatus
from ...models import Order
from .common import (
    SIGNING_ROLES,
    OrderError,
    _check_role,
    _check_status,
    _for_update,
    _log,
    lock_organization,
    next_order_number,
)
from .content import _check_consents, content_hash, order_content
from .drafting import _check_list_not_empty, _create_draft, _list_ids
from .files import queue_order_files


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
    elif order.kind == OrderKind.CONTEST_RESULTS:
        from .contest_results import apply_contest_results

        apply_contest_results(order, actor)
    elif order.kind == OrderKind.TERRITORY_CURATOR:
        from .territory_curator import appoint_territory_curator

        appoint_territory_curator(order, actor)


def _approve_listed_pairs(order: Order, actor) -> None:
    from pairs.enums import PairStatus
    from pairs.models import Pair
    from pairs.services.lifecycle import set_pair_status

    # the organisation and the mentor are read by every status change and its
    # audit entry: loaded here once instead of per pair
    pairs = list(
        _for_update(Pair.objects.select_related("organization", "mentor__participant"))
        .filter(order=order).order_by("pk")
    )
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


def _freeze(order: Order) -> None:
    """Freeze what the documents print and its checksum; the files are pending."""
    order.content = order_content(order)
    order.content_hash = content_hash(order.content)
    order.file_status, order.render_attempts, order.render_error = OrderFileStatus.PENDING, 0, ""
    order.save(update_fields=["content", "content_hash", "file_status", "render_attempts",
                              "render_error"])


def sign_order(order: Order, *, actor) -> Order:
    """The director signs a submitted order, in one transaction: the
    organisation row is locked; the order gets the next ``number`` of the
    organisation's academic year of today (no gaps, no duplicates),
    ``issued_on`` = today, ``signed_by``/``signed_at``; the kind's effects
    apply (pairs approval: the pairs proposed → approved; mentor base:
    ``approve_mentors`` with the number and date); ``content`` is frozen
    (:func:`order_content`) with its ``content_hash``; ``file_status`` becomes
    PENDING and ``reports.render_order_files`` is queued after commit (it
    renders and stores the PDF and DOCX). Audited ``reports.order.signed``.

    Raises, writing nothing: BackgroundUnavailable (mentoring.jobs) when the
    broker does not answer (checked before anything is locked); OrderError when
    the actor is not the director, the order is not submitted, a pair is no
    longer proposed, a mentor no longer a candidate, a person has no consent
    (OrderRefused). Returns the order (refreshed).
    """
    _check_role(actor, order.organization, SIGNING_ROLES, _("Only the director may sign orders."))
    require_background()
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
        _freeze(locked)
        _log("signed", locked, actor, academic_year=locked.academic_year.title,
             date=locked.issued_on.isoformat(), content_hash=locked.content_hash,
             **_list_ids(locked))
        queue_order_files(locked)
    order.refresh_from_db()
    return order


def approve_pairs_by_order(*, organization, pairs, actor) -> Order:
    """The director's approval page: a pairs approval order with ``pairs``
    (proposed, not in another order) drafted and signed at once by the
    director (:func:`sign_order`: number, pairs approved, the documents
    queued). Raises BackgroundUnavailable or OrderError (nothing written) as
    :func:`draft_order` and :func:`sign_order` do. Returns the signed order."""
    _check_role(actor, organization, SIGNING_ROLES, _("Only the director may sign orders."))
    require_background()
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

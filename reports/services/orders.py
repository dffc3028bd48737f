"""Orders («приказы»): numbering, issue and the PDF (seed 000 5.6 «Приказ об
утверждении наставнических пар/групп»; DESIGN.md glossary «приказ»)."""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from mentoring.models import AcademicYear, Organization
from mentoring.services import log_action

from ..enums import OrderKind, OrderStatus
from ..models import Order

logger = logging.getLogger(__name__)

# The document's title is part of a legal document, kept as data (not a msgid).
PAIRS_ORDER_TITLE = "Об утверждении наставнических пар (групп)"


def next_order_number(organization: Organization, academic_year: AcademicYear) -> int:
    """The next order number of ``organization`` in ``academic_year`` (1, 2, …).

    Call inside a transaction that holds the organisation row locked
    (:func:`issue_pairs_order` does), or two callers may get the same number;
    the ``unique_order_number`` constraint then refuses the second.
    """
    last = Order.objects.filter(organization=organization, academic_year=academic_year).aggregate(
        last=Max("number")
    )["last"]
    return (last or 0) + 1


def issue_pairs_order(*, organization: Organization, pairs, actor) -> Order:
    """Create the signed order approving ``pairs`` (a list of ``pairs.Pair``)
    and link each pair's ``order``.

    Numbered next in the organisation's sequence for the academic year of today
    (no gaps, no duplicates: the organisation row is locked for the rest of the
    transaction); issued today; status «signed» by ``actor``, because the
    director's approval is the signature. Audited as ``reports.order.issued``;
    the PDF is queued after commit (``reports.render_order``).
    Raises ValueError when ``pairs`` is empty.
    """
    pairs = list(pairs)
    if not pairs:
        raise ValueError("an order needs at least one pair")
    today = timezone.localdate()
    with transaction.atomic():
        Organization.objects.select_for_update().only("pk").get(pk=organization.pk)
        year = AcademicYear.current(today)
        order = Order.objects.create(
            organization=organization,
            academic_year=year,
            kind=OrderKind.PAIRS_APPROVAL,
            number=next_order_number(organization, year),
            issued_on=today,
            title=PAIRS_ORDER_TITLE,
            status=OrderStatus.SIGNED,
            signed_by=actor,
            signed_at=timezone.now(),
        )
        # One UPDATE for all pairs; also sets pair.order on the given objects.
        order.pairs.add(*pairs)
        log_action(
            "reports.order.issued",
            actor=actor,
            organization=organization,
            obj=order,
            data={
                "kind": order.kind,
                "number": order.number,
                "academic_year": year.title,
                "pairs": sorted(p.pk for p in pairs),
            },
        )
        order_id = order.pk
        transaction.on_commit(lambda: _queue_render(order_id))
    return order


def _queue_render(order_id: int) -> None:
    from ..tasks import task_render_order

    task_render_order.delay(order_id=order_id)


def render_order_file(order: Order, *, force: bool = False) -> Order:
    """Render the order's PDF and store it in ``order.file`` with its SHA-256.

    Idempotent: an order whose stored file exists is returned unchanged unless
    ``force`` (then the old file is replaced). Returns the order.
    """
    from ..renderers.order import render_order

    if order.file and order.sha256 and not force and order.file.storage.exists(order.file.name):
        return order
    rendered = render_order(order)
    old_name = order.file.name if order.file else ""
    order.file.save(rendered.filename, ContentFile(rendered.content), save=False)
    order.sha256 = hashlib.sha256(rendered.content).hexdigest()
    order.save(update_fields=["file", "sha256"])
    if old_name and old_name != order.file.name:
        order.file.storage.delete(old_name)
    logger.info("order %s rendered (%d bytes)", order.pk, len(rendered.content))
    return order

"""Orders («приказы»): numbering, issue and the PDF (seed 000 5.6 «Приказ об
утверждении наставнических пар/групп»; DESIGN.md glossary «приказ»)."""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.jobs import enqueue_on_commit
from mentoring.models import AcademicYear, Organization
from mentoring.services import log_action
from pairs.errors import PairError

from ..enums import OrderKind, OrderStatus
from ..models import Order

logger = logging.getLogger(__name__)

# The document's title is part of a legal document, kept as data (not a msgid).
PAIRS_ORDER_TITLE = "Об утверждении наставнических пар (групп)"


class OrderRefused(PairError):
    """An order that may not be drawn up or rendered; the message is shown as
    it is. A PairError, so that the director's approval (``pairs.services.
    approval.approve_pairs``, whose views show PairError messages) rolls back
    with the reason."""


def check_consents_for_document(pair_ids) -> None:
    """Refuse a document that would name a person whose personal data may not
    be processed (152-ФЗ; issue 3: «minors without a representative's consent
    cannot be put into a pair or a document»): every mentor and mentee of the
    pairs ``pair_ids`` must have consent GIVEN.

    Raises OrderRefused naming the people (at most 10, then «and N more»).
    One query.
    """
    from django.db.models import Q

    from participants.enums import ConsentStatus
    from participants.models import Participant

    pair_ids = list(pair_ids)
    people = list(
        Participant.objects.filter(
            Q(mentor_profile__pairs__in=pair_ids) | Q(mentee_profile__pairs__in=pair_ids)
        )
        .exclude(consent_status=ConsentStatus.GIVEN)
        .distinct()
        .order_by("surname", "name", "pk")
    )
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
    Raises ValueError when ``pairs`` is empty, OrderRefused (nothing written)
    when a mentor or mentee of the pairs has no consent GIVEN
    (:func:`check_consents_for_document`).
    """
    pairs = list(pairs)
    if not pairs:
        raise ValueError("an order needs at least one pair")
    check_consents_for_document(p.pk for p in pairs)
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
        from ..tasks import task_render_order

        enqueue_on_commit(task_render_order, order_id=order.pk)
    return order


def render_order_file(order: Order, *, force: bool = False) -> Order:
    """Render the order's PDF and store it in ``order.file`` with its SHA-256.

    Idempotent: an order whose stored file exists is returned unchanged unless
    ``force`` (then the old file is replaced). Returns the order. Raises
    OrderRefused, storing nothing, when a person the order names has no consent
    GIVEN any more (:func:`check_consents_for_document`).
    """
    from ..renderers.order import render_order

    if order.file and order.sha256 and not force and order.file.storage.exists(order.file.name):
        return order
    check_consents_for_document(order.pairs.values_list("pk", flat=True))
    rendered = render_order(order)
    old_name = order.file.name if order.file else ""
    order.file.save(rendered.filename, ContentFile(rendered.content), save=False)
    order.sha256 = hashlib.sha256(rendered.content).hexdigest()
    order.save(update_fields=["file", "sha256"])
    if old_name and old_name != order.file.name:
        order.file.storage.delete(old_name)
    logger.info("order %s rendered (%d bytes)", order.pk, len(rendered.content))
    return order

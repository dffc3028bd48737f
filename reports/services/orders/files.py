"""The signed order's documents: rendered in the background from the frozen
content (``render_order_files``, run by the task ``reports.render_order_files``),
queued again by «Повторить» (``retry_order_files``), and checked byte for byte
(``verify_order_file``).

The rendering is idempotent: documents already stored and intact are left
alone; a retry renders the same bytes from the same frozen content (WeasyPrint
writes no timestamps, the DOCX is stamped with a fixed date) into the order's
own folder, replacing a previous attempt's leftovers; content that no longer
matches the checksum taken at signing is never rendered.
"""

import hashlib
import logging
from functools import partial

from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from mentoring.jobs import TRANSIENT_ERRORS, enqueue_on_commit, require_background
from mentoring.services import log_action

from ...enums import OrderFileStatus
from ...models import Order
from .common import ISSUING_ROLES, OrderError, _check_role, _log
from .content import content_hash

logger = logging.getLogger(__name__)

# Deliveries of one rendering before it is given up as failed: a render killed at
# the hard time limit is delivered again (reject_on_worker_lost), not for ever.
MAX_RENDER_ATTEMPTS = 8
# Errors raised to the task, which retries them with back-off (mentoring.jobs.reliable_task).
RETRIED = TRANSIENT_ERRORS + (OperationalError, InterfaceError)


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


# --- queueing --------------------------------------------------------------------------------


def queue_order_files(order: Order) -> None:
    """Queue ``reports.render_order_files`` for ``order`` after commit; if the
    broker refuses it then, the order's documents are marked failed with the
    reason (never pending for ever)."""
    from ...tasks import task_render_order_files

    enqueue_on_commit(task_render_order_files, order_id=order.pk,
                      on_unsent=partial(mark_files_failed, order.pk))


def mark_files_failed(order_id: int, message: str) -> None:
    """Record that the documents of order ``order_id`` could not be rendered,
    with ``message`` for the user (unless they are ready meanwhile)."""
    Order.objects.filter(pk=order_id).exclude(file_status=OrderFileStatus.READY).update(
        file_status=OrderFileStatus.FAILED, render_error=str(message)
    )


def retry_order_files(order: Order, *, actor) -> Order:
    """«Повторить»: documents that failed to render are pending again and
    queued (the attempts counter starts anew). For the curator, the director
    and the administrator. Audited ``reports.order.files_requeued``.

    Raises BackgroundUnavailable (nothing changed) when the broker does not
    answer; OrderError for another role or an order whose documents did not
    fail.
    """
    _check_role(actor, order.organization, ISSUING_ROLES,
                _("Only the curator, the director or the administrator may render the documents again."))
    require_background()
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if not locked.is_frozen or locked.file_status != OrderFileStatus.FAILED:
            raise OrderError(_("Only documents that failed to render can be rendered again."))
        locked.file_status, locked.render_error, locked.render_attempts = OrderFileStatus.PENDING, "", 0
        locked.save(update_fields=["file_status", "render_error", "render_attempts"])
        _log("files_requeued", locked, actor)
        queue_order_files(locked)
    order.refresh_from_db()
    return order


# --- rendering ---------------------------------------------------------------------------------


def _stored_bytes(field_file) -> bytes | None:
    if not field_file or not field_file.storage.exists(field_file.name):
        return None
    with field_file.storage.open(field_file.name, "rb") as stored:
        return stored.read()


def files_intact(order: Order) -> bool:
    """True when the PDF (and the DOCX, for orders rendered since DOCX files are
    stored) are in storage with the recorded SHA-256."""
    if not order.sha256 or _sha256(_stored_bytes(order.file) or b"") != order.sha256:
        return False
    if order.docx_sha256 and _sha256(_stored_bytes(order.docx) or b"") != order.docx_sha256:
        return False
    return True


def _fail(order: Order, message: str) -> Order:
    mark_files_failed(order.pk, message)
    order.refresh_from_db()
    return order


def _internal_error() -> str:
    return _("The documents of the order could not be prepared because of an internal error. "
             "Press «Retry»; if it fails again, tell the administrator (details are in the server log).")


def render_order_files(order_id: int) -> Order | None:
    """Render the signed order ``order_id``'s PDF and DOCX from its frozen
    ``content`` and store them with their SHA-256 (``sha256``,
    ``docx_sha256``); ``file_status`` READY.

    Does nothing for a missing or unsigned order, or when the documents are
    READY and intact. Marks the documents FAILED, with a logged error and a
    Russian message in ``render_error``, when the content no longer matches
    ``content_hash`` (altered after signing: nothing is rendered), when a new
    render of an order rendered before differs from its recorded hash, after
    ``MAX_RENDER_ATTEMPTS`` deliveries, or on an unexpected error. Transient
    errors (database, broker, sockets) are raised so that the task retries
    them. Returns the order, or None when it is gone.
    """
    order = Order.objects.select_related("organization", "academic_year").filter(pk=order_id).first()
    if order is None or not order.is_frozen:
        logger.warning("order %s is gone or not signed: nothing to render", order_id)
        return order
    if order.file_status == OrderFileStatus.READY and files_intact(order):
        return order
    if not order.content or content_hash(order.content) != order.content_hash:
        logger.error("order %s: the frozen content does not match its checksum; not rendered", order_id)
        return _fail(order, _(
            "The documents were not prepared: the signed text of the order no longer matches "
            "its checksum (it was changed after signing). Tell the administrator."))
    if order.render_attempts >= MAX_RENDER_ATTEMPTS:
        logger.error("order %s: rendering given up after %s attempts", order_id, order.render_attempts)
        return _fail(order, _internal_error())
    Order.objects.filter(pk=order.pk).update(render_attempts=F("render_attempts") + 1)
    try:
        pdf, docx = _render(order)
    except RETRIED:
        raise
    except Exception:  # noqa: BLE001 — anything else is shown as an internal error, with the log
        logger.exception("order %s: rendering failed", order_id)
        return _fail(order, _internal_error())
    if order.sha256 and _sha256(pdf.content) != order.sha256:
        logger.error("order %s: the new render differs from the recorded PDF", order_id)
        return _fail(order, _(
            "The documents were not prepared: the new rendering differs from the signed "
            "document. Tell the administrator."))
    return _store(order, pdf, docx)


def _render(order: Order):
    from ...renderers.order import render_order, render_order_docx

    return render_order(order), render_order_docx(order)


def _store(order: Order, pdf, docx) -> Order:
    """Store both files in the order's folder and mark them READY, in one short
    transaction on the locked row; a file written by this attempt is removed
    again if the transaction fails."""
    written: list[str] = []
    try:
        with transaction.atomic():
            locked = Order.objects.select_for_update().get(pk=order.pk)
            if locked.file_status == OrderFileStatus.READY and files_intact(locked):
                return locked  # another delivery stored them meanwhile
            kept = {locked.file.name, locked.docx.name}
            for field_file, rendered in ((locked.file, pdf), (locked.docx, docx)):
                target = field_file.field.generate_filename(locked, rendered.filename)
                if field_file.storage.exists(target):
                    field_file.storage.delete(target)  # a previous attempt's leftover
                field_file.save(rendered.filename, ContentFile(rendered.content), save=False)
                if field_file.name not in kept:
                    written.append(field_file.name)
            locked.sha256, locked.docx_sha256 = _sha256(pdf.content), _sha256(docx.content)
            locked.file_status, locked.render_error = OrderFileStatus.READY, ""
            locked.save(update_fields=["file", "docx", "sha256", "docx_sha256", "file_status",
                                       "render_error"])
    except Exception:
        for name in written:
            order.file.storage.delete(name)
        raise
    return locked


# --- checking ------------------------------------------------------------------------------------


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
    from ...renderers.order import render_order

    if not order.is_frozen or not order.sha256:
        raise OrderError(_("Only a signed order with a stored checksum can be verified."))
    rendered = render_order(order)
    if _sha256(rendered.content) != order.sha256:
        raise OrderError(
            _("Order No. %(number)s cannot be reproduced: the re-rendered document differs from "
              "the signed one. Nothing was changed.") % {"number": order.number}
        )
    stored = _stored_bytes(order.file)
    if stored is None:
        old_name = order.file.name
        order.file.save(rendered.filename, ContentFile(rendered.content), save=False)
        Order.objects.filter(pk=order.pk).update(file=order.file.name)
        log_action("reports.order.file_restored", organization=order.organization, obj=order,
                   data={"number": order.number, "old_name": old_name, "name": order.file.name})
        return True
    if _sha256(stored) != order.sha256:
        raise OrderError(
            _("The stored file of order No. %(number)s differs from the signed document.")
            % {"number": order.number}
        )
    return True

"""The order («приказ») as PDF, per GOST R 7.0.97-2016 requisites: organisation,
«ПРИКАЗ», date and number, place, title, preamble, «ПРИКАЗЫВАЮ:» with the
numbered points, the director's signature, «С приказом ознакомлены», the list
(people, pairs or awards) as the appendix (seed 000 1.1, 4.1, 5.6, 7.4).

A signed order is rendered from its frozen ``content`` only, so that the same
order always gives the same bytes; a draft is rendered from live data with
«ПРОЕКТ» and no number (a preview)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from .base import PDF, RenderedFile, fewer_collections

TEMPLATE = "reports/documents/order.html"


def _content(order) -> dict:
    from ..services.orders import document_content

    return document_content(order)


def _is_draft(order) -> bool:
    return not order.is_frozen


def order_html(order, content: dict | None = None) -> str:
    """The HTML the order's PDF is made from (``content`` defaults to
    :func:`reports.services.orders.document_content`)."""
    with translation.override("ru"):
        return render_to_string(
            TEMPLATE, {"c": content if content is not None else _content(order), "draft": _is_draft(order)}
        )


def order_filename(order, extension: str) -> str:
    """«prikaz-<number>-<YYYY-MM-DD>.<ext>», or «proekt-prikaza-<pk>.<ext>» for a draft."""
    if _is_draft(order) or order.number is None or order.issued_on is None:
        return "proekt-prikaza-{}.{}".format(order.pk, extension)
    return "prikaz-{}-{}.{}".format(order.number, order.issued_on.isoformat(), extension)


def render_order(order) -> RenderedFile:
    """Render ``order`` (a ``reports.Order``) to an A4 PDF:
    ``RenderedFile(order_filename(order, "pdf"), PDF, bytes)``. Deterministic
    for the same content (WeasyPrint writes no timestamps)."""
    from weasyprint import HTML

    html = order_html(order)
    with fewer_collections():
        content = HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf()
    return RenderedFile(filename=order_filename(order, "pdf"), content_type=PDF, content=content)


def render_order_docx(order) -> RenderedFile:
    """The same order as an editable DOCX (see ``order_docx.render_order_docx``)."""
    from .order_docx import render_order_docx as render

    return render(order)

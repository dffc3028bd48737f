"""The order PDF («приказ»): organisation, number, date, preamble, table of the
approved pairs and groups, the director's signature line (seed 000 5.6)."""

from django.utils import translation

from .base import PDF, RenderedFile, html_to_pdf

TEMPLATES = {"pairs_approval": "reports/documents/order_pairs.html"}


def _rows(order) -> list[dict]:
    from pairs.selectors import pairs_for_order

    rows = []
    for number, pair in enumerate(pairs_for_order(order), start=1):
        mentor = pair.mentor.participant
        rows.append(
            {
                "number": number,
                "mentor": mentor.full_name,
                "mentor_category": mentor.category,
                "mentees": [m.participant.full_name for m in pair.mentees.all()],
                "form": pair.form.name,
                "kind": pair.kind.name,
            }
        )
    return rows


def render_order(order) -> RenderedFile:
    """Render ``order`` (a ``reports.Order``) to an A4 PDF.

    Returns ``RenderedFile("prikaz-<number>-<YYYY-MM-DD>.pdf", PDF, bytes)``.
    Raises KeyError for an order kind without a document template.
    """
    template = TEMPLATES[order.kind]
    with translation.override("ru"):
        content = html_to_pdf(
            template,
            {
                "order": order,
                "organization": order.organization,
                "rows": _rows(order),
            },
        )
    filename = "prikaz-{}-{}.pdf".format(order.number, order.issued_on.isoformat())
    return RenderedFile(filename=filename, content_type=PDF, content=content)

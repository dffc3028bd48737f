"""HTML → PDF with WeasyPrint, shared by every renderer."""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class RenderedFile:
    """A rendered document: file name, MIME type and content."""

    filename: str
    content_type: str
    content: bytes


def html_to_pdf(template_name: str, context: dict) -> bytes:
    """Render a Django template to HTML and the HTML to PDF bytes.

    Templates are plain HTML/CSS (no CSS framework: WeasyPrint is slow on heavy
    CSS). Static files resolve against the project's ``static/`` folder; nothing
    is fetched from the network.
    """
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf()

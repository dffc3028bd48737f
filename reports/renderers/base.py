"""HTML → PDF with WeasyPrint, shared by every renderer."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Pause the cyclic garbage collector while WeasyPrint renders.

    A long document makes millions of short-lived objects; the collector
    rescanning the growing heap again and again cost about 30 % of rendering the
    1,000-pair annual report (``benchmarks/documents.py``), while the render's
    garbage is freed by reference counting anyway (peak memory 214 MB against
    210 MB with the collector on). The collector's previous state comes back
    afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def html_to_pdf(template_name: str, context: dict) -> bytes:
    """Render a Django template to HTML and the HTML to PDF bytes.

    Templates are plain HTML/CSS (no CSS framework: WeasyPrint is slow on heavy
    CSS). Static files resolve against the project's ``static/`` folder; nothing
    is fetched from the network.
    """
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    with fewer_collections():
        return HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf()

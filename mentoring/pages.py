"""Helpers every app's views share: the page of a list, a generated or a stored
file as a download."""

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header


def page_of(request: HttpRequest, items, param: str = "page", per_page: int | None = None) -> Page:
    """The ``?<param>=`` page of ``items`` (a queryset or a list), ``per_page``
    (default ``settings.PAGE_SIZE``) per page; an out-of-range or malformed
    number gives the nearest page."""
    return Paginator(items, per_page or settings.PAGE_SIZE).get_page(request.GET.get(param))


def stored_file_response(field_file, filename: str, content_type: str) -> FileResponse:
    """A stored file (a FieldFile) as an attachment named ``filename``, never
    kept by proxies or the browser (every stored file holds personal data);
    Http404 when there is no file or it is missing from the storage."""
    if not field_file or not field_file.storage.exists(field_file.name):
        raise Http404
    response = FileResponse(
        field_file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    response["Cache-Control"] = "no-store"
    return response


def file_response(content: bytes, *, content_type: str, filename: str, inline: bool = False) -> HttpResponse:
    """A generated file as a download (or shown ``inline``), any file name
    (Cyrillic included), never kept by proxies or the browser: every file the
    portal makes holds personal data."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["Cache-Control"] = "no-store"
    return response

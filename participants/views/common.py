"""Shared helpers of the participant pages."""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.utils.http import content_disposition_header


def page_of(request, items):
    """The ``?page=`` page of ``items``, ``settings.PAGE_SIZE`` per page."""
    return Paginator(items, settings.PAGE_SIZE).get_page(request.GET.get("page"))


def profile_of(participant, name: str):
    try:
        return getattr(participant, name)
    except ObjectDoesNotExist:
        return None


def file_response(content: bytes, *, content_type: str, filename: str, inline: bool = False) -> HttpResponse:
    """A generated file as a download (or shown ``inline``), any file name
    (Cyrillic included), never kept by proxies or the browser: every file these
    pages make holds personal data."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["Cache-Control"] = "no-store"
    return response

"""Shared helpers of the participant pages."""

from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpResponse
from django.utils.http import content_disposition_header


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

"""Shared helpers of the participant pages."""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator


def page_of(request, items):
    """The ``?page=`` page of ``items``, ``settings.PAGE_SIZE`` per page."""
    return Paginator(items, settings.PAGE_SIZE).get_page(request.GET.get("page"))


def profile_of(participant, name: str):
    try:
        return getattr(participant, name)
    except ObjectDoesNotExist:
        return None

"""Ending a pair and the meeting cadence.

Being built (issue 4): every page below answers 404 until its helper lands."""

from django.http import Http404


def _not_yet(*args, **kwargs):
    raise Http404


end = _not_yet
cadence = _not_yet
remind = _not_yet


def detail_context(request, pair) -> dict:
    """Extra context of the pair's page for this area's slot template."""
    return {}

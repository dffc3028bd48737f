"""The personalised mentoring programme, «my pairs» and «my mentor».

Being built (issue 4): every page below answers 404 until its helper lands."""

from django.http import Http404


def _not_yet(*args, **kwargs):
    raise Http404


my_mentor = _not_yet
plan = _not_yet
plan_edit = _not_yet
item_create = _not_yet
item_edit = _not_yet
item_delete = _not_yet
plan_pdf = _not_yet


def detail_context(request, pair) -> dict:
    """Extra context of the pair's page for this area's slot template."""
    return {}

from .pairs import my_pairs  # noqa: E402,F401 - until «my pairs» moves here
